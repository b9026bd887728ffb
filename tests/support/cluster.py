"""The real local cluster of ``scripts/cluster.sh`` (PostgreSQL, ``chroma run``, N
``govqa serve`` instances, nginx round-robin in front), driven from tests and benchmarks.

    with Cluster.temporary(env={"GOVQA_ASK_RATE_PER_MINUTE": "200"}) as c:
        c.url                     # nginx
        c.instance_url(2)         # one instance directly
        c.client("127.0.0.5")     # an httpx.Client whose requests come from 127.0.0.5
        c.kill_instance(2)        # kill -9
        c.restart_postgres()

:func:`missing` names what is not installed (nginx, PostgreSQL, curl), for a skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

import httpx

from tests.support import postgres

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "cluster.sh"


def missing() -> list[str]:
    """What the cluster needs and this machine lacks."""
    out = []
    if not (shutil.which("nginx") or os.access("/usr/sbin/nginx", os.X_OK)):
        out.append("nginx (apt-get install nginx-light)")
    if not postgres.available():
        out.append("PostgreSQL (apt-get install postgresql)")
    if not shutil.which("curl"):
        out.append("curl")
    return out


class Cluster:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.env: dict[str, str] = {}

    # -- lifecycle ------------------------------------------------------------------------
    def start(self, env: dict[str, str] | None = None, timeout: float = 300) -> "Cluster":
        run_env = {**os.environ, **(env or {})}
        t0 = time.monotonic()
        proc = subprocess.run(["bash", str(SCRIPT), "start", str(self.folder)], env=run_env, cwd=ROOT,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
        if proc.returncode:
            raise RuntimeError(f"cluster.sh start failed ({proc.returncode}):\n{proc.stderr[-3000:]}\n"
                               f"{self.log_tails()}")
        self.started_in = time.monotonic() - t0
        self.env = self._read_env()
        return self

    def stop(self) -> None:
        subprocess.run(["bash", str(SCRIPT), "stop", str(self.folder)], cwd=ROOT, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=120)

    def status(self) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(SCRIPT), "status", str(self.folder)], cwd=ROOT,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)

    @classmethod
    @contextlib.contextmanager
    def temporary(cls, env: dict[str, str] | None = None) -> Iterator["Cluster"]:
        """A cluster in a new folder under /tmp (the postgres user cannot enter pytest's
        root-only temporary folders), stopped and removed afterwards."""
        folder = Path(tempfile.mkdtemp(prefix="govqa-cluster-"))
        cluster = cls(folder)
        try:
            cluster.start(env)
            yield cluster
        finally:
            cluster.stop()
            shutil.rmtree(folder, ignore_errors=True)

    def _read_env(self) -> dict[str, str]:
        out = {}
        for line in (self.folder / "cluster.env").read_text().splitlines():
            k, _, v = line.partition("=")
            out[k] = v
        return out

    def log_tails(self, n: int = 1500) -> str:
        parts = []
        for p in sorted(self.folder.rglob("*.log")):
            try:
                parts.append(f"--- {p.relative_to(self.folder)}\n{p.read_text(errors='replace')[-n:]}")
            except OSError:
                pass
        return "\n".join(parts)

    # -- what runs where --------------------------------------------------------------------
    @property
    def url(self) -> str:
        return self.env["URL"]

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    @property
    def chroma_url(self) -> str:
        return self.env["CHROMA_URL"]

    @property
    def admin_key(self) -> str:
        return self.env["ADMIN_KEY"]

    @property
    def n(self) -> int:
        return int(self.env["INSTANCES"])

    def instance_port(self, i: int) -> int:
        return int(self.env[f"INSTANCE{i}_PORT"])

    def instance_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.instance_port(i)}"

    def instance_of(self, response: httpx.Response) -> int:
        """Which instance answered a request made through nginx (its X-GovQA-Upstream)."""
        upstream = response.headers["x-govqa-upstream"].split(",")[-1].strip()
        port = int(upstream.rsplit(":", 1)[1])
        return next(i for i in range(1, self.n + 1) if self.instance_port(i) == port)

    def client(self, source: str = "127.0.0.1", timeout: float = 30) -> httpx.Client:
        """Requests from this loopback address (nginx sees it as the client's)."""
        return httpx.Client(base_url=self.url, timeout=timeout,
                            transport=httpx.HTTPTransport(local_address=source))

    # -- faults -------------------------------------------------------------------------------
    def kill_instance(self, i: int) -> None:
        """kill -9 instance ``i`` (the pid cluster.sh recorded)."""
        pid = int(self.env[f"INSTANCE{i}_PID"])
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            try:  # it is cluster.sh's orphan: reaped by init, or a zombie until then
                if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
                    break
            except OSError:
                break
            time.sleep(0.05)

    def restart_postgres(self) -> float:
        """``pg_ctl restart -m fast`` as the postgres user; returns the seconds it took."""
        cmd = [postgres._bin("pg_ctl"), "-D", self.env["PG_DATA"], "-m", "fast", "-w", "-l",
               str(self.folder / "pg" / "server.log"), "-o",
               f"-p {self.env['PG_PORT']} -k {self.folder / 'pg'} -c listen_addresses=127.0.0.1", "restart"]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        t0 = time.monotonic()
        subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True, timeout=60)
        return time.monotonic() - t0
