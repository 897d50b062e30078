"""The state folder can never stop the app, and a save's rules are never doctored unseen (issue #11).

Bad autosaves (a dangling symlink, a symlink loop, a FIFO, a folder, a 100,000-deep save, a
5,000-digit seed, a lone surrogate, 9 MiB of text) are set aside at start-up and the player is
told once; the file dialogs list only usable saves; a save whose copy of the scenario differs
from the scenario file asks which rules to play by, and the board says "modified rules".
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList
from tui_helpers import (
    SMALL,
    STANDOFF,
    Notes,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    press,
    screen_text,
    settle,
    top,
    type_path,
)

from negsim.saverules import MODIFIED, UNVERIFIED
from negsim.session import autosave_path, open_save, state_dir
from negsim.tui.app import ResumeScreen
from negsim.tui.loading import RulesChoiceScreen
from negsim.tui.screens.debrief import debrief_text
from negsim.tui.screens.files import FileScreen, saves_dir
from negsim.tui.screens.newgame import NewGameScreen

ROOT = Path(__file__).resolve().parents[2]
SAVES = ROOT / "tests" / "fixtures" / "saves"


def bad_entries(folder: Path, prefix: str) -> list[str]:
    """Put one bad entry of every kind in ``folder``, named ``PREFIX<kind>.json``; their names."""
    made = {
        "dangling": lambda p: p.symlink_to(folder / "nowhere.json"),
        "loop": lambda p: p.symlink_to(p),
        "fifo": os.mkfifo,
        "folder": lambda p: p.mkdir(),
        "deep": lambda p: p.write_text('{"format": "negsim-save", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        "digits": lambda p: shutil.copy(SAVES / "seed_5000_digits.json", p),
        "surrogate": lambda p: shutil.copy(SAVES / "surrogate_in_scenario.json", p),
        "huge": lambda p: p.write_bytes(b" " * (9 * 1024 * 1024)),
        "tampered": lambda p: shutil.copy(SAVES / "swapped_action.json", p),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for kind, make in made.items():
        make(folder / f"{prefix}{kind}.json")  # type: ignore[no-untyped-call]
    return sorted(f"{prefix}{kind}.json" for kind in made)


def test_start_up_sets_every_bad_autosave_aside_tells_once_and_offers_the_good_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    home = state_dir()
    bad = bad_entries(home, "autosave-bad-")
    good = new_session(human("red"), seed=2, path=STANDOFF)
    good.play(good.legal()[0])
    good.save(autosave_path(good.rules))
    os.utime(autosave_path(good.rules), (1, 1))  # the oldest: every bad one is read before it

    async def run() -> None:
        notes = Notes()
        app = new_app(None, autosave=True, offer_resume=True)
        async with app.run_test(size=SMALL, message_hook=notes) as pilot:
            await settle(pilot)
            assert isinstance(top(app), ResumeScreen)  # the good one is still offered
            told = [n.message for n in notes.items if n.message.startswith("Set aside")]
            assert len(told) == 1  # one notification for them all
            assert all(name in told[0] for name in bad)
        left = sorted(p.name for p in home.iterdir())
        assert [n for n in left if n.startswith("autosave-bad-") and n.endswith(".json")] == []
        for name in bad:  # renamed, with a note saying why: nothing deleted
            (aside,) = [n for n in left if n.startswith(f"{name}.bad-") and not n.endswith(".txt")]
            assert f"{aside}.txt" in left
        assert autosave_path(good.rules).is_file()

        notes = Notes()
        app = new_app(None, autosave=True, offer_resume=True)
        async with app.run_test(size=SMALL, message_hook=notes) as pilot:
            await settle(pilot)
            assert isinstance(top(app), ResumeScreen)
            assert not [n for n in notes.items if n.message.startswith("Set aside")]  # told once

    asyncio.run(run())


def test_a_bad_autosave_of_the_scenario_being_started_does_not_stop_it() -> None:
    session = new_session(human("red"), seed=2, path=STANDOFF)
    autosave_path(session.rules).parent.mkdir(parents=True, exist_ok=True)
    autosave_path(session.rules).symlink_to(autosave_path(session.rules))  # a loop

    async def run() -> None:
        notes = Notes()
        app = new_app(session, autosave=True, offer_resume=True)
        async with app.run_test(size=SMALL, message_hook=notes) as pilot:
            await settle(pilot)
            assert board_of(app).session is session
            assert any(n.message.startswith("Set aside autosave-standoff.json") for n in notes.items)

    asyncio.run(run())


def test_stale_temporary_files_in_the_state_folder_are_removed_at_start_up() -> None:
    home = state_dir()
    home.mkdir(exist_ok=True)
    stale = home / ".autosave-dec2021.json.a1b2c3d4.tmp"
    stale.write_text("{", encoding="utf-8")
    os.utime(stale, (0, 0))

    async def run() -> None:
        app = new_app(None, autosave=True, offer_resume=True)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert isinstance(top(app), NewGameScreen)
        assert not stale.exists()

    asyncio.run(run())


def test_the_load_dialog_lists_only_usable_saves_and_a_bad_one_loaded_is_set_aside() -> None:
    bad_entries(saves_dir(), "bad-")
    shutil.copy(SAVES / "version_true.json", saves_dir() / "old.json")
    good = saves_dir() / "good.json"
    shutil.copy(SAVES / "good.json", good)
    os.utime(good, (1, 1))

    async def run() -> None:
        notes = Notes()
        app = new_app(new_session(human("red"), seed=2, path=STANDOFF))
        async with app.run_test(size=SMALL, message_hook=notes) as pilot:
            await settle(pilot)
            await press(pilot, "ctrl+o")
            dialog = top(app)
            assert isinstance(dialog, FileScreen)
            listed = dialog.query_one("#existing", OptionList)
            names = [str(listed.get_option_at_index(i).id) for i in range(listed.option_count)]
            # Regular files only (the huge one, the deep one, ... are files: loading them says why).
            assert str(good) in names and str(saves_dir() / "old.json") in names
            assert not any(n.endswith(("dangling.json", "loop.json", "fifo.json", "folder.json")) for n in names)
            await type_path(pilot, str(saves_dir() / "old.json"))
            assert "save format version true" in notes.errors()[-1]
            assert "Set aside old.json" in notes.errors()[-1]
        assert not (saves_dir() / "old.json").exists()

    asyncio.run(run())


@pytest.mark.parametrize("use_file", [False, True])
def test_a_save_whose_rules_differ_from_the_file_asks_which_to_play_by(
    use_file: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    loaded = open_save(SAVES / "doctored_rules.json")
    saved = list(loaded.session.actions)

    async def run() -> None:
        app = new_app(None, loaded=loaded)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert isinstance(top(app), RulesChoiceScreen)
            await press(pilot, "y" if use_file else "escape")
            session = board_of(app).session
            status = screen_text(app).splitlines()[0]
            if use_file:
                assert session.rules.actors[0].win_at == 2 and session.rules_note == ""
                assert MODIFIED not in status
            else:
                assert session.rules.actors[0].win_at == -1000 and session.rules_note == MODIFIED
                assert MODIFIED in status
            assert session.actions[:7] == saved

    asyncio.run(run())


def test_a_save_with_nothing_to_compare_its_rules_with_says_so_on_the_board_and_in_the_debrief(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    loaded = open_save(SAVES / "doctored_rules_no_reference.json")
    session = loaded.session
    while not session.is_over:
        session.play(session.legal()[0])
    assert UNVERIFIED in "".join(str(part) for part in debrief_text(session).renderables)

    async def run() -> None:
        app = new_app(None, loaded=open_save(SAVES / "doctored_rules_no_reference.json"))
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert UNVERIFIED in screen_text(app).splitlines()[0]

    asyncio.run(run())


def test_a_state_folder_that_is_a_file_does_not_stop_the_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "home-file"
    not_a_folder.write_text("x", encoding="utf-8")
    monkeypatch.setenv("NEGSIM_HOME", str(not_a_folder))

    async def run() -> None:
        notes = Notes()
        app = new_app(None, autosave=True, offer_resume=True)
        async with app.run_test(size=SMALL, message_hook=notes) as pilot:
            await settle(pilot)
            assert isinstance(top(app), NewGameScreen)
        app = new_app(new_session(human("red"), seed=2, path=STANDOFF), autosave=True)
        async with app.run_test(size=SMALL, message_hook=notes) as pilot:
            await settle(pilot)
            await pilot.press("q")  # quitting autosaves: it fails, and says so
        assert any(n.message.startswith("Autosave failed") for n in notes.items)
        assert not_a_folder.read_text(encoding="utf-8") == "x"

    asyncio.run(run())
