"""EN 16931 totals, allowances and charges, lines and VAT breakdown rules (BR-*, BR-CO-*, BR-DEC-*)."""

from __future__ import annotations

from decimal import Decimal

from .framework import FALSE_IND, TRUE_IND, dec, dec_at, dsum, nodes, round2
from .pack_en_base import LINE, V, rule


# ---- totals ----
def _lmt_lines(el) -> bool:
    return dec_at(el, "cbc:LineExtensionAmount") == round2(
        dsum(el, "//cac:InvoiceLine/cbc:LineExtensionAmount | //cac:CreditNoteLine/cbc:LineExtensionAmount")
    )


def _lmt_ac(charge: bool, field: str):
    flag = TRUE_IND if charge else FALSE_IND

    def test(el) -> bool:
        given = nodes(el, f"cbc:{field}")
        docs = nodes(el, f"../cac:AllowanceCharge[{flag}]")
        if not given:
            return not docs
        return dec(given[0]) == round2(sum((dec_at(d, "cbc:Amount") or Decimal(0) for d in docs), Decimal(0)))

    return test


def _br_co_13(el) -> bool:
    lines = dec_at(el, "cbc:LineExtensionAmount")
    charge = dec_at(el, "cbc:ChargeTotalAmount")
    allowance = dec_at(el, "cbc:AllowanceTotalAmount")
    excl = dec_at(el, "cbc:TaxExclusiveAmount")
    if lines is None or excl is None:
        return False
    if charge is None and allowance is None:
        return excl == lines
    return excl == round2(lines + (charge or 0) - (allowance or 0))


def _br_co_16(el) -> bool:
    payable = dec_at(el, "cbc:PayableAmount")
    incl = dec_at(el, "cbc:TaxInclusiveAmount")
    prepaid = dec_at(el, "cbc:PrepaidAmount")
    rounding = dec_at(el, "cbc:PayableRoundingAmount")
    if payable is None or incl is None:
        return False
    if rounding is None:
        return payable == (round2(incl - prepaid) if prepaid is not None else incl)
    left = round2(payable - rounding)
    return left == (round2(incl - prepaid) if prepaid is not None else incl)


def _decimals(field: str) -> tuple:
    return f"string-length(substring-after({field},'.')) <= 2"


rule(
    "//cac:LegalMonetaryTotal",
    (
        "BR-12",
        "cbc:LineExtensionAmount",
        "An invoice shall have the Sum of Invoice line net amount (BT-106).",
    ),
    (
        "BR-13",
        "cbc:TaxExclusiveAmount",
        "An invoice shall have the Invoice total amount without VAT (BT-109).",
    ),
    ("BR-14", "cbc:TaxInclusiveAmount", "An invoice shall have the Invoice total amount with VAT (BT-112)."),
    ("BR-15", "cbc:PayableAmount", "An invoice shall have the Amount due for payment (BT-115)."),
    ("BR-CO-10", _lmt_lines, "Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131)."),
    (
        "BR-CO-11",
        _lmt_ac(False, "AllowanceTotalAmount"),
        "Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92).",
    ),
    (
        "BR-CO-12",
        _lmt_ac(True, "ChargeTotalAmount"),
        "Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99).",
    ),
    (
        "BR-CO-13",
        _br_co_13,
        "Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).",
    ),
    (
        "BR-CO-16",
        _br_co_16,
        "Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) - Paid amount (BT-113) + Rounding amount (BT-114).",
    ),
    (
        "BR-DEC-09",
        _decimals("cbc:LineExtensionAmount"),
        "The Sum of Invoice line net amount (BT-106) shall have no more than 2 decimals.",
    ),
    (
        "BR-DEC-10",
        _decimals("cbc:AllowanceTotalAmount"),
        "The Sum of allowances on document level (BT-107) shall have no more than 2 decimals.",
    ),
    (
        "BR-DEC-11",
        _decimals("cbc:ChargeTotalAmount"),
        "The Sum of charges on document level (BT-108) shall have no more than 2 decimals.",
    ),
    (
        "BR-DEC-12",
        _decimals("cbc:TaxExclusiveAmount"),
        "The Invoice total amount without VAT (BT-109) shall have no more than 2 decimals.",
    ),
    (
        "BR-DEC-14",
        _decimals("cbc:TaxInclusiveAmount"),
        "The Invoice total amount with VAT (BT-112) shall have no more than 2 decimals.",
    ),
    (
        "BR-DEC-16",
        _decimals("cbc:PrepaidAmount"),
        "The Paid amount (BT-113) shall have no more than 2 decimals.",
    ),
    (
        "BR-DEC-17",
        _decimals("cbc:PayableRoundingAmount"),
        "The Rounding amount (BT-114) shall have no more than 2 decimals.",
    ),
    (
        "BR-DEC-18",
        _decimals("cbc:PayableAmount"),
        "The Amount due for payment (BT-115) shall have no more than 2 decimals.",
    ),
)

