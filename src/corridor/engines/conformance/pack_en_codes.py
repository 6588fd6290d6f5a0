"""EN 16931 code-list rules (BR-CL-*) and UBL data-type rules (UBL-DT-*)."""

from __future__ import annotations

from .codes import (
    COUNTRIES2,
    CREDIT_TYPES,
    CURRENCIES,
    DESCRIPTION_CODES,
    EAS,
    ICD,
    INVOICE_TYPES,
    MIME_CODES,
    NOTE_SUBJECTS,
    PAYMENT_MEANS,
    REC20,
    UNCL1153,
    UNCL5189,
    UNCL7143,
    UNCL7161,
    VAT_CATEGORIES,
    VATEX,
)
from .framework import FALSE_IND, FATAL, TRUE_IND, Assert, XRule


def _in(codes, attr: str | None = None):
    def test(el) -> bool:
        raw = el.get(attr, "") if attr else (el.text or "")
        value = " ".join(raw.split())
        return " " not in value and value in codes

    return test


def _type_code(el) -> bool:
    name = el.tag.rsplit("}", 1)[-1]
    codes = INVOICE_TYPES if name == "InvoiceTypeCode" else CREDIT_TYPES
    return _in(codes)(el)


def _note(el) -> bool:
    value = el.text or ""
    if "#" not in value:
        return True
    subject = value.partition("#")[2].partition("#")[0]
    if "#" not in value.partition("#")[2] or len(subject) != 3:
        return True
    return subject in NOTE_SUBJECTS


AMOUNTS = " | ".join(
    f"//cbc:{n}"
    for n in (
        "Amount BaseAmount PriceAmount TaxAmount TaxableAmount LineExtensionAmount TaxExclusiveAmount "
        "TaxInclusiveAmount AllowanceTotalAmount ChargeTotalAmount PrepaidAmount PayableRoundingAmount PayableAmount"
    ).split()
)


