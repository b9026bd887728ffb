"""The store against a real Chroma server (`chroma run` on a loopback port),
selected the way a deployment selects it: GOVQA_CHROMA_URL in the environment.

Ingest, idempotent re-ingest, remove, search and facts through the server; a
server killed with SIGKILL makes every store operation fail fast with
StoreUnavailable, and the same Store object works again once the server is
back on the same port and data folder. A hung server (SIGSTOP) is cut off by
the client timeouts instead of hanging the caller.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

import ingest.store as store_mod
from bot.retriever import HybridRetriever
from ingest.chunks import build_chunks
from ingest.parser import parse_file
from ingest.store import Store, StoreUnavailable
from tests.conftest import CORPUS, SAMPLE
from tests.support.chroma_server import ChromaServer

TABLE_REPORT = CORPUS / "2024_huaian_huaian-shi-renmin-zhengfu.txt"
FAIL_FAST_S = 5.0  # a refused connection must not take longer than this


def _corpus_files():
    if not TABLE_REPORT.is_file():
        pytest.fail(f"the shared corpus is missing: {TABLE_REPORT} (expected ../shared/corpus beside the checkout)")
    return [SAMPLE, TABLE_REPORT]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    with ChromaServer(tmp_path_factory.mktemp("chroma_server") / "data") as server:
        yield server


@pytest.fixture(scope="module")
def server_env(chroma_server, tmp_path_factory):
    """GOVQA_CHROMA_URL / GOVQA_HOME set as a deployment would; a Settings read
    from that environment."""
    from govqa.settings import Settings, get_settings

    mp = pytest.MonkeyPatch()
    mp.setenv("GOVQA_CHROMA_URL", chroma_server.url)
    mp.setenv("GOVQA_HOME", str(tmp_path_factory.mktemp("govqa_server_home")))
    mp.setenv("GOVQA_MODEL_DIR", str(get_settings().resolved_model_dir))
    settings = Settings()
    assert settings.chroma_url == chroma_server.url
    yield settings
    mp.undo()


@pytest.fixture(scope="module")
def loaded(server_env, embedder):
    """One Store over the server with the sample and a corpus report in it."""
    store = Store(server_env, embedder)
    reports = {}
    for f in _corpus_files():
        report = parse_file(f)
        assert store.add_report(report) == len(build_chunks(report))
        reports[report.report_id] = (f, report)
    return store, reports


def _chunks_of(store, report_id):
    return [c for c in store.all_chunks() if c["report_id"] == report_id]


def test_server_holds_reports_chunks_and_facts(loaded, server_env):
    store, reports = loaded
    # nothing was written under GOVQA_HOME: the server holds the store
    assert not server_env.chroma_path.exists()
    listed = {r["report_id"]: r for r in store.reports()}
    assert set(listed) == set(reports)
    for rid, (_, report) in reports.items():
        got = store.get_report(rid)
        assert got.values == report.values
        assert sorted(got.blank) == sorted(report.blank)
        assert got.contacts == report.contacts
        assert got.findings == report.findings
        chunks = _chunks_of(store, rid)
        assert len(chunks) == listed[rid]["n_chunks"] == len(build_chunks(report))
        assert sorted(c["text"] for c in chunks) == sorted(c.text for c in build_chunks(report))


def test_reingest_is_idempotent_on_the_server(loaded, embedder):
    store, reports = loaded
    rid = next(r for r, (f, _) in reports.items() if f == TABLE_REPORT)
    before = _chunks_of(store, rid)
    again = parse_file(TABLE_REPORT)
    assert again.report_id == rid  # a stable id
    t = time.perf_counter()
    assert store.add_report(again) == len(before)
    reingest_s = time.perf_counter() - t
    after = _chunks_of(store, rid)
    assert len(after) == len(before)  # replaced, not duplicated
    assert sorted(c["text"] for c in after) == sorted(c["text"] for c in before)
    assert {c["gen"] for c in after} != {c["gen"] for c in before}  # a new generation went live
    assert [r["report_id"] for r in store.reports()].count(rid) == 1
    # the old generation is gone from the server, not just hidden
    chunks_col, _ = store._collections()
    assert len(chunks_col.get(where={"report_id": rid})["ids"]) == sum(1 for c in before if c["kind"] != "table_row")
    # unchanged passages were not embedded again
    assert reingest_s < 10, f"re-ingesting an unchanged report took {reingest_s:.1f} s"


def test_search_finds_a_table_row_through_the_server(loaded, embedder):
    store, _ = loaded
    hits = HybridRetriever(store, embedder).search("淮安市人民政府2024年本年新收政府信息公开申请数量", k=5)
    rows = [h for h in hits if h["kind"] == "table_row" and h["report_id"] == "2024-淮安市人民政府"]
    assert rows, [h["text"][:60] for h in hits]
    assert any("本年新收" in h["text"] and "3119" in h["text"] for h in rows)
    dense = store.dense_search(embedder.embed_query("淮安市人民政府 本年新收 申请"), 5,
                               report_ids=["2024-淮安市人民政府"])
    assert dense and all(d["report_id"] == "2024-淮安市人民政府" for d in dense)


def test_remove_through_the_server(loaded, server_env, embedder):
    """Removed through one Store object, gone for another (a second instance
    behind the load balancer, reading the same server)."""
    writer, reports = loaded
    reader = Store(server_env, embedder)
    rid = parse_file(SAMPLE).report_id
    assert rid in {r["report_id"] for r in reader.reports()}
    assert writer.remove(rid)
    reports.pop(rid)
    time.sleep(2.1)  # the reader's report list is cached for 2 s in server mode
    assert rid not in {r["report_id"] for r in reader.reports()}
    assert reader.get_report(rid) is None
    assert _chunks_of(reader, rid) == []
    chunks_col, _ = writer._collections()
    assert chunks_col.get(where={"report_id": rid})["ids"] == []  # deleted, not only hidden
    assert writer.remove(rid) is False
    assert set(r["report_id"] for r in reader.reports()) == set(reports)


def test_correct_identity_through_the_server(loaded, server_env, embedder):
    """A report's identity corrected through one Store object: another reading
    the same server sees the new id only, and the old id's chunks are deleted."""
    writer, reports = loaded
    reader = Store(server_env, embedder)
    rid, agency = "2024-淮安市人民政府", "淮安市人民政府"
    new = writer.correct_identity(rid, agency="淮安市测试更正局")
    assert new.report_id == "2024-淮安市测试更正局" and new.identity["agency_from"] == "given"
    time.sleep(2.1)  # the reader's report list is cached for 2 s in server mode
    ids = {r["report_id"] for r in reader.reports()}
    assert new.report_id in ids and rid not in ids
    assert reader.get_report(rid) is None and reader.get_report(new.report_id).values == reports[rid][1].values
    chunks_col, _ = writer._collections()
    assert chunks_col.get(where={"report_id": rid})["ids"] == []
    assert {c["agency"] for c in _chunks_of(reader, new.report_id)} == {"淮安市测试更正局"}
    back = writer.correct_identity(new.report_id, agency=agency)
    assert back.report_id == rid
    time.sleep(2.1)
    assert {r["report_id"] for r in reader.reports()} == set(reports)


