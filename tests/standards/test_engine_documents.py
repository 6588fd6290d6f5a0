"""The engine on the official examples, the MyInvois sample, eTIMS payloads and hostile input."""

import json

import pytest

from corridor.engines.conformance import DocumentError, check, load

from .conftest import EXAMPLES, MY_SAMPLES, example, my_sample


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_official_example_passes_en(path):
    report = check(path.read_bytes(), ["EN"])
    assert report.packs == {"EN": report.packs["EN"]}
    assert [f for f in report.findings if f.severity == "fatal"] == []
    assert report.valid


def test_bis_negative_example_is_a_negative_amount_invoice_that_conforms():
    # "negativ" is an invoice whose amounts are negative (a valid way to correct), not a failing test.
    report = check(example("BIS3_Invoice_negativ.XML"), ["EN"])
    assert report.valid


@pytest.mark.parametrize("path", MY_SAMPLES, ids=lambda p: p.name)
def test_official_myinvois_sample_passes_my(path):
    report = check(path.read_bytes(), ["MY"])
    assert report.findings == [] and report.valid


def test_default_packs_follow_the_document():
    assert set(check(example("ubl-tc434-example1.xml")).packs) == {"EN", "XB", "CL"}
    assert set(check(my_sample("1.0-Invoice-Sample.json")).packs) == {"MY", "XB", "CL"}
    assert set(check(json.dumps({"invcNo": 1, "tin": "P051234567X", "itemList": []})).packs) == {
        "KE",
        "XB",
        "CL",
    }


def test_json_and_xml_myinvois_give_the_same_rules_with_their_own_paths():
    as_json = check(my_sample("1.0-Invoice-Sample.json"), ["EN"])
    as_xml = check(my_sample("1.0-Invoice-Sample.xml"), ["EN"])
    assert sorted({f.rule for f in as_json.findings}) == sorted({f.rule for f in as_xml.findings})
    assert all(f.location.startswith("$") for f in as_json.findings)
    assert all(f.location.startswith("/") for f in as_xml.findings)


def test_report_shape_and_svrl():
    report = check(my_sample("1.0-Invoice-Sample.json"), ["EN"])
    data = report.as_dict()
    assert set(data) == {"valid", "findings", "packs"}
    assert set(data["findings"][0]) >= {"rule", "severity", "location", "message"}
    svrl = report.to_svrl()
    assert b"svrl:failed-assert" in svrl and b'id="BR-01"' in svrl


def test_partial_document_yields_exactly_the_rules_it_breaks():
    doc = b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>1</cbc:ID></Invoice>'
    rules = {f.rule for f in check(doc, ["EN"]).findings}
    assert {
        "BR-01",
        "BR-03",
        "BR-04",
        "BR-05",
        "BR-06",
        "BR-07",
        "BR-08",
        "BR-10",
        "BR-16",
        "BR-CO-18",
    } <= rules
    assert "BR-02" not in rules
    assert not any(r.startswith("BR-S-") for r in rules)


def test_etims_sale_passes_ke(etims_sale):
    report = check(json.dumps(etims_sale), ["KE"])
    assert report.findings == []


# ---- bad input ----
def test_malformed_xml_reports_line_and_column():
    with pytest.raises(DocumentError) as err:
        load(b'<?xml version="1.0"?>\n<Invoice>\n  <cbc:ID>1</ID>\n</Invoice>')
    assert err.value.code == "parse_error" and err.value.line == 3 and err.value.column


def test_malformed_json_reports_line_and_column():
    with pytest.raises(DocumentError) as err:
        load(b'{"invcNo": 1,\n "tin": }')
    assert err.value.line == 2 and err.value.column


def test_unknown_type_names_the_accepted_types():
    with pytest.raises(DocumentError) as err:
        load(b"<Order xmlns='urn:oasis:names:specification:ubl:schema:xsd:Order-2'/>")
    assert (
        err.value.code == "unknown_type"
        and "CreditNote" in err.value.message
        and "eTIMS" in err.value.message
    )
    with pytest.raises(DocumentError):
        load(b"plain text")


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Invoice>&xxe;</Invoice>',
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Invoice>&lol2;</Invoice>',
        b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.com/evil.dtd"><Invoice/>',
    ],
    ids=["xxe", "billion-laughs", "external-dtd"],
)
def test_entities_and_dtds_are_refused(payload):
    with pytest.raises(DocumentError) as err:
        load(payload)
    assert err.value.code == "forbidden_dtd"


def test_oversize_is_refused():
    with pytest.raises(DocumentError) as err:
        load(b"<Invoice>" + b" " * (10 * 1024 * 1024) + b"</Invoice>")
    assert err.value.code == "too_large"


def test_deep_xml_and_json_are_refused():
    deep_xml = (
        b"<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'>"
        + b"<a>" * 200
        + b"</a>" * 200
        + b"</Invoice>"
    )
    with pytest.raises(DocumentError) as err:
        load(deep_xml)
    assert err.value.code == "too_deep"
    with pytest.raises(DocumentError) as err:
        load(b'{"invcNo": ' + b"[" * 5000 + b"]" * 5000 + b"}")
    assert err.value.code == "too_deep"
