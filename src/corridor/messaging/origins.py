"""Resolve where a conversation starts from into its two parties, checked for the user.

``to`` names the other side: ``org:<slug>`` (an organisation the user may see) or
``user:<id>`` (a person registered at the same event as the user). ``about`` says where the
button was pressed: a profile, a suggested partner, a meeting request, a job or an event's list
of participants. Every lookup goes through the owning module's access rules, so a hidden
organisation, job, event or request answers ``NotFound`` exactly like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from corridor.core.errors import invalid
from corridor.matchmaking import access as event_access
from corridor.matchmaking.models import Registration
from corridor.orgs import access as org_access
from corridor.orgs.models import Organisation
from corridor.talent import access as talent_access

from . import access
from .enums import Origin

ME = "me"


@dataclass
class Target:
    origin: str
    label: str = ""
    organisation: Organisation | None = None
    user: object | None = None
    event: object | None = None
    person_only: bool = False
    default_sender: str = ME
    senders: list[tuple[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return self.user.full_name or self.user.email


def _person_at_event(user, *, user_id, event):
    if event_access.registration_of(user, event) is None:
        raise access.NotFound
    user_id = access.as_id(user_id)
    reg = (
        Registration.objects.select_related("user").filter(event=event, user_id=user_id).first()
        if user_id is not None
        else None
    )
    if reg is None or reg.user_id == user.pk:
        raise access.NotFound
    return reg.user


def resolve(
    user, *, to: str = "", about: str = "", about_id=None, event: str = "", sender: str = ""
) -> Target:
    """The other side and the context label for a new message from ``user``."""
    access.require_authenticated(user)
    about = about or Origin.PROFILE
    if about not in Origin.values:
        raise invalid("about", _("Unknown place to start a conversation from."), code="invalid_choice")
    if about in (Origin.JOB, Origin.MEETING):
        pk = access.as_id(about_id)
        if pk is None:
            raise invalid("about_id", _("Give the id of the job or meeting request."), code="invalid")
        about_id = pk
    if about == Origin.JOB:
        job = talent_access.get_job(user, about_id)
        target = Target(
            origin=about, organisation=job.organisation, label=_("Job: %(title)s") % {"title": job.title}
        )
    elif about == Origin.MEETING:
        req = event_access.get_request(user, pk=about_id)
        if req.requester.user_id == user.pk:
            other = req.receiver.user
        elif req.receiver.user_id == user.pk:
            other = req.requester.user
        else:
            raise access.NotFound
        target = Target(
            origin=about,
            user=other,
            event=req.event,
            person_only=True,
            label=_("Meeting request at %(event)s") % {"event": req.event.title},
        )
    else:
        kind, _sep, ref = (to or "").partition(":")
        if kind == "org" and about in (Origin.PROFILE, Origin.RECOMMENDATION):
            org = org_access.get_organisation(user, slug=ref)
            target = Target(origin=about, organisation=org)
            if about == Origin.RECOMMENDATION:
                target.label = _("Suggested partner")
        elif kind == "user" and about == Origin.EVENT:
            ev = event_access.get_event(user, slug=event)
            other = _person_at_event(user, user_id=ref, event=ev)
            target = Target(
                origin=about,
                user=other,
                event=ev,
                person_only=True,
                label=_("Participants of %(event)s") % {"event": ev.title},
            )
        else:
            raise invalid("to", _("Choose who to write to."), code="invalid_recipient")
    if target.user is not None and target.user.pk == user.pk:
        raise invalid("to", _("You cannot write to yourself."), code="invalid_recipient")
    if target.organisation is not None and target.organisation.pk in org_access.acting_organisation_ids(user):
        raise invalid(
            "to", _("You act for this organisation: write to others from it."), code="own_organisation"
        )
    target.senders = _senders(user, target)
    if sender and sender not in {value for value, _label in target.senders}:
        raise invalid(
            "sender", _("You cannot write in the name of this organisation."), code="invalid_sender"
        )
    target.default_sender = sender or ME
    return target


def _senders(user, target: Target) -> list[tuple[str, str]]:
    """Who the user may write as: themselves, or (outside person-to-person threads) an
    organisation they act for other than the recipient."""
    choices = [(ME, _("Myself (%(name)s)") % {"name": user.full_name or user.email})]
    if target.person_only:
        return choices
    ids = org_access.acting_organisation_ids(user)
    if target.organisation is not None:
        ids.discard(target.organisation.pk)
    for org in Organisation.objects.filter(pk__in=ids).order_by("name"):
        choices.append((f"org:{org.slug}", org.name))
    return choices


def sender_organisation(user, sender: str) -> Organisation | None:
    if not sender or sender == ME:
        return None
    kind, _sep, slug = sender.partition(":")
    org = Organisation.objects.filter(slug=slug).first() if kind == "org" else None
    # Owners and admins only: the secretariat's override of ``can_act_for`` does not let it write
    # in an organisation's name.
    if org is None or org.pk not in org_access.acting_organisation_ids(user):
        raise invalid(
            "sender", _("You cannot write in the name of this organisation."), code="invalid_sender"
        )
    return org
