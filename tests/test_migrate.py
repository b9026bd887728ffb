"""``govqa migrate --to-chroma URL --to-database URL`` (govqa/migrate.py): an embedded
single-machine installation (a store and a SQLite database under GOVQA_HOME) moved onto
a real ``chroma run`` server and a real PostgreSQL, as a person runs it (a process of its
own). The copy answers the same questions with the same citations, a conversation begun
before the move continues after it, and running the command again copies nothing twice."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import SAMPLE

FIRST, FOLLOW_UP = "规建交局2020年新收多少申请？", "其中部分公开多少？"


@pytest.fixture(scope="module")
def installation(embedder, tmp_path_factory):
    """An embedded installation: the sample and a second report, one conversation."""
    from govqa.db import Database
    from govqa.settings import Settings
    from tests.support.services import fresh_service

    home = tmp_path_factory.mktemp("single_machine")
    svc = fresh_service(embedder, home)
    svc.ingest_file(SAMPLE)
    other = home / "other.txt"
    other.write_text(SAMPLE.read_text(encoding="utf-8").replace("泉州台商投资区规划建设与交通运输局", "泉州迁移测试局"),
                     encoding="utf-8")
    svc.ingest_file(other)
    first = svc.ask(FIRST)
    assert not first["refused"]
    svc.db.close()
    return {"home": home, "service": svc, "session": first["session_id"], "first": first}


@pytest.fixture()
def chroma(tmp_path):
    from tests.support.chroma_server import ChromaServer

    with ChromaServer(tmp_path / "chroma") as server:
        yield server


@pytest.fixture()
def target_db(pg_server):
    """A new database in the session's PostgreSQL server."""
    import psycopg

    name = f"migrate_{os.getpid()}_{os.urandom(3).hex()}"
    with psycopg.connect(f"host=127.0.0.1 port={pg_server.port} user=postgres dbname=postgres",
                         autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return pg_server.url.rsplit("/", 1)[0] + f"/{name}"


def _migrate(home, *args) -> subprocess.CompletedProcess:
    from govqa.settings import get_settings

    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVQA_")}
    env.update(GOVQA_HOME=str(home), GOVQA_MODEL_DIR=str(get_settings().resolved_model_dir), HF_HUB_OFFLINE="1")
    return subprocess.run([sys.executable, "-m", "govqa.cli", "migrate", *args], capture_output=True, text=True,
                          timeout=300, env=env)


def test_migrate_moves_reports_and_conversations_onto_a_chroma_server_and_postgresql(installation, chroma,
                                                                                    target_db, embedder):
    from bot.service import GovQAService
    from govqa.db import Database
    from govqa.settings import Settings
    from ingest.store import Store

    proc = _migrate(installation["home"], "--to-chroma", chroma.url, "--to-database", target_db)
    assert proc.returncode == 0, proc.stderr
    assert "reports: 2 copied" in proc.stdout and "0 already there" in proc.stdout, proc.stdout
    assert "table conversations: 1 of 1 rows written" in proc.stdout, proc.stdout

    source = installation["service"]
    settings = Settings(home=installation["home"].parent / "cluster_instance", model_dir=embedder.model_path.parent,
                        chroma_url=chroma.url, database_url=target_db)
    moved = GovQAService(settings, embedder, Store(settings, embedder), db=Database.from_settings(settings))
    assert moved.store.reports() == source.store.reports()
    assert moved.store.live_generations() == source.store.live_generations()
    assert sorted(c["id"] for c in moved.store.all_chunks()) == sorted(c["id"] for c in source.store.all_chunks())
    again = moved.ask(FIRST)
    assert again["answer"] == installation["first"]["answer"]
    assert again["citations"] == installation["first"]["citations"]
    assert not moved.ask("泉州迁移测试局2020年新收多少申请？")["refused"]
    assert moved.search("政府信息公开工作机构地址", k=3)  # passages with their vectors: dense search works
    follow = moved.ask(FOLLOW_UP, session_id=installation["session"])  # the conversation moved with it
    assert follow["refused"] is False and "6" in follow["answer"], follow["answer"]
    moved.db.close()

    rerun = _migrate(installation["home"], "--to-chroma", chroma.url, "--to-database", target_db)
    assert rerun.returncode == 0, rerun.stderr
    assert "reports: 0 copied (0 chunks), 2 already there" in rerun.stdout, rerun.stdout
    assert "table conversations: 0 of 1 rows written" in rerun.stdout, rerun.stdout


def test_migrate_refuses_bad_targets_with_one_line(installation, tmp_path):
    assert _migrate(installation["home"]).returncode == 2
    bad = _migrate(installation["home"], "--to-chroma", "localhost:8000")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "http://host:port" in bad.stderr
    down = _migrate(installation["home"], "--to-chroma", "http://127.0.0.1:9")
    assert down.returncode == 1 and "not reachable" in down.stderr and down.stderr.count("\n") == 1
    empty = _migrate(tmp_path / "nothing", "--to-chroma", "http://127.0.0.1:9")
    assert empty.returncode == 2 and "no store to copy" in empty.stderr
