"""The question log, citizens' feedback and the staff FAQ (issue 16): tables in the
shared-state database (``govqa/db.py``, migration 0002) and the plain functions over
them.

- **Question log**: one row per answer, from every channel (widget, WeChat, API,
  CLI): the question as asked and normalised, what it was understood to ask
  (agencies, years, cells), the outcome, the latency, the channel, the answer's
  ``answer_id`` and the answer itself with its citations (so staff can turn it into
  an FAQ entry). No address, no OpenID, no session id: nothing that identifies a
  person. Rows are queued in memory and written by a background thread in batches
  (``LogWriter``), never on the request path; rows and feedback older than
  ``GOVQA_LOG_RETENTION_DAYS`` are deleted once a day.
- **Feedback**: a citizen's verdict on one ``answer_id`` (helpful or not, an
  optional comment of at most 500 characters).
- **FAQ entries**: question, variants, answer, citations (each a stored passage or
  cell), status draft|published|withdrawn, and a stale flag with the citations that
  broke (their report replaced or removed), kept with the generation of each cited
  report when the entry was last checked.
"""

from __future__ import annotations

import atexit
import csv
import io
import json
import logging
import queue
import threading
import time
from typing import Iterable, Optional

from sqlalchemy import (Boolean, Column, Float, Integer, String, Table, Text, cast, delete, func, insert, select,
                        update)

from govqa.db import Database, metadata

log = logging.getLogger("govqa.records")

CHANNELS = ("widget", "wechat", "api", "cli")
OUTCOMES = ("answered", "refused", "clarified", "faq")
STATUSES = ("draft", "published", "withdrawn")
MAX_COMMENT_CHARS = 500
DAY_S = 86400.0
FLUSH_EVERY_S = 0.5  # the writer's batch interval
BATCH_MAX = 500
PURGE_EVERY_S = DAY_S

question_log = Table(
    "question_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("answer_id", String(36), nullable=False, unique=True),
    Column("question", Text, nullable=False),  # as asked (after control characters are dropped)
    Column("normalised", Text, nullable=False, index=True),  # what groups the same question
    Column("agencies", Text, nullable=False),  # JSON lists: what GovQA understood it to ask
    Column("years", Text, nullable=False),
    Column("keys", Text, nullable=False),
    Column("outcome", String(16), nullable=False),  # answered | refused | clarified | faq
    Column("faq_id", Integer, nullable=True),  # the entry that answered (outcome faq)
    Column("answer", Text, nullable=False),
    Column("citations", Text, nullable=False),  # JSON
    Column("latency_ms", Float, nullable=False),
    Column("channel", String(8), nullable=False),  # widget | wechat | api | cli
    Column("created_at", Float, nullable=False, index=True),
)
feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("answer_id", String(36), nullable=False, index=True),
    Column("helpful", Boolean, nullable=False),
    Column("comment", Text, nullable=True),
    Column("created_at", Float, nullable=False, index=True),
)
faq_entries = Table(
    "faq_entries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question", Text, nullable=False),
    Column("variants", Text, nullable=False),  # JSON list
    Column("answer", Text, nullable=False),
    Column("citations", Text, nullable=False),  # JSON list of citations (interface.md)
    Column("generations", Text, nullable=False),  # JSON {report_id: generation} when last checked
    Column("status", String(16), nullable=False),  # draft | published | withdrawn
    Column("stale", Boolean, nullable=False),
    Column("broken", Text, nullable=False),  # JSON [{"citation": i, "report_id", "reason": removed|replaced}]
    Column("from_answer_id", String(36), nullable=True),  # the logged answer it was made from
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False, index=True),
)


