"""Reference data loaded from maintained packages: ISO countries and currencies (pycountry)
and the partnership's sector taxonomy (the pillars named in the agreement)."""

from __future__ import annotations

import pycountry

PARTNERS = {
    "MY": {"currency": "MYR", "time_zone": "Asia/Kuala_Lumpur"},
    "KE": {"currency": "KES", "time_zone": "Africa/Nairobi"},
}

# The sector taxonomy: the sectors the agreement and summit name (mobile banking, smart
# agriculture, e-learning, green logistics, e-commerce, AI/ML data) grouped as the secretariat
# maintains them. Slugs are stable identifiers used by every module.
SECTORS: list[tuple[str, str, str | None, str]] = [
    ("fintech", "Fintech and mobile banking", None, "Payments, mobile money, digital lending, insurtech."),
    (
        "mobile-banking",
        "Mobile banking and payments",
        "fintech",
        "Mobile money, wallets, cross-border payments.",
    ),
    ("logistics", "Logistics", None, "Freight, warehousing, last-mile delivery, trade facilitation."),
    ("green-logistics", "Green logistics", "logistics", "Low-emission transport, cold chain, EV fleets."),
    (
        "smart-agriculture",
        "Smart agriculture",
        None,
        "Agritech, precision farming, farm-to-market platforms.",
    ),
    ("e-learning", "E-learning", None, "EdTech, online training, skills platforms."),
    ("e-commerce", "E-commerce", None, "Marketplaces, online retail, cross-border e-commerce."),
    ("ai-data", "AI and data", None, "Machine learning, data infrastructure, analytics."),
    ("other-digital", "Other digital", None, "Other digital products and services."),
]


def iter_countries():
    """Yield dicts for every ISO 3166-1 country in pycountry."""
    for c in pycountry.countries:
        partner = PARTNERS.get(c.alpha_2)
        currency = ""
        if partner:
            currency = partner["currency"]
        else:
            try:
                cur = pycountry.currencies.get(numeric=c.numeric)
            except (KeyError, LookupError):
                cur = None
            currency = cur.alpha_3 if cur else ""
        yield {
            "code": c.alpha_2,
            "alpha3": c.alpha_3,
            "numeric": c.numeric,
            "name": getattr(c, "common_name", None) or c.name,
            "currency_code": currency,
            "time_zone": partner["time_zone"] if partner else "",
            "is_partner": partner is not None,
        }


def iter_currencies():
    for cur in pycountry.currencies:
        yield {"code": cur.alpha_3, "name": cur.name}


def load_reference_data(Country, Currency, Sector) -> None:  # noqa: N803 - model classes
    """Create or refresh countries, currencies and the default sector taxonomy (idempotent)."""
    for row in iter_currencies():
        Currency.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})
    for row in iter_countries():
        code = row.pop("code")
        Country.objects.update_or_create(code=code, defaults=row)
    for position, (slug, name, parent, description) in enumerate(SECTORS):
        parent_obj = Sector.objects.get(slug=parent) if parent else None
        Sector.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "parent": parent_obj, "position": position, "description": description},
        )
