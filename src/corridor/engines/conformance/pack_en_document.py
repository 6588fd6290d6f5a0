"""EN 16931 document-level, party, reference and payment rules (BR-*, BR-CO-*, UBL-SR-*)."""

from __future__ import annotations

from .codes import COUNTRIES2
from .framework import FATAL, Assert, dec, dec_at, nodes, round2, text
from .pack_en_base import ROOT, RULES, V, rule

# ---- document level ----
rule(
    ROOT,
    (
        "BR-01",
        "normalize-space(cbc:CustomizationID) != ''",
        "An invoice shall have a Specification identifier (BT-24).",
    ),
    ("BR-02", "normalize-space(cbc:ID) != ''", "An invoice shall have an Invoice number (BT-1)."),
    ("BR-03", "normalize-space(cbc:IssueDate) != ''", "An invoice shall have an Invoice issue date (BT-2)."),
    (
        "BR-04",
        "normalize-space(cbc:InvoiceTypeCode) != '' or normalize-space(cbc:CreditNoteTypeCode) != ''",
        "An invoice shall have an Invoice type code (BT-3).",
    ),
    (
        "BR-05",
        "normalize-space(cbc:DocumentCurrencyCode) != ''",
        "An invoice shall have an Invoice currency code (BT-5).",
    ),
    (
        "BR-06",
        "normalize-space(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName) != ''",
        "An invoice shall contain the Seller name (BT-27).",
    ),
    (
        "BR-07",
        "normalize-space(cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName) != ''",
        "An invoice shall contain the Buyer name (BT-44).",
    ),
    (
        "BR-08",
        "cac:AccountingSupplierParty/cac:Party/cac:PostalAddress",
        "An invoice shall contain the Seller postal address (BG-5).",
    ),
    (
        "BR-10",
        "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress",
        "An invoice shall contain the Buyer postal address (BG-8).",
    ),
    (
        "BR-16",
        "cac:InvoiceLine or cac:CreditNoteLine",
        "An invoice shall have at least one Invoice line (BG-25).",
    ),
    (
        "BR-CO-18",
        "cac:TaxTotal/cac:TaxSubtotal",
        "An invoice shall have at least one VAT breakdown group (BG-23).",
    ),
    (
        "BR-CO-03",
        "not(cbc:TaxPointDate and cac:InvoicePeriod/cbc:DescriptionCode)",
        "Value added tax point date (BT-7) and Value added tax point date code (BT-8) are mutually exclusive.",
    ),
    (
        "BR-B-01",
        "not(//cac:TaxCategory/cbc:ID = 'B' or //cac:ClassifiedTaxCategory/cbc:ID = 'B') or not(//cbc:IdentificationCode != 'IT')",
        "An invoice where the VAT category code is 'Split payment' (B) shall be a domestic Italian invoice.",
    ),
    (
        "BR-B-02",
        "not(cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID = 'B' or cac:AllowanceCharge/cac:TaxCategory/cbc:ID = 'B' or //cac:ClassifiedTaxCategory/cbc:ID = 'B')"
        " or not(cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID = 'S' or cac:AllowanceCharge/cac:TaxCategory/cbc:ID = 'S' or //cac:ClassifiedTaxCategory/cbc:ID = 'S')",
        "An invoice with 'Split payment' (B) items shall not contain 'Standard rated' (S) items.",
    ),
    (
        "UBL-SR-01",
        "count(cac:ContractDocumentReference/cbc:ID) <= 1",
        "Contract identifier shall occur maximum once.",
    ),
    (
        "UBL-SR-02",
        "count(cac:ReceiptDocumentReference/cbc:ID) <= 1",
        "Receive advice identifier shall occur maximum once.",
    ),
    (
        "UBL-SR-03",
        "count(cac:DespatchDocumentReference/cbc:ID) <= 1",
        "Despatch advice identifier shall occur maximum once.",
    ),
    (
        "UBL-SR-04",
        "count(cac:AdditionalDocumentReference[cbc:DocumentTypeCode='130']/cbc:ID) <= 1",
        "Invoice object identifier shall occur maximum once.",
    ),
    ("UBL-SR-05", "count(cac:PaymentTerms/cbc:Note) <= 1", "Payment terms shall occur maximum once."),
    ("UBL-SR-08", "count(cac:InvoicePeriod) <= 1", "Invoice period shall occur maximum once."),
    (
        "UBL-SR-09",
        "count(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName) <= 1",
        "Seller name shall occur maximum once.",
    ),
    (
        "UBL-SR-10",
        "count(cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name) <= 1",
        "Seller trade name shall occur maximum once.",
    ),
    (
        "UBL-SR-11",
        "count(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID) <= 1",
        "Seller legal registration identifier shall occur maximum once.",
    ),
    (
        "UBL-SR-12",
        f"count(cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme{V}/cbc:CompanyID) <= 1",
        "Seller VAT identifier shall occur maximum once.",
    ),
    (
        "UBL-SR-13",
        "count(cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme[translate(cac:TaxScheme/cbc:ID,'vat','VAT') != 'VAT']/cbc:CompanyID) <= 1",
        "Seller tax registration shall occur maximum once.",
    ),
    (
        "UBL-SR-14",
        "count(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyLegalForm) <= 1",
        "Seller additional legal information shall occur maximum once.",
    ),
    (
        "UBL-SR-15",
        "count(cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName) <= 1",
        "Buyer name shall occur maximum once.",
    ),
    (
        "UBL-SR-16",
        "count(cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID) <= 1",
        "Buyer identifier shall occur maximum once.",
    ),
    (
        "UBL-SR-17",
        "count(cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID) <= 1",
        "Buyer legal registration identifier shall occur maximum once.",
    ),
    (
        "UBL-SR-18",
        f"count(cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme{V}/cbc:CompanyID) <= 1",
        "Buyer VAT identifier shall occur maximum once.",
    ),
    ("UBL-SR-24", "count(cac:Delivery) <= 1", "Deliver to information shall occur maximum once."),
    (
        "UBL-SR-29",
        "count(//cac:PartyIdentification/cbc:ID[translate(@schemeID,'sepa','SEPA') = 'SEPA']) <= 1",
        "Bank creditor reference shall occur maximum once.",
    ),
    ("UBL-SR-39", "count(cac:ProjectReference/cbc:ID) <= 1", "Project reference shall occur maximum once."),
    (
        "UBL-SR-40",
        "count(cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name) <= 1",
        "Buyer trade name shall occur maximum once.",
    ),
    (
        "UBL-SR-44",
        lambda el: len({" ".join((n.text or "").split()) for n in nodes(el, "//cbc:PaymentID")}) <= 1,
        "An invoice may only have one unique payment identifier (remittance information).",
    ),
    ("UBL-SR-45", "count(cac:PaymentMeans/cbc:PaymentDueDate) <= 1", "Due date shall occur maximum once."),
    (
        "UBL-SR-46",
        "count(cac:PaymentMeans/cbc:PaymentMeansCode/@name) <= 1",
        "Payment means text shall occur maximum once.",
    ),
    (
        "UBL-SR-47",
        lambda el: len({(n.text or "") for n in nodes(el, "//cbc:PaymentMeansCode")}) <= 1,
        "When there are more than one payment means code, they shall be equal.",
    ),
    (
        "UBL-SR-49",
        "count(cac:InvoicePeriod/cbc:DescriptionCode) <= 1",
        "Value tax point date shall occur maximum once.",
    ),
    (
        "UBL-SR-54",
        "count(cac:PaymentMeans/cac:CardAccount) <= 1",
        "Payment card information shall occur maximum once.",
    ),
    (
        "UBL-SR-55",
        "count(cac:PaymentMeans/cac:PaymentMandate) <= 1",
        "Direct debit information shall occur maximum once.",
    ),
    (
        "UBL-SR-56",
        "count(cac:OriginatorDocumentReference/cbc:ID) <= 1",
        "Tender or lot reference shall occur maximum once.",
    ),
    (
        "UBL-CR-666",
        "not(//cac:AdditionalDocumentReference[cbc:DocumentTypeCode = '130']/cac:Attachment)",
        "An invoice shall not include an Attachment on an invoiced object reference (document type 130).",
    ),
    (
        "UBL-CR-673",
        "not(//cac:AdditionalDocumentReference[cbc:DocumentTypeCode = '130']/cbc:DocumentDescription)",
        "An invoice shall not include a DocumentDescription on an invoiced object reference (document type 130).",
    ),
)


