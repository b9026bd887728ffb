"""One printed figure of one report, in the state a reader must know: a value,
a blank cell, a cell the parser could not read, or a figure the report does not
print. Rankings, totals and ``GET /v1/facts`` are built from these."""

from __future__ import annotations

import re

from ingest import lexicon as lx
from ingest.report import ParsedReport

# The rows whose cells the 勾稽 rule new + carried_over = handled_total + carried_forward joins.
_BALANCE_ROWS = {"new", "carried_over", "handled_total", "carried_forward"}
_SUM_RULES = {"balance", "results_sum", "row_sum", "appeals_sum"}


def split_key(key: str) -> tuple[str, str, str]:
    """requests.denied.state_secret.total → ("requests", "denied.state_secret", "total")."""
    parts = key.split(".")
    return parts[0], ".".join(parts[1:-1]), parts[-1]


def findings_for(report: ParsedReport, key: str) -> list[dict]:
    """The report's own findings (a broken sum, prose against table) that this cell takes part in."""
    table, row, col = split_key(key)
    out = []
    for f in report.findings:
        rule, column = f.get("rule"), f.get("column")
        if rule == "balance":
            hit = table == "requests" and row in _BALANCE_ROWS and col == column
        elif rule == "results_sum":
            hit = table == "requests" and col == column and row not in _BALANCE_ROWS - {"handled_total"}
        elif rule == "row_sum":
            hit = table == "requests" and row == column
        elif rule == "appeals_sum":
            hit = table == "appeals" and row == column
        elif rule == "prose_vs_table":
            hit = key in str(f.get("detail", ""))
        else:
            hit = False
        if hit:
            out.append({k: f[k] for k in ("rule", "column", "detail") if k in f})
    return out


def consistency_note(findings: list[dict]) -> str:
    """One plain sentence for the reader; the staff page lists the details."""
    from prompts import answers as T

    rules = {f["rule"] for f in findings}
    if rules & _SUM_RULES:
        return T.NOTE_SUMS_DISAGREE
    if "prose_vs_table" in rules:
        return T.NOTE_PROSE_DISAGREES
    return ""


def _unread(report: ParsedReport, key: str) -> bool:
    stem = key.rsplit(".", 1)[0]
    return any(f.get("rule") == "glued_cells" and (key.startswith(f.get("column", "\0")) or
                                                   str(f.get("column", "")).startswith(stem))
               for f in report.findings)


def state_of(report: ParsedReport, key: str) -> str:
    if key in report.values:
        return "value"
    if key in report.blank:
        return "blank"
    if _unread(report, key):
        return "unread"
    return "absent"


def fact(report: ParsedReport, key: str) -> dict:
    """The interface's facts row: {report_id, agency, year, value, state, findings, citation}."""
    from bot.answer import citation, row_citation_text
    from ingest.chunks import section_heading

    state = state_of(report, key)
    cite = None
    if state in ("value", "blank"):
        stem = key.rsplit(".", 1)[0]
        cite = citation(report, section_heading(report, lx.section_of_key(key)), row_citation_text(report, stem), key)
    return {"report_id": report.report_id, "agency": report.agency, "year": report.year,
            "value": report.values.get(key) if state == "value" else None, "state": state,
            "findings": findings_for(report, key) if state == "value" else [], "citation": cite}


def label(key: str) -> str:
    """The template's own words for a key (本年新收政府信息公开申请数量 · 总计)."""
    return lx.key_label(key)


def unit(key: str) -> str:
    return lx.KEY_UNITS.get(key, "" if key.startswith("proactive.") else "件")


def known_keys() -> list[str]:
    """Every key of both templates, in the tables' printed order: for the explorer's picker."""
    rows = list(dict.fromkeys(k for k, _, _ in lx.REQUEST_ROWS_2021 + lx._REQUEST_ROWS_OTHER_2019))
    keys = [f"requests.{r}.{c}" for r in rows for c in lx.REQUEST_COLUMNS]
    keys += lx.APPEAL_KEYS
    for template in ("2019", "2021"):
        for item, cols in lx.PROACTIVE_COLUMNS[template].items():
            keys += [f"proactive.{r}.{c}" for r, _, _ in lx.PROACTIVE_ROWS[item] for c in cols]
    return list(dict.fromkeys(keys))


def is_key(key: str) -> bool:
    return bool(re.fullmatch(r"(requests|appeals|proactive)(\.[a-z_0-9]+)+", key or ""))