def _j(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


# -- the question log -----------------------------------------------------------------------

class LogWriter:
    """Queues log rows and writes them from one background thread, in batches every
    ``FLUSH_EVERY_S``; purges rows past the retention once a day. ``put`` never
    touches the database (an answer never waits for it); a database that is down
    keeps the rows queued (at most ``max_queued``) until it is back."""

    def __init__(self, db: Database, retention_days: int = 180, max_queued: int = 100_000):
        self.db = db
        self.retention_days = retention_days
        self.max_queued = max_queued
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._pending: dict[str, float] = {}  # answer_id → queued at (feedback may arrive before the flush)
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()
        self._last_purge = 0.0
        self.dropped = 0

    def put(self, row: dict) -> None:
        if len(self._pending) >= self.max_queued:
            self.dropped += 1
            return
        with self._lock:
            self._pending[row["answer_id"]] = row["created_at"]
        self._queue.put(row)
        if self._thread is None:
            self._start()

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="govqa-log-writer", daemon=True)
                self._thread.start()
                atexit.register(self._flush_at_exit)  # the CLI's one question is written before it exits

    def _flush_at_exit(self) -> None:
        try:
            self.flush()
        except Exception as exc:  # noqa: BLE001 - a database gone at exit: those rows are lost, said once
            log.warning("question log: %d rows not written at exit (%s)", self._queue.qsize(), type(exc).__name__)

    def pending(self, answer_id: str) -> bool:
        return answer_id in self._pending

    def _run(self) -> None:
        while True:
            self._wake.wait(FLUSH_EVERY_S)
            self._wake.clear()
            try:
                self.flush()
                if time.time() - self._last_purge >= PURGE_EVERY_S:
                    purge_log(self.db, self.retention_days)
                    self._last_purge = time.time()
            except Exception as exc:  # noqa: BLE001 - a database down now is written to later
                log.warning("question log not written yet: %s", type(exc).__name__)

    def flush(self) -> int:
        """Write every queued row now; returns how many."""
        written = 0
        with self._flush_lock:
            while True:
                batch = []
                while len(batch) < BATCH_MAX:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                if not batch:
                    return written
                try:
                    with self.db.begin() as conn:
                        conn.execute(insert(question_log), batch)
                except Exception:
                    for row in batch:  # kept for the next flush, in order
                        self._queue.put(row)
                    raise
                with self._lock:
                    for row in batch:
                        self._pending.pop(row["answer_id"], None)
                written += len(batch)


def log_row(question: str, normalised: str, result: dict, state: dict | None, channel: str,
            latency_ms: float, now: float | None = None) -> dict:
    """The question log's row for one answer (nothing about the asker)."""
    state = state or {}
    if result.get("source") == "faq":
        outcome = "faq"
    elif result.get("kind") == "clarify":
        outcome = "clarified"
    elif result.get("refused"):
        outcome = "refused"
    else:
        outcome = "answered"
    return {"answer_id": result["answer_id"], "question": question, "normalised": normalised,
            "agencies": _j(list(state.get("agencies") or [])), "years": _j(list(state.get("years") or [])),
            "keys": _j(list(state.get("keys") or [])), "outcome": outcome, "faq_id": result.get("faq_id"),
            "answer": result.get("answer", ""), "citations": _j(result.get("citations") or []),
            "latency_ms": float(latency_ms), "channel": channel if channel in CHANNELS else "api",
            "created_at": time.time() if now is None else now}


def purge_log(db: Database, retention_days: int, now: float | None = None) -> int:
    """Delete logged questions and feedback older than ``retention_days``."""
    cutoff = (time.time() if now is None else now) - retention_days * DAY_S
    with db.begin() as conn:
        n = conn.execute(delete(question_log).where(question_log.c.created_at < cutoff)).rowcount or 0
        n += conn.execute(delete(feedback).where(feedback.c.created_at < cutoff)).rowcount or 0
    return n


def logged_answer(db: Database, answer_id: str) -> Optional[dict]:
    """One logged answer (for the FAQ editor): question, answer, citations, outcome."""
    with db.begin() as conn:
        row = conn.execute(select(question_log).where(question_log.c.answer_id == answer_id)).mappings().first()
    if row is None:
        return None
    return {"answer_id": row["answer_id"], "question": row["question"], "answer": row["answer"],
            "citations": json.loads(row["citations"]), "status": row["outcome"], "channel": row["channel"],
            "agencies": json.loads(row["agencies"]), "years": json.loads(row["years"]),
            "keys": json.loads(row["keys"]), "asked": _iso(row["created_at"])}


def answer_exists(db: Database, answer_id: str) -> bool:
    with db.begin() as conn:
        return conn.execute(select(question_log.c.id).where(question_log.c.answer_id == answer_id)).first() \
            is not None


def record_feedback(db: Database, answer_id: str, helpful: bool, comment: str | None,
                    now: float | None = None) -> None:
    comment = (comment or "").strip()[:MAX_COMMENT_CHARS] or None
    with db.begin() as conn:
        conn.execute(insert(feedback).values(answer_id=answer_id, helpful=bool(helpful), comment=comment,
                                             created_at=time.time() if now is None else now))


