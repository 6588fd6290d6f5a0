"""Schematron-like evaluation: independent asserts, each with its own context.

An XML rule names a context (an XPath 1.0 expression selecting nodes) and asserts (an XPath 1.0
boolean expression or a Python predicate over the context node). Every context node that fails an
assert yields one finding located at that node. A JSON rule is a Python function over the parsed
document that yields ``(location, message)`` pairs for each failure. Nothing short-circuits: a
partial document yields exactly the asserts it breaks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lxml import etree

from .parsing import NS, Document

FATAL, WARNING, INFORMATION = "fatal", "warning", "information"
_PREFIX = {v: k for k, v in NS.items()}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    location: str
    message: str
    pack: str
    fix: str = ""

    def as_dict(self) -> dict:
        out = {
            "rule": self.rule,
            "severity": self.severity,
            "location": self.location,
            "message": self.message,
        }
        if self.fix:
            out["fix"] = self.fix
        return out


@dataclass(frozen=True)
class Assert:
    id: str
    flag: str
    test: str | Callable[[etree._Element], bool]
    message: str


@dataclass
class XRule:
    context: str
    asserts: tuple[Assert, ...]
    _ctx: etree.XPath | None = field(default=None, repr=False)
    _tests: list | None = field(default=None, repr=False)

    def compiled(self):
        if self._ctx is None:
            self._ctx = etree.XPath(self.context, namespaces=NS)
            self._tests = [
                etree.XPath(f"boolean({a.test})", namespaces=NS) if isinstance(a.test, str) else a.test
                for a in self.asserts
            ]
        return self._ctx, self._tests


JsonCheck = Callable[[Document], Iterable[tuple[str, str] | tuple[str, str, str]]]


@dataclass(frozen=True)
class DocRule:
    id: str
    flag: str
    check: JsonCheck
    description: str


@dataclass
class Pack:
    code: str
    version: str
    title: str
    xml_rules: list[XRule] = field(default_factory=list)
    doc_rules: list[DocRule] = field(default_factory=list)
    applies: Callable[[Document], bool] = lambda doc: True

    def rule_ids(self) -> list[str]:
        ids = [a.id for r in self.xml_rules for a in r.asserts] + [r.id for r in self.doc_rules]
        return sorted(set(ids))

    def describe(self) -> dict[str, str]:
        out = {}
        for r in self.xml_rules:
            for a in r.asserts:
                out.setdefault(a.id, a.message)
        for r in self.doc_rules:
            out.setdefault(r.id, r.description)
        return out

    def run(self, doc: Document) -> Iterator[Finding]:
        if doc.root is not None:
            for rule in self.xml_rules:
                ctx, tests = rule.compiled()
                try:
                    nodes = ctx(doc.root)
                except etree.XPathError:
                    continue
                for node in nodes:
                    for a, test in zip(rule.asserts, tests, strict=True):
                        try:
                            ok = bool(test(node))
                        except (etree.XPathError, InvalidOperation, TypeError, ValueError, ArithmeticError):
                            ok = False
                        if not ok:
                            yield Finding(a.id, a.flag, location(node, doc), a.message, self.code)
        for rule in self.doc_rules:
            for item in rule.check(doc):
                loc, msg, *rest = item
                yield Finding(rule.id, rule.flag, loc, msg, self.code, rest[0] if rest else "")


def _name(el) -> str:
    qn = etree.QName(el)
    return f"{_PREFIX.get(qn.namespace, '*')}:{qn.localname}" if qn.namespace else qn.localname


def build_paths(root) -> dict:
    """XPath of every element, computed in one walk (O(n)) instead of per finding."""
    paths = {root: f"/{_name(root)}"}
    stack = [root]
    while stack:
        parent = stack.pop()
        base = paths[parent]
        seen: dict = {}
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            n = seen[child.tag] = seen.get(child.tag, 0) + 1
            paths[child] = f"{base}/{_name(child)}[{n}]"
            stack.append(child)
    return paths


def xpath_of(node, paths: dict | None = None) -> str:
    if isinstance(node, str | bytes) or not hasattr(node, "getparent"):
        return "/"
    if paths is not None and node in paths:
        return paths[node]
    steps = []
    el = node
    while el is not None:
        name = _name(el)
        parent = el.getparent()
        if parent is None:
            steps.append(f"/{name}")
        else:
            position = 1 + sum(1 for _ in el.itersiblings(el.tag, preceding=True))
            steps.append(f"/{name}[{position}]")
        el = parent
    return "".join(reversed(steps))


def location(node, doc: Document) -> str:
    path = xpath_of(node, doc.paths)
    if doc.kind == "myinvois-json":
        from .ubljson import xpath_to_jsonpath

        return xpath_to_jsonpath(path)
    return path


# ---- small helpers for Python predicates (XPath 2.0 semantics where the rules need them) ----


def nodes(el, path: str) -> list:
    return el.xpath(path, namespaces=NS)


def text(el, path: str) -> str:
    return el.xpath(f"normalize-space({path})", namespaces=NS)


def dec(value) -> Decimal | None:
    """xs:decimal of a node or string; None for an empty sequence; raises on a non-number."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = value.text or ""
    value = value.strip()
    if value.startswith("+"):
        raise InvalidOperation
    result = Decimal(value)
    if not result.is_finite():
        raise InvalidOperation
    return result


def dec_at(el, path: str) -> Decimal | None:
    found = nodes(el, path)
    return dec(found[0]) if found else None


def dsum(el, path: str) -> Decimal:
    return sum((dec(n) for n in nodes(el, path)), Decimal(0))


def round2(value: Decimal) -> Decimal:
    """XPath round(x * 100) div 100: halves go towards positive infinity."""
    return Decimal(math.floor(value * 100 + Decimal("0.5"))) / 100


# xs:boolean lexical forms: the rules compare ChargeIndicator as a boolean ("true"/"1", "false"/"0").
TRUE_IND = "normalize-space(cbc:ChargeIndicator)='true' or normalize-space(cbc:ChargeIndicator)='1'"
FALSE_IND = "normalize-space(cbc:ChargeIndicator)='false' or normalize-space(cbc:ChargeIndicator)='0'"
