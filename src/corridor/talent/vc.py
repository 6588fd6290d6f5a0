"""Verifiable credentials without Django: RFC 8785 JSON canonicalisation (JCS), Ed25519
Data Integrity proofs of the ``eddsa-jcs-2022`` cryptosuite, Multikey encodings and the
Bitstring Status List.

Signing (W3C VC Data Integrity EdDSA Cryptosuites, eddsa-jcs-2022):
  proofConfig = the proof without ``proofValue`` (with the document's ``@context``)
  hashData    = SHA-256(JCS(proofConfig)) || SHA-256(JCS(document without proof))
  proofValue  = multibase base58btc of Ed25519-sign(hashData)
Verification recomputes hashData and checks the signature against the public key, so any
change to any field of the credential (or the proof options) makes it fail.
"""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
import json
import math
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

CRYPTOSUITE = "eddsa-jcs-2022"
ED25519_MULTICODEC = b"\xed\x01"
STATUS_LIST_BITS = 131072  # 16 KiB, the minimum size the Bitstring Status List recommends for privacy

# ---- RFC 8785 JSON Canonicalization Scheme ----

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _jcs_string(s: str) -> str:
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _jcs_number(x: float | int) -> str:
    """ECMAScript Number.prototype.toString (what RFC 8785 requires) for finite numbers."""
    if isinstance(x, bool):  # pragma: no cover - handled by the caller
        raise TypeError
    if isinstance(x, int):
        if abs(x) >= 2**53:
            raise ValueError("integers beyond 2^53 are not interoperable in JSON (RFC 8785)")
        return str(x)
    if not math.isfinite(x):
        raise ValueError("NaN and Infinity have no JSON form")
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    # Shortest round-trip digits (Python's repr uses the same criterion as ECMAScript).
    mantissa, _, exp = repr(abs(x)).partition("e")
    int_part, _, frac_part = mantissa.partition(".")
    digits = (int_part + frac_part).lstrip("0")
    # Decimal exponent n such that value = 0.d1d2... × 10^n
    point = len(int_part) + (int(exp) if exp else 0)
    if int_part == "0":
        stripped = frac_part.lstrip("0")
        point = -(len(frac_part) - len(stripped)) + (int(exp) if exp else 0)
        digits = stripped
    digits = digits.rstrip("0") or "0"
    k, n = len(digits), point
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        es = f"e+{e}" if e >= 0 else f"e-{-e}"
        body = digits[0] + ("." + digits[1:] if k > 1 else "") + es
    return sign + body


def canonicalize(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of a JSON value (dict, list, str, int, float, bool, None)."""
    return _jcs(value).encode("utf-8", "surrogatepass")


def _jcs(v: Any) -> str:
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return _jcs_number(v)
    if isinstance(v, str):
        return _jcs_string(v)
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(_jcs(i) for i in v) + "]"
    if isinstance(v, dict):
        for key in v:
            if not isinstance(key, str):
                raise TypeError("JSON object keys must be strings")
        keys = sorted(v, key=lambda s: s.encode("utf-16-be", "surrogatepass"))
        return "{" + ",".join(_jcs_string(k) + ":" + _jcs(v[k]) for k in keys) + "}"
    raise TypeError(f"not a JSON value: {type(v).__name__}")


# ---- multibase / Multikey ----

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


def b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        idx = _B58.find(ch)
        if idx < 0:
            raise ValueError("not base58btc")
        n = n * 58 + idx
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(text) - len(text.lstrip("1"))
    return b"\0" * pad + body


def public_key_multibase(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + b58encode(ED25519_MULTICODEC + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ValueError("expected a base58btc multibase value")
    raw = b58decode(value[1:])
    if raw[:2] != ED25519_MULTICODEC or len(raw) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def public_key_jwk(key: Ed25519PublicKey) -> dict:
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode()}


# ---- Data Integrity proof ----


def _hash_data(document: dict, proof_config: dict) -> bytes:
    return (
        hashlib.sha256(canonicalize(proof_config)).digest() + hashlib.sha256(canonicalize(document)).digest()
    )


def sign(document: dict, *, private_key: Ed25519PrivateKey, verification_method: str, created: str) -> dict:
    """A copy of ``document`` with an ``eddsa-jcs-2022`` DataIntegrityProof added."""
    unsigned = copy.deepcopy(document)
    unsigned.pop("proof", None)
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    config = {**proof, "@context": unsigned.get("@context")}
    signature = private_key.sign(_hash_data(unsigned, config))
    signed = copy.deepcopy(unsigned)
    signed["proof"] = {**proof, "proofValue": "z" + b58encode(signature)}
    return signed


def verify(document: dict, *, public_key: Ed25519PublicKey) -> tuple[bool, str]:
    """(ok, reason). Checks the proof shape and the signature over the JCS bytes."""
    proof = document.get("proof") if isinstance(document, dict) else None
    if not isinstance(proof, dict):
        return False, "The credential has no proof."
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return False, "Unsupported proof type or cryptosuite."
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return False, "The proof value is not base58btc multibase."
    try:
        signature = b58decode(value[1:])
    except ValueError:
        return False, "The proof value is not base58btc multibase."
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = unsigned.get("@context")
    try:
        public_key.verify(signature, _hash_data(unsigned, config))
    except (InvalidSignature, ValueError, TypeError):
        return False, "The signature does not match: the credential was changed or signed by another key."
    return True, "The signature is valid."


# ---- Bitstring Status List ----


def encode_status_list(revoked: set[int], size: int = STATUS_LIST_BITS) -> str:
    """Multibase base64url (no padding) of the GZIP-compressed bitstring; index 0 is the
    left-most (most significant) bit of the first byte."""
    bits = bytearray(size // 8)
    for index in revoked:
        if not 0 <= index < size:
            raise ValueError("status index out of range")
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode()


def status_bit(encoded_list: str, index: int) -> bool:
    if not encoded_list.startswith("u"):
        raise ValueError("expected a base64url multibase value")
    data = encoded_list[1:]
    raw = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    if not 0 <= index < len(raw) * 8:
        raise ValueError("status index out of range")
    return bool(raw[index // 8] & (0x80 >> (index % 8)))


def load_json(text: str) -> dict:
    """Parse a credential file, refusing NaN/Infinity and duplicate keys."""

    def no_duplicates(pairs):
        out = {}
        for k, v in pairs:
            if k in out:
                raise ValueError(f"duplicate key {k!r}")
            out[k] = v
        return out

    def no_constants(name):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constants)
