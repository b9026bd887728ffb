"""A real Chroma server (``chroma run``) as a subprocess on a free loopback port.

    with ChromaServer(tmp_path / "chroma") as server:
        os.environ["GOVQA_CHROMA_URL"] = server.url
        ...
        server.kill()      # SIGKILL, like a crashed server
        server.restart()   # same port, same data folder

Used by the server-mode store tests and by anything else that needs one.
The ``chroma`` CLI is the one installed beside this Python (chromadb's entry
point); when it is missing, :func:`chroma_cli` raises with a clear message
instead of letting a test skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HEARTBEAT = "/api/v2/heartbeat"


class ChromaCLIMissing(RuntimeError):
    pass


def chroma_cli() -> str:
    """Path of the ``chroma`` executable installed with chromadb."""
    beside = Path(sys.executable).parent / "chroma"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("chroma")
    if found:
        return found
    raise ChromaCLIMissing(
        f"the `chroma` CLI was not found beside {sys.executable} nor on PATH; "
        "install the project with `pip install -e .` (chromadb provides it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    """Start / stop / kill / restart one ``chroma run`` process."""

    def __init__(self, path: Path | str, port: int | None = None, host: str = "127.0.0.1",
                 startup_timeout: float = 30.0):
        self.path = Path(path)
        self.host = host
        self.port = port or free_port()
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen | None = None
        self.log_path = self.path.parent / f"chroma-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> "ChromaServer":
        if self.proc is not None and self.proc.poll() is None:
            return self
        self.path.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
        self.proc = subprocess.Popen(
            [chroma_cli(), "run", "--path", str(self.path), "--host", self.host, "--port", str(self.port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        log.close()
        self.wait_ready()
        return self

    def alive(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + HEARTBEAT, timeout=1) as r:
                return r.status == 200
        except OSError:
            return False

    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.proc.returncode}; log:\n{self.log_tail()}")
            if self.alive():
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"chroma run did not answer {HEARTBEAT} within {self.startup_timeout:.0f} s; "
                           f"log:\n{self.log_tail()}")

    def log_tail(self, n: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL the server (no clean shutdown) and wait until the port is closed."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc = None
        self._wait_port_closed()

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 10 s."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None
        self._wait_port_closed()

    def restart(self) -> "ChromaServer":
        """A new process on the same port and data folder."""
        self.kill()
        return self.start()

    def _wait_port_closed(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex((self.host, self.port)) != 0:
                    return
            time.sleep(0.05)

    def __enter__(self) -> "ChromaServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
