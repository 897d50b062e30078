"""Dialogs say what they are and how to close them; the new-game screen shows which seat has focus."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Label, Select, Static
from textual.widgets._select import SelectCurrent
from tui_helpers import (
    DEC2021,
    SMALL,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_session,
    on_board,
    press,
    settle,
    top,
)

from negsim.tui.app import NegsimApp
from negsim.tui.screens.meter import MeterScreen


@pytest.mark.parametrize(
    ("key", "title"),
    [("c", "The whole card"), ("i", "Actors & goals"), ("f1", "Help"), ("meter", "Alliance cohesion")],
)
def test_each_dialog_has_a_title_and_says_esc_closes_it(key: str, title: str) -> None:
    """Regression: the card, actors, meter and help dialogs opened on a blank line, and nothing said
    how to close them (the footer is hidden under a dialog).
    """
    session = new_session(human("poland"), seed=1)

    async def run() -> None:
        async with on_board(session) as (app, pilot, board):
            if key == "meter":
                app.push_screen(MeterScreen(session, "cohesion", "poland"))
                await settle(pilot)
            else:
                await press(pilot, key)
            dialog = top(app)
            assert dialog is not board
            head = str(dialog.query_one(".dialog-head", Static).render())
            assert head.splitlines()[0] == f"{title}  ·  Esc closes"
            assert dialog.query_one(".dialog-head").region.y == dialog.query_one(".dialog").region.y + 1
            await press(pilot, "escape")
            assert top(app) is board

    asyncio.run(run())


def test_the_focused_seat_on_the_new_game_screen_stands_out() -> None:
    """Regression: the focused seat's choice differed from the others only by a 5% tint."""

    async def run() -> None:
        app = NegsimApp(scenario=str(DEC2021), bot_delay=0, autosave=False, briefings=False)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            selects = list(app.screen.query(Select))
            selects[1].focus()
            await pilot.pause()
            focused, other = (s.query_one(SelectCurrent).rich_style for s in (selects[1], selects[0]))
            assert focused.bgcolor is not None and other.bgcolor is not None
            a, b = focused.bgcolor.get_truecolor(), other.bgcolor.get_truecolor()
            assert sum(abs(x - y) for x, y in zip(a, b, strict=True)) > 200, (a, b)
            assert focused.bold
            labels = list(app.screen.query(".seat-row Label").results(Label))
            assert labels[1].rich_style.bold and not labels[0].rich_style.bold

    asyncio.run(run())
