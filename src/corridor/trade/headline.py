"""The headline-series CSV: totals published by an authority, one figure per row.

Columns: ``year`` or ``period`` (``2024``, ``2024-01/2024-09``, ``2024H1``), ``reporter``,
``partner`` (ISO alpha-2 or alpha-3), ``flow`` (``X`` exports, ``M`` imports, ``T`` total trade),
``value``, ``currency`` (ISO 4217), ``source_name``, ``source_url``, ``publication_date``
(YYYY-MM-DD, may be blank when the source does not show one), optional ``note``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from . import reference

REQUIRED = ("reporter", "partner", "flow", "value", "currency", "source_name", "source_url")


@dataclass(frozen=True)
class HeadlineRow:
    year: int
    period: str
    month_from: int
    month_to: int
    reporter: str
    partner: str
    flow: str
    value: Decimal
    currency: str
    source_name: str
    source_url: str
    publication_date: dt.date | None
    note: str


def parse_period(text: str) -> tuple[int, int, int] | None:
    """'2024' → (2024, 1, 12); '2024-01/2024-09' → (2024, 1, 9); '2024H2' → (2024, 7, 12)."""
    text = text.strip().upper()
    if m := re.fullmatch(r"(\d{4})", text):
        return int(m[1]), 1, 12
    if m := re.fullmatch(r"(\d{4})H([12])", text):
        return (int(m[1]), 1, 6) if m[2] == "1" else (int(m[1]), 7, 12)
    if m := re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})", text):
        y1, m1, y2, m2 = int(m[1]), int(m[2]), int(m[3]), int(m[4])
        if y1 == y2 and 1 <= m1 <= m2 <= 12:
            return y1, m1, m2
    return None


def parse_headline_csv(path) -> tuple[list[HeadlineRow], list[dict]]:
    """Parse and validate every row; returns (rows, problems). Row numbers are file lines."""
    aliases = reference.country_aliases()
    currencies = reference.currency_codes()
    this_year = dt.date.today().year
    rows: list[HeadlineRow] = []
    problems: list[dict] = []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip().lower() for h in reader.fieldnames or []]
        reader.fieldnames = header
        missing = [c for c in REQUIRED if c not in header]
        if "year" not in header and "period" not in header:
            missing.insert(0, "year or period")
        if missing:
            return [], [{"row": None, "field": "", "problem": f"Missing column(s): {', '.join(missing)}."}]
        for line, raw in enumerate(reader, start=2):
            bad = []
            rec = {k: (v or "").strip() for k, v in raw.items() if k}
            period_text = rec.get("period") or rec.get("year", "")
            period = parse_period(period_text)
            if period is None:
                bad.append(
                    ("period" if rec.get("period") else "year", f"not a year or period: '{period_text}'")
                )
            elif not 1962 <= period[0] <= this_year:
                bad.append(("year", f"year out of range (1962–{this_year}): {period[0]}"))
            countries = {}
            for fld in ("reporter", "partner"):
                iso2 = aliases.get(rec.get(fld, "").upper())
                if not iso2 or iso2 == reference.WORLD:
                    bad.append((fld, f"unknown country code '{rec.get(fld, '')}'"))
                countries[fld] = iso2
            flow = rec.get("flow", "").upper()
            if flow not in ("X", "M", "T"):
                bad.append(("flow", f"unknown flow '{rec.get('flow', '')}' (expected X, M or T)"))
            try:
                value = Decimal(rec.get("value", "").replace(",", ""))
                if not value.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                value = None
                bad.append(("value", f"not a number: '{rec.get('value', '')}'"))
            if value is not None and value < 0:
                bad.append(("value", f"negative value: {value}"))
            currency = rec.get("currency", "").upper()
            if currency not in currencies:
                bad.append(("currency", f"unknown currency '{rec.get('currency', '')}'"))
            if not rec.get("source_name"):
                bad.append(("source_name", "a figure needs its source"))
            if not re.match(r"https?://\S+$", rec.get("source_url", "")):
                bad.append(("source_url", f"not a web address: '{rec.get('source_url', '')}'"))
            pub = None
            if rec.get("publication_date"):
                try:
                    pub = dt.date.fromisoformat(rec["publication_date"])
                except ValueError:
                    bad.append(("publication_date", f"not a date (YYYY-MM-DD): '{rec['publication_date']}'"))
            if bad:
                problems.extend({"row": line, "field": f, "problem": p} for f, p in bad)
                continue
            rows.append(
                HeadlineRow(
                    year=period[0],
                    period=period_text.upper(),
                    month_from=period[1],
                    month_to=period[2],
                    reporter=countries["reporter"],
                    partner=countries["partner"],
                    flow=flow,
                    value=value,
                    currency=currency,
                    source_name=rec["source_name"][:200],
                    source_url=rec["source_url"],
                    publication_date=pub,
                    note=rec.get("note", "")[:300],
                )
            )
    if not rows and not problems:
        problems.append({"row": None, "field": "", "problem": "The file has no data rows."})
    return rows, problems
