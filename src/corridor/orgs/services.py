"""Operations on organisations, memberships, invitations and postings.

Each function takes the acting user as ``by`` (keyword-only), checks object-level permission
through ``access``, validates every field (raising ``ValidationError`` with a dict naming the
bad fields, before anything is written), runs in one transaction and is attributed in the
audit log. Callers (pages, API, admin actions, tasks) hold no business rules.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import fields_invalid, invalid, normalise_url, stale
from corridor.core.models import Country, Sector
from corridor.core.text import check_name

from . import access
from .enums import (
    MemberRole,
    OrgKind,
    OrgStatus,
    PostingKind,
    PostingStatus,
    PostingType,
    SizeBand,
    VerificationStatus,
)
from .models import Invitation, Membership, Organisation, Posting
from .recommendations import schedule_refresh

ALLOWED_LOGO_TYPES = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/webp": "webp"}
ORG_FIELDS = (
    "name",
    "country",
    "kind",
    "registration_number",
    "size_band",
    "founded_year",
    "website",
    "description",
    "city",
    "languages",
)


def _require_verified(by) -> None:
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))
    if not (by.email_verified or access.is_secretariat(by)):
        raise PermissionDenied(_("Confirm your e-mail address first."))


def validate_logo(logo):
    """Logos: at most 2 MB, really an image (decoded with a pixel cap, never trusted by name),
    re-encoded as PNG or JPEG under a name we choose (``core.uploads``). Returns the new file."""
    if not logo:
        return None
    from corridor.core.uploads import image_upload

    return image_upload(logo, field="logo", max_bytes=settings.LOGO_MAX_BYTES, max_side=1024)


def _resolve_sectors(sectors) -> list[Sector]:
    """Accept Sector objects, ids or slugs; an unknown one is named in the error."""
    resolved, unknown = [], []
    for item in sectors or []:
        if isinstance(item, Sector):
            resolved.append(item)
            continue
        key = str(item)
        qs = Sector.objects.filter(is_active=True)
        obj = qs.filter(pk=int(key)).first() if key.isdigit() else qs.filter(slug=key).first()
        if obj is None:
            unknown.append(key)
        else:
            resolved.append(obj)
    if unknown:
        raise invalid(
            "sectors", _("Unknown sector: %(s)s.") % {"s": ", ".join(unknown)}, code="unknown_sector"
        )
    return resolved


def _resolve_country(value, field: str) -> Country | None:
    if value in (None, ""):
        return None
    if isinstance(value, Country):
        return value
    country = Country.objects.filter(code=str(value).upper()).first()
    if country is None:
        raise invalid(field, _("Unknown country: %(c)s.") % {"c": value}, code="unknown_country")
    return country


def clean_organisation_data(data: dict, *, instance: Organisation | None = None) -> dict:
    """Validate organisation fields; raise one ValidationError naming every bad field."""
    errors: dict[str, list] = {}
    cleaned = dict(data)

    def err(field, message):
        errors.setdefault(field, []).append(message)

    name = (cleaned.get("name") or "").strip()
    if "name" in cleaned or instance is None:
        try:
            name = check_name(name, field="name")
        except ValidationError as e:
            errors.setdefault("name", []).extend(e.error_dict["name"])
        if not name:
            err("name", _("This field is required."))
        cleaned["name"] = name
    if "country" in cleaned or instance is None:
        try:
            cleaned["country"] = _resolve_country(cleaned.get("country"), "country")
            if cleaned["country"] is None:
                err("country", _("This field is required."))
        except ValidationError as e:
            errors.update(e.message_dict)
    if "kind" in cleaned or instance is None:
        if cleaned.get("kind") not in OrgKind.values:
            err("kind", _("Choose one of: %(v)s.") % {"v": ", ".join(OrgKind.values)})
    if cleaned.get("size_band") and cleaned["size_band"] not in SizeBand.values:
        err("size_band", _("Choose one of: %(v)s.") % {"v": ", ".join(SizeBand.values)})
    year = cleaned.get("founded_year")
    if year not in (None, ""):
        try:
            year = int(year)
        except (TypeError, ValueError):
            err("founded_year", _("Enter a year."))
        else:
            if not 1800 <= year <= timezone.localdate().year:
                err("founded_year", _("Enter a year between 1800 and this year."))
            cleaned["founded_year"] = year
    elif "founded_year" in cleaned:
        cleaned["founded_year"] = None
    website = normalise_url(cleaned.get("website") or "")  # "example.com" → "https://example.com"
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            err("website", _("Enter a valid URL starting with http:// or https://."))
    if "website" in cleaned:
        cleaned["website"] = website
    if "sectors" in cleaned:
        try:
            cleaned["sectors"] = _resolve_sectors(cleaned["sectors"])
        except ValidationError as e:
            errors.update(e.message_dict)
    if cleaned.get("logo"):
        try:
            cleaned["logo"] = validate_logo(cleaned["logo"])
        except ValidationError as e:
            errors.setdefault("logo", []).extend(e.error_dict["logo"])  # keep the upload codes
    reg = (cleaned.get("registration_number") or "").strip()
    if "registration_number" in cleaned:
        cleaned["registration_number"] = reg
    country = cleaned.get("country") if "country" in cleaned else (instance.country if instance else None)
    if reg and isinstance(country, Country):
        clash = Organisation.objects.filter(country=country, registration_number__iexact=reg)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            err(
                "registration_number",
                _("An organisation with this registration number already exists in %(c)s.")
                % {"c": country.name},
            )
    if errors:
        raise fields_invalid(errors)
    return cleaned


RESERVED_SLUGS = {"new", "invitations", "postings"}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organisation"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def create_organisation(*, by, publish: bool = True, **data) -> Organisation:
    """Create an organisation; ``by`` becomes its owner."""
    _require_verified(by)
    cleaned = clean_organisation_data(data)
    sectors = cleaned.pop("sectors", [])
    logo = cleaned.pop("logo", None)
    unknown = set(cleaned) - set(ORG_FIELDS) - {"is_fictional"}
    if unknown:
        raise fields_invalid({f: invalid(None, _("Unknown field."), code="unknown_field") for f in unknown})
    try:
        with transaction.atomic(), acting_as(by):
            org = Organisation(**cleaned, slug=_unique_slug(cleaned["name"]))
            org.status = OrgStatus.PUBLISHED if publish else OrgStatus.DRAFT
            if logo:
                org.logo = logo
            org.save()
            org.sectors.set(sectors)
            Membership.objects.create(organisation=org, user=by, role=MemberRole.OWNER)
            schedule_refresh()
    except IntegrityError as exc:  # a concurrent registration with the same number
        raise invalid(
            "registration_number",
            _("An organisation with this registration number already exists."),
            code="organisation_registration_number_exists",
        ) from exc
    by.__dict__.pop("_membership_cache", None)
    return org


def update_organisation(
    *, organisation: Organisation, by, expected_version: int | None = None, **data
) -> Organisation:
    """Save profile changes. ``expected_version`` is the ``version`` the editor opened: when
    someone saved since, nothing is written and ``StaleEdit`` says so (pages: form error; API: 409)."""
    if not access.can_act_for(by, organisation):
        raise access.NotFound
    if expected_version not in (None, ""):
        try:
            expected_version = int(expected_version)
        except (TypeError, ValueError):
            raise invalid("version", _("Enter a whole number."), code="not_a_number") from None
    cleaned = clean_organisation_data(data, instance=organisation)
    sectors = cleaned.pop("sectors", None)
    logo = cleaned.pop("logo", None)
    status = cleaned.pop("status", None)
    unknown = set(cleaned) - set(ORG_FIELDS)
    if unknown:
        raise fields_invalid({f: invalid(None, _("Unknown field."), code="unknown_field") for f in unknown})
    if status is not None and status not in OrgStatus.values:
        raise invalid("status", _("Unknown status."), code="unknown_status")
    try:
        with transaction.atomic(), acting_as(by):
            current = (
                Organisation.objects.select_for_update()
                .values_list("version", flat=True)
                .get(pk=organisation.pk)
            )
            if expected_version not in (None, "") and expected_version != current:
                raise stale("version")
            organisation.version = current + 1
            values = _column_values(organisation)
            before = _identity(organisation)
            for field, value in cleaned.items():
                setattr(organisation, field, value)
            if _identity(organisation) != before and not access.is_secretariat(by):
                # A verified identity that changes is verified again before its rights return.
                organisation.verification_status = VerificationStatus.UNVERIFIED
                organisation.verified_by, organisation.verified_at = None, None
            if logo:
                organisation.logo = logo
            if status:
                organisation.status = status
            # only the columns that changed (and the version, the time): the page cache empties
            # the pages showing this organisation and those using the changed columns, not every
            # page using any column (core.pagecache)
            written = {k for k, v in _column_values(organisation).items() if values[k] != v}
            organisation.save(
                update_fields=written | {"version", "updated_at"} | ({"logo"} if logo else set())
            )
            if sectors is not None:
                organisation.sectors.set(sectors)
            schedule_refresh()
    except IntegrityError as exc:
        raise invalid(
            "registration_number",
            _("An organisation with this registration number already exists."),
            code="organisation_registration_number_exists",
        ) from exc
    return organisation


#: Changing one of these on a verified organisation sends it back to the secretariat.
IDENTITY_FIELDS = ("name", "kind", "country", "registration_number")


def _column_values(organisation: Organisation) -> dict:
    """Field name -> value of every column but the key (a file by its name)."""
    values = {}
    for f in Organisation._meta.concrete_fields:
        if not f.primary_key:
            value = getattr(organisation, f.attname)
            values[f.name] = (
                getattr(value, "name", value)
                if f.get_internal_type() in ("FileField", "ImageField")
                else value
            )
    return values


def _identity(organisation: Organisation) -> tuple:
    return tuple(getattr(organisation, f if f != "country" else "country_id") for f in IDENTITY_FIELDS)


def set_verification(*, organisation: Organisation, by, status: str, note: str = "") -> Organisation:
    """The secretariat verifies an organisation (rights of its kind follow), disputes it (a
    registration number or identity another organisation contests: rights are withdrawn) or sets
    it back to unverified. Recorded in the audit trail."""
    from corridor.core.access import require_secretariat

    require_secretariat(by, hide=False)
    if status not in VerificationStatus.values:
        raise invalid(
            "status",
            _("Choose one of: %(v)s.") % {"v": ", ".join(VerificationStatus.values)},
            code="unknown_verification_status",
        )
    note = (note or "").strip()
    if len(note) > 500:
        raise invalid("note", _("Use at most 500 characters."), code="too_long")
    if status == VerificationStatus.DISPUTED and not note:
        raise invalid("note", _("Say what is disputed."), code="dispute_note_required")
    with transaction.atomic(), acting_as(by):
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        organisation.verification_status = status
        organisation.verification_note = note
        if status == VerificationStatus.VERIFIED:
            organisation.verified_by, organisation.verified_at = by, timezone.now()
        else:
            organisation.verified_by, organisation.verified_at = None, None
        organisation.save(
            update_fields=[
                "verification_status",
                "verification_note",
                "verified_by",
                "verified_at",
                "updated_at",
            ]
        )
    return organisation


def report_dispute(*, organisation: Organisation, by, reason: str) -> None:
    """Anyone signed in with a confirmed address may contest an organisation's identity (e.g. "this
    registration number is ours"): the secretariat is notified and decides (``set_verification``).
    The secretariat's own report marks the organisation disputed at once."""
    _require_verified(by)
    reason = (reason or "").strip()
    if not reason:
        raise invalid("reason", _("Say what is disputed."), code="dispute_reason_required")
    if len(reason) > 500:
        raise invalid("reason", _("Use at most 500 characters."), code="too_long")
    if access.is_secretariat(by):
        set_verification(organisation=organisation, by=by, status=VerificationStatus.DISPUTED, note=reason)
        return
    from corridor.core.enums import Role
    from corridor.core.models import User
    from corridor.core.notifications import notify

    def text():
        return _("%(who)s disputes %(org)s: %(reason)s") % {
            "who": by.email,
            "org": organisation.name,
            "reason": reason,
        }

    with transaction.atomic():
        for staff in User.objects.filter(roles__role=Role.SECRETARIAT, is_active=True).distinct():
            notify(user=staff, text=text, url=reverse("orgs:verification", args=[organisation.slug]))


