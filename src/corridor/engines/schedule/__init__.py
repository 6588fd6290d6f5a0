"""B2B matchmaking meeting scheduler (pure Python, no Django).

Problem
-------
Accepted meeting requests between participants must be placed into ``(slot, place)``
pairs, where a place is a table (meetings whose two sides come in person) or a video room
(``mode="room"``: either side online).  Hard constraints:

* a participant is in at most one meeting per slot, whatever its kind;
* slot ``s`` has ``capacity[s]`` tables and ``rooms[s]`` rooms, numbered from 0, each used
  by at most one meeting;
* a meeting may only be placed in a slot where *both* participants are available;
* at most one meeting is placed per (unordered) pair of organisations;
* meetings listed in ``Instance.fixed`` keep exactly their (slot, table).

Objective (lexicographic): maximise the *number* of placed meetings first and the total
*weight* second.  ``Result.objective`` is the number of meetings placed (fixed included),
``Result.weight`` their weight, ``Result.bound`` a proven upper bound on the count and
``Result.optimal`` is True only when proven.

Modules: ``model`` (data types, checker, reasons), ``state`` (compiled instance, greedy),
``bound`` (LP bounds), ``heuristic``, ``exact`` (HiGHS MIP, CP-SAT, LNS), ``solver``
(``schedule``), ``jsonio`` (``solve_json``, the ``corridor solve schedule`` format).
Instance generators live in :mod:`corridor.generators.schedule`.
"""

from .bound import upper_bound
from .jsonio import solve_json
from .model import (
    MODES,
    REASON_CODES,
    ROOM,
    TABLE,
    Instance,
    Meeting,
    Placement,
    Result,
    UnplacedReason,
    check,
    explain_unplaced,
    explain_unplaced_detailed,
)
from .solver import schedule
from .state import schedule_greedy

__all__ = [
    "MODES",
    "REASON_CODES",
    "ROOM",
    "TABLE",
    "Instance",
    "Meeting",
    "Placement",
    "Result",
    "UnplacedReason",
    "check",
    "explain_unplaced",
    "explain_unplaced_detailed",
    "schedule",
    "schedule_greedy",
    "solve_json",
    "upper_bound",
]
