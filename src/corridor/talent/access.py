"""Who may see what in the talent module (built on the core and orgs access helpers).

* A profile is seen by its owner and the secretariat; otherwise ``public`` profiles by anyone,
  ``employers`` profiles by members of any organisation, ``hidden`` ones by nobody else.
  A profile a user may not see answers exactly like a missing one.
* A job is seen by anyone while open and unexpired; always by those who act for its
  organisation and the secretariat.
* An application is seen by the applicant, those who act for the job's organisation and the
  secretariat.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from corridor.core.access import NotFound, is_authenticated, is_secretariat
from corridor.orgs.access import can_act_for
from corridor.orgs.enums import OrgStatus
from corridor.orgs.models import Membership

from .enums import JobStatus, Visibility
from .models import Application, Credential, Job, ProfessionalProfile

__all__ = ["NotFound", "can_act_for", "is_secretariat"]


def is_employer(user) -> bool:
    """A member of at least one organisation (sees employers-only profiles)."""
    if not is_authenticated(user):
        return False
    cached = getattr(user, "_talent_is_employer", None)
    if cached is None:
        cached = Membership.objects.filter(user=user).exists()
        user._talent_is_employer = cached
    return cached


def profile_filter(user) -> Q:
    """The Q that keeps only the profiles ``user`` may see."""
    if is_secretariat(user):
        return Q()
    allowed = Q(visibility=Visibility.PUBLIC)
    if is_employer(user):
        allowed |= Q(visibility=Visibility.EMPLOYERS)
    if is_authenticated(user):
        allowed |= Q(user=user)
    return allowed


def can_view_profile(user, profile: ProfessionalProfile) -> bool:
    if is_secretariat(user) or (is_authenticated(user) and profile.user_id == user.pk):
        return True
    if profile.visibility == Visibility.PUBLIC:
        return True
    return profile.visibility == Visibility.EMPLOYERS and is_employer(user)


def get_profile(user, pk) -> ProfessionalProfile:
    try:
        profile = ProfessionalProfile.objects.select_related(
            "user", "occupation", "country", "desired_country", "expected_currency"
        ).get(pk=pk)
    except (ProfessionalProfile.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    if not can_view_profile(user, profile):
        raise NotFound
    return profile


def job_filter(user) -> Q:
    if is_secretariat(user):
        return Q()
    public = Q(
        status=JobStatus.OPEN, expires_on__gte=timezone.localdate(), organisation__status=OrgStatus.PUBLISHED
    )
    if is_authenticated(user):
        from corridor.orgs.access import acting_organisation_ids

        return public | Q(organisation_id__in=acting_organisation_ids(user))
    return public


def can_view_job(user, job: Job) -> bool:
    """Open, unexpired jobs of published organisations are public (a draft organisation's
    jobs stay with those who act for it)."""
    if job.status == JobStatus.OPEN and not job.is_expired and job.organisation.status == OrgStatus.PUBLISHED:
        return True
    return can_act_for(user, job.organisation)


def get_job(user, pk, *, for_admin: bool = False) -> Job:
    try:
        job = (
            Job.objects.select_related(
                "organisation", "organisation__country", "occupation", "currency", "country"
            )
            .prefetch_related("skills__skill")
            .get(pk=pk)
        )
    except (Job.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    allowed = can_act_for(user, job.organisation) if for_admin else can_view_job(user, job)
    if not allowed:
        raise NotFound
    return job


def require_act_for_job(user, job: Job) -> None:
    if not can_act_for(user, job.organisation):
        raise PermissionDenied


def can_view_application(user, application: Application) -> bool:
    if not is_authenticated(user):
        return False
    return (
        application.profile.user_id == user.pk
        or is_secretariat(user)
        or can_act_for(user, application.job.organisation)
    )


def get_application(user, pk) -> Application:
    try:
        application = Application.objects.select_related(
            "job", "job__organisation", "job__country", "job__currency", "profile", "profile__user", "pathway"
        ).get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    if not can_view_application(user, application):
        raise NotFound
    return application


def get_credential(user, pk) -> Credential:
    """Credentials are seen by their subject and the secretariat (the signed file is the
    subject's to share)."""
    try:
        credential = Credential.objects.select_related("subject").get(pk=pk)
    except (Credential.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    if not (is_secretariat(user) or (is_authenticated(user) and credential.subject_id == user.pk)):
        raise NotFound
    return credential


def get_check(user, pk):
    """An eligibility check: seen by who ran it, the profile's owner and the secretariat."""
    from .models import EligibilityCheck

    if not str(pk).isdigit():
        raise NotFound
    check = EligibilityCheck.objects.select_related("profile", "job", "currency").filter(pk=pk).first()
    if check is None or not (
        (is_authenticated(user) and (check.checked_by_id == user.pk or check.profile.user_id == user.pk))
        or is_secretariat(user)
    ):
        raise NotFound
    return check


def get_qualification_for_secretariat(user, pk):
    from .models import Qualification

    if not is_secretariat(user):
        raise NotFound
    qualification = Qualification.objects.select_related("profile").filter(pk=pk).first()
    if qualification is None:
        raise NotFound
    return qualification


def get_rule_for_secretariat(user, pk):
    from .models import PermitRule

    if not is_secretariat(user):
        raise NotFound
    rule = PermitRule.objects.select_related("pathway", "currency").filter(pk=pk).first()
    if rule is None:
        raise NotFound
    return rule


def get_pathway(pk):
    """A permit pathway (public data) by id."""
    from .models import PermitPathway

    if not str(pk).isdigit():
        raise NotFound
    pathway = PermitPathway.objects.select_related("country").filter(pk=pk).first()
    if pathway is None:
        raise NotFound
    return pathway


def get_pathway_for_secretariat(user, pk):
    if not is_secretariat(user):
        raise NotFound
    return get_pathway(pk)
