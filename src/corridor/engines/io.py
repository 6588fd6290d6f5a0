"""Shared input checking for the engines' ``solve_json`` entry points (``corridor solve``)."""

from __future__ import annotations


class InputError(ValueError):
    """Bad solver input; ``field`` names the offending field (a JSON path such as
    ``meetings[3][1]``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def need_int(value, field: str, *, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, "must be an integer")
    if minimum is not None and value < minimum:
        raise InputError(field, f"must be at least {minimum}")
    return value


def need_number(value, field: str, *, minimum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(field, "must be a number")
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError(field, "must be a finite number")
    if minimum is not None and value < minimum:
        raise InputError(field, f"must be at least {minimum}")
    return float(value)


def need_list(value, field: str) -> list:
    if not isinstance(value, list):
        raise InputError(field, "must be a list")
    return value


def need_dict(value, field: str) -> dict:
    if not isinstance(value, dict):
        raise InputError(field, "must be an object")
    return value


def key_int(key: str, field: str) -> int:
    try:
        return int(key)
    except (TypeError, ValueError):
        raise InputError(field, f"key {key!r} must be an integer") from None
