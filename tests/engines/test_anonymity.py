"""k-anonymity / l-diversity engine: a hand-checked table, hypothesis properties against an
independent pure-Python checker, and suggestions that really raise k."""

from collections import Counter, defaultdict

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corridor.engines.anonymity import assess, generalise

# Hand-checked: groups over (age, postcode, sex):
#   (34, 50450, F) ×3 with diseases {flu, hiv, flu}  -> size 3, l = 2
#   (41, 00100, M) ×2 with {flu, flu}                -> size 2, l = 1
#   (29, 50460, F) ×1 with {asthma}                  -> size 1, l = 1
HAND = [
    {"age": 34, "postcode": "50450", "sex": "F", "disease": "flu"},
    {"age": 34, "postcode": "50450", "sex": "F", "disease": "hiv"},
    {"age": 34, "postcode": "50450", "sex": "F", "disease": "flu"},
    {"age": 41, "postcode": "00100", "sex": "M", "disease": "flu"},
    {"age": 41, "postcode": "00100", "sex": "M", "disease": "flu"},
    {"age": 29, "postcode": "50460", "sex": "F", "disease": "asthma"},
]


def test_hand_checked_table():
    result = assess(HAND, ["age", "postcode", "sex"], sensitive="disease", policy_k=2)
    assert (result.rows, result.k, result.l_diversity, result.groups) == (6, 1, 1, 3)
    assert result.smallest[0].values == (29, "50460", "F") and result.smallest[0].size == 1
    assert [g.size for g in result.smallest] == [1, 2, 3]
    assert [g.distinct_sensitive for g in result.smallest] == [1, 1, 2]
    assert not result.passes
    # Dropping the postcode's last digits merges 50450 and 50460; binning the age by 10 then
    # merges 34 and 29: groups (20–29|30–39 → "504**", F) of 4 and (40–49, 001**, M) of 2.
    assert result.suggestions, "a generalisation should be suggested"
    assert result.suggestions[-1].k_after >= 2


def test_policy_k_default_and_pass():
    result = assess(HAND, ["sex"], sensitive="disease")
    assert result.k == 2 and result.policy_k == 5 and not result.passes
    assert assess(HAND, ["sex"], policy_k=2).passes


def test_no_quasi_identifier_is_one_group():
    result = assess(HAND, [], sensitive="disease")
    assert result.k == 6 and result.l_diversity == 3


def test_unknown_column_is_named():
    with pytest.raises(KeyError, match="zip"):
        assess(HAND, ["zip"])


def test_generalise_truncates_and_bins():
    table = generalise(HAND, "postcode", "truncate", 3).to_pylist()
    assert {r["postcode"] for r in table} == {"504**", "001**"}
    binned = generalise(HAND, "age", "bin", 10).to_pylist()
    assert {r["age"] for r in binned} == {"30–39", "40–49", "20–29"}


def _checker(rows, quasi, sensitive):
    groups = Counter(tuple(r[q] for q in quasi) for r in rows)
    sens = defaultdict(set)
    for r in rows:
        sens[tuple(r[q] for q in quasi)].add(r[sensitive])
    return min(groups.values()), min(len(v) for v in sens.values()), len(groups)


rows_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "age": st.integers(18, 90),
            "zip": st.sampled_from(["50450", "50460", "00100", "00200", "80000"]),
            "sex": st.sampled_from(["F", "M"]),
            "dx": st.sampled_from(["a", "b", "c"]),
        }
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(rows_strategy, st.sampled_from([["age"], ["zip", "sex"], ["age", "zip", "sex"]]))
@example([{"age": 30, "zip": "50450", "sex": "F", "dx": "a"}], ["age"])
def test_k_and_l_match_an_independent_checker(rows, quasi):
    result = assess(rows, quasi, sensitive="dx", policy_k=3)
    k, l_div, groups = _checker(rows, quasi, "dx")
    assert (result.k, result.l_diversity, result.groups) == (k, l_div, groups)
    assert result.smallest[0].size == k
    # The last suggestion's k is the true k of the table with, per column, its last step applied.
    if result.suggestions:
        last = {s.column: s for s in result.suggestions}
        current = rows
        for s in last.values():
            current = generalise(current, s.column, s.action, s.parameter).to_pylist()
        assert _checker(current, quasi, "dx")[0] == result.suggestions[-1].k_after > k
    assert result.passes == (k >= 3)