def set_organisation_status(*, organisation: Organisation, by, status: str) -> Organisation:
    return update_organisation(organisation=organisation, by=by, status=status)


def invite_member(*, organisation: Organisation, by, email: str, role: str = MemberRole.MEMBER) -> Invitation:
    """Invite a colleague by e-mail as admin or member (sent on commit)."""
    if not access.can_act_for(by, organisation):
        raise access.NotFound
    if role not in (MemberRole.ADMIN, MemberRole.MEMBER):
        raise invalid("role", _("Invite as admin or member."), code="invite_admin_member")
    email = (email or "").strip().lower()
    from django.core.validators import validate_email

    try:
        validate_email(email)
    except ValidationError as exc:
        raise invalid("email", _("Enter a valid e-mail address."), code="enter_valid_email_address") from exc
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise invalid("email", _("This person is already a member."), code="person_member")
    with transaction.atomic(), acting_as(by):
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, role=role, invited_by=by
        )
        transaction.on_commit(lambda: _send_invitation(invitation))
    return invitation


def _send_invitation(invitation: Invitation) -> None:
    url = settings.SITE_URL.rstrip("/") + reverse("orgs:accept_invitation", args=[invitation.token])
    body = render_to_string("orgs/invitation_email.txt", {"invitation": invitation, "url": url})
    send_mail(
        _("You are invited to join %(org)s on Corridor") % {"org": invitation.organisation.name},
        body,
        None,
        [invitation.email],
    )


