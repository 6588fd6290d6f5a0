"""The UBL JSON form used by MyInvois (``_D``/``_A``/``_B`` notation) ↔ UBL XML.

In that form every element is a key holding a list of objects; a basic component carries its text
under ``"_"`` and its attributes as sibling keys; an aggregate component carries child elements.
``_D`` names the document namespace, ``_A`` the aggregate (cac) and ``_B`` the basic (cbc) one.
``UBLExtensions`` (signatures) are kept as an empty ``ext:UBLExtensions`` marker.
"""

from __future__ import annotations

import re
from decimal import Decimal

from lxml import etree

from .parsing import NS, DocumentError

_NUM = re.compile(r"^-?\d+(\.\d+)?$")


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = format(Decimal(repr(value)), "f")
        return text
    return "" if value is None else str(value)


def _build(parent: etree._Element, key: str, items, cac: str, cbc: str) -> None:
    if not isinstance(items, list):
        items = [items]
    for item in items:
        if key == "UBLExtensions":
            etree.SubElement(parent, f"{{{NS['ext']}}}UBLExtensions")
            continue
        if not isinstance(item, dict):
            el = etree.SubElement(parent, f"{{{cbc}}}{key}")
            el.text = _text(item)
            continue
        if "_" in item:
            el = etree.SubElement(parent, f"{{{cbc}}}{key}")
            el.text = _text(item["_"])
            for attr, val in item.items():
                if attr != "_" and not isinstance(val, dict | list):
                    el.set(attr, _text(val))
        else:
            el = etree.SubElement(parent, f"{{{cac}}}{key}")
            for child_key, child in item.items():
                _build(el, child_key, child, cac, cbc)


def json_to_ubl(obj: dict) -> etree._Element:
    doc_ns = obj.get("_D", "")
    cac = obj.get("_A", NS["cac"])
    cbc = obj.get("_B", NS["cbc"])
    name = "Invoice" if "Invoice" in obj else "CreditNote"
    body = obj.get(name)
    if isinstance(body, list):
        body = body[0] if body else {}
    if not isinstance(body, dict):
        raise DocumentError(f"$.{name} must hold an object.", code="unknown_type")
    root = etree.Element(
        f"{{{doc_ns}}}{name}", nsmap={None: doc_ns, "cac": cac, "cbc": cbc, "ext": NS["ext"]}
    )
    for key, items in body.items():
        _build(root, key, items, cac, cbc)
    return root


def _value(text: str | None):
    return text if text is not None else ""


def _to_obj(el: etree._Element) -> dict:
    qn = etree.QName(el)
    if qn.namespace == NS["cbc"] or (len(el) == 0 and (el.text or "").strip()):
        out: dict = {"_": _value(el.text)}
        out.update(dict(el.attrib))
        return out
    out = {}
    for child in el:
        if not isinstance(child.tag, str):
            continue
        out.setdefault(etree.QName(child).localname, []).append(_to_obj(child))
    return out


def ubl_to_json(root: etree._Element) -> dict:
    name = etree.QName(root).localname
    return {
        "_D": etree.QName(root).namespace,
        "_A": NS["cac"],
        "_B": NS["cbc"],
        name: [_to_obj(root)],
    }


_STEP = re.compile(r"^(?:[a-z]+:)?([A-Za-z0-9_]+)(?:\[(\d+)\])?$")


def xpath_to_jsonpath(xpath: str) -> str:
    """``/Invoice/cac:Party[2]/cbc:ID/@schemeID`` → ``$.Invoice[0].Party[1].ID[0].schemeID``."""
    parts = [p for p in xpath.split("/") if p]
    out = ["$"]
    for part in parts:
        if part.startswith("@"):
            out.append(part[1:])
            continue
        m = _STEP.match(part)
        if not m:
            out.append(part)
            continue
        out.append(f"{m.group(1)}[{int(m.group(2) or 1) - 1}]")
    return ".".join(out)
