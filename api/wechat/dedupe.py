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

An answer finished after the last delivery is not lost: it stays cached under
the question (``q:`` alias, ``TTL_SECONDS``) and as the user's undelivered answer
(``PENDING_TTL_SECONDS``), so re-sending the question or "继续" gets it without
computing it again.

Everything is in memory and per process: run the WeChat route in one worker
(or route by OpenID) so retries reach the process that holds the work.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Optional

# Module-level defaults; tests (or an operator) may change them before the
# first request, or put a ReplyCache with other values on app.state.
ANSWER_DEADLINE = 4.5  # the last expected delivery answers by then (WeChat gives 5 s)
HOLD_SECONDS = 12.0  # an earlier delivery holds at most this long (must exceed WeChat's 5 s)
MAX_DELIVERIES = 3  # WeChat's deliveries of one message (first + two retries)
TTL_SECONDS = 60.0  # how long a message's (or a question's) reply is kept
PENDING_TTL_SECONDS = 600.0  # how long an answer finished too late waits for "继续"
MAX_ENTRIES = 10_000
POLL_SECONDS = 0.1  # how often a holding delivery checks that its client is still there


@dataclass
class Entry:
    """One message's work (shared with its retries) and how often it arrived."""

    task: "asyncio.Future[str]"
    created: float
    deliveries: int = 1
    started_here: bool = True


@dataclass
class Outcome:
    """What one delivery gets: ``text`` when the reply is ready, else None;
    ``gone`` when the client dropped the connection while holding."""

    text: Optional[str]
    last: bool
    gone: bool = False
    entry: Optional[Entry] = field(default=None, repr=False)


