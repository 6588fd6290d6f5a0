"""EN 16931 VAT-category rules (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-AF, BR-AG), generated per category.

Each category has the same ten-rule shape in EN 16931-1: 01 breakdown present when used, 02–04 the
seller (and buyer) VAT identifiers on lines / allowances / charges, 05–07 the rate on lines /
allowances / charges, 08 taxable amount = lines + charges − allowances, 09 tax amount, 10 exemption
reason. The differences between categories are written in the table below.
"""

from __future__ import annotations

from decimal import Decimal

from .framework import FALSE_IND, FATAL, TRUE_IND, Assert, XRule, dec, dec_at, nodes, round2, text

# category: (rule prefix, name, rate kind, breakdown count kind, id rule kind, exemption reason required)
CATEGORIES = {
    "S": ("BR-S", "Standard rated", "positive", "some", "seller", False),
    "Z": ("BR-Z", "Zero rated", "zero", "one", "seller", False),
    "E": ("BR-E", "Exempt from VAT", "zero", "one", "seller", True),
    "AE": ("BR-AE", "Reverse charge", "zero", "one", "seller+buyer", True),
    "K": ("BR-IC", "Intra-community supply", "zero", "one", "seller+buyervat", True),
    "G": ("BR-G", "Export outside the EU", "zero", "one", "sellervat", True),
    "O": ("BR-O", "Not subject to VAT", "none", "one", "none", True),
    "L": ("BR-AF", "IGIC", "nonnegative", "some", "seller", False),
    "M": ("BR-AG", "IPSI", "nonnegative", "some", "seller", False),
}


def _cat(el, path: str) -> str:
    return text(el, path)


