"""Operations of the grants module, from opening a call to disbursement.

A package by noun (calls, proposals, reviewers, assignment, reviews, awards); this module re-exports
every name so callers keep writing ``services.<name>``.
"""

from ._common import BID_BONUS, ORCID_RE, PARTNERS, PDF_MAX_BYTES, RESERVED_SLUGS, _money, log
from .assignment import (
    STOP,
    TOKEN_RE,
    _assign,
    _tfidf,
    _tokens,
    affinity_matrix,
    execute_assignment,
    start_assignment,
)
from .awards import committed_amount, decide, decision_support, record_disbursement, report_milestone
from .calls import _valid_time_zone, call_errors, create_call, criteria_errors
from .proposals import (
    _validate_proposal,
    add_attachment,
    check_eligibility,
    reopen_proposal,
    save_proposal,
    submit_proposal,
    withdraw_proposal,
)
from .reviewers import (
    _clean_expertise,
    _member_orgs,
    declare_conflict,
    detect_call_conflicts,
    detect_conflicts,
    place_bid,
    register_reviewer,
    set_pair_rule,
    update_reviewer_profile,
)
from .reviews import remind_reviewers, submit_review

__all__ = [
    "BID_BONUS",
    "ORCID_RE",
    "PARTNERS",
    "PDF_MAX_BYTES",
    "RESERVED_SLUGS",
    "STOP",
    "TOKEN_RE",
    "_assign",
    "_clean_expertise",
    "_member_orgs",
    "_money",
    "_tfidf",
    "_tokens",
    "_valid_time_zone",
    "_validate_proposal",
    "add_attachment",
    "affinity_matrix",
    "call_errors",
    "check_eligibility",
    "committed_amount",
    "create_call",
    "criteria_errors",
    "decide",
    "decision_support",
    "declare_conflict",
    "detect_call_conflicts",
    "detect_conflicts",
    "execute_assignment",
    "log",
    "place_bid",
    "record_disbursement",
    "register_reviewer",
    "remind_reviewers",
    "reopen_proposal",
    "report_milestone",
    "save_proposal",
    "set_pair_rule",
    "start_assignment",
    "submit_proposal",
    "submit_review",
    "update_reviewer_profile",
    "withdraw_proposal",
]
