"""The validator on real files (the HS nomenclature's Data Package), hand-made broken files, and
Frictionless as the independent checker."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corridor.datahub import tabular

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
HS = SHARED / "hs" / "datapackage.json"


@pytest.mark.skipif(not HS.exists(), reason="shared data not present")
def test_hs_files_validate_against_their_own_datapackage():
    reports = tabular.validate_package(HS)
    assert set(reports) == {"sections", "harmonized-system"}
    for name, report in reports.items():
        assert report["valid"], (name, report["errors"][:5])
        assert report["rows"] > 0
    assert reports["sections"]["rows"] == 21


@pytest.mark.skipif(not HS.exists(), reason="shared data not present")
def test_inferred_schema_of_hs_keeps_codes_as_strings_and_finds_the_key():
    schema = tabular.infer_schema(SHARED / "hs" / "harmonized-system.csv", "csv")
    types = {f["name"]: f["type"] for f in schema["fields"]}
    assert types["hscode"] == "string"  # leading zeros ("01") survive
    assert types["level"] == "integer"
    assert schema["primaryKey"] == ["hscode"]


def test_report_names_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,name,age,joined\n1,Ann,34,2024-01-02\n2,Bo,x,2024-02-30\n2,Cy,41\n3,,22,2024-03-01,extra\n"
    )
    schema = {
        "fields": [
            {"name": "id", "type": "integer", "constraints": {"required": True}},
            {"name": "name", "type": "string", "constraints": {"required": True}},
            {"name": "age", "type": "integer"},
            {"name": "joined", "type": "date"},
        ],
        "primaryKey": ["id"],
    }
    report = tabular.validate(path, "csv", schema)
    found = {(e["type"], e["row"], e["column"]) for e in report["errors"]}
    assert found == {
        ("type-error", 3, "age"),
        ("type-error", 3, "joined"),
        ("missing-cell", 4, "joined"),
        ("extra-cell", 5, "joined"),
        ("constraint-error", 5, "name"),
        ("primary-key", 4, "id"),
    }
    assert not report["valid"] and report["error_count"] == 6


def _frictionless_valid(path, schema) -> bool:
    from frictionless import Resource, Schema

    resource = Resource(path=path.name, basepath=str(path.parent), schema=Schema.from_descriptor(schema))
    return resource.validate().valid


cells = st.one_of(st.integers(-1000, 1000).map(str), st.sampled_from(["", "x", "1.5", "2024-01-01", "abc"]))


@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.tuples(cells, cells), min_size=1, max_size=8))
@example([("1", "2")])
@example([("x", "")])
def test_validity_agrees_with_frictionless(tmp_path, rows):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n" + "".join(f"{a},{b}\n" for a, b in rows))
    schema = {"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}]}
    ours = tabular.validate(path, "csv", schema)["valid"]
    assert ours == _frictionless_valid(path, schema)
