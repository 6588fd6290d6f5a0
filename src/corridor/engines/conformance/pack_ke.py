"""Pack KE: KRA eTIMS — KRA PIN format, tax types A–E, receipt and sales types, credit notes.

Sources: KRA eTIMS OSCU/VSCU specification (https://www.kra.go.ke/images/publications/OSCU-Specification-Document.pdf),
tax types A exempt, B 16 %, C zero-rated, D non-VAT, E 8 % (VAT Act 2013 as amended, eTIMS code class 04).
The KRA PIN is 11 characters: A (individual) or P (non-individual), nine digits, a check letter.
Applies to eTIMS payloads and to UBL documents whose seller is in Kenya.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .crosswalk import KRA_TAX_TYPES, KRA_UNITS, en_to_kra
from .framework import FATAL, WARNING, DocRule, Pack

VERSION = "KE-eTIMS-2025.1"
PIN = re.compile(r"[AP]\d{9}[A-Z]")


def _num(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _seller_pin(doc):
    inv = doc.model
    if not PIN.fullmatch(inv.seller.tax_id or ""):
        yield (
            inv.loc.get("seller.tax_id", "$"),
            f"The seller's KRA PIN '{inv.seller.tax_id}' shall be A or P, nine digits and a letter (e.g. P051234567X).",
        )


def _buyer_pin(doc):
    inv = doc.model
    tin = inv.buyer.tax_id
    kenyan = doc.kind == "etims-json" or inv.buyer.country in {"KE", "KEN"}
    if tin and kenyan and not PIN.fullmatch(tin):
        yield (
            inv.loc.get("buyer.tax_id", "$"),
            f"The buyer's KRA PIN '{tin}' shall be A or P, nine digits and a letter.",
        )


def _tax_types(doc):
    inv = doc.model
    for i, ln in enumerate(inv.lines):
        if doc.kind == "etims-json":
            ok = ln.tax_category in KRA_TAX_TYPES
        else:
            ok = en_to_kra(ln.tax_category, ln.tax_rate) is not None
        if not ok:
            yield (
                inv.loc.get(f"lines.{i}.tax_category", "$"),
                f"Line {ln.id or i + 1}: tax category '{ln.tax_category}' at {ln.tax_rate if ln.tax_rate is not None else '—'} % is not an eTIMS tax type (A exempt, B 16 %, C zero-rated, D non-VAT, E 8 %).",
            )


def _credit_note(doc):
    inv = doc.model
    if inv.credit and not inv.preceding_invoice:
        yield (
            inv.loc.get("preceding_invoice", "$"),
            "A credit note shall name the original invoice (eTIMS orgInvcNo, UBL BillingReference).",
        )


def _receipt_type(doc):
    if doc.kind != "etims-json":
        return
    data = doc.data or {}
    if str(data.get("rcptTyCd", "")) not in {"S", "R"}:
        yield "$.rcptTyCd", "The receipt type code (rcptTyCd) shall be S (sale) or R (credit note)."
    if str(data.get("salesTyCd", "")) not in {"N", "C", "P", "T"}:
        yield (
            "$.salesTyCd",
            "The sales type code (salesTyCd) shall be N (normal), C (copy), P (proforma) or T (training).",
        )


def _dates(doc):
    if doc.kind != "etims-json":
        return
    data = doc.data or {}
    if not re.fullmatch(r"\d{8}", str(data.get("salesDt", ""))):
        yield "$.salesDt", "The sale date (salesDt) shall be YYYYMMDD."
    cfm = data.get("cfmDt")
    if cfm not in (None, "") and not re.fullmatch(r"\d{14}", str(cfm)):
        yield "$.cfmDt", "The validation date (cfmDt) shall be YYYYMMDDhhmmss."


def _items(doc):
    if doc.kind != "etims-json":
        return
    data = doc.data or {}
    items = data.get("itemList")
    if not isinstance(items, list) or not items:
        yield "$.itemList", "A sale shall list at least one item (itemList)."
        return
    for i, it in enumerate(items):
        it = it if isinstance(it, dict) else {}
        if not str(it.get("itemNm", "")).strip():
            yield f"$.itemList[{i}].itemNm", f"Item {i + 1} shall have a name (itemNm)."
        if not str(it.get("itemClsCd", "")).strip():
            yield (
                f"$.itemList[{i}].itemClsCd",
                f"Item {i + 1} shall have an item classification code (itemClsCd).",
            )
        qty = _num(it.get("qty"))
        if qty is None or qty <= 0:
            yield f"$.itemList[{i}].qty", f"Item {i + 1} shall have a positive quantity (qty)."
        if str(it.get("qtyUnitCd", "")) not in KRA_UNITS:
            yield (
                f"$.itemList[{i}].qtyUnitCd",
                f"Item {i + 1}: quantity unit '{it.get('qtyUnitCd', '')}' is not an eTIMS quantity unit code.",
            )


def _item_tax(doc):
    if doc.kind != "etims-json":
        return
    for i, it in enumerate((doc.data or {}).get("itemList") or []):
        if not isinstance(it, dict):
            continue
        rate = KRA_TAX_TYPES.get(str(it.get("taxTyCd", "")))
        base, tax = _num(it.get("taxblAmt")), _num(it.get("taxAmt"))
        if rate is None or base is None or tax is None:
            continue
        inclusive = (base * rate / (100 + rate)).quantize(Decimal("0.01"))
        exclusive = (base * rate / 100).quantize(Decimal("0.01"))
        if abs(tax - inclusive) > 1 and abs(tax - exclusive) > 1:
            yield (
                f"$.itemList[{i}].taxAmt",
                f"Item {i + 1}: tax {tax} does not match tax type {it.get('taxTyCd')} at {rate} % of {base} (expected {inclusive}).",
            )


def _totals(doc):
    if doc.kind != "etims-json":
        return
    data = doc.data or {}
    items = data.get("itemList") if isinstance(data.get("itemList"), list) else []
    count = _num(data.get("totItemCnt"))
    if count is None or count != len(items):
        yield "$.totItemCnt", f"The item count (totItemCnt) shall equal the number of items ({len(items)})."
    taxes = [_num(data.get(f"taxAmt{c}")) or Decimal(0) for c in "ABCDE"]
    tot_tax = _num(data.get("totTaxAmt"))
    if tot_tax is None or abs(tot_tax - sum(taxes)) > Decimal("0.01"):
        yield "$.totTaxAmt", "The total tax (totTaxAmt) shall equal taxAmtA + … + taxAmtE."
    bases = [_num(data.get(f"taxblAmt{c}")) or Decimal(0) for c in "ABCDE"]
    tot_base = _num(data.get("totTaxblAmt"))
    if tot_base is None or abs(tot_base - sum(bases)) > Decimal("0.01"):
        yield "$.totTaxblAmt", "The total taxable amount (totTaxblAmt) shall equal taxblAmtA + … + taxblAmtE."


def _invoice_number(doc):
    if doc.kind == "etims-json" and str((doc.data or {}).get("invcNo", "")).strip() in {"", "0"}:
        yield "$.invcNo", "The invoice number (invcNo) is mandatory."


RULES = [
    DocRule("KE-01", FATAL, _seller_pin, "The seller's KRA PIN shall match [AP] + 9 digits + a letter."),
    DocRule(
        "KE-02",
        FATAL,
        _buyer_pin,
        "A Kenyan buyer's KRA PIN, when given, shall match [AP] + 9 digits + a letter.",
    ),
    DocRule(
        "KE-03", FATAL, _tax_types, "Each line's tax category shall be an eTIMS tax type A–E (or map to one)."
    ),
    DocRule("KE-04", FATAL, _credit_note, "A credit note shall name the original invoice."),
    DocRule("KE-05", FATAL, _receipt_type, "Receipt type S/R and sales type N/C/P/T."),
    DocRule("KE-06", FATAL, _dates, "Dates as YYYYMMDD (salesDt) and YYYYMMDDhhmmss (cfmDt)."),
    DocRule(
        "KE-07", FATAL, _items, "Each item has a name, classification, positive quantity and an eTIMS unit."
    ),
    DocRule("KE-08", WARNING, _item_tax, "Each item's tax matches its tax type's rate."),
    DocRule("KE-09", FATAL, _totals, "Item count and tax totals add up."),
    DocRule("KE-10", FATAL, _invoice_number, "The invoice number is mandatory."),
]


def _applies(doc) -> bool:
    return doc.kind == "etims-json" or doc.model.seller.country in {"KE", "KEN"}


PACK = Pack(code="KE", version=VERSION, title="KRA eTIMS (Kenya)", doc_rules=RULES, applies=_applies)
