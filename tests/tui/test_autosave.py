"""Autosave at each new round and on quitting; the next start offers to resume."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from textual.widgets import Static
from tui_helpers import (
    DEC2021,
    SMALL,
    STANDOFF,
    Player,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    press,
    settle,
    top,
)

from negsim.core.rules import PhaseKind
from negsim.session import Session, autosave_path, state_dir
from negsim.tui.app import ResumeScreen
from negsim.tui.screens.board import BoardScreen
from negsim.tui.screens.dialogs import ConfirmScreen
from negsim.tui.screens.newgame import NewGameScreen


def in_round_3_play(session: Session) -> bool:
    return session.state.round >= 2 and session.rules.phases[session.state.phase].kind is PhaseKind.PLAY


async def play_and_quit(autosave: Path, key: str = "q") -> Session:
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
        await pilot.press(key)
    assert app.return_code == 0
    return session


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
def test_quitting_autosaves_and_the_next_start_resumes_the_same_game(key: str) -> None:
    """``q``, and Textual's own quit (Ctrl+Q, the palette's Quit), both autosave first."""
    autosave = state_dir() / "autosave-dec2021.json"

    async def run() -> None:
        played = await play_and_quit(autosave, key)
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
            await press(pilot, "ctrl+n")  # declined once: not asked again
            board = board_of(app)
            assert top(app) is board and board.session.seed == 5

    asyncio.run(run())


def test_no_resume_is_offered_without_an_unfinished_autosave() -> None:
    async def run() -> None:
        app = new_app(None, autosave=True, offer_resume=True, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, NewGameScreen)
        assert list(state_dir().iterdir()) == []

    asyncio.run(run())


def unfinished_autosave(path: Path = DEC2021, seed: int = 8) -> Session:
    """An unfinished game of the scenario at ``path`` in its autosave, one decision in."""
    session = new_session(human(session_seat(path)), seed=seed, path=path)
    session.play(session.legal()[0])
    session.save(autosave_path(session.rules))
    return session


def session_seat(path: Path) -> str:
    return "poland" if path == DEC2021 else "red"


@pytest.mark.parametrize("key", ["escape", "enter"])
def test_a_new_game_with_seats_first_offers_the_unfinished_game_it_would_replace(key: str) -> None:
    """User audit: ``negsim play --seat ...`` overwrote an unfinished autosave without a word."""
    saved = unfinished_autosave()
    autosave = autosave_path(saved.rules)
    kept = autosave.read_bytes()

    async def run() -> None:
        new = new_session(human("russia"), seed=2)
        app = new_app(new, autosave=True, offer_resume=True)  # as `negsim play --seat russia=human`
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ResumeScreen)
            question = str(app.screen.query_one(".dialog-title", Static).content)
            assert "seed 8" in question and "A new game replaces it." in question
            assert autosave.read_bytes() == kept
            await press(pilot, key)  # Escape resumes (a stray key loses nothing); Enter too (the first button)
            board = board_of(app)
            assert top(app) is board
            assert (board.session.seed, board.session.seats) == (saved.seed, saved.seats)
            assert board.session.actions[: len(saved.actions)] == saved.actions

    asyncio.run(run())


def test_choosing_the_new_game_starts_it_and_no_autosave_means_no_question() -> None:
    unfinished_autosave()

    async def run() -> None:
        new = new_session(human("russia"), seed=2)
        app = new_app(new, autosave=True, offer_resume=True)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            await pilot.click("#no")
            await settle(pilot)
            assert board_of(app).session is new and top(app) is board_of(app)
        quiet = new_app(new_session(human("russia"), seed=2), autosave=False)  # --no-autosave: no question
        async with quiet.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert top(quiet) is board_of(quiet)

    asyncio.run(run())


def test_the_new_game_screen_asks_before_replacing_another_scenarios_unfinished_game() -> None:
    dec2021 = unfinished_autosave()
    standoff = unfinished_autosave(STANDOFF)
    later = autosave_path(dec2021.rules).stat().st_mtime + 10
    os.utime(autosave_path(standoff.rules), (later, later))  # the start offers the latest: Standoff's

    async def run() -> None:
        app = new_app(None, autosave=True, offer_resume=True, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ResumeScreen)
            assert standoff.rules.title in str(app.screen.query_one(".dialog-title", Static).content)
            await pilot.click("#no")
            await settle(pilot)
            assert isinstance(top(app), NewGameScreen)
            await press(pilot, "ctrl+n")  # a new game of dec2021 would replace its unfinished autosave
            assert isinstance(app.screen, ResumeScreen)
            assert dec2021.rules.title in str(app.screen.query_one(".dialog-title", Static).content)
            await pilot.click("#no")
            await settle(pilot)
            board = board_of(app)
            assert top(app) is board and board.session.seed == 5

    asyncio.run(run())
