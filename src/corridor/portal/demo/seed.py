"""Build the demo data set deterministically from a seed.

Real institutions come from ``institutions.py``. Everything else is fictional, generated from
word lists, and flagged ``is_fictional`` so nobody mistakes it for a real firm.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from corridor.core.enums import Role
from corridor.core.models import Country, Currency, CurrencyRate, Sector, User
from corridor.core.services import grant_role
from corridor.orgs.enums import (
    TRUSTED_KINDS,
    MemberRole,
    OrgKind,
    OrgStatus,
    PostingKind,
    PostingStatus,
    PostingType,
    SizeBand,
    VerificationStatus,
)
from corridor.orgs.models import Membership, Organisation, Posting

from .institutions import REAL_INSTITUTIONS

DEMO_PASSWORD = "corridor-demo-2025"
DEMO_DOMAIN = "corridor.demo"
SEED = 2025


@dataclass(frozen=True)
class Persona:
    email: str
    name: str
    role: str | None
    country: str | None
    description: str


PERSONAS = [
    Persona(
        f"secretariat@{DEMO_DOMAIN}",
        "Siti Secretariat",
        Role.SECRETARIAT,
        None,
        "Council secretariat (admin site)",
    ),
    Persona(
        f"focal.my@{DEMO_DOMAIN}", "Farid Focal (MY)", Role.FOCAL_POINT, "MY", "Focal point for Malaysia"
    ),
    Persona(f"focal.ke@{DEMO_DOMAIN}", "Wanjiku Focal (KE)", Role.FOCAL_POINT, "KE", "Focal point for Kenya"),
    Persona(f"reviewer@{DEMO_DOMAIN}", "Ravi Reviewer", Role.REVIEWER, None, "Reviewer"),
    Persona(f"professional@{DEMO_DOMAIN}", "Pendo Professional", Role.PROFESSIONAL, "KE", "Professional"),
    Persona(
        f"member.a@{DEMO_DOMAIN}",
        "Aisyah Member",
        None,
        "MY",
        "Owner of Klang Valley Cold Chain (MY company)",
    ),
    Persona(f"member.b@{DEMO_DOMAIN}", "Brian Member", None, "KE", "Owner of Nairobi AgriPay (KE startup)"),
]

# Year-average exchange rates, units per USD. Approximate demo values for the secretariat to
# replace with the central banks' official figures (Bank Negara Malaysia, Central Bank of Kenya).
DEMO_RATES = {
    "MYR": {2021: "4.14", 2022: "4.40", 2023: "4.56", 2024: "4.58", 2025: "4.35"},
    "KES": {2021: "109.6", 2022: "117.9", 2023: "139.8", 2024: "134.8", 2025: "129.3"},
}

SECTOR_WORDS = {
    "fintech": (
        ["Pay", "Ledger", "Wallet", "Credit", "Coin", "Remit"],
        [
            "mobile money",
            "merchant payments",
            "cross-border remittances",
            "digital lending",
            "micro-insurance",
            "Shariah-compliant payments",
        ],
    ),
    "mobile-banking": (
        ["Mobi", "Pesa", "Bank", "Tap"],
        ["mobile wallets", "agent banking", "USSD banking", "QR payments"],
    ),
    "logistics": (
        ["Freight", "Cargo", "Route", "Port", "Haul"],
        [
            "freight forwarding",
            "customs brokerage",
            "last-mile delivery",
            "warehousing",
            "trade documentation",
        ],
    ),
    "green-logistics": (
        ["EcoFleet", "Volt", "GreenHaul", "Cool"],
        ["cold-chain logistics", "electric delivery fleets", "solar cold rooms", "low-emission shipping"],
    ),
    "smart-agriculture": (
        ["Agri", "Shamba", "Farm", "Harvest", "Sawit", "Tani"],
        [
            "precision farming sensors",
            "farm-to-market platforms",
            "crop analytics",
            "smallholder financing",
            "aquaculture monitoring",
        ],
    ),
    "e-learning": (
        ["Learn", "Ilmu", "Soma", "Skill", "Tutor"],
        ["online coding courses", "teacher training", "vocational e-learning", "exam preparation apps"],
    ),
    "e-commerce": (
        ["Shop", "Soko", "Pasar", "Cart", "Trade"],
        [
            "online marketplaces",
            "cross-border e-commerce",
            "halal product exports",
            "social commerce",
            "fulfilment services",
        ],
    ),
    "ai-data": (
        ["Data", "Neural", "Insight", "Vision", "Akili"],
        [
            "machine-learning models",
            "data labelling",
            "computer vision",
            "Swahili and Malay language AI",
            "cloud data platforms",
        ],
    ),
    "other-digital": (
        ["Cloud", "Byte", "Tech", "Link", "Net"],
        ["software development", "cybersecurity", "digital identity", "IoT devices", "govtech services"],
    ),
}
PREFIXES = [
    "Nusantara",
    "Savanna",
    "Rift",
    "Straits",
    "Borneo",
    "Kilima",
    "Tembo",
    "Harimau",
    "Pelangi",
    "Jua",
    "Upendo",
    "Sinar",
    "Bintang",
    "Mawimbi",
    "Taifa",
    "Bayu",
    "Zuri",
    "Cahaya",
    "Simba",
    "Merdeka",
]
CITIES = {
    "MY": [
        "Kuala Lumpur",
        "Cyberjaya",
        "Petaling Jaya",
        "Penang",
        "Johor Bahru",
        "Kuching",
        "Kota Kinabalu",
        "Ipoh",
        "Shah Alam",
        "Melaka",
    ],
    "KE": ["Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret", "Thika", "Machakos", "Nyeri"],
}
SUFFIX = {
    ("MY", "company"): "Sdn Bhd",
    ("MY", "startup"): "Sdn Bhd",
    ("KE", "company"): "Ltd",
    ("KE", "startup"): "Ltd",
    ("MY", "investor"): "Ventures",
    ("KE", "investor"): "Capital",
    ("MY", "tech_hub"): "Hub",
    ("KE", "tech_hub"): "Labs",
    ("MY", "university"): "Institute of Technology",
    ("KE", "university"): "Institute of Technology",
    ("MY", "agency"): "Authority",
    ("KE", "agency"): "Board",
    ("MY", "association"): "Association",
    ("KE", "association"): "Association",
}
KIND_WEIGHTS = [
    (OrgKind.COMPANY, 40),
    (OrgKind.STARTUP, 35),
    (OrgKind.INVESTOR, 8),
    (OrgKind.TECH_HUB, 6),
    (OrgKind.UNIVERSITY, 4),
    (OrgKind.AGENCY, 3),
    (OrgKind.ASSOCIATION, 4),
]
OFFER_KINDS = {
    OrgKind.COMPANY: [
        PostingKind.PRODUCT,
        PostingKind.SERVICE,
        PostingKind.DISTRIBUTION,
        PostingKind.PARTNERSHIP,
    ],
    OrgKind.STARTUP: [PostingKind.PRODUCT, PostingKind.SERVICE, PostingKind.PARTNERSHIP, PostingKind.TALENT],
    OrgKind.INVESTOR: [PostingKind.INVESTMENT_OFFERED],
    OrgKind.TECH_HUB: [PostingKind.PARTNERSHIP, PostingKind.SERVICE, PostingKind.TALENT],
    OrgKind.UNIVERSITY: [PostingKind.RND, PostingKind.TALENT],
    OrgKind.AGENCY: [PostingKind.PARTNERSHIP, PostingKind.SERVICE],
    OrgKind.ASSOCIATION: [PostingKind.PARTNERSHIP, PostingKind.SERVICE],
}
REQUEST_KINDS = {
    OrgKind.COMPANY: [
        PostingKind.DISTRIBUTION,
        PostingKind.PARTNERSHIP,
        PostingKind.SERVICE,
        PostingKind.TALENT,
    ],
    OrgKind.STARTUP: [
        PostingKind.INVESTMENT_SOUGHT,
        PostingKind.DISTRIBUTION,
        PostingKind.PARTNERSHIP,
        PostingKind.RND,
    ],
    OrgKind.INVESTOR: [PostingKind.PARTNERSHIP],
    OrgKind.TECH_HUB: [PostingKind.PARTNERSHIP],
    OrgKind.UNIVERSITY: [PostingKind.PARTNERSHIP, PostingKind.RND],
    OrgKind.AGENCY: [PostingKind.PARTNERSHIP],
    OrgKind.ASSOCIATION: [PostingKind.PARTNERSHIP],
}
OFFER_TEMPLATES = {
    PostingKind.PRODUCT: "{topic} product for {market} buyers",
    PostingKind.SERVICE: "{topic} services in {where}",
    PostingKind.DISTRIBUTION: "Distribution network for {topic} in {where}",
    PostingKind.PARTNERSHIP: "Partnership on {topic}",
    PostingKind.INVESTMENT_OFFERED: "Seed and Series A investment in {topic}",
    PostingKind.RND: "Joint research on {topic}",
    PostingKind.TALENT: "Engineers experienced in {topic}",
}
REQUEST_TEMPLATES = {
    PostingKind.DISTRIBUTION: "Looking for a distributor of {topic} in {market}",
    PostingKind.PARTNERSHIP: "Seeking a partner in {market} for {topic}",
    PostingKind.SERVICE: "Need a provider of {topic} in {market}",
    PostingKind.TALENT: "Hiring specialists in {topic}",
    PostingKind.INVESTMENT_SOUGHT: "Raising a seed round for {topic}",
    PostingKind.RND: "Research partner wanted for {topic}",
}
COUNTRY_NAME = {"MY": "Malaysia", "KE": "Kenya"}
OTHER = {"MY": "KE", "KE": "MY"}


def _weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights, k=1)[0]


def _make_posting(rng, org, sectors, kind, is_offer, today, sector_slugs):
    slug = rng.choice(sector_slugs)
    topic = rng.choice(SECTOR_WORDS[slug][1])
    target = OTHER[org.country_id]
    where = COUNTRY_NAME[org.country_id]
    template = (OFFER_TEMPLATES if is_offer else REQUEST_TEMPLATES)[kind]
    title = template.format(topic=topic, market=COUNTRY_NAME[target], where=where)
    title = title[0].upper() + title[1:]
    description = (
        f"{org.name} {'offers' if is_offer else 'is looking for'} {topic} "
        f"({sectors[slug].name.lower()}). {'We serve' if is_offer else 'We want to reach'} customers in "
        f"{COUNTRY_NAME[target]} and would like to talk to partners there."
    )
    roll = rng.random()
    if roll < 0.08:
        valid_until = today - dt.timedelta(days=rng.randint(5, 200))  # expired: hidden but kept
    elif roll < 0.25:
        valid_until = None
    else:
        valid_until = today + dt.timedelta(days=rng.randint(30, 365))
    status = PostingStatus.DRAFT if rng.random() < 0.05 else PostingStatus.PUBLISHED
    return Posting(
        organisation=org,
        type=PostingType.OFFER if is_offer else PostingType.REQUEST,
        kind=kind,
        sector=sectors[slug],
        title=title[:200],
        description=description,
        target_country_id=target if rng.random() < 0.7 else None,
        valid_until=valid_until,
        status=status,
    )


def _ensure_user(persona: Persona, countries) -> User:
    user = User.objects.filter(email=persona.email).first()
    if user is None:
        user = User.objects.create_user(
            email=persona.email,
            password=DEMO_PASSWORD,
            full_name=persona.name,
            country=countries.get(persona.country),
            email_verified_at=timezone.now(),
            time_zone="Africa/Nairobi" if persona.country == "KE" else "Asia/Kuala_Lumpur",
        )
    if persona.role:
        grant_role(user=user, role=persona.role, by=None, country=countries.get(persona.country))
    return user


@transaction.atomic
def _verify_demo_institutions(users) -> None:
    """The demo's agencies, hubs, universities and investors (the listed institutions and the
    fictional ones) are verified by the demo secretariat, so events, cohorts and reviews work."""
    real = [slugify(inst["name"])[:200] for inst in REAL_INSTITUTIONS]
    Organisation.objects.filter(
        Q(is_fictional=True) | Q(slug__in=real),
        kind__in=TRUSTED_KINDS,
        verification_status=VerificationStatus.UNVERIFIED,
    ).update(
        verification_status=VerificationStatus.VERIFIED,
        verified_by=users.get(f"secretariat@{DEMO_DOMAIN}"),
        verified_at=timezone.now(),
    )


def seed_demo(*, n_fictional: int = 320, reset: bool = False, stdout=None) -> dict:
    """Load the demo data set; idempotent (a second run changes nothing unless ``reset``)."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    countries = {c.code: c for c in Country.objects.filter(code__in=["MY", "KE"])}
    sectors = {s.slug: s for s in Sector.objects.all()}
    sector_slugs = [s for s in SECTOR_WORDS if s in sectors]

    if reset:
        Organisation.objects.filter(is_fictional=True).delete()
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()

    users = {p.email: _ensure_user(p, countries) for p in PERSONAS}

    for code, by_year in DEMO_RATES.items():
        currency = Currency.objects.get(code=code)
        for year, value in by_year.items():
            CurrencyRate.objects.get_or_create(
                currency=currency,
                date=dt.date(year, 12, 31),
                defaults={
                    "units_per_usd": Decimal(value),
                    "source": "Approximate annual average (demo value; replace with the central bank's figure)",
                },
            )

    for inst in REAL_INSTITUTIONS:
        org, created = Organisation.objects.get_or_create(
            slug=slugify(inst["name"])[:200],
            defaults={k: v for k, v in inst.items() if k not in {"sectors", "country"}}
            | {"country": countries[inst["country"]], "status": OrgStatus.PUBLISHED, "is_fictional": False},
        )
        if created:
            org.sectors.set([sectors[s] for s in inst["sectors"]])

    already = Organisation.objects.filter(is_fictional=True).count()
    if already >= n_fictional:
        _verify_demo_institutions(users)
        return {"organisations": Organisation.objects.count(), "created": 0, "users": users}

    # Two fixed organisations for the member personas.
    fixed = [
        (
            "Klang Valley Cold Chain Sdn Bhd",
            "MY",
            OrgKind.COMPANY,
            ["green-logistics", "logistics"],
            f"member.a@{DEMO_DOMAIN}",
            "Fictional. Refrigerated trucking and cold rooms around Port Klang; we want to move Kenyan avocados and flowers into ASEAN.",
        ),
        (
            "Nairobi AgriPay Ltd",
            "KE",
            OrgKind.STARTUP,
            ["fintech", "smart-agriculture"],
            f"member.b@{DEMO_DOMAIN}",
            "Fictional. Mobile payments and input credit for smallholder farmers; looking for Malaysian investors and agritech partners.",
        ),
    ]
    orgs: list[Organisation] = []
    org_sectors: dict[str, list[str]] = {}
    used_names = set(Organisation.objects.values_list("name", flat=True))
    for i, (name, code, kind, slugs, _owner, desc) in enumerate(fixed):
        orgs.append(
            Organisation(
                name=name,
                slug=slugify(name),
                country=countries[code],
                kind=kind,
                status=OrgStatus.PUBLISHED,
                is_fictional=True,
                description=desc,
                city=CITIES[code][0],
                size_band=SizeBand.SMALL,
                founded_year=2016 + i,
                registration_number=f"DEMO-{code}-{i:05d}",
                languages="en,ms" if code == "MY" else "en,sw",
            )
        )
        org_sectors[slugify(name)] = slugs
        used_names.add(name)
    while len(orgs) < n_fictional:
        code = "MY" if len(orgs) % 2 == 0 else "KE"
        kind = _weighted(rng, KIND_WEIGHTS)
        main = rng.choice(sector_slugs)
        slugs = [main] + ([rng.choice(sector_slugs)] if rng.random() < 0.4 else [])
        slugs = list(dict.fromkeys(slugs))
        name = f"{rng.choice(PREFIXES)} {rng.choice(SECTOR_WORDS[main][0])} {SUFFIX[(code, kind)]}"
        if name in used_names:
            continue
        used_names.add(name)
        topics = ", ".join(rng.sample(SECTOR_WORDS[main][1], k=2))
        desc = (
            f"Fictional demo {OrgKind(kind).label.lower()} in {rng.choice(CITIES[code])} working on {topics}. "
            f"Interested in partners in {COUNTRY_NAME[OTHER[code]]}."
        )
        orgs.append(
            Organisation(
                name=name,
                slug=slugify(name),
                country=countries[code],
                kind=kind,
                status=OrgStatus.DRAFT if rng.random() < 0.03 else OrgStatus.PUBLISHED,
                is_fictional=True,
                description=desc,
                city=rng.choice(CITIES[code]),
                size_band=rng.choice(SizeBand.values),
                founded_year=rng.randint(1995, today.year - 1),
                website="",
                registration_number=f"DEMO-{code}-{len(orgs):05d}",
                languages="en,ms" if code == "MY" else "en,sw",
            )
        )
        org_sectors[slugify(name)] = slugs
    Organisation.objects.bulk_create(orgs)
    orgs = list(Organisation.objects.filter(slug__in=org_sectors).select_related("country"))
    through = Organisation.sectors.through
    through.objects.bulk_create(
        [through(organisation_id=o.pk, sector_id=sectors[s].pk) for o in orgs for s in org_sectors[o.slug]]
    )
    postings = []
    for org in sorted(orgs, key=lambda o: o.slug):
        for _ in range(rng.randint(1, 2)):
            postings.append(
                _make_posting(
                    rng, org, sectors, rng.choice(OFFER_KINDS[org.kind]), True, today, org_sectors[org.slug]
                )
            )
        for _ in range(rng.randint(0, 2)):
            postings.append(
                _make_posting(
                    rng,
                    org,
                    sectors,
                    rng.choice(REQUEST_KINDS[org.kind]),
                    False,
                    today,
                    org_sectors[org.slug],
                )
            )
    Posting.objects.bulk_create(postings)
    _verify_demo_institutions(users)
    by_slug = {o.slug: o for o in orgs}
    for name, _code, _kind, _slugs, owner, _desc in fixed:
        Membership.objects.get_or_create(
            organisation=by_slug[slugify(name)], user=users[owner], defaults={"role": MemberRole.OWNER}
        )
    return {
        "organisations": Organisation.objects.count(),
        "created": len(orgs),
        "postings": len(postings),
        "users": users,
    }
