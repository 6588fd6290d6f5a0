"""The layout the README promises: reads live in ``queries.py``; views and API modules hold no
ORM queries; no Python file a reader cannot hold (over 800 lines, migrations aside)."""

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "corridor"
VIEW_MODULES = sorted(
    p for p in SRC.glob("*/*.py") if p.name in {"views.py", "api.py"} and p.parent.name not in {"engines"}
)


def orm_reads(path: Path) -> list[str]:
    """``Model.objects.<anything but none()>`` and ``get_object_or_404(…)`` calls in ``path``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            if node.value.attr == "objects" and node.attr != "none":
                found.append(f"{path.name}:{node.lineno} .objects.{node.attr}")
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "get_object_or_404":
            found.append(f"{path.name}:{node.lineno} get_object_or_404")
    return found


def test_there_are_view_modules_to_check():
    assert len(VIEW_MODULES) >= 20


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_views_and_api_hold_no_orm_queries(path):
    assert orm_reads(path) == []


def test_the_checker_sees_a_query(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "def v(r):\n    return Thing.objects.filter(x=1)\n\ndef w(r):\n    return Thing.objects.none()\n"
    )
    sample.write_text(sample.read_text() + "\ndef x(r, pk):\n    return get_object_or_404(Thing, pk=pk)\n")
    assert sorted(hit.split(" ", 1)[1] for hit in orm_reads(sample)) == [
        ".objects.filter",
        "get_object_or_404",
    ]


def test_no_python_file_over_800_lines():
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if "migrations" not in p.parts and (n := len(p.read_text().splitlines())) > 800
    }
    assert long == {}


#: Comparisons of plain data (JSON snapshots and dictionaries, not models), which have no properties:
#: none left (the review PDF words statuses in council.report, the trade page colours them with a filter).
ENUM_LITERAL_EXCEPTIONS: set[tuple[str, str]] = set()
ENUM_LITERAL = re.compile(
    r"([a-z_][\w.]*)\.(status|outcome|role|format|access_level|verification_status|source|mode|kind|stage)"
    r" ?(?:==|!=) ?[\"'][a-z_0-9]+[\"']"
)


def test_templates_compare_enums_through_model_properties():
    """``{% if proposal.is_submitted %}``, never ``proposal.status == "submitted"``: a renamed
    value then fails in one place (the model), not silently in a template."""
    found = []
    for path in sorted(SRC.rglob("*.html")):
        rel = str(path.relative_to(SRC))
        for n, line in enumerate(path.read_text().splitlines(), 1):
            for m in ENUM_LITERAL.finditer(line):
                if (rel, f"{m.group(1)}.{m.group(2)}") not in ENUM_LITERAL_EXCEPTIONS:
                    found.append(f"{rel}:{n} {m.group(0)}")
    assert found == []


def test_the_enum_check_sees_a_literal():
    assert ENUM_LITERAL.search('{% if p.status != "published" %}')
    assert not ENUM_LITERAL.search("{% if p.is_published %}")


#: No template line over 160 characters (djLint's ``max_line_length`` in pyproject.toml), so a diff of a
#: template reads line by line: a long tag takes one attribute per line, long prose goes in
#: ``{% blocktranslate trimmed %}`` or a ``<module>/_help_<topic>.html`` partial, and an inline run whose
#: parts must touch in ``{% joinlines %}``. The message names each offender as ``path:line (length)``.
LONG_LINE = 160


def test_no_template_line_over_160_characters():
    long = [
        f"{path.relative_to(SRC)}:{n} ({len(line)})"
        for path in sorted(SRC.rglob("*.html"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if len(line) > LONG_LINE
    ]
    assert long == [], f"template lines over {LONG_LINE} characters: " + ", ".join(long)
