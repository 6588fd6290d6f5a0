"""Grants demo data (deterministic): one closed call with proposals, an assignment run, reviews
and awards, and one open call. Uses the demo personas' organisations; extra reviewers are
fictional placeholders. Idempotent: does nothing if the demo calls exist."""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from corridor.core.models import Country, User
from corridor.orgs.models import Organisation

from . import services
from .enums import Outcome, ProposalStatus
from .models import AssignmentRun, Call, Proposal

CLOSED = "Joint research grants 2025: digital logistics and inclusive finance"
OPEN = "Joint research grants 2026: shared data infrastructure for AI"
PDF = b"%PDF-1.4\n% Corridor demo document\n%%EOF\n"
TOPICS = [
    (
        "Cold-chain visibility between Port Klang and Mombasa",
        "logistics, cold chain, ports, IoT",
        "Port congestion",
    ),
    (
        "Mobile money rails for cross-border SME payments",
        "fintech, payments, mobile money",
        "Financial inclusion",
    ),
    ("Open trade data for halal and tea exporters", "trade data, exports, standards", "Port congestion"),
    (
        "Credit scoring for smallholder farmers with alternative data",
        "fintech, credit, agriculture, machine learning",
        "Financial inclusion",
    ),
    ("Customs pre-clearance with shared e-documents", "customs, logistics, e-documents", "Port congestion"),
    ("Digital identity for micro-merchants", "identity, payments, inclusion", "Financial inclusion"),
]


def _pdf():
    return SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")


def seed_grants(*, secretariat: User, applicant_a: User, applicant_b: User, reviewer: User, now=None) -> dict:
    """Call as ``seed_grants(secretariat=…, applicant_a=member.a, applicant_b=member.b, reviewer=…)``."""
    if Call.objects.filter(title__in=[CLOSED, OPEN]).exists():
        return {"calls": 0}
    now = now or timezone.now()
    rng = random.Random(2026)
    my, ke = Country.objects.get(code="MY"), Country.objects.get(code="KE")
    org_a = Organisation.objects.filter(memberships__user=applicant_a).first()
    org_b = Organisation.objects.filter(memberships__user=applicant_b).first()
    others_my = list(
        Organisation.objects.filter(country=my, status="published").exclude(pk=org_a.pk).order_by("pk")[:3]
    )
    others_ke = list(
        Organisation.objects.filter(country=ke, status="published").exclude(pk=org_b.pk).order_by("pk")[:3]
    )
    closed = services.create_call(
        by=secretariat,
        title=CLOSED,
        currency="USD",
        total_budget=150_000,
        max_award=50_000,
        opens_at=now - dt.timedelta(days=60),
        closes_at=now + dt.timedelta(days=1),
        review_deadline=now + dt.timedelta(days=20),
        criteria=[("Scientific excellence", 2), ("Impact on the corridor", 2), ("Team and feasibility", 1)],
        challenges="Port congestion\nFinancial inclusion",
        required_documents="Project plan",
        description="Joint MY–KE teams with a startup solving logistics and inclusive-finance challenges.",
        reviews_per_proposal=2,
        max_load=6,
        startup_required=False,
    )
    services.create_call(
        by=secretariat,
        title=OPEN,
        currency="USD",
        total_budget=200_000,
        max_award=60_000,
        opens_at=now - dt.timedelta(days=5),
        closes_at=now + dt.timedelta(days=45),
        criteria=[("Excellence", 1), ("Impact", 1)],
        challenges="Data sharing\nAI for agriculture",
        required_documents="Project plan\nData management plan",
        description="Shared data infrastructure for AI/ML between the two countries.",
    )
    reviewers = [
        services.register_reviewer(
            by=secretariat,
            user=reviewer,
            expertise="logistics, ports, trade data",
            country=my,
            calls=[closed],
        )
    ]
    for i, (name, country, expertise) in enumerate(
        [
            ("Wanjiku Njoroge", ke, "fintech, payments, credit"),
            ("Aisyah Rahman", my, "payments, identity, inclusion"),
            ("Otieno Were", ke, "customs, logistics, agriculture"),
        ]
    ):
        user, _ = User.objects.get_or_create(
            email=f"grant.reviewer{i + 1}@corridor.demo",
            defaults={"full_name": name, "email_verified_at": now},
        )
        reviewers.append(
            services.register_reviewer(
                by=secretariat, user=user, expertise=expertise, country=country, calls=[closed]
            )
        )
    proposals = []
    for i, (title, keywords, theme) in enumerate(TOPICS):
        applicant, lead, partner = (applicant_a, org_a, org_b) if i % 2 == 0 else (applicant_b, org_b, org_a)
        extra = (others_ke if lead.country_id == "MY" else others_my)[i % 3 : i % 3 + 1]
        amount = 20_000 + 5_000 * (i % 4)
        p = services.save_proposal(
            by=applicant,
            call=closed,
            title=title,
            lead=lead,
            partners=[partner, *extra],
            abstract=f"{title}: a joint Malaysia–Kenya pilot with measurable outcomes.",
            keywords=keywords,
            theme=theme,
            budget=[(lead, "Research staff", amount * 0.6), (partner, "Pilot deployment", amount * 0.4)],
            milestones=[
                ("Inception report", (now + dt.timedelta(days=90)).date(), amount / 2),
                ("Final report", (now + dt.timedelta(days=300)).date(), amount / 2),
            ],
        )
        services.add_attachment(by=applicant, proposal=p, kind="Project plan", file=_pdf())
        proposals.append(services.submit_proposal(by=applicant, proposal=p, now=now))
    run = AssignmentRun.objects.create(call=closed, actor=secretariat)
    services.execute_assignment(run_id=run.pk)
    for p in proposals:
        for a in p.assignments.select_related("reviewer__user"):
            criteria = list(closed.criteria.all())
            services.submit_review(
                by=a.reviewer.user,
                proposal=p,
                scores={str(c.pk): rng.randint(2, 5) for c in criteria},
                comments_for_applicants="Clear plan; strengthen the evaluation of outcomes.",
                confidential_comments="",
                now=now,
            )
    closed.closes_at = now - dt.timedelta(days=1)
    closed.save(update_fields=["closes_at"])
    support = services.decision_support(by=secretariat, call=closed)
    chosen = set(support["selection"].ids)
    for p in Proposal.objects.filter(call=closed, status=ProposalStatus.SUBMITTED).order_by("pk"):
        if p.pk in chosen:
            services.decide(
                by=secretariat,
                proposal=p,
                outcome=Outcome.AWARD,
                reason="Ranked within the budget by calibrated score.",
            )
        else:
            services.decide(
                by=secretariat, proposal=p, outcome=Outcome.DECLINE, reason="Below the funding line."
            )
    return {"calls": 2, "proposals": len(proposals), "awards": len(chosen)}
