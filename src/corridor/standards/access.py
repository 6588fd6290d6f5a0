"""Who may do what in the standards module (built on the access core).

* The registry is public; only the secretariat edits it (pages, admin).
* Any signed-in user runs conformance checks and sees the record of their own checks.
* Check statistics (checks run, most frequent failing rules by country) are the secretariat's:
  hidden from everyone else, exactly like a missing page.
"""

from __future__ import annotations

from corridor.core.access import (
    NotFound,
    is_authenticated,
    is_secretariat,
    require_authenticated,
    require_secretariat,
)

__all__ = [
    "NotFound",
    "can_check",
    "can_edit_registry",
    "can_see_statistics",
    "require_authenticated",
    "require_registry_editor",
    "require_statistics",
]


def can_edit_registry(user) -> bool:
    return is_secretariat(user)


def require_registry_editor(user) -> None:
    require_secretariat(user, hide=True)


def can_check(user) -> bool:
    return is_authenticated(user)


def can_see_statistics(user) -> bool:
    return is_secretariat(user)


def require_statistics(user) -> None:
    if not can_see_statistics(user):
        raise NotFound
