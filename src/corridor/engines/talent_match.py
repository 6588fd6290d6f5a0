"""Two-way matching of professionals and jobs, with reasons.

Problem: score every (professional, job) pair and return the top k jobs per professional
and the top k professionals per job. The score is a weighted sum of six fits, each in [0, 1]:

  skills      Σ_s min(have_s, need_s) / need_s over the job's required skills, divided by
              their number (a required skill at level 3 held at level 2 counts 2/3)
  experience  min(1, years / years needed)             (1 when none is needed)
  level       1 if the qualification level (KNQF scale) reaches the job's, else 0.5,
              and 0 when the job asks a level and the professional has none
  language    1 if the professional speaks the job's working language, else 0
  salary      1 if the expected salary ≤ the job's maximum, else max(0, 1 − excess / maximum)
  place       1 same country, or a remote job for someone who works remotely; relocation to a
              job whose permit is feasible 1, not feasible 0.3; remote-only person and
              on-site job abroad 0.2

Free text. A job may state (some of) its skills only in words, and a professional describes
themself in words too. The caller reads the words against the taxonomy's labels (names and
alternative labels, longest phrase first): ``normalise`` turns every phrase the taxonomy knows
into one token of its skill, so a synonym and the label count as the same term, and
``extract_skills`` lists them (for reasons in words). A word the taxonomy does not know is never
turned into a skill; it counts through the text term only:

  text        cosine of the two TF-IDF vectors (term weight (1 + ln count) · idf, idf from the
              jobs' texts: ln((1 + m) / (1 + df)) + 1), in [0, 1]

and when the job has text (a professional without text then has text fit 0), the skills fit
is blended with it:
content = (1 − TEXT_BLEND) · skills + TEXT_BLEND · text (else content = skills), weighted by
WEIGHTS["skills"].

Vectorised: min(a, b) for levels a, b ∈ {0..4} equals Σ_{t=1..4} [a ≥ t][b ≥ t], so the skill
term is four sparse products P_t · (R_t / need)ᵀ (SciPy CSR). Rows are scored in blocks so a
100k × 10k instance never holds the full matrix. ``reference_score`` is a plain-Python
checker written from the definition above; tests assert it equals the vectorised scores.
Pure: no Django imports; deterministic (ties broken by index).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

WEIGHTS = {"skills": 0.55, "experience": 0.1, "level": 0.1, "language": 0.1, "salary": 0.1, "place": 0.05}
MAX_LEVEL = 4
TEXT_BLEND = 0.6  # chosen on seed 3 of the generator; the bench reports seed 7
DENSE_TEXT_CELLS = 40_000_000  # vocabulary × jobs up to which the text side is kept dense
MOBILITY_REMOTE, MOBILITY_RELOCATION, MOBILITY_EITHER = 0, 1, 2


@dataclass(frozen=True)
class Professionals:
    """``skills``: CSR (n × S) of proficiency levels 1..4; ``languages``: bitmask per person
    (bit i = language i); ``expected_usd``: monthly, NaN when not given; ``country``: int codes;
    ``mobility``: 0 remote, 1 relocation, 2 either; ``level``: qualification level on the KNQF
    scale, 0 when none."""

    skills: sparse.csr_matrix
    languages: np.ndarray
    experience: np.ndarray
    level: np.ndarray
    expected_usd: np.ndarray
    country: np.ndarray
    mobility: np.ndarray
    text: sparse.csr_matrix | None = None  # (n × V) term counts, same vocabulary as the jobs'

    @property
    def n(self) -> int:
        return self.skills.shape[0]


@dataclass(frozen=True)
class Jobs:
    """``skills``: CSR (m × S) of required levels 1..4; ``language``: index of the working
    language; ``salary_max_usd`` monthly; ``remote``: remote job; ``permit_ok``: a permit
    pathway is feasible for this job (sponsorship and salary over the threshold)."""

    skills: sparse.csr_matrix
    language: np.ndarray
    min_experience: np.ndarray
    level: np.ndarray
    salary_max_usd: np.ndarray
    country: np.ndarray
    remote: np.ndarray
    permit_ok: np.ndarray
    text: sparse.csr_matrix | None = None  # (m × V) term counts of the description

    @property
    def m(self) -> int:
        return self.skills.shape[0]


@dataclass
class Reasons:
    covered: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    below_level: list[int] = field(default_factory=list)
    parts: dict[str, float] = field(default_factory=dict)
    score: float = 0.0


def _threshold(mat: sparse.csr_matrix, t: int) -> sparse.csr_matrix:
    out = mat.copy()
    out.data = (out.data >= t).astype(np.float32)
    out.eliminate_zeros()
    return out


class _Prepared:
    """Everything that does not depend on the block: the thresholded skill matrices, and one
    table of the five categorical fits (experience, level, language, place) over the distinct
    professional and job categories, so a block costs one sparse product sum, one gather and
    the salary term."""

    def __init__(self, pros: Professionals, jobs: Jobs):
        self.pros, self.jobs = pros, jobs
        need = jobs.skills.astype(np.float32)
        self.n_req = np.diff(need.indptr).astype(np.float32)
        inv = need.copy()
        inv.data = 1.0 / inv.data
        # min(have, need) / need summed over t = 1..4 is one product of the stacked thresholds.
        self.p_cat = sparse.hstack([_threshold(pros.skills, t) for t in range(1, MAX_LEVEL + 1)]).tocsr()
        self.r_cat = sparse.vstack(
            [_threshold(jobs.skills, t).multiply(inv).T for t in range(1, MAX_LEVEL + 1)]
        ).tocsr()
        self.inv_nreq = np.where(self.n_req > 0, 1.0 / np.maximum(self.n_req, 1), 0.0).astype(np.float32)
        self.no_req = (self.n_req == 0).astype(np.float32)
        pro_cat = np.column_stack(
            [
                pros.experience.astype(np.float64),
                pros.level.astype(np.float64),
                pros.languages.astype(np.float64),
                pros.country.astype(np.float64),
                pros.mobility.astype(np.float64),
            ]
        )
        job_cat = np.column_stack(
            [
                jobs.min_experience.astype(np.float64),
                jobs.level.astype(np.float64),
                jobs.language.astype(np.float64),
                jobs.country.astype(np.float64),
                jobs.remote.astype(np.float64),
                jobs.permit_ok.astype(np.float64),
            ]
        )
        pu, self.pro_code = (
            np.unique(pro_cat, axis=0, return_inverse=True) if len(pro_cat) else (pro_cat, np.zeros(0, int))
        )
        ju, self.job_code = (
            np.unique(job_cat, axis=0, return_inverse=True) if len(job_cat) else (job_cat, np.zeros(0, int))
        )
        self.pro_code = np.asarray(self.pro_code).ravel()
        self.job_code = np.asarray(self.job_code).ravel()
        self.table = self._categorical(pu, ju).astype(np.float32)
        expected = np.nan_to_num(pros.expected_usd, nan=0.0)
        self.expected = expected.astype(np.float64)
        self.inv_top = 1.0 / np.maximum(jobs.salary_max_usd.astype(np.float64), 1e-9)
        self.skill_weight = np.float32(WEIGHTS["skills"])
        self.has_text = pros.text is not None and jobs.text is not None
        if self.has_text:
            idf = text_idf(jobs.text)
            self.p_text = _tfidf(pros.text, idf)
            j_text_t = _tfidf(jobs.text, idf).T.tocsr()
            # A small vocabulary makes the product dense anyway: BLAS on dense float32 is faster.
            dense = j_text_t.shape[0] * j_text_t.shape[1] <= DENSE_TEXT_CELLS
            self.j_text_t = j_text_t.toarray().astype(np.float32) if dense else j_text_t
            self.j_has = (np.diff(jobs.text.indptr) > 0).astype(np.float32)

    @staticmethod
    def _categorical(pu: np.ndarray, ju: np.ndarray) -> np.ndarray:
        exp_have, lvl_have, langs, p_country, mob = (pu[:, i][:, None] for i in range(5))
        exp_need, lvl_need, lang, j_country, remote, permit = (ju[:, i][None, :] for i in range(6))
        experience = np.where(exp_need > 0, np.minimum(1.0, exp_have / np.maximum(exp_need, 1)), 1.0)
        level = np.where(
            lvl_need <= 0, 1.0, np.where(lvl_have >= lvl_need, 1.0, np.where(lvl_have > 0, 0.5, 0.0))
        )
        bits = np.uint64(1) << lang.astype(np.uint64)
        language = ((langs.astype(np.uint64) & bits) > 0).astype(np.float64)
        same = p_country == j_country
        place = np.where(
            same | ((remote > 0) & (mob != MOBILITY_RELOCATION)),
            1.0,
            np.where(mob != MOBILITY_REMOTE, np.where(permit > 0, 1.0, 0.3), 0.2),
        )
        w = WEIGHTS
        return (
            w["experience"] * experience + w["level"] * level + w["language"] * language + w["place"] * place
        )

    def block(self, rows: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
        cols_sel = slice(None) if cols is None else cols
        r = self.r_cat if cols is None else self.r_cat[:, cols]
        dense = (self.p_cat[rows] @ r).toarray().astype(np.float32, copy=False)
        skills = dense * self.inv_nreq[cols_sel][None, :] + self.no_req[cols_sel][None, :]
        if self.has_text:
            jt = self.j_text_t if cols is None else self.j_text_t[:, cols]
            text = self.p_text[rows] @ jt
            text = (text if isinstance(text, np.ndarray) else text.toarray()).astype(np.float32, copy=False)
            has = self.j_has[cols_sel][None, :]
            skills = skills + np.float32(TEXT_BLEND) * has * (text - skills)
        codes_j = self.job_code[cols_sel]
        out = self.table[self.pro_code[rows][:, None], codes_j[None, :]]
        out += self.skill_weight * skills
        ratio = self.expected[rows][:, None] * self.inv_top[cols_sel][None, :]
        salary = np.clip(2.0 - ratio, 0.0, 1.0)
        out += np.float32(WEIGHTS["salary"]) * salary.astype(np.float32)
        return out


def text_idf(job_text: sparse.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency of each term over the jobs' texts."""
    m = job_text.shape[0]
    job_text = job_text.tocsr(copy=True)
    job_text.sum_duplicates()
    df = (
        np.bincount(job_text.indices, minlength=job_text.shape[1])
        if job_text.nnz
        else np.zeros(job_text.shape[1])
    )
    return (np.log((1.0 + m) / (1.0 + df)) + 1.0).astype(np.float64)


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Rows of (1 + ln count) · idf, scaled to unit length (empty rows stay empty)."""
    out = counts.astype(np.float64).tocsr(copy=True)
    out.sum_duplicates()
    out.data = (1.0 + np.log(np.maximum(out.data, 1.0))) * idf[out.indices]
    norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sparse.diags(scale) @ out


# ---- reading free text against the taxonomy ----

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#~_.-]*")


def tokens(text: str) -> list[str]:
    """Lower-cased words; ``c++``, ``c#``, ``node.js`` stay whole, a trailing dot or dash goes."""
    return [t.rstrip(".-") for t in _TOKEN.findall((text or "").lower()) if t.rstrip(".-")]


