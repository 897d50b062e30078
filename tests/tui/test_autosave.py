"""Autosave at each new round and on quitting; the next start offers to resume."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Static
from tui_helpers import (
    SMALL,
    Player,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    settle,
    top,
)

from negsim.core.rules import PhaseKind
from negsim.session import Session, state_dir
from negsim.tui.screens.board import BoardScreen
from negsim.tui.screens.dialogs import ConfirmScreen
from negsim.tui.screens.newgame import NewGameScreen


def in_round_3_play(session: Session) -> bool:
    return session.state.round >= 2 and session.rules.phases[session.state.phase].kind is PhaseKind.PLAY


async def play_and_quit(autosave: Path) -> Session:
    session = new_session(human("poland"), seed=4)
    app = new_app(session, autosave=True)
    async with app.run_test(size=SMALL) as pilot:
        await Player(pilot).play(until=in_round_3_play)
        assert app.screen is board_of(app)
        # The start of round 2 and of round 3 were autosaved.
        at_round_start = Session.load(autosave)
        assert at_round_start.state.round == 2
        assert at_round_start.actions == session.actions[: len(at_round_start.actions)]
        assert len(at_round_start.actions) < len(session.actions)
        await pilot.press("q")
    assert app.return_code == 0
    return session


def test_quitting_autosaves_and_the_next_start_resumes_the_same_game() -> None:
    autosave = state_dir() / "autosave-dec2021.json"

    async def run() -> None:
        played = await play_and_quit(autosave)
        assert autosave.is_file()
        assert Session.load(autosave).state == played.state

        app = new_app(None, autosave=True, offer_resume=True)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            question = str(app.screen.query_one(".dialog-title", Static).content)
            assert "round 3" in question and "seed 4" in question
            await pilot.click("#yes")
            await settle(pilot)
            board = board_of(app)
            assert top(app) is board
            assert board.session.state == played.state
            assert board.session.actions == played.actions
            assert board.session.seats == played.seats
            assert board.my_turn() and board.viewer == "poland"

    asyncio.run(run())


def test_declining_to_resume_shows_the_new_game_screen() -> None:
    autosave = state_dir() / "autosave-dec2021.json"
    session = new_session(human("poland"), seed=8)
    session.play(session.legal()[0])
    session.save(autosave)

    async def run() -> None:
        app = new_app(None, autosave=True, offer_resume=True, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.click("#no")
            await settle(pilot)
            assert isinstance(top(app), NewGameScreen)
            assert not any(isinstance(s, BoardScreen) for s in app.screen_stack)
        assert autosave.is_file()

    asyncio.run(run())


def test_no_resume_is_offered_without_an_unfinished_autosave() -> None:
    async def run() -> None:
        app = new_app(None, autosave=True, offer_resume=True, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, NewGameScreen)
        assert list(state_dir().iterdir()) == []

    asyncio.run(run())