def question_stats(db: Database, days: int = 30, status: str | None = None, now: float | None = None,
                   limit: int = 500) -> list[dict]:
    """The log of the last ``days`` grouped by normalised question and outcome, most asked
    first: ``[{question, count, status, helpful, unhelpful, last_asked, answer_id, ...}]``
    (``question`` and ``answer_id`` the latest asking's)."""
    since = (time.time() if now is None else now) - days * DAY_S
    ql, fb = question_log, feedback
    where = [ql.c.created_at >= since]
    if status:
        where.append(ql.c.outcome == status)
    helpful = select(fb.c.answer_id, func.sum(cast(fb.c.helpful, Integer)).label("up"),
                     func.count().label("n")).group_by(fb.c.answer_id).subquery()
    stmt = (select(ql.c.normalised, ql.c.outcome, func.count().label("count"),
                   func.max(ql.c.created_at).label("last"),
                   func.coalesce(func.sum(helpful.c.up), 0).label("up"),
                   func.coalesce(func.sum(helpful.c.n), 0).label("n"))
            .select_from(ql.outerjoin(helpful, helpful.c.answer_id == ql.c.answer_id))
            .where(*where).group_by(ql.c.normalised, ql.c.outcome)
            .order_by(func.count().desc(), func.max(ql.c.created_at).desc()).limit(limit))
    with db.begin() as conn:
        groups = conn.execute(stmt).all()
        out = []
        for norm, outcome, count, last, up, n in groups:
            latest = conn.execute(select(ql.c.question, ql.c.answer_id, ql.c.faq_id).where(
                ql.c.normalised == norm, ql.c.outcome == outcome, ql.c.created_at == last)).first()
            out.append({"question": latest[0] if latest else norm, "normalised": norm, "count": int(count),
                        "status": outcome, "helpful": int(up or 0), "unhelpful": int((n or 0) - (up or 0)),
                        "last_asked": _iso(last), "answer_id": latest[1] if latest else None,
                        "faq_id": latest[2] if latest else None})
    return out