# ---- document-level allowances and charges ----
for _charge, (_amt, _cat, _reason, _co, _co2, _d1, _d2) in {
    False: ("BR-31", "BR-32", "BR-33", "BR-CO-05", "BR-CO-21", "BR-DEC-01", "BR-DEC-02"),
    True: ("BR-36", "BR-37", "BR-38", "BR-CO-06", "BR-CO-22", "BR-DEC-05", "BR-DEC-06"),
}.items():
    _kind = "charge" if _charge else "allowance"
    _flag = "true" if _charge else "false"
    _IND = {"true": TRUE_IND, "false": FALSE_IND}
    rule(
        f"/ubl:Invoice/cac:AllowanceCharge[{_IND[_flag]}] | /cn:CreditNote/cac:AllowanceCharge[{_IND[_flag]}]",
        (
            _amt,
            "cbc:Amount",
            f"Each Document level {_kind} (BG-{21 if _charge else 20}) shall have a Document level {_kind} amount.",
        ),
        (
            _cat,
            f"cac:TaxCategory{V}/cbc:ID",
            f"Each Document level {_kind} shall have a Document level {_kind} VAT category code.",
        ),
        (
            _reason,
            "cbc:AllowanceChargeReason or cbc:AllowanceChargeReasonCode",
            f"Each Document level {_kind} shall have a {_kind} reason or a {_kind} reason code.",
        ),
        (
            _co2,
            "cbc:AllowanceChargeReason or cbc:AllowanceChargeReasonCode",
            f"Each Document level {_kind} shall contain a reason or a reason code, or both.",
        ),
        (
            _d1,
            _decimals("cbc:Amount"),
            f"The Document level {_kind} amount shall have no more than 2 decimals.",
        ),
        (
            _d2,
            _decimals("cbc:BaseAmount"),
            f"The Document level {_kind} base amount shall have no more than 2 decimals.",
        ),
        (
            "UBL-SR-31" if _charge else "UBL-SR-30",
            "count(cbc:AllowanceChargeReason) <= 1",
            f"Document level {_kind} reason shall occur maximum once.",
        ),
    )

# ---- lines ----
rule(
    LINE,
    (
        "BR-21",
        "normalize-space(cbc:ID) != ''",
        "Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).",
    ),
    (
        "BR-22",
        "cbc:InvoicedQuantity or cbc:CreditedQuantity",
        "Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).",
    ),
    (
        "BR-23",
        "cbc:InvoicedQuantity/@unitCode or cbc:CreditedQuantity/@unitCode",
        "An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).",
    ),
    (
        "BR-24",
        "cbc:LineExtensionAmount",
        "Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).",
    ),
    (
        "BR-25",
        "normalize-space(cac:Item/cbc:Name) != ''",
        "Each Invoice line (BG-25) shall contain the Item name (BT-153).",
    ),
    (
        "BR-26",
        "cac:Price/cbc:PriceAmount",
        "Each Invoice line (BG-25) shall contain the Item net price (BT-146).",
    ),
    (
        "BR-27",
        lambda el: (
            (dec_at(el, "cac:Price/cbc:PriceAmount") or Decimal(0)) >= 0
            if nodes(el, "cac:Price/cbc:PriceAmount")
            else False
        ),
        "The Item net price (BT-146) shall NOT be negative.",
    ),
    (
        "BR-28",
        lambda el: all(dec(n) >= 0 for n in nodes(el, "cac:Price/cac:AllowanceCharge/cbc:BaseAmount")),
        "The Item gross price (BT-148) shall NOT be negative.",
    ),
    (
        "BR-CO-04",
        f"cac:Item/cac:ClassifiedTaxCategory{V}/cbc:ID",
        "Each Invoice line (BG-25) shall be categorized with an Invoiced item VAT category code (BT-151).",
    ),
    (
        "BR-DEC-23",
        _decimals("cbc:LineExtensionAmount"),
        "The Invoice line net amount (BT-131) shall have no more than 2 decimals.",
    ),
    ("UBL-SR-34", "count(cbc:Note) <= 1", "Invoice line note shall occur maximum once."),
    (
        "UBL-SR-35",
        "count(cac:OrderLineReference/cbc:LineID) <= 1",
        "Referenced purchase order line identifier shall occur maximum once.",
    ),
    ("UBL-SR-36", "count(cac:InvoicePeriod) <= 1", "Invoice line period shall occur maximum once."),
    (
        "UBL-SR-37",
        "count(cac:Price/cac:AllowanceCharge/cbc:Amount) <= 1",
        "Price discount shall occur maximum once.",
    ),
    (
        "UBL-SR-48",
        "count(cac:Item/cac:ClassifiedTaxCategory) = 1",
        "Invoice lines shall have one and only one classified tax category.",
    ),
    ("UBL-SR-50", "count(cac:Item/cbc:Description) <= 1", "Item description shall occur maximum once."),
    ("UBL-SR-52", "count(cac:DocumentReference) <= 1", "Document reference shall occur maximum once."),
)
for _charge, (_amt, _reason, _co, _co2, _d1, _d2) in {
    False: ("BR-41", "BR-42", "BR-CO-07", "BR-CO-23", "BR-DEC-24", "BR-DEC-25"),
    True: ("BR-43", "BR-44", "BR-CO-08", "BR-CO-24", "BR-DEC-27", "BR-DEC-28"),
}.items():
    _kind = "charge" if _charge else "allowance"
    _flag = "true" if _charge else "false"
    _IND = {"true": TRUE_IND, "false": FALSE_IND}
    rule(
        f"//cac:InvoiceLine/cac:AllowanceCharge[{_IND[_flag]}] | //cac:CreditNoteLine/cac:AllowanceCharge[{_IND[_flag]}]",
        (_amt, "cbc:Amount", f"Each Invoice line {_kind} shall have an Invoice line {_kind} amount."),
        (
            _reason,
            "cbc:AllowanceChargeReason or cbc:AllowanceChargeReasonCode",
            f"Each Invoice line {_kind} shall have a {_kind} reason or a reason code.",
        ),
        (
            _co2,
            "cbc:AllowanceChargeReason or cbc:AllowanceChargeReasonCode",
            f"Each Invoice line {_kind} shall contain a reason or a reason code, or both.",
        ),
        (
            _d1,
            _decimals("cbc:Amount"),
            f"The Invoice line {_kind} amount shall have no more than 2 decimals.",
        ),
        (
            _d2,
            _decimals("cbc:BaseAmount"),
            f"The Invoice line {_kind} base amount shall have no more than 2 decimals.",
        ),
    )
