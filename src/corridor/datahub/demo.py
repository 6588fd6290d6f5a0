"""Demo data for the data hub (idempotent): a fictional Malaysian agency publishes an open dataset
and a restricted one with personal data (both generated here, marked fictional), and a fictional
Kenyan university's researcher obtains the restricted one under a recorded agreement."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from corridor.orgs.enums import MemberRole, OrgKind
from corridor.orgs.models import Membership, Organisation

from . import services
from .enums import AccessLevel, LegalBasisKE, LegalBasisMY, Licence, UpdateFrequency
from .models import Dataset

SEED = 20250515
OPEN_TITLE = "Container dwell times at Malaysian ports (fictional)"
RESTRICTED_TITLE = "Graduate digital-skills survey, microdata (fictional)"


def _dwell_csv(rng: random.Random) -> bytes:
    out = io.StringIO()
    out.write("month,port,terminal,containers,median_dwell_hours,share_over_72h\n")
    for year in (2024, 2025):
        for month in range(1, 13):
            for port, terminals in (
                ("Port Klang", ("Westports", "Northport")),
                ("Tanjung Pelepas", ("PTP",)),
            ):
                for terminal in terminals:
                    containers = rng.randint(40_000, 160_000)
                    out.write(
                        f"{year}-{month:02d}-01,{port},{terminal},{containers},"
                        f"{rng.uniform(30, 90):.1f},{rng.uniform(0.02, 0.25):.3f}\n"
                    )
    return out.getvalue().encode()


def _survey_csv(rng: random.Random) -> bytes:
    out = io.StringIO()
    out.write("respondent_id,age_band,state,sex,field_of_study,employed,monthly_income_band\n")
    n = 0
    for age in ("20-24", "25-29", "30-34"):
        for state in ("Selangor", "Johor", "Penang", "Sarawak"):
            for sex in ("F", "M"):
                for _ in range(rng.randint(5, 12)):  # every group ≥ 5: k-anonymous by construction
                    n += 1
                    out.write(
                        f"{n},{age},{state},{sex},{rng.choice(['Computing', 'Engineering', 'Business', 'Data science'])},"
                        f"{rng.choice(['yes', 'yes', 'yes', 'no'])},{rng.choice(['<3000', '3000-4999', '5000+'])}\n"
                    )
    return out.getvalue().encode()


def seed(*, users, stdout=None) -> dict:
    if Dataset.objects.filter(title=OPEN_TITLE).exists():
        return {"created": False}
    agency = (
        Organisation.objects.filter(kind=OrgKind.AGENCY, country_id="MY", is_fictional=True)
        .order_by("name")
        .first()
    )
    university = (
        Organisation.objects.filter(kind=OrgKind.UNIVERSITY, country_id="KE", is_fictional=True)
        .order_by("name")
        .first()
    )
    secretariat = users.get("secretariat@corridor.demo")
    researcher = users.get("professional@corridor.demo")
    if agency is None or university is None or secretariat is None or researcher is None:
        return {"created": False}
    rng = random.Random(SEED)
    Membership.objects.get_or_create(
        organisation=university, user=researcher, defaults={"role": MemberRole.MEMBER}
    )
    today = dt.date.today()
    open_ds = services.create_dataset(
        by=secretariat,
        organisation=agency,
        title=OPEN_TITLE,
        description="Monthly containers handled and median dwell time by terminal. Fictional figures generated for the demo.",
        themes=["trade", "logistics"],
        update_frequency=UpdateFrequency.MONTHLY,
        next_update=today + dt.timedelta(days=20),
        temporal_start=dt.date(2024, 1, 1),
        temporal_end=dt.date(2025, 12, 31),
        methodology="Generated with a seeded random generator for the demo.",
        caveats="Fictional: do not use for analysis.",
        access_level=AccessLevel.OPEN,
        is_fictional=True,
    )
    open_ds.countries.set(["MY"])
    version = services.new_version(by=secretariat, dataset=open_ds, notes="First release.")
    services.add_file(
        by=secretariat,
        version=version,
        upload=SimpleUploadedFile("dwell.csv", _dwell_csv(rng), content_type="text/csv"),
        title="Dwell times by terminal and month",
        licence=Licence.CC_BY_4,
    )
    services.publish_version(by=secretariat, version=version)

    restricted = services.create_dataset(
        by=secretariat,
        organisation=agency,
        title=RESTRICTED_TITLE,
        description="Answers of fresh graduates on digital skills and employment, one row per respondent. Fictional.",
        themes=["education", "labour"],
        update_frequency=UpdateFrequency.ANNUAL,
        next_update=today - dt.timedelta(days=10),  # shows an overdue update
        methodology="Generated with a seeded random generator for the demo; age banded, no names or IDs.",
        caveats="Fictional microdata.",
        personal_data=True,
        legal_basis="Consent of respondents (PDPA s.6) for research use; shared under agreement only.",
        access_level=AccessLevel.RESTRICTED,
        is_fictional=True,
    )
    restricted.countries.set(["MY"])
    services.set_quasi_identifiers(
        by=secretariat,
        dataset=restricted,
        quasi_identifiers=["age_band", "state", "sex"],
        sensitive="monthly_income_band",
    )
    version = services.new_version(by=secretariat, dataset=restricted, notes="2025 wave.")
    services.add_file(
        by=secretariat,
        version=version,
        upload=SimpleUploadedFile("survey.csv", _survey_csv(rng), content_type="text/csv"),
        title="Survey responses",
        licence=Licence.RESTRICTED,
    )
    services.check_anonymity(by=secretariat, version=version)
    services.publish_version(by=secretariat, version=version)
    request = services.request_access(
        by=researcher,
        dataset=restricted,
        purpose="model_training",
        purpose_detail="Training a model that predicts graduate employment from skills, for a joint MY–KE study.",
        duration_days=180,
        organisation=university,
    )
    services.decide_request(
        by=secretariat,
        request=request,
        approve=True,
        permitted_uses="Model training and aggregate statistics for the joint study; no re-identification.",
        retention_days=30,
        legal_basis_my=LegalBasisMY.DUE_DILIGENCE,
        legal_basis_ke=LegalBasisKE.SAFEGUARDS,
    )
    if stdout is not None:
        stdout.write(
            f"Data hub: 2 datasets by {agency.name}; {university.name} holds a data-sharing agreement."
        )
    return {"created": True}
