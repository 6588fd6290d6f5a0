"""Services: applications."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import fields_invalid
from corridor.core.uploads import document_upload, sniff
from corridor.orgs.enums import OrgKind

from .. import access
from ..enums import (
    ApplicationStatus,
    Direction,
    StartupStage,
)
from ..models import (
    Application,
    Choice,
    Cohort,
    Evaluation,
    HostPlace,
)
from ._common import deck_max_bytes

# ---- applications ----


def eligibility_problems(*, cohort: Cohort, organisation, stage: str) -> dict[str, str]:
    """Why ``organisation`` may not apply to ``cohort`` (field → reason); empty when eligible."""
    problems: dict[str, str] = {}
    if organisation.kind != OrgKind.STARTUP:
        problems["organisation"] = _("Only startups can apply; %(o)s is registered as a %(k)s.") % {
            "o": organisation.name,
            "k": organisation.get_kind_display().lower(),
        }
    direction = cohort.programme.direction
    allowed = {Direction.MY_KE: {"MY"}, Direction.KE_MY: {"KE"}}.get(direction, {"MY", "KE"})
    if organisation.country_id not in allowed:
        problems.setdefault(
            "organisation",
            _("This programme takes startups from %(c)s.") % {"c": ", ".join(sorted(allowed))},
        )
    if cohort.eligible_stages and stage not in cohort.eligible_stages:
        labels = ", ".join(str(StartupStage(s).label) for s in cohort.eligible_stages)
        problems["stage"] = _("This cohort takes startups at these stages: %(s)s.") % {"s": labels}
    if cohort.founded_after and not (
        organisation.founded_year and organisation.founded_year > cohort.founded_after
    ):
        problems["organisation"] = _(
            "Startups founded after %(y)s only; update your founding year if it is missing."
        ) % {"y": cohort.founded_after}
    wanted = {s.pk for s in cohort.eligible_sectors.all()}
    if wanted and not wanted & {s.pk for s in organisation.sectors.all()}:
        names = ", ".join(sorted(s.name for s in cohort.eligible_sectors.all()))
        problems.setdefault("organisation", _("This cohort is for startups in %(s)s.") % {"s": names})
    return problems


def _check_deck(deck) -> str | None:
    if deck is None:
        return None
    if deck.size > deck_max_bytes():
        return _("The pitch deck is larger than %(mb)s MB.") % {"mb": deck_max_bytes() // (1024 * 1024)}
    if sniff(deck).kind != "pdf":
        return _("The pitch deck must be a PDF file.")
    return None


def submit_application(
    *,
    by,
    cohort: Cohort,
    organisation,
    hosts: list,
    stage: str,
    answers: list[str] | None = None,
    pitch_deck=None,
    now: dt.datetime | None = None,
) -> Application:
    """Apply (or update an application) to ``cohort`` ranking ``hosts`` (HostPlace objects or ids,
    best first). Checks window, eligibility and the ranking; replaces any earlier ranking."""
    if not access.can_act_for(by, organisation):
        raise access.NotFound
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if not cohort.is_open(now):
        errors["cohort"] = _("Applications to %(c)s are open from %(a)s to %(b)s.") % {
            "c": cohort.name,
            "a": timezone.localtime(cohort.applications_open).strftime("%d %b %Y %H:%M"),
            "b": timezone.localtime(cohort.applications_close).strftime("%d %b %Y %H:%M"),
        }
    if stage not in StartupStage.values:
        errors["stage"] = _("Choose a stage.")
    errors.update(
        {
            k: v
            for k, v in eligibility_problems(cohort=cohort, organisation=organisation, stage=stage).items()
            if k not in errors
        }
    )
    host_ids = [h.pk if isinstance(h, HostPlace) else int(h) for h in hosts]
    by_id = {
        h.pk: h
        for h in HostPlace.objects.filter(cohort=cohort, pk__in=host_ids).select_related("organisation")
    }
    if not host_ids:
        errors["hosts"] = _("Rank at least one host hub.")
    elif len(host_ids) > cohort.max_ranked:
        errors["hosts"] = _("You may rank at most %(n)s hosts; you ranked %(m)s.") % {
            "n": cohort.max_ranked,
            "m": len(host_ids),
        }
    elif len(set(host_ids)) != len(host_ids):
        errors["hosts"] = _("Each host can be ranked only once.")
    elif any(h not in by_id for h in host_ids):
        errors["hosts"] = _("Rank only hosts taking part in this cohort.")
    elif any(by_id[h].organisation.country_id == organisation.country_id for h in host_ids):
        errors["hosts"] = _("Rank hosts in the other country; %(o)s is in your own country.") % {
            "o": next(
                by_id[h].organisation.name
                for h in host_ids
                if by_id[h].organisation.country_id == organisation.country_id
            )
        }
    deck_error = _check_deck(pitch_deck)
    if deck_error:
        errors["pitch_deck"] = deck_error
    if errors:
        raise fields_invalid(errors)
    with transaction.atomic(), acting_as(by):
        app, created = Application.objects.get_or_create(
            cohort=cohort,
            organisation=organisation,
            defaults={"stage": stage, "answers": answers or [], "submitted_by": by},
        )
        if not created:
            app.stage, app.answers, app.status = stage, answers or [], ApplicationStatus.SUBMITTED
        if pitch_deck is not None:
            # Stored as <uuid>.pdf whatever the uploader called it (core.uploads).
            _sniffed, pitch_deck = document_upload(
                pitch_deck, field="pitch_deck", allowed={"pdf"}, max_bytes=deck_max_bytes()
            )
            app.pitch_deck = pitch_deck
        app.save()
        app.choices.all().delete()
        Choice.objects.bulk_create(
            [Choice(application=app, host_id=h, rank=i) for i, h in enumerate(host_ids, start=1)]
        )
        # Hubs the applicant no longer ranks lose their evaluation of it.
        Evaluation.objects.filter(application=app).exclude(host_id__in=host_ids).delete()
    return app