def vat_category_rules(V: str) -> list[XRule]:
    rules: list[XRule] = []
    supplier_any = "//cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID"
    supplier_vat = f"//cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme{V}/cbc:CompanyID"
    taxrep_vat = f"//cac:TaxRepresentativeParty/cac:PartyTaxScheme{V}/cbc:CompanyID"
    buyer_vat = f"//cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme{V}/cbc:CompanyID"
    buyer_legal = "//cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"
    for code, (prefix, name, rate_kind, count_kind, id_kind, exemption) in CATEGORIES.items():
        is_c = f"[normalize-space(cbc:ID) = '{code}']"
        # 01: breakdown present when the category is used
        if count_kind == "some":
            vat = "" if code == "S" else V
            used = f"(count(//cac:AllowanceCharge/cac:TaxCategory{is_c}{vat}) + count(//cac:ClassifiedTaxCategory{is_c}{vat}))"
            sub = f"count(cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory{is_c}{vat})"
            test01 = f"({used} > 0 and {sub} > 0) or ({used} = 0 and {sub} = 0)"
            msg01 = f"An invoice that contains an item, allowance or charge with VAT category '{name}' shall contain at least one VAT breakdown (BG-23) with that category code, and none otherwise."
        else:
            used = f"(//cac:TaxCategory{V}/cbc:ID[normalize-space(.) = '{code}'] or //cac:ClassifiedTaxCategory{V}/cbc:ID[normalize-space(.) = '{code}'])"
            test01 = f"not{used} or count(cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory{V}/cbc:ID[normalize-space(.) = '{code}']) = 1"
            msg01 = f"An invoice that contains an item, allowance or charge with VAT category '{name}' shall contain exactly one VAT breakdown (BG-23) with that category code."
        # 02-04: identifiers
        if id_kind == "seller":
            ids = f"({supplier_any} or {taxrep_vat})"
        elif id_kind == "sellervat":
            ids = f"({supplier_vat} or {taxrep_vat})"
        elif id_kind == "seller+buyer":
            ids = f"({supplier_any} or {taxrep_vat}) and ({buyer_vat} or {buyer_legal})"
        elif id_kind == "seller+buyervat":
            ids = f"({supplier_vat} or {taxrep_vat}) and ({buyer_vat})"
        else:
            ids = f"not({supplier_vat}) and not({taxrep_vat}) and not({buyer_vat})"
        who = {
            "none": "shall not contain the Seller VAT identifier, the Seller tax representative VAT identifier or the Buyer VAT identifier",
            "seller+buyer": "shall contain the Seller VAT identifier (or tax registration / tax representative) and the Buyer VAT identifier or legal registration identifier",
            "seller+buyervat": "shall contain the Seller VAT identifier (or tax representative VAT identifier) and the Buyer VAT identifier",
        }.get(
            id_kind,
            "shall contain the Seller VAT identifier, the Seller tax registration identifier or the Seller tax representative VAT identifier",
        )
        where = {
            "02": f"//cac:ClassifiedTaxCategory{is_c}{V}",
            "03": f"//cac:AllowanceCharge[{FALSE_IND}]/cac:TaxCategory{is_c}{V}",
            "04": f"//cac:AllowanceCharge[{TRUE_IND}]/cac:TaxCategory{is_c}{V}",
        }
        what = {"02": "an Invoice line", "03": "a Document level allowance", "04": "a Document level charge"}
        root_asserts = [Assert(f"{prefix}-01", FATAL, test01, msg01)]
        for n, path in where.items():
            root_asserts.append(
                Assert(
                    f"{prefix}-{n}",
                    FATAL,
                    f"not({path}) or ({ids})",
                    f"An invoice that contains {what[n]} where the VAT category code is '{name}' {who}.",
                )
            )
        rules.append(XRule("/ubl:Invoice | /cn:CreditNote", tuple(root_asserts)))
        # 05-07: rates
        rate_test, rate_msg = {
            "positive": ("number(cbc:Percent) > 0", "shall be greater than zero"),
            "zero": (lambda el: dec_at(el, "cbc:Percent") == 0, "shall be 0 (zero)"),
            "nonnegative": ("number(cbc:Percent) >= 0", "shall be 0 (zero) or greater than zero"),
            "none": ("not(cbc:Percent)", "shall not be given"),
        }[rate_kind]
        contexts = {
            "05": (
                f"//cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory{is_c}{V} | //cac:CreditNoteLine/cac:Item/cac:ClassifiedTaxCategory{is_c}{V}",
                "Invoiced item VAT rate (BT-152)",
            ),
            "06": (
                f"//cac:AllowanceCharge[{FALSE_IND}]/cac:TaxCategory{is_c}{V}",
                "Document level allowance VAT rate (BT-96)",
            ),
            "07": (
                f"//cac:AllowanceCharge[{TRUE_IND}]/cac:TaxCategory{is_c}{V}",
                "Document level charge VAT rate (BT-103)",
            ),
        }
        for n, (ctx, label) in contexts.items():
            rules.append(
                XRule(
                    ctx,
                    (
                        Assert(
                            f"{prefix}-{n}",
                            FATAL,
                            rate_test,
                            f"Where the VAT category code is '{name}', the {label} {rate_msg}.",
                        ),
                    ),
                )
            )
        # 08-10 on the breakdown
        bd = f"/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory{is_c}{V}"
        rules.append(
            XRule(
                bd,
                (
                    Assert(
                        f"{prefix}-08",
                        FATAL,
                        _taxable(code, per_rate=count_kind == "some", need_source=code == "S"),
                        f"For each different VAT rate where the VAT category code is '{name}', the VAT category taxable amount (BT-116) shall equal the sum of Invoice line net amounts plus document level charges minus document level allowances with that category (and rate).",
                    ),
                    Assert(
                        f"{prefix}-09",
                        FATAL,
                        _tax_amount(rate_kind in {"positive", "nonnegative"}),
                        f"The VAT category tax amount (BT-117) in a VAT breakdown where the VAT category code is '{name}' shall "
                        + (
                            "equal the taxable amount multiplied by the rate."
                            if rate_kind in {"positive", "nonnegative"}
                            else "be 0 (zero)."
                        ),
                    ),
                    Assert(
                        f"{prefix}-10",
                        FATAL,
                        "cbc:TaxExemptionReason or cbc:TaxExemptionReasonCode"
                        if exemption
                        else "not(cbc:TaxExemptionReason) and not(cbc:TaxExemptionReasonCode)",
                        f"A VAT breakdown (BG-23) with VAT category code '{name}' "
                        + (
                            "shall have a VAT exemption reason code (BT-121) or text (BT-120)."
                            if exemption
                            else "shall not have a VAT exemption reason code (BT-121) or text (BT-120)."
                        ),
                    ),
                ),
            )
        )
    # Intra-community supply: delivery date or period, and deliver-to country.
    k_sub = f"cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory{V}/cbc:ID[normalize-space(.) = 'K']"
    rules.append(
        XRule(
            "/ubl:Invoice | /cn:CreditNote",
            (
                Assert(
                    "BR-IC-11",
                    FATAL,
                    f"not({k_sub}) or string-length(cac:Delivery/cbc:ActualDeliveryDate) > 1 or cac:InvoicePeriod/*",
                    "In an Invoice with a VAT breakdown (BG-23) where the VAT category code is 'Intra-community supply' the Actual delivery date (BT-72) or the Invoicing period (BG-14) shall not be blank.",
                ),
                Assert(
                    "BR-IC-12",
                    FATAL,
                    f"not({k_sub}) or string-length(cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode) > 1",
                    "In an Invoice with a VAT breakdown (BG-23) where the VAT category code is 'Intra-community supply' the Deliver to country code (BT-80) shall not be blank.",
                ),
                Assert(
                    "BR-O-11",
                    FATAL,
                    _only_o(f"cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory{V}", V),
                    "An Invoice with a VAT breakdown where the VAT category code is 'Not subject to VAT' shall not contain other VAT breakdown groups.",
                ),
                Assert(
                    "BR-O-12",
                    FATAL,
                    _only_o(f"//cac:ClassifiedTaxCategory{V}", V),
                    "An Invoice with a VAT breakdown where the VAT category code is 'Not subject to VAT' shall not contain an Invoice line with another VAT category code.",
                ),
                Assert(
                    "BR-O-13",
                    FATAL,
                    _only_o(f"//cac:AllowanceCharge[{FALSE_IND}]/cac:TaxCategory{V}", V),
                    "An Invoice with a VAT breakdown where the VAT category code is 'Not subject to VAT' shall not contain Document level allowances with another VAT category code.",
                ),
                Assert(
                    "BR-O-14",
                    FATAL,
                    _only_o(f"//cac:AllowanceCharge[{TRUE_IND}]/cac:TaxCategory{V}", V),
                    "An Invoice with a VAT breakdown where the VAT category code is 'Not subject to VAT' shall not contain Document level charges with another VAT category code.",
                ),
            ),
        )
    )
    return rules


