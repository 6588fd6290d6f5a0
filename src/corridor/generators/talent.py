"""An evaluation set for talent matching that shares nothing with the scoring.

Each job and professional is drawn from a latent model the matcher never sees: a role family
(with an optional second family for professionals), a seniority, concepts drawn from the
family's own skewed distribution, and surface words for each concept (the canonical taxonomy
label half the time, a known paraphrase 30%, an unseen paraphrase 20%). Graded relevance
(0–3) comes from the latent variables only (same or secondary family, seniority gap, a shared
working language, salary expectation within 30% of the offer) plus 5% label noise; it never
looks at surface words or at the matcher's weights. The matcher reads words through the
taxonomy's dictionary (canonical labels and known paraphrases; unseen paraphrases are lost),
as a real deployment reads ESCO labels.

Pure: numpy only, deterministic given the seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LANGS = ["en", "ms", "sw"]


@dataclass
class TalentSet:
    n_concepts: int
    pro_words: list[list[str]]
    job_words: list[list[str]]
    pro_levels: list[list[int]]
    job_levels: list[list[int]]
    pro_attrs: dict[str, np.ndarray]
    job_attrs: dict[str, np.ndarray]
    latent_pro: dict[str, np.ndarray]
    latent_job: dict[str, np.ndarray]
    dictionary: dict[str, int]  # word → canonical skill index (what the taxonomy knows)
    seed: int


def _word(concept: int, form: int) -> str:
    return f"s{concept}" if form == 0 else f"s{concept}~{'ab'[form - 1]}"


def generate(
    n_pros: int, n_jobs: int, *, families: int = 15, core: int = 8, generic: int = 40, seed: int = 7
) -> TalentSet:
    rng = np.random.default_rng(seed)
    n_concepts = families * core + generic
    zipf = 1.0 / np.arange(1, core + 1) ** 1.1
    zipf /= zipf.sum()

    def concepts(fam, n):
        picks = set(fam * core + rng.choice(core, size=min(n, core), replace=False, p=zipf))
        if rng.random() < 0.7:
            picks.add(families * core + int(rng.integers(generic)))
        return sorted(picks)

    def surface(cs):
        forms = rng.choice(3, size=len(cs), p=[0.5, 0.3, 0.2])
        return [_word(c, int(f)) for c, f in zip(cs, forms, strict=True)]

    job_fam = rng.integers(families, size=n_jobs)
    job_sen = rng.integers(3, size=n_jobs)
    job_words, job_levels = [], []
    for f, s in zip(job_fam, job_sen, strict=True):
        cs = concepts(int(f), int(rng.integers(3, 6)))
        job_words.append(surface(cs))
        job_levels.append([int(np.clip(1 + s + rng.integers(-1, 2), 1, 4)) for _ in cs])
    job_lang = rng.choice(3, size=n_jobs, p=[0.85, 0.08, 0.07])
    job_salary = np.round(np.array([1500.0, 3000.0, 5000.0])[job_sen] * rng.lognormal(0, 0.25, n_jobs), 2)

    pro_fam = rng.integers(families, size=n_pros)
    pro_fam2 = np.where(rng.random(n_pros) < 0.3, rng.integers(families, size=n_pros), -1)
    pro_sen = rng.integers(3, size=n_pros)
    pro_words, pro_levels = [], []
    for f, f2, s in zip(pro_fam, pro_fam2, pro_sen, strict=True):
        cs = set(concepts(int(f), int(rng.integers(4, 8))))
        if f2 >= 0:
            cs |= set(concepts(int(f2), 2))
        cs = sorted(cs)
        pro_words.append(surface(cs))
        pro_levels.append([int(np.clip(1 + s + rng.integers(-1, 2), 1, 4)) for _ in cs])
    speaks_en = rng.random(n_pros) < 0.9
    local = rng.integers(1, 3, size=n_pros)
    pro_lang_mask = (speaks_en.astype(np.uint64) << np.uint64(0)) | (np.uint64(1) << local.astype(np.uint64))
    pro_expected = np.round(np.array([1400.0, 2800.0, 4800.0])[pro_sen] * rng.lognormal(0, 0.3, n_pros), 2)

    dictionary = {}
    for c in range(n_concepts):
        dictionary[_word(c, 0)] = c
        dictionary[_word(c, 1)] = c
    return TalentSet(
        n_concepts=n_concepts,
        pro_words=pro_words,
        job_words=job_words,
        pro_levels=pro_levels,
        job_levels=job_levels,
        pro_attrs={
            "languages": pro_lang_mask,
            "experience": np.clip(1 + 4 * pro_sen + rng.integers(-1, 3, size=n_pros), 0, 30).astype(
                np.float32
            ),
            "expected_usd": pro_expected,
            "country": rng.integers(2, size=n_pros),
            "mobility": rng.integers(3, size=n_pros),
            "level": np.clip(5 + 2 * pro_sen + rng.integers(-1, 2, size=n_pros), 0, 10),
        },
        job_attrs={
            "language": job_lang,
            "min_experience": (2 * job_sen).astype(np.float32),
            "salary_max_usd": job_salary,
            "country": rng.integers(2, size=n_jobs),
            "remote": rng.random(n_jobs) < 0.3,
            "permit_ok": rng.random(n_jobs) < 0.7,
            "level": (5 + job_sen).astype(np.int16),
        },
        latent_pro={
            "family": pro_fam,
            "family2": pro_fam2,
            "seniority": pro_sen,
            "expected": pro_expected,
            "langs": pro_lang_mask,
        },
        latent_job={"family": job_fam, "seniority": job_sen, "salary": job_salary, "lang": job_lang},
        dictionary=dictionary,
        seed=seed,
    )


def relevance(ts: TalentSet, pro_idx: np.ndarray) -> np.ndarray:
    """Graded relevance (len(pro_idx) × n_jobs) from the latent variables alone, with 5% noise."""
    lp, lj = ts.latent_pro, ts.latent_job
    fam = lp["family"][pro_idx][:, None]
    fam2 = lp["family2"][pro_idx][:, None]
    jf = lj["family"][None, :]
    base = np.where(fam == jf, 3, np.where(fam2 == jf, 2, 0)).astype(np.int8)
    gap = np.abs(lp["seniority"][pro_idx][:, None] - lj["seniority"][None, :])
    speaks = (lp["langs"][pro_idx][:, None] >> lj["lang"][None, :].astype(np.uint64)) & np.uint64(1)
    too_dear = lp["expected"][pro_idx][:, None] > 1.3 * lj["salary"][None, :]
    rel = base - (gap >= 2) - (speaks == 0) - too_dear
    rel = np.clip(rel, 0, 3).astype(np.int8)
    rng = np.random.default_rng(ts.seed + 1)
    flip = rng.random(rel.shape) < 0.05
    rel[flip] = rng.integers(0, 4, size=int(flip.sum()))
    return rel


def ndcg_at_k(ranked: np.ndarray, rel: np.ndarray, k: int = 10) -> np.ndarray:
    """Per-query nDCG@k (gain 2^rel − 1); queries with no relevant item get NaN."""
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    gains = (2.0 ** np.take_along_axis(rel, ranked[:, :k], axis=1) - 1) @ discount[: ranked[:, :k].shape[1]]
    ideal_rel = -np.sort(-rel, axis=1)[:, :k]
    ideal = (2.0**ideal_rel - 1) @ discount[: ideal_rel.shape[1]]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ideal > 0, gains / ideal, np.nan)


def bootstrap_ci(values: np.ndarray, *, n: int = 1000, seed: int = 0) -> tuple[float, float, float]:
    v = values[~np.isnan(values)]
    rng = np.random.default_rng(seed)
    means = v[rng.integers(0, len(v), size=(n, len(v)))].mean(axis=1)
    return float(v.mean()), float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))
