"""WeChat's 5-second deadline, its retries, and per-user rate limits.

How WeChat behaves (official docs, as quoted in node-webot/co-wechat#6 and
observed by the peers below):

- it waits 5 s for the passive reply, then drops the connection and sends the
  same message again; three deliveries in all (~15 s), the same MsgId each
  time (events: the same FromUserName + CreateTime);
- any response inside the window ends the retries: a reply XML is shown,
  ``success`` or an empty body shows nothing; no response at all after the
  third delivery shows "该公众号暂时无法提供服务，请稍后再试".

So the standard approach for a slow backend (zhayujie/CowAgent's
``channel/wechatmp/passive_reply.py``, bot-on-anything#170, dify_wechat_plugin)
is to use the whole ~15 s: the first delivery starts the work once; the first
and second deliveries *hold* their connection past WeChat's 5 s (answering
only if the answer arrives while the connection is still open) so that WeChat
retries; every retry attaches to the same work instead of starting it again;
the third delivery waits up to ``ANSWER_DEADLINE`` (< 5 s) and then answers in
time whatever it has: the answer, or a short "still working" notice. CowAgent's
known bug was releasing the early deliveries too soon (``sleep(2)`` then
``success``, which ends the retries with nothing shown; CowAgent#2481): here
they are never answered with an empty body while WeChat still waits.

An answer finished after the last delivery is not lost: it stays shared with
the same question from the same user (``TTL_SECONDS``) and as the user's undelivered answer
(``PENDING_TTL_SECONDS``), so re-sending the question or "继续" gets it without
computing it again.

All of it lives in the database (govqa/db.py), so any number of instances act
as one: a message's first delivery claims its row atomically (one UPSERT; a
delivery reaching another instance counts itself on the same row and waits for
the reply there), the reply is stored on the row of the work that computed it,
and the question aliases and undelivered answers are rows too. The work itself
runs in the instance that claimed the message; a delivery waiting in that same
instance awaits it directly, one elsewhere reads the row every ``poll`` seconds.
While it computes, that instance touches the row every ``lease / 3`` seconds; a
retry that finds the work silent for ``lease`` (its instance was killed) takes
it over, one delivery only (a conditional UPDATE), and computes it again.
OpenIDs, MsgIds and questions are stored as keyed hashes (``Database.hash``);
the per-OpenID limit is ``api.limits.RateLimit`` (scope ``wechat``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Optional

log = logging.getLogger("govqa.wechat")

# Module-level defaults; tests (or an operator) may change them before the
# first request, or put a ReplyCache with other values on app.state.
ANSWER_DEADLINE = 4.5  # the last expected delivery answers by then (WeChat gives 5 s)
HOLD_SECONDS = 12.0  # an earlier delivery holds at most this long (must exceed WeChat's 5 s)
MAX_DELIVERIES = 3  # WeChat's deliveries of one message (first + two retries)
TTL_SECONDS = 60.0  # how long a message's (or a question's) reply is kept
PENDING_TTL_SECONDS = 600.0  # how long an answer finished too late waits for "继续"
POLL_SECONDS = 0.1  # how often a holding delivery checks its client and the reply (work elsewhere)
LEASE_SECONDS = 3.0  # work not heard of for this long (its instance stopped) is taken over by a retry


@dataclass
class Entry:
    """One delivery of a message: its row (``key``), the work whose reply answers
    it (``work_id``: its own key unless it shares another message's work) and how
    many deliveries of it arrived, on every instance."""

    key: str
    work_id: str
    deliveries: int
    started_here: bool = False

    @property
    def first(self) -> bool:
        """This delivery claimed the message: it decides how it is answered."""
        return self.deliveries == 1


@dataclass
class Outcome:
    """What one delivery gets: ``text`` when the reply is ready, else None;
    ``gone`` when the client dropped the connection while holding."""

    text: Optional[str]
    last: bool
    gone: bool = False
    entry: Optional[Entry] = field(default=None, repr=False)


class ReplyCache:
    """Message state in the database, the timing of WeChat's deliveries here
    (see the module docstring). ``db`` is a ``govqa.db.Database``; the route binds
    the app's when a cache is made without one."""

    def __init__(
        self,
        db=None,
        deadline: float | None = None,
        hold: float | None = None,
        max_deliveries: int | None = None,
        ttl: float | None = None,
        pending_ttl: float | None = None,
        poll: float | None = None,
        lease: float | None = None,
    ) -> None:
        self.db = db
        self.lease = LEASE_SECONDS if lease is None else lease
        self.deadline = ANSWER_DEADLINE if deadline is None else deadline
        self.hold = HOLD_SECONDS if hold is None else hold
        self.max_deliveries = MAX_DELIVERIES if max_deliveries is None else max_deliveries
        self.ttl = TTL_SECONDS if ttl is None else ttl
        self.pending_ttl = PENDING_TTL_SECONDS if pending_ttl is None else pending_ttl
        self.poll = POLL_SECONDS if poll is None else poll
        self._tasks: "dict[str, asyncio.Future[str]]" = {}  # work running in this process, by work_id
        self.started = 0  # how many works this process started (for tests and metrics)

    def _hash(self, kind: str, value: str) -> str:
        return self.db.hash("wechat", kind, value)

    async def _db(self, method: str, *args):
        return await asyncio.to_thread(getattr(self.db, method), *args)

    # -- the first delivery decides -------------------------------------------------------

    async def arrive(self, message_key: str) -> Entry:
        """Count one delivery of ``message_key``; ``entry.first`` when it claimed the
        message (atomic across instances: exactly one delivery gets first)."""
        key = self._hash("msg", message_key)
        deliveries, work_id = await self._db("claim_message", key, self.ttl)
        return Entry(key=key, work_id=work_id, deliveries=deliveries)

    async def shared_work(self, alias: str) -> Optional[str]:
        """The work of an identical recent question (``alias``), if any."""
        return await self._db("alias_work", self._hash("alias", alias), self.ttl)

    async def attach(self, entry: Entry, work_id: str) -> None:
        """``entry`` is answered by ``work_id``'s reply (an identical question, "继续")."""
        entry.work_id = work_id
        await self._db("set_work", entry.key, work_id)

    async def put(self, entry: Entry, text: str) -> None:
        """A reply that needs no work (a notice): retries get the same text."""
        await self._db("finish", entry.key, text)

    async def start(self, entry: Entry, work: Callable[[], Awaitable[str]], alias: str | None = None) -> None:
        """Run ``work`` here, once, as ``entry``'s answer; identical questions within
        ``ttl`` (``alias``) share it."""
        entry.started_here = True
        self.started += 1
        if alias is not None:
            # before the work runs: a work that fails at once forgets its alias, and an alias
            # set after that would hand the failure to the next identical question
            await self._db("set_alias", self._hash("alias", alias), entry.key)
        self._tasks[entry.key] = asyncio.ensure_future(self._run(entry.key, work))

    async def _run(self, work_id: str, work: Callable[[], Awaitable[str]]) -> str:
        beat = asyncio.ensure_future(self._heartbeat(work_id))
        try:
            text = await work()
            try:
                await self._db("finish", work_id, text)
            except Exception as exc:  # the deliveries waiting here still get it
                log.warning("wechat: reply not stored (%s)", type(exc).__name__)
            return text
        finally:
            beat.cancel()
            self._tasks.pop(work_id, None)

    async def _heartbeat(self, work_id: str) -> None:
        """While the work runs, tell the other instances this one is alive."""
        while True:
            await asyncio.sleep(self.lease / 3)
            try:
                await self._db("heartbeat", work_id)
            except Exception:  # noqa: BLE001 - the database is down: retries may take over, at worst twice
                pass

    async def forget_alias(self, alias: str) -> None:
        """Stop sharing ``alias``'s work with later messages (e.g. it failed)."""
        await self._db("forget_alias", self._hash("alias", alias))

    # -- every delivery waits ----------------------------------------------------------------

    async def _reply(self, entry: Entry) -> Optional[str]:
        task = self._tasks.get(entry.work_id)
        if task is not None:  # computed in this process: no need to read the row until done
            return _result(task) if task.done() else None
        work_id, text = await self._db("reply", entry.key)
        if work_id:
            entry.work_id = work_id
        return text

    async def wait(
        self,
        entry: Entry,
        is_disconnected: Callable[[], Awaitable[bool]] | None = None,
        restart: Callable[[], Callable[[], Awaitable[str]]] | None = None,
    ) -> Outcome:
        """Wait for ``entry``'s reply as this delivery may: the last expected
        delivery up to ``deadline``; earlier ones up to ``hold`` or until their
        client disconnects (WeChat then retries and the retry waits on). A message
        whose work was started by an instance that stopped since (no heartbeat for
        ``lease``) is computed here again with ``restart()``'s work, by one delivery."""
        last = entry.deliveries >= self.max_deliveries
        end = time.monotonic() + (self.deadline if last else self.hold)
        take_over_at = time.monotonic() + min(self.lease, self.deadline / 2)
        while True:
            text = await self._reply(entry)
            if text is not None:
                return Outcome(text, last, entry=entry)
            remaining = end - time.monotonic()
            if remaining <= 0:
                return Outcome(None, last, entry=entry)
            if restart is not None and entry.work_id == entry.key and entry.key not in self._tasks \
                    and time.monotonic() >= take_over_at:
                take_over_at = time.monotonic() + self.lease
                if await self._db("take_over", entry.key, self.lease):
                    log.warning("wechat: took over a message whose instance stopped answering it")
                    entry.started_here = True
                    self.started += 1
                    self._tasks[entry.key] = asyncio.ensure_future(self._run(entry.key, restart()))
            step = min(self.poll, remaining)
            task = self._tasks.get(entry.work_id)
            if task is not None:
                await asyncio.wait({task}, timeout=step)
            else:
                await asyncio.sleep(step)
            if not last and is_disconnected is not None and await is_disconnected():
                return Outcome(None, last, gone=True, entry=entry)

    # -- answers that came too late -------------------------------------------

    async def remember_pending(self, user: str, entry: Entry) -> None:
        """Keep ``entry``'s work as ``user``'s undelivered answer (for "继续")."""
        await self._db("remember_pending", self._hash("user", user), entry.work_id)

    async def take_pending(self, user: str) -> Optional[str]:
        """The work of ``user``'s undelivered answer, once."""
        return await self._db("take_pending", self._hash("user", user), self.pending_ttl)

    async def has_pending(self, user: str) -> bool:
        return await self._db("has_pending", self._hash("user", user), self.pending_ttl)


def _result(task: "asyncio.Future[str]") -> Optional[str]:
    if task.cancelled():
        return None
    if task.exception() is not None:
        return None
    return task.result()
