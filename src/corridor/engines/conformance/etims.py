"""The eTIMS sales payload we accept, and conversion to and from the canonical invoice.

Shape (the fields of KRA eTIMS OSCU/VSCU ``saveTrnsSalesOsdc`` / ``trnsSales/saveSales``, see the
KRA OSCU specification https://www.kra.go.ke/images/publications/OSCU-Specification-Document.pdf):

    {"tin": "P051234567X", "bhfId": "00", "invcNo": 17, "orgInvcNo": 0,
     "custTin": "A012345678Z", "custNm": "Buyer Ltd", "salesTyCd": "N", "rcptTyCd": "S",
     "pmtTyCd": "01", "salesSttsCd": "02", "cfmDt": "20250301120000", "salesDt": "20250301",
     "totItemCnt": 1, "taxblAmtA": 0, …, "taxblAmtE": 0, "taxRtA": 0, …, "taxAmtA": 0, …,
     "totTaxblAmt": 1160, "totTaxAmt": 160, "totAmt": 1160, "remark": "",
     "itemList": [{"itemSeq": 1, "itemCd": "KE2NTXU0000001", "itemClsCd": "5020230500",
                   "itemNm": "Tea", "qtyUnitCd": "KG", "qty": 10, "prc": 116, "splyAmt": 1160,
                   "dcRt": 0, "dcAmt": 0, "taxTyCd": "B", "taxblAmt": 1160, "taxAmt": 160, "totAmt": 1160}]}

``rcptTyCd`` is S (sale) or R (credit note / refund, which must name ``orgInvcNo``); ``salesTyCd`` is
N (normal), C (copy), P (proforma) or T (training). Amounts are VAT-inclusive as in eTIMS.
Three optional fields are Corridor extensions for cross-border checks, not eTIMS fields:
``currencyCd`` (ISO 4217, default KES), ``exchangeRt`` and ``custCountry`` (ISO 3166 alpha-2).
"""

from __future__ import annotations

from decimal import Decimal

from .crosswalk import KRA_TO_EN, KRA_TO_REC20, REC20_TO_KRA, country_alpha2, en_to_kra
from .model import Invoice, Line, Party, TaxSubtotal, _d

CATS = "ABCDE"


def _date(value) -> str:
    s = str(value or "")
    return f"{s[:4]}-{s[4:6]}-{s[6:8]}" if len(s) >= 8 and s[:8].isdigit() else s


def from_etims(data: dict) -> Invoice:
    items = data.get("itemList") if isinstance(data.get("itemList"), list) else []
    lines = []
    for i, it in enumerate(items):
        if not isinstance(it, dict):
            it = {}
        cat, rate = KRA_TO_EN.get(str(it.get("taxTyCd", "")), ("", None))
        lines.append(
            Line(
                id=str(it.get("itemSeq", i + 1)),
                name=str(it.get("itemNm", "")),
                quantity=_d(it.get("qty")),
                unit=KRA_TO_REC20.get(str(it.get("qtyUnitCd", "")), str(it.get("qtyUnitCd", ""))),
                price=_d(it.get("prc")),
                net_amount=_d(it.get("splyAmt")),
                tax_category=str(it.get("taxTyCd", "")),
                tax_rate=rate,
                tax_amount=_d(it.get("taxAmt")),
                classification=str(it.get("itemClsCd", "")),
            )
        )
    subtotals = []
    for c in CATS:
        taxable = _d(data.get(f"taxblAmt{c}"))
        if taxable:
            subtotals.append(
                TaxSubtotal(
                    category=c,
                    rate=_d(data.get(f"taxRt{c}")),
                    taxable_amount=taxable,
                    tax_amount=_d(data.get(f"taxAmt{c}")),
                )
            )
    total = _d(data.get("totAmt"))
    tax = _d(data.get("totTaxAmt"))
    org = data.get("orgInvcNo")
    inv = Invoice(
        number=str(data.get("invcNo", "")),
        credit=str(data.get("rcptTyCd", "")).upper() == "R",
        type_code=str(data.get("rcptTyCd", "")),
        issue_date=_date(data.get("salesDt")),
        currency=str(data.get("currencyCd") or "KES"),
        exchange_rate=_d(data.get("exchangeRt")),
        preceding_invoice="" if org in (None, "", 0, "0") else str(org),
        notes=(str(data["remark"]),) if data.get("remark") else (),
        seller=Party(tax_id=str(data.get("tin", "")), country="KE"),
        buyer=Party(
            name=str(data.get("custNm", "") or ""),
            tax_id=str(data.get("custTin", "") or ""),
            country=str(data.get("custCountry", "") or ""),
        ),
        lines=lines,
        subtotals=subtotals,
        tax_total=tax,
        tax_inclusive=total,
        tax_exclusive=(total - tax) if total is not None and tax is not None else None,
        payable=total,
    )
    inv.loc = {
        "root": "$",
        "number": "$.invcNo",
        "currency": "$.currencyCd",
        "exchange_rate": "$.exchangeRt",
        "preceding_invoice": "$.orgInvcNo",
        "seller": "$",
        "seller.tax_id": "$.tin",
        "seller.country": "$",
        "buyer": "$",
        "buyer.tax_id": "$.custTin",
        "buyer.country": "$.custCountry",
    }
    for i in range(len(lines)):
        inv.loc[f"lines.{i}"] = f"$.itemList[{i}]"
        inv.loc[f"lines.{i}.unit"] = f"$.itemList[{i}].qtyUnitCd"
        inv.loc[f"lines.{i}.tax_category"] = f"$.itemList[{i}].taxTyCd"
    return inv