def lexicon(labels: dict[str, int]) -> dict[tuple[str, ...], int]:
    """Phrase (as a token tuple) → skill index, from every label and alternative label."""
    out: dict[tuple[str, ...], int] = {}
    for label, skill in labels.items():
        key = tuple(tokens(label))
        if key:
            out.setdefault(key, skill)
    return out


SKILL_TOKEN = "skill:"


def normalise(words: list[str], lex: dict[tuple[str, ...], int]) -> list[str]:
    """The words with every phrase the taxonomy knows replaced by one token of its skill
    (``skill:<index>``), so a label and its synonyms count as the same term in the text term;
    other words stay as they are."""
    longest = max((len(k) for k in lex), default=0)
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            skill = lex.get(tuple(words[i : i + n]))
            if skill is not None:
                out.append(f"{SKILL_TOKEN}{skill}")
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


def skills_in(normalised: list[str]) -> list[int]:
    """The skills a ``normalise``d word list names, each once, in order of first mention."""
    return list(dict.fromkeys(int(w[len(SKILL_TOKEN) :]) for w in normalised if w.startswith(SKILL_TOKEN)))


def extract_skills(words: list[str], lex: dict[tuple[str, ...], int]) -> list[int]:
    """Skills the words name (longest phrase first, left to right); a word no label covers
    names nothing."""
    return skills_in(normalise(words, lex))


