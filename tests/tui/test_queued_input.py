"""Input queued while the app is busy must not close the wrong screen (regressions from the monkey test)."""

from __future__ import annotations

import asyncio

from textual import events
from textual.command import CommandPalette
from textual.widgets import OptionList
from tui_helpers import (
    advance,
    headless_replay,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_session,
    on_board,
    press,
    settle,
    top,
)

from negsim.core.actions import Answer
from negsim.core.rules import PhaseKind
from negsim.session import Session
from negsim.tui.screens.board import BoardScreen


def test_enter_on_a_choice_then_ctrl_p_leave_a_consistent_screen_stack() -> None:
    """Enter on a way to play a card, Ctrl+P an instant later. (When decisions were dialogs, the
    dialog's late ``dismiss`` closed the palette instead of itself and the app crashed: NoMatches on
    CommandList.) Interleavings around that window are tried.
    """

    async def run(gap: int) -> None:
        session = new_session(human("poland"), seed=1)
        async with on_board(session) as (app, pilot, board):
            await press(pilot, "enter")
            assert board.mode == "play"
            decisions = sum(a.actor == "poland" for a in session.actions)
            app.post_message(events.Key("enter", "\r"))
            for _ in range(gap):
                await asyncio.sleep(0)
            app.post_message(events.Key("ctrl+p", None))
            await settle(pilot)
            assert app.return_code is None, gap
            stack = app.screen_stack[1:]
            assert stack[0] is board, gap
            palettes = [s for s in stack if isinstance(s, CommandPalette)]
            assert not palettes or palettes == [top(app)], (gap, stack)
            assert sum(a.actor == "poland" for a in session.actions) <= decisions + 1, gap
            for _ in range(4):  # Escape closes the palette and any dialog
                if top(app) is not board:
                    await press(pilot, "escape")
            assert [type(s) for s in app.screen_stack[1:]] == [BoardScreen], gap

    for gap in range(2, 9):  # Textual 8.2: the dialog's late Enter closed the palette at 4, crashed at 5-6
        asyncio.run(run(gap))


def last_to_answer(session: Session) -> bool:
    if session.rules.phases[session.state.phase].kind is not PhaseKind.ANSWER:
        return False
    answer = next(a for a in session.legal() if isinstance(a, Answer))
    item = session.state.item(answer.item)
    assert item is not None
    return len(item.answers) == len(item.responders) - 1


def test_a_click_on_another_answer_just_after_enter_does_not_crash() -> None:
    """Enter confirms an answer that resolves the item; a click on another answer a moment later must
    not give a second answer to it, nor crash. (When answers were a dialog, the closing dialog's
    preview looked the resolved item up and failed: AssertionError.)
    """
    start = advance(new_session(human("poland"), seed=1), last_to_answer)

    async def run(gap: int) -> None:
        session = headless_replay(start)
        async with on_board(session) as (app, pilot, board):
            assert board.mode == "answer"
            options = [a for a in board.choices if isinstance(a, Answer)]
            item = options[0].item
            choices = board.query_one("#hand", OptionList)
            x, y = choices.region.x + 3, choices.region.y + 2  # the second answer
            await press(pilot, "down", "enter")  # the first answer, to be confirmed
            app.post_message(events.Key("enter", "\r"))
            for _ in range(gap):
                await asyncio.sleep(0)
            for event in (events.MouseDown, events.MouseUp):
                app.post_message(event(None, x, y, 0, 0, 1, False, False, False, x, y))
            await settle(pilot)
            assert app.return_code is None, gap
            mine = [a for a in session.actions if isinstance(a, Answer) and a.item == item]
            # At most one answer, Enter's or the click's (a click on another answer may only highlight it
            # and ask to confirm that one instead: an answer is taken only once confirmed).
            assert len(mine) <= 1 and all(m in options[:2] for m in mine), gap

    for gap in range(2, 8):  # Textual 8.2: crashed at 5
        asyncio.run(run(gap))
