"""Sizes and edges of text (issue 17 item 9).

* Every ``CharField`` and ``TextField`` of our models has a ``max_length``; ``check_lengths`` runs
  before every save of one of our models (``pre_save``) so that a service called from the API
  refuses an over-long value with a field error (code ``too_long``) even where no form stood in
  between (SQLite and PostgreSQL ``text`` columns would store anything). Run ``error`` columns,
  written by the platform, are cut to their limit instead.
* ``check_name`` is the one rule for names people and organisations choose: no control
  characters and no bidirectional overrides or isolates (U+202A–U+202E, U+2066–U+2069), which
  let a name display as something other than what it is.
* ``SEARCH_MAX_LENGTH`` bounds search terms (``core.middleware.SearchLengthMiddleware``).
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .errors import fields_invalid, invalid

SEARCH_MAX_LENGTH = 200
SEARCH_PARAMS = ("q", "search")

#: Bidirectional embeddings, overrides and isolates, plus the marks that reorder text invisibly.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def check_name(value, *, field: str) -> str:
    """``value`` stripped, or a field error when it holds control or bidi-override characters."""
    text = "" if value is None else str(value)
    for char in text:
        if char in BIDI_CONTROLS or (
            unicodedata.category(char) in {"Cc", "Cf"} and char not in "\u200c\u200d"
        ):
            raise invalid(
                field,
                _("Names cannot contain control characters or text-direction overrides."),
                code="name_control_characters",
            )
    return text.strip()


def _ours(model) -> bool:
    return model.__module__.startswith("corridor.")


def check_lengths(sender, instance, raw=False, **kwargs) -> None:
    """Refuse (or, for run errors, cut) text longer than its field's ``max_length``."""
    if raw or not _ours(sender):
        return
    errors = {}
    for field in sender._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or not field.max_length:
            continue
        value = getattr(instance, field.attname, None)
        if not isinstance(value, str) or len(value) <= field.max_length:
            continue
        if field.name == "error":
            setattr(instance, field.attname, value[: field.max_length])
            continue
        errors[field.name] = ValidationError(
            _("Use at most %(n)s characters (this has %(m)s).") % {"n": field.max_length, "m": len(value)},
            code="too_long",
        )
    if errors:
        raise fields_invalid(errors)
