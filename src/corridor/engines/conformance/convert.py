"""The conversion view: one invoice as MyInvois UBL (XML and JSON) and as an eTIMS payload.

Every conversion goes through the canonical model; what the model does not carry, and what a
target has no field for, is listed by name so nobody mistakes a conversion for a complete one.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field

from lxml import etree

from .crosswalk import EN_TO_MY, KRA_TO_MY, country_alpha3
from .etims import to_etims
from .model import Invoice, to_ubl
from .parsing import NS, Document
from .ubljson import ubl_to_json


@dataclass
class Conversion:
    target: str
    content: str
    not_carried: list[str] = field(default_factory=list)


def _leaf_paths(root) -> set[str]:
    out = set()
    for el in root.iter():
        if not isinstance(el.tag, str) or len(el):
            continue
        parts = []
        node = el
        while node is not None:
            parts.append(etree.QName(node).localname)
            node = node.getparent()
        out.add("/".join(reversed(parts[:-1])) or parts[0])
    return out


def _dropped(doc: Document, produced) -> list[str]:
    if doc.root is None:
        carried_keys = {
            "tin",
            "invcNo",
            "orgInvcNo",
            "custTin",
            "custNm",
            "rcptTyCd",
            "salesDt",
            "itemList",
            "totTaxAmt",
            "totAmt",
            "remark",
            "currencyCd",
            "exchangeRt",
            "custCountry",
        } | {f"{p}{c}" for p in ("taxblAmt", "taxRt", "taxAmt") for c in "ABCDE"}
        return [
            f"{k} (no place in the canonical invoice)"
            for k in sorted((doc.data or {}).keys())
            if k not in carried_keys and (doc.data or {}).get(k) not in (None, "", 0)
        ]
    source = _leaf_paths(doc.root)
    target = _leaf_paths(produced)
    return [f"{p} (not carried across)" for p in sorted(source - target) if not p.startswith("UBLExtensions")]


def _set(parent, path: str, value: str, **attrs) -> None:
    steps = path.split("/")
    node = parent
    for step in steps:
        prefix, name = step.split(":")
        found = node.find(f"{{{NS[prefix]}}}{name}")
        if found is None:
            found = etree.SubElement(node, f"{{{NS[prefix]}}}{name}")
        node = found
    node.text = value
    for k, v in attrs.items():
        node.set(k, v)


def to_myinvois(inv: Invoice) -> tuple[etree._Element, list[str]]:
    lost: list[str] = []
    mine = copy.deepcopy(inv)
    for party in (mine.seller, mine.buyer):
        party.country = country_alpha3(party.country) or party.country
    root = to_ubl(mine)
    type_el = root.find(f"{{{NS['cbc']}}}InvoiceTypeCode")
    if type_el is None:
        type_el = root.find(f"{{{NS['cbc']}}}CreditNoteTypeCode")
    code = {"380": "01", "381": "02", "383": "03", "S": "01", "R": "02"}.get(
        inv.type_code,
        inv.type_code if inv.type_code in {"01", "02", "03", "04", "11", "12", "13", "14"} else "",
    )
    if type_el is None:
        type_el = etree.SubElement(root, f"{{{NS['cbc']}}}InvoiceTypeCode")
    if not code:
        lost.append(f"document type {inv.type_code or '—'} has no MyInvois e-invoice type (01–04, 11–14)")
    type_el.text = code or "01"
    type_el.set("listVersionID", "1.1")
    custom = root.find(f"{{{NS['cbc']}}}CustomizationID")
    if custom is not None:
        root.remove(custom)
    for who, party in (("AccountingSupplierParty", inv.seller), ("AccountingCustomerParty", inv.buyer)):
        p = root.find(f"{{{NS['cac']}}}{who}/{{{NS['cac']}}}Party")
        if p is None:
            continue
        pid = etree.Element(f"{{{NS['cac']}}}PartyIdentification")
        _set(pid, "cbc:ID", party.tax_id or "", schemeID="TIN")
        p.insert(0, pid)
        if party.registration_id:
            reg = etree.Element(f"{{{NS['cac']}}}PartyIdentification")
            _set(reg, "cbc:ID", party.registration_id, schemeID="BRN")
            p.insert(1, reg)
        else:
            lost.append(
                f"{who}: registration / identification number (BRN, NRIC or passport) — the source has none"
            )
        if not party.phone:
            lost.append(f"{who}: contact number (mandatory in MyInvois) — the source has none")
    for el in root.iter(f"{{{NS['cac']}}}TaxCategory", f"{{{NS['cac']}}}ClassifiedTaxCategory"):
        idn = el.find(f"{{{NS['cbc']}}}ID")
        if idn is not None:
            src = (idn.text or "").strip()
            my = EN_TO_MY.get(src) or KRA_TO_MY.get(src)
            if my:
                idn.text = my
            else:
                lost.append(f"tax category {src} has no MyInvois tax type")
        scheme = el.find(f"{{{NS['cac']}}}TaxScheme/{{{NS['cbc']}}}ID")
        if scheme is not None:
            scheme.text = "OTH"
            scheme.set("schemeID", "UN/ECE 5153")
            scheme.set("schemeAgencyID", "6")
    lost.extend(
        [
            "issue time (MyInvois needs HH:MM:SSZ; the canonical invoice carries dates only)",
            "supplier MSIC code and business activity description",
            "state codes of the addresses",
            "the issuer's digital signature (added by the issuer's system when submitting)",
        ]
    )
    if inv.currency != "MYR" and inv.exchange_rate is None:
        lost.append(f"exchange rate to MYR (mandatory for {inv.currency}; the source has none)")
    return root, lost


def conversions(doc: Document) -> list[Conversion]:
    inv = doc.model
    out = []
    my_root, my_lost = to_myinvois(inv)
    dropped = _dropped(doc, my_root)
    out.append(
        Conversion(
            "myinvois-xml", etree.tostring(my_root, pretty_print=True, encoding="unicode"), my_lost + dropped
        )
    )
    out.append(
        Conversion(
            "myinvois-json", json.dumps(ubl_to_json(my_root), indent=2, ensure_ascii=False), my_lost + dropped
        )
    )
    payload, lost = to_etims(inv)
    etims_dropped = _dropped(doc, to_ubl(inv)) if doc.root is not None else []
    out.append(
        Conversion("etims-json", json.dumps(payload, indent=2, ensure_ascii=False), lost + etims_dropped)
    )
    return out
