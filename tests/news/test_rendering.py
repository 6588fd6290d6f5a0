"""The Markdown renderer never lets markup that runs script through; checked independently with lxml."""

import lxml.html
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corridor.news.rendering import ALLOWED_TAGS, render_markdown

PIECES = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        "<iframe src=//evil></iframe>",
        '<p style="x" onclick="y">p</p>',
        "<svg onload=alert(1)>",
        "**bold**",
        "[ok](https://example.org)",
        "\n\n",
        "plain text & more",
        "<",
        '"',
    ]
)


def check(html: str) -> None:
    if not html.strip():
        return
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for el in root.iter():
        if el is root or not isinstance(el.tag, str):
            continue
        assert el.tag in ALLOWED_TAGS, el.tag
        for name, value in el.attrib.items():
            assert not name.startswith("on"), name
            assert name in {"href", "title", "rel", "align"}, name
            if name == "href":
                assert value.split(":", 1)[0].lower() in {"http", "https", "mailto"} or ":" not in value, (
                    value
                )
        if el.tag == "a" and "href" in el.attrib:
            assert el.get("rel") == "nofollow noopener"


@settings(derandomize=True, max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=8).map("".join))
@example("<script>alert(1)</script>[a](javascript:x)<img src=x onerror=y>")
def test_rendered_markdown_is_inert(text):
    check(render_markdown(text))


def test_markdown_keeps_formatting():
    html = render_markdown("# T\n\n**b** and [l](https://example.org)\n\n- one\n- two")
    assert "<strong>b</strong>" in html and "<li>one</li>" in html
    assert '<a href="https://example.org" rel="nofollow noopener">l</a>' in html
