import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from corridor.core.models import Country
from corridor.grants import services
from corridor.grants.enums import ProposalStatus
from corridor.grants.models import Proposal
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="plan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def call(personas):
    now = timezone.now()
    return services.create_call(
        by=personas.secretariat,
        title="Digital logistics research 2026",
        currency="USD",
        total_budget=100_000,
        max_award=50_000,
        opens_at=now - dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=10),
        review_deadline=now + dt.timedelta(days=30),
        criteria=[("Excellence", 2), ("Impact", 1)],
        challenges="Port congestion\nFinancial inclusion",
        required_documents="Project plan",
        reviews_per_proposal=2,
        max_load=4,
    )


@pytest.fixture
def draft(personas, call):
    return services.save_proposal(
        by=personas.alice,
        call=call,
        title="Cold-chain data exchange for Port Klang and Mombasa",
        lead=personas.org_a,
        partners=[personas.org_b],
        abstract="Shared logistics data between ports to cut cold-chain losses.",
        keywords="logistics, cold chain, ports",
        theme="Port congestion",
        budget=[(personas.org_a, "Research staff", 20_000), (personas.org_b, "Pilot", 10_000)],
        milestones=[("Pilot report", timezone.localdate() + dt.timedelta(days=60), 30_000)],
    )


@pytest.fixture
def submitted(personas, draft):
    services.add_attachment(by=personas.alice, proposal=draft, kind="Project plan", file=pdf())
    return services.submit_proposal(by=personas.alice, proposal=draft)


@pytest.fixture
def reviewers(personas, call, my, ke):
    """Rita (the persona, MY) and two more: Kofi (KE) and Mei (MY)."""
    rita = services.register_reviewer(
        by=personas.secretariat,
        user=personas.reviewer,
        expertise="logistics, ports, cold chain",
        country=my,
        calls=[call],
    )
    kofi = services.register_reviewer(
        by=personas.secretariat,
        user=UserFactory(full_name="Kofi Mensah"),
        expertise="ports, trade data",
        country=ke,
        calls=[call],
    )
    mei = services.register_reviewer(
        by=personas.secretariat,
        user=UserFactory(full_name="Mei Chen"),
        expertise="fintech, payments",
        country=my,
        calls=[call],
    )
    return SimpleNamespace(rita=rita, kofi=kofi, mei=mei)


@pytest.fixture
def run_assignment(personas, django_capture_on_commit_callbacks):
    """Start a run and execute its task (queued on commit) like the eager Celery worker does."""

    def _run(call, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            run = services.start_assignment(by=personas.secretariat, call=call, **kwargs)
        run.refresh_from_db()
        return run

    return _run


@pytest.fixture
def assigned(call, submitted, reviewers, run_assignment):
    return run_assignment(call)


def make_submitted(personas, call, n, title="Proposal"):
    out = []
    for i in range(n):
        p = services.save_proposal(
            by=personas.alice,
            call=call,
            title=f"{title} {i}",
            lead=personas.org_a,
            partners=[personas.org_b],
            abstract="Ports and logistics.",
            budget=[(personas.org_a, "Staff", 1000)],
        )
        services.add_attachment(by=personas.alice, proposal=p, kind="Project plan", file=pdf())
        services.submit_proposal(by=personas.alice, proposal=p)
        out.append(Proposal.objects.get(pk=p.pk))
    return out


__all__ = ["pdf", "make_submitted", "ProposalStatus", "Country", "MembershipFactory", "OrganisationFactory"]
