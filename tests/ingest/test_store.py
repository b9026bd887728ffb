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
