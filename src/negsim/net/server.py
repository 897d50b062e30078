"""The game server: a ``Host`` on a WebSocket, with bots and the turn timer off the event loop.

Every client first sends ``{"type": "hello", "token": ...}``; a wrong token closes the
connection (1008). A message over 64 KiB closes it (1009, by the WebSocket library), and so does
a 21st message within a second (1008). Each connection has its own outgoing queue, so a slow
client never holds up the others; each change is autosaved before any client hears of it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from negsim.bots import Decision, observe
from negsim.core.actions import Action
from negsim.jsonio import action_from_dict
from negsim.net.host import TIMER_WHY, Host, Refusal
from negsim.net.limits import MAX_MESSAGE, RateLimit
from negsim.session import HUMAN

HELLO_TIMEOUT = 10.0
"""Seconds a new connection has to present its token."""
POLICY_VIOLATION = 1008
"""The WebSocket close code for a refused client (wrong token, flooding)."""


@dataclass(eq=False, slots=True)
class Connection:
    """One client's connection: its role, how much of the log it has, its outgoing queue."""

    ws: ServerConnection
    """The WebSocket."""
    role: str
    """An actor id, or ``facilitator``."""
    sent: int = 0
    """Log entries already sent."""
    epoch: int = -1
    """The host's rollback count when they were sent."""
    outbox: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    """Messages waiting to be written (``None`` ends the writer)."""


