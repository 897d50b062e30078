"""The board's keys and status line: the footer shows what can apply and fits at 80 columns."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace

import pytest
from textual.widgets._footer import FooterKey
from tui_helpers import (
    DEC2021,
    SMALL,
    Notes,
    Player,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    on_board,
    press,
    screen_text,
    settle,
    wait_for_workers,
)

from negsim.session import Session
from negsim.tui.app import NegsimApp
from negsim.tui.commands import GameCommands
from negsim.tui.screens.board import BoardScreen
from negsim.tui.widgets.hand import PASS, HandList


def footer_keys(board: BoardScreen) -> dict[str, str]:
    """The footer's keys that show on the terminal, key to description."""
    width = board.app.size.width
    return {k.key: k.description for k in board.query(FooterKey) if k.region.width and k.region.right <= width}


def status_line(app: NegsimApp) -> str:
    return screen_text(app).splitlines()[0].rstrip()


def test_at_80_columns_the_footer_shows_a_players_essential_keys_and_the_status_line_ends_with_the_score() -> None:
    """User audit: the footer ended "space Skip bo▏^p palette" (no Help, no Quit), and "score 9/7" said
    neither what 9 nor what 7 was, at the end of a status line cut off at 80 columns.
    """
    session = new_session(human("usa"), seed=3)

    async def run() -> None:
        async with on_board(session) as (app, _pilot, board):
            assert board.my_turn()
            assert footer_keys(board) == {
                "p": "Pass",
                "a": "Answer",
                "u": "Undo",
                "space": "Skip bots",
                "f1": "Help",
                "q": "Quit",
                "ctrl+p": "palette",
            }
            score = board.current_view().score
            assert score is not None
            win = session.rules.actors[session.rules.actor_index["usa"]].win_at
            assert status_line(app).endswith(f"▶ US: your move · score {score} · wins at {win}")

    asyncio.run(run())


def test_at_80_columns_the_status_line_keeps_every_rounds_calendar_label() -> None:
    """User audit: at 80 columns the calendar label went first (``R1/10 Western capitals · ▶ PL: your
    move · score 5 · wins at 5``). The round and its label stay; the phase goes first, then the score's
    words, then (only while choosing, when the line names the keys) the score.
    """
    session = new_session(human("poland"), seed=3)
    rules = session.rules

    async def run() -> None:
        app = new_app(session)
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            board = board_of(app)
            v = board.current_view()
            assert v.score is not None and board.mode == "cards"
            win = rules.actors[rules.actor_index["poland"]].win_at
            wins, needs = f"score {v.score} · wins at {win}", f" · score {v.score} (needs {win})"
            full = f" Round 1/10  {v.label} · {v.phase_name} · ▶ Poland: your move · {wins}"
            assert status_line(app) == full
            await pilot.resize_terminal(*SMALL)
            await settle(pilot)
            assert "20 Dec 2021 – 2 Jan 2022" in rules.rounds
            for number, label in enumerate(rules.rounds, 1):
                for mode in ("cards", "play", "answer"):
                    board.mode = mode
                    board.show_status(replace(v, round=number, label=label))
                    await pilot.pause()
                    line = status_line(app)
                    phase = f"(?:{re.escape(v.phase_name)} · )?"
                    assert re.match(rf" R{number}/10  {re.escape(label)} · {phase}▶ PL: ", line), line
                    assert len(line) <= 80, line
                    assert "…" not in line
                    if mode == "cards":
                        assert line.endswith(wins), line
                    elif not line.endswith((wins, needs)):
                        assert "score" not in line and len(line + needs) > 80, line
            board.mode = "cards"

    asyncio.run(run())


def watch_app() -> NegsimApp:
    """Every seat a bot, a bot's move shown every 10 s (the test never waits that long)."""
    session = new_session(dict.fromkeys(("russia", "usa", "poland", "germany", "nato"), "greedy"), seed=3)
    return NegsimApp(scenario=str(DEC2021), session=session, bot_delay=10, autosave=False, briefings=False)


def test_watching_bots_lists_no_pass_and_space_pauses_and_resumes_as_its_label_says() -> None:
    """User audit: with every seat a bot the hand listed "Pass", the footer Pass, Answer and Undo, and
    space, labelled "Skip bots", paused.
    """

    async def run() -> None:
        app = watch_app()
        notes = Notes()
        async with app.run_test(size=SMALL, message_hook=notes) as pilot:
            await wait_for_workers(app)
            await pilot.pause()
            board = board_of(app)
            assert board.pending is not None  # the first bot's move, about to be shown
            assert footer_keys(board) == {"space": "Pause", "f1": "Help", "q": "Quit", "ctrl+p": "palette"}
            hand = board.query_one(HandList)
            assert PASS not in [hand.get_option_at_index(i).id for i in range(hand.option_count)]
            for key in ("p", "a", "u"):  # hidden, and doing nothing
                await pilot.press(key)
            assert not notes.items and not board.session.actions

            await pilot.press("space")
            assert board.paused and board.pending is None  # the move about to be shown waits
            assert footer_keys(board)["space"] == "Resume"
            assert status_line(app).endswith("paused: space resumes")

            await pilot.press("space")
            await wait_for_workers(app)
            await pilot.pause()
            assert not board.paused and board.pending is not None and not board.session.actions
            assert footer_keys(board)["space"] == "Pause"
            assert "paused" not in status_line(app)

    asyncio.run(run())


@pytest.mark.parametrize("watching", [False, True])
def test_the_palette_offers_only_the_board_commands_that_can_apply(watching: bool) -> None:
    async def run() -> None:
        app = watch_app() if watching else new_app(new_session(human("poland"), seed=3))
        async with app.run_test(size=SMALL) as pilot:
            await wait_for_workers(app)
            await pilot.pause()
            if not watching:
                await settle(pilot)
            board = board_of(app)
            names = {str(hit.text) async for hit in GameCommands(board).discover()}
            shown = names & {"Pass", "Answer", "Undo", "Skip bots", "Pause", "Resume", "Debrief"}
            assert shown == ({"Pause"} if watching else {"Pass", "Answer", "Undo", "Skip bots"})
            assert {"Save game", "Load game", "Help", "Actors & goals"} <= names

    asyncio.run(run())


def test_when_the_game_is_over_the_footer_offers_the_debrief_and_no_more_moves() -> None:
    session = new_session(human("poland"), seed=3)

    async def run() -> None:
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            over: Session = await Player(pilot).play()
            assert over.is_over
            await press(pilot, "escape")  # close the debrief
            board = board_of(app)
            assert app.screen is board
            assert footer_keys(board) == {"u": "Undo", "d": "Debrief", "f1": "Help", "q": "Quit", "ctrl+p": "palette"}

    asyncio.run(run())
