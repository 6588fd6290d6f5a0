"""Conformance engine: one invoice checked against EN 16931, MyInvois, eTIMS and cross-border rule packs.

Pure Python (lxml), no Django. ``check(data, packs=None)`` reads a UBL 2.1 Invoice/CreditNote (XML),
the MyInvois UBL JSON form or an eTIMS sales payload and returns a ``Report``; a document that
cannot be read raises ``DocumentError`` (with line and column for syntax errors).

Packs (each versioned): EN, MY, KE, XB, CL. Without ``packs`` every pack that applies to the
document runs (EN and MY need a UBL document; KE applies to eTIMS payloads and to documents whose
seller is in Kenya; MY to MyInvois JSON and to documents whose seller is in Malaysia).
"""

from __future__ import annotations

from .parsing import KINDS, MAX_BYTES, Document, DocumentError, load
from .report import Report

PACK_CODES = ("EN", "MY", "KE", "XB", "CL")


def packs() -> dict:
    from .pack_cl import PACK as CL
    from .pack_en import PACK as EN
    from .pack_ke import PACK as KE
    from .pack_my import PACK as MY
    from .pack_xb import PACK as XB

    return {"EN": EN, "MY": MY, "KE": KE, "XB": XB, "CL": CL}


def versions() -> dict[str, str]:
    return {code: pack.version for code, pack in packs().items()}


def check_document(doc: Document, selected: list[str] | None = None) -> Report:
    available = packs()
    if selected:
        unknown = [p for p in selected if p not in available]
        if unknown:
            raise DocumentError(
                f"Unknown pack {', '.join(unknown)}; packs are {', '.join(PACK_CODES)}.", code="unknown_pack"
            )
        chosen = [available[p] for p in PACK_CODES if p in selected]
    else:
        chosen = [pack for pack in available.values() if pack.applies(doc)]
    report = Report(kind=doc.kind, packs={p.code: p.version for p in chosen})
    for pack in chosen:
        report.findings.extend(pack.run(doc))
    return report


def check(data: bytes | str, packs: list[str] | None = None) -> Report:
    return check_document(load(data), packs)


__all__ = [
    "KINDS",
    "MAX_BYTES",
    "PACK_CODES",
    "Document",
    "DocumentError",
    "Report",
    "check",
    "check_document",
    "load",
    "packs",
    "versions",
]
