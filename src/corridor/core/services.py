"""Core operations: sign-up and verification, preferences, roles, currency rates, sectors.

Every write takes the acting user as ``by``, checks permission, runs in one transaction and is
attributed in the audit log. Side effects (mail) are sent on commit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.errors import invalid

from .access import require_secretariat
from .audit import acting_as
from .enums import Role
from .models import Country, Currency, CurrencyRate, RoleAssignment, Sector, User

VERIFY_SALT = "corridor.email-verify"
VERIFY_MAX_AGE = 60 * 60 * 24 * 3


def make_verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)


def send_verification_email(*, user: User) -> None:
    token = make_verification_token(user)
    url = settings.SITE_URL.rstrip("/") + reverse("verify_email", args=[token])
    body = render_to_string("registration/verify_email.txt", {"user": user, "url": url})
    send_mail(_("Confirm your e-mail address for Corridor"), body, None, [user.email])


def register_user(
    *, email: str, password: str, full_name: str, language: str = "en", time_zone: str = "UTC"
) -> User:
    """Create an unverified account and send the verification e-mail (on commit)."""
    from .text import check_name

    full_name = check_name(full_name, field="full_name")
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise invalid(
            "email",
            _("An account with this e-mail address already exists."),
            code="account_email_address_exists",
        )
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, full_name=full_name, language=language, time_zone=time_zone
        )
        transaction.on_commit(lambda: send_verification_email(user=user))
    return user


def send_taken_email_notice(*, user: User) -> None:
    """Tell an account's owner that someone tried to sign up with their address."""
    base = settings.SITE_URL.rstrip("/")
    body = render_to_string(
        "registration/signup_taken_email.txt",
        {"user": user, "login_url": base + reverse("login"), "reset_url": base + reverse("password_reset")},
    )
    send_mail(_("Someone tried to sign up with your e-mail address"), body, None, [user.email])


def sign_up(
    *, email: str, password: str, full_name: str, language: str = "en", time_zone: str = "UTC"
) -> None:
    """Sign-up as the page offers it: a new address gets an unverified account and the
    verification e-mail; a taken one changes nothing and its owner gets a notice. Both answer the
    same (like password reset), so the page does not tell who has an account."""
    from .text import check_name

    full_name = check_name(full_name, field="full_name")
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # as slow as creating an account: the timing tells nothing either
        transaction.on_commit(lambda: send_taken_email_notice(user=existing))
        return
    register_user(email=email, password=password, full_name=full_name, language=language, time_zone=time_zone)


def verify_email(*, token: str) -> User:
    """Mark the address in a signed token as verified. Raises ValidationError if invalid/expired."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
        user = User.objects.get(pk=data["u"], email=data["e"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError) as exc:
        raise invalid(
            None,
            _("This verification link is invalid or has expired."),
            code="verification_link_invalid_expired",
        ) from exc
    if user.email_verified_at is None:
        with acting_as(user):
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
    return user


def update_preferences(
    *, user: User, by: User, full_name: str, language: str, time_zone: str, country=None
) -> User:
    if by.pk != user.pk:
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES):
        raise invalid("language", _("Unknown language."), code="unknown_language")
    from .text import check_name

    full_name = check_name(full_name, field="full_name")
    with transaction.atomic(), acting_as(by):
        user.full_name = full_name
        user.language = language
        user.time_zone = time_zone
        user.country = country
        user.full_clean(exclude=["password"])
        user.save()
    return user


def remember_language(*, user: User, language: str) -> bool:
    """Save the language a signed-in person switched to, so it follows them to other browsers
    and their notifications are written in it. Returns whether anything changed."""
    if not getattr(user, "is_authenticated", False) or language not in dict(settings.LANGUAGES):
        return False
    if user.language == language:
        return False
    with transaction.atomic(), acting_as(user):
        user.language = language
        user.save(update_fields=["language"])
    return True


def grant_role(*, user: User, role: str, by: User | None, country: Country | None = None) -> RoleAssignment:
    """Give ``user`` a platform role. Secretariat members also get the admin site.

    ``by`` is None only for system set-up (seeding, the first administrator).
    """
    if by is not None:
        require_secretariat(by, hide=False)
    if role == Role.FOCAL_POINT and country is None:
        raise invalid(
            "country", _("A focal point represents a country."), code="focal_point_represents_country"
        )
    with transaction.atomic(), acting_as(by):
        assignment, _created = RoleAssignment.objects.get_or_create(
            user=user, role=role, country=country if role == Role.FOCAL_POINT else None
        )
        if role == Role.SECRETARIAT and not (user.is_staff and user.is_superuser):
            user.is_staff = True
            user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("_role_cache", None)
    return assignment


def set_currency_rate(
    *, by: User, currency: str, on: date, units_per_usd: Decimal, source: str = ""
) -> CurrencyRate:
    require_secretariat(by, hide=False)
    if units_per_usd <= 0:
        raise invalid("units_per_usd", _("A rate must be positive."), code="rate_must_positive")
    with transaction.atomic(), acting_as(by):
        rate, _created = CurrencyRate.objects.update_or_create(
            currency=Currency.objects.get(code=currency),
            date=on,
            defaults={"units_per_usd": units_per_usd, "source": source},
        )
    return rate


def rate_on(currency: str, on: date) -> Decimal | None:
    """Units of ``currency`` per USD on the latest rate dated on or before ``on``."""
    if currency == "USD":
        return Decimal(1)
    rate = CurrencyRate.objects.filter(currency_id=currency, date__lte=on).order_by("-date").first()
    return rate.units_per_usd if rate else None


def to_usd(amount: Decimal, currency: str, on: date) -> Decimal | None:
    rate = rate_on(currency, on)
    return None if rate is None else (Decimal(amount) / rate)


def partner_countries():
    return Country.objects.filter(code__in=settings.PARTNER_COUNTRIES)


def active_sectors():
    return Sector.objects.filter(is_active=True).select_related("parent")
