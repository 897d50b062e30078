"""Ctrl+P: the command palette plays a card by name."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.command import CommandPalette
from tui_helpers import (
    SMALL,
    Driver,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    on_board,
    press,
    screen_text,
    settle,
    top,
)

from negsim.core.actions import Play
from negsim.tui.screens.board import BoardScreen
from negsim.tui.screens.meter import MeterScreen


async def open_palette(pilot: Driver) -> tuple[BoardScreen, CommandPalette]:
    """Let the bots move to the person's decision, then press Ctrl+P: the board and the palette."""
    await settle(pilot)
    board = board_of(pilot.app)  # type: ignore[arg-type]
    await press(pilot, "ctrl+p")
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    return board, palette


def test_the_command_palette_plays_a_card_by_name() -> None:
    session = new_session(human("poland"), seed=1)

    async def run() -> None:
        async with on_board(session) as (app, pilot, board):
            assert board.my_turn()
            card = session.rules.cards[session.rules.card_index["pl_osce_dialogue"]]
            assert any(isinstance(a, Play) and a.card == card.id for a in session.legal())
            highlighted = board.query_one("#hand").highlighted_option  # type: ignore[attr-defined]
            assert highlighted is not None and highlighted.id != card.id
            n_actions = len(session.actions)

            await press(pilot, "ctrl+p")
            assert isinstance(app.screen, CommandPalette)
            await press(pilot, *"OSCE")
            await press(pilot, "enter")
            board = board_of(app)
            assert top(app) is board and board.mode == "play"
            assert {a.card for a in board.choices if isinstance(a, Play)} == {card.id}
            await press(pilot, "enter")
            action = session.actions[n_actions]
            assert isinstance(action, Play) and action.actor == "poland" and action.card == card.id
            assert action.forum is not None  # chosen among the ways to play it

    asyncio.run(run())


def test_a_fast_double_click_on_a_command_runs_it_once_and_keeps_the_board() -> None:
    """Regression (found by the monkey test): both clicks of a double-click queued while the app was busy
    reached the palette; the second selection dismissed the board under it and ran the command again.
    """
    session = new_session(human("poland"), seed=1)

    async def run() -> None:
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            board, _ = await open_palette(pilot)
            lines = screen_text(app).splitlines()
            y = next(i for i, line in enumerate(lines) if "Play: " in line)
            x = lines[y].index("Play: ") + 2
            for _ in range(2):  # both clicks arrive before the palette handles the first
                for event in (events.MouseDown, events.MouseUp):
                    app.post_message(event(None, x, y, 0, 0, 1, False, False, False, x, y))
            await settle(pilot)
            assert app.return_code is None
            assert [type(s) for s in app.screen_stack[1:]] == [BoardScreen]
            assert board.mode == "play"  # the command ran once: choosing how to play the card
            await press(pilot, "escape")
            assert top(app) is board and board.mode == "cards"
            assert len(session.actions) == 0 or session.actions[-1].actor != "poland"

    asyncio.run(run())


@pytest.mark.parametrize("key", ["pagedown", "pageup", "ctrl+end", "ctrl+home", "end", "home", "down", "up"])
def test_a_key_that_moves_through_the_commands_right_after_ctrl_p_does_not_crash(key: str) -> None:
    """Regression (user audit): Ctrl+P at once followed by PageDown, while the command list was filled
    but not yet laid out, crashed the app (``KeyError: 0`` in Textual's ``OptionList._move_page``).
    """
    session = new_session(human("poland"), seed=3)

    async def run() -> None:
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            for name in ("ctrl+p", key, key):  # queued together: nothing runs in between
                app.post_message(events.Key(name, None))
            await settle(pilot)
            assert app.return_code is None
            assert isinstance(app.screen, CommandPalette)
            await press(pilot, key)  # and once the list is shown
            assert isinstance(app.screen, CommandPalette)
            await press(pilot, "escape")
            assert top(app) is board_of(app)

    asyncio.run(run())


def test_ctrl_p_right_after_quitting_does_not_crash() -> None:
    """Regression (monkey seed 4): Ctrl+P queued behind q opened the palette on an app shutting down;
    its command search found no list to fill (``NoMatches``) and the app exited with an error.
    """
    session = new_session(human("poland"), seed=3)

    async def run() -> None:
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            app.post_message(events.Key("q", "q"))
            await pilot.pause(0)
            app.post_message(events.Key("ctrl+p", None))
            await pilot.pause()
        assert app.return_code == 0

    asyncio.run(run())


def test_ctrl_p_with_a_palette_under_another_screen_opens_no_second_palette() -> None:
    """Regression (monkey seed 10): Enter on a meter and Ctrl+P queued together opened the meter's history
    over the palette; a second Ctrl+P pushed a second palette with the same id (``DuplicateIds``).
    """
    session = new_session(human("poland"), seed=3)

    async def run() -> None:
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            board, palette = await open_palette(pilot)
            app.push_screen(MeterScreen(session, session.rules.meters[0].id, board.viewer))  # the late Enter
            await settle(pilot)
            await press(pilot, "ctrl+p")
            assert app.return_code is None
            assert [s for s in app.screen_stack if isinstance(s, CommandPalette)] == [palette]

    asyncio.run(run())
