"""``negsim join``'s board on a served game, driven through Pilot: the same board as ``negsim play``,
showing the seat's hand, sending its decisions to the server, and the facilitator's console."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path

from net_helpers import SEATS, my_turn_after, scripted, serving
from textual.pilot import Pilot
from textual.widgets import Input

from negsim.core.actions import Answer, Pass
from negsim.core.events import UmpireRuling
from negsim.core.rules import PhaseKind
from negsim.net.host import Host
from negsim.net.tokens import FACILITATOR
from negsim.tui.remote import JoinApp
from negsim.tui.screens.briefing import OwnBriefingScreen
from negsim.tui.screens.debrief import DebriefScreen
from negsim.tui.screens.remote_board import ConsoleScreen, RemoteBoardScreen
from negsim.tui.widgets.board_parts import ActorsBar
from negsim.tui.widgets.hand import HandList


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Let the app and the server run until ``condition`` holds (``TimeoutError`` after ``timeout``)."""
    async with asyncio.timeout(timeout):
        while not condition():
            await pilot.pause()
            await asyncio.sleep(0.01)


def past(host: Host, n: int) -> Callable[[], bool]:
    """The served game has more than ``n`` moves."""
    return lambda: len(host.session.actions) > n


def test_a_whole_game_with_four_scripted_clients_and_a_pilot_driven_board(tmp_path: Path) -> None:
    """dec2021 played to its end by five people: Poland on the board (Pilot presses its keys), the
    other four as scripted clients; the board ends on the debrief, which replays the revealed game."""

    async def run() -> None:
        async with serving(tmp_path, dict.fromkeys(SEATS, "human")) as served:
            host = served.host
            clients = {seat: await served.join(seat) for seat in SEATS if seat != "poland"}
            app = JoinApp(served.url, served.tokens["poland"])
            async with app.run_test(size=(120, 40)) as pilot:
                await until(pilot, lambda: app.board is not None)
                board = app.board
                assert isinstance(board, RemoteBoardScreen) and board.viewer == "poland"

                def poland_ready() -> bool:
                    on_board = app.screen is board and board.session.to_move == "poland" and board.sent is None
                    return isinstance(app.screen, OwnBriefingScreen) or on_board

                while not host.session.is_over:
                    seat = host.session.to_move
                    n = len(host.session.actions)
                    if seat != "poland":
                        assert seat is not None
                        client = clients[seat]
                        await client.wait_for(my_turn_after(n))
                        await client.act(scripted(client))
                        await until(pilot, past(host, n))
                        continue
                    await until(pilot, poland_ready)
                    if isinstance(app.screen, OwnBriefingScreen):  # the seat's own briefing, before its first decision
                        await pilot.press("escape")
                    elif board.mode == "answer":  # none is highlighted at first; an answer is confirmed
                        assert board.query_one(HandList).option_count == len(board.choices) > 0
                        await pilot.press("down", "enter", "enter")
                        await until(pilot, past(host, n))
                    elif board.rules.phases[board.state.phase].kind is PhaseKind.ANSWER:
                        await pilot.press("a")
                    else:
                        assert board.query_one(HandList).option_count > 1  # the seat's hand, and Pass
                        await pilot.press("p")
                        await until(pilot, past(host, n))
                mine = [a for a in host.session.actions if a.actor == "poland"]
                assert mine and all(isinstance(a, Pass | Answer) for a in mine)
                assert all(w is None for w in host.session.whys)  # every move a person's
                await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
                assert board.session.actions == host.session.actions
                assert board.session.state == host.session.state  # the whole game, revealed at the end

    asyncio.run(run())


def test_the_facilitator_console_overrides_with_a_reason(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, {"poland": "human", "usa": "human"}) as served:
            app = JoinApp(served.url, served.tokens[FACILITATOR])
            async with app.run_test(size=(120, 40)) as pilot:
                await until(pilot, lambda: app.board is not None)
                board = app.board
                assert board is not None and board.facilitator and board.viewer is None
                assert board.away() == {"poland", "usa"}  # nobody has joined their seats yet
                line = ActorsBar._line(board.rules, board.current_view(), board.session.seats, None, 2, board.away())
                assert "disconnected" in line.plain
                poland = await served.join("poland")
                await until(pilot, lambda: board.away() == {"usa"})
                assert poland.closed is None
                await pilot.press("o")
                await until(pilot, lambda: isinstance(app.screen, ConsoleScreen) and isinstance(app.focused, Input))
                await pilot.press(*"meter cohesion 2 allies quarrel", "enter")
                await until(pilot, lambda: served.host.session.state.meter("cohesion") == 2)
                await until(pilot, lambda: any(isinstance(e, UmpireRuling) for b in board.session.events for e in b))
                await pilot.press("space")  # pause
                await until(pilot, lambda: served.host.paused)
                ruling = next(
                    i for i, a in enumerate(served.host.session.actions, 1) if a.actor == FACILITATOR
                )  # the override's move number, as the whole log shows it
                await pilot.press("o")
                await until(pilot, lambda: isinstance(app.screen, ConsoleScreen) and isinstance(app.focused, Input))
                await pilot.press(*f"rollback {ruling} the ruling was premature", "enter")
                await until(pilot, lambda: len(board.session.actions) == ruling - 1)
                assert served.host.session.state.meter("cohesion") != 2
                assert not any(isinstance(e, UmpireRuling) for b in board.session.events for e in b)
                await pilot.press("h")
                await until(pilot, lambda: "Every hand" in str(getattr(app.screen, "heading", "")))

    asyncio.run(run())


def test_a_wrong_token_ends_the_app_with_a_message(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, {"poland": "human"}) as served:
            app = JoinApp(served.url, "not-a-token")
            async with app.run_test() as pilot:
                await until(pilot, lambda: app.failure is not None)
            assert app.failure is not None and "unknown token" in app.failure

    asyncio.run(run())


def test_the_board_reconnects_by_itself_when_the_server_comes_back(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, {"poland": "human", "usa": "human"}) as first:
            port = int(first.url.rsplit(":", 1)[1])
            tokens = first.tokens
            app = JoinApp(first.url, tokens["poland"])
            async with app.run_test(size=(120, 40)) as pilot:
                await until(pilot, lambda: app.board is not None and app.client is not None)
                before = app.client
                moves = list(first.host.session.actions)
                first.task.cancel()  # the server goes away (its clients see the connection close)
                with contextlib.suppress(asyncio.CancelledError):
                    await first.task
                async with serving(tmp_path, {}, resume=True, port=port, tokens=tokens) as again:
                    await until(pilot, lambda: app.client is not before and app.client is not None)
                    board = app.board
                    assert board is not None and board.viewer == "poland"
                    assert board.session.actions[: len(moves)] == moves
                    assert again.host.connected.get("poland") == 1
                    assert app.failure is None

    asyncio.run(run())
