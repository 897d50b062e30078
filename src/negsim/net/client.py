"""A client of a served game: connects with a token, keeps a ``Mirror``, sends requests.

Used by ``negsim join`` (the board), the tests and the benchmark. ``wait_for`` awaits a
condition on what the client knows, with a timeout: no sleeping for timing.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from negsim.core.actions import Action
from negsim.jsonio import action_dict
from negsim.net.limits import MAX_UPDATE
from negsim.net.mirror import Mirror, ProtocolError, RemoteSession

PROTOCOL_ERROR = 1002
"""The WebSocket close code for a peer that broke the protocol."""
REFUSED = (1002, 1008)
"""Close codes after which reconnecting would only be refused again."""


class Client:
    """One connection to a served game, as a seat or as the facilitator."""

    def __init__(self, ws: ClientConnection, mirror: Mirror, raw: list[str] | None = None) -> None:
        """Use ``connect`` instead."""
        self.raw = raw
        self.ws = ws
        self.mirror = mirror
        self.errors: list[str] = []
        self.notices: list[str] = []
        """What the server announced to everyone (the umpire's rollbacks)."""
        self.on_notice: Callable[[str], None] | None = None
        self.updates = 0
        self.closed: str | None = None
        self.close_code: int | None = None
        self.changed = asyncio.Condition()
        self.on_update: Callable[[RemoteSession], None] | None = None
        self.on_error: Callable[[str], None] | None = None
        self.arrivals: list[tuple[float, int]] = []
        """When each update arrived (``time.perf_counter``) and how many moves the game then had."""
        self.delays: list[float] = []
        """Each update's delay: from the server's send (its ``at``) to its arrival here (one machine's clock)."""
        self.reader: asyncio.Task[None] | None = None

    @classmethod
    async def connect(cls, url: str, token: str, *, open_timeout: float = 10.0, keep_raw: bool = False) -> Client:
        """Connect, present the token and wait for the welcome and the first update (``keep_raw``: keep
        every message as received, in ``raw``, for tests of what a seat is sent).
        """
        ws = await connect(url, max_size=MAX_UPDATE, compression=None, open_timeout=open_timeout)
        await ws.send(json.dumps({"type": "hello", "token": token}))
        try:
            raw = await asyncio.wait_for(ws.recv(), open_timeout)
        except ConnectionClosed as e:
            reason = e.rcvd.reason if e.rcvd is not None else "closed"
            raise ProtocolError(f"the server refused the connection: {reason}") from None
        welcome = json.loads(raw)
        if welcome.get("type") != "welcome":
            raise ProtocolError("the server did not welcome the client")
        client = cls(ws, Mirror(welcome), [str(raw)] if keep_raw else None)
        client.reader = asyncio.create_task(client._read())
        await client.wait_for(lambda c: c.updates > 0, open_timeout)
        return client

    @property
    def session(self) -> RemoteSession:
        """The game as this client knows it."""
        assert self.mirror.session is not None
        return self.mirror.session

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                if self.raw is not None:
                    self.raw.append(str(raw))
                msg = json.loads(raw)
                kind = msg.get("type")
                if kind == "update":
                    session = self.mirror.apply(msg)
                    self.updates += 1
                    self.arrivals.append((time.perf_counter(), len(session.actions)))
                    if isinstance(msg.get("at"), float):
                        self.delays.append(time.time() - msg["at"])
                    if self.on_update is not None:
                        self.on_update(session)
                elif kind == "notice":
                    self.notices.append(str(msg.get("message")))
                    if self.on_notice is not None:
                        self.on_notice(self.notices[-1])
                elif kind == "error":
                    self.errors.append(str(msg.get("message")))
                    if self.on_error is not None:
                        self.on_error(self.errors[-1])
                async with self.changed:
                    self.changed.notify_all()
        except ConnectionClosed as e:
            self.close_code = e.rcvd.code if e.rcvd is not None else None
            self.closed = e.rcvd.reason if e.rcvd is not None else "connection lost"
        except (ProtocolError, ValueError) as e:  # the server sent what the client cannot read
            self.close_code, self.closed = PROTOCOL_ERROR, str(e)
            await self.ws.close(PROTOCOL_ERROR, "unreadable update")
        else:
            self.close_code = self.ws.close_code
            self.closed = self.ws.close_reason or "closed"
        async with self.changed:
            self.changed.notify_all()

    async def wait_for(self, predicate: Callable[[Client], bool], timeout: float = 10.0) -> None:
        """Wait until ``predicate(self)`` holds (``TimeoutError`` after ``timeout`` seconds)."""

        def ready() -> bool:
            if predicate(self):
                return True
            if self.closed is not None:
                raise ConnectionError(f"the server closed the connection: {self.closed}")
            return False

        async with asyncio.timeout(timeout), self.changed:
            await self.changed.wait_for(ready)

    async def request(self, message: dict[str, Any]) -> None:
        """Send one request as it is."""
        await self.ws.send(json.dumps(message))

    async def act(self, action: Action) -> None:
        """Send a seat's move."""
        await self.request({"type": "act", "action": action_dict(action)})

    async def override(self, action: Action) -> None:
        """Send an umpire's override (facilitator only)."""
        await self.request({"type": "override", "action": action_dict(action)})

    async def close(self) -> None:
        """Close the connection and wait for the reader to finish."""
        await self.ws.close()
        if self.reader is not None:
            await self.reader
