"""A real `govqa ingest` of the corpus killed with SIGKILL mid-way.

The subprocess ingests the corpus reports into an embedded store under a
temporary GOVQA_HOME; once it has committed its first report the test kills
it with SIGKILL, which no handler can catch, either after a random delay
(seed printed; set GOVQA_TEST_SEED to replay), which mostly lands while the
next report is being embedded, or the moment the store's files change again,
which is the next report's chunk write, just before its commit record. A new Store object then opens the
store and shows that every report is either fully there (its facts equal to
the parser's output, its chunks equal to a fresh ingest's) or not there at
all, that the store answers, and that ingesting again works and sweeps what
the killed process left behind.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ingest.chunks import build_chunks
from ingest.parser import parse_file
from ingest.store import Store
from tests.conftest import CORPUS

FIRST_COMMIT_TIMEOUT_S = 300


def _corpus() -> list[Path]:
    files = sorted(CORPUS.glob("20*.txt"))
    if len(files) < 4:
        pytest.fail(f"the shared corpus is missing or incomplete at {CORPUS} (expected ../shared/corpus)")
    # smallest reports first: the first commit comes early, the rest is still to do
    return sorted(files, key=lambda f: len(build_chunks(parse_file(f))))


def _govqa_cmd() -> list[str]:
    script = Path(sys.executable).parent / "govqa"
    if script.is_file():
        return [str(script)]
    found = shutil.which("govqa")
    return [found] if found else [sys.executable, "-c", "from govqa.cli import main; main()"]


def _snapshot(folder: Path) -> dict:
    """Sizes and times of the store's files, SQLite's rollback journal left out
    (it appears when a write transaction starts, before anything is written)."""
    out = {}
    for p in folder.rglob("*"):
        if p.name.endswith("-journal"):
            continue
        try:
            st = p.stat()
        except FileNotFoundError:
            continue
        if not p.is_dir():
            out[p] = (st.st_size, st.st_mtime_ns)
    return out


def _wait_for_write(folder: Path, timeout: float) -> bool:
    """Poll (stat only: no lock on Chroma's SQLite file) until a file changes."""
    before = _snapshot(folder)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _snapshot(folder) != before:
            return True
        time.sleep(0.002)
    return False


@pytest.mark.parametrize("moment", ["random", "at_next_write"])
def test_kill_9_mid_ingest_leaves_whole_reports_or_none(tmp_path, embedder, moment):
    from govqa.settings import Settings, get_settings

    files = _corpus()
    expected = {}
    for f in files:
        report = parse_file(f)
        expected[report.report_id] = (f, report, build_chunks(report))
    home = tmp_path / "home"
    model_dir = get_settings().resolved_model_dir
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVQA_")}
    env.update(GOVQA_HOME=str(home), GOVQA_MODEL_DIR=str(model_dir), HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")

    seed = int(os.environ.get("GOVQA_TEST_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    print(f"kill test seed: {seed} (GOVQA_TEST_SEED={seed} replays the same delay)")

    proc = subprocess.Popen(_govqa_cmd() + ["ingest", *map(str, files)], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    committed: list[tuple[float, str]] = []  # (time, report_id) of each "ok" line
    first = threading.Event()

    def read_stdout():
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").split()
            if len(line) >= 2 and line[0] == "ok":
                committed.append((time.monotonic(), line[1]))
                first.set()

    reader = threading.Thread(target=read_stdout, daemon=True)
    reader.start()
    try:
        if not first.wait(FIRST_COMMIT_TIMEOUT_S):
            proc.kill()
            pytest.fail(f"govqa ingest committed nothing in {FIRST_COMMIT_TIMEOUT_S} s; stderr:\n"
                        f"{proc.stderr.read().decode(errors='replace')[-2000:]}")
        t0 = time.monotonic()
        if moment == "random":  # a random moment inside the reports still to come (each takes seconds)
            time.sleep(rng.uniform(0.0, 2.0))
        else:  # the next report's chunks reaching the store
            assert _wait_for_write(home / "chroma", 120), "the store was not written again within 120 s"
        killed_at = time.monotonic()
        delay = killed_at - t0
        assert proc.poll() is None, "govqa ingest finished before the kill: nothing was interrupted"
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.join(timeout=10)
    done_before_kill = {rid for t, rid in committed if t <= killed_at}
    print(f"killed {delay:.2f} s after the first commit; committed before: {sorted(done_before_kill)}")

    # -- a new Store object on what the killed process left ---------------------------
    settings = Settings(home=home, model_dir=model_dir)
    store = Store(settings, embedder)
    listed = {r["report_id"]: r for r in store.reports()}
    assert set(listed) <= set(expected), set(listed) - set(expected)
    assert done_before_kill <= set(listed), "a report printed as ingested is missing"
    assert len(listed) < len(files), "the kill came after the last report"
    live = store.all_chunks()
    for rid, (f, report, chunks) in expected.items():
        got_chunks = [c for c in live if c["report_id"] == rid]
        if rid not in listed:  # absent: nothing of it visible
            assert store.get_report(rid) is None
            assert got_chunks == [], f"{rid}: chunks of an uncommitted report are visible"
            continue
        got = store.get_report(rid)  # present: fact by fact the parser's output
        assert (got.agency, got.year, got.template) == (report.agency, report.year, report.template)
        assert got.values == report.values
        assert sorted(got.blank) == sorted(report.blank)
        assert got.signed == report.signed
        assert got.contacts == report.contacts
        assert got.findings == report.findings
        assert listed[rid]["n_chunks"] == len(chunks) == len(got_chunks)
        assert sorted((c["position"], c["text"], c["kind"]) for c in got_chunks) == \
            sorted((c.position, c.text, c.kind) for c in chunks)
    # readable: a query answers from what is there
    hits = store.dense_search(embedder.embed_query("本年新收政府信息公开申请数量"), 5)
    assert hits and {h["report_id"] for h in hits} <= set(listed)

    # -- ingesting again works and sweeps the killed process's leftovers ---------------
    chunks_col, _ = store._collections()
    stored = {rid: sum(1 for c in chunks if c.kind != "table_row") for rid, (_, _, chunks) in expected.items()}
    leftovers = len(chunks_col.get()["ids"]) - sum(stored[rid] for rid in listed)
    assert leftovers >= 0
    interrupted = next(rid for rid in expected if rid not in listed)  # the report being written
    f, report, chunks = expected[interrupted]
    assert store.add_report(parse_file(f)) == len(chunks)
    again = next(iter(listed))  # and one that was already there (replaced, not duplicated)
    assert store.add_report(parse_file(expected[again][0])) == len(expected[again][2])
    swept = store.sweep()  # leftovers of other reports (the re-ingest already replaced its own)
    print(f"chunks left by the killed process: {leftovers}; swept afterwards: {swept}")
    total = sum(len(expected[rid][2]) for rid in set(listed) | {interrupted})
    assert len(chunks_col.get()["ids"]) == sum(stored[rid] for rid in set(listed) | {interrupted})
    assert store.get_report(interrupted).values == report.values
    reopened = Store(settings, embedder)  # and once more from scratch
    assert {r["report_id"] for r in reopened.reports()} == set(listed) | {interrupted}
    assert len(reopened.all_chunks()) == total
