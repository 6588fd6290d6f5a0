"""Applications to jobs and their status transitions (employer and applicant moves)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.access import is_secretariat, require_authenticated
from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.core.notifications import notify
from corridor.orgs.queries import members_of

from .. import access, credentials
from ..enums import ApplicationStatus, JobStatus
from ..models import Application, ApplicationEvent, Job, PermitPathway, ProfessionalProfile
from ._common import _text

EMPLOYER_MOVES = {
    ApplicationStatus.APPLIED: {ApplicationStatus.SHORTLISTED, ApplicationStatus.DECLINED},
    ApplicationStatus.SHORTLISTED: {ApplicationStatus.OFFERED, ApplicationStatus.DECLINED},
    ApplicationStatus.OFFERED: {ApplicationStatus.PERMIT_FILED, ApplicationStatus.MOVED},
    ApplicationStatus.PERMIT_FILED: {ApplicationStatus.MOVED},
    ApplicationStatus.MOVED: {ApplicationStatus.RETURNED},
}
APPLICANT_MOVES = {
    ApplicationStatus.APPLIED: {ApplicationStatus.WITHDRAWN},
    ApplicationStatus.SHORTLISTED: {ApplicationStatus.WITHDRAWN},
    ApplicationStatus.OFFERED: {ApplicationStatus.WITHDRAWN},
    ApplicationStatus.MOVED: {ApplicationStatus.RETURNED},
}


def apply_to_job(*, by, job: Job, cover_note: str = "") -> Application:
    """``by`` applies with their profile to an open job."""
    require_authenticated(by)
    if not access.can_view_job(by, job):
        raise access.NotFound
    profile = ProfessionalProfile.objects.filter(user=by).first()
    if profile is None:
        raise invalid(None, _("Create your professional profile first."), code="profile_required")
    if job.status != JobStatus.OPEN or job.is_expired:
        raise invalid(None, _("This job is no longer open."), code="job_closed")
    cover_note = _text(cover_note, field="cover_note", max_length=3000)
    with transaction.atomic(), acting_as(by):
        if Application.objects.filter(job=job, profile=profile).exists():
            raise invalid(None, _("You have already applied to this job."), code="already_applied")
        application = Application.objects.create(job=job, profile=profile, cover_note=cover_note)
        ApplicationEvent.objects.create(application=application, to_status=ApplicationStatus.APPLIED, by=by)
        url = application.get_absolute_url()
        for member in members_of(job.organisation):
            if member.user_id != by.pk and access.can_act_for(member.user, job.organisation):
                user = member.user
                notify(user=user, text=lambda: _("New application to %(job)s.") % {"job": job.title}, url=url)
    return application


def transition(*, by, application: Application, to_status: str, note: str = "", pathway=None) -> Application:
    """Move an application along applied → shortlisted → offered → permit filed → moved →
    returned (or declined / withdrawn). The employer moves it forward; the applicant may
    withdraw or record a return. Reaching "moved" issues the placement credential."""
    if not access.can_view_application(by, application):
        raise access.NotFound
    note = _text(note, field="note", max_length=300)
    if to_status not in ApplicationStatus.values:
        raise invalid("status", _("Unknown status."), code="invalid_choice")
    with transaction.atomic(), acting_as(by):
        app = Application.objects.select_for_update().get(pk=application.pk)
        app = access.get_application(by, app.pk)
        employer = access.can_act_for(by, app.job.organisation)
        applicant = app.profile.user_id == by.pk
        allowed = set()
        if employer:
            allowed |= EMPLOYER_MOVES.get(app.status, set())
        if applicant:
            allowed |= APPLICANT_MOVES.get(app.status, set())
        if not employer and not applicant and not is_secretariat(by):
            raise PermissionDenied
        if to_status not in allowed:
            raise invalid(
                "status",
                _("An application that is %(s)s cannot become %(t)s.")
                % {"s": app.get_status_display(), "t": ApplicationStatus(to_status).label},
                code="transition_not_allowed",
            )
        if pathway is not None:
            if not isinstance(pathway, PermitPathway) or pathway.country_id not in (app.job.country_id,):
                raise invalid(
                    "pathway", _("Choose a pathway of the job's country."), code="pathway_wrong_country"
                )
            app.pathway = pathway
        previous = app.status
        app.status = to_status
        if to_status == ApplicationStatus.MOVED:
            app.moved_on = timezone.localdate()
        app.save()
        ApplicationEvent.objects.create(
            application=app, from_status=previous, to_status=to_status, by=by, note=note
        )
        if to_status == ApplicationStatus.MOVED:
            credentials.issue_for_placement(application=app, by=by)

        def text():
            return _("Your application to %(job)s is now: %(s)s.") % {
                "job": app.job.title,
                "s": app.get_status_display(),
            }

        url = app.get_absolute_url()
        recipients = (
            [app.profile.user] if not applicant else [m.user for m in members_of(app.job.organisation)]
        )
        for user in recipients:
            if user.pk != by.pk:
                notify(user=user, text=text, url=url)
    return app
