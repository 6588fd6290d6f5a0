"""Stage-transition rules: allowed moves only, dissolved is terminal, dates never go backwards."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corridor.ventures import services
from corridor.ventures.enums import PIPELINE, TRANSITIONS, Stage
from corridor.ventures.models import StageTransition

from .conftest import START

pytestmark = pytest.mark.django_db

ALL_MOVES = [(a, b) for a in Stage for b in Stage]


def codes(exc: ValidationError) -> list[str]:
    return [e.code for errors in exc.error_dict.values() for e in errors]


def test_the_rules_move_forward_or_dissolve_only():
    for a, b in ALL_MOVES:
        allowed = b in TRANSITIONS[a]
        if a == Stage.DISSOLVED:
            assert not allowed
        elif b == Stage.DISSOLVED:
            assert allowed
        else:
            # forward only, and a venture operates only once signed
            forward = b in PIPELINE and PIPELINE.index(b) > PIPELINE.index(a)
            assert allowed == (forward and (b != Stage.OPERATING or a == Stage.SIGNED))


@pytest.mark.parametrize("start", [s for s in Stage if s != Stage.DISSOLVED])
def test_every_move_from_a_stage_is_accepted_or_refused_by_the_table(make_venture, personas, start):
    for target in Stage:
        venture = make_venture(stage=start)
        if target in TRANSITIONS[start]:
            services.advance_venture(by=personas.alice, venture=venture, to_stage=target, on=START)
            venture.refresh_from_db()
            assert venture.stage == target
        else:
            with pytest.raises(ValidationError) as info:
                services.advance_venture(by=personas.alice, venture=venture, to_stage=target, on=START)
            assert codes(info.value) == ["transition_not_allowed"]
            venture.refresh_from_db()
            assert venture.stage == start


def test_dissolved_is_terminal(make_venture, personas):
    venture = make_venture(stage=Stage.SIGNED)
    services.advance_venture(by=personas.alice, venture=venture, to_stage=Stage.DISSOLVED, on=START)
    venture.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        services.advance_venture(by=personas.alice, venture=venture, to_stage=Stage.OPERATING, on=START)
    assert codes(info.value) == ["venture_dissolved"]


def test_dates_never_go_backwards_nor_into_the_future(make_venture, personas):
    venture = make_venture()
    services.advance_venture(
        by=personas.alice, venture=venture, to_stage=Stage.MOU, on=START + dt.timedelta(days=10)
    )
    venture.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        services.advance_venture(
            by=personas.alice, venture=venture, to_stage=Stage.SIGNED, on=START + dt.timedelta(days=9)
        )
    assert codes(info.value) == ["date_before_last"]
    with pytest.raises(ValidationError) as info:
        services.advance_venture(
            by=personas.alice,
            venture=venture,
            to_stage=Stage.SIGNED,
            on=dt.date.today() + dt.timedelta(days=1),
        )
    assert codes(info.value) == ["date_in_future"]
    # the same day as the last move is fine
    services.advance_venture(
        by=personas.alice, venture=venture, to_stage=Stage.SIGNED, on=START + dt.timedelta(days=10)
    )
    assert [t.to_stage for t in venture.transitions.all()] == ["idea", "mou", "signed"]


def check_history(venture) -> None:
    """Independent checker: the kept transitions form one chain from the first stage, each move
    allowed by the table, dates non-decreasing, and the venture's stage/date are the last move's."""
    moves = list(StageTransition.objects.filter(venture=venture).order_by("id"))
    assert moves[0].from_stage == ""
    for prev, nxt in zip(moves, moves[1:], strict=False):
        assert nxt.from_stage == prev.to_stage
        assert nxt.to_stage in TRANSITIONS[prev.to_stage]
        assert nxt.on >= prev.on
    assert venture.stage == moves[-1].to_stage
    assert venture.stage_since == moves[-1].on


@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.tuples(st.sampled_from(list(Stage)), st.integers(min_value=-20, max_value=40)), max_size=8)
)
@example([(Stage.DISSOLVED, 0), (Stage.MOU, 1)])
@example([(Stage.SIGNED, 5), (Stage.OPERATING, -1), (Stage.OPERATING, 0)])
def test_any_sequence_of_attempts_keeps_a_valid_history(make_venture, personas, attempts):
    venture = make_venture()
    for target, days in attempts:
        try:
            services.advance_venture(
                by=personas.alice, venture=venture, to_stage=target, on=START + dt.timedelta(days=days)
            )
        except ValidationError:
            pass
        venture.refresh_from_db()
        check_history(venture)
