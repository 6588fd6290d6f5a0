"""Pack MY: LHDN MyInvois e-invoice v1.1 (and v1.0) — mandatory fields, lengths, formats, code lists.

From the MyInvois SDK document specification (https://sdk.myinvois.hasil.gov.my/documents/invoice-v1-1/)
and its code tables (https://sdk.myinvois.hasil.gov.my/codes/). Locations are JSON paths for the
MyInvois JSON form and XPaths for XML.
"""

from __future__ import annotations

import re

from .framework import FATAL, TRUE_IND, WARNING, Assert, Pack, XRule, nodes, text
from .mycodes import (
    CLASSIFICATIONS,
    COUNTRIES3,
    CURRENCIES,
    DOCUMENT_TYPES,
    PAYMENT_MODES,
    STATES,
    TAX_TYPES,
    UNITS,
)

VERSION = "MyInvois-1.1-corridor.1"
ROOT = "/ubl:Invoice | /cn:CreditNote"
RULES: list[XRule] = []
_ = TRUE_IND


def rule(context: str, *asserts: tuple) -> None:
    RULES.append(XRule(context, tuple(Assert(i, flag, t, m) for i, flag, t, m in asserts)))


def max_len(path: str, n: int):
    return lambda el: all(
        len((x if isinstance(x, str) else (x.text or "")).strip()) <= n for x in nodes(el, path)
    )


def code_in(path: str, codes, *, required: bool = True):
    def test(el) -> bool:
        found = nodes(el, path)
        if not found:
            return not required
        return all((x if isinstance(x, str) else (x.text or "")).strip() in codes for x in found)

    return test


def matches(path: str, pattern: str, *, required: bool = True):
    rx = re.compile(pattern)

    def test(el) -> bool:
        found = nodes(el, path)
        if not found:
            return not required
        return all(rx.fullmatch((x if isinstance(x, str) else (x.text or "")).strip()) for x in found)

    return test


REG_SCHEMES = "@schemeID='BRN' or @schemeID='NRIC' or @schemeID='PASSPORT' or @schemeID='ARMY'"
CREDITS = {"02", "03", "04", "12", "13", "14"}


def _version(el) -> str:
    return text(el, "cbc:InvoiceTypeCode/@listVersionID | cbc:CreditNoteTypeCode/@listVersionID")


