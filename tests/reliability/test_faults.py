"""Faults on the real service: `govqa serve` killed with SIGKILL, the disk full.

(a) `govqa serve` (a subprocess on a free port, GOVQA_HOME in a temporary
folder whose store holds the bundled sample) answers a flood of questions
while an admin uploads through POST /v1/reports, and is killed with SIGKILL
twice: a random moment into the upload of a new corpus report (seed printed;
GOVQA_TEST_SEED replays it), which lands while it is parsed or embedded; then
the moment the store's database file changes during the upload of a changed
version of the stored report, which is its chunk write just before the commit
record. After each restart the store opens; every report is fully there, its
facts equal to `govqa parse --json` of one version of its file (never a mix),
or absent; the chunks readers see are exactly the live reports'; and the
answers to a few questions are the ones given before the crash. The third
server then takes an upload.

(b) Disk full: `govqa ingest` of a changed copy of the stored report with
GOVQA_HOME on a tmpfs of a few MB that is full but for 64 KB (mounted here; we
run as root). Where mounting is not permitted the child gets an RLIMIT_FSIZE
instead (SIGXFSZ ignored, so writes fail with EFBIG); the test prints which
ran. Either way: exit status 1, one clear line on stderr, no traceback, and the
store unchanged (same report, same facts, same chunks, sqlite integrity ok).

No secret of the environment appears in anything the servers printed (their
log and uvicorn's access log).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import CORPUS, SAMPLE
from tests.fuzzing import ADMIN_KEY, LLM_KEY, WECHAT_AES_KEY, WECHAT_APPID, WECHAT_TOKEN, secret_leaks

UPLOAD = CORPUS / "2024_huaian_hongze-qu-renmin-zhengfu.txt"
SAMPLE_ID = "2020-泉州台商投资区规划建设与交通运输局"
UPLOAD_ID = "2024-淮安市洪泽区人民政府"
QUESTIONS = ["规建交局2020年新收多少政府信息公开申请？", "规建交局2020年部分公开多少件？",
             "规建交局2020年行政复议有多少件？", "规建交局2020年的联系电话是多少？", "明天会下雨吗？"]
READY_TIMEOUT = 240
CLI = [sys.executable, "-m", "govqa.cli"]

needs_corpus = pytest.mark.skipif(not UPLOAD.exists(), reason="../shared/corpus not beside the checkout")


def _env(home: Path) -> dict:
    from govqa.settings import get_settings

    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVQA_")}
    env.update(GOVQA_HOME=str(home), GOVQA_MODEL_DIR=str(get_settings().resolved_model_dir),
               GOVQA_ADMIN_KEY=ADMIN_KEY, GOVQA_WECHAT_TOKEN=WECHAT_TOKEN, GOVQA_WECHAT_AES_KEY=WECHAT_AES_KEY,
               GOVQA_WECHAT_APPID=WECHAT_APPID, GOVQA_LLM_KEY=LLM_KEY, GOVQA_ASK_RATE_PER_MINUTE="0",
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    return env


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    """`govqa serve --no-sample` on a free port; output to ``log``."""

    def __init__(self, home: Path, log: Path):
        self.home, self.log = home, log
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Serve":
        out = self.log.open("ab")
        self.proc = subprocess.Popen([*CLI, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--no-sample"],
                                     env=_env(self.home), stdout=out, stderr=subprocess.STDOUT)
        out.close()
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"govqa serve exited with {self.proc.returncode}:\n{self.log.read_text('utf-8', 'replace')[-3000:]}")
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"govqa serve not ready after {READY_TIMEOUT} s")
            time.sleep(0.2)

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Flood:
    """``clients`` threads asking QUESTIONS back to back until stopped."""

    def __init__(self, url: str, clients: int = 8):
        self.url, self.clients = url, clients
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.statuses: dict[int, int] = {}
        self.dropped = 0
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(clients)]

    def _run(self, i: int) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as c:
            n = i
            while not self.stop_event.is_set():
                try:
                    status = c.post("/v1/ask", json={"question": QUESTIONS[n % len(QUESTIONS)]}).status_code
                    with self.lock:
                        self.statuses[status] = self.statuses.get(status, 0) + 1
                except httpx.HTTPError:
                    with self.lock:
                        self.dropped += 1
                    time.sleep(0.05)
                n += 1

    def __enter__(self) -> "Flood":
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop_event.set()
        for t in self.threads:
            t.join(timeout=40)


def _answers(url: str) -> list[dict]:
    out = []
    with httpx.Client(base_url=url, timeout=60) as c:
        for q in QUESTIONS:
            r = c.post("/v1/ask", json={"question": q})
            assert r.status_code == 200, r.text
            body = r.json()
            out.append({k: body[k] for k in ("answer", "refused", "citations")})
    return out


def _facts(d: dict) -> dict:
    return {"report_id": d["report_id"], "agency": d["agency"], "year": d["year"], "template": d["template"],
            "values": d["values"], "blank": sorted(d["blank"]), "contacts": d["contacts"]}


def _store_state(url: str, variants: dict[str, list[dict]], must: set[str], may: set[str]) -> dict[str, int]:
    """The reports the restarted service lists: all of ``must``, any of
    ``may``, nothing else; each one's facts equal to one of its variants'
    `govqa parse --json` (never a mix). Returns report id → variant index."""
    found = {}
    with httpx.Client(base_url=url, timeout=60) as c:
        ids = {r["report_id"] for r in c.get("/v1/reports").json()}
        assert must <= ids and ids <= must | may, ids
        for rid in ids:
            one = c.get(f"/v1/reports/{rid}")
            assert one.status_code == 200
            facts = [_facts(v) for v in variants[rid]]
            assert _facts(one.json()) in facts, f"{rid}: facts equal to no version's govqa parse --json"
            found[rid] = facts.index(_facts(one.json()))
            hits = c.get("/v1/search", params={"q": "政府信息公开申请", "k": 5, "report_id": rid}).json()
            assert hits and all(h["report_id"] == rid for h in hits)
    return found


_INSPECT = r"""
import json, sys
from govqa.settings import Settings
from ingest.store import Store
store = Store(Settings(home=sys.argv[1]), None)
live = {r["report_id"]: r["n_chunks"] for r in store.reports()}
seen, ids = {}, []
for c in store.all_chunks():
    seen[c["report_id"]] = seen.get(c["report_id"], 0) + 1
    ids.append(c["id"])
