"""The main pages of every module, and who opens them: one list for the tools that walk the site.

The page-timing benchmark (``bench/bench_pages.py``) and the accessibility journey
(``tests/e2e/test_accessibility.py``) both read it, so a module's pages are timed and checked
with axe-core from the day they are listed here. Detail pages take the first object a persona
can see in the demo data; a page whose object does not exist in the database is left out (and
the callers say how many pages they visited).
"""

from __future__ import annotations

from dataclasses import dataclass

ANONYMOUS = None
SECRETARIAT = "secretariat@corridor.demo"
FOCAL_MY = "focal.my@corridor.demo"
MEMBER_A = "member.a@corridor.demo"
MEMBER_B = "member.b@corridor.demo"
REVIEWER = "reviewer@corridor.demo"
PROFESSIONAL = "professional@corridor.demo"


@dataclass(frozen=True)
class Page:
    module: str
    path: str
    persona: str | None  # e-mail of the demo persona, None for an anonymous visitor


# (module, path, persona): list pages and forms every persona reaches from the menu.
STATIC = [
    ("portal", "/", ANONYMOUS),
    ("portal", "/dashboard/", MEMBER_A),
    ("portal", "/dashboard/", SECRETARIAT),
    ("accounts", "/account/login/", ANONYMOUS),
    ("accounts", "/account/signup/", ANONYMOUS),
    ("accounts", "/account/preferences/", MEMBER_A),
    ("accounts", "/notifications/", MEMBER_A),
    ("orgs", "/organisations/", ANONYMOUS),
    ("orgs", "/organisations/", MEMBER_A),
    ("orgs", "/organisations/new/", MEMBER_A),
    ("matchmaking", "/events/", ANONYMOUS),
    ("matchmaking", "/events/", MEMBER_A),
    ("grants", "/grants/", ANONYMOUS),
    ("grants", "/grants/mine/", MEMBER_A),
    ("grants", "/grants/reviews/", REVIEWER),
    ("exchange", "/exchange/", ANONYMOUS),
    ("exchange", "/exchange/applications/", MEMBER_A),
    ("trade", "/trade/", ANONYMOUS),
    ("trade", "/trade/releases/", ANONYMOUS),
    ("council", "/council/", FOCAL_MY),
    ("council", "/council/dashboard/", FOCAL_MY),
    ("council", "/council/commitments/", FOCAL_MY),
    ("council", "/council/indicators/", FOCAL_MY),
    ("council", "/council/validation/", FOCAL_MY),
    ("council", "/council/reviews/", SECRETARIAT),
    ("standards", "/standards/", ANONYMOUS),
    ("standards", "/standards/check/", MEMBER_A),
    ("standards", "/standards/statistics/", SECRETARIAT),
    ("datahub", "/data/", ANONYMOUS),
    ("datahub", "/data/requests/", MEMBER_A),
    ("talent", "/talent/", ANONYMOUS),
    ("talent", "/talent/jobs/", PROFESSIONAL),
    ("talent", "/talent/professionals/", MEMBER_A),
    ("talent", "/talent/matches/", PROFESSIONAL),
    ("talent", "/talent/bridge/", ANONYMOUS),
    ("talent", "/talent/pathways/", ANONYMOUS),
    ("ventures", "/ventures/", ANONYMOUS),
    ("ventures", "/ventures/pledges/", ANONYMOUS),
    ("ventures", "/ventures/context/", ANONYMOUS),
    ("news", "/news/", ANONYMOUS),
    ("messaging", "/messages/", MEMBER_A),
    # forms
    ("matchmaking", "/events/new/", SECRETARIAT),
    ("grants", "/grants/new/", SECRETARIAT),
    ("trade", "/trade/upload/", SECRETARIAT),
    ("council", "/council/reviews/new/", SECRETARIAT),
    ("datahub", "/data/new/", MEMBER_A),
    ("talent", "/talent/jobs/new/", MEMBER_A),
    ("talent", "/talent/profile/", PROFESSIONAL),
    ("ventures", "/ventures/new/", MEMBER_A),
    ("ventures", "/ventures/pledges/new/", MEMBER_A),
    ("news", "/news/new/", SECRETARIAT),
]


def _detail_pages() -> list[Page]:
    """The first published object of each kind, opened by a persona who may see it."""
    from corridor.council.models import Review as CouncilReview
    from corridor.datahub.models import Dataset
    from corridor.exchange.models import Cohort, Programme
    from corridor.grants.models import Call
    from corridor.matchmaking.models import Event
    from corridor.news.models import Announcement
    from corridor.orgs.models import Organisation
    from corridor.talent.models import Job
    from corridor.ventures.models import Venture

    picks = [
        ("orgs", Organisation.objects.published().order_by("pk"), ANONYMOUS),
        ("matchmaking", Event.objects.order_by("-pk"), MEMBER_A),
        ("grants", Call.objects.order_by("pk"), ANONYMOUS),
        ("exchange", Programme.objects.order_by("pk"), ANONYMOUS),
        ("exchange", Cohort.objects.order_by("pk"), SECRETARIAT),
        ("council", CouncilReview.objects.order_by("pk"), SECRETARIAT),
        ("datahub", Dataset.objects.order_by("pk"), MEMBER_A),
        ("talent", Job.objects.order_by("pk"), PROFESSIONAL),
        ("ventures", Venture.objects.order_by("pk"), SECRETARIAT),
        ("news", Announcement.objects.live().order_by("-pk"), ANONYMOUS),
    ]
    out = []
    for module, qs, persona in picks:
        obj = qs.first()
        if obj is not None:
            out.append(Page(module, obj.get_absolute_url(), persona))
    from django.utils import timezone

    now = timezone.now()
    call = (
        Call.objects.filter(status="published", opens_at__lte=now, closes_at__gt=now).order_by("pk").first()
    )
    if call is not None:
        out.append(Page("grants", f"/grants/{call.slug}/apply/", MEMBER_A))
    cohort = (
        Cohort.objects.filter(applications_open__lte=now, applications_close__gt=now).order_by("pk").first()
    )
    if cohort is not None:
        out.append(Page("exchange", f"/exchange/cohorts/{cohort.pk}/apply/", MEMBER_B))
    event = Event.objects.filter(registrations__user__email=MEMBER_A).order_by("-pk").first()
    if event is not None:
        for tail in ("participants/", "requests/", "agenda/"):
            out.append(Page("matchmaking", f"/events/{event.slug}/{tail}", MEMBER_A))
    return out


def main_pages() -> list[Page]:
    return [Page(*row) for row in STATIC] + _detail_pages()
