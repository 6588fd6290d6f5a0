"""Attributing changes: every write done by a service runs inside ``acting_as(user)``.

The audit log itself is django-auditlog: models are registered in each app's ``ready()``,
pages and admin get the actor from the request middleware, and services (also called from
the API and tasks, where the middleware cannot see a token-authenticated user) set it here.
"""

from __future__ import annotations

from contextlib import contextmanager

from auditlog.context import set_actor


@contextmanager
def acting_as(user):
    if user is not None and getattr(user, "is_authenticated", False):
        with set_actor(user):
            yield
    else:
        yield
