"""What a parsed report is: its facts, prose sections and contacts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Section:
    heading: str            # as printed, e.g. "四、政府信息公开申请情况"
    number: int             # canonical section 1..6 of the template, 0 = before the first heading
    paragraphs: list[str] = field(default_factory=list)
    start_line: int = 0


@dataclass
class ParsedReport:
    report_id: str
    agency: str
    year: int
    template: str
    title: str
    values: dict[str, float | int] = field(default_factory=dict)
    blank: list[str] = field(default_factory=list)
    signed: dict[str, str] = field(default_factory=dict)     # cells quoted as printed: +2, -1, 18.8710
    contacts: dict = field(default_factory=dict)
    findings: list[dict] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    row_text: dict[str, str] = field(default_factory=dict)
    source: dict = field(default_factory=dict)
    identity: dict = field(default_factory=dict)          # {"agency_from": …, "year_from": …}
    agency_variants: list[str] = field(default_factory=list)  # other names this report gives its agency

    def interface_json(self) -> dict:
        """The JSON of ``govqa parse --json`` (interface.md), plus extensions."""
        return {
            "report_id": self.report_id,
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "values": self.values,
            "blank": self.blank,
            "contacts": self.contacts,
            "findings": self.findings,
            "title": self.title,
            "signed": self.signed,
            "sections": [{"heading": s.heading, "number": s.number, "paragraphs": len(s.paragraphs)}
                         for s in self.sections],
            "source": self.source,
            "identity": self.identity,
            "agency_variants": self.agency_variants,
        }

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ParsedReport":
        d = dict(d)
        d["sections"] = [Section(**s) for s in d.get("sections", [])]
        return cls(**d)
