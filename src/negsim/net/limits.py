"""What a client may send: the size of one message and how many a second."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

MAX_MESSAGE = 64 * 1024
"""The largest message a client may send, in bytes; a larger one closes its connection."""
MAX_RATE = 20
"""How many messages a client may send in any second; one more closes its connection."""
MAX_UPDATE = 16 * 1024 * 1024
"""The largest message a client accepts from the server (a whole game's log after a rollback)."""


class RateLimit:
    """Counts a client's messages over the last second (a sliding window)."""

    __slots__ = ("clock", "limit", "stamps")

    def __init__(self, limit: int = MAX_RATE, clock: Callable[[], float] = time.monotonic) -> None:
        """At most ``limit`` messages in any second by ``clock``."""
        self.limit = limit
        self.clock = clock
        self.stamps: deque[float] = deque()

    def allow(self) -> bool:
        """Count one message; whether it is within the limit."""
        now = self.clock()
        stamps = self.stamps
        while stamps and now - stamps[0] >= 1.0:
            stamps.popleft()
        stamps.append(now)
        return len(stamps) <= self.limit