print(json.dumps({"live": live, "seen": seen, "chunk_ids": sorted(ids), "stored": store._collections()[0].count(),
                  "values": {rid: store.get_report(rid).values for rid in live}}, ensure_ascii=False))
"""


def _inspect(home: Path) -> dict:
    """The store as a fresh process opens it (nothing held open here between
    the servers' runs): live reports, the chunks readers see, their values."""
    done = subprocess.run([sys.executable, "-c", _INSPECT, str(home)], env=_env(home), capture_output=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return json.loads(done.stdout)


def _visible_chunks_are_the_live_reports(home: Path) -> dict:
    """The chunks readers see are exactly the live generations' and number
    what each report record says (a killed write's leftovers stay invisible)."""
    state = _inspect(home)
    assert state["seen"] == state["live"], state
    return state


def _parse_json(paths: list[Path]) -> list[dict]:
    """`govqa parse FILE --json` of each file (in parallel)."""
    procs = [subprocess.Popen([*CLI, "parse", str(p), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=_env(Path("/nonexistent"))) for p in paths]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=180)
        assert p.returncode == 0, stderr.decode("utf-8", "replace")[-1000:]
        out.append(json.loads(stdout))
    return out


CARRIED_OVER = "二、上年结转政府信息公开申请数量 |\n0 |"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """The sample, the sample with one cell no question below cites changed
    (carried-over requests of natural persons 0 → 3), and the upload."""
    changed = tmp_path_factory.mktemp("changed") / SAMPLE.name
    text = SAMPLE.read_text(encoding="utf-8")
    assert CARRIED_OVER in text
    changed.write_text(text.replace(CARRIED_OVER, CARRIED_OVER[:-3] + "3 |", 1), encoding="utf-8")
    return {"sample": SAMPLE, "changed": changed, "upload": UPLOAD}


@pytest.fixture(scope="module")
def base_home(tmp_path_factory, files) -> tuple[Path, dict]:
    """A GOVQA_HOME whose store holds the bundled sample (`govqa ingest`),
    and `govqa parse --json` of each file (run meanwhile)."""
    home = tmp_path_factory.mktemp("faults") / "base"
    ingest = subprocess.Popen([*CLI, "ingest", str(SAMPLE)], env=_env(home), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    present = {k: f for k, f in files.items() if f.exists()}
    parsed = dict(zip(present, _parse_json(list(present.values()))))
    _, err = ingest.communicate(timeout=600)
    assert ingest.returncode == 0, err.decode("utf-8", "replace")[-2000:]
    assert parsed["changed"]["values"] != parsed["sample"]["values"]
    return home, parsed


def _db_signature(home: Path) -> tuple:
    sig = []
    for name in ("chroma.sqlite3", "chroma.sqlite3-wal", "chroma.sqlite3-journal"):
        p = home / "chroma" / name
        try:
            st = p.stat()
            sig.append((name, st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            sig.append((name, None, None))
    return tuple(sig)


def _upload(client: httpx.Client, path: Path) -> httpx.Response:
    return client.post("/v1/reports", files={"file": (path.name, path.read_bytes(), "text/plain")},
                       headers={"Authorization": f"Bearer {ADMIN_KEY}"})


def _upload_in_background(url: str, path: Path) -> tuple[threading.Thread, dict]:
    result: dict = {}

    def run():
        try:
            with httpx.Client(base_url=url, timeout=300) as c:
                files = {"file": (path.name, path.read_bytes(), "text/plain")}
                result["status"] = c.post("/v1/reports", files=files,
                                          headers={"Authorization": f"Bearer {ADMIN_KEY}"}).status_code
        except httpx.HTTPError as exc:
            result["error"] = type(exc).__name__

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, result


@needs_corpus
def test_kill_9_during_upload_and_question_flood(base_home, files, tmp_path):
    base, parsed = base_home
    variants = {SAMPLE_ID: [parsed["sample"], parsed["changed"]], UPLOAD_ID: [parsed["upload"]]}
    home = tmp_path / "home"
    shutil.copytree(base, home)
    log = tmp_path / "serve.log"
    seed = int(os.environ.get("GOVQA_TEST_SEED") or random.randrange(1 << 30))
    rnd = random.Random(seed)
    print(f"GOVQA_TEST_SEED={seed}")
    kills = []

    # 1. a new report uploaded, killed a random moment in (parsing, embedding)
    with Serve(home, log) as s1:
        before = _answers(s1.url)
        from tests.fuzzing import signed_query

        assert httpx.get(s1.url + "/wechat", params={**signed_query(), "echostr": "e"}).text == "e"  # has an OpenID
        assert _store_state(s1.url, variants, {SAMPLE_ID}, set()) == {SAMPLE_ID: 0}
        with Flood(s1.url) as flood:
            time.sleep(0.5)
            uploader, result = _upload_in_background(s1.url, files["upload"])
            time.sleep(rnd.uniform(0.3, 2.5))
            kills.append({"kill": "random moment into a new report's upload", "upload done": not uploader.is_alive()})
            s1.kill9()
        uploader.join(timeout=30)
        assert flood.statuses.get(200, 0) > 0 and set(flood.statuses) == {200}, flood.statuses

    # 2. a changed version of the stored report, killed at its first write to the store
    with Serve(home, log) as s2:
        found = _store_state(s2.url, variants, {SAMPLE_ID}, {UPLOAD_ID})
        assert found[SAMPLE_ID] == 0
        kills[-1]["new report there after restart"] = UPLOAD_ID in found
        assert _answers(s2.url) == before
        with Flood(s2.url) as flood:
            time.sleep(0.3)
            sig = _db_signature(home)
            uploader, result = _upload_in_background(s2.url, files["changed"])
            deadline = time.monotonic() + 180
            while _db_signature(home) == sig and uploader.is_alive() and time.monotonic() < deadline:
                time.sleep(0.002)
            kills.append({"kill": "first write of a replacement to the store", "upload done": not uploader.is_alive()})
            s2.kill9()
        uploader.join(timeout=30)
        assert set(flood.statuses) == {200}, flood.statuses

    _visible_chunks_are_the_live_reports(home)
    with Serve(home, log) as s3:
        found = _store_state(s3.url, variants, {SAMPLE_ID}, {UPLOAD_ID})
        kills[-1]["version there after restart"] = ["old", "new"][found[SAMPLE_ID]]
        assert _answers(s3.url) == before  # the changed cell is in no answer's citation
        with httpx.Client(base_url=s3.url, timeout=300) as c:  # the store takes writes after two crashes
            assert _upload(c, files["sample"]).status_code == 201
        assert _store_state(s3.url, variants, {SAMPLE_ID}, {UPLOAD_ID})[SAMPLE_ID] == 0
        assert _answers(s3.url) == before
    _visible_chunks_are_the_live_reports(home)
    print("kills:", json.dumps(kills, ensure_ascii=False))

    text = log.read_text("utf-8", "replace")
    assert '"POST /v1/ask HTTP/1.1" 200' in text, "uvicorn's access log is not in the output"
    assert secret_leaks(text) == [], "a secret is in the service's output"
    # no query strings in the access log: WeChat's OpenIDs, staff search texts (_store_state searched)
    assert '"GET /wechat HTTP/1.1" 200' in text and "oFUZZ" not in text and "?q=" not in text
    assert "Traceback" not in text, text[-3000:]


# ---- (b) disk full ----------------------------------------------------------------------


def _mount_tmpfs(path: Path, size_kb: int) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)],
                              capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def test_disk_full_during_ingest_is_a_clear_error_and_changes_nothing(base_home, files, tmp_path):
    base_home, parsed = base_home
    changed = files["changed"]  # a new version of the stored report: chunks to write

    mount = tmp_path / "tmpfs"
    store_bytes = sum(f.stat().st_size for f in (base_home / "chroma").rglob("*") if f.is_file())
    # GOVQA_TEST_NO_TMPFS=1 tries the RLIMIT_FSIZE fallback where mounting works
    mounted = not os.environ.get("GOVQA_TEST_NO_TMPFS") and _mount_tmpfs(mount, store_bytes // 1024 + 2048)
    home = mount if mounted else tmp_path / "home"
    try:
        shutil.copytree(base_home / "chroma", home / "chroma")
        before = _inspect(home)
        preexec = None
        if mounted:
            st = os.statvfs(mount)
            free = st.f_bavail * st.f_frsize
            with (mount / "filler").open("wb") as f:
                f.write(b"\0" * max(0, free - 64 * 1024))
            how = f"tmpfs ({store_bytes // 1024 + 2048} KB, 64 KB left free)"
        else:
            limit = max(f.stat().st_size for f in (home / "chroma").rglob("*") if f.is_file()) + 64 * 1024

            def preexec():
                import resource

                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
            how = f"RLIMIT_FSIZE ({limit} bytes)"
        print(f"disk full simulated with {how}")
        done = subprocess.run([*CLI, "ingest", str(changed)], env=_env(home), capture_output=True, timeout=600,
                              preexec_fn=preexec)
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 1, (done.returncode, err[-2000:])
        assert "Traceback" not in err and "InternalError" not in err, err[-3000:]
        line = [x for x in err.splitlines() if x.startswith("govqa: ")]
        assert len(line) == 1 and "nothing was changed" in line[0], err[-1000:]
        # sqlite says "database or disk is full" on ENOSPC, "disk I/O error" on EFBIG
        assert ("disk is full" if mounted else "disk") in line[0], line[0]
        if mounted:
            (mount / "filler").unlink()

        # the store as it was: the old report and facts, the same chunks, a sound database
        after = _inspect(home)
        assert after["live"] == before["live"] == {SAMPLE_ID: before["live"][SAMPLE_ID]}
        assert after["values"] == before["values"] and after["values"][SAMPLE_ID] == parsed["sample"]["values"]
        assert after["chunk_ids"] == before["chunk_ids"]
        con = sqlite3.connect(home / "chroma" / "chroma.sqlite3")
        try:
            assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        finally:
            con.close()
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=30)


def test_upload_when_the_store_disk_is_full_is_507_with_a_clear_detail(tmp_path):
    """The HTTP side of (b): the store's write refused (sqlite's messages as
    Chroma raises them) → 507 and a clear detail, never a 500."""
    from fastapi.testclient import TestClient

    from api.main import create_app
    from tests.fuzzing import fuzz_settings

    class DiskFullService:
        def __init__(self, message: str):
            self.message = message

        def ingest_file(self, name, data):
            try:
                raise OSError(28, "No space left on device")
            except OSError as exc:
                raise RuntimeError(self.message) from exc if "full" in self.message else None

    for message in ("Query error: Database error: error returned from database: (code: 13) database or disk is full",
                    "Query error: Database error: error returned from database: (code: 778) disk I/O error"):
        app = create_app(fuzz_settings(tmp_path), service=DiskFullService(message))
        with TestClient(app, raise_server_exceptions=False) as c:
            r = c.post("/v1/reports", files={"file": ("r.txt", SAMPLE.read_bytes(), "text/plain")},
                       headers={"Authorization": f"Bearer {ADMIN_KEY}"})
        assert r.status_code == 507, r.text
        assert "nothing was changed" in r.json()["detail"]