rule(
    ROOT,
    (
        "MY-01",
        FATAL,
        lambda el: _version(el) in {"1.0", "1.1"},
        "The e-Invoice version (InvoiceTypeCode/@listVersionID) shall be 1.0 or 1.1.",
    ),
    (
        "MY-02",
        FATAL,
        code_in("cbc:InvoiceTypeCode | cbc:CreditNoteTypeCode", DOCUMENT_TYPES),
        "The e-Invoice type code shall be one of 01–04, 11–14 (MyInvois e-invoice types).",
    ),
    (
        "MY-03",
        FATAL,
        "normalize-space(cbc:ID) != '' and string-length(normalize-space(cbc:ID)) <= 50",
        "The e-Invoice code / number is mandatory, at most 50 characters.",
    ),
    (
        "MY-04",
        FATAL,
        matches("cbc:IssueDate", r"\d{4}-\d{2}-\d{2}"),
        "The e-Invoice date is mandatory, as YYYY-MM-DD.",
    ),
    (
        "MY-05",
        FATAL,
        matches("cbc:IssueTime", r"\d{2}:\d{2}:\d{2}Z"),
        "The e-Invoice time is mandatory, in UTC as HH:MM:SSZ.",
    ),
    (
        "MY-06",
        FATAL,
        lambda el: (
            _version(el) != "1.1" or bool(nodes(el, "cac:Signature | *[local-name()='UBLExtensions']"))
        ),
        "A version 1.1 e-Invoice shall carry the issuer's digital signature (UBLExtensions and cac:Signature).",
    ),
    (
        "MY-07",
        FATAL,
        code_in("cbc:DocumentCurrencyCode", CURRENCIES),
        "The invoice currency code is mandatory, an ISO 4217 code from the MyInvois list.",
    ),
    (
        "MY-08",
        FATAL,
        "normalize-space(cbc:DocumentCurrencyCode) = 'MYR' or cac:TaxExchangeRate/cbc:CalculationRate",
        "When the invoice currency is not MYR, the currency exchange rate (TaxExchangeRate/CalculationRate) is mandatory.",
    ),
    (
        "MY-09",
        FATAL,
        "cac:InvoiceLine or cac:CreditNoteLine",
        "An e-Invoice shall have at least one line item.",
    ),
    ("MY-10", FATAL, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", "Total excluding tax is mandatory."),
    ("MY-11", FATAL, "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", "Total including tax is mandatory."),
    ("MY-12", FATAL, "cac:LegalMonetaryTotal/cbc:PayableAmount", "Total payable amount is mandatory."),
    ("MY-13", FATAL, "cac:TaxTotal/cbc:TaxAmount", "Total tax amount is mandatory."),
    (
        "MY-14",
        FATAL,
        lambda el: (
            text(el, "cbc:InvoiceTypeCode | cbc:CreditNoteTypeCode") not in CREDITS
            or bool(
                nodes(
                    el,
                    "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID | cac:BillingReference/cac:AdditionalDocumentReference/cbc:ID",
                )
            )
        ),
        "A credit, debit or refund note shall reference the original e-Invoice (BillingReference).",
    ),
    ("MY-15", FATAL, "cac:AccountingSupplierParty", "The supplier is mandatory."),
    ("MY-16", FATAL, "cac:AccountingCustomerParty", "The buyer is mandatory."),
    (
        "MY-17",
        FATAL,
        code_in("cac:PaymentMeans/cbc:PaymentMeansCode", PAYMENT_MODES, required=False),
        "The payment mode shall be one of the MyInvois payment method codes 01–08.",
    ),
    ("MY-18", FATAL, max_len("cac:PaymentTerms/cbc:Note", 300), "Payment terms are at most 300 characters."),
)

rule(
    "//cac:TaxTotal/cac:TaxSubtotal",
    ("MY-20", FATAL, "cbc:TaxAmount", "Each tax subtotal shall state the total tax amount per tax type."),
    (
        "MY-21",
        FATAL,
        code_in("cac:TaxCategory/cbc:ID", TAX_TYPES),
        "The tax type shall be one of the MyInvois tax types (01–06, E).",
    ),
    (
        "MY-22",
        FATAL,
        "normalize-space(cac:TaxCategory/cbc:ID) != 'E' or normalize-space(cac:TaxCategory/cbc:TaxExemptionReason) != ''",
        "Where the tax type is E (exemption), the details of tax exemption are mandatory.",
    ),
    (
        "MY-23",
        FATAL,
        max_len("cac:TaxCategory/cbc:TaxExemptionReason", 300),
        "Details of tax exemption are at most 300 characters.",
    ),
)

for _who, _label in (("AccountingSupplierParty", "supplier"), ("AccountingCustomerParty", "buyer")):
    _n = 30 if _label == "supplier" else 40
    rule(
        f"/*/cac:{_who}/cac:Party",
        (
            f"MY-{_n}",
            FATAL,
            "normalize-space(cac:PartyLegalEntity/cbc:RegistrationName) != '' and string-length(cac:PartyLegalEntity/cbc:RegistrationName) <= 300",
            f"The {_label}'s name is mandatory, at most 300 characters.",
        ),
        (
            f"MY-{_n + 1}",
            FATAL,
            "normalize-space(cac:PartyIdentification/cbc:ID[@schemeID='TIN']) != '' and string-length(normalize-space(cac:PartyIdentification/cbc:ID[@schemeID='TIN'])) <= 14",
            f"The {_label}'s TIN is mandatory (PartyIdentification/ID with schemeID TIN), at most 14 characters.",
        ),
        (
            f"MY-{_n + 2}",
            FATAL,
            f"cac:PartyIdentification/cbc:ID[{REG_SCHEMES}]",
            f"The {_label}'s registration, identification or passport number is mandatory (schemeID BRN, NRIC, PASSPORT or ARMY).",
        ),
        (
            f"MY-{_n + 3}",
            FATAL,
            "normalize-space(cac:Contact/cbc:Telephone) != '' and string-length(cac:Contact/cbc:Telephone) <= 20",
            f"The {_label}'s contact number is mandatory, at most 20 characters.",
        ),
        (f"MY-{_n + 4}", FATAL, "cac:PostalAddress", f"The {_label}'s address is mandatory."),
        (
            f"MY-{_n + 5}",
            FATAL,
            max_len("cac:Contact/cbc:ElectronicMail", 320),
            f"The {_label}'s e-mail is at most 320 characters.",
        ),
        (
            f"MY-{_n + 6}",
            FATAL,
            max_len("cac:PartyIdentification/cbc:ID[@schemeID='SST']", 35),
            f"The {_label}'s SST registration number is at most 35 characters.",
        ),
    )
rule(
    "/*/cac:AccountingSupplierParty/cac:Party",
    (
        "MY-37",
        FATAL,
        matches("cbc:IndustryClassificationCode", r"\d{5}|00000"),
        "The supplier's MSIC code (5 digits) is mandatory.",
    ),
    (
        "MY-38",
        FATAL,
        "normalize-space(cbc:IndustryClassificationCode/@name) != '' and string-length(cbc:IndustryClassificationCode/@name) <= 300",
        "The supplier's business activity description is mandatory, at most 300 characters.",
    ),
    (
        "MY-39",
        FATAL,
        max_len("cac:PartyIdentification/cbc:ID[@schemeID='TTX']", 17),
        "The supplier's tourism tax registration number is at most 17 characters.",
    ),
)
rule(
    "/*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress | /*/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress | //cac:DeliveryParty/cac:PostalAddress",
    ("MY-50", FATAL, "normalize-space(cac:AddressLine[1]/cbc:Line) != ''", "Address line 0 is mandatory."),
    (
        "MY-51",
        FATAL,
        max_len("cac:AddressLine/cbc:Line", 150),
        "Each address line is at most 150 characters.",
    ),
    (
        "MY-52",
        FATAL,
        "normalize-space(cbc:CityName) != '' and string-length(cbc:CityName) <= 50",
        "The city name is mandatory, at most 50 characters.",
    ),
    (
        "MY-53",
        FATAL,
        code_in("cbc:CountrySubentityCode", STATES),
        "The state code is mandatory, one of the MyInvois state codes 01–17.",
    ),
    (
        "MY-54",
        FATAL,
        code_in("cac:Country/cbc:IdentificationCode", COUNTRIES3),
        "The country is mandatory, as an ISO 3166-1 alpha-3 code.",
    ),
    ("MY-55", FATAL, max_len("cbc:PostalZone", 50), "The postal zone is at most 50 characters."),
)
rule(
    "//cac:InvoiceLine | //cac:CreditNoteLine",
    (
        "MY-60",
        FATAL,
        code_in(
            "cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode[@listID='CLASS']",
            CLASSIFICATIONS,
        ),
        "Each line shall have a MyInvois classification code (listID CLASS, 001–045).",
    ),
    (
        "MY-61",
        FATAL,
        "normalize-space(cac:Item/cbc:Description) != '' and string-length(cac:Item/cbc:Description) <= 300",
        "Each line shall describe the product or service, at most 300 characters.",
    ),
    ("MY-62", FATAL, "cac:Price/cbc:PriceAmount", "Each line shall have a unit price."),
    (
        "MY-63",
        FATAL,
        code_in("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID", TAX_TYPES),
        "Each line shall have a MyInvois tax type (01–06, E).",
    ),
    ("MY-64", FATAL, "cac:TaxTotal/cbc:TaxAmount", "Each line shall have a tax amount."),
    (
        "MY-65",
        FATAL,
        "cac:ItemPriceExtension/cbc:Amount",
        "Each line shall have a subtotal (ItemPriceExtension/Amount).",
    ),
    ("MY-66", FATAL, "cbc:LineExtensionAmount", "Each line shall have a total excluding tax."),
    (
        "MY-67",
        FATAL,
        code_in("cbc:InvoicedQuantity/@unitCode | cbc:CreditedQuantity/@unitCode", UNITS, required=False),
        "The measurement shall be a UN/ECE Recommendation 20 unit code.",
    ),
    (
        "MY-68",
        FATAL,
        code_in("cac:Item/cac:OriginCountry/cbc:IdentificationCode", COUNTRIES3, required=False),
        "The country of origin shall be an ISO 3166-1 alpha-3 code.",
    ),
    (
        "MY-69",
        FATAL,
        max_len("cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode[@listID='PTC']", 12),
        "The product tariff code is at most 12 characters.",
    ),
    (
        "MY-70",
        WARNING,
        "not(cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory[normalize-space(cbc:ID)='E']) or normalize-space(cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason) != ''",
        "Where a line's tax type is E, the details of tax exemption should be given.",
    ),
)


def _applies(doc) -> bool:
    return doc.root is not None and (doc.regime == "myinvois" or doc.model.seller.country in {"MY", "MYS"})


PACK = Pack(
    code="MY", version=VERSION, title="MyInvois e-invoice v1.1 (LHDN)", xml_rules=RULES, applies=_applies
)
