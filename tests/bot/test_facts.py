"""The facts index: one key across the store, kept in step with the store."""

from __future__ import annotations

from bot.facts import FactsIndex, fact, findings_for, known_keys, state_of
from ingest.report import ParsedReport


def _report(rid="2024-甲市人民政府", values=None, blank=(), findings=()):
    agency = rid.split("-", 1)[1]
    return ParsedReport(report_id=rid, agency=agency, year=int(rid[:4]), template="2021", title=f"{agency}年报",
                        values=dict(values or {}), blank=list(blank), findings=list(findings))


def test_states_never_turn_a_blank_into_zero(tmp_path):
    idx = FactsIndex(tmp_path / "f.sqlite3")
    idx.add(_report(values={"requests.new.total": 7}, blank=["requests.carried_forward.total"]), "g1")
    idx.add(_report("2024-乙局", values={"requests.new.total": 0}), "g1")
    rows = {r["agency"]: r for r in idx.query("requests.carried_forward.total")}
    assert rows["甲市人民政府"]["state"] == "blank" and rows["甲市人民政府"]["value"] is None
    assert rows["乙局"]["state"] == "absent"
    new = {r["agency"]: r["value"] for r in idx.query("requests.new.total")}
    assert new == {"甲市人民政府": 7, "乙局": 0}


def test_sync_follows_the_stores_generations(tmp_path):
    idx = FactsIndex(tmp_path / "f.sqlite3")
    reports = {"2024-甲局": _report("2024-甲局", {"requests.new.total": 1})}
    assert idx.sync({"2024-甲局": "a"}, reports.get) == 1
    assert idx.sync({"2024-甲局": "a"}, reports.get) == 0  # nothing re-read when nothing changed
    reports["2024-甲局"] = _report("2024-甲局", {"requests.new.total": 5})
    idx.sync({"2024-甲局": "b"}, reports.get)  # replaced: read again
    assert idx.query("requests.new.total")[0]["value"] == 5
    idx.sync({}, reports.get)  # removed
    assert idx.query("requests.new.total") == []


def test_unread_glued_rows_and_findings():
    glued = {"rule": "glued_cells", "column": "requests.new", "detail": "printed “1234”"}
    broken = {"rule": "balance", "column": "total", "detail": "new + carried_over ≠ …"}
    r = _report(values={"requests.granted.total": 3, "requests.handled_total.total": 4}, findings=[glued, broken])
    assert state_of(r, "requests.new.total") == "unread"
    assert findings_for(r, "requests.handled_total.total") == [broken]
    assert findings_for(r, "requests.granted.total") == []  # not in the balance rule
    assert fact(r, "requests.new.total")["citation"] is None


def test_known_keys_cover_both_templates():
    keys = known_keys()
    assert "requests.new.total" in keys and "appeals.review.corrected" in keys
    assert "proactive.licensing.decisions" in keys and "proactive.rules.made" in keys
    assert len(keys) == len(set(keys))


def test_an_unknown_key_is_not_absent_everywhere(tmp_path):
    idx = FactsIndex(tmp_path / "f.sqlite3")
    idx.add(_report(values={"requests.new.total": 1, "requests.new.custom_col": 2}), "g")
    assert idx.knows("requests.new.total") and idx.knows("requests.new.custom_col")
    assert not idx.knows("requests.new.zzz")


def test_short_citations_name_the_cell_and_its_value(tmp_path):
    idx = FactsIndex(tmp_path / "f.sqlite3")
    idx.add(_report(values={"requests.new.total": 7}, blank=["requests.granted.total"]), "g")
    cite = idx.query("requests.new.total", row_texts=False)[0]["citation"]
    assert cite["text"].endswith("本年新收政府信息公开申请数量 7") and cite["key"] == "requests.new.total"
    blank = idx.query("requests.granted.total", row_texts=False)[0]["citation"]
    assert "空白" in blank["text"] and " 0" not in blank["text"]