def accept_invitation(*, token: str, by) -> Membership:
    """The invited person (signed in with the invited address) joins the organisation."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token=token, accepted_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.email.lower() != by.email.lower():
        raise access.NotFound
    with transaction.atomic(), acting_as(by):
        membership, _created = Membership.objects.get_or_create(
            organisation=invitation.organisation, user=by, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
    by.__dict__.pop("_membership_cache", None)
    return membership


def change_member_role(*, membership: Membership, by, role: str) -> Membership:
    if not access.can_act_for(by, membership.organisation):
        raise access.NotFound
    if role not in MemberRole.values:
        raise invalid("role", _("Unknown role."), code="unknown_role")
    if membership.role == MemberRole.OWNER and role != MemberRole.OWNER:
        owners = Membership.objects.filter(
            organisation=membership.organisation, role=MemberRole.OWNER
        ).count()
        if owners <= 1:
            raise invalid(
                "role", _("An organisation keeps at least one owner."), code="organisation_keeps_least_owner"
            )
    with transaction.atomic(), acting_as(by):
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    return membership


def remove_member(*, membership: Membership, by) -> None:
    if not (access.can_act_for(by, membership.organisation) or membership.user_id == by.pk):
        raise access.NotFound
    if membership.role == MemberRole.OWNER and (
        Membership.objects.filter(organisation=membership.organisation, role=MemberRole.OWNER).count() <= 1
    ):
        raise invalid(
            "role", _("An organisation keeps at least one owner."), code="organisation_keeps_least_owner"
        )
    with transaction.atomic(), acting_as(by):
        membership.delete()


# ---- postings (offers and requests) ----

POSTING_FIELDS = ("type", "kind", "sector", "title", "description", "target_country", "valid_until", "status")


def clean_posting_data(data: dict, *, instance: Posting | None = None) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned = dict(data)

    def err(field, message):
        errors.setdefault(field, []).append(message)

    creating = instance is None
    if "type" in cleaned or creating:
        if cleaned.get("type") not in PostingType.values:
            err("type", _("Choose offer or request."))
    if "kind" in cleaned or creating:
        if cleaned.get("kind") not in PostingKind.values:
            err("kind", _("Choose one of: %(v)s.") % {"v": ", ".join(PostingKind.values)})
    if "sector" in cleaned or creating:
        value = cleaned.get("sector")
        if value in (None, ""):
            err("sector", _("This field is required."))
        else:
            try:
                cleaned["sector"] = _resolve_sectors([value])[0]
            except ValidationError:
                err("sector", _("Unknown sector: %(s)s.") % {"s": value})
    for field in ("title", "description"):
        if field in cleaned or creating:
            cleaned[field] = (cleaned.get(field) or "").strip()
            if not cleaned[field]:
                err(field, _("This field is required."))
    if len(cleaned.get("title") or "") > 200:
        err("title", _("At most 200 characters."))
    if "target_country" in cleaned:
        try:
            cleaned["target_country"] = _resolve_country(cleaned.get("target_country"), "target_country")
        except ValidationError as e:
            errors.update(e.message_dict)
    if cleaned.get("valid_until") not in (None, ""):
        value = cleaned["valid_until"]
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                err("valid_until", _("Enter a date as YYYY-MM-DD."))
                value = None
        if isinstance(value, dt.datetime):
            value = value.date()
        if value is not None:
            if value < timezone.localdate():
                err("valid_until", _("The date is in the past."))
            cleaned["valid_until"] = value
    elif "valid_until" in cleaned:
        cleaned["valid_until"] = None
    if cleaned.get("status") not in (None, "") and cleaned["status"] not in PostingStatus.values:
        err("status", _("Unknown status."))
    unknown = set(cleaned) - set(POSTING_FIELDS)
    for f in unknown:
        err(f, _("Unknown field."))
    if errors:
        raise fields_invalid(errors)
    if not cleaned.get("status"):
        cleaned.pop("status", None)
    return cleaned


def create_posting(*, organisation: Organisation, by, **data) -> Posting:
    """An organisation admin posts an offer or request."""
    if not access.can_act_for(by, organisation):
        raise access.NotFound
    cleaned = clean_posting_data(data)
    with transaction.atomic(), acting_as(by):
        posting = Posting.objects.create(organisation=organisation, created_by=by, **cleaned)
        schedule_refresh()
    return posting


def update_posting(*, posting: Posting, by, **data) -> Posting:
    if not access.can_act_for(by, posting.organisation):
        raise access.NotFound
    cleaned = clean_posting_data(data, instance=posting)
    with transaction.atomic(), acting_as(by):
        for field, value in cleaned.items():
            setattr(posting, field, value)
        posting.save()
        schedule_refresh()
    return posting


def withdraw_posting(*, posting: Posting, by) -> Posting:
    """Hide a posting from the directory; it is kept for the record."""
    if not access.can_act_for(by, posting.organisation):
        raise access.NotFound
    with transaction.atomic(), acting_as(by):
        posting.status = PostingStatus.WITHDRAWN
        posting.save(update_fields=["status", "updated_at"])
        schedule_refresh()
    return posting
