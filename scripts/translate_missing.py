#!/usr/bin/env python3
"""Find and fill the untranslated or fuzzy messages of the Malay and Swahili catalogues.

Offline by design: translations are written by people and kept in the ``.po`` files
themselves; this script never calls a network service. Workflow after new strings land:

    cd src/corridor && DEBUG=1 ../../.venv/bin/corridor makemessages -l ms -l sw --ignore='static/*'
    python scripts/translate_missing.py export > /tmp/todo.txt      # numbered msgids still to do
    # write /tmp/done.txt, one line per language and number:
    #   12.ms Teks Melayu          12.sw Maandishi ya Kiswahili
    #   13.ms bentuk tunggal       13.sw0 umoja   13.sw1 wingi      (msgid_plural entries)
    python scripts/translate_missing.py apply /tmp/todo.txt /tmp/done.txt
    python scripts/translate_missing.py check                      # 100 % and no fuzzy, or exit 1
    cd src/corridor && DEBUG=1 ../../.venv/bin/corridor compilemessages -l ms -l sw

Strings of branches not merged yet can be translated ahead: ``remember`` takes the same files and
stores the translations as obsolete entries (``#~``), which msgmerge (run by makemessages) revives,
translated and not fuzzy, as soon as the strings reach the source.

``apply`` refuses a translation whose placeholders (``%(name)s``, ``%s``, ``{0}``) or HTML tags
differ from the source, and clears the fuzzy flag of every entry it fills.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "corridor" / "locale"
LANGUAGES = ("ms", "sw")
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdifr]|%[sdifr]|\{[^{}]*\}|</?[a-zA-Z][^>]*>")


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    obsolete: bool = False

    @property
    def flags(self) -> set[str]:
        found: set[str] = set()
        for line in self.comments:
            if line.startswith("#,"):
                found.update(flag.strip() for flag in line[2:].split(","))
        return found

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    def is_done(self) -> bool:
        return "fuzzy" not in self.flags and all(self.msgstr.values()) and bool(self.msgstr)


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    out, i = [], 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{part}"' for part in parts)


def parse(path: Path) -> list[Entry]:
    return parse_text(path.read_text(encoding="utf-8"), name=str(path))


def parse_text(text: str, name: str = "catalogue") -> list[Entry]:
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None
    seen_field = False

    def flush() -> None:
        nonlocal current, target, seen_field
        if seen_field or current.comments:
            entries.append(current)
        current, target, seen_field = Entry(), None, False

    for raw in text.splitlines():
        line = raw.rstrip("\n")
        if not line.strip():
            flush()
            continue
        if line.startswith("#~"):
            current.obsolete = True
            current.comments.append(line)
            continue
        if line.startswith("#"):
            if seen_field:
                flush()
            current.comments.append(line)
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if match:
            seen_field = True
            keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3))
            if keyword == "msgctxt":
                current.msgctxt, target = value, ("msgctxt", 0)
            elif keyword == "msgid":
                current.msgid, target = value, ("msgid", 0)
            elif keyword == "msgid_plural":
                current.msgid_plural, target = value, ("msgid_plural", 0)
            else:
                slot = int(index) if index is not None else 0
                current.msgstr[slot], target = value, ("msgstr", slot)
            continue
        if line.startswith('"') and target is not None:
            value = _unquote(line)
            name, slot = target
            if name == "msgstr":
                current.msgstr[slot] += value
            elif name == "msgid_plural":
                current.msgid_plural = (current.msgid_plural or "") + value
            else:
                setattr(current, name, getattr(current, name) + value)
            continue
        raise ValueError(f"{name}: cannot read line {line!r}")
    flush()
    return entries


def _render(entry: Entry) -> str:
    lines = list(entry.comments)
    if entry.msgctxt is not None:
        lines.append(f"msgctxt {_quote(entry.msgctxt)}")
    lines.append(f"msgid {_quote(entry.msgid)}")
    if entry.msgid_plural is not None:
        lines.append(f"msgid_plural {_quote(entry.msgid_plural)}")
        for slot in sorted(entry.msgstr):
            lines.append(f"msgstr[{slot}] {_quote(entry.msgstr[slot])}")
    else:
        lines.append(f"msgstr {_quote(entry.msgstr.get(0, ''))}")
    return "\n".join(lines)


def write(path: Path, entries: list[Entry]) -> None:
    chunks = []
    for entry in entries:
        if entry.obsolete:
            chunks.append("\n".join(entry.comments))
            continue
        lines = list(entry.comments)
        if entry.msgctxt is not None:
            lines.append(f"msgctxt {_quote(entry.msgctxt)}")
        lines.append(f"msgid {_quote(entry.msgid)}")
        if entry.msgid_plural is not None:
            lines.append(f"msgid_plural {_quote(entry.msgid_plural)}")
            for slot in sorted(entry.msgstr):
                lines.append(f"msgstr[{slot}] {_quote(entry.msgstr[slot])}")
        else:
            lines.append(f"msgstr {_quote(entry.msgstr.get(0, ''))}")
        chunks.append("\n".join(lines))
    path.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")


def catalogue(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def pending() -> list[tuple[str | None, str, str | None]]:
    """Source messages unfinished in any language, in catalogue order, without duplicates."""
    todo: dict[tuple[str | None, str], str | None] = {}
    for lang in LANGUAGES:
        for entry in parse(catalogue(lang)):
            if entry.msgid and not entry.obsolete and not entry.is_done():
                todo.setdefault(entry.key, entry.msgid_plural)
    return [(ctx, msgid, plural) for (ctx, msgid), plural in todo.items()]


def _escape_line(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _unescape_line(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def export() -> None:
    for number, (ctx, msgid, plural) in enumerate(pending(), start=1):
        prefix = f"[{ctx}] " if ctx else ""
        suffix = f" ||| {_escape_line(plural)}" if plural else ""
        print(f"{number}\t{prefix}{_escape_line(msgid)}{suffix}")


def read_todo(path: Path) -> dict[int, tuple[str | None, str]]:
    keys: dict[int, tuple[str | None, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        number, text = line.split("\t", 1)
        text = text.split(" ||| ")[0]
        ctx = None
        match = re.match(r"^\[([^\]]+)\] (.*)$", text, re.S)
        if match:
            ctx, text = match.group(1), match.group(2)
        keys[int(number)] = (ctx, _unescape_line(text))
    return keys


def read_answers(
    todo_path: Path, done_paths: list[Path]
) -> dict[str, dict[tuple[str | None, str], dict[int, str]]]:
    keys = read_todo(todo_path)
    answers: dict[str, dict[tuple[str | None, str], dict[int, str]]] = {lang: {} for lang in LANGUAGES}
    for done_path in done_paths:
        for line in done_path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^(\d+)\.(ms|sw)(\d?) (.*)$", line)
            if not match:
                if line.strip():
                    print(f"skipped line: {line!r}", file=sys.stderr)
                continue
            number, lang, slot, text = match.groups()
            answers[lang].setdefault(keys[int(number)], {})[int(slot or 0)] = _unescape_line(text).strip()
    return answers


def remember(todo_path: Path, done_paths: list[Path]) -> int:
    """Keep translations of strings not in the source yet as obsolete entries (translation memory)."""
    plurals = {}
    for line in todo_path.read_text(encoding="utf-8").splitlines():
        if " ||| " in line:
            number, text = line.split("\t", 1)
            plurals[int(number)] = _unescape_line(text.split(" ||| ", 1)[1].split("\t")[0])
    keys = read_todo(todo_path)
    plural_of = {keys[number]: plural for number, plural in plurals.items()}
    answers = read_answers(todo_path, done_paths)
    problems = 0
    for lang in LANGUAGES:
        entries = parse(catalogue(lang))
        nplurals = _nplurals(entries)
        known = {e.key for e in entries if not e.obsolete} | {_obsolete_key(e) for e in entries if e.obsolete}
        added = 0
        for key, given in answers[lang].items():
            if key in known:
                continue
            ctx, msgid = key
            plural = plural_of.get(key)
            forms = list(range(nplurals)) if plural is not None else [0]
            if plural is not None and set(given) == {0}:
                given = dict.fromkeys(forms, given[0])
            sources = [msgid] + ([plural] if plural else [])
            if set(given) != set(forms) or any(
                placeholders(text) not in [placeholders(src) for src in sources]
                and not (plural and set(placeholders(text)) <= set(placeholders(plural)))
                for text in given.values()
            ):
                print(f"{lang}: not kept (forms or placeholders) {msgid!r}", file=sys.stderr)
                problems += 1
                continue
            live = Entry(msgctxt=ctx, msgid=msgid, msgid_plural=plural)
            live.msgstr = {slot: _keep_edges(msgid, text) for slot, text in given.items()}
            lines = _render(live).splitlines()
            entries.append(Entry(comments=["#~ " + line for line in lines], obsolete=True))
            added += 1
        write(catalogue(lang), entries)
        print(f"{lang}: remembered {added}")
    return 1 if problems else 0


def _obsolete_key(entry: Entry) -> tuple[str | None, str]:
    text = "\n".join(line[3:] if line.startswith("#~ ") else line[2:] for line in entry.comments)
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    if not lines:
        return (None, "")
    found = parse_text("\n".join(lines))
    return found[0].key if found else (None, "")


def apply(todo_path: Path, done_paths: list[Path]) -> int:
    answers = read_answers(todo_path, done_paths)
    problems = 0
    for lang in LANGUAGES:
        entries = parse(catalogue(lang))
        nplurals = _nplurals(entries)
        filled = 0
        for entry in entries:
            given = answers[lang].get(entry.key)
            if not given or entry.obsolete:
                continue
            sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
            forms = list(range(nplurals)) if entry.msgid_plural is not None else [0]
            if entry.msgid_plural is not None and len(given) == 1 and 0 in given:
                given = dict.fromkeys(forms, given[0])
            if set(given) != set(forms):
                print(f"{lang}: wrong plural forms for {entry.msgid!r}: {sorted(given)}", file=sys.stderr)
                problems += 1
                continue
            bad = [
                text
                for text in given.values()
                if placeholders(text) not in [placeholders(source) for source in sources]
                and not (entry.msgid_plural and set(placeholders(text)) <= set(placeholders(sources[-1])))
            ]
            if bad:
                print(f"{lang}: placeholders differ for {entry.msgid!r}: {bad}", file=sys.stderr)
                problems += 1
                continue
            entry.msgstr = {slot: _keep_edges(entry.msgid, text) for slot, text in given.items()}
            entry.comments = [_drop_fuzzy(line) for line in entry.comments if not line.startswith("#|")]
            entry.comments = [line for line in entry.comments if line is not None]
            filled += 1
        write(catalogue(lang), entries)
        print(f"{lang}: filled {filled}")
    return 1 if problems else 0


def _keep_edges(source: str, text: str) -> str:
    """Give the translation the source's leading and trailing white space (a line break, a space)."""
    head = source[: len(source) - len(source.lstrip())]
    tail = source[len(source.rstrip()) :]
    return head + text.strip() + tail


