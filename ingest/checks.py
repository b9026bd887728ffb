"""The report's own rules (勾稽关系 and sums). A broken rule becomes a finding
for staff; a printed number is never changed."""

from __future__ import annotations

import re

from ingest import lexicon as lx


def _num(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


# The rules that say a sum is broken (the other findings are contradictions or layout notes).
SUM_RULES = ("balance", "results_sum", "row_sum", "appeals_sum")


def sum_checks(values: dict) -> list[dict]:
    """Every sum rule the printed cells allow checking: {rule, column, ok, detail}.
    A rule is checked only where all its cells are printed."""
    out = []
    results = lx.RESULT_ROWS_2021 if lx.is_2021_request_table(values) else lx.RESULT_ROWS_2019
    for col in lx.REQUEST_COLUMNS:
        g = lambda row: values.get(f"requests.{row}.{col}")  # noqa: E731
        new, co, ht, cf = g("new"), g("carried_over"), g("handled_total"), g("carried_forward")
        if None not in (new, co, ht, cf):
            out.append({"rule": "balance", "column": col, "ok": abs((new + co) - (ht + cf)) <= 1e-9,
                        "detail": f"new + carried_over = {_num(new)} + {_num(co)} ≠ handled_total + carried_forward = {_num(ht)} + {_num(cf)}"})
        parts = [g(r) for r in results]
        if ht is not None and all(p is not None for p in parts):
            s = sum(parts)
            out.append({"rule": "results_sum", "column": col, "ok": abs(s - ht) <= 1e-9,
                        "detail": f"sum of result rows = {_num(s)} ≠ handled_total = {_num(ht)}"})
    for row in sorted({".".join(k.split(".")[1:-1]) for k in values if k.startswith("requests.")}):
        cells = [values.get(f"requests.{row}.{c}") for c in lx.REQUEST_COLUMNS]
        if all(c is not None for c in cells):
            s = sum(cells[:-1])
            out.append({"rule": "row_sum", "column": row, "ok": abs(s - cells[-1]) <= 1e-9,
                        "detail": f"{lx.REQUEST_ROW_LABELS.get(row, row)}: applicant columns add up to {_num(s)} ≠ 总计 {_num(cells[-1])}"})
    for g in lx.APPEAL_GROUPS:
        cells = [values.get(f"appeals.{g}.{c}") for c in lx.APPEAL_COLUMNS]
        if all(c is not None for c in cells):
            s = sum(cells[:-1])
            out.append({"rule": "appeals_sum", "column": g, "ok": abs(s - cells[-1]) <= 1e-9,
                        "detail": f"{lx.APPEAL_GROUP_NAMES[g]}: 维持+纠正+其他+未审结 = {_num(s)} ≠ 总计 {_num(cells[-1])}"})
    return out


def _broken(values: dict, rules: tuple[str, ...]) -> list[dict]:
    return [{k: c[k] for k in ("rule", "column", "detail")} for c in sum_checks(values)
            if c["rule"] in rules and not c["ok"]]


def check_requests(values: dict, template: str) -> list[dict]:
    return _broken(values, ("balance", "results_sum", "row_sum"))


def check_appeals(values: dict) -> list[dict]:
    return _broken(values, ("appeals_sum",))


_PROSE_REQUESTS = re.compile(
    r"(?:受理|收到|新收|共收到|接收)(?:了)?(?:各类)?(?:政府信息公开|依申请公开)?(?:申请)?[^。；，,]{0,6}?(\d{1,15})\s*(?:件|份|条|个)")


def check_prose(values: dict, paragraphs: list[str]) -> list[dict]:
    """A request count stated in the prose that the table contradicts."""
    findings = []
    table = values.get("requests.new.total")
    if table is None:
        return findings
    for p in paragraphs:
        for m in _PROSE_REQUESTS.finditer(p):
            ctx = p[max(0, m.start() - 4): m.end()]
            if "申请" not in ctx and "申请" not in m.group(0):
                continue
            if "复议" in ctx or "诉讼" in ctx:
                continue
            n = int(m.group(1))
            if n != table:
                findings.append({"rule": "prose_vs_table", "column": "total",
                                 "detail": f"the prose says “{m.group(0)}” but requests.new.total = {_num(table)}"})
            break
    return findings
