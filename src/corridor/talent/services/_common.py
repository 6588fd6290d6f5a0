"""Shared by the talent services: text and pair validation, framework levels."""

from __future__ import annotations

from django.utils.translation import gettext as _

from corridor.core.errors import invalid

from ..enums import Framework

FRAMEWORK_MAX = {Framework.MQF: 8, Framework.KNQF: 10, Framework.OTHER: 10}


def _text(value, *, field: str, max_length: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise invalid(field, _("This field is required."), code="required")
    if len(value) > max_length:
        raise invalid(field, _("Use at most %(n)d characters.") % {"n": max_length}, code="too_long")
    return value


def _unique_pairs(pairs, *, field: str, code: str) -> list:
    seen = set()
    for key, _level in pairs:
        if key in seen:
            raise invalid(field, _("Each entry may appear only once."), code=code)
        seen.add(key)
    return list(pairs)
