"""The question log, feedback and FAQ tables (govqa/records.py): one set of contract tests
run unchanged against a real SQLite file and a real PostgreSQL server (skipped where it is
not installed), the way tests/test_db.py runs the shared state."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from govqa import records
from govqa.db import Database
from tests.test_db import url  # noqa: F401 - the fixture: an empty SQLite or PostgreSQL database

CITE = {"report_id": "2020-甲局", "agency": "甲局", "year": 2020, "section": "三", "text": "总计 8",
        "key": "requests.new.total"}


@pytest.fixture
def db(url):  # noqa: F811
    d = Database(url, secret="s3cret")
    d.upgrade()
    yield d
    d.close()


def _row(question, outcome="answered", now=None, channel="widget"):
    result = {"answer_id": str(uuid.uuid4()), "answer": "答", "refused": outcome == "refused",
              "kind": "clarify" if outcome == "clarified" else "figure", "citations": [CITE]}
    if outcome == "faq":
        result.update(source="faq", faq_id=1)
    return records.log_row(question, question.rstrip("？"), result, {"agencies": ["甲局"], "years": [2020],
                                                                     "keys": ["requests.new"]}, channel, 3.5, now=now)


def test_the_writer_batches_rows_off_the_caller_and_stats_group_them(db):
    writer = records.LogWriter(db)
    rows = [_row("甲局2020年收到多少申请？") for _ in range(3)] + [_row("甲局2020年收到多少申请", "refused"),
                                                             _row("乙局电话？", "clarified")]
    for r in rows:
        writer.put(r)
    assert writer.pending(rows[0]["answer_id"])
    deadline = time.time() + 5
    while any(writer.pending(r["answer_id"]) for r in rows) and time.time() < deadline:
        time.sleep(0.05)  # written by the background thread, in a batch
    assert not any(writer.pending(r["answer_id"]) for r in rows)
    records.record_feedback(db, rows[0]["answer_id"], True, None)
    records.record_feedback(db, rows[1]["answer_id"], False, "不清楚")
    stats = records.question_stats(db, 7)
    top = stats[0]
    assert (top["count"], top["status"], top["helpful"], top["unhelpful"]) == (3, "answered", 1, 1)
    assert {(s["status"], s["count"]) for s in stats[1:]} == {("refused", 1), ("clarified", 1)}
    assert [s["status"] for s in records.question_stats(db, 7, "refused")] == ["refused"]
    day = records.daily_stats(db, 3)
    assert len(day) == 3 and day[-1] == {**day[-1], "questions": 5, "refused": 1, "clarified": 1}
    fb = records.feedback_list(db, 7)
    assert [(f["comment"], f["helpful"]) for f in fb] == [("不清楚", False)]
    got = records.logged_answer(db, rows[0]["answer_id"])
    assert got["citations"] == [CITE] and got["agencies"] == ["甲局"] and got["channel"] == "widget"


def test_purge_removes_what_is_past_the_retention(db):
    old, new = _row("旧问题", now=time.time() - 10 * 86400), _row("新问题")
    writer = records.LogWriter(db)
    writer.put(old)
    writer.put(new)
    writer.flush()
    records.record_feedback(db, old["answer_id"], False, "旧", now=time.time() - 10 * 86400)
    assert records.purge_log(db, 7) == 2
    assert not records.answer_exists(db, old["answer_id"]) and records.answer_exists(db, new["answer_id"])


def test_faq_entries_their_staleness_and_exports(db):
    a = records.faq_create(db, "甲局2020年收到多少申请？", ["甲局20年收到几件"], "8件。", [CITE], {"2020-甲局": "g1"},
                           status="published")
    b = records.faq_create(db, "乙局电话？", [], "电话 1。", [{**CITE, "report_id": "2021-乙局"}], {"2021-乙局": "g1"})
    v0 = records.faq_version(db)
    assert [e["id"] for e in records.faq_list(db, published_only=True)] == [a]
    # 甲局's report replaced (another generation), 乙局's removed
    assert sorted(records.mark_stale(db, {"2020-甲局": "g2"})) == [a, b]
    entries = records.faq_list(db)
    assert all(e["stale"] for e in entries)
    assert {e["id"]: e["broken"][0]["reason"] for e in entries} == {a: "replaced", b: "removed"}
    assert records.faq_list(db, published_only=True) == [] and records.faq_version(db) != v0
    assert records.mark_stale(db, {"2020-甲局": "g2"}) == []  # already stale: nothing new
    records.faq_update(db, a, generations={"2020-甲局": "g2"}, stale=False, broken=[])
    listed = records.faq_list(db)
    assert listed[0]["id"] == b and listed[0]["stale"] and not listed[1]["stale"]  # stale first
    md = records.export(records.faq_list(db, published_only=True), "md")
    assert "## 甲局2020年收到多少申请？" in md and "《甲局2020年报》三：总计 8" in md
    assert json.loads(records.export(records.faq_list(db, True), "json"))[0]["variants"] == ["甲局20年收到几件"]
    assert records.export([], "csv") == "id,question,variants,answer,sources,updated\n"
    assert records.faq_delete(db, a) and not records.faq_delete(db, a)
