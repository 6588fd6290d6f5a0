"""Demo data: the real registry (facts with sources) plus a fictional, marked history of status changes."""

from __future__ import annotations

import datetime as dt

FICTIONAL_CHANGES = [
    (
        "einvoicing",
        "negotiating",
        dt.date(2025, 9, 15),
        "Fictional demo: council working group on e-invoice interoperability (MyInvois ↔ eTIMS crosswalk) opened.",
    ),
    (
        "esignatures",
        "negotiating",
        dt.date(2025, 10, 1),
        "Fictional demo: exchange of certification-authority lists (Digital Signature Act 1997 / KICA s. 83O) started.",
    ),
]


def seed(*, users, stdout) -> None:
    from .models import RecognitionArea, StatusChange
    from .services import change_status, load_registry

    created = load_registry()
    secretariat = users.get("secretariat@corridor.demo")
    for domain, status, date, decision in FICTIONAL_CHANGES:
        area = RecognitionArea.objects.filter(domain=domain).first()
        if (
            area is None
            or StatusChange.objects.filter(area=area, is_fictional=True).exists()
            or secretariat is None
        ):
            continue
        if area.status != status:
            change_status(
                by=secretariat, area=area, to_status=status, decision=decision, date=date, fictional=True
            )
    stdout.write(
        f"standards: registry loaded ({created[0]} domains, {created[1]} instruments new); fictional history marked.\n"
    )
