"""The new-game screen: seats, seed and scenario, started with Ctrl+N."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, Select, Static
from tui_helpers import (
    ROOT,
    SMALL,
    Notes,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    press,
    settle,
)

from negsim.tui.screens.board import BoardScreen
from negsim.tui.screens.newgame import NewGameScreen


def test_seats_and_seed_chosen_on_screen_start_that_game() -> None:
    async def run() -> None:
        app = new_app(None, offer_resume=False, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, NewGameScreen)
            assert screen.query_one("#seed", Input).value == "5"
            assert screen.query_one("#seat-russia", Select).value == "human"

            # With the keyboard: open the menu of the U.S. seat and pick "Human" (the first entry).
            screen.query_one("#seat-usa", Select).focus()
            await press(pilot, "enter")
            await press(pilot, "home", "enter")
            assert screen.query_one("#seat-usa", Select).value == "human"
            # The others by value.
            screen.query_one("#seat-russia", Select).value = "random"
            screen.query_one("#seat-poland", Select).value = "human"
            screen.query_one("#seat-germany", Select).value = "passive"
            screen.query_one("#seed", Input).focus()  # below the seats: focusing scrolls to it
            await press(pilot, "end", "ctrl+u", *"4242")
            assert screen.query_one("#seed", Input).value == "4242"

            await press(pilot, "ctrl+n")
            board = board_of(app)
            assert board.session.seed == 4242
            assert board.session.seats == {
                "russia": "random",
                "usa": "human",
                "poland": "human",
                "germany": "passive",
                "nato": "heuristic",
            }
            assert board.session.scenario_path.endswith("dec2021.yaml")
            assert not any(isinstance(s, NewGameScreen) for s in app.screen_stack)

    asyncio.run(run())


def test_a_missing_or_broken_scenario_or_a_bad_seed_does_not_start() -> None:
    async def run() -> None:
        notes = Notes()
        app = new_app(None, offer_resume=False, seed=5)
        async with app.run_test(size=SMALL, message_hook=notes) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, NewGameScreen)
            info = screen.query_one("#scenario-info", Static)

            await pilot.click("#scenario")
            await press(pilot, "home", "ctrl+k", *"nope.yaml", "enter")
            assert "No scenario at 'nope.yaml'" in str(info.content)
            assert not screen.query(Select)
            await press(pilot, "ctrl+n")
            assert notes.errors() == ["Open a valid scenario first."]
            assert app.screen is screen

            scenario = screen.query_one("#scenario", Input)
            scenario.value = str(ROOT / "tests" / "fixtures" / "bad" / "duplicate_id.yaml")
            scenario.focus()
            await press(pilot, "enter")
            assert "This scenario has errors" in str(info.content)
            await press(pilot, "ctrl+n")
            assert notes.errors()[-1] == "Open a valid scenario first."
            assert app.screen is screen

            scenario.value = str(ROOT / "tests" / "scenarios" / "standoff.yaml")
            await press(pilot, "enter")
            assert screen.query_one("#seat-red", Select).value == "human"
            screen.query_one("#seed", Input).value = ""
            await press(pilot, "ctrl+n")
            assert notes.errors()[-1] == "The seed is a whole number."
            assert app.screen is screen
            assert not any(isinstance(s, BoardScreen) for s in app.screen_stack)

    asyncio.run(run())


def test_quitting_as_the_new_game_screen_opens_does_not_crash() -> None:
    """Regression (monkey test: "New game" then Escape while the app was busy): the new-game screen's
    on_mount ran while the app was shutting down and failed to fill in the seats (MountError) or
    to find its scenario field (NoMatches), so negsim exited with a traceback.
    """

    async def run(gap: int) -> None:
        app = new_app(new_session(human("poland"), seed=1))
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            app.show_new_game()
            for _ in range(gap):
                await asyncio.sleep(0)
            app.exit()
            await pilot.pause()
        assert app.return_code == 0

    for gap in (0, 3, 6):  # before and after the screen's children are mounted
        asyncio.run(run(gap))