def _fails_fast(op, url):
    t = time.perf_counter()
    with pytest.raises(StoreUnavailable) as info:
        op()
    took = time.perf_counter() - t
    assert took < FAIL_FAST_S, f"{op} took {took:.1f} s to fail"
    assert url in str(info.value) and "not reachable" in str(info.value)


def test_killed_server_fails_fast_and_the_same_store_recovers(loaded, chroma_server, embedder):
    store, reports = loaded
    url = chroma_server.url
    rid = "2024-淮安市人民政府"
    vector = embedder.embed_query("本年新收政府信息公开申请")
    report = reports[rid][1]
    store.dense_search(vector, 3)  # the client and collections are cached now
    chroma_server.kill()  # SIGKILL: no clean shutdown
    try:
        _fails_fast(lambda: store.add_report(report), url)  # before embedding anything
        _fails_fast(lambda: store.reports(), url)
        _fails_fast(lambda: store.get_report(rid), url)
        _fails_fast(lambda: store.dense_search(vector, 3), url)
        _fails_fast(lambda: store.all_chunks(), url)
        _fails_fast(lambda: store.remove(rid), url)
        _fails_fast(lambda: store.version(), url)
        assert store.ping() is False
    finally:
        chroma_server.start()  # same port, same data folder
    # the very same Store object, no re-creation
    assert store.ping() is True
    assert {r["report_id"] for r in store.reports()} == set(reports)
    assert store.get_report(rid).values == reports[rid][1].values
    hits = store.dense_search(vector, 3, report_ids=[rid])
    assert hits and hits[0]["report_id"] == rid
    assert store.add_report(report) == len(build_chunks(report))
    assert len(_chunks_of(store, rid)) == len(build_chunks(report))
    assert store.sweep() == 0  # the failed writes left nothing behind


def test_hung_server_is_cut_off_by_the_client_timeout(tmp_path, embedder, monkeypatch):
    """SIGSTOP: the port accepts connections but nothing answers. Without a
    read timeout the client would wait forever (chromadb's default)."""
    from govqa.settings import Settings

    monkeypatch.setattr(store_mod, "HTTP_READ_TIMEOUT", 1.5)
    with ChromaServer(tmp_path / "data") as server:
        store = Store(Settings(home=tmp_path / "home", model_dir=embedder.model_path.parent,
                               chroma_url=server.url), embedder)
        assert store.ping()
        os.kill(server.proc.pid, signal.SIGSTOP)
        try:
            t = time.perf_counter()
            with pytest.raises(StoreUnavailable):
                store.get_report("2020-x")
            assert time.perf_counter() - t < 1.5 + FAIL_FAST_S
        finally:
            os.kill(server.proc.pid, signal.SIGCONT)
        assert store.get_report("2020-x") is None  # answers again, same object
