"""Pack EN: EN 16931-1 business rules on UBL 2.1 (the CEN/TC 434 UBL binding), with official ids.

Written here from the rule definitions of EN 16931-1:2017 and CEN/TS 16931-3-2 (UBL syntax binding);
rule ids and their meaning are facts of the standard (https://github.com/ConnectingEurope/eInvoicing-EN16931).
Messages are our own wording. Covers the core BR-*, BR-CO-*, BR-DEC-*, the VAT-category rules
(S, Z, E, AE, K, G, O, L, M, B), the UBL-SR syntax rules and BR-CL-* code lists.
"""

from __future__ import annotations

from . import pack_en_document, pack_en_totals  # noqa: F401 - each registers its rules in order
from .framework import Pack
from .pack_en_base import RULES, VERSION, V
from .pack_en_codes import code_list_rules
from .pack_en_vat import vat_category_rules

RULES.extend(vat_category_rules(V))
RULES.extend(code_list_rules())


def _is_ubl(doc) -> bool:
    return doc.root is not None and doc.regime == "en"


PACK = Pack(code="EN", version=VERSION, title="EN 16931 (UBL 2.1 binding)", xml_rules=RULES, applies=_is_ubl)
