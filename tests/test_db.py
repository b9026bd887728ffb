"""The shared-state database (govqa/db.py) and its migrations: one set of contract
tests run unchanged against a real SQLite file and a real PostgreSQL server (Debian's,
started in a temporary folder; skipped where it is not installed). Two ``Database``
objects on one URL stand for two instances."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid

import pytest
from sqlalchemy import create_engine, inspect, text

from govqa.db import (CONVERSATION_TTL_S, Database, DatabaseUnavailable, conversations, metadata, rate_limits,
                      wechat_messages)
from tests.support import postgres

TABLES = {"govqa_meta", "conversations", "wechat_messages", "wechat_aliases", "wechat_pending", "rate_limits",
          "alembic_version", "question_log", "feedback", "faq_entries"}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """An empty database: a new SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state' / 'govqa.db'}"
    server = request.getfixturevalue("pg_server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server.url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def two(url):
    """Two instances' views of one migrated database."""
    a, b = Database(url, secret="s3cret"), Database(url, secret="s3cret")
    a.upgrade()
    yield a, b
    a.close()
    b.close()


# -- migrations -------------------------------------------------------------------------------


def test_migrations_create_the_schema_on_an_empty_database_and_are_idempotent(url):
    db = Database(url)
    assert db.revision() is None
    assert db.upgrade() == "0002"
    assert set(inspect(db.engine).get_table_names()) == TABLES
    assert db.upgrade() == "0002"  # again: nothing to do, nothing lost
    db.save_conversation("s", {"years": [2020]})
    assert Database(url).upgrade() == "0002" and db.conversation("s") == {"years": [2020]}


def test_the_migration_and_the_tables_the_code_uses_agree(url):
    """What govqa/db.py declares is what govqa/migrations creates (no drift)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    db = Database(url)
    db.upgrade()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_instances_starting_together_migrate_once(url):
    """Several processes running the migrations on one empty database at once: all
    succeed (SQLite: the write lock first; PostgreSQL: an advisory lock)."""
    code = "import sys; from govqa.db import Database; print(Database(sys.argv[1]).upgrade())"
    procs = [subprocess.Popen([sys.executable, "-c", code, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [e for _, e in outs]
    assert {o.strip() for o, _ in outs} == {"0002"}


def test_govqa_db_upgrade_command(tmp_path):
    env = {"GOVQA_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-m", "govqa.cli", "db", "upgrade"], capture_output=True, text=True,
                              env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert "at revision 0002" in proc.stdout
    assert (tmp_path / "home" / "govqa.db").is_file()


# -- what the instances share -------------------------------------------------------------------


def test_a_conversation_saved_by_one_instance_is_read_by_another(two):
    a, b = two
    a.save_conversation("sess-1", {"agencies": ["甲局"], "years": [2020], "is_figure": True})
    assert b.conversation("sess-1") == {"agencies": ["甲局"], "years": [2020], "is_figure": True}
    b.save_conversation("sess-1", {"agencies": ["乙局"]})
    assert a.conversation("sess-1") == {"agencies": ["乙局"]}
    assert a.conversation("other") is None
    assert b.conversation("sess-1", now=time.time() + CONVERSATION_TTL_S + 1) is None
    with a.engine.connect() as conn:
        ids = [r.id for r in conn.execute(conversations.select())]
    assert ids and "sess-1" not in ids and all(len(i) == 64 for i in ids)


def test_the_request_limit_holds_across_instances_under_concurrency(two):
    """16 threads on two instances, 10 requests each, limit 25: exactly 25 pass."""
    a, b = two
    allowed = []

    def client(db):
        for _ in range(10):
            allowed.append(db.hit("ask", "203.0.113.7", 25) == 0)

    threads = [threading.Thread(target=client, args=(a if i % 2 else b,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(allowed) == 160 and sum(allowed) == 25
    wait = a.hit("ask", "203.0.113.7", 25)
    assert 0 < wait <= 60
    with a.engine.connect() as conn:
        assert "203.0.113.7" not in {r.client for r in conn.execute(rate_limits.select())}


def test_a_message_is_claimed_by_exactly_one_delivery_across_instances(two):
    a, b = two
    key = a.hash("wechat", "msg", "oUser\x1fmsg:77")
    got = []

    def deliver(db):
        got.append(db.claim_message(key, ttl=60))

    threads = [threading.Thread(target=deliver, args=(a if i % 2 else b,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(d for d, _ in got) == list(range(1, 13))
    assert {w for _, w in got} == {key}
    a.finish(key, "答复")
    assert b.reply(key) == (key, "答复")
    a.remember_pending("u", key)
    takes = [b.take_pending("u", 600), a.take_pending("u", 600)]
    assert takes.count(key) == 1 and takes.count(None) == 1  # "继续" gets it once


def test_instances_without_a_secret_agree_on_the_keyed_hash(url):
    a = Database(url)
    a.upgrade()
    b = Database(url)
    assert a.hash("x") == b.hash("x") != Database(url, secret="other").hash("x")
    assert a.hash("x") != a.hash("y") and len(a.hash("x")) == 64


def test_old_rows_are_purged(two):
    a, _ = two
    now = time.time()
    a.save_conversation("old", {}, now=now - CONVERSATION_TTL_S - 10)
    a.save_conversation("new", {}, now=now)
    a.claim_message("m-old", 60, now=now - 7200)
    a.hit("ask", "1.2.3.4", 5, now=now - 600)
    assert a.purge(now=now) == 3
    assert a.count(conversations) == 1 and a.count(wechat_messages) == 0 and a.count(rate_limits) == 0


# -- faults ----------------------------------------------------------------------------------------


def test_an_unreachable_database_is_one_clear_error_without_the_password():
    port = postgres.free_port()
    db = Database(f"postgresql+psycopg://govqa:hunter2@127.0.0.1:{port}/govqa")
    with pytest.raises(DatabaseUnavailable) as err:
        db.upgrade()
    message = str(err.value)
    assert "\n" not in message and "hunter2" not in message
    assert f"127.0.0.1:{port}" in message and "not reachable" in message
    with pytest.raises(DatabaseUnavailable):
        db.conversation("s")  # during a request: the same error, never a driver's


def test_a_database_that_comes_back_is_used_again_without_a_new_object(pg_server, tmp_path):
    """PostgreSQL stopped and started: the same Database (pool_pre_ping) works again."""
    db = Database(pg_server.url, secret="s")
    db.upgrade()
    db.save_conversation("kept", {"years": [2021]})
    pg_server.stop()
    try:
        with pytest.raises(DatabaseUnavailable):
            db.conversation("kept")
    finally:
        pg_server.start()
    assert db.conversation("kept") == {"years": [2021]}


def test_work_whose_instance_stopped_is_taken_over_by_exactly_one_delivery(two):
    """A message's work is heard of through heartbeats; once none came for the lease,
    one delivery (on any instance) takes it over; retries do not refresh the lease."""
    a, b = two
    now = time.time()
    key = a.hash("wechat", "msg", "oGone\x1fmsg:5")
    a.claim_message(key, 60, now=now - 10)  # claimed 10 s ago by an instance that stopped
    b.claim_message(key, 60, now=now - 1)  # a retry since: not a heartbeat
    assert not a.take_over(key, lease=30, now=now)  # within a longer lease: still the owner's
    results = []
    threads = [threading.Thread(target=lambda db=db: results.append(db.take_over(key, lease=3, now=now)))
               for db in (a, b, a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, False, False, True]
    b.heartbeat(key, now=now + 5)
    assert not a.take_over(key, lease=3, now=now + 6)  # the new owner is alive
    b.finish(key, "答")
    assert not a.take_over(key, lease=3, now=now + 100)  # answered: nothing to take over
