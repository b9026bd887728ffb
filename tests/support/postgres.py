"""A real PostgreSQL server (Debian's) in a temporary folder on a free loopback port.

    with PostgresServer(tmp_path / "pg") as pg:
        url = pg.url            # postgresql+psycopg://postgres@127.0.0.1:PORT/postgres
        pg.stop(); pg.start()   # a restart, same data

``initdb`` and ``pg_ctl`` refuse root: as root they run as the ``postgres`` user
(``runuser``) on a folder it owns. The server's output goes to a log file in the
folder (``-l``), never to the caller's pipes. :func:`available` says whether the
binaries are here (tests skip without them; ``apt-get install postgresql``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def available() -> bool:
    if not (_bin("initdb") and _bin("pg_ctl")):
        return False
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return False
        return shutil.which("runuser") is not None
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self, folder: Path | str, port: int | None = None):
        self.folder = Path(folder)
        self.port = port or free_port()
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 60) -> None:
        cmd = list(args)
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, timeout=timeout)
        if proc.returncode:
            raise subprocess.CalledProcessError(proc.returncode, cmd, stderr=proc.stderr)

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._run(_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")

    def start(self) -> None:
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self) -> None:
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    @classmethod
    @contextlib.contextmanager
    def temporary(cls) -> Iterator["PostgresServer"]:
        """A server in a new folder under /tmp (the ``postgres`` user cannot enter
        pytest's root-only temporary folders), removed afterwards."""
        folder = Path(tempfile.mkdtemp(prefix="govqa-pg-"))
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        try:
            with cls(folder / "pg") as server:
                yield server
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def __enter__(self) -> "PostgresServer":
        self.init()
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.stop()
        except subprocess.SubprocessError:
            pass
