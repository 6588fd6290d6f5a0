"""Break template lines longer than the limit where a line break cannot change the page.

A line is only broken next to a block-level HTML tag (table parts, paragraphs, divisions,
headings, lists' outer tags…): whitespace there is collapsed by every browser and by WeasyPrint,
so the rendered page is the same. Nothing is broken inside an HTML tag, a template tag, a
``{% blocktranslate %}`` (its text is the message id: translations must keep matching), a
comment, ``<pre>``, ``<textarea>``, ``<script>`` or ``<style>``. Inline tags (links, spans,
buttons, list items and forms, which the stylesheet may show inline) are never split around.

    python scripts/wrap_templates.py [--limit 160] [--check] [FILES…]

Without FILES, every template under ``src/corridor``. ``--check`` lists what it would change.
Lines it cannot break safely are left as they are (``tests/test_layout.py`` keeps their count).
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


def wrap_line(line: str, depth: int, limit: int) -> tuple[list[str], int]:
    """The line broken at safe places (if longer than ``limit``) and the raw depth after it."""
    indent = line[: len(line) - len(line.lstrip())]
    toks = tokens(line[len(indent) :])
    pieces: list[list[str]] = [[]]
    d = depth
    for tok in toks:
        if pieces[-1] and d == 0 and len(line) > limit:
            prev = pieces[-1][-1]
            safe = is_block_tag(prev) or is_block_tag(tok)
            # never leave a line that is only whitespace text, never split inside text
            if safe and prev.strip() and tok.strip() and not (prev[-1:].isspace() or tok[:1].isspace()):
                pieces.append([])
        pieces[-1].append(tok)
        d += raw_change(tok)
        d = max(d, 0)
    if len(pieces) == 1 or len(line) <= limit:
        return [line], d
    # join pieces greedily back up to the limit
    out: list[str] = []
    current = ""
    for piece in ("".join(p) for p in pieces):
        candidate = current + piece
        if current and len(indent) + len(candidate) > limit:
            out.append(indent + current)
            current = piece
        else:
            current = candidate
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
