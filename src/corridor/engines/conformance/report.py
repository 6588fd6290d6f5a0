"""Reports: the JSON shape shared by page, API and CLI, and an SVRL-style XML."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .framework import FATAL, Finding

SVRL = "http://purl.oclc.org/dsdl/svrl"
SEVERITY_ORDER = {"fatal": 0, "warning": 1, "information": 2}


@dataclass
class Report:
    kind: str
    packs: dict[str, str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(f.severity == FATAL for f in self.findings)

    def failing_rules(self) -> list[str]:
        return sorted({f.rule for f in self.findings if f.severity == FATAL})

    def as_dict(self) -> dict:
        return {
            "valid": self.valid,
            "findings": [f.as_dict() for f in self.findings],
            "packs": dict(self.packs),
        }

    def grouped(self) -> list[dict]:
        """Findings grouped by pack then severity, for the report page."""
        out = []
        for pack, version in self.packs.items():
            mine = [f for f in self.findings if f.pack == pack]
            groups = []
            for severity in ("fatal", "warning", "information"):
                items = [f for f in mine if f.severity == severity]
                if items:
                    groups.append({"severity": severity, "findings": items})
            out.append({"pack": pack, "version": version, "count": len(mine), "groups": groups})
        return out

    def to_svrl(self) -> bytes:
        root = etree.Element(f"{{{SVRL}}}schematron-output", nsmap={"svrl": SVRL})
        root.set("title", "Corridor conformance report")
        for pack, version in self.packs.items():
            active = etree.SubElement(root, f"{{{SVRL}}}active-pattern")
            active.set("id", pack)
            active.set("name", f"{pack} {version}")
        for f in self.findings:
            failed = etree.SubElement(root, f"{{{SVRL}}}failed-assert")
            failed.set("id", f.rule)
            failed.set("flag", f.severity)
            failed.set("location", f.location)
            failed.set("test", f.pack)
            text = etree.SubElement(failed, f"{{{SVRL}}}text")
            text.text = f.message
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
