"""Talent operations. Every write: actor ``by``, permission checked on the object, validation
naming the field (nothing saved on error), one transaction, audited (``acting_as``);
notifications go out on commit.

A package by noun (profiles, equivalence, jobs, applications, permits); this module re-exports
every name so callers keep writing ``services.<name>``.
"""

from ._common import FRAMEWORK_MAX, _text, _unique_pairs
from .applications import APPLICANT_MOVES, EMPLOYER_MOVES, apply_to_job, transition
from .equivalence import credit_conversion, save_equivalence_rule
from .jobs import close_job, job_values, save_job
from .permits import (
    PATHWAY_FIELDS,
    _documents,
    _income,
    add_rule,
    new_rule_version,
    retire_pathway,
    save_pathway,
)
from .profiles import save_profile, verify_qualification

__all__ = [
    "APPLICANT_MOVES",
    "EMPLOYER_MOVES",
    "FRAMEWORK_MAX",
    "PATHWAY_FIELDS",
    "_documents",
    "_income",
    "_text",
    "_unique_pairs",
    "add_rule",
    "apply_to_job",
    "close_job",
    "credit_conversion",
    "job_values",
    "new_rule_version",
    "retire_pathway",
    "save_equivalence_rule",
    "save_job",
    "save_pathway",
    "save_profile",
    "transition",
    "verify_qualification",
]
