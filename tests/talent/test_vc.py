"""Credentials: JCS canonicalisation (RFC 8785 examples), signing, tamper, status list."""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from corridor.talent import vc


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0"),
        (-0.0, "0"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1.5e-7, "1.5e-7"),
        (0.000001, "0.000001"),
        (123.456, "123.456"),
        (4.5, "4.5"),
        (333333333.3333333, "333333333.3333333"),
        (1e23, "1e+23"),
        (5e-324, "5e-324"),
        (9007199254740991, "9007199254740991"),
        (-1.25e-10, "-1.25e-10"),
    ],
)
def test_numbers_follow_ecmascript(value, text):
    assert vc.canonicalize(value).decode() == text


def test_rfc8785_sorting_and_escaping_example():
    # RFC 8785 §3.2.3: keys sorted by UTF-16 code units.
    data = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    out = vc.canonicalize(data).decode()
    keys = list(json.loads(out).keys())
    assert keys == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]
    assert vc.canonicalize({"b": [1, "x\u001f\n"], "a": None}) == b'{"a":null,"b":[1,"x\\u001f\\n"]}'


def test_sign_verify_tamper_and_other_key():
    key = Ed25519PrivateKey.generate()
    doc = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "n": 1}
    signed = vc.sign(
        doc, private_key=key, verification_method="https://x/#key-1", created="2026-12-04T00:00:00Z"
    )
    assert vc.verify(signed, public_key=key.public_key())[0]
    tampered = json.loads(json.dumps(signed))
    tampered["n"] = 2
    assert not vc.verify(tampered, public_key=key.public_key())[0]
    moved = json.loads(json.dumps(signed))
    moved["proof"]["created"] = "2027-01-01T00:00:00Z"
    assert not vc.verify(moved, public_key=key.public_key())[0]
    assert not vc.verify(signed, public_key=Ed25519PrivateKey.generate().public_key())[0]
    assert not vc.verify({"n": 1}, public_key=key.public_key())[0]


def test_multikey_round_trip_and_status_list():
    key = Ed25519PrivateKey.generate().public_key()
    mb = vc.public_key_multibase(key)
    assert mb.startswith("z6Mk")
    assert vc.public_key_multibase(vc.public_key_from_multibase(mb)) == mb
    encoded = vc.encode_status_list({0, 9, 131071})
    assert vc.status_bit(encoded, 0) and vc.status_bit(encoded, 9) and vc.status_bit(encoded, 131071)
    assert not vc.status_bit(encoded, 1) and not vc.status_bit(encoded, 8)


def test_load_json_refuses_duplicates_and_nan():
    with pytest.raises(ValueError):
        vc.load_json('{"a":1,"a":2}')
    with pytest.raises(ValueError):
        vc.load_json('{"a":NaN}')
