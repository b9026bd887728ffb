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


# ---- a report's identity corrected by staff (correct_identity) ---------------------------

from ingest.store import IdentityConflict, IdentityError, check_identity  # noqa: E402

OLD_ID = "2020-泉州台商投资区规划建设与交通运输局"
NEW_AGENCY = "厦门市翔安区交通运输局"
NEW_ID = f"2020-{NEW_AGENCY}"


def _state(store) -> tuple:
    """What readers see and what the store holds: live ids, every chunk id, every record id."""
    _, reports_col = store._collections()
    return (sorted(store.live_generations().items()), sorted(c["id"] for c in store.all_chunks()),
            sorted(reports_col.get()["ids"]))


def test_correct_identity_moves_the_report_to_its_new_id(store):
    report = parse_file(SAMPLE)
    store.add_report(report)
    n_chunks = len(store.all_chunks())
    new = store.correct_identity(OLD_ID, agency=f" {NEW_AGENCY} ")
    assert new.report_id == NEW_ID
    assert [r["report_id"] for r in store.reports()] == [NEW_ID]
    assert store.get_report(OLD_ID) is None and not store.remove(OLD_ID)
    stored = store.get_report(NEW_ID)
    assert stored.agency == NEW_AGENCY and stored.year == 2020
    assert stored.identity["agency_from"] == "given" and stored.identity["year_from"] == report.identity["year_from"]
    assert report.agency in stored.agency_variants
    assert stored.values == report.values and stored.contacts == report.contacts
    chunks = store.all_chunks()
    assert len(chunks) == n_chunks
    assert {c["report_id"] for c in chunks} == {NEW_ID} and {c["agency"] for c in chunks} == {NEW_AGENCY}
    contact = next(c for c in chunks if c["kind"] == "contact")
    assert contact["text"].startswith(NEW_AGENCY)
    # nothing of the old id is left in the collections, not even hidden
    chunks_col, reports_col = store._collections()
    assert reports_col.get(ids=[OLD_ID])["ids"] == []
    assert chunks_col.get(where={"report_id": OLD_ID})["ids"] == []
    # the year alone, then both: the provenance follows what was stated
    again = store.correct_identity(NEW_ID, year=2021)
    assert again.report_id == f"2021-{NEW_AGENCY}" and again.identity == {"agency_from": "given", "year_from": "given"}
    assert [r["report_id"] for r in store.reports()] == [again.report_id]
    back = store.correct_identity(again.report_id, agency=report.agency, year=2020)
    assert back.report_id == OLD_ID and NEW_AGENCY in back.agency_variants
    assert [r["report_id"] for r in store.reports()] == [OLD_ID]
    assert sorted(c["id"].split("#")[0] for c in store.all_chunks()) == [OLD_ID] * n_chunks


@pytest.fixture(scope="module")
def sample_store(embedder, tmp_path_factory):
    """A store holding the sample, for tests that must leave it unchanged."""
    from govqa.settings import Settings

    s = Store(Settings(home=tmp_path_factory.mktemp("sample_store"), model_dir=embedder.model_path.parent), embedder)
    s.add_report(parse_file(SAMPLE))
    return s


@pytest.mark.parametrize("agency,year,words", [
    (None, None, "state the agency"),
    (None, 1999, "2000 to"),
    (None, 2999, "2000 to"),
    (None, "二〇二〇", "whole number"),
    (None, True, "whole number"),
    (None, 2018, "upload the file again"),   # a 2019-template report read as pre-2019: tables read again
    ("a/b局", None, "cannot contain"),
    ("局#1", None, "cannot contain"),
    ("Transport Bureau", None, "Chinese name"),
    ("局" * 61, None, "longer than"),
])
def test_a_bad_statement_is_refused_and_nothing_changes(sample_store, agency, year, words):
    store = sample_store
    before = _state(store)
    with pytest.raises(IdentityError, match=words):
        store.correct_identity(OLD_ID, agency=agency, year=year)
    assert _state(store) == before
    assert store.get_report(OLD_ID).identity["agency_from"] != "given"


def test_check_identity_reads_what_people_type():
    assert check_identity(None, None) == (None, None)
    assert check_identity("", " ") == (None, None)             # empty form fields state nothing
    assert check_identity(" 沭阳县 发展和改革局\n", "2023") == ("沭阳县发展和改革局", 2023)
    assert check_identity(None, "2023年") == (None, 2023)
    assert check_identity(None, 2023) == (None, 2023)
    with pytest.raises(IdentityError):
        check_identity(None, 2023.0)


def test_correcting_to_another_reports_id_is_a_conflict(store):
    report = parse_file(SAMPLE)
    store.add_report(report)
    other = parse_file(SAMPLE, agency=NEW_AGENCY)
    store.add_report(other)
    before = _state(store)
    with pytest.raises(IdentityConflict):
        store.correct_identity(OLD_ID, agency=NEW_AGENCY)
    assert _state(store) == before
    assert store.correct_identity("2099-nobody", year=2020) is None


def test_an_interrupted_correction_leaves_the_store_as_it_was(store, embedder):
    store.add_report(parse_file(SAMPLE))
    before = _state(store)
    store.embedder = _FailingEmbedder(embedder)
    with pytest.raises(OSError):
        store.correct_identity(OLD_ID, agency=NEW_AGENCY)
    store.embedder = embedder
    assert _state(store) == before
    assert store.get_report(NEW_ID) is None and store.get_report(OLD_ID).agency != NEW_AGENCY


def test_a_correction_cut_short_after_its_commit_shows_only_the_new_id(store, monkeypatch):
    """Killed between the commit and deleting the old record: readers see the
    new id only; re-ingesting the new id keeps the old one hidden; a sweep
    deletes it; the old id ingested again later is a report like any other."""
    store.add_report(parse_file(SAMPLE))
    monkeypatch.setattr(store, "_drop_quietly", lambda marker: None)
    store.correct_identity(OLD_ID, agency=NEW_AGENCY)
    chunks_col, reports_col = store._collections()
    assert sorted(reports_col.get()["ids"]) == sorted([OLD_ID, NEW_ID])  # the old record is still there
    assert [r["report_id"] for r in store.reports()] == [NEW_ID]
    assert store.get_report(OLD_ID) is None and not store.remove(OLD_ID)
    assert {c["report_id"] for c in store.all_chunks()} == {NEW_ID}
    store.add_report(store.get_report(NEW_ID))  # the new id written again keeps hiding the old
    assert [r["report_id"] for r in store.reports()] == [NEW_ID]
    store.sweep()
    assert reports_col.get(ids=[OLD_ID])["ids"] == [] and chunks_col.get(where={"report_id": OLD_ID})["ids"] == []
    store.add_report(parse_file(SAMPLE))
    assert sorted(r["report_id"] for r in store.reports()) == sorted([OLD_ID, NEW_ID])
    assert store.get_report(OLD_ID) is not None


def test_removing_a_corrected_report_does_not_bring_back_its_old_id(store, monkeypatch):
    store.add_report(parse_file(SAMPLE))
    monkeypatch.setattr(store, "_drop_quietly", lambda marker: None)
    store.correct_identity(OLD_ID, agency=NEW_AGENCY)
    assert store.remove(NEW_ID)
    assert store.reports() == [] and store.all_chunks() == [] and store.get_report(OLD_ID) is None
