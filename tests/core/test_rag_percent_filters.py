"""Statuses and fractions a person can read (the council's trade-target block uses them), and
template text written over lines for reading but rendered as one."""

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load corridor_format %}" + source).render(Context(context))


def test_rag_status_is_said_in_words():
    assert render("{{ s|rag_label }}", s="red") == "Off track"
    assert render("{{ s|rag_label }}", s="green") == "On track"
    assert render("{{ s|rag_label }}", s="") == "No figure after the baseline yet"
    with translation.override("ms"):
        assert render("{{ s|rag_label }}", s="red") != "Off track"


def test_joinlines_renders_template_lines_as_one():
    source = "{% joinlines %}\n  {{ a }}\n  {% if b %} ({{ b }}){% endif %}\n  ;\n{% endjoinlines %}"
    assert render(source, a="x", b="<y>") == "x (&lt;y&gt;);"
    assert render(source, a="x\n  z", b="") == "x\n  z;"


def test_fraction_as_percentage_in_the_viewers_language():
    assert render("{{ r|percent }}", r=0.0914) == "9.1%"
    assert render("{{ r|percent }}", r=None) == ""
    assert render("{{ r|percent }}", r="oops") == "oops"
    with translation.override("ms"):
        assert render("{{ r|percent }}", r=0.0914) in {"9,1%", "9.1%"}