def code_list_rules() -> list[XRule]:
    table = [
        (
            "//cbc:InvoiceTypeCode | //cbc:CreditNoteTypeCode",
            "BR-CL-01",
            _type_code,
            "The document type code (BT-3) shall be coded using UNTDID 1001 (invoice or credit note subset).",
        ),
        (
            AMOUNTS,
            "BR-CL-03",
            _in(CURRENCIES, "currencyID"),
            "currencyID shall be coded using ISO 4217 alpha-3.",
        ),
        (
            "//cbc:DocumentCurrencyCode",
            "BR-CL-04",
            _in(CURRENCIES),
            "Invoice currency code (BT-5) shall be coded using ISO 4217 alpha-3.",
        ),
        (
            "//cbc:TaxCurrencyCode",
            "BR-CL-05",
            _in(CURRENCIES),
            "Tax currency code (BT-6) shall be coded using ISO 4217 alpha-3.",
        ),
        (
            "//cac:InvoicePeriod/cbc:DescriptionCode",
            "BR-CL-06",
            _in(DESCRIPTION_CODES),
            "Value added tax point date code (BT-8) shall be coded using a restriction of UNTDID 2005 (3, 35, 432).",
        ),
        (
            "//cac:AdditionalDocumentReference[cbc:DocumentTypeCode = '130']/cbc:ID[@schemeID] | //cac:DocumentReference[cbc:DocumentTypeCode = '130']/cbc:ID[@schemeID]",
            "BR-CL-07",
            _in(UNCL1153, "schemeID"),
            "Object identifier identification scheme identifier shall be coded using a restriction of UNTDID 1153.",
        ),
        (
            "/ubl:Invoice/cbc:Note | /cn:CreditNote/cbc:Note",
            "BR-CL-08",
            _note,
            "Subject code of an invoice note (BT-21) shall be coded using UNCL 4451.",
        ),
        (
            "//cac:PartyIdentification/cbc:ID[@schemeID]",
            "BR-CL-10",
            _in(ICD, "schemeID"),
            "Any identifier identification scheme identifier shall be coded using ISO 6523 ICD.",
        ),
        (
            "//cac:PartyLegalEntity/cbc:CompanyID[@schemeID]",
            "BR-CL-11",
            _in(ICD, "schemeID"),
            "Any registration identifier identification scheme identifier shall be coded using ISO 6523 ICD.",
        ),
        (
            "//cac:CommodityClassification/cbc:ItemClassificationCode[@listID]",
            "BR-CL-13",
            _in(UNCL7143, "listID"),
            "Item classification identifier identification scheme identifier (BT-158-1) shall be coded using UNTDID 7143.",
        ),
        (
            "//cac:Country/cbc:IdentificationCode",
            "BR-CL-14",
            _in(COUNTRIES2),
            "Country codes in an invoice shall be coded using ISO 3166-1 alpha-2.",
        ),
        (
            "//cac:OriginCountry/cbc:IdentificationCode",
            "BR-CL-15",
            _in(COUNTRIES2),
            "Item country of origin (BT-159) shall be coded using ISO 3166-1 alpha-2.",
        ),
        (
            "//cac:PaymentMeans/cbc:PaymentMeansCode",
            "BR-CL-16",
            _in(PAYMENT_MEANS),
            "Payment means type code (BT-81) shall be coded using UNTDID 4461.",
        ),
        (
            "//cac:TaxCategory/cbc:ID",
            "BR-CL-17",
            _in(VAT_CATEGORIES),
            "VAT category code shall be coded using UNTDID 5305 (EN 16931 subset).",
        ),
        (
            "//cac:ClassifiedTaxCategory/cbc:ID",
            "BR-CL-18",
            _in(VAT_CATEGORIES),
            "Invoiced item VAT category code (BT-151) shall be coded using UNTDID 5305 (EN 16931 subset).",
        ),
        (
            f"//cac:AllowanceCharge[{FALSE_IND}]/cbc:AllowanceChargeReasonCode",
            "BR-CL-19",
            _in(UNCL5189),
            "Allowance reason codes shall be coded using UNTDID 5189 (EN 16931 subset).",
        ),
        (
            f"//cac:AllowanceCharge[{TRUE_IND}]/cbc:AllowanceChargeReasonCode",
            "BR-CL-20",
            _in(UNCL7161),
            "Charge reason codes shall be coded using UNTDID 7161.",
        ),
        (
            "//cac:StandardItemIdentification/cbc:ID[@schemeID]",
            "BR-CL-21",
            _in(ICD, "schemeID"),
            "Item standard identifier scheme identifier (BT-157-1) shall be coded using ISO 6523 ICD.",
        ),
        (
            "//cbc:TaxExemptionReasonCode",
            "BR-CL-22",
            _in(VATEX),
            "Tax exemption reason code (BT-121) shall be coded using the CEF VATEX code list.",
        ),
        (
            "//cbc:InvoicedQuantity[@unitCode] | //cbc:BaseQuantity[@unitCode] | //cbc:CreditedQuantity[@unitCode]",
            "BR-CL-23",
            _in(REC20, "unitCode"),
            "Unit code shall be coded according to UN/ECE Recommendation 20 (with Rec 21 extension).",
        ),
        (
            "//cbc:EmbeddedDocumentBinaryObject[@mimeCode]",
            "BR-CL-24",
            lambda el: el.get("mimeCode") in MIME_CODES,
            "Mime code (BT-125-1) shall be one of the codes allowed by EN 16931.",
        ),
        (
            "//cbc:EndpointID[@schemeID]",
            "BR-CL-25",
            _in(EAS, "schemeID"),
            "Endpoint identifier scheme identifier shall be coded using the CEF EAS code list.",
        ),
        (
            "//cac:DeliveryLocation/cbc:ID[@schemeID]",
            "BR-CL-26",
            _in(ICD, "schemeID"),
            "Delivery location identifier scheme identifier (BT-71-1) shall be coded using ISO 6523 ICD.",
        ),
        (
            "//*[substring(local-name(), string-length(local-name()) - 5) = 'Amount' and not(substring(local-name(), string-length(local-name()) - 10) = 'PriceAmount') and not(ancestor::cac:Price/cac:AllowanceCharge)]",
            "UBL-DT-01",
            "string-length(substring-after(., '.')) <= 2",
            "Amounts shall be decimal up to two fraction digits.",
        ),
        (
            "//*[substring(local-name(), string-length(local-name()) - 11) = 'BinaryObject']",
            "UBL-DT-06",
            "@mimeCode",
            "Binary object elements shall contain the mime code attribute.",
        ),
        (
            "//*[substring(local-name(), string-length(local-name()) - 11) = 'BinaryObject']",
            "UBL-DT-07",
            "@filename",
            "Binary object elements shall contain the file name attribute.",
        ),
    ]
    return [XRule(ctx, (Assert(rid, FATAL, test, msg),)) for ctx, rid, test, msg in table]