def daily_stats(db: Database, days: int = 30, now: float | None = None) -> list[dict]:
    """Questions, refusals, asked-back and FAQ answers per UTC day of the last ``days``
    (every day present, zeros included)."""
    now = time.time() if now is None else now
    first_day = int(now // DAY_S) - days + 1
    ql = question_log
    with db.begin() as conn:
        rows = conn.execute(select(ql.c.created_at, ql.c.outcome).where(ql.c.created_at >= first_day * DAY_S)).all()
    per = {d: {"day": time.strftime("%Y-%m-%d", time.gmtime(d * DAY_S)), "questions": 0, "refused": 0,
               "clarified": 0, "faq": 0} for d in range(first_day, first_day + days)}
    for created, outcome in rows:
        d = per.get(int(created // DAY_S))
        if d is None:
            continue
        d["questions"] += 1
        if outcome in ("refused", "clarified", "faq"):
            d[outcome] += 1
    return list(per.values())


def feedback_list(db: Database, days: int = 30, helpful: bool | None = False, now: float | None = None,
                  limit: int = 500) -> list[dict]:
    """Feedback of the last ``days`` with the question and answer it is about, newest first."""
    since = (time.time() if now is None else now) - days * DAY_S
    fb, ql = feedback, question_log
    where = [fb.c.created_at >= since]
    if helpful is not None:
        where.append(fb.c.helpful.is_(helpful))
    stmt = (select(fb.c.answer_id, fb.c.helpful, fb.c.comment, fb.c.created_at, ql.c.question, ql.c.answer,
                   ql.c.outcome).select_from(fb.join(ql, ql.c.answer_id == fb.c.answer_id))
            .where(*where).order_by(fb.c.created_at.desc()).limit(limit))
    with db.begin() as conn:
        return [{"answer_id": a, "helpful": bool(h), "comment": c, "created": _iso(t), "question": q,
                 "answer": ans, "status": o} for a, h, c, t, q, ans, o in conn.execute(stmt).all()]


# -- the FAQ -----------------------------------------------------------------------------------

def _entry(row) -> dict:
    return {"id": row["id"], "question": row["question"], "variants": json.loads(row["variants"]),
            "answer": row["answer"], "citations": json.loads(row["citations"]), "status": row["status"],
            "stale": bool(row["stale"]), "broken": json.loads(row["broken"]),
            "from_answer_id": row["from_answer_id"], "created": _iso(row["created_at"]),
            "updated": _iso(row["updated_at"]), "_generations": json.loads(row["generations"])}


def public(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if not k.startswith("_")}


def faq_list(db: Database, published_only: bool = False) -> list[dict]:
    """Entries, stale ones first, then the most recently updated."""
    t = faq_entries
    stmt = select(t).order_by(t.c.stale.desc(), t.c.updated_at.desc(), t.c.id.desc())
    if published_only:
        stmt = stmt.where(t.c.status == "published", t.c.stale.is_(False))
    with db.begin() as conn:
        return [_entry(r) for r in conn.execute(stmt).mappings().all()]


def faq_get(db: Database, entry_id: int) -> Optional[dict]:
    with db.begin() as conn:
        row = conn.execute(select(faq_entries).where(faq_entries.c.id == entry_id)).mappings().first()
    return _entry(row) if row else None


def faq_create(db: Database, question: str, variants: list[str], answer: str, citations: list[dict],
               generations: dict[str, str], status: str = "draft", from_answer_id: str | None = None,
               now: float | None = None) -> int:
    now = time.time() if now is None else now
    with db.begin() as conn:
        got = conn.execute(insert(faq_entries).values(
            question=question, variants=_j(variants), answer=answer, citations=_j(citations),
            generations=_j(generations), status=status, stale=False, broken="[]", from_answer_id=from_answer_id,
            created_at=now, updated_at=now).returning(faq_entries.c.id))
        return int(got.scalar_one())


def faq_update(db: Database, entry_id: int, now: float | None = None, **fields) -> bool:
    values = {}
    for name in ("question", "answer", "status"):
        if fields.get(name) is not None:
            values[name] = fields[name]
    for name in ("variants", "citations", "generations", "broken"):
        if fields.get(name) is not None:
            values[name] = _j(fields[name])
    if "stale" in fields and fields["stale"] is not None:
        values["stale"] = bool(fields["stale"])
    values["updated_at"] = time.time() if now is None else now
    with db.begin() as conn:
        return (conn.execute(update(faq_entries).where(faq_entries.c.id == entry_id).values(**values))
                .rowcount or 0) == 1


def faq_delete(db: Database, entry_id: int) -> bool:
    with db.begin() as conn:
        return (conn.execute(delete(faq_entries).where(faq_entries.c.id == entry_id)).rowcount or 0) == 1


def faq_version(db: Database) -> tuple:
    """Changes whenever an entry is added, edited, removed or marked stale (instances poll it)."""
    t = faq_entries
    with db.begin() as conn:
        n, last, top = conn.execute(select(func.count(), func.max(t.c.updated_at), func.max(t.c.id))).one()
    return (n, last, top)


def mark_stale(db: Database, live: dict[str, str]) -> list[int]:
    """Entries citing a report that is gone or was replaced (its generation is not the one
    checked) become stale, with the citations that broke. Returns their ids."""
    marked = []
    for e in faq_list(db):
        if e["stale"]:
            continue
        gens = e["_generations"]
        broken = []
        for i, c in enumerate(e["citations"]):
            rid = c.get("report_id")
            if rid not in live:
                broken.append({"citation": i, "report_id": rid, "reason": "removed"})
            elif gens.get(rid) and gens[rid] != live[rid]:
                broken.append({"citation": i, "report_id": rid, "reason": "replaced"})
        if broken:
            faq_update(db, e["id"], stale=True, broken=broken)
            marked.append(e["id"])
    return marked


# -- exports -------------------------------------------------------------------------------------

def _cite_line(c: dict) -> str:
    return f"《{c.get('agency', '')}{c.get('year', '')}年报》{c.get('section', '')}：{c.get('text', '')}"


def export(entries: Iterable[dict], fmt: str) -> str:
    """The published FAQ for a portal page: ``md``, ``csv`` or ``json``."""
    entries = [public(e) for e in entries]
    if fmt == "json":
        keep = ("id", "question", "variants", "answer", "citations", "updated")
        return json.dumps([{k: e[k] for k in keep} for e in entries], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["id", "question", "variants", "answer", "sources", "updated"])
        for e in entries:
            w.writerow([e["id"], e["question"], " | ".join(e["variants"]), e["answer"],
                        " | ".join(_cite_line(c) for c in e["citations"]), e["updated"]])
        return buf.getvalue()
    if fmt == "md":
        out = ["# 常见问题", ""]
        for e in entries:
            out += [f"## {e['question']}", "", e["answer"], ""]
            out += ["来源："] + [f"- {_cite_line(c)}" for c in e["citations"]] + [""]
        return "\n".join(out)
    raise ValueError(f"unknown format {fmt!r} (md, csv or json)")
