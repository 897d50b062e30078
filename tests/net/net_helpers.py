"""Fixtures of the networked tests: a served game on loopback, in this process."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import negsim
from negsim.core.actions import Answer, Pass, Play
from negsim.net.client import Client
from negsim.net.host import Host
from negsim.net.server import GameServer
from negsim.session import Session

ROOT = Path(__file__).resolve().parents[2]
DEC2021 = ROOT / "scenarios" / "dec2021.yaml"
SEATS = ("russia", "usa", "poland", "germany", "nato")


@dataclass
class Served:
    """A game being served on loopback."""

    host: Host
    server: GameServer
    url: str
    tokens: dict[str, str]
    task: asyncio.Task[None]

    async def join(self, role: str) -> Client:
        return await Client.connect(self.url, self.tokens[role])


STANDOFF = ROOT / "tests" / "scenarios" / "standoff.yaml"


def new_session(seats: dict[str, str], seed: int = 7, scenario: Path = DEC2021) -> Session:
    rules = negsim.load(scenario)
    return Session.new(rules, seed, seats, scenario.read_text(encoding="utf-8"), str(scenario), in_play=True)


@contextlib.asynccontextmanager
async def serving(
    tmp: Path,
    seats: dict[str, str],
    seed: int = 7,
    timer: float | None = None,
    scenario: Path = DEC2021,
    *,
    resume: bool = False,
    port: int = 0,
    tokens: dict[str, str] | None = None,
) -> AsyncIterator[Served]:
    """Serve a new game (or, with ``resume``, the one autosaved in ``tmp``, whose ``tokens`` are given)."""
    if resume:
        host, tokens = Host.resume(tmp / "game.json"), dict(tokens or {})
    else:
        host, tokens = Host.start(new_session(seats, seed, scenario), tmp / "game.json", timer)
    server = GameServer(host)
    bound: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(server.run("127.0.0.1", port, bound.set_result))
    served = Served(host, server, f"ws://127.0.0.1:{await bound}", tokens, task)
    try:
        yield served
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def after(n: int) -> Callable[[Client], bool]:
    """A client has seen at least ``n`` moves."""
    return lambda c: len(c.session.actions) >= n


def my_turn_after(n: int) -> Callable[[Client], bool]:
    """A client has seen exactly ``n`` moves and its seat is to move."""
    return lambda c: len(c.session.actions) == n and c.session.to_move == c.mirror.seat


def scripted(client: Client) -> Play | Pass | Answer:
    """The seat's scripted move: the first legal play that is not a pass, else the first legal action
    (a fixed script from what the seat itself sees)."""
    legal = client.session.legal()
    plays = [a for a in legal if isinstance(a, Play)]
    choice = plays[0] if plays and client.session.state.round % 2 == 0 else legal[0]
    assert isinstance(choice, Play | Pass | Answer)
    return choice
