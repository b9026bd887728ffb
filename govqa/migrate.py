"""Move an installation onto a cluster: ``govqa migrate --to-chroma URL --to-database URL``.

The source is what the current settings name (an embedded single-machine store under
``GOVQA_HOME``, the SQLite database beside it, or whatever ``GOVQA_CHROMA_URL`` and
``GOVQA_DATABASE_URL`` say); the targets a Chroma server and a database (PostgreSQL)
that the cluster's instances will use.

Reports: copied as stored, not parsed again and not embedded again. For each report a
reader sees, its live generation's passage chunks (text, metadata and vector) are
written to the server, then its commit record (the facts, the prose, the live
generation), the same single write an ingest ends with (``ingest/store.py``): a copy
cut short leaves the target as it was for that report, and running the command again
copies what is missing (a report whose generation is already there is skipped). Row
label vectors are copied first. The old ids of renamed reports and the leftovers of
interrupted ingests are not copied. The facts index is a cache every instance rebuilds.

State: every table of the database (conversations, WeChat message state, request
limits, and whatever later migrations add: the question log, feedback, the FAQ) is
copied row by row into the target, migrated to the same revision first; rows the target
already has (same key) are kept. The key of the keyed hashes (``govqa_meta``) is the
source's, so a conversation copied is found under the same session id: run the command
before the cluster's instances start, and give them the source's ``GOVQA_STATE_SECRET``
(or ``GOVQA_ADMIN_KEY``) if it had one.
"""

from __future__ import annotations

from typing import Callable

BATCH = 256
ROWS = 1000
SKIP_TABLES = {"alembic_version"}


def _batches(n: int, size: int):
    for i in range(0, n, size):
        yield slice(i, i + size)


def copy_reports(source, target, say: Callable[[str], None] = lambda _: None) -> dict:
    """Copy every visible report of Store ``source`` into Store ``target`` (see the module
    docstring). Returns {"copied", "skipped", "chunks", "labels"}."""
    s_chunks, s_reports = source._collections()
    t_chunks, t_reports = target._collections()
    s_labels, t_labels = source._labels, target._labels

    # row-label vectors: shared by every report's table rows, so first
    labels = 0
    got = s_labels.get(include=["embeddings", "documents"])
    have = set(t_labels.get(ids=got["ids"], include=[])["ids"]) if got["ids"] else set()
    todo = [i for i, lid in enumerate(got["ids"]) if lid not in have]
    for part in _batches(len(todo), BATCH):
        idx = todo[part]
        t_labels.upsert(ids=[got["ids"][i] for i in idx], embeddings=[list(got["embeddings"][i]) for i in idx],
                        documents=[got["documents"][i] for i in idx])
        labels += len(idx)

    live = source._live(refresh=True)
    target_live = target._live(refresh=True)
    copied = skipped = chunks = 0
    for rid in sorted(live):
        gen = live[rid]["gen"]
        if target_live.get(rid, {}).get("gen") == gen:
            skipped += 1
            continue
        part_chunks = s_chunks.get(where={"gen": gen}, include=["embeddings", "documents", "metadatas"])
        ids = [i for i, m in zip(part_chunks["ids"], part_chunks["metadatas"]) if m.get("report_id") == rid]
        keep = [k for k, m in enumerate(part_chunks["metadatas"]) if m.get("report_id") == rid]
        for sl in _batches(len(keep), BATCH):
            idx = keep[sl]
            t_chunks.upsert(ids=[part_chunks["ids"][k] for k in idx],
                            embeddings=[list(part_chunks["embeddings"][k]) for k in idx],
                            documents=[part_chunks["documents"][k] for k in idx],
                            metadatas=[part_chunks["metadatas"][k] for k in idx])
        record = s_reports.get(ids=[rid], include=["embeddings", "documents", "metadatas"])
        meta = dict(record["metadatas"][0] or {})
        meta.pop("replaces", None)  # the old id it hid is not copied
        # the commit: the record naming the copied generation
        t_reports.upsert(ids=[rid], embeddings=[list(record["embeddings"][0])], documents=[record["documents"][0]],
                         metadatas=[meta])
        target._reports_cache = None
        # a generation the target held before for this id: no reader sees it any more
        target._delete_chunks_quietly(t_chunks, {"$and": [{"report_id": rid}, {"gen": {"$ne": gen}}]})
        copied += 1
        chunks += len(ids)
        say(f"report {rid}: {len(ids)} chunks")
    return {"copied": copied, "skipped": skipped, "chunks": chunks, "labels": labels}


def copy_state(source, target, say: Callable[[str], None] = lambda _: None) -> dict:
    """Copy every row of Database ``source`` into Database ``target`` (both migrated to
    the same revision). Returns {table: rows written}."""
    from sqlalchemy import MetaData, func, select, text

    from govqa.db import _insert

    s_meta, t_meta = MetaData(), MetaData()
    s_meta.reflect(source.engine)
    t_meta.reflect(target.engine)
    out: dict[str, int] = {}
    with source.begin() as s_conn, target.begin() as t_conn:
        for t_table in t_meta.sorted_tables:
            name = t_table.name
            if name in SKIP_TABLES or name not in s_meta.tables:
                continue
            s_table = s_meta.tables[name]
            cols = [c.name for c in t_table.columns if c.name in s_table.columns]
            rows = [dict(r._mapping) for r in s_conn.execute(select(*(s_table.c[c] for c in cols)))]
            count = select(func.count()).select_from(t_table)
            before = t_conn.execute(count).scalar_one()
            pk = [c.name for c in t_table.primary_key.columns]
            for sl in _batches(len(rows), ROWS):
                stmt = _insert(t_conn, t_table).values(rows[sl])
                if name == "govqa_meta":  # the source's hash key: its copied rows are found under it
                    stmt = stmt.on_conflict_do_update(index_elements=pk, set_={"value": stmt.excluded.value})
                elif pk:
                    stmt = stmt.on_conflict_do_nothing(index_elements=pk)
                t_conn.execute(stmt)
            written = t_conn.execute(count).scalar_one() - before  # new rows (a replaced meta value: 0)
            out[name] = written
            # an integer key a sequence hands out (PostgreSQL): past the copied rows
            if t_conn.dialect.name == "postgresql" and len(pk) == 1 and rows:
                seq = t_conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                     {"t": name, "c": pk[0]}).scalar()
                if seq:
                    top = t_conn.execute(select(func.max(t_table.c[pk[0]]))).scalar()
                    t_conn.execute(text("SELECT setval(:s, :v)"), {"s": seq, "v": int(top)})
            say(f"table {name}: {written} of {len(rows)} rows written")
    return out
