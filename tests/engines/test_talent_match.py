"""The vectorised talent matcher equals its plain-Python definition, pair by pair."""

import math

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corridor.engines import talent_match as tm

N_SKILLS = 6

skills = st.dictionaries(st.integers(0, N_SKILLS - 1), st.integers(1, 4), max_size=4)
pro = st.fixed_dictionaries(
    {
        "skills": skills,
        "languages": st.sets(st.integers(0, 3), max_size=3),
        "experience": st.integers(0, 15),
        "level": st.integers(0, 10),
        "expected_usd": st.one_of(st.none(), st.integers(500, 12000).map(float)),
        "country": st.integers(0, 2),
        "mobility": st.integers(0, 2),
    }
)
job = st.fixed_dictionaries(
    {
        "skills": skills,
        "language": st.integers(0, 3),
        "min_experience": st.integers(0, 10),
        "level": st.integers(0, 10),
        "salary_max_usd": st.integers(400, 10000).map(float),
        "country": st.integers(0, 2),
        "remote": st.booleans(),
        "permit_ok": st.booleans(),
    }
)

EMPTY_PRO = {
    "skills": {},
    "languages": set(),
    "experience": 0,
    "level": 0,
    "expected_usd": None,
    "country": 0,
    "mobility": 0,
}
EMPTY_JOB = {
    "skills": {},
    "language": 0,
    "min_experience": 0,
    "level": 0,
    "salary_max_usd": 400.0,
    "country": 1,
    "remote": False,
    "permit_ok": False,
}


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.lists(pro, min_size=1, max_size=6), st.lists(job, min_size=1, max_size=6))
@example([EMPTY_PRO], [EMPTY_JOB])
def test_vectorised_scores_equal_the_reference(pros, jobs):
    p, j = tm.build(pros, jobs, N_SKILLS)
    matrix = tm.score_matrix(p, j)
    for a, pr in enumerate(pros):
        for b, jb in enumerate(jobs):
            assert math.isclose(matrix[a, b], tm.reference_score(pr, jb).score, abs_tol=1e-5)


@settings(max_examples=30, derandomize=True, deadline=None)
@given(st.lists(pro, min_size=1, max_size=8), st.lists(job, min_size=1, max_size=8), st.integers(1, 5))
def test_top_k_both_ways_are_the_best_scores(pros, jobs, k):
    p, j = tm.build(pros, jobs, N_SKILLS)
    full = tm.score_matrix(p, j)
    idx, val = tm.top_jobs(p, j, k=k, block=3)
    for a in range(len(pros)):
        expected = sorted(full[a], reverse=True)[: min(k, len(jobs))]
        assert np.allclose(val[a], expected)
        assert np.allclose(full[a, idx[a]], val[a])
    idx, val = tm.top_professionals(p, j, k=k, block=2)
    for b in range(len(jobs)):
        expected = sorted(full[:, b], reverse=True)[: min(k, len(pros))]
        assert np.allclose(val[b], expected)


def test_partial_skill_level_counts_proportionally():
    r = tm.reference_score(
        {**EMPTY_PRO, "skills": {0: 2}, "languages": {0}},
        {**EMPTY_JOB, "skills": {0: 3, 1: 2}, "remote": True},
    )
    assert r.covered == [0] and r.missing == [1] and r.below_level == [0]
    assert math.isclose(r.parts["skills"], (2 / 3) / 2)
    assert r.parts["place"] == 1.0 and r.parts["language"] == 1.0
