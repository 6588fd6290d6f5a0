"""Hardened reading of the three accepted document kinds.

XML is parsed with lxml configured like defusedxml: no DTD loading, no entity expansion (a document
that declares a DOCTYPE is refused outright, which also stops billion-laughs), no network, a size
cap and a depth cap. A syntax error reports its line and column. JSON is parsed with the standard
library under the same size and depth caps.

Accepted kinds (``KINDS``): a UBL 2.1 Invoice or CreditNote in XML, the MyInvois JSON form of a UBL
document (``_D``/``_A``/``_B`` notation), and an eTIMS sales payload (see ``etims.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from lxml import etree

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64

NS = {
    "ubl": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
}

KINDS = {
    "ubl-invoice": "UBL 2.1 Invoice (XML)",
    "ubl-creditnote": "UBL 2.1 CreditNote (XML)",
    "myinvois-json": "MyInvois UBL JSON (_D/_A/_B notation)",
    "etims-json": "KRA eTIMS sales payload (JSON)",
}


class DocumentError(ValueError):
    """A document that cannot be read: ``code`` is stable, ``line``/``column`` when known."""

    def __init__(self, message: str, *, code: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.line = line
        self.column = column

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "line": self.line, "column": self.column}


@dataclass
class Document:
    kind: str
    root: etree._Element | None = None  # UBL tree (also built from MyInvois JSON)
    data: dict | None = None  # the JSON as given (MyInvois or eTIMS)
    notes: list[str] = field(default_factory=list)
    _model: object = field(default=None, repr=False)
    _paths: dict | None = field(default=None, repr=False)

    @property
    def paths(self) -> dict:
        """XPath of every element of the UBL tree (built once)."""
        if self._paths is None:
            from .framework import build_paths

            self._paths = build_paths(self.root) if self.root is not None else {}
        return self._paths

    _regime: str | None = field(default=None, repr=False)

    @property
    def regime(self) -> str:
        if self._regime is None:
            self._regime = self._find_regime()
        return self._regime

    def _find_regime(self) -> str:
        """``etims``, ``myinvois`` (MyInvois JSON, or XML with a MyInvois version / Malaysian alpha-3 seller) or ``en``."""
        if self.kind == "etims-json":
            return "etims"
        if self.kind == "myinvois-json":
            return "myinvois"
        versioned = self.root.xpath(
            "boolean(*[local-name()='InvoiceTypeCode' or local-name()='CreditNoteTypeCode']/@listVersionID)"
        )
        return "myinvois" if versioned or self.model.seller.country == "MYS" else "en"

    @property
    def model(self):
        """The canonical invoice (``model.Invoice``) read from this document, built once."""
        if self._model is None:
            if self.kind == "etims-json":
                from .etims import from_etims

                self._model = from_etims(self.data or {})
            else:
                from .model import from_ubl

                self._model = from_ubl(self.root, json_paths=self.kind == "myinvois-json", paths=self.paths)
        return self._model

    @property
    def is_credit(self) -> bool:
        if self.kind == "etims-json":
            return str((self.data or {}).get("rcptTyCd", "")).upper() == "R"
        return self.root is not None and etree.QName(self.root).localname == "CreditNote"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _check_depth_xml(root: etree._Element) -> None:
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise DocumentError(f"The document nests deeper than {MAX_DEPTH} levels.", code="too_deep")
        stack.extend((child, depth + 1) for child in el)


def parse_xml(data: bytes) -> etree._Element:
    if len(data) > MAX_BYTES:
        raise DocumentError(f"The document is larger than {MAX_BYTES // (1024 * 1024)} MB.", code="too_large")
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"<!DOCTYPE" in data[:65536].upper() or b"<!ENTITY" in data.upper():
        raise DocumentError(
            "Document type declarations and entities are not accepted.",
            code="forbidden_dtd",
            line=1,
            column=1,
        )
    if not head.startswith(b"<"):
        raise DocumentError("Not an XML document.", code="parse_error", line=1, column=1)
    try:
        root = etree.fromstring(data, _parser())  # noqa: S320 - hardened parser, DTDs refused above
    except etree.XMLSyntaxError as exc:
        line, column = (exc.position if exc.position else (exc.lineno, 0)) or (None, None)
        msg = exc.msg.split(" (line")[0] if exc.msg else "malformed XML"
        raise DocumentError(
            f"Malformed XML at line {line}, column {column}: {msg}",
            code="parse_error",
            line=line,
            column=column,
        ) from None
    _check_depth_xml(root)
    return root


def _json_depth(obj, limit: int) -> None:
    stack = [(obj, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise DocumentError(f"The document nests deeper than {limit} levels.", code="too_deep")
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def parse_json(data: bytes) -> dict:
    if len(data) > MAX_BYTES:
        raise DocumentError(f"The document is larger than {MAX_BYTES // (1024 * 1024)} MB.", code="too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError("JSON must be UTF-8.", code="parse_error", line=1, column=1) from None
    # Depth is checked on the raw text first so that a hostile nesting never reaches the recursive parser.
    depth = peak = 0
    in_str = esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            peak = max(peak, depth)
            if peak > MAX_DEPTH * 2:
                raise DocumentError(f"The document nests deeper than {MAX_DEPTH} levels.", code="too_deep")
        elif ch in "]}":
            depth -= 1
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            f"Malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            code="parse_error",
            line=exc.lineno,
            column=exc.colno,
        ) from None
    if not isinstance(obj, dict):
        raise DocumentError("The JSON document must be an object.", code="unknown_type")
    return obj


def unknown_type() -> DocumentError:
    accepted = "; ".join(KINDS.values())
    return DocumentError(f"Unknown document type. Accepted: {accepted}.", code="unknown_type")


def load(data: bytes) -> Document:
    """Sniff the kind by content and read it; raises DocumentError."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise DocumentError(f"The document is larger than {MAX_BYTES // (1024 * 1024)} MB.", code="too_large")
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        root = parse_xml(data)
        qn = etree.QName(root)
        if qn.namespace == NS["ubl"] and qn.localname == "Invoice":
            return Document(kind="ubl-invoice", root=root)
        if qn.namespace == NS["cn"] and qn.localname == "CreditNote":
            return Document(kind="ubl-creditnote", root=root)
        raise unknown_type()
    if head.startswith(b"{"):
        obj = parse_json(data)
        if "_D" in obj and ("Invoice" in obj or "CreditNote" in obj):
            from .ubljson import json_to_ubl

            return Document(kind="myinvois-json", root=json_to_ubl(obj), data=obj)
        if "invcNo" in obj and ("itemList" in obj or "tin" in obj or "rcptTyCd" in obj):
            return Document(kind="etims-json", data=obj)
        raise unknown_type()
    raise unknown_type()
