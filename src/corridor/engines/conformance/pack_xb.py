"""Pack XB: Malaysia–Kenya cross-border rules.

* A Malaysian e-invoice to a Kenyan buyer identifies the buyer country as KEN (MyInvois uses
  ISO 3166-1 alpha-3) and, when the buyer has no Malaysian TIN, uses LHDN's general TIN for foreign
  buyers, EI00000000020 (LHDN e-Invoice Specific Guideline, Appendix 1 "List of General TIN":
  EI00000000010 general public, EI00000000020 foreign buyer, EI00000000030 foreign supplier,
  EI00000000040 government; https://www.hasil.gov.my/media/arvlbzyq/irbm-e-invoice-specific-guideline.pdf).
* A Kenyan export of goods or services is zero-rated (VAT Act 2013, section 28 and the Fifth
  Schedule; eTIMS tax type C).
* An invoice in a currency other than the seller's (MYR for Malaysia, KES for Kenya) states the
  currency and the exchange rate.
"""

from __future__ import annotations

import re

from .framework import FATAL, DocRule, Pack

VERSION = "MY-KE-XB-2025.1"
FOREIGN_BUYER_TIN = "EI00000000020"
FOREIGN_SUPPLIER_TIN = "EI00000000030"
HOME = {"MY": "MYR", "MYS": "MYR", "KE": "KES", "KEN": "KES"}
KRA_PIN = re.compile(r"[AP]\d{9}[A-Z]")


def _my_to_ke(inv) -> bool:
    return inv.seller.country in {"MY", "MYS"} and inv.buyer.country in {"KE", "KEN"}


def _buyer_country(doc):
    inv = doc.model
    if _my_to_ke(inv) and doc.kind == "myinvois-json" and inv.buyer.country != "KEN":
        yield (
            inv.loc.get("buyer.country", "$"),
            "A MyInvois document to a Kenyan buyer shall give the buyer country as KEN (ISO 3166-1 alpha-3).",
            "KEN",
        )


def _buyer_tin(doc):
    inv = doc.model
    if not _my_to_ke(inv):
        return
    tin = inv.buyer.tax_id
    if tin == FOREIGN_SUPPLIER_TIN:
        yield (
            inv.loc.get("buyer.tax_id", "$"),
            f"{FOREIGN_SUPPLIER_TIN} is LHDN's general TIN for foreign suppliers; a Kenyan buyer without a Malaysian TIN takes {FOREIGN_BUYER_TIN}.",
            FOREIGN_BUYER_TIN,
        )
    elif not tin or KRA_PIN.fullmatch(tin):
        yield (
            inv.loc.get("buyer.tax_id", "$"),
            f"A Malaysian e-invoice to a Kenyan buyer without a Malaysian TIN shall carry the foreign-buyer general TIN {FOREIGN_BUYER_TIN} (the KRA PIN goes in the buyer's registration / passport number).",
            FOREIGN_BUYER_TIN,
        )


def _export_zero_rated(doc):
    inv = doc.model
    kenyan = inv.seller.country in {"KE", "KEN"} or doc.kind == "etims-json"
    if not kenyan or not inv.buyer.country or inv.buyer.country in {"KE", "KEN"}:
        return
    for i, ln in enumerate(inv.lines):
        zero = ln.tax_category in {"C", "Z", "G"} or (
            ln.tax_category in {"E", "O", "A", "D"} and not ln.tax_rate
        )
        if not zero:
            yield (
                inv.loc.get(f"lines.{i}.tax_category", "$"),
                f"Line {ln.id or i + 1}: a Kenyan export to {inv.buyer.country} is zero-rated (eTIMS tax type C, EN 16931 category Z or G).",
                "C" if doc.kind == "etims-json" else "G",
            )


def _corridor(inv) -> bool:
    return bool({inv.seller.country, inv.buyer.country} & {"MY", "MYS", "KE", "KEN"})


def _currency(doc):
    inv = doc.model
    if _corridor(inv) and not inv.currency:
        yield inv.loc.get("currency", "$"), "The invoice currency shall be stated."


def _exchange_rate(doc):
    inv = doc.model
    if not _corridor(inv):
        return
    home = HOME.get(inv.seller.country)
    foreign = inv.currency and (inv.currency != home if home else inv.currency not in {"MYR", "KES"})
    if foreign and inv.exchange_rate is None:
        yield (
            inv.loc.get("exchange_rate", "$"),
            f"An invoice in {inv.currency} shall state the exchange rate to {home or 'MYR or KES'}.",
        )


RULES = [
    DocRule(
        "XB-01", FATAL, _buyer_country, "A Malaysian e-invoice to a Kenyan buyer gives the country as KEN."
    ),
    DocRule(
        "XB-02",
        FATAL,
        _buyer_tin,
        f"A Malaysian e-invoice to a Kenyan buyer without a Malaysian TIN carries {FOREIGN_BUYER_TIN}.",
    ),
    DocRule("XB-03", FATAL, _export_zero_rated, "A Kenyan export is zero-rated."),
    DocRule("XB-04", FATAL, _currency, "The currency is stated."),
    DocRule("XB-05", FATAL, _exchange_rate, "A foreign-currency invoice states the exchange rate."),
]

PACK = Pack(code="XB", version=VERSION, title="Malaysia–Kenya cross-border", doc_rules=RULES)