def _nplurals(entries: list[Entry]) -> int:
    header = next((e.msgstr.get(0, "") for e in entries if not e.msgid and not e.obsolete), "")
    match = re.search(r"nplurals=(\d+)", header)
    return int(match.group(1)) if match else 2


def _drop_fuzzy(line: str) -> str | None:
    if not line.startswith("#,"):
        return line
    flags = [flag.strip() for flag in line[2:].split(",") if flag.strip() != "fuzzy"]
    return "#, " + ", ".join(flags) if flags else None


def check() -> int:
    status = 0
    for lang in LANGUAGES:
        entries = [e for e in parse(catalogue(lang)) if e.msgid and not e.obsolete]
        undone = [e for e in entries if not e.is_done()]
        print(f"{lang}: {len(entries) - len(undone)}/{len(entries)} translated, {len(undone)} to do")
        status |= bool(undone)
    return status


def main(argv: list[str]) -> int:
    if argv[:1] == ["export"]:
        export()
        return 0
    if argv[:1] == ["apply"] and len(argv) >= 3:
        return apply(Path(argv[1]), [Path(p) for p in argv[2:]])
    if argv[:1] == ["remember"] and len(argv) >= 3:
        return remember(Path(argv[1]), [Path(p) for p in argv[2:]])
    if argv[:1] == ["check"]:
        return check()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