class ReplyCache:
    """Per-MsgId futures with a TTL and a size bound (see the module docstring)."""

    def __init__(
        self,
        deadline: float | None = None,
        hold: float | None = None,
        max_deliveries: int | None = None,
        ttl: float | None = None,
        pending_ttl: float | None = None,
        max_entries: int | None = None,
        poll: float | None = None,
    ) -> None:
        self.deadline = ANSWER_DEADLINE if deadline is None else deadline
        self.hold = HOLD_SECONDS if hold is None else hold
        self.max_deliveries = MAX_DELIVERIES if max_deliveries is None else max_deliveries
        self.ttl = TTL_SECONDS if ttl is None else ttl
        self.pending_ttl = PENDING_TTL_SECONDS if pending_ttl is None else pending_ttl
        self.max_entries = MAX_ENTRIES if max_entries is None else max_entries
        self.poll = POLL_SECONDS if poll is None else poll
        self._entries: "OrderedDict[str, Entry]" = OrderedDict()
        self._aliases: "OrderedDict[str, tuple[asyncio.Future[str], float]]" = OrderedDict()
        self._pending: "OrderedDict[str, tuple[asyncio.Future[str], float]]" = OrderedDict()
        self.started = 0  # how many works were started (for tests and metrics)

    # -- bookkeeping ---------------------------------------------------------

    def _prune(self, now: float) -> None:
        for store, ttl in ((self._entries, self.ttl), (self._aliases, self.ttl), (self._pending, self.pending_ttl)):
            while store:
                key, value = next(iter(store.items()))
                created = value.created if isinstance(value, Entry) else value[1]
                if now - created > ttl or len(store) > self.max_entries:
                    store.popitem(last=False)
                else:
                    break

    def __len__(self) -> int:
        return len(self._entries)

    # -- one delivery --------------------------------------------------------

    def lookup(self, key: str) -> Optional[Entry]:
        """A retry (or duplicate) of a known message: count it and return its work."""
        self._prune(time.monotonic())
        entry = self._entries.get(key)
        if entry is not None:
            entry.deliveries += 1
        return entry

    def start(
        self, key: str, work: Callable[[], Awaitable[str]], alias: str | None = None
    ) -> Entry:
        """The first delivery of ``key``: attach to the work of an identical recent
        question (``alias``) if there is one, else start ``work`` once."""
        now = time.monotonic()
        self._prune(now)
        existing = self._entries.get(key)
        if existing is not None:  # no await since lookup(); kept for direct callers
            existing.deliveries += 1
            return existing
        task = None
        if alias is not None and alias in self._aliases:
            task = self._aliases[alias][0]
            if task.done() and task.cancelled():
                task = None
        started_here = task is None
        if task is None:
            task = asyncio.ensure_future(work())
            self.started += 1
            if alias is not None:
                self._aliases[alias] = (task, now)
                self._aliases.move_to_end(alias)
        entry = Entry(task=task, created=now, started_here=started_here)
        self._entries[key] = entry
        return entry

    def has_alias(self, alias: str) -> bool:
        """Whether a recent identical question's work can be shared."""
        self._prune(time.monotonic())
        item = self._aliases.get(alias)
        return item is not None and not item[0].cancelled()

    def forget_alias(self, alias: str) -> None:
        """Stop sharing ``alias``'s work with later messages (e.g. it failed)."""
        self._aliases.pop(alias, None)

    def attach(self, key: str, task: "asyncio.Future[str]") -> Entry:
        """The first delivery of ``key`` takes over existing work (e.g. "继续")."""
        entry = Entry(task=task, created=time.monotonic(), started_here=False)
        self._entries[key] = entry
        return entry

    def put(self, key: str, text: str) -> Entry:
        """A reply that needs no work (a notice): retries get the same text."""
        fut: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        fut.set_result(text)
        entry = Entry(task=fut, created=time.monotonic(), started_here=False)
        self._entries[key] = entry
        return entry

    async def wait(
        self, entry: Entry, is_disconnected: Callable[[], Awaitable[bool]] | None = None
    ) -> Outcome:
        """Wait for ``entry``'s reply as this delivery may: the last expected
        delivery up to ``deadline``; earlier ones up to ``hold`` or until their
        client disconnects (WeChat then retries and the retry waits on)."""
        last = entry.deliveries >= self.max_deliveries
        if entry.task.done():
            return Outcome(_result(entry.task), last, entry=entry)
        limit = self.deadline if last else self.hold
        end = time.monotonic() + limit
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                break
            step = remaining if (last or is_disconnected is None) else min(self.poll, remaining)
            done, _ = await asyncio.wait({entry.task}, timeout=step)
            if done:
                return Outcome(_result(entry.task), last, entry=entry)
            if not last and is_disconnected is not None and await is_disconnected():
                return Outcome(None, last, gone=True, entry=entry)
        if entry.task.done():
            return Outcome(_result(entry.task), last, entry=entry)
        return Outcome(None, last, entry=entry)

    # -- answers that came too late -------------------------------------------

    def remember_pending(self, user: str, entry: Entry) -> None:
        """Keep ``entry``'s work as ``user``'s undelivered answer (for "继续")."""
        self._prune(time.monotonic())
        self._pending[user] = (entry.task, time.monotonic())
        self._pending.move_to_end(user)

    def take_pending(self, user: str) -> "Optional[asyncio.Future[str]]":
        self._prune(time.monotonic())
        item = self._pending.pop(user, None)
        return item[0] if item else None

    def has_pending(self, user: str) -> bool:
        self._prune(time.monotonic())
        return user in self._pending


def _result(task: "asyncio.Future[str]") -> Optional[str]:
    if task.cancelled():
        return None
    if task.exception() is not None:
        return None
    return task.result()


class RateLimiter:
    """At most ``per_minute`` new questions per user in any 60 s (sliding window)."""

    def __init__(self, per_minute: int, window: float = 60.0, max_users: int = MAX_ENTRIES) -> None:
        self.per_minute = per_minute
        self.window = window
        self.max_users = max_users
        self._hits: "OrderedDict[str, deque[float]]" = OrderedDict()

    def allow(self, user: str, now: float | None = None) -> bool:
        if self.per_minute <= 0:
            return True
        now = time.monotonic() if now is None else now
        hits = self._hits.get(user)
        if hits is None:
            hits = self._hits[user] = deque()
        self._hits.move_to_end(user)
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        allowed = len(hits) < self.per_minute
        if allowed:
            hits.append(now)
        while len(self._hits) > self.max_users:
            self._hits.popitem(last=False)
        return allowed