class GameServer:
    """Serves one game: authenticates clients, relays their requests to the host, drives the bots."""

    def __init__(self, host: Host, *, bot_delay: float = 0.0) -> None:
        """Serve ``host``'s game; bots wait ``bot_delay`` seconds before each move (pacing for people)."""
        self.host = host
        self.bot_delay = bot_delay
        self.connections: set[Connection] = set()
        self.bot_running = False
        self.timer_handle: asyncio.TimerHandle | None = None
        self.tasks: set[asyncio.Task[Any]] = set()
        self.lock = asyncio.Lock()
        """Held from a change to its autosave and the updates that tell of it: one change at a time."""

    # ------------------------------------------------------------ connections

    async def handler(self, ws: ServerConnection) -> None:
        """One client, from its hello to its last message."""
        try:
            raw = await asyncio.wait_for(ws.recv(), HELLO_TIMEOUT)
        except (TimeoutError, ConnectionClosed):
            return
        role = self.host.tokens.role(_message(raw).get("token")) if _message(raw).get("type") == "hello" else None
        if role is None:
            await ws.close(POLICY_VIOLATION, "unknown token")
            return
        for old in [c for c in self.connections if c.role == role]:
            self._drop(old)
            await old.ws.close(1000, "the same token connected again")
        conn = Connection(ws, role)
        self.connections.add(conn)
        self.host.connected[role] = self.host.connected.get(role, 0) + 1
        writer = asyncio.create_task(self._write(conn))
        conn.outbox.put_nowait(json.dumps(self.host.welcome(role)))
        self.broadcast()  # everyone sees the seat connected; the newcomer gets the whole log
        limit = RateLimit()
        try:
            async for raw in ws:
                if not limit.allow():
                    await ws.close(POLICY_VIOLATION, "more than 20 messages a second")
                    break
                await self.handle(conn, raw)
        except ConnectionClosed:
            pass
        finally:
            if conn in self.connections:
                self._drop(conn)
                self.broadcast()
            conn.outbox.put_nowait(None)
            await writer

    def _drop(self, conn: Connection) -> None:
        self.connections.discard(conn)
        self.host.connected[conn.role] = max(0, self.host.connected.get(conn.role, 0) - 1)

    async def _write(self, conn: Connection) -> None:
        while (text := await conn.outbox.get()) is not None:
            try:
                await conn.ws.send(text)
            except ConnectionClosed:
                return

    def send(self, conn: Connection, message: dict[str, Any]) -> None:
        """Queue a message to one client."""
        conn.outbox.put_nowait(json.dumps(message))

    def broadcast(self) -> None:
        """Queue each client's update (its own view, the log entries it has not had); never of a change
        not yet autosaved (its own update follows the save).
        """
        host = self.host
        if host.unsaved:
            return
        total = len(host.session.events)
        now = time.time()
        for conn in list(self.connections):
            since = conn.sent if conn.epoch == host.epoch else 0
            update = host.update(conn.role, since)
            update["at"] = now  # when it was sent (for latency measurements on one machine)
            self.send(conn, update)
            conn.sent, conn.epoch = total, host.epoch

    # ------------------------------------------------------------ requests

    async def handle(self, conn: Connection, raw: str | bytes) -> None:
        """Apply one request, or tell the client why not."""
        async with self.lock:
            self._apply(conn, _message(raw))
            await self.persist()
            self.after_change()

    def _apply(self, conn: Connection, msg: dict[str, Any]) -> None:
        host, role = self.host, conn.role
        kind = msg.get("type")
        try:
            if kind == "act":
                host.act(role, _action(msg))
            elif kind == "override":
                host.override(role, _action(msg))
            elif kind == "rollback":
                notice = host.rollback(role, msg.get("before"), msg.get("reason"))
                for other in list(self.connections):
                    self.send(other, {"type": "notice", "message": notice})
            elif kind in ("pause", "resume"):
                host.set_paused(role, kind == "pause")
            elif kind == "timer":
                host.set_timer(role, msg.get("seconds"))
            elif kind == "seat":
                host.assign(role, msg.get("actor"), msg.get("to"))
            else:
                raise Refusal(f"unknown request {kind!r}")
        except Refusal as e:
            self.send(conn, {"type": "error", "message": str(e)})

    async def persist(self) -> None:
        """Autosave the game if it changed, in a worker thread (other games go on meanwhile)."""
        if self.host.unsaved:
            self.host.unsaved = False
            await asyncio.to_thread(self.host.save)

    def after_change(self) -> None:
        """Tell everyone, then let a bot or the timer take the next move if it is theirs."""
        self.broadcast()
        self.kick()

    # ------------------------------------------------------------ bots and the timer

    def kick(self) -> None:
        """Start what the next move needs: a bot deciding, or the turn timer of a person."""
        host = self.host
        s = host.session
        if self.timer_handle is not None:
            self.timer_handle.cancel()
            self.timer_handle = None
        if s.is_over or host.paused or self.bot_running:
            return
        actor = s.to_move
        if actor is None:
            return
        if actor in s.bots:
            self._think(actor, s.bot_task(), None)
        elif s.seats.get(actor) == HUMAN and host.timer:
            loop = asyncio.get_running_loop()
            self.timer_handle = loop.call_later(host.timer, self._expire, actor, host.generation)

    def _expire(self, actor: str, generation: int) -> None:
        host = self.host
        s = host.session
        self.timer_handle = None
        if generation != host.generation or s.to_move != actor or host.paused or self.bot_running:
            return
        bot, obs = host.timer_bot(actor), observe(s.state)
        self._think(actor, lambda: bot.decide(obs), TIMER_WHY)

    def _think(self, actor: str, task: Callable[[], Decision], prefix: str | None) -> None:
        self.bot_running = True
        self.host.thinking.add(actor)
        generation = self.host.generation
        self.broadcast()
        t = asyncio.create_task(self._decide(actor, task, prefix, generation))
        self.tasks.add(t)
        t.add_done_callback(self.tasks.discard)

    async def _decide(self, actor: str, task: Callable[[], Decision], prefix: str | None, generation: int) -> None:
        try:
            decision = await asyncio.to_thread(task)  # off the event loop: clients are served meanwhile
            if self.bot_delay:
                await asyncio.sleep(self.bot_delay)
        finally:
            self.bot_running = False
            self.host.thinking.discard(actor)
        why = decision.why if prefix is None else f"{prefix} {decision.why}"
        async with self.lock:
            self.host.bot_move(actor, decision.action, why, generation)
            await self.persist()
            self.after_change()

    # ------------------------------------------------------------ running

    async def run(self, bind: str, port: int, ready: Callable[[int], None] | None = None) -> None:
        """Serve until cancelled; ``ready`` is called with the port once listening."""
        async with serve(self.handler, bind, port, max_size=MAX_MESSAGE, compression=None) as server:
            actual = next(iter(server.sockets)).getsockname()[1]
            self.kick()
            if ready is not None:
                ready(actual)
            try:
                await asyncio.Future()
            finally:
                for t in list(self.tasks):
                    t.cancel()


def _message(raw: str | bytes) -> dict[str, Any]:
    """A client's message as a JSON object (an empty one if it is not)."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # not JSON, or nested too deep to read
        return {}
    return data if isinstance(data, dict) else {}


def _action(msg: dict[str, Any]) -> Action:
    """The action a request carries (``Refusal`` if it is not one)."""
    d = msg.get("action")
    if not isinstance(d, dict):
        raise Refusal("the request carries no action")
    try:
        return action_from_dict(d)
    except (ValueError, TypeError, KeyError) as e:
        raise Refusal(f"not an action: {e}") from None
