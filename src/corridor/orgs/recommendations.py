"""Partner recommendations: load organisations, run ``engines.recommend``, store the top 10.

Computed in a background task (eager without Redis) whenever a profile, posting or feedback
changes; pages and the API only read the stored rows, never compute on a view.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.core.models import Sector
from corridor.engines import recommend as engine

from . import access
from .enums import FeedbackKind, OrgStatus
from .models import Organisation, PartnerRecommendation, Posting, RecommendationFeedback

TOP_K = 10


def profiles() -> list[engine.OrgProfile]:
    """Every published partner-country organisation as the engine sees it (profile, current
    postings, sectors); also read by the recommendation benchmark's time split."""
    today = timezone.localdate()
    postings: dict[int, list[engine.Posting]] = {}
    for p in (
        Posting.objects.current(today)
        .filter(organisation__status=OrgStatus.PUBLISHED)
        .select_related("sector")
    ):
        postings.setdefault(p.organisation_id, []).append(
            engine.Posting(
                kind=p.kind,
                is_offer=p.type == "offer",
                sector=p.sector.slug,
                title=p.title,
                text=p.description,
                target_country=p.target_country_id,
            )
        )
    sectors_of: dict[int, set[str]] = {}
    through = Organisation.sectors.through
    for org_id, slug in through.objects.filter(organisation__status=OrgStatus.PUBLISHED).values_list(
        "organisation_id", "sector__slug"
    ):
        sectors_of.setdefault(org_id, set()).add(slug)
    profiles = []
    for org in (
        Organisation.objects.published()
        .filter(country_id__in=settings.PARTNER_COUNTRIES)
        .only("id", "name", "country_id", "kind", "description", "languages")
    ):
        profiles.append(
            engine.OrgProfile(
                id=org.pk,
                country=org.country_id,
                kind=org.kind,
                sectors=frozenset(sectors_of.get(org.pk, ())),
                description=org.description,
                languages=frozenset(x.strip() for x in org.languages.split(",") if x.strip()),
                postings=tuple(postings.get(org.pk, ())),
                name=org.name,
            )
        )
    return profiles


def refresh_recommendations() -> int:
    """Recompute and store every organisation's top partners. Returns the number of rows stored.

    A pair still suggested keeps its row (rank, score, reasons and time renewed), so a venture
    that started from it keeps its origin (``Venture.origin_recommendation``); only pairs no longer
    suggested are deleted, and new ones created."""
    orgs = profiles()
    feedback = [
        engine.Feedback(org_id=o, partner_id=p, kind=k)
        for o, p, k in RecommendationFeedback.objects.values_list("organisation_id", "partner_id", "kind")
    ]
    sector_names = dict(Sector.objects.values_list("slug", "name"))
    result = engine.recommend(orgs, k=TOP_K, feedback=feedback, sector_names=sector_names) if orgs else {}
    now = timezone.now()
    rows = [
        PartnerRecommendation(
            organisation_id=org_id,
            partner_id=rec.partner_id,
            rank=rank,
            score=round(float(rec.score), 6),
            reasons=[{"code": r.code, "text": r.text} for r in rec.reasons],
            computed_at=now,
        )
        for org_id, recs in result.items()
        for rank, rec in enumerate(recs, start=1)
    ]
    with transaction.atomic():
        stored = {
            (r.organisation_id, r.partner_id): r for r in PartnerRecommendation.objects.select_for_update()
        }
        kept, new = [], []
        for row in rows:
            old = stored.pop((row.organisation_id, row.partner_id), None)
            if old is None:
                new.append(row)
            else:
                old.rank, old.score, old.reasons, old.computed_at = row.rank, row.score, row.reasons, now
                kept.append(old)
        if stored:
            PartnerRecommendation.objects.filter(pk__in=[r.pk for r in stored.values()]).delete()
        PartnerRecommendation.objects.bulk_update(
            kept, ["rank", "score", "reasons", "computed_at"], batch_size=1000
        )
        PartnerRecommendation.objects.bulk_create(new, batch_size=2000)
    return len(rows)


PENDING_KEY = "orgs:recommendations-refresh-pending"
REFRESH_DELAY_S = 30


def schedule_refresh() -> None:
    """Queue one refresh after the current transaction commits.

    With a worker (Redis), changes made within ``REFRESH_DELAY_S`` share one queued run: the
    first change sets a cache flag and queues the task with a countdown; later ones see the flag
    and queue nothing; the task clears the flag before it reads the data, so a change made while
    it runs queues the next run. Without a worker tasks run eagerly, once per committed change.
    """
    if not getattr(settings, "RECOMMENDATIONS_REFRESH_ON_CHANGE", True):
        return
    from .tasks import refresh_recommendations_task

    def enqueue():
        if settings.CELERY_TASK_ALWAYS_EAGER:
            refresh_recommendations_task.delay()
        elif cache.add(PENDING_KEY, 1, timeout=REFRESH_DELAY_S * 10):
            refresh_recommendations_task.apply_async(countdown=REFRESH_DELAY_S)

    transaction.on_commit(enqueue)


def recommendations_for(*, organisation: Organisation, user):
    """Stored recommendations of an organisation, for its members and the secretariat only."""
    if not access.can_see_drafts(user, organisation):
        raise access.NotFound
    return (
        PartnerRecommendation.objects.filter(organisation=organisation, partner__status=OrgStatus.PUBLISHED)
        .select_related("partner", "partner__country")
        .prefetch_related("partner__sectors")
        .order_by("rank")
    )


def recommended_partner_ids(organisation: Organisation) -> list[int]:
    return list(
        PartnerRecommendation.objects.filter(organisation=organisation)
        .order_by("rank")
        .values_list("partner_id", flat=True)
    )


def give_feedback(
    *, organisation: Organisation, partner: Organisation, kind: str, by
) -> RecommendationFeedback:
    """Record "not relevant" or "contacted" for a suggested partner; rankings refresh afterwards."""
    if not access.can_see_drafts(by, organisation):
        raise access.NotFound
    if kind not in FeedbackKind.values:
        raise invalid("kind", _("Choose not_relevant or contacted."), code="choose_relevant_contacted")
    if partner.pk == organisation.pk:
        raise invalid("partner", _("An organisation cannot rate itself."), code="organisation_rate_itself")
    with transaction.atomic(), acting_as(by):
        fb, _created = RecommendationFeedback.objects.update_or_create(
            organisation=organisation, partner=partner, defaults={"kind": kind, "given_by": by}
        )
        if kind == FeedbackKind.NOT_RELEVANT:
            PartnerRecommendation.objects.filter(organisation=organisation, partner=partner).delete()
        schedule_refresh()
    return fb