def _br53(el) -> bool:
    for cur in nodes(el, "cbc:TaxCurrencyCode"):
        if not nodes(el, f"//cac:TaxTotal/cbc:TaxAmount[@currencyID='{(cur.text or '').strip()}']"):
            return False
    return True


def _br_co_15(el) -> bool:
    for cur in nodes(el, "cbc:DocumentCurrencyCode"):
        code = (cur.text or "").strip()
        amounts = nodes(el, f"cac:TaxTotal/cbc:TaxAmount[@currencyID='{code}']")
        if len(amounts) != 1:
            return False
        incl = dec_at(el, "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount")
        excl = dec_at(el, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount")
        if incl is None or excl is None or incl != round2(excl + dec(amounts[0])):
            return False
    return True


def _dec_places_of(path_currency: str):
    def test(el) -> bool:
        code = text(el, path_currency)
        found = [n for n in nodes(el, "//cac:TaxTotal/cbc:TaxAmount") if n.get("currencyID") == code]
        return not found or len((found[0].text or "").partition(".")[2]) <= 2

    return test


RULES[0].asserts += (
    Assert(
        "BR-53",
        FATAL,
        _br53,
        "If the VAT accounting currency code (BT-6) is present, the Invoice total VAT amount in accounting currency (BT-111) shall be provided.",
    ),
    Assert(
        "BR-CO-15",
        FATAL,
        _br_co_15,
        "Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).",
    ),
    Assert(
        "BR-DEC-13",
        FATAL,
        _dec_places_of("cbc:DocumentCurrencyCode"),
        "The Invoice total VAT amount (BT-110) shall have no more than 2 decimals.",
    ),
    Assert(
        "BR-DEC-15",
        FATAL,
        _dec_places_of("cbc:TaxCurrencyCode"),
        "The Invoice total VAT amount in accounting currency (BT-111) shall have no more than 2 decimals.",
    ),
)

# ---- parties ----
rule(
    "//cac:AccountingSupplierParty",
    (
        "BR-CO-26",
        f"cac:Party/cac:PartyTaxScheme{V}/cbc:CompanyID or cac:Party/cac:PartyIdentification/cbc:ID[not(@schemeID = 'SEPA')] or cac:Party/cac:PartyLegalEntity/cbc:CompanyID",
        "The Seller identifier (BT-29), the Seller legal registration identifier (BT-30) or the Seller VAT identifier (BT-31) shall be present.",
    ),
)
rule(
    "//cac:AccountingSupplierParty/cac:Party/cbc:EndpointID",
    ("BR-62", "@schemeID", "The Seller electronic address (BT-34) shall have a Scheme identifier."),
)
rule(
    "//cac:AccountingCustomerParty/cac:Party/cbc:EndpointID",
    ("BR-63", "@schemeID", "The Buyer electronic address (BT-49) shall have a Scheme identifier."),
)
rule(
    "//cac:AccountingSupplierParty/cac:Party/cac:PostalAddress",
    (
        "BR-09",
        "normalize-space(cac:Country/cbc:IdentificationCode) != ''",
        "The Seller postal address (BG-5) shall contain a Seller country code (BT-40).",
    ),
)
rule(
    "//cac:AccountingCustomerParty/cac:Party/cac:PostalAddress",
    (
        "BR-11",
        "normalize-space(cac:Country/cbc:IdentificationCode) != ''",
        "The Buyer postal address shall contain a Buyer country code (BT-55).",
    ),
)
rule(
    "//cac:AccountingSupplierParty/cac:Party",
    (
        "UBL-SR-42",
        "count(cac:PartyTaxScheme) <= 2",
        "Party tax scheme shall occur maximum twice in accounting supplier party.",
    ),
)
rule(
    "//cac:PayeeParty",
    (
        "BR-17",
        "cac:PartyName/cbc:Name and not(cac:PartyName/cbc:Name = ../cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name)"
        " and not(cac:PartyIdentification/cbc:ID = ../cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID)",
        "The Payee name (BT-59) shall be provided when the Payee (BG-10) is different from the Seller (BG-4).",
    ),
    (
        "UBL-SR-19",
        "count(cac:PartyName/cbc:Name) <= 1 and (cac:PartyName/cbc:Name != ../cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName)",
        "Payee name shall occur maximum once, if the Payee is different from the Seller.",
    ),
    (
        "UBL-SR-20",
        "count(cac:PartyIdentification/cbc:ID[translate(@schemeID,'sepa','SEPA') != 'SEPA']) <= 1 and (cac:PartyName/cbc:Name != ../cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName)",
        "Payee identifier shall occur maximum once, if the Payee is different from the Seller.",
    ),
    (
        "UBL-SR-21",
        "count(cac:PartyLegalEntity/cbc:CompanyID) <= 1 and (cac:PartyName/cbc:Name != ../cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName)",
        "Payee legal registration identifier shall occur maximum once, if the Payee is different from the Seller.",
    ),
)
rule(
    "//cac:TaxRepresentativeParty",
    (
        "BR-18",
        "normalize-space(cac:PartyName/cbc:Name) != ''",
        "The Seller tax representative name (BT-62) shall be provided when the Seller has a tax representative (BG-11).",
    ),
    (
        "BR-19",
        "cac:PostalAddress",
        "The Seller tax representative postal address (BG-12) shall be provided when the Seller has a tax representative.",
    ),
    (
        "BR-56",
        f"cac:PartyTaxScheme{V}/cbc:CompanyID",
        "Each Seller tax representative party (BG-11) shall have a Seller tax representative VAT identifier (BT-63).",
    ),
    (
        "UBL-SR-22",
        "count(cac:PartyName/cbc:Name) <= 1",
        "Seller tax representative name shall occur maximum once.",
    ),
    (
        "UBL-SR-23",
        "count(cac:PartyTaxScheme/cbc:CompanyID) <= 1",
        "Seller tax representative VAT identifier shall occur maximum once.",
    ),
)
rule(
    "//cac:TaxRepresentativeParty/cac:PostalAddress",
    (
        "BR-20",
        "normalize-space(cac:Country/cbc:IdentificationCode) != ''",
        "The Seller tax representative postal address (BG-12) shall contain a Tax representative country code (BT-69).",
    ),
)
rule(
    f"//cac:PartyTaxScheme{V}",
    (
        "BR-CO-09",
        lambda el: _vat_prefix_ok(el),
        "The VAT identifiers (BT-31, BT-48, BT-63) shall have a prefix in accordance with ISO code ISO 3166-1 alpha-2.",
    ),
)


def _vat_prefix_ok(el) -> bool:
    """Like the standard's test: the first two characters occur in the space-separated ISO 3166
    alpha-2 list (plus EL for Greece); an empty identifier passes here (BR-CO-09 is about the prefix)."""
    company = nodes(el, "cbc:CompanyID")
    prefix = (company[0].text or "")[:2] if company else ""
    return prefix in _COUNTRY_LIST


_COUNTRY_LIST = " " + " ".join(sorted(COUNTRIES2 | {"EL"})) + " "


rule(
    "//cac:PartyTaxScheme",
    (
        "UBL-SR-53",
        "cac:TaxScheme/cbc:ID and cbc:CompanyID",
        "A party tax scheme shall have a tax scheme identifier and a company identifier.",
    ),
)
rule(
    "//cac:PostalAddress | //cac:Address",
    ("UBL-SR-51", "count(cac:AddressLine) <= 1", "An address may only have one third line."),
)
rule(
    "//cac:Delivery/cac:DeliveryLocation/cac:Address",
    (
        "BR-57",
        "cac:Country/cbc:IdentificationCode",
        "Each Deliver to address (BG-15) shall contain a Deliver to country code (BT-80).",
    ),
)
rule(
    "//cac:Delivery",
    (
        "UBL-SR-25",
        "count(cac:DeliveryParty/cac:PartyName/cbc:Name) <= 1",
        "Deliver to party name shall occur maximum once.",
    ),
)

# ---- references, payment ----
rule(
    "//cac:AdditionalDocumentReference",
    (
        "BR-52",
        "normalize-space(cbc:ID) != ''",
        "Each Additional supporting document (BG-24) shall contain a Supporting document reference (BT-122).",
    ),
    (
        "UBL-SR-33",
        "count(cbc:DocumentDescription) <= 1",
        "Supporting document description shall occur maximum once.",
    ),
    (
        "UBL-SR-43",
        "cbc:DocumentTypeCode='130' or (local-name(/*) = 'CreditNote' and cbc:DocumentTypeCode='50') or (not(cbc:ID/@schemeID) and not(cbc:DocumentTypeCode))",
        "Scheme identifier shall only be used for invoiced object (document type code 130 or 50).",
    ),
)
rule(
    "//cac:BillingReference",
    (
        "BR-55",
        "cac:InvoiceDocumentReference/cbc:ID",
        "Each Preceding Invoice reference (BG-3) shall contain a Preceding Invoice reference (BT-25).",
    ),
    (
        "UBL-SR-06",
        "count(cac:InvoiceDocumentReference) <= 1",
        "Preceding invoice reference shall occur maximum once.",
    ),
    (
        "UBL-SR-07",
        "cac:InvoiceDocumentReference/cbc:ID",
        "If there is a preceding invoice reference, the preceding invoice number shall be present.",
    ),
)
rule(
    "//cac:PaymentMeans",
    (
        "BR-49",
        "cbc:PaymentMeansCode",
        "A Payment instruction (BG-16) shall specify the Payment means type code (BT-81).",
    ),
    (
        "BR-61",
        "(cac:PayeeFinancialAccount/cbc:ID and (normalize-space(cbc:PaymentMeansCode) = '30' or normalize-space(cbc:PaymentMeansCode) = '58'))"
        " or (normalize-space(cbc:PaymentMeansCode) != '30' and normalize-space(cbc:PaymentMeansCode) != '58')",
        "If the Payment means type code (BT-81) means SEPA credit transfer, Local credit transfer or Non-SEPA international credit transfer, the Payment account identifier (BT-84) shall be present.",
    ),
    ("UBL-SR-26", "count(cbc:PaymentID) <= 1", "Payment reference shall occur maximum once."),
    ("UBL-SR-27", "count(cbc:PaymentMeansCode) <= 1", "Payment means code shall occur maximum once."),
    (
        "UBL-SR-28",
        "count(cac:PaymentMandate/cbc:ID) <= 1",
        "Mandate reference identifier shall occur maximum once.",
    ),
)
rule(
    "//cac:PaymentMeans[cbc:PaymentMeansCode='30' or cbc:PaymentMeansCode='58']/cac:PayeeFinancialAccount",
    (
        "BR-50",
        "normalize-space(cbc:ID) != ''",
        "A Payment account identifier (BT-84) shall be present if Credit transfer (BG-17) information is provided.",
    ),
)
rule(
    "//cac:InvoicePeriod[not(parent::cac:InvoiceLine or parent::cac:CreditNoteLine)]",
    (
        "BR-29",
        lambda el: _period_ok(el),
        "If both Invoicing period start date (BT-73) and end date (BT-74) are given then the end date shall be later or equal to the start date.",
    ),
    (
        "BR-CO-19",
        "cbc:StartDate or cbc:EndDate or cbc:DescriptionCode",
        "If Invoicing period (BG-14) is used, the Invoicing period start date (BT-73) or end date (BT-74) shall be filled, or both.",
    ),
)
rule(
    "//cac:InvoiceLine/cac:InvoicePeriod | //cac:CreditNoteLine/cac:InvoicePeriod",
    (
        "BR-30",
        lambda el: _period_ok(el),
        "If both Invoice line period start date (BT-134) and end date (BT-135) are given then the end date shall be later or equal to the start date.",
    ),
    (
        "BR-CO-20",
        "cbc:StartDate or cbc:EndDate",
        "If Invoice line period (BG-26) is used, the Invoice line period start date (BT-134) or end date (BT-135) shall be filled, or both.",
    ),
)


def _period_ok(el) -> bool:
    start, end = text(el, "cbc:StartDate"), text(el, "cbc:EndDate")
    if not start or not end:
        return True
    from datetime import date

    return date.fromisoformat(end[:10]) >= date.fromisoformat(start[:10])
