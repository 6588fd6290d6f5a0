"""The right of erasure: ``erase_person(user=…, by=…)``.

A person is never deleted while others' records depend on them (meeting requests, meetings and
outcomes made with others hang off their event registrations, reviews behind awarded grants off
their reviewer record; those foreign keys are ``PROTECT``). Erasing instead

* deactivates the account (no password, no staff rights) and replaces the personal fields with a
  placeholder: name "Erased user", e-mail ``erased-<id>@erased.invalid``;
* deletes what is only the person's own: API and dataset tokens, notifications, role assignments,
  the talent profile's skills and languages;
* blanks the texts they wrote about themselves in records others keep (what they wanted to discuss
  at an event, reviewer expertise, the talent profile's headline, summary and salary, which is
  hidden);
* writes one audit entry naming who erased whom (by id) and what was cleared, without the erased
  values. Earlier audit entries are kept as they are, so the audit trail stays complete.

The core knows no feature module: their models are found through the app registry, and a module
that is not installed is skipped.
"""

from __future__ import annotations

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

ERASED_NAME = "Erased user"
ERASED_DOMAIN = "erased.invalid"

#: (app label, model, lookup to the person): rows that are only the person's own.
OWN_ROWS = [
    ("core", "ApiToken", "user"),
    ("core", "Notification", "user"),
    ("core", "RoleAssignment", "user"),
    ("datahub", "DatasetToken", "user"),
    ("talent", "ProfileSkill", "profile__user"),
    ("talent", "ProfileLanguage", "profile__user"),
]
#: (app label, model, lookup to the person, {field: value}): rows others keep, personal texts blanked.
KEPT_ROWS = [
    ("matchmaking", "Registration", "user", {"wants_to_discuss": ""}),
    ("grants", "Reviewer", "user", {"expertise": ""}),
    (
        "talent",
        "ProfessionalProfile",
        "user",
        {"headline": ERASED_NAME, "summary": "", "expected_salary": None, "visibility": "hidden"},
    ),
]


def _model(app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def is_erased(user) -> bool:
    return (user.email or "").endswith("@" + ERASED_DOMAIN)


def can_erase(by, user) -> bool:
    if by is None or not getattr(by, "is_authenticated", False):
        return False
    return by.pk == user.pk or by.is_secretariat


def erase_person(*, user, by, system: bool = False):
    """Erase ``user`` (see the module text); ``by`` is the person or the secretariat; ``system=True``
    is the operator's command line (``corridor erase-user``). Returns the erased user."""
    if not system and not can_erase(by, user):
        raise PermissionDenied(_("Only the person or the secretariat can erase an account."))
    User = get_user_model()
    cleared: dict[str, int] = {}
    # One audit entry for the whole erasure (below); the single steps would repeat the erased values.
    with transaction.atomic(), disable_auditlog():
        user = User.objects.select_for_update().get(pk=user.pk)
        if is_erased(user):
            return user
        for app_label, name, lookup in OWN_ROWS:
            model = _model(app_label, name)
            if model is not None:
                count, _detail = model._default_manager.filter(**{lookup: user}).delete()
                if count:
                    cleared[f"{app_label}.{name}"] = count
        for app_label, name, lookup, values in KEPT_ROWS:
            model = _model(app_label, name)
            if model is not None:
                count = model._default_manager.filter(**{lookup: user}).update(**values)
                if count:
                    cleared[f"{app_label}.{name}"] = count
        user.full_name = ERASED_NAME
        user.email = f"erased-{user.pk}@{ERASED_DOMAIN}"
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.email_verified_at = None
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        LogEntry.objects.log_create(
            user,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            actor=by if getattr(by, "is_authenticated", False) else None,
            changes={
                "full_name": ["(erased)", ERASED_NAME],
                "email": ["(erased)", user.email],
                "is_active": ["True", "False"],
            },
            additional_data={
                "erasure": True,
                "erased_by": "command line" if system else ("self" if by.pk == user.pk else f"user {by.pk}"),
                "cleared": cleared,
            },
        )
    return user
