"""Save (Ctrl+S), quit, load (Session.load or Ctrl+O) and play on: the same game as without a break."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from tui_helpers import (
    SMALL,
    STANDOFF,
    Notes,
    Player,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    press,
    settle,
    type_path,
)

from negsim.session import Session, autosave_path, state_dir
from negsim.tui.screens.board import BoardScreen
from negsim.tui.screens.files import FileScreen

SEATS = human("blue")
SEED = 11


def in_round_2(session: Session) -> bool:
    return session.state.round >= 1


async def uninterrupted() -> Session:
    session = new_session(SEATS, SEED, STANDOFF)
    async with new_app(session).run_test(size=SMALL) as pilot:
        await Player(pilot).play()
    assert session.is_over
    return session


async def play_save_and_quit(save: str) -> Session:
    session = new_session(SEATS, SEED, STANDOFF)
    notes = Notes()
    app = new_app(session)
    async with app.run_test(size=SMALL, message_hook=notes) as pilot:
        await Player(pilot).play(until=in_round_2)
        assert not session.is_over and board_of(app).my_turn()
        await press(pilot, "ctrl+s")
        await type_path(pilot, save)
        assert isinstance(app.screen, BoardScreen)
        assert f"Saved to {save}" in [n.message for n in notes.items]
        assert not notes.errors()
        await pilot.press("q")
    assert app.return_code == 0
    return session


def test_a_saved_game_loaded_again_plays_on_to_the_same_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    async def run() -> None:
        reference = await uninterrupted()

        saved = await play_save_and_quit("game.json")
        data = json.loads((tmp_path / "game.json").read_text(encoding="utf-8"))
        assert data["format"] == "negsim-save"
        assert data["seed"] == SEED and data["seats"] == saved.seats
        assert len(data["actions"]) == len(saved.actions)

        # Continue from Session.load in a new app.
        loaded = Session.load(tmp_path / "game.json")
        assert loaded.state == saved.state
        app = new_app(loaded)
        async with app.run_test(size=SMALL) as pilot:
            await Player(pilot).play()
        assert loaded.is_over
        assert loaded.actions == reference.actions
        assert loaded.state == reference.state

        # Continue from the load dialog (Ctrl+O) of an app playing another game.
        app = new_app(new_session(SEATS, SEED + 1, STANDOFF))
        notes = Notes()
        async with app.run_test(size=SMALL, message_hook=notes) as pilot:
            await settle(pilot)
            await press(pilot, "ctrl+o")
            await type_path(pilot, "game.json")
            board = board_of(app)
            assert board.session.seed == SEED
            assert "Loaded game.json" in [n.message for n in notes.items]
            await Player(pilot).play()
            assert board.session.is_over
            assert board.session.actions == reference.actions
            assert board.session.state == reference.state

    asyncio.run(run())


def test_a_failed_save_shows_an_error_and_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("not a folder\n", encoding="utf-8")
    (tmp_path / "adir").mkdir()

    async def run() -> None:
        session = new_session(SEATS, SEED, STANDOFF)
        notes = Notes()
        app = new_app(session)
        async with app.run_test(size=SMALL, message_hook=notes) as pilot:
            await settle(pilot)
            before = sorted(p.name for p in tmp_path.iterdir())

            # A file used as a folder: the dialog says so and stays open.
            await press(pilot, "ctrl+s")
            await type_path(pilot, "afile/game.json")
            assert isinstance(app.screen, FileScreen)
            assert any("Cannot create the folder" in m for m in notes.errors())
            await press(pilot, "escape")
            assert isinstance(app.screen, BoardScreen)

            # A folder as the file: the save fails when written; nothing is left behind.
            errors = len(notes.errors())
            await press(pilot, "ctrl+s")
            await type_path(pilot, "adir")
            assert isinstance(app.screen, BoardScreen)
            assert len(notes.errors()) == errors + 1
            assert "Could not save to adir" in notes.errors()[-1]

            assert sorted(p.name for p in tmp_path.iterdir()) == before
            assert (tmp_path / "afile").read_text(encoding="utf-8") == "not a folder\n"
            assert list((tmp_path / "adir").iterdir()) == []
            assert not session.is_over and board_of(app).session is session

    asyncio.run(run())


def test_a_game_of_another_scenario_loaded_with_ctrl_o_autosaves_to_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading a Standoff save on a dec2021 board used to autosave it over dec2021's unfinished game."""
    monkeypatch.chdir(tmp_path)
    standoff = new_session(SEATS, SEED, STANDOFF)
    standoff.play(standoff.legal()[0])
    standoff.save(tmp_path / "standoff.json")

    async def run() -> None:
        app = new_app(new_session(human("poland"), seed=3), autosave=True)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            await press(pilot, "ctrl+o")
            await type_path(pilot, "standoff.json")
            assert board_of(app).session.rules.id == standoff.rules.id
            await pilot.press("q")
        assert Session.load(autosave_path(standoff.rules)).actions[:1] == standoff.actions
        assert not (state_dir() / "autosave-dec2021.json").exists()

    asyncio.run(run())