rule(
    "//cac:AdditionalItemProperty",
    (
        "BR-54",
        "cbc:Name and cbc:Value",
        "Each Item attribute (BG-32) shall contain an Item attribute name (BT-160) and an Item attribute value (BT-161).",
    ),
)
rule(
    "//cac:InvoiceLine/cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode | //cac:CreditNoteLine/cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode",
    ("BR-65", "@listID", "The Item classification identifier (BT-158) shall have a Scheme identifier."),
)
rule(
    "//cac:InvoiceLine/cac:Item/cac:StandardItemIdentification/cbc:ID | //cac:CreditNoteLine/cac:Item/cac:StandardItemIdentification/cbc:ID",
    ("BR-64", "@schemeID", "The Item standard identifier (BT-157) shall have a Scheme identifier."),
)

# ---- VAT breakdown ----
rule(
    "/ubl:Invoice/cac:TaxTotal | /cn:CreditNote/cac:TaxTotal",
    (
        "BR-CO-14",
        lambda el: (
            not nodes(el, "cac:TaxSubtotal")
            or dec_at(el, "cbc:TaxAmount") == round2(dsum(el, "cac:TaxSubtotal/cbc:TaxAmount"))
        ),
        "Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).",
    ),
)


def _xround(value: Decimal) -> int:
    """XPath round(): halves go towards positive infinity (Python's round() goes to even)."""
    import math

    return math.floor(value + Decimal("0.5"))


def _br_co_17(el) -> bool:
    pct = nodes(el, f"cac:TaxCategory{V}/cbc:Percent")
    tax = dec_at(el, "cbc:TaxAmount")
    if not pct:
        return tax is not None and _xround(tax) == 0
    rate = dec(pct[0])
    if _xround(rate) == 0:
        return tax is not None and _xround(tax) == 0
    base = dec_at(el, "cbc:TaxableAmount")
    if tax is None or base is None:
        return False
    expected = round2(abs(base) * rate / 100)
    return abs(tax) - 1 < expected < abs(tax) + 1


rule(
    "//cac:TaxTotal/cac:TaxSubtotal",
    (
        "BR-45",
        "cbc:TaxableAmount",
        "Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).",
    ),
    ("BR-46", "cbc:TaxAmount", "Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117)."),
    (
        "BR-47",
        f"cac:TaxCategory{V}/cbc:ID",
        "Each VAT breakdown (BG-23) shall be defined through a VAT category code (BT-118).",
    ),
    (
        "BR-48",
        f"cac:TaxCategory{V}/cbc:Percent or normalize-space(cac:TaxCategory{V}/cbc:ID)='O'",
        "Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), except if the Invoice is not subject to VAT.",
    ),
    (
        "BR-CO-17",
        _br_co_17,
        "VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) x (VAT category rate (BT-119) / 100), rounded to two decimals.",
    ),
    (
        "BR-DEC-19",
        _decimals("cbc:TaxableAmount"),
        "VAT category taxable amount (BT-116) shall have no more than 2 decimals.",
    ),
    (
        "BR-DEC-20",
        _decimals("cbc:TaxAmount"),
        "VAT category tax amount (BT-117) shall have no more than 2 decimals.",
    ),
    (
        "UBL-SR-32",
        "count(cac:TaxCategory/cbc:TaxExemptionReason) <= 1",
        "VAT exemption reason text shall occur maximum once.",
    ),
)
