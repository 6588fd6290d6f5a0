"""Crosswalks between the three regimes (used by the CL pack and the conversion view).

* Countries: ISO 3166-1 alpha-2 (EN 16931, eTIMS) ↔ alpha-3 (MyInvois), from pycountry (ISO 3166).
* Units: UN/ECE Recommendation 20 (EN 16931, MyInvois) ↔ KRA eTIMS quantity-unit codes (code class 10
  of the eTIMS OSCU/VSCU specification, https://www.kra.go.ke/images/publications/OSCU-Specification-Document.pdf).
* Tax categories: EN 16931 VAT category (UNTDID 5305) ↔ eTIMS tax type (A exempt, B 16 %, C zero-rated,
  D non-VAT, E 8 %; Kenya VAT Act 2013 and eTIMS code class 04) ↔ MyInvois tax type (01 sales tax,
  02 service tax, 03 tourism tax, 04 high-value goods tax, 05 low-value goods, 06 not applicable,
  E exemption; https://sdk.myinvois.hasil.gov.my/codes/tax-types/).
"""

from __future__ import annotations

from decimal import Decimal

import pycountry

ALPHA2_TO_3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
ALPHA3_TO_2 = {v: k for k, v in ALPHA2_TO_3.items()}

# Rec 20 → eTIMS quantity unit
REC20_TO_KRA = {
    "C62": "U",
    "H87": "U",
    "EA": "U",
    "KGM": "KG",
    "GRM": "GRM",
    "MGM": "MGM",
    "TNE": "TNE",
    "LTR": "LTR",
    "MTR": "MTR",
    "CMT": "CMT",
    "KTM": "KTM",
    "MTK": "M2",
    "MTQ": "M3",
    "DZN": "DZ",
    "PR": "PR",
    "SET": "SET",
    "BX": "BX",
    "BG": "BG",
    "CT": "CT",
    "GLL": "GLL",
    "LBR": "LBR",
    "YRD": "YRD",
    "KWT": "KWT",
    "XBX": "BX",
    "XBG": "BG",
    "XPK": "PA",
}
KRA_TO_REC20 = {
    "U": "C62",
    "KG": "KGM",
    "GRM": "GRM",
    "MGM": "MGM",
    "TNE": "TNE",
    "LTR": "LTR",
    "L": "LTR",
    "MTR": "MTR",
    "M": "MTR",
    "CMT": "CMT",
    "KTM": "KTM",
    "M2": "MTK",
    "M3": "MTQ",
    "DZ": "DZN",
    "PR": "PR",
    "SET": "SET",
    "BX": "BX",
    "BG": "BG",
    "CT": "CT",
    "GLL": "GLL",
    "LBR": "LBR",
    "YRD": "YRD",
    "KWT": "KWT",
    "PA": "XPK",
    "NO": "C62",
}
KRA_UNITS = frozenset(KRA_TO_REC20) | frozenset(
    "4B AV BA BE BL BLL CA CEL CR DR GRO LK MWT NX PG RL RO ST TU".split()
)

# eTIMS tax types with their rate
KRA_TAX_TYPES = {"A": Decimal(0), "B": Decimal(16), "C": Decimal(0), "D": Decimal(0), "E": Decimal(8)}
KRA_TAX_LABELS = {
    "A": "A – exempt",
    "B": "B – VAT 16 %",
    "C": "C – zero-rated",
    "D": "D – non-VAT",
    "E": "E – VAT 8 %",
}


# EN 16931 VAT category → eTIMS tax type (S depends on the rate)
def en_to_kra(category: str, rate: Decimal | None) -> str | None:
    if category == "S":
        if rate == 16:
            return "B"
        if rate == 8:
            return "E"
        return None
    return {"Z": "C", "G": "C", "E": "A", "O": "D", "AE": "B", "K": "C"}.get(category)


KRA_TO_EN = {
    "A": ("E", Decimal(0)),
    "B": ("S", Decimal(16)),
    "C": ("Z", Decimal(0)),
    "D": ("O", None),
    "E": ("S", Decimal(8)),
}

# EN 16931 VAT category → MyInvois tax type
EN_TO_MY = {"S": "01", "Z": "E", "E": "E", "G": "E", "O": "06", "AE": "06", "K": "E"}
MY_TO_EN = {"01": "S", "02": "S", "03": "S", "04": "S", "05": "S", "06": "O", "E": "E"}
KRA_TO_MY = {"A": "E", "B": "06", "C": "E", "D": "06", "E": "06"}


def country_alpha3(code: str) -> str:
    code = (code or "").upper()
    return code if len(code) == 3 else ALPHA2_TO_3.get(code, "")


def country_alpha2(code: str) -> str:
    code = (code or "").upper()
    return code if len(code) == 2 else ALPHA3_TO_2.get(code, "")
