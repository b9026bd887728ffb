"""The database of shared state (``GOVQA_DATABASE_URL``; interface.md).

What one process used to keep in memory and every instance behind a load
balancer must see alike: conversations (a follow-up continues on any
instance), WeChat message state (a message delivered to two instances is
answered once; a retry gets the same answer) and the per-client request
limits. SQLite under ``GOVQA_HOME`` by default, PostgreSQL
(``postgresql+psycopg://…``) for several instances; SQLAlchemy Core, the schema
in Alembic migrations (``govqa/migrations``) run at start-up and by ``govqa db
upgrade``.

One ``Database`` per process, created once and handed to whoever needs it
(``api.deps.get_db``, ``GovQAService(db=…)``). Every failure of the database is
raised as ``DatabaseUnavailable`` (the HTTP service answers 503); connections
are checked before use (``pool_pre_ping``), so a database that comes back is
used again without a restart.

Nothing that identifies a person is stored in clear: client addresses,
OpenIDs, session ids and WeChat message ids are stored as a keyed hash
(HMAC-SHA256) under ``GOVQA_STATE_SECRET``, else ``GOVQA_ADMIN_KEY``, else a
random key the database keeps (instances sharing a database agree on it), and
rows are purged once they can no longer be used (``purge``).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import (Column, Float, Integer, MetaData, String, Table, Text, case, create_engine, delete,
                        event, select, text, update)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("govqa.db")

CONVERSATION_TTL_S = 24 * 3600  # a follow-up a day later starts afresh
WECHAT_KEEP_S = 3600  # WeChat rows (messages, question aliases, undelivered answers): their TTLs are minutes
RATE_WINDOW_S = 60.0  # the request limits' window, per client, starting at its first request
PG_LOCK_ID = 0x60_7A_DB  # advisory lock held while migrating (instances starting together)
SQLITE_BUSY_TIMEOUT_S = 5.0
CONNECT_TIMEOUT_S = 5

metadata = MetaData()

meta = Table(
    "govqa_meta", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
conversations = Table(
    "conversations", metadata,
    Column("id", String(64), primary_key=True),  # HMAC of the session id
    Column("state", Text, nullable=False),  # JSON: what a follow-up inherits (bot.service)
    Column("updated_at", Float, nullable=False, index=True),
)
wechat_messages = Table(
    "wechat_messages", metadata,
    Column("id", String(64), primary_key=True),  # HMAC of the MsgId (events: FromUserName + CreateTime)
    Column("work_id", String(64), nullable=False),  # the message whose reply answers this one (itself, usually)
    Column("deliveries", Integer, nullable=False),
    Column("reply", Text, nullable=True),  # NULL while the answer is being computed
    Column("created_at", Float, nullable=False, index=True),
    Column("updated_at", Float, nullable=False),
)
wechat_aliases = Table(  # the same question from the same user shares one answer for a minute
    "wechat_aliases", metadata,
    Column("id", String(64), primary_key=True),  # HMAC of OpenID + question
    Column("work_id", String(64), nullable=False),
    Column("created_at", Float, nullable=False, index=True),
)
wechat_pending = Table(  # an answer finished after the last delivery, kept for "继续"
    "wechat_pending", metadata,
    Column("id", String(64), primary_key=True),  # HMAC of the OpenID
    Column("work_id", String(64), nullable=False),
    Column("created_at", Float, nullable=False, index=True),
)
rate_limits = Table(
    "rate_limits", metadata,
    Column("scope", String(16), primary_key=True),  # "ask" (per address), "wechat" (per OpenID)
    Column("client", String(64), primary_key=True),  # HMAC of the address or OpenID
    Column("window_start", Float, nullable=False, index=True),
    Column("hits", Integer, nullable=False),
)


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or failed; the message is for users."""


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL is shown as given minus credentials
        return url.split("@")[-1]


def _reason(exc: BaseException) -> str:
    """The first line of a driver's error, without the SQL or the URL's password."""
    orig = getattr(exc, "orig", None) or exc
    lines = [ln.strip() for ln in str(orig).splitlines() if ln.strip()]
    return lines[0] if lines else type(orig).__name__


