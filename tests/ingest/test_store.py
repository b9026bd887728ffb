"""The real embedded Chroma store: ingest, re-ingest, remove, interrupted ingest."""

from __future__ import annotations

import pytest

from ingest.parser import parse_file
from ingest.store import Store
from tests.conftest import SAMPLE


@pytest.fixture()
def store(embedder, tmp_path):
    from govqa.settings import Settings

    return Store(Settings(home=tmp_path, model_dir=embedder.model_path.parent), embedder)


def test_ingest_is_idempotent_and_remove_removes(store):
    report = parse_file(SAMPLE)
    n = store.add_report(report)
    first = store.all_chunks()
    assert len(first) == n and all(c["report_id"] == report.report_id for c in first)
    store.add_report(report)  # the same report again replaces it
    assert len(store.all_chunks()) == n
    assert [r["report_id"] for r in store.reports()] == [report.report_id]
    assert store.get_report(report.report_id).values == report.values
    assert store.remove(report.report_id)
    assert store.reports() == [] and store.all_chunks() == []


class _FailingEmbedder:
    """Fails after the first batch: an ingest interrupted half-way."""

    def __init__(self, real):
        self.real, self.calls = real, 0

    def embed_passages(self, texts):
        self.calls += 1
        if self.calls > 1:
            raise OSError(28, "No space left on device")
        return self.real.embed_passages(texts)


def test_interrupted_ingest_leaves_the_store_as_it_was(store, embedder):
    report = parse_file(SAMPLE)
    store.add_report(report)
    before = sorted(c["id"] for c in store.all_chunks())
    changed = parse_file(SAMPLE)
    changed.values["requests.new.total"] = 999
    store.embedder = _FailingEmbedder(embedder)
    with pytest.raises(OSError):
        store.add_report(changed)
    store.embedder = embedder
    assert sorted(c["id"] for c in store.all_chunks()) == before
    assert store.get_report(report.report_id).values["requests.new.total"] == 8


def test_kill_during_ingest_leaves_only_invisible_leftovers(store, embedder):
    """A process killed between writing chunks and the commit record: readers
    never see the half-written generation and a sweep removes it."""
    report = parse_file(SAMPLE)
    chunks_col, _ = store._collections()
    chunks_col.add(ids=["orphan#dead#0"], embeddings=[embedder.embed_passages(["x"])[0]], documents=["x"],
                   metadatas=[{"report_id": report.report_id, "gen": "dead", "kind": "prose", "agency": "a",
                               "year": 2020, "section": "", "subsection": "", "keys": "", "position": 0}])
    assert store.all_chunks() == [] and store.reports() == []
    assert store.sweep() == 1


def test_sweep_spares_a_generation_still_being_written(store, embedder):
    """Another process's ingest in progress has chunks but no commit yet: a
    start-up sweep with an age floor leaves them; old leftovers go."""
    import time

    chunks_col, _ = store._collections()
    vec = embedder.embed_passages(["x"])[0]
    base = {"report_id": "r", "kind": "prose", "agency": "a", "year": 2020, "section": "", "subsection": "",
            "keys": "", "position": 0}
    chunks_col.add(ids=["r#new#0", "r#old#0"], embeddings=[vec, vec], documents=["x", "x"],
                   metadatas=[{**base, "gen": "new", "written_at": int(time.time())},
                              {**base, "gen": "old", "written_at": int(time.time()) - 7200}])
    assert store.sweep(min_age_s=3600) == 1
    assert chunks_col.get(ids=["r#new#0"])["ids"] == ["r#new#0"]
    assert store.sweep() == 1


