"""Service errors with stable codes.

A service raises Django's ``ValidationError`` whose every message carries a ``code`` (clients
branch on codes, people read messages) and, where it concerns one input, the field's name:

    raise invalid("amount", _("The amount must be positive."), code="amount_not_positive")

The API's one exception handler (``corridor.api.errors``) turns it into
``{"errors": [{"code": …, "field": … or null, "message": …}]}``; pages put each message beside
its field through ``core.forms.apply_service_errors``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def invalid(field: str | None, message, *, code: str) -> ValidationError:
    """A ValidationError about ``field`` (None: the request as a whole) with a stable ``code``."""
    error = ValidationError(message, code=code)
    if field is None:
        return error
    return ValidationError({field: [error]})


def error_items(exc: ValidationError) -> list[dict]:
    """Flatten a ValidationError into ``{"code", "field", "message"}`` items."""
    items: list[dict] = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                for message in error.messages:
                    items.append(
                        {
                            "code": error.code or "invalid",
                            "field": None if field == "__all__" else field,
                            "message": str(message),
                        }
                    )
    else:
        for error in exc.error_list:
            for message in error.messages:
                items.append({"code": error.code or "invalid", "field": None, "message": str(message)})
    return items


def check_decimal(value, *, field: str, max_digits: int, decimal_places: int, minimum=None) -> Decimal:
    """Parse ``value`` as a finite decimal that fits a ``DecimalField(max_digits, decimal_places)``.

    Raises ``invalid(field, …)`` with code ``not_a_number``, ``out_of_range`` or ``too_precise``
    instead of storing ``inf`` or a value the database would truncate or reject.
    """
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise invalid(field, _("Enter a number."), code="not_a_number") from None
    if not number.is_finite():
        raise invalid(field, _("Enter a finite number."), code="not_a_number")
    sign, digits, exponent = number.as_tuple()
    places = max(0, -exponent)
    if places > decimal_places:
        raise invalid(
            field, _("Use at most %(n)s decimal places.") % {"n": decimal_places}, code="too_precise"
        )
    whole_digits = len(digits) + exponent if exponent < 0 else len(digits) + exponent
    if number != 0 and whole_digits > max_digits - decimal_places:
        raise invalid(
            field,
            _("The number is too large (at most %(n)s digits before the point).")
            % {"n": max_digits - decimal_places},
            code="out_of_range",
        )
    if minimum is not None and number < Decimal(str(minimum)):
        raise invalid(field, _("The number must be at least %(m)s.") % {"m": minimum}, code="out_of_range")
    return number


def fields_invalid(errors: dict) -> ValidationError:
    """A ValidationError for several fields at once, every message with a stable code.

    ``errors`` maps a field to a message, a list of messages or a ``ValidationError``; messages
    without a code get ``<field>_invalid`` (``invalid`` for ``None``/``__all__``)."""
    out: dict[str, list[ValidationError]] = {}
    for field, value in errors.items():
        name = "__all__" if field in (None, "__all__") else field
        default = "invalid" if name == "__all__" else f"{name}_invalid"
        values = value if isinstance(value, list | tuple) else [value]
        items = out.setdefault(name, [])
        for item in values:
            if isinstance(item, ValidationError):
                for error in item.error_list:
                    items.append(
                        ValidationError(error.message, code=error.code or default, params=error.params)
                    )
            else:
                items.append(ValidationError(item, code=default))
    return ValidationError(out)


#: Years a reported period, release or plan may name: outside this range a date is a typo.
YEAR_MIN, YEAR_MAX = 2000, 2100


def check_year(year: int, *, field: str) -> int:
    """``year`` as an int within ``YEAR_MIN``–``YEAR_MAX`` (year 0 and year 99999 are typos)."""
    try:
        number = int(year)
    except (TypeError, ValueError):
        raise invalid(field, _("Enter a year."), code="not_a_number") from None
    if not YEAR_MIN <= number <= YEAR_MAX:
        raise invalid(
            field,
            _("Enter a year between %(lo)s and %(hi)s.") % {"lo": YEAR_MIN, "hi": YEAR_MAX},
            code="year_out_of_range",
        )
    return number


def check_count(value, *, field: str, maximum: int = 2_000_000_000) -> int:
    """``value`` as a whole number from 0 to ``maximum`` (counts of people, customers, jobs)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise invalid(field, _("Enter a whole number."), code="not_a_number") from None
    if number < 0:
        raise invalid(field, _("Enter zero or more."), code="out_of_range")
    if number > maximum:
        raise invalid(field, _("The number is too large."), code="out_of_range")
    return number


def normalise_url(value: str) -> str:
    """A web address as people type it: ``example.com`` → ``https://example.com``; an address
    with a scheme (``http://…``) or an empty one is kept as it is."""
    value = (value or "").strip()
    if value and "://" not in value and not value.startswith(("/", "mailto:")):
        value = f"https://{value}"
    return value


class StaleEdit(ValidationError):
    """Someone saved the record after the caller opened it: pages show it as a form error, the
    API answers 409 with the usual error shape (code ``changed_since_opened``)."""


def stale(field: str = "version") -> StaleEdit:
    error = StaleEdit(
        {
            field: [
                ValidationError(
                    _(
                        "Someone changed this since you opened it. Reload to see their changes, then save again."
                    ),
                    code="changed_since_opened",
                )
            ]
        }
    )
    return error
