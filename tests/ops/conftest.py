"""Ops tests reuse the council indicator and the matchmaking event fixtures."""

from tests.council.conftest import reported  # noqa: F401
from tests.matchmaking.conftest import event, make_event, people, regs  # noqa: F401
