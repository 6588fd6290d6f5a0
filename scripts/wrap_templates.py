"""Break template lines longer than the limit where a line break cannot change the page.

A line is broken only where a line break renders as nothing or as the space it replaces:

* next to a block-level HTML tag (table parts, paragraphs, divisions, headings, lists' outer
  tags…), where browsers and WeasyPrint collapse whitespace; inline tags (links, spans, buttons,
  list items and forms, which the stylesheet may show inline) are never split around;
* at a single space of text (the stylesheet sets no ``white-space``: a newline renders as the
  space it replaces);
* inside a one-line ``{% blocktranslate %}``, at single spaces, with ``trimmed`` added, which
  joins the lines back with one space: the message id, and so its translation, is unchanged.

Nothing is broken inside an HTML tag or a template tag, inside other ``blocktranslate`` blocks,
comments, ``<pre>``, ``<textarea>``, ``<script>`` or ``<style>``.

    python scripts/wrap_templates.py [--limit 160] [--check] [FILES…]

Without FILES, every template under ``src/corridor``. ``--check`` lists what it would change.
Lines it cannot break safely are left as they are; break those by hand
(``tests/test_layout.py`` allows no template line over 160 characters).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = {
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "ul", "ol", "dl", "dt", "dd",
    "p", "div", "section", "article", "header", "footer", "nav", "main", "aside", "fieldset",
    "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "details", "blockquote", "hr",
}  # fmt: skip
RAW = {"pre", "textarea", "script", "style"}
TOKEN = re.compile(
    r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<(?=[a-zA-Z/!])(?:\{%.*?%\}|\{\{.*?\}\}|\"[^\"]*\"|'[^']*'|[^>])*>",
    re.S,
)
TAG_NAME = re.compile(r"<\s*/?\s*([a-zA-Z0-9]+)")
OPENERS = re.compile(r"\{%\s*(blocktranslate|blocktrans|comment|verbatim)\b")
CLOSERS = re.compile(r"\{%\s*(endblocktranslate|endblocktrans|endcomment|endverbatim)\s*%\}")


def tokens(line: str) -> list[str]:
    out, pos = [], 0
    for m in TOKEN.finditer(line):
        if m.start() > pos:
            out.append(line[pos : m.start()])
        out.append(m.group(0))
        pos = m.end()
    if pos < len(line):
        out.append(line[pos:])
    return out


def is_block_tag(tok: str) -> bool:
    m = TAG_NAME.match(tok) if tok.startswith("<") else None
    return bool(m) and m.group(1).lower() in BLOCK


def raw_change(tok: str) -> int:
    """+1 entering a context that must not be broken, -1 leaving it, 0 otherwise."""
    if tok.startswith("{%"):
        if OPENERS.match(tok):
            return 1
        if CLOSERS.match(tok):
            return -1
        return 0
    if tok.startswith("<!--"):
        return 0
    m = TAG_NAME.match(tok) if tok.startswith("<") else None
    if m and m.group(1).lower() in RAW:
        return -1 if tok.lstrip("< ").startswith("/") else 1
    return 0


SINGLE_SPACE = re.compile(r"(?<=\S) (?=\S)")
PLURAL = re.compile(r"\{%\s*plural\s*%\}")


PLAIN_TRANSLATE = re.compile(r"\{%\s*(translate|trans)\s+\"([^\"\\\\%{}<>&']*)\"\s*%\}")
UNSAFE = set("<>&'\"%")


def _catalogues() -> dict[str, list[str]]:
    """msgid → its translations, from the ms and sw catalogues (to check they need no escaping)."""
    found: dict[str, list[str]] = {}
    for po in sorted((ROOT / "src" / "corridor" / "locale").glob("*/LC_MESSAGES/django.po")):
        for block in po.read_text().split("\n\n"):
            parts: dict[str, str] = {}
            key = None
            for line in block.splitlines():
                m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line)
                if m:
                    key = m.group(1)
                    parts[key] = m.group(2)
                elif line.startswith('"') and key:
                    parts[key] += line[1:-1]
            if "msgid" in parts and "msgctxt" not in parts:
                found.setdefault(parts["msgid"], []).extend(
                    v for k, v in parts.items() if k.startswith("msgstr")
                )
    return found


_CATALOGUES: dict[str, list[str]] | None = None


def _convertible(text: str) -> bool:
    """A ``{% translate "text" %}`` can become ``{% blocktranslate trimmed %}``: same message id
    (no ``%``, braces or quotes, no newline or doubled spaces), and neither it nor any translation
    has a character that ``translate`` escapes and ``blocktranslate`` would not."""
    global _CATALOGUES
    if _CATALOGUES is None:
        _CATALOGUES = _catalogues()
    if not text or text != text.strip() or "  " in text or UNSAFE & set(text):
        return False
    translations = _CATALOGUES.get(text)
    return translations is not None and all(t and not (UNSAFE & set(t)) for t in translations)


def _trimmable(content: list[str]) -> bool:
    """A one-line ``blocktranslate`` whose text (each part around ``{% plural %}``) has no newline
    and no leading or trailing whitespace: with ``trimmed`` and broken at single spaces, its
    message id (and so its translation) stays the same."""
    parts, current = [], ""
    for tok in content:
        if PLURAL.fullmatch(tok):
            parts.append(current)
            current = ""
        else:
            current += tok
    parts.append(current)
    return all(p and p == p.strip() and "\n" not in p for p in parts)


class Unit:
    """A piece of a line. A break may come before it when ``sep`` is not None (``""``: next to a
    block-level tag; ``" "``: a single space of text, which the break replaces). Units of a
    ``blocktranslate`` (or of a ``translate`` rewritten as one) share a ``group``."""

    __slots__ = ("text", "sep", "group", "role")

    def __init__(self, text: str, sep: str | None, group: int | None = None, role: str = ""):
        self.text, self.sep, self.group, self.role = text, sep, group, role


def _units(toks: list[str], depth: int) -> tuple[list[Unit], dict[int, tuple[str, str]], int]:
    """The line's units, its groups (id → (kind, original opener or token)) and the raw depth
    after it."""
    units: list[Unit] = []
    groups: dict[int, tuple[str, str]] = {}
    d = depth
    i = 0
    while i < len(toks):
        tok = toks[i]
        if d == 0 and OPENERS.match(tok) and tok.lstrip("{% ").startswith("blocktrans"):
            close = next((j for j in range(i + 1, len(toks)) if CLOSERS.match(toks[j])), None)
            if close is not None and _trimmable(toks[i + 1 : close]):
                g = len(groups)
                groups[g] = ("blocktrans", tok)
                opener = tok if re.search(r"\btrimmed\b", tok) else re.sub(r"\s*%\}$", " trimmed %}", tok)
                units.append(Unit(opener, _block_sep(units, opener), g, "open"))
                for inner in toks[i + 1 : close]:
                    _text_units(units, inner, splittable=not inner.startswith("{"), group=g)
                units.append(Unit(toks[close], None, g, "close"))
                i = close + 1
                continue
        plain = PLAIN_TRANSLATE.fullmatch(tok) if d == 0 else None
        if d == 0 and not tok.startswith(("{", "<")):
            _text_units(units, tok, splittable=True)
        elif plain and len(tok) > 80 and _convertible(plain.group(2)):
            # a long {% translate "text" %} as {% blocktranslate trimmed %}text{% endblocktranslate %}
            g = len(groups)
            groups[g] = ("translate", tok)
            units.append(Unit("{% blocktranslate trimmed %}", _block_sep(units, tok), g, "open"))
            _text_units(units, plain.group(2), splittable=True, group=g)
            units.append(Unit("{% endblocktranslate %}", None, g, "close"))
        else:
            units.append(Unit(tok, _block_sep(units, tok) if d == 0 else None))
        d = max(d + raw_change(tok), 0)
        i += 1
    return units, groups, d


def _block_sep(units: list[Unit], tok: str) -> str | None:
    if not units:
        return None
    prev = units[-1].text
    if (is_block_tag(prev) or is_block_tag(tok)) and prev.strip() and tok.strip():
        if not (prev[-1:].isspace() or tok[:1].isspace()):
            return ""
    return None


def _text_units(units: list[Unit], text: str, *, splittable: bool, group: int | None = None) -> None:
    if not splittable:
        units.append(Unit(text, None, group))
        return
    lead = (
        text.startswith(" ")
        and not text.startswith("  ")
        and bool(units)
        and not units[-1].text[-1:].isspace()
    )
    if lead:
        text = text[1:]
    if not text:  # a lone space between two tokens: the next unit may break there
        units.append(Unit("", " ", group, "space"))
        return
    for n, piece in enumerate(SINGLE_SPACE.split(text)):
        first_sep = " " if lead else (_block_sep(units, piece) if group is None else None)
        units.append(Unit(piece, first_sep if n == 0 else " ", group))


def wrap_line(line: str, depth: int, limit: int) -> tuple[list[str], int]:
    """The line broken at safe places (if longer than ``limit``) and the raw depth after it."""
    indent = line[: len(line) - len(line.lstrip())]
    raw, groups, d = _units(tokens(line[len(indent) :]), depth)
    units: list[Unit] = []
    for u in raw:  # a lone space becomes the possible break before the unit that follows it
        if units and units[-1].role == "space" and units[-1].group == u.group:
            u.sep = " "
            units[-1] = u
        else:
            units.append(u)
    units = [u for u in units if u.role != "space"]
    if len(line) <= limit or all(u.sep is None for u in units[1:]):
        return [line], d
    # where to break: greedily, with every group in its breakable form
    breaks: set[int] = set()
    width = len(indent)
    for n, u in enumerate(units):
        if u.sep is not None and width > len(indent) and width + len(u.sep) + len(u.text) > limit:
            breaks.add(n)
            width = len(indent) + len(u.text)
        else:
            width += len(u.sep or "") + len(u.text)
    used = {u.group for n, u in enumerate(units) if n in breaks and u.group is not None and u.role != "open"}
    # render: a group with no break inside keeps its original form
    out: list[str] = []
    current = ""
    for n, u in enumerate(units):
        text, sep = u.text, u.sep
        if u.group is not None and u.group not in used:
            kind, original = groups[u.group]
            if u.role == "open":
                text = original
            elif kind == "translate":
                continue
            elif u.role == "close":
                sep = None
        if n in breaks:
            out.append(indent + current)
            current = text
        else:
            current += (sep or "") + text
    out.append(indent + current)
    return out, d


def wrap(text: str, limit: int) -> str:
    depth = 0
    out = []
    for line in text.split("\n"):
        if depth == 0 and len(line) > limit:
            lines, depth = wrap_line(line, depth, limit)
            out.extend(lines)
        else:
            for tok in tokens(line):
                depth = max(depth + raw_change(tok), 0)
            out.append(line)
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=160)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    files = [Path(f) for f in args.files] or sorted((ROOT / "src" / "corridor").rglob("*.html"))
    changed = 0
    for path in files:
        text = path.read_text()
        new = wrap(text, args.limit)
        if new != text:
            changed += 1
            if args.check:
                print(path.relative_to(ROOT))
            else:
                path.write_text(new)
    print(f"{changed} templates {'would change' if args.check else 'changed'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
