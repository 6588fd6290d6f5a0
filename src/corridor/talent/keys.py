"""The platform's Ed25519 issuer key and its published document.

The key comes from ``settings.CORRIDOR_SIGNING_KEY`` or the environment variable of the same
name (a PEM private key, or the 32-byte seed in base64url); without it, a key is generated
into ``CORRIDOR_VAR_DIR/talent-signing-key.pem`` (mode 0600) on first use (never at import
time). Losing that file means earlier credentials no longer verify against the new key.
"""

from __future__ import annotations

import base64
import os
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.conf import settings

from . import vc

KEY_FILE_NAME = "talent-signing-key.pem"
ISSUER_PATH = "/.well-known/corridor-issuer.json"


def _from_text(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("CORRIDOR_SIGNING_KEY is not an Ed25519 key")
        return key
    seed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return Ed25519PrivateKey.from_private_bytes(seed)


@lru_cache(maxsize=4)
def _cached(source: str, path: str) -> Ed25519PrivateKey:
    if source:
        return _from_text(source)
    file = Path(path)
    if file.exists():
        return _from_text(file.read_text())
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return key


def signing_key() -> Ed25519PrivateKey:
    source = getattr(settings, "CORRIDOR_SIGNING_KEY", "") or os.environ.get("CORRIDOR_SIGNING_KEY", "")
    return _cached(source, str(Path(settings.VAR_DIR) / KEY_FILE_NAME))


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def issuer_id() -> str:
    return settings.SITE_URL.rstrip("/") + ISSUER_PATH


def verification_method_id() -> str:
    return issuer_id() + "#key-1"


def issuer_document() -> dict:
    """A DID-document-like description of the issuer and its public key."""
    pub = public_key()
    method = {
        "id": verification_method_id(),
        "type": "Multikey",
        "controller": issuer_id(),
        "publicKeyMultibase": vc.public_key_multibase(pub),
        "publicKeyJwk": vc.public_key_jwk(pub),
    }
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": issuer_id(),
        "name": "Corridor — Malaysia–Kenya digital trade partnership platform",
        "verificationMethod": [method],
        "assertionMethod": [method["id"]],
    }


def public_key_from_issuer_document(document: dict) -> Ed25519PublicKey:
    methods = document.get("verificationMethod") or []
    if not methods:
        raise ValueError("the issuer document lists no verification method")
    return vc.public_key_from_multibase(methods[0]["publicKeyMultibase"])
