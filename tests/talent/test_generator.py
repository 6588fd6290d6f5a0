"""The matching evaluation set: deterministic, graded relevance from latent variables only."""

import numpy as np

from corridor.generators import talent as gen


def test_generator_is_deterministic_and_relevance_ignores_words():
    a, b = gen.generate(200, 50, seed=3), gen.generate(200, 50, seed=3)
    assert a.pro_words == b.pro_words and a.job_words == b.job_words
    idx = np.arange(20)
    rel = gen.relevance(a, idx)
    assert rel.shape == (20, 50) and rel.min() >= 0 and rel.max() <= 3
    # scrambling every word leaves relevance unchanged: it reads the latent model only
    a.pro_words = [[w + "x" for w in ws] for ws in a.pro_words]
    assert np.array_equal(gen.relevance(a, idx), rel)


def test_ndcg_is_one_for_the_ideal_ranking_and_bootstrap_brackets_the_mean():
    rel = np.array([[0, 3, 1, 2], [1, 0, 0, 0]])
    ideal = np.argsort(-rel, axis=1, kind="stable")
    assert np.allclose(gen.ndcg_at_k(ideal, rel, k=3), 1.0)
    worst = ideal[:, ::-1]
    assert (gen.ndcg_at_k(worst, rel, k=3) < 1).all()
    mean, lo, hi = gen.bootstrap_ci(np.array([0.2, 0.4, 0.6, 0.8]), n=200)
    assert lo <= mean <= hi
