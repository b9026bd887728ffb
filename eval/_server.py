"""Start the real service for a benchmark: ``govqa ingest`` then ``govqa serve``
in subprocesses, on a free loopback port, with GOVQA_HOME in a temporary folder
(never the user's store) and the embedding model shared from the current
settings' model dir. Used by ``eval.bench_load`` and ``eval.wechat_replay --serve``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "govqa" / "sample" / "2020_qzts_ghjsjtj.txt"
CORPUS = ROOT.parent / "shared" / "corpus"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def report_files(corpus: Path | None) -> list[Path]:
    """The bundled sample plus every ``20*.txt`` report in ``corpus`` (when it exists)."""
    files = [SAMPLE]
    if corpus is not None and corpus.is_dir():
        files += [f for f in sorted(corpus.glob("20*.txt")) if f.name != SAMPLE.name]
    return files


def _env(home: Path, extra: dict[str, str]) -> dict[str, str]:
    from govqa.settings import get_settings

    env = dict(os.environ)
    env.update({
        "GOVQA_HOME": str(home),
        "GOVQA_MODEL_DIR": str(get_settings().resolved_model_dir),  # the built model, not a rebuild
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "PYTHONUNBUFFERED": "1",
    })
    for k in ("GOVQA_CHROMA_URL", "GOVQA_LLM_URL"):  # embedded store, no LLM: measure GovQA itself
        env.pop(k, None)
    env.update(extra)
    return env


@dataclass
class Running:
    url: str
    pid: int
    home: Path


@contextmanager
def running_service(extra_env: dict[str, str] | None = None, corpus: Path | None = CORPUS,
                    home: Path | None = None, quiet: bool = False, ready_timeout: float = 300) -> Iterator[Running]:
    """Yields the URL and pid of a freshly started ``govqa serve`` over the sample
    and corpus reports. ``home``: reuse this GOVQA_HOME (ingest only when it has
    no store yet) instead of a temporary one."""
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    temp = home is None
    home = Path(tempfile.mkdtemp(prefix="govqa-bench-")) if temp else home
    home.mkdir(parents=True, exist_ok=True)
    env = _env(home, extra_env or {})
    cli = [sys.executable, "-m", "govqa.cli"]
    proc = None
    log = (home / "serve.log").open("wb")
    try:
        if not (home / "chroma").exists():
            files = report_files(corpus)
            say(f"ingesting {len(files)} reports into {home} …")
            t0 = time.monotonic()
            done = subprocess.run([*cli, "ingest", *map(str, files)], env=env, cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if done.returncode != 0:
                raise RuntimeError("govqa ingest failed:\n" + done.stdout.decode("utf-8", "replace")[-2000:])
            say(f"ingested in {time.monotonic() - t0:.0f} s")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen([*cli, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-sample"],
                                env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        t0 = time.monotonic()
        while True:
            if proc.poll() is not None:
                log.flush()
                tail = (home / "serve.log").read_text("utf-8", "replace")[-2000:]
                raise RuntimeError(f"govqa serve exited with {proc.returncode}:\n{tail}")
            if time.monotonic() - t0 > ready_timeout:
                raise RuntimeError(f"govqa serve not ready after {ready_timeout:.0f} s")
            try:
                if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        say(f"service ready at {url} (pid {proc.pid}) in {time.monotonic() - t0:.0f} s")
        yield Running(url, proc.pid, home)
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
        if temp:
            shutil.rmtree(home, ignore_errors=True)



@dataclass
class RunningCluster:
    url: str  # nginx
    folder: Path
    env: dict

    def instance_pids(self) -> list[int]:
        return [int(self.env[f"INSTANCE{i}_PID"]) for i in range(1, int(self.env["INSTANCES"]) + 1)]

    def set_instances(self, n: int) -> None:
        """Send nginx's requests to the first ``n`` instances only (the others marked
        ``down`` in the generated nginx.conf, then a reload), waiting until it applies."""
        import re
        import signal

        conf = self.folder / "nginx" / "nginx.conf"
        lines = conf.read_text().splitlines()
        k = 0
        for j, line in enumerate(lines):
            if re.match(r"\s*server 127\.0\.0\.1:\d+ ", line):
                k += 1
                line = line.replace(" down;", ";")
                lines[j] = line.replace(";", " down;", 1) if k > n else line
        conf.write_text("\n".join(lines) + "\n")
        os.kill(int(self.env["NGINX_PID"]), signal.SIGHUP)
        time.sleep(1.5)  # new workers take over; the old ones finish their connections


@contextmanager
def running_cluster(extra_env: dict[str, str] | None = None, corpus: Path | None = CORPUS, instances: int = 2,
                    quiet: bool = False) -> Iterator[RunningCluster]:
    """``scripts/cluster.sh`` (PostgreSQL, chroma run, ``instances`` × govqa serve, nginx)
    in a temporary folder, the sample and corpus reports ingested into its Chroma server;
    stopped and removed afterwards."""
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    folder = Path(tempfile.mkdtemp(prefix="govqa-bench-cluster-"))
    env = _env(folder / "unused-home", extra_env or {})
    env.update({"GOVQA_CLUSTER_INSTANCES": str(instances),
                "GOVQA_CLUSTER_REPORTS": " ".join(str(f) for f in report_files(corpus))})
    script = ROOT / "scripts" / "cluster.sh"
    try:
        say(f"starting the cluster in {folder} (ingesting {len(report_files(corpus))} reports) …")
        t0 = time.monotonic()
        done = subprocess.run(["bash", str(script), "start", str(folder)], env=env, cwd=ROOT,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError("cluster.sh start failed:\n" + done.stderr[-3000:])
        values = dict(line.partition("=")[::2] for line in (folder / "cluster.env").read_text().splitlines())
        say(f"cluster ready at {values['URL']} in {time.monotonic() - t0:.0f} s")
        yield RunningCluster(values["URL"], folder, values)
    finally:
        subprocess.run(["bash", str(script), "stop", str(folder)], cwd=ROOT, stdin=subprocess.DEVNULL,
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
