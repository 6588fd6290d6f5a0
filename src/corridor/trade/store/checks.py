"""Checks a file passes before any parser reads it: UTF-8 text (bad lines reported by number),
the header's column count, the longest line and the number of rows (issue 17: a Latin-1 file
crashed an import, a 1.2 MB row of 200,000 columns held a request for minutes)."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field

from .paths import MAX_REPORTED_ERRORS

#: Limits checked before any parser reads a file (settings ``TRADE_IMPORT_MAX_COLUMNS`` and
#: ``TRADE_IMPORT_MAX_ROWS`` override them): a trade CSV has a dozen or two columns; a full BACI
#: year has about 11 million rows.
MAX_COLUMNS = 200
MAX_ROWS = 50_000_000
MAX_LINE_BYTES = 1 << 20


@dataclass
class ShapeReport:
    data_rows: int = 0  # lines after the header (0 when they are all blank), counted up to the limit
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0


def check_shape(
    path: str | os.PathLike, *, max_columns: int = MAX_COLUMNS, max_rows: int = MAX_ROWS
) -> ShapeReport:
    """Check a file before any parser sees it, reading raw bytes in blocks: UTF-8 text (every line
    that is not is reported with its line number), a header of at most ``max_columns`` columns,
    no line over 1 MB and at most ``max_rows`` data rows. Stops at the first limit exceeded."""
    report = ShapeReport()

    def problem(row, text):
        report.error_count += 1
        if len(report.errors) < MAX_REPORTED_ERRORS:
            report.errors.append({"row": row, "field": "", "problem": text})

    def check_text(block: bytes, first_line: int) -> None:
        try:
            block.decode("utf-8")
        except UnicodeDecodeError:
            for i, line in enumerate(block.split(b"\n")):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError as exc:
                    bad = line[exc.start : exc.start + 1].hex().upper()
                    problem(
                        first_line + i,
                        f"not UTF-8 text (byte 0x{bad} at position {exc.start + 1}): save the file as UTF-8",
                    )

    with open(path, "rb") as fh:
        header = fh.readline(MAX_LINE_BYTES + 1)
        truncated = len(header) > MAX_LINE_BYTES
        columns = len(next(csv.reader([header.decode("utf-8-sig", errors="replace")]), []))
        if columns > max_columns:
            problem(
                1,
                f"{'more than ' if truncated else ''}{columns:,} columns in the header; "
                f"at most {max_columns:,} are accepted",
            )
            return report
        if truncated:
            problem(1, "the header line is longer than 1 MB: this is not a trade CSV")
            return report
        check_text(header.rstrip(b"\r\n"), 1)
        line_no, carry, has_content = 1, b"", False  # line_no: lines read so far
        while True:
            chunk = fh.read(1 << 22)
            data = carry + chunk
            cut = data.rfind(b"\n") + 1 if chunk else len(data)
            block, carry = data[:cut], data[cut:]
            if len(carry) > MAX_LINE_BYTES:
                problem(line_no + 1, "this line is longer than 1 MB: this is not a trade CSV")
                return report
            if len(block) > MAX_LINE_BYTES:
                lengths = [len(line) for line in block.split(b"\n")]
                longest = max(lengths)
                if longest > MAX_LINE_BYTES:
                    problem(
                        line_no + 1 + lengths.index(longest),
                        "this line is longer than 1 MB: this is not a trade CSV",
                    )
                    return report
            if block:
                check_text(block[:-1] if block.endswith(b"\n") else block, line_no + 1)
                lines = block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
                line_no += lines
                has_content = has_content or bool(block.strip())
                report.data_rows = (line_no - 1) if has_content else 0
                if report.data_rows > max_rows:
                    problem(
                        None, f"more than {max_rows:,} data rows; split the file or use a smaller extract"
                    )
                    return report
            if not chunk:
                return report
