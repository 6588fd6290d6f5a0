"""The canonical invoice: what every reader produces and every writer consumes.

It carries (and the round-trip property tests check exactly this): number, kind (invoice or
credit note), type code, issue date, document and tax currency, exchange rate, the preceding
invoice reference, notes, both parties (name, tax id, registration id, country, city, postal zone,
address lines, e-mail, phone), lines (id, name, quantity, unit, price, net amount, tax category,
rate, tax amount, classification) and the tax breakdown and totals. Anything else in a source
document is not carried and is named by the conversion view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lxml import etree

from .framework import xpath_of
from .parsing import NS


@dataclass
class Party:
    name: str = ""
    tax_id: str = ""
    registration_id: str = ""
    country: str = ""
    city: str = ""
    postal_zone: str = ""
    address_lines: tuple[str, ...] = ()
    email: str = ""
    phone: str = ""


@dataclass
class Line:
    id: str = ""
    name: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    price: Decimal | None = None
    net_amount: Decimal | None = None
    tax_category: str = ""
    tax_rate: Decimal | None = None
    tax_amount: Decimal | None = None
    classification: str = ""


@dataclass
class TaxSubtotal:
    category: str = ""
    rate: Decimal | None = None
    taxable_amount: Decimal | None = None
    tax_amount: Decimal | None = None
    exemption_reason: str = ""


@dataclass
class Invoice:
    number: str = ""
    credit: bool = False
    type_code: str = ""
    issue_date: str = ""
    currency: str = ""
    tax_currency: str = ""
    exchange_rate: Decimal | None = None
    preceding_invoice: str = ""
    notes: tuple[str, ...] = ()
    seller: Party = field(default_factory=Party)
    buyer: Party = field(default_factory=Party)
    lines: list[Line] = field(default_factory=list)
    subtotals: list[TaxSubtotal] = field(default_factory=list)
    tax_total: Decimal | None = None
    line_total: Decimal | None = None
    tax_exclusive: Decimal | None = None
    tax_inclusive: Decimal | None = None
    payable: Decimal | None = None
    loc: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


def _d(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


# ---------------- UBL → model ----------------
def _first(el, path: str):
    found = el.xpath(path, namespaces=NS)
    return found[0] if found else None


def _t(el, path: str) -> str:
    node = _first(el, path)
    if node is None:
        return ""
    return (node if isinstance(node, str) else (node.text or "")).strip()


def _party(el) -> Party:
    if el is None:
        return Party()
    tax_id = (
        _t(el, "cac:PartyTaxScheme/cbc:CompanyID")
        or _t(el, "cac:PartyIdentification/cbc:ID[@schemeID='TIN']")
        or _t(el, "cac:PartyIdentification/cbc:ID[@schemeID='KRAPIN']")
    )
    reg = _t(el, "cac:PartyLegalEntity/cbc:CompanyID") or _t(
        el, "cac:PartyIdentification/cbc:ID[@schemeID='BRN']"
    )
    return Party(
        name=_t(el, "cac:PartyLegalEntity/cbc:RegistrationName") or _t(el, "cac:PartyName/cbc:Name"),
        tax_id=tax_id,
        registration_id=reg,
        country=_t(el, "cac:PostalAddress/cac:Country/cbc:IdentificationCode"),
        city=_t(el, "cac:PostalAddress/cbc:CityName"),
        postal_zone=_t(el, "cac:PostalAddress/cbc:PostalZone"),
        address_lines=tuple(
            (n.text or "").strip()
            for n in el.xpath(
                "cac:PostalAddress/cbc:StreetName | cac:PostalAddress/cbc:AdditionalStreetName | cac:PostalAddress/cac:AddressLine/cbc:Line",
                namespaces=NS,
            )
        ),
        email=_t(el, "cac:Contact/cbc:ElectronicMail"),
        phone=_t(el, "cac:Contact/cbc:Telephone"),
    )


def from_ubl(root: etree._Element, *, json_paths: bool = False, paths: dict | None = None) -> Invoice:
    credit = etree.QName(root).localname == "CreditNote"

    def where(path: str) -> str:
        node = _first(root, path)
        loc = xpath_of(node, paths) if node is not None else xpath_of(root, paths) + "/" + path
        if json_paths:
            from .ubljson import xpath_to_jsonpath

            return xpath_to_jsonpath(loc)
        return loc

    supplier = _first(root, "cac:AccountingSupplierParty/cac:Party")
    customer = _first(root, "cac:AccountingCustomerParty/cac:Party")
    lines = []
    for ln in root.xpath("cac:InvoiceLine | cac:CreditNoteLine", namespaces=NS):
        qty = _first(ln, "cbc:InvoicedQuantity | cbc:CreditedQuantity")
        lines.append(
            Line(
                id=_t(ln, "cbc:ID"),
                name=_t(ln, "cac:Item/cbc:Name") or _t(ln, "cac:Item/cbc:Description"),
                quantity=_d(qty.text if qty is not None else None),
                unit=qty.get("unitCode", "") if qty is not None else "",
                price=_d(_t(ln, "cac:Price/cbc:PriceAmount")),
                net_amount=_d(_t(ln, "cbc:LineExtensionAmount")),
                tax_category=_t(ln, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID")
                or _t(ln, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID"),
                tax_rate=_d(
                    _t(ln, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent")
                    or _t(ln, "cac:TaxTotal/cac:TaxSubtotal/cbc:Percent")
                ),
                tax_amount=_d(_t(ln, "cac:TaxTotal/cbc:TaxAmount")),
                classification=_t(ln, "cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode"),
            )
        )
    subtotals = [
        TaxSubtotal(
            category=_t(st, "cac:TaxCategory/cbc:ID"),
            rate=_d(_t(st, "cac:TaxCategory/cbc:Percent") or _t(st, "cbc:Percent")),
            taxable_amount=_d(_t(st, "cbc:TaxableAmount")),
            tax_amount=_d(_t(st, "cbc:TaxAmount")),
            exemption_reason=_t(st, "cac:TaxCategory/cbc:TaxExemptionReason"),
        )
        for st in root.xpath("cac:TaxTotal/cac:TaxSubtotal", namespaces=NS)
    ]
    doc_currency = _t(root, "cbc:DocumentCurrencyCode")
    inv = Invoice(
        number=_t(root, "cbc:ID"),
        credit=credit,
        type_code=_t(root, "cbc:InvoiceTypeCode | cbc:CreditNoteTypeCode"),
        issue_date=_t(root, "cbc:IssueDate"),
        currency=doc_currency,
        tax_currency=_t(root, "cbc:TaxCurrencyCode"),
        exchange_rate=_d(_t(root, "cac:TaxExchangeRate/cbc:CalculationRate")),
        preceding_invoice=_t(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID")
        or _t(root, "cac:BillingReference/cac:AdditionalDocumentReference/cbc:ID"),
        notes=tuple((n.text or "").strip() for n in root.xpath("cbc:Note", namespaces=NS)),
        seller=_party(supplier),
        buyer=_party(customer),
        lines=lines,
        subtotals=subtotals,
        tax_total=_d(
            _t(root, f"cac:TaxTotal/cbc:TaxAmount[@currencyID='{doc_currency}']")
            or _t(root, "cac:TaxTotal/cbc:TaxAmount")
        ),
        line_total=_d(_t(root, "cac:LegalMonetaryTotal/cbc:LineExtensionAmount")),
        tax_exclusive=_d(_t(root, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount")),
        tax_inclusive=_d(_t(root, "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount")),
        payable=_d(_t(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")),
    )
    sp = "cac:AccountingSupplierParty/cac:Party"
    bp = "cac:AccountingCustomerParty/cac:Party"
    inv.loc = {
        "root": where("."),
        "number": where("cbc:ID"),
        "currency": where("cbc:DocumentCurrencyCode"),
        "exchange_rate": where("cac:TaxExchangeRate"),
        "preceding_invoice": where("cac:BillingReference"),
        "seller": where(sp),
        "seller.tax_id": where(
            f"{sp}/cac:PartyTaxScheme/cbc:CompanyID | {sp}/cac:PartyIdentification/cbc:ID[@schemeID='TIN']"
        ),
        "seller.country": where(f"{sp}/cac:PostalAddress/cac:Country/cbc:IdentificationCode"),
        "buyer": where(bp),
        "buyer.tax_id": where(
            f"{bp}/cac:PartyTaxScheme/cbc:CompanyID | {bp}/cac:PartyIdentification/cbc:ID[@schemeID='TIN']"
        ),
        "buyer.country": where(f"{bp}/cac:PostalAddress/cac:Country/cbc:IdentificationCode"),
    }

    def loc_of(node) -> str:
        loc = xpath_of(node, paths)
        if json_paths:
            from .ubljson import xpath_to_jsonpath

            return xpath_to_jsonpath(loc)
        return loc

    for i, ln in enumerate(root.xpath("cac:InvoiceLine | cac:CreditNoteLine", namespaces=NS)):
        inv.loc[f"lines.{i}"] = loc_of(ln)
        qty = _first(ln, "cbc:InvoicedQuantity | cbc:CreditedQuantity")
        inv.loc[f"lines.{i}.unit"] = loc_of(qty if qty is not None else ln)
        cat = _first(
            ln,
            "cac:Item/cac:ClassifiedTaxCategory/cbc:ID | cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID",
        )
        inv.loc[f"lines.{i}.tax_category"] = loc_of(cat if cat is not None else ln)
    return inv


# ---------------- model → UBL ----------------
def _amount(parent, tag: str, value: Decimal | None, currency: str) -> None:
    if value is None:
        return
    el = etree.SubElement(parent, f"{{{NS['cbc']}}}{tag}")
    el.text = format(value, "f")
    if currency:
        el.set("currencyID", currency)


def _text(parent, tag: str, value: str, ns: str = "cbc", **attrs) -> etree._Element | None:
    if not value:
        return None
    el = etree.SubElement(parent, f"{{{NS[ns]}}}{tag}")
    el.text = value
    for k, v in attrs.items():
        el.set(k, v)
    return el


def _agg(parent, tag: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NS['cac']}}}{tag}")


def _write_party(parent, tag: str, party: Party) -> None:
    wrapper = _agg(parent, tag)
    p = _agg(wrapper, "Party")
    addr = _agg(p, "PostalAddress")
    _text(addr, "CityName", party.city)
    _text(addr, "PostalZone", party.postal_zone)
    for line in party.address_lines:
        al = _agg(addr, "AddressLine")
        _text(al, "Line", line)
    if party.country:
        c = _agg(addr, "Country")
        _text(c, "IdentificationCode", party.country)
    if party.tax_id:
        pts = _agg(p, "PartyTaxScheme")
        _text(pts, "CompanyID", party.tax_id)
        ts = _agg(pts, "TaxScheme")
        _text(ts, "ID", "VAT")
    ple = _agg(p, "PartyLegalEntity")
    _text(ple, "RegistrationName", party.name)
    _text(ple, "CompanyID", party.registration_id)
    if party.email or party.phone:
        contact = _agg(p, "Contact")
        _text(contact, "Telephone", party.phone)
        _text(contact, "ElectronicMail", party.email)


def to_ubl(inv: Invoice) -> etree._Element:
    ns_doc = NS["cn"] if inv.credit else NS["ubl"]
    root = etree.Element(
        f"{{{ns_doc}}}{'CreditNote' if inv.credit else 'Invoice'}",
        nsmap={None: ns_doc, "cac": NS["cac"], "cbc": NS["cbc"]},
    )
    _text(root, "CustomizationID", "urn:cen.eu:en16931:2017")
    _text(root, "ID", inv.number)
    _text(root, "IssueDate", inv.issue_date)
    _text(root, "CreditNoteTypeCode" if inv.credit else "InvoiceTypeCode", inv.type_code)
    for note in inv.notes:
        _text(root, "Note", note)
    _text(root, "DocumentCurrencyCode", inv.currency)
    _text(root, "TaxCurrencyCode", inv.tax_currency)
    if inv.preceding_invoice:
        br = _agg(root, "BillingReference")
        idr = _agg(br, "InvoiceDocumentReference")
        _text(idr, "ID", inv.preceding_invoice)
    _write_party(root, "AccountingSupplierParty", inv.seller)
    _write_party(root, "AccountingCustomerParty", inv.buyer)
    if inv.exchange_rate is not None:
        rate = _agg(root, "TaxExchangeRate")
        _text(rate, "SourceCurrencyCode", inv.currency)
        _text(rate, "TargetCurrencyCode", inv.tax_currency or inv.currency)
        _text(rate, "CalculationRate", format(inv.exchange_rate, "f"))
    tt = _agg(root, "TaxTotal")
    _amount(tt, "TaxAmount", inv.tax_total, inv.currency)
    for st in inv.subtotals:
        sub = _agg(tt, "TaxSubtotal")
        _amount(sub, "TaxableAmount", st.taxable_amount, inv.currency)
        _amount(sub, "TaxAmount", st.tax_amount, inv.currency)
        cat = _agg(sub, "TaxCategory")
        _text(cat, "ID", st.category)
        if st.rate is not None:
            _text(cat, "Percent", format(st.rate, "f"))
        _text(cat, "TaxExemptionReason", st.exemption_reason)
        ts = _agg(cat, "TaxScheme")
        _text(ts, "ID", "VAT")
    lmt = _agg(root, "LegalMonetaryTotal")
    _amount(lmt, "LineExtensionAmount", inv.line_total, inv.currency)
    _amount(lmt, "TaxExclusiveAmount", inv.tax_exclusive, inv.currency)
    _amount(lmt, "TaxInclusiveAmount", inv.tax_inclusive, inv.currency)
    _amount(lmt, "PayableAmount", inv.payable, inv.currency)
    for ln in inv.lines:
        line = _agg(root, "CreditNoteLine" if inv.credit else "InvoiceLine")
        _text(line, "ID", ln.id)
        if ln.quantity is not None:
            q = _text(
                line, "CreditedQuantity" if inv.credit else "InvoicedQuantity", format(ln.quantity, "f")
            )
            if ln.unit:
                q.set("unitCode", ln.unit)
        _amount(line, "LineExtensionAmount", ln.net_amount, inv.currency)
        if ln.tax_amount is not None:
            ltt = _agg(line, "TaxTotal")
            _amount(ltt, "TaxAmount", ln.tax_amount, inv.currency)
        item = _agg(line, "Item")
        _text(item, "Name", ln.name)
        if ln.classification:
            cc = _agg(item, "CommodityClassification")
            _text(cc, "ItemClassificationCode", ln.classification, listID="CLASS")
        if ln.tax_category:
            ctc = _agg(item, "ClassifiedTaxCategory")
            _text(ctc, "ID", ln.tax_category)
            if ln.tax_rate is not None:
                _text(ctc, "Percent", format(ln.tax_rate, "f"))
            ts = _agg(ctc, "TaxScheme")
            _text(ts, "ID", "VAT")
        if ln.price is not None:
            price = _agg(line, "Price")
            _amount(price, "PriceAmount", ln.price, inv.currency)
    return root


def to_ubl_bytes(inv: Invoice) -> bytes:
    return etree.tostring(to_ubl(inv), xml_declaration=True, encoding="UTF-8", pretty_print=True)