def _num(value: Decimal | None):
    if value is None:
        return 0
    return int(value) if value == value.to_integral_value() else float(value)


def to_etims(inv: Invoice) -> tuple[dict, list[str]]:
    """The invoice as an eTIMS payload, with the fields that could not be carried across."""
    lost: list[str] = []
    items = []
    buckets = {c: [Decimal(0), Decimal(0)] for c in CATS}
    for i, ln in enumerate(inv.lines):
        kra = (
            ln.tax_category
            if ln.tax_category in CATS and inv.seller.country in {"KE", "KEN"}
            else en_to_kra(ln.tax_category, ln.tax_rate)
        )
        if kra is None:
            lost.append(
                f"line {ln.id or i + 1}: tax category {ln.tax_category or '—'} at {ln.tax_rate if ln.tax_rate is not None else '—'} % has no eTIMS tax type"
            )
            kra = ""
        unit = REC20_TO_KRA.get(ln.unit, "")
        if ln.unit and not unit:
            lost.append(f"line {ln.id or i + 1}: unit {ln.unit} has no eTIMS quantity unit")
        net = ln.net_amount or Decimal(0)
        rate = ln.tax_rate or Decimal(0)
        tax = ln.tax_amount if ln.tax_amount is not None else (net * rate / 100).quantize(Decimal("0.01"))
        gross = net + tax
        if kra:
            buckets[kra][0] += gross
            buckets[kra][1] += tax
        items.append(
            {
                "itemSeq": i + 1,
                "itemCd": "",
                "itemClsCd": ln.classification,
                "itemNm": ln.name,
                "qtyUnitCd": unit,
                "qty": _num(ln.quantity),
                "prc": _num(ln.price),
                "splyAmt": _num(gross),
                "dcRt": 0,
                "dcAmt": 0,
                "taxTyCd": kra,
                "taxblAmt": _num(gross),
                "taxAmt": _num(tax),
                "totAmt": _num(gross),
            }
        )
    payload = {
        "tin": inv.seller.tax_id,
        "bhfId": "00",
        "invcNo": inv.number,
        "orgInvcNo": inv.preceding_invoice or 0,
        "custTin": inv.buyer.tax_id,
        "custNm": inv.buyer.name,
        "salesTyCd": "N",
        "rcptTyCd": "R" if inv.credit else "S",
        "salesDt": inv.issue_date.replace("-", ""),
        "totItemCnt": len(items),
    }
    for c in CATS:
        payload[f"taxblAmt{c}"] = _num(buckets[c][0])
        payload[f"taxRt{c}"] = _num({"B": Decimal(16), "E": Decimal(8)}.get(c, Decimal(0)))
        payload[f"taxAmt{c}"] = _num(buckets[c][1])
    payload["totTaxblAmt"] = _num(sum((b[0] for b in buckets.values()), Decimal(0)))
    payload["totTaxAmt"] = _num(sum((b[1] for b in buckets.values()), Decimal(0)))
    payload["totAmt"] = payload["totTaxblAmt"]
    payload["itemList"] = items
    if inv.currency and inv.currency != "KES":
        payload["currencyCd"] = inv.currency
        if inv.exchange_rate is not None:
            payload["exchangeRt"] = _num(inv.exchange_rate)
    if inv.buyer.country:
        payload["custCountry"] = country_alpha2(inv.buyer.country)
    for label, value in (
        ("seller name", inv.seller.name),
        ("seller address", inv.seller.city or inv.seller.address_lines),
        ("seller registration id", inv.seller.registration_id),
        ("buyer address", inv.buyer.city or inv.buyer.address_lines),
        ("buyer registration id", inv.buyer.registration_id),
        ("buyer e-mail", inv.buyer.email),
        ("notes", inv.notes),
        ("tax exemption reasons", any(s.exemption_reason for s in inv.subtotals)),
    ):
        if value:
            lost.append(f"{label} (eTIMS has no field for it)")
    if inv.type_code and inv.type_code not in {"380", "381", "01", "02", "S", "R"}:
        lost.append(f"document type code {inv.type_code} (eTIMS only knows sale S and credit note R)")
    return payload, lost


_ = country_alpha2
