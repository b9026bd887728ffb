"""Per-client rate limit for /v1/ask: a sliding one-minute window in memory."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque


class RateLimit:
    def __init__(self, per_minute: int, max_clients: int = 50000):
        self.per_minute = per_minute
        self.max_clients = max_clients
        self._hits: OrderedDict[str, deque] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, client: str) -> float:
        """0 when allowed, else the seconds to wait (for Retry-After)."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            q = self._hits.setdefault(client, deque())
            self._hits.move_to_end(client)
            while q and now - q[0] > 60:
                q.popleft()
            if len(q) >= self.per_minute:
                return max(1.0, 60 - (now - q[0]))
            q.append(now)
            while len(self._hits) > self.max_clients:
                self._hits.popitem(last=False)
            return 0.0


def retry_after(seconds: float) -> str:
    return str(int(math.ceil(seconds)))
