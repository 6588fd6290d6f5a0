"""Facts typed in with their sources (read on the date given). ``load_reference`` writes them
idempotently; the secretariat maintains them afterwards (admin and pages).

Confidence: the Employment Pass bands, DE Rantau and Class N income thresholds were read in
several agreeing sources; the MQF credit basis (40 h) and the MQF↔KNQF bridge are indicative
until MQA/KNQA confirm them (the bridge is stored with status "indicative").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

READ_ON = dt.date(2026, 12, 4)

ESCO = "https://esco.ec.europa.eu/en/classification/skill_main"
ISCO = "https://www.ilo.org/public/english/bureau/stat/isco/isco08/"

# Code, name, alternative labels (for search and paraphrase), group.
SKILLS: list[tuple[str, str, list[str], str]] = [
    ("python", "Python (computer programming)", ["python programming", "python development"], "programming"),
    ("java", "Java (computer programming)", ["java development", "jvm programming"], "programming"),
    ("javascript", "JavaScript", ["js", "ecmascript", "front-end scripting"], "programming"),
    ("typescript", "TypeScript", ["typed javascript"], "programming"),
    ("kotlin", "Kotlin", ["android kotlin"], "programming"),
    ("go", "Go (programming language)", ["golang"], "programming"),
    ("sql", "SQL", ["structured query language", "relational queries"], "data"),
    ("postgresql", "PostgreSQL", ["postgres"], "data"),
    ("data-analysis", "Data analysis", ["analytics", "analysing data"], "data"),
    ("machine-learning", "Machine learning", ["ml", "statistical learning"], "data"),
    ("data-engineering", "Data engineering", ["etl pipelines", "data pipelines"], "data"),
    ("cloud-aws", "Amazon Web Services", ["aws", "amazon cloud"], "cloud"),
    ("cloud-azure", "Microsoft Azure", ["azure"], "cloud"),
    ("kubernetes", "Kubernetes", ["k8s", "container orchestration"], "cloud"),
    ("devops", "DevOps practices", ["ci/cd", "continuous delivery"], "cloud"),
    ("linux", "Linux system administration", ["unix administration"], "infrastructure"),
    ("networking", "Computer networking", ["tcp/ip", "network administration"], "infrastructure"),
    ("cybersecurity", "Cybersecurity", ["information security", "infosec"], "security"),
    ("penetration-testing", "Penetration testing", ["ethical hacking", "pentesting"], "security"),
    ("web-development", "Web development", ["web programming", "building websites"], "software"),
    ("mobile-development", "Mobile app development", ["android development", "ios development"], "software"),
    ("api-design", "API design", ["rest apis", "web services design"], "software"),
    ("software-testing", "Software testing", ["quality assurance", "qa"], "software"),
    ("ux-design", "User experience design", ["ux", "user research"], "design"),
    ("ui-design", "User interface design", ["ui", "visual interface design"], "design"),
    ("project-management", "ICT project management", ["agile delivery", "scrum"], "management"),
    ("payments", "Digital payments systems", ["mobile money", "payment gateways"], "fintech"),
    ("blockchain", "Blockchain", ["distributed ledgers"], "fintech"),
    ("e-commerce", "E-commerce operations", ["online retail"], "business"),
    ("digital-marketing", "Digital marketing", ["online marketing", "seo"], "business"),
    ("technical-writing", "Technical writing", ["documentation"], "communication"),
    ("customer-support", "ICT user support", ["help desk", "technical support"], "support"),
]

# ISCO-08 unit groups (25xx ICT professionals, 35xx ICT technicians, and a few related).
OCCUPATIONS: list[tuple[str, str, bool]] = [
    ("1330", "Information and communications technology services managers", True),
    ("2166", "Graphic and multimedia designers", True),
    ("2431", "Advertising and marketing professionals", False),
    ("2511", "Systems analysts", True),
    ("2512", "Software developers", True),
    ("2513", "Web and multimedia developers", True),
    ("2514", "Applications programmers", True),
    ("2519", "Software and applications developers and analysts not elsewhere classified", True),
    ("2521", "Database designers and administrators", True),
    ("2522", "Systems administrators", True),
    ("2523", "Computer network professionals", True),
    ("2529", "Database and network professionals not elsewhere classified", True),
    ("3511", "Information and communications technology operations technicians", True),
    ("3512", "Information and communications technology user support technicians", True),
    ("3513", "Computer network and systems technicians", True),
    ("3514", "Web technicians", True),
    ("2120", "Mathematicians, actuaries and statisticians", True),
    ("2641", "Authors and related writers", False),
]

MQF_URL = "https://www.mqa.gov.my/new/mqf.cfm"
KNQF_URL = "https://www.knqa.go.ke/index.php/kb-sections/qualifications"
FRAMEWORKS = [
    {
        "code": "MQF",
        "name": "Malaysian Qualifications Framework (2nd edition, 2024 revision)",
        "authority": "Malaysian Qualifications Agency (MQA)",
        "levels": 8,
        "hours_per_credit": 40,
        "source_url": "https://anyflip.com/phsti/atzc/basic",
    },
    {
        "code": "KNQF",
        "name": "Kenya National Qualifications Framework (KNQF Act No. 22 of 2014, Regulations 2018)",
        "authority": "Kenya National Qualifications Authority (KNQA)",
        "levels": 10,
        "hours_per_credit": 10,
        "source_url": KNQF_URL,
    },
]

BRIDGE_SOURCE = "https://www.knqa.go.ke/index.php/faqs/"
# MQF level, KNQF level, typical award. Indicative: neither authority has published a bridge.
BRIDGE: list[tuple[int, int, str]] = [
    (1, 3, "Skills certificate 1 / National Vocational Certificate"),
    (2, 4, "Skills certificate 2 / artisan certificate"),
    (3, 5, "Certificate / craft certificate"),
    (4, 6, "Diploma"),
    (5, 6, "Advanced diploma / higher diploma"),
    (6, 7, "Bachelor's degree"),
    (7, 8, "Postgraduate certificate or diploma"),
    (7, 9, "Master's degree"),
    (8, 10, "Doctoral degree"),
]

EP_SOURCE = (
    "https://www.bakermckenzie.com/en/insight/publications/2026/01/"
    "malaysia-expatriate-services-division-increases-employment-pass-salary"
)
EP_OLD_SOURCE = "https://the-corporate-lab.com/?p=18835"
DE_RANTAU_SOURCE = "https://ikilinks.com/en/malaysia-digital-nomad-visa-en/"
CLASS_N_SOURCE = "https://abadvocates.co.ke/kenya-2024-work-permit-reforms-new-categories-updates/"
CLASS_N_OLD_SOURCE = "https://kioi.co.ke/?p=8813"
CLASS_D_SOURCE = "https://www.businessghana.com/site/news/general/328887/"

EP_DOCS = [
    "Passport valid for at least 18 months",
    "Employment contract stating the monthly salary",
    "Academic certificates and CV",
    "Employer's company registration and approval of expatriate post (ESD/MDEC)",
    "Succession plan for a local understudy (Categories II and III, from 1 June 2026)",
]
NOMAD_DOCS_MY = [
    "Passport valid for more than 14 months",
    "Resume",
    "Proof of annual income (3 months of bank statements or payslips)",
    "Project or employment contract with a foreign company or clients",
    "Letter of good conduct",
]
CLASS_D_DOCS = [
    "Form 25 and cover letter from the employer",
    "Academic and professional certificates",
    "Evidence that the skills are not available locally and of local recruitment",
    "Name of a Kenyan understudy",
    "Employment contract",
]
CLASS_N_DOCS = [
    "Valid passport",
    "Proof of remote work for an employer or clients outside Kenya",
    "Proof of assured annual income from sources outside Kenya",
    "Proof of accommodation in Kenya",
    "Certificate of good conduct from the country of habitual residence",
]

PATHWAYS = [
    {
        "code": "my-employment-pass",
        "name": "Malaysia Employment Pass",
        "country": "MY",
        "kind": "employment",
        "authority": "Immigration Department / Expatriate Services Division, MDEC for digital roles",
        "description": "Employer-sponsored pass; the category follows the monthly salary.",
        "source_url": EP_SOURCE,
        "rules": [
            # Before 1 June 2026 (2017 bands).
            ("Category I", 1, dt.date(2017, 9, 1), dt.date(2026, 5, 31), "10000", None, EP_OLD_SOURCE),
            ("Category II", 1, dt.date(2017, 9, 1), dt.date(2026, 5, 31), "5000", "9999.99", EP_OLD_SOURCE),
            ("Category III", 1, dt.date(2017, 9, 1), dt.date(2026, 5, 31), "3000", "4999.99", EP_OLD_SOURCE),
            # From 1 June 2026.
            ("Category I", 2, dt.date(2026, 6, 1), None, "20000", None, EP_SOURCE),
            ("Category II", 2, dt.date(2026, 6, 1), None, "10000", "19999.99", EP_SOURCE),
            ("Category III", 2, dt.date(2026, 6, 1), None, "5000", "9999.99", EP_SOURCE),
        ],
        "currency": "MYR",
        "period": "month",
        "prefixes": [],
        "requires_employer": True,
        "documents": EP_DOCS,
    },
    {
        "code": "my-de-rantau",
        "name": "DE Rantau Nomad Pass (Malaysia)",
        "country": "MY",
        "kind": "nomad",
        "authority": "Malaysia Digital Economy Corporation (MDEC)",
        "description": "Professional Visit Pass of 3–12 months, renewable once; remote work for foreign clients.",
        "source_url": DE_RANTAU_SOURCE,
        "rules": [
            ("Digital talent", 1, dt.date(2022, 10, 1), None, "24000", None, DE_RANTAU_SOURCE),
        ],
        "currency": "USD",
        "period": "year",
        "prefixes": ["25", "35", "1330", "2166", "2431", "2641"],
        "requires_employer": False,
        "documents": NOMAD_DOCS_MY,
    },
    {
        "code": "ke-class-d",
        "name": "Kenya Class D work permit (employment)",
        "country": "KE",
        "kind": "employment",
        "authority": "Directorate of Immigration Services (Kenya Citizenship and Immigration Act)",
        "description": "For a specific employer in Kenya when the skills are not available locally; no published salary floor.",
        "source_url": CLASS_D_SOURCE,
        "rules": [("Class D", 1, dt.date(2024, 12, 17), None, None, None, CLASS_D_SOURCE)],
        "currency": "KES",
        "period": "month",
        "prefixes": [],
        "requires_employer": True,
        "documents": CLASS_D_DOCS,
    },
    {
        "code": "ke-class-n",
        "name": "Kenya Class N digital nomad work permit",
        "country": "KE",
        "kind": "nomad",
        "authority": "Directorate of Immigration Services (Legal Notice 179 of 2024)",
        "description": "Remote work from Kenya for an employer or clients outside Kenya; no Kenyan employment.",
        "source_url": CLASS_N_SOURCE,
        "rules": [
            ("Class N", 1, dt.date(2024, 10, 1), dt.date(2024, 12, 16), "55000", None, CLASS_N_OLD_SOURCE),
            ("Class N", 2, dt.date(2024, 12, 17), None, "24000", None, CLASS_N_SOURCE),
        ],
        "currency": "USD",
        "period": "year",
        "prefixes": [],
        "requires_employer": False,
        "documents": CLASS_N_DOCS,
    },
]


def load_reference() -> None:
    """Write the typed-in facts (idempotent: existing rows keep the secretariat's edits)."""
    from corridor.core.models import Country, Currency

    from .models import (
        EquivalenceRule,
        Occupation,
        PermitPathway,
        PermitRule,
        QualificationFramework,
        Skill,
    )

    for code, name, alts, group in SKILLS:
        Skill.objects.get_or_create(
            code=code, defaults={"name": name, "alt_labels": alts, "group": group, "source_url": ESCO}
        )
    for isco, title, digital in OCCUPATIONS:
        Occupation.objects.get_or_create(
            isco_code=isco, defaults={"title": title, "is_digital": digital, "source_url": ISCO}
        )
    for fw in FRAMEWORKS:
        QualificationFramework.objects.get_or_create(code=fw["code"], defaults={**fw, "read_on": READ_ON})
    if not EquivalenceRule.objects.exists():
        for mqf, knqf, award in BRIDGE:
            EquivalenceRule.objects.create(
                mqf_level=mqf,
                knqf_level=knqf,
                typical_award=award,
                source_url=BRIDGE_SOURCE,
                read_on=READ_ON,
                valid_from=dt.date(2024, 1, 1),
                note="Indicative bridge built from the published level descriptors; to be confirmed by MQA and KNQA.",
            )
    for p in PATHWAYS:
        pathway, created = PermitPathway.objects.get_or_create(
            code=p["code"],
            defaults={
                "name": p["name"],
                "country": Country.objects.get(code=p["country"]),
                "kind": p["kind"],
                "authority": p["authority"],
                "description": p["description"],
                "source_url": p["source_url"],
                "read_on": READ_ON,
            },
        )
        if not created:
            continue
        currency = Currency.objects.get(code=p["currency"])
        for label, version, start, end, low, high, source in p["rules"]:
            PermitRule.objects.create(
                pathway=pathway,
                label=label,
                version=version,
                valid_from=start,
                valid_to=end,
                min_income=Decimal(low) if low else None,
                max_income=Decimal(high) if high else None,
                currency=currency,
                period=p["period"],
                occupation_prefixes=p["prefixes"],
                requires_employer=p["requires_employer"],
                documents=p["documents"],
                source_url=source,
                read_on=READ_ON,
            )