def _only_o(path: str, V: str):
    def test(el) -> bool:
        if not nodes(el, f"cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory{V}/cbc:ID[normalize-space(.) = 'O']"):
            return True
        return all(text(n, "cbc:ID") == "O" for n in nodes(el, path))

    return test


def _line_rate(line) -> Decimal | None:
    found = nodes(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent")
    return dec(found[0]) if found else None


def _taxable(code: str, *, per_rate: bool, need_source: bool):
    def test(cat) -> bool:
        root = cat.getroottree().getroot()
        sub = cat.getparent()
        base = dec_at(sub, "cbc:TaxableAmount")
        lines = nodes(root, "cac:InvoiceLine | cac:CreditNoteLine")
        has_lines = bool(nodes(root, "//cac:InvoiceLine | //cac:CreditNoteLine"))
        rate = dec_at(cat, "cbc:Percent") if per_rate else None
        if per_rate and not nodes(cat, "cbc:Percent"):
            return True
        if not has_lines:
            return False

        def matches(node, cat_path: str) -> bool:
            cats = [text(n, "cbc:ID") for n in nodes(node, cat_path)]
            if code not in cats:
                return False
            if rate is None:
                return True
            rates = [dec(n) for n in nodes(node, cat_path + "/cbc:Percent")]
            return rate in rates

        total = Decimal(0)
        found = False
        for line in lines:
            if matches(line, "cac:Item/cac:ClassifiedTaxCategory"):
                found = True
                total += dec_at(line, "cbc:LineExtensionAmount") or 0
        for ac in nodes(root, "cac:AllowanceCharge"):
            if matches(ac, "cac:TaxCategory"):
                found = True
                amount = dec_at(ac, "cbc:Amount") or 0
                total += amount if text(ac, "cbc:ChargeIndicator") in {"true", "1"} else -amount
        if need_source and not found:
            return False
        if base is None:
            return False
        if per_rate:
            return base - 1 < total < base + 1
        return base == total

    return test


def _tax_amount(rated: bool):
    def test(cat) -> bool:
        sub = cat.getparent()
        tax = dec_at(sub, "cbc:TaxAmount")
        if tax is None:
            return False
        if not rated:
            return tax == 0
        base = dec_at(sub, "cbc:TaxableAmount")
        rate = dec_at(cat, "cbc:Percent")
        if base is None or rate is None:
            return False
        expected = round2(abs(base) * (rate / 100))
        return abs(tax) - 1 < expected < abs(tax) + 1

    return test


_ = round2
