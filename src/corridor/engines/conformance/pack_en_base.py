"""Shared pieces of the EN 16931 pack: constants, the rule list and its helper."""

from __future__ import annotations

from .framework import FATAL, Assert, XRule

VERSION = "EN16931-2017-corridor.1"
V = "[translate(normalize-space(cac:TaxScheme/cbc:ID),'vat','VAT')='VAT']"
ROOT = "/ubl:Invoice | /cn:CreditNote"
LINE = "//cac:InvoiceLine | //cac:CreditNoteLine"

RULES: list[XRule] = []


def rule(context: str, *asserts: tuple) -> None:
    RULES.append(XRule(context, tuple(Assert(i, FATAL, t, m) for i, t, m in asserts)))
