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


N_TERMS = 5
texts = st.dictionaries(st.integers(0, N_TERMS - 1), st.integers(1, 3), max_size=4)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    st.lists(st.tuples(pro, texts), min_size=1, max_size=6),
    st.lists(st.tuples(job, texts), min_size=1, max_size=6),
)
@example([(EMPTY_PRO, {})], [(EMPTY_JOB, {0: 1})])
def test_scores_with_the_text_term_equal_the_reference(pros, jobs):
    pro_rows = [{**p, "text": t} for p, t in pros]
    job_rows = [{**j, "text": t} for j, t in jobs]
    p, j = tm.build(pro_rows, job_rows, N_SKILLS, n_terms=N_TERMS)
    idf = dict(enumerate(tm.text_idf(j.text)))
    matrix = tm.score_matrix(p, j)
    for a, pr in enumerate(pro_rows):
        for b, jb in enumerate(job_rows):
            ref = tm.reference_score(pr, jb, idf)
            assert math.isclose(matrix[a, b], ref.score, abs_tol=1e-5)
            if jb["text"]:
                assert 0.0 <= ref.parts["text"] <= 1.0 + 1e-9
                assert pr["text"] or ref.parts["text"] == 0.0
            else:
                assert "text" not in ref.parts


def test_text_term_by_hand():
    # two jobs; term 0 in both (idf ln(3/3)+1 = 1), term 1 in one (idf ln(3/2)+1)
    idf = {0: 1.0, 1: math.log(1.5) + 1}
    same = tm.reference_text({0: 1, 1: 1}, {0: 1, 1: 1}, idf)
    disjoint = tm.reference_text({0: 1}, {1: 2}, idf)
    partial = tm.reference_text({0: 1}, {0: 1, 1: 1}, idf)
    assert math.isclose(same, 1.0) and disjoint == 0.0
    assert math.isclose(partial, 1.0 / math.sqrt(1 + idf[1] ** 2))
    p, j = tm.build(
        [{**EMPTY_PRO, "text": {0: 1}}],
        [{**EMPTY_JOB, "text": {0: 1, 1: 1}}, {**EMPTY_JOB, "text": {0: 1}}],
        1,
        2,
    )
    assert np.allclose(tm.text_idf(j.text), [idf[0], idf[1]])


def test_a_job_with_skills_only_in_words_ranks_the_professional_who_has_them_first():
    lex = tm.lexicon({"Python": 0, "python programming": 0, "SQL": 1, "Kubernetes": 2, "k8s": 2})
    advert = tm.tokens("We need Python programming and k8s; SQL is a plus.")
    assert tm.extract_skills(advert, lex) == [0, 2, 1]
    assert tm.normalise(advert, lex)[:4] == ["we", "need", "skill:0", "and"]
    vocab: dict[str, int] = {}
    job_text = tm.term_counts(tm.normalise(advert, lex), vocab, grow=True)
    fits = tm.term_counts(tm.normalise(tm.tokens("python, kubernetes"), lex), vocab, grow=False)
    other = tm.term_counts(tm.normalise(tm.tokens("excel accounting"), lex), vocab, grow=False)
    base = {**EMPTY_PRO, "languages": {0}}
    p, j = tm.build(
        [{**base, "text": other}, {**base, "text": fits}], [{**EMPTY_JOB, "text": job_text}], 3, len(vocab)
    )
    idx, _ = tm.top_professionals(p, j, k=2)
    assert list(idx[0]) == [1, 0]


def test_tokens_keep_technical_words_whole():
    assert tm.tokens("C++, C# and Node.js.") == ["c++", "c#", "and", "node.js"]
    assert tm.extract_skills(["unknown", "words"], tm.lexicon({"go": 1})) == []


@settings(max_examples=20, derandomize=True, deadline=None)
@given(
    st.lists(st.tuples(pro, texts), min_size=1, max_size=5),
    st.lists(st.tuples(job, texts), min_size=1, max_size=5),
)
def test_sparse_and_dense_text_sides_score_alike(pros, jobs):
    p, j = tm.build(
        [{**a, "text": t} for a, t in pros], [{**a, "text": t} for a, t in jobs], N_SKILLS, N_TERMS
    )
    dense = tm.score_matrix(p, j)
    saved = tm.DENSE_TEXT_CELLS
    try:
        tm.DENSE_TEXT_CELLS = 0
        assert np.allclose(tm.score_matrix(p, j), dense, atol=1e-6)
    finally:
        tm.DENSE_TEXT_CELLS = saved