def score_matrix(pros: Professionals, jobs: Jobs) -> np.ndarray:
    """The full n × m score matrix (small instances only)."""
    return _Prepared(pros, jobs).block(np.arange(pros.n)).astype(np.float64)


def _top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    k = min(k, scores.shape[1])
    if k == 0:
        return np.zeros((scores.shape[0], 0), int), np.zeros((scores.shape[0], 0))
    # Stable tie-break by column index: sort by (-score, index).
    part = (
        np.argpartition(-scores, k - 1, axis=1)[:, :k]
        if k < scores.shape[1]
        else np.tile(np.arange(scores.shape[1]), (scores.shape[0], 1))
    )
    vals = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -vals), axis=1)
    idx = np.take_along_axis(part, order, axis=1)
    return idx, np.take_along_axis(scores, idx, axis=1)


def top_jobs(pros: Professionals, jobs: Jobs, k: int = 10, block: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """For each professional, the indices and scores of the k best jobs (best first; ties by
    lower index, except where argpartition cut exact ties at the k-th score)."""
    prep = _Prepared(pros, jobs)
    idx_out, val_out = [], []
    for start in range(0, pros.n, block):
        rows = np.arange(start, min(start + block, pros.n))
        idx, val = _top_k(prep.block(rows), k)
        idx_out.append(idx)
        val_out.append(val)
    if not idx_out:
        return np.zeros((0, k), int), np.zeros((0, k))
    return np.vstack(idx_out), np.vstack(val_out)


def top_professionals(
    pros: Professionals, jobs: Jobs, k: int = 10, block: int = 256
) -> tuple[np.ndarray, np.ndarray]:
    """For each job, the indices and scores of the k best professionals."""
    prep = _Prepared(pros, jobs)
    all_rows = np.arange(pros.n)
    idx_out, val_out = [], []
    for start in range(0, jobs.m, block):
        cols = np.arange(start, min(start + block, jobs.m))
        idx, val = _top_k(prep.block(all_rows, cols).T, k)
        idx_out.append(idx)
        val_out.append(val)
    if not idx_out:
        return np.zeros((0, k), int), np.zeros((0, k))
    return np.vstack(idx_out), np.vstack(val_out)


# ---- independent checker: the definition, one pair at a time, in plain Python ----


def reference_text(pro_words: dict, job_words: dict, idf: dict) -> float:
    """Cosine of the two TF-IDF vectors, from the definition ({term: count} each)."""

    def vec(words):
        v = {t: (1.0 + math.log(c)) * idf[t] for t, c in words.items() if c > 0}
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {t: x / norm for t, x in v.items()} if norm else {}

    a, b = vec(pro_words), vec(job_words)
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def reference_score(pro: dict, job: dict, idf: dict | None = None) -> Reasons:
    """``pro``: {"skills": {skill: level}, "languages": set, "experience", "level",
    "expected_usd" (None allowed), "country", "mobility", optional "text": {term: count}};
    ``job``: {"skills": {skill: level}, "language", "min_experience", "level",
    "salary_max_usd", "country", "remote", "permit_ok", optional "text"}; ``idf``: {term: idf}
    over the jobs' texts (the text term applies when given and the job has text)."""
    reasons = Reasons()
    need = job["skills"]
    if need:
        total = 0.0
        for skill, lvl in need.items():
            have = pro["skills"].get(skill, 0)
            total += min(have, lvl) / lvl
            if have == 0:
                reasons.missing.append(skill)
            else:
                reasons.covered.append(skill)
                if have < lvl:
                    reasons.below_level.append(skill)
        skills = total / len(need)
    else:
        skills = 1.0
    if job["min_experience"] > 0:
        experience = min(1.0, pro["experience"] / max(job["min_experience"], 1))
    else:
        experience = 1.0
    if job["level"] <= 0:
        level = 1.0
    elif pro["level"] >= job["level"]:
        level = 1.0
    else:
        level = 0.5 if pro["level"] > 0 else 0.0
    language = 1.0 if job["language"] in pro["languages"] else 0.0
    expected, top = pro["expected_usd"], job["salary_max_usd"]
    if expected is None or expected != expected or expected <= top:
        salary = 1.0
    else:
        salary = max(0.0, 1.0 - (expected - top) / max(top, 1e-9))
    same = pro["country"] == job["country"]
    if same or (job["remote"] and pro["mobility"] != MOBILITY_RELOCATION):
        place = 1.0
    elif pro["mobility"] != MOBILITY_REMOTE:
        place = 1.0 if job["permit_ok"] else 0.3
    else:
        place = 0.2
    text = None
    if idf is not None and job.get("text"):
        text = reference_text(pro.get("text") or {}, job["text"], idf)
        reasons.parts["text"] = text
    reasons.parts.update(
        {
            "skills": skills,
            "experience": experience,
            "level": level,
            "language": language,
            "salary": salary,
            "place": place,
        }
    )
    content = skills if text is None else (1 - TEXT_BLEND) * skills + TEXT_BLEND * text
    reasons.score = WEIGHTS["skills"] * content + sum(
        WEIGHTS[k] * reasons.parts[k] for k in ("experience", "level", "language", "salary", "place")
    )
    return reasons


def build(
    pro_rows: list[dict], job_rows: list[dict], n_skills: int, n_terms: int | None = None
) -> tuple[Professionals, Jobs]:
    """Arrays from the plain rows ``reference_score`` takes (skills, languages and text terms
    as ints); with ``n_terms`` the rows' "text" ({term: count}) become the text matrices."""

    def text(rows):
        if n_terms is None:
            return None
        return counts_matrix([r.get("text") or {} for r in rows], n_terms)

    def csr(rows):
        data, indices, indptr = [], [], [0]
        for r in rows:
            for s, lvl in sorted(r["skills"].items()):
                indices.append(s)
                data.append(lvl)
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (np.array(data, dtype=np.int8), np.array(indices, dtype=np.int32), np.array(indptr)),
            shape=(len(rows), n_skills),
        )

    pros = Professionals(
        skills=csr(pro_rows),
        languages=np.array([sum(1 << lang for lang in r["languages"]) for r in pro_rows], dtype=np.uint64),
        experience=np.array([r["experience"] for r in pro_rows], dtype=np.float32),
        level=np.array([r["level"] for r in pro_rows], dtype=np.int16),
        expected_usd=np.array(
            [np.nan if r["expected_usd"] is None else r["expected_usd"] for r in pro_rows], dtype=np.float64
        ),
        country=np.array([r["country"] for r in pro_rows], dtype=np.int32),
        mobility=np.array([r["mobility"] for r in pro_rows], dtype=np.int8),
        text=text(pro_rows),
    )
    jobs = Jobs(
        skills=csr(job_rows),
        language=np.array([r["language"] for r in job_rows], dtype=np.int32),
        min_experience=np.array([r["min_experience"] for r in job_rows], dtype=np.float32),
        level=np.array([r["level"] for r in job_rows], dtype=np.int16),
        salary_max_usd=np.array([r["salary_max_usd"] for r in job_rows], dtype=np.float64),
        country=np.array([r["country"] for r in job_rows], dtype=np.int32),
        remote=np.array([r["remote"] for r in job_rows], dtype=bool),
        permit_ok=np.array([r["permit_ok"] for r in job_rows], dtype=bool),
        text=text(job_rows),
    )
    return pros, jobs


def counts_matrix(rows: list[dict], width: int) -> sparse.csr_matrix:
    """CSR (len(rows) × width) of term counts from rows of {term index: count}."""
    data, indices, indptr = [], [], [0]
    for r in rows:
        for t, c in sorted(r.items()):
            if c > 0:
                indices.append(t)
                data.append(c)
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.array(data, dtype=np.float64), np.array(indices, dtype=np.int32), np.array(indptr)),
        shape=(len(rows), width),
    )


def term_counts(words: list[str], vocab: dict[str, int], *, grow: bool) -> Counter:
    """{term index: count} for ``words``; new words join ``vocab`` when ``grow``, else are
    skipped (a professional's word no job uses carries no weight anyway)."""
    out: Counter = Counter()
    for w in words:
        t = vocab.get(w)
        if t is None and grow:
            t = vocab[w] = len(vocab)
        if t is not None:
            out[t] += 1
    return out