def test_table_rows_share_one_vector_per_row_text(store, embedder, tmp_path):
    """Rows embed their words without numbers: one vector per row text for all reports."""
    from bot.retriever import HybridRetriever
    from ingest.chunks import build_chunks

    first = parse_file(SAMPLE)
    n = store.add_report(first)
    rows = [c for c in build_chunks(first) if c.kind == "table_row"]
    chunks_col, _ = store._collections()
    assert chunks_col.count() == n - len(rows)                  # rows hold no vector of their own
    labels = store._labels.count()
    assert labels == len({c.embed_text(first) for c in rows})
    retriever = HybridRetriever(store, embedder)
    retriever.search("部分公开", k=3)
    block = retriever._blocks[(first.report_id, store.live_generations()[first.report_id])]

    copy = tmp_path / "copy.txt"
    copy.write_text(SAMPLE.read_text(encoding="utf-8").replace("泉州台商投资区规划建设与交通运输局", "泉州测试副本局"),
                    encoding="utf-8")
    second = parse_file(copy)
    assert store.add_report(second) == n
    assert store._labels.count() == labels and chunks_col.count() == 2 * (n - len(rows))
    # a dense hit on a label stands for that row of each report in scope
    hits = store.dense_search(embedder.embed_query("部分公开的申请有多少件"), 5, report_ids=[second.report_id])
    assert {h["report_id"] for h in hits} == {second.report_id}
    row = next(h for h in hits if h["kind"] == "table_row" and "部分公开" in h["text"])
    assert row["id"].startswith(second.report_id + "#") and "requests.partial.total" in row["keys"]
    # the BM25 index added the second report without tokenising the first again
    found = retriever.search("泉州测试副本局 部分公开", k=3)
    assert found[0]["report_id"] == second.report_id
    assert retriever._blocks[(first.report_id, store.live_generations()[first.report_id])] is block
    store.remove(first.report_id)
    assert {d["report_id"] for d in retriever.search("部分公开", k=10)} == {second.report_id}
    # re-ingested too: more blocks dropped than live, so the vocabulary is compacted to the
    # words live reports use, numbered without gaps
    import numpy as np

    store.add_report(second)
    assert retriever.search("泉州测试副本局 部分公开", k=3)[0]["report_id"] == second.report_id
    used = np.unique(np.concatenate([b.terms for _, b in retriever._blocks.values()]))
    assert retriever._dropped == 0 and sorted(retriever._vocab.values()) == list(range(len(used)))


def test_facts_are_stored_packed_and_plain_json_still_reads(store):
    """The commit record's document is deflated JSON (Chroma indexes every
    document for trigram search; plain JSON made writes slow down as the store
    grew). A store written before, with plain JSON, still reads."""
    import json

    report = parse_file(SAMPLE)
    store.add_report(report)
    _, reports_col = store._collections()
    doc = reports_col.get(ids=[report.report_id], include=["documents"])["documents"][0]
    assert doc.startswith("z:") and len(doc) < len(json.dumps(report.to_dict(), ensure_ascii=False))
    assert store.get_report(report.report_id).values == report.values
    meta = reports_col.get(ids=[report.report_id], include=["metadatas"])["metadatas"][0]
    reports_col.update(ids=[report.report_id], embeddings=[[1.0]], documents=[json.dumps(report.to_dict(), ensure_ascii=False)],
                       metadatas=[meta])
    store._rows.clear()
    assert store.get_report(report.report_id).values == report.values
    assert len(store.rows_of([report.report_id])) == sum(1 for c in store.all_chunks() if c["kind"] == "table_row")


def test_chunks_by_id_reads_passages_and_rebuilt_rows_and_skips_dead_ones(store):
    report = parse_file(SAMPLE)
    store.add_report(report)
    chunks = store.all_chunks()
    passage = next(c for c in chunks if c["kind"] != "table_row")
    row = next(c for c in chunks if c["kind"] == "table_row")
    got = store.chunks_by_id([row["id"], passage["id"], "nope#x#1"])
    assert [g and g["id"] for g in got] == [row["id"], passage["id"], None]
    assert got[0]["text"] == row["text"] and got[1]["text"] == passage["text"]
    store.add_report(report)  # a new generation: the old ids are dead
    assert store.chunks_by_id([row["id"], passage["id"]]) == [None, None]
