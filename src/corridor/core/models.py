"""Core reference data and people: countries, currencies and rates, sectors, users and roles."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Role


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Country(models.Model):
    """An ISO 3166-1 country, loaded from pycountry. Malaysia and Kenya are the partners."""

    code = models.CharField(_("ISO alpha-2"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric"), max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=100)
    currency_code = models.CharField(_("currency"), max_length=3, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    is_partner = models.BooleanField(_("partner country"), default=False)

    class Meta:
        ordering = ["-is_partner", "name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class Currency(models.Model):
    code = models.CharField(_("ISO 4217 code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")

    def __str__(self) -> str:
        return self.code


class CurrencyRate(TimeStamped):
    """Units of ``currency`` per one US dollar on ``date``, maintained by the secretariat."""

    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="rates")
    date = models.DateField(_("date"))
    units_per_usd = models.DecimalField(
        _("units per USD"),
        max_digits=18,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001"))],
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["currency", "-date"]
        constraints = [models.UniqueConstraint(fields=["currency", "date"], name="uniq_rate_per_day")]
        verbose_name = _("currency rate")

    def __str__(self) -> str:
        return f"{self.currency_id} {self.units_per_usd}/USD on {self.date}"


class Sector(TimeStamped):
    """One node of the sector taxonomy shared by every module (organisations, postings, calls…)."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(max_length=2_000, verbose_name=_("description"), blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("sector")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


TIME_ZONE_CHOICES = sorted(
    (tz, tz) for tz in available_timezones() if "/" in tz and not tz.startswith("Etc/")
)
# The partnership's own zones, offered first in every time-zone picker.
PARTNER_TIME_ZONES = [
    ("Asia/Kuala_Lumpur", _("Kuala Lumpur (Malaysia)")),
    ("Asia/Kuching", _("Kuching (Malaysia, Sarawak)")),
    ("Africa/Nairobi", _("Nairobi (Kenya)")),
]
_partner_zone_ids = {tz for tz, _label in PARTNER_TIME_ZONES}
TIME_ZONE_FORM_CHOICES = [
    (_("Malaysia and Kenya"), PARTNER_TIME_ZONES),
    (
        _("All time zones"),
        [(tz, tz.replace("_", " ")) for tz, _l in TIME_ZONE_CHOICES if tz not in _partner_zone_ids],
    ),
]


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with e-mail; chooses language and time zone."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("country")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    time_zone = models.CharField(_("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="UTC")
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def has_role(self, role: str, country: str | None = None) -> bool:
        """True if the user holds ``role`` (for ``country`` when given). Cached per instance."""
        if not self.is_authenticated:
            return False
        cache = getattr(self, "_role_cache", None)
        if cache is None:
            cache = set(self.roles.values_list("role", "country_id"))
            self._role_cache = cache
        if country is None:
            return any(r == role for r, _c in cache)
        return (role, country) in cache

    @property
    def is_secretariat(self) -> bool:
        return self.has_role(Role.SECRETARIAT)

    def focal_countries(self) -> set[str]:
        self.has_role(Role.FOCAL_POINT)
        return {c for r, c in self._role_cache if r == Role.FOCAL_POINT and c}


class RoleAssignment(TimeStamped):
    """A platform role held by a user; focal points hold it for one country."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "country"], name="uniq_role"),
            models.CheckConstraint(
                condition=~models.Q(role="focal_point") | models.Q(country__isnull=False),
                name="focal_point_has_country",
            ),
        ]
        verbose_name = _("role assignment")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}" + (
            f" ({self.country_id})" if self.country_id else ""
        )


class Notification(TimeStamped):
    """An in-app notification; every module notifies through ``core.notifications.notify``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("notification")

    def __str__(self) -> str:
        return self.text


class ApiToken(TimeStamped):
    """A personal API token. Only a SHA-256 of the key is stored (the key is shown once); a token
    expires after ``API_TOKEN_TTL_DAYS``, can be revoked by its owner and is deleted when the
    owner's password changes (``core.tokens``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("key prefix"), max_length=8, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