class Database:
    """The shared state over one SQLAlchemy engine (see the module docstring)."""

    def __init__(self, url: str, secret: str | None = None, busy_timeout_s: float = SQLITE_BUSY_TIMEOUT_S,
                 pool_size: int | None = None, max_overflow: int | None = None):
        self.url = url
        self.sqlite = url.startswith("sqlite")
        kwargs: dict = {"pool_pre_ping": True}
        if self.sqlite:
            path = make_url(url).database
            if path and path != ":memory:":
                try:
                    Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise DatabaseUnavailable(f"the database at {redact(url)} cannot be created: "
                                              f"{exc.strerror or exc}") from None
            # connections are cheap: one for each of the app's worker threads that may want one
            kwargs.update(connect_args={"timeout": busy_timeout_s}, pool_size=pool_size or 10,
                          max_overflow=40 if max_overflow is None else max_overflow)
        else:
            # a server's connections are not (PostgreSQL allows 100 by default): 20 per instance at most
            kwargs.update(connect_args={"connect_timeout": CONNECT_TIMEOUT_S}, pool_size=pool_size or 5,
                          max_overflow=15 if max_overflow is None else max_overflow, pool_timeout=CONNECT_TIMEOUT_S)
        try:
            self.engine = create_engine(url, **kwargs)
        except Exception as exc:  # noqa: BLE001 - a bad URL or a missing driver
            raise DatabaseUnavailable(f"GOVQA_DATABASE_URL {redact(url)} cannot be used: {_reason(exc)}") from None
        if self.sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._secret = secret
        self._key: bytes | None = None
        self._key_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings, migrate: bool = True) -> "Database":
        secret = None
        for value in (getattr(settings, "state_secret", None), getattr(settings, "admin_key", None)):
            if value is not None and value.get_secret_value():
                secret = value.get_secret_value()
                break
        db = cls(settings.resolved_database_url, secret=secret)
        if migrate:
            db.upgrade()
        return db

    def __repr__(self) -> str:
        return f"Database({redact(self.url)!r})"

    def close(self) -> None:
        self.engine.dispose()

    # -- connections and errors ------------------------------------------------------------
    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except DatabaseUnavailable:
            raise
        except SQLAlchemyError as exc:
            log.warning("database error: %s", _reason(exc))
            raise DatabaseUnavailable("the database is not available; please try again shortly") from None

    @contextlib.contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction; any database failure as DatabaseUnavailable."""
        with self._errors(), self.engine.begin() as conn:
            yield conn

    def check(self) -> None:
        """Raise DatabaseUnavailable with one clear line when the database cannot be reached."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            raise DatabaseUnavailable(f"the database at {redact(self.url)} is not reachable: {_reason(exc)}") from None

    def ping(self) -> bool:
        try:
            self.check()
            return True
        except DatabaseUnavailable:
            return False

    # -- schema --------------------------------------------------------------------------------
    def upgrade(self, revision: str = "head") -> Optional[str]:
        """Run the Alembic migrations up to ``revision`` (idempotent; instances starting
        together take turns) and return the revision the database is at."""
        from alembic.config import Config

        self.check()
        config = Config()
        config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        try:
            return self._upgrade(config, revision)
        except SQLAlchemyError as exc:
            raise DatabaseUnavailable(f"migrating the database at {redact(self.url)} failed: {_reason(exc)}") from None

    def _upgrade(self, config, revision: str) -> Optional[str]:
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            if self.sqlite:  # the write lock first: another process migrating waits here
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_ID})
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
            current = MigrationContext.configure(conn).get_current_revision()
            conn.commit()
        self._load_key()  # now, not on the event loop's first request
        return current

    def revision(self) -> Optional[str]:
        from alembic.runtime.migration import MigrationContext

        with self._errors(), self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    # -- keyed hashes ----------------------------------------------------------------------------
    def hash(self, *parts: str) -> str:
        """HMAC-SHA256 (hex) of ``parts``: how a person's identifiers are stored."""
        key = self._key or self._load_key()
        msg = "\x1f".join(parts).encode("utf-8", "surrogatepass")
        return hmac.new(key, msg, hashlib.sha256).hexdigest()

    def _load_key(self) -> bytes:
        with self._key_lock:
            if self._key is None:
                secret = self._secret or self._stored_secret()
                self._key = hmac.new(secret.encode(), b"govqa state v1", hashlib.sha256).digest()
            return self._key

    def _stored_secret(self) -> str:
        """A random key kept in the database, made once by whichever instance comes first."""
        with self.begin() as conn:
            conn.execute(_insert(conn, meta).values(name="hash_key", value=secrets.token_hex(32))
                         .on_conflict_do_nothing(index_elements=["name"]))
            return conn.execute(select(meta.c.value).where(meta.c.name == "hash_key")).scalar_one()

    # -- conversations ---------------------------------------------------------------------------
    def conversation(self, session_id: str, now: float | None = None) -> Optional[dict]:
        """The state a follow-up in ``session_id`` inherits, or None."""
        now = time.time() if now is None else now
        key = self.hash("session", session_id)
        with self.begin() as conn:
            raw = conn.execute(select(conversations.c.state).where(
                conversations.c.id == key, conversations.c.updated_at > now - CONVERSATION_TTL_S)).scalar()
        return json.loads(raw) if raw is not None else None

    def save_conversation(self, session_id: str, state: dict, now: float | None = None) -> None:
        now = time.time() if now is None else now
        key = self.hash("session", session_id)
        data = json.dumps(state, ensure_ascii=False, default=list)
        with self.begin() as conn:
            stmt = _insert(conn, conversations).values(id=key, state=data, updated_at=now)
            conn.execute(stmt.on_conflict_do_update(index_elements=["id"],
                                                    set_={"state": data, "updated_at": now}))

    # -- request limits --------------------------------------------------------------------------
    def hit(self, scope: str, client: str, limit: int, window: float = RATE_WINDOW_S,
            now: float | None = None) -> float:
        """Count one request of ``client`` in its current window (which starts at its
        first request and lasts ``window`` seconds): 0 when within ``limit``, else the
        seconds until the window ends. Atomic across instances (one UPSERT)."""
        if limit <= 0:
            return 0.0
        now = time.time() if now is None else now
        key = self.hash("client", scope, client)
        t = rate_limits
        with self.begin() as conn:
            stmt = _insert(conn, t).values(scope=scope, client=key, window_start=now, hits=1)
            expired = t.c.window_start <= now - window
            stmt = stmt.on_conflict_do_update(
                index_elements=["scope", "client"],
                set_={"window_start": case((expired, now), else_=t.c.window_start),
                      "hits": case((expired, 1), else_=t.c.hits + 1)},
            ).returning(t.c.hits, t.c.window_start)
            hits, started = conn.execute(stmt).one()
        if hits <= limit:
            return 0.0
        return max(1.0, started + window - now)

    # -- WeChat messages ---------------------------------------------------------------------------
    def claim_message(self, key: str, ttl: float, now: float | None = None) -> tuple[int, str]:
        """One delivery of message ``key`` (already hashed): ``(deliveries, work_id)``;
        deliveries == 1 means this delivery claimed it and must see it answered. A row
        older than ``ttl`` is a new message."""
        now = time.time() if now is None else now
        t = wechat_messages
        with self.begin() as conn:
            stale = t.c.created_at <= now - ttl
            stmt = _insert(conn, t).values(id=key, work_id=key, deliveries=1, reply=None, created_at=now,
                                           updated_at=now)
            stmt = stmt.on_conflict_do_update(index_elements=["id"], set_={
                "deliveries": case((stale, 1), else_=t.c.deliveries + 1),
                "work_id": case((stale, key), else_=t.c.work_id),
                "reply": case((stale, None), else_=t.c.reply),
                "created_at": case((stale, now), else_=t.c.created_at),
                "updated_at": case((stale, now), else_=t.c.updated_at),  # the work's heartbeat, not the retries'
            }).returning(t.c.deliveries, t.c.work_id)
            deliveries, work_id = conn.execute(stmt).one()
        return deliveries, work_id

    def set_work(self, key: str, work_id: str) -> None:
        """Message ``key`` is answered by ``work_id``'s reply (an identical question, "继续")."""
        with self.begin() as conn:
            conn.execute(update(wechat_messages).where(wechat_messages.c.id == key).values(work_id=work_id))

    def finish(self, work_id: str, reply: str, now: float | None = None) -> None:
        """The reply of ``work_id`` (every message attached to it gets it)."""
        now = time.time() if now is None else now
        with self.begin() as conn:
            conn.execute(update(wechat_messages).where(wechat_messages.c.id == work_id)
                         .values(reply=reply, updated_at=now))

    def heartbeat(self, work_id: str, now: float | None = None) -> None:
        """The instance computing ``work_id`` is alive (see ``take_over``)."""
        now = time.time() if now is None else now
        t = wechat_messages
        with self.begin() as conn:
            conn.execute(update(t).where(t.c.id == work_id, t.c.reply.is_(None)).values(updated_at=now))

    def take_over(self, key: str, lease: float, now: float | None = None) -> bool:
        """Claim the work of message ``key`` when whoever computed it has not been heard
        of for ``lease`` seconds (its instance stopped): True for exactly one caller."""
        now = time.time() if now is None else now
        t = wechat_messages
        with self.begin() as conn:
            done = conn.execute(update(t).where(t.c.id == key, t.c.work_id == key, t.c.reply.is_(None),
                                                t.c.updated_at < now - lease).values(updated_at=now))
            return done.rowcount == 1

    def reply(self, key: str) -> tuple[Optional[str], Optional[str]]:
        """``(work_id, reply)`` of message ``key``; reply None while it is computed."""
        m, w = wechat_messages.alias("m"), wechat_messages.alias("w")
        with self.begin() as conn:
            row = conn.execute(select(m.c.work_id, w.c.reply).select_from(
                m.outerjoin(w, w.c.id == m.c.work_id)).where(m.c.id == key)).first()
        return (row[0], row[1]) if row else (None, None)

    def alias_work(self, alias: str, ttl: float, now: float | None = None) -> Optional[str]:
        """The work of an identical recent question (``alias`` hashed), or None."""
        now = time.time() if now is None else now
        with self.begin() as conn:
            return conn.execute(select(wechat_aliases.c.work_id).where(
                wechat_aliases.c.id == alias, wechat_aliases.c.created_at > now - ttl)).scalar()

    def set_alias(self, alias: str, work_id: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self.begin() as conn:
            stmt = _insert(conn, wechat_aliases).values(id=alias, work_id=work_id, created_at=now)
            conn.execute(stmt.on_conflict_do_update(index_elements=["id"],
                                                    set_={"work_id": work_id, "created_at": now}))

    def forget_alias(self, alias: str) -> None:
        with self.begin() as conn:
            conn.execute(delete(wechat_aliases).where(wechat_aliases.c.id == alias))

    def remember_pending(self, user: str, work_id: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self.begin() as conn:
            stmt = _insert(conn, wechat_pending).values(id=user, work_id=work_id, created_at=now)
            conn.execute(stmt.on_conflict_do_update(index_elements=["id"],
                                                    set_={"work_id": work_id, "created_at": now}))

    def take_pending(self, user: str, ttl: float, now: float | None = None) -> Optional[str]:
        """The work of ``user``'s undelivered answer, removed (only one "继续" gets it)."""
        now = time.time() if now is None else now
        t = wechat_pending
        with self.begin() as conn:
            return conn.execute(delete(t).where(t.c.id == user, t.c.created_at > now - ttl)
                                .returning(t.c.work_id)).scalar()

    def has_pending(self, user: str, ttl: float, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        with self.begin() as conn:
            return conn.execute(select(wechat_pending.c.id).where(
                wechat_pending.c.id == user, wechat_pending.c.created_at > now - ttl)).first() is not None

    # -- upkeep ---------------------------------------------------------------------------------------
    def purge(self, now: float | None = None) -> int:
        """Delete rows no one can use any more; returns how many."""
        now = time.time() if now is None else now
        removed = 0
        with self.begin() as conn:
            for stmt in (
                delete(conversations).where(conversations.c.updated_at < now - CONVERSATION_TTL_S),
                delete(wechat_messages).where(wechat_messages.c.created_at < now - WECHAT_KEEP_S),
                delete(wechat_aliases).where(wechat_aliases.c.created_at < now - WECHAT_KEEP_S),
                delete(wechat_pending).where(wechat_pending.c.created_at < now - WECHAT_KEEP_S),
                delete(rate_limits).where(rate_limits.c.window_start < now - 2 * RATE_WINDOW_S),
            ):
                removed += conn.execute(stmt).rowcount or 0
        return removed

    def count(self, table: Table, *where) -> int:
        """Rows of ``table`` (tests and checks)."""
        from sqlalchemy import func

        stmt = select(func.count()).select_from(table)
        with self.begin() as conn:
            return conn.execute(stmt.where(*where) if where else stmt).scalar_one()


def _insert(conn: Connection, table: Table):
    """INSERT with ON CONFLICT for the connection's dialect (SQLite or PostgreSQL)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    """WAL: readers never wait for the writer; NORMAL: a commit is not an fsync (WAL keeps it safe
    against a process crash; a power cut may lose the last transactions: conversations, limits)."""
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
    finally:
        cur.close()


# the question log, feedback and FAQ tables (issue 16) are part of the schema: declared beside it
from govqa import records as _records  # noqa: E402,F401


def open_database(settings) -> Database:
    """The settings' database, reachable and migrated; DatabaseUnavailable otherwise."""
    return Database.from_settings(settings, migrate=True)
