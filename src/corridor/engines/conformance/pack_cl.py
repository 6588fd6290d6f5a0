"""Pack CL: crosswalks between the regimes, each finding with a suggested fix.

Country codes (ISO 3166 alpha-2 for EN 16931 and eTIMS, alpha-3 for MyInvois), units (UN/ECE Rec 20
↔ eTIMS quantity units) and tax categories (EN 16931 ↔ eTIMS ↔ MyInvois); see ``crosswalk.py``.
"""

from __future__ import annotations

from .crosswalk import ALPHA2_TO_3, ALPHA3_TO_2, EN_TO_MY, KRA_TO_REC20, KRA_UNITS, REC20_TO_KRA, en_to_kra
from .framework import INFORMATION, WARNING, DocRule, Pack, location

VERSION = "CL-2025.1"


def _countries(doc):
    if doc.root is not None:
        for node in doc.root.xpath(
            "//*[local-name()='Country']/*[local-name()='IdentificationCode'] | //*[local-name()='OriginCountry']/*[local-name()='IdentificationCode']"
        ):
            code = (node.text or "").strip()
            if doc.regime == "myinvois":
                if len(code) == 2 and code in ALPHA2_TO_3:
                    yield (
                        location(node, doc),
                        f"MyInvois uses ISO 3166-1 alpha-3: '{code}' is '{ALPHA2_TO_3[code]}'.",
                        ALPHA2_TO_3[code],
                    )
                elif code not in ALPHA3_TO_2:
                    yield location(node, doc), f"'{code}' is not an ISO 3166-1 alpha-3 country code."
            else:
                if len(code) == 3 and code in ALPHA3_TO_2:
                    yield (
                        location(node, doc),
                        f"EN 16931 uses ISO 3166-1 alpha-2: '{code}' is '{ALPHA3_TO_2[code]}'.",
                        ALPHA3_TO_2[code],
                    )
                elif code not in ALPHA2_TO_3 and code != "1A":
                    yield location(node, doc), f"'{code}' is not an ISO 3166-1 country code."
    else:
        code = str((doc.data or {}).get("custCountry", "") or "")
        if code and len(code) == 3 and code in ALPHA3_TO_2:
            yield (
                "$.custCountry",
                f"eTIMS uses ISO 3166-1 alpha-2: '{code}' is '{ALPHA3_TO_2[code]}'.",
                ALPHA3_TO_2[code],
            )


def _units(doc):
    inv = doc.model
    for i, ln in enumerate(inv.lines):
        loc = inv.loc.get(f"lines.{i}.unit", "$")
        if doc.kind == "etims-json":
            raw = (
                str(((doc.data or {}).get("itemList") or [{}])[i].get("qtyUnitCd", ""))
                if isinstance(((doc.data or {}).get("itemList") or [{}])[i], dict)
                else ""
            )
            if raw in KRA_UNITS and raw not in KRA_TO_REC20:
                yield (
                    loc,
                    f"eTIMS unit '{raw}' has no UN/ECE Rec 20 equivalent in the crosswalk; state the Rec 20 code in UBL.",
                )
        elif ln.unit and ln.unit not in REC20_TO_KRA and _involves_kenya(inv):
            yield (
                loc,
                f"Unit '{ln.unit}' has no eTIMS quantity unit in the crosswalk; eTIMS needs one of its own codes (e.g. U for pieces).",
                "U",
            )
        elif ln.unit and _involves_kenya(inv):
            yield loc, f"Unit '{ln.unit}' is eTIMS '{REC20_TO_KRA[ln.unit]}'.", REC20_TO_KRA[ln.unit]


def _involves_kenya(inv) -> bool:
    return inv.seller.country in {"KE", "KEN"} or inv.buyer.country in {"KE", "KEN"}


def _tax_categories(doc):
    inv = doc.model
    for i, ln in enumerate(inv.lines):
        loc = inv.loc.get(f"lines.{i}.tax_category", "$")
        if doc.regime == "en" and _involves_kenya(inv):
            kra = en_to_kra(ln.tax_category, ln.tax_rate)
            my = EN_TO_MY.get(ln.tax_category)
            if kra is None:
                yield (
                    loc,
                    f"VAT category '{ln.tax_category}' at {ln.tax_rate if ln.tax_rate is not None else '—'} % has no eTIMS tax type (B is 16 %, E is 8 %, C zero-rated, A exempt, D non-VAT).",
                    "B",
                )
            if my is None:
                yield loc, f"VAT category '{ln.tax_category}' has no MyInvois tax type.", "06"


RULES = [
    DocRule(
        "CL-01", WARNING, _countries, "Country codes in the form the target regime uses (alpha-2 / alpha-3)."
    ),
    DocRule("CL-02", INFORMATION, _units, "Units between UN/ECE Rec 20 and eTIMS quantity units."),
    DocRule("CL-03", WARNING, _tax_categories, "Tax categories between EN 16931, eTIMS and MyInvois."),
]

PACK = Pack(
    code="CL", version=VERSION, title="Crosswalks (countries, units, tax categories)", doc_rules=RULES
)
