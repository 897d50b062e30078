"""The card pane at 80×24: what a card, a way to play it or an answer would do is in view first,
before the card's text, its limits and forums (which a short pane cuts off)."""

from __future__ import annotations

import asyncio

from tui_helpers import (
    SMALL,
    advance,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_session,
    on_board,
    pane_lines,
    press,
)

from negsim.core.actions import Answer, Play
from negsim.core.rules import PhaseKind, Response
from negsim.describe import card_effects
from negsim.tui.widgets.detail import CardDetail
from negsim.tui.widgets.hand import HandList

PAST = {
    Response.ACCEPT: "accepted",
    Response.REJECT: "rejected",
    Response.COUNTER: "countered",
    Response.SILENCE: "met with silence",
}


def test_every_card_shows_what_it_does_before_its_text() -> None:
    """Regression: the card's text came first, and at 80×24 its effects were below "… more: press c"."""
    session = new_session(human("poland"), seed=3)
    rules = session.rules

    async def run() -> None:
        async with on_board(session, SMALL) as (app, pilot, board):
            hand = board.query_one(HandList)
            detail = board.query_one(CardDetail)
            await press(pilot, "home")
            for card in board.current_view().hand:
                assert hand.highlighted_option is not None and hand.highlighted_option.id == card.id
                effects = card_effects(rules, rules.cards[rules.card_index[card.id]])
                shown = pane_lines(app, detail)
                assert effects[0] in shown, (card.id, shown)  # "When played:" or "If accepted:"
                assert shown[shown.index(effects[0]) + 1].startswith("  "), shown  # and the first effect
                await press(pilot, "down")

    asyncio.run(run())


def test_the_preview_of_a_way_to_play_a_card_shows_each_answers_consequences_first() -> None:
    """Regression: at 80×24 the preview showed the forum's rule, "Limit" and "Forums" first, and
    "If accepted" / "If rejected" fell below "… more: press c"."""
    session = new_session(human("poland"), seed=3)
    rules = session.rules

    async def run() -> None:
        async with on_board(session, SMALL) as (app, pilot, board):
            plays = [a for a in session.legal() if isinstance(a, Play)]
            demand = next(a.card for a in plays if rules.cards[rules.card_index[a.card]].protocol is not None)
            hand = board.query_one(HandList)
            ids = [str(hand.get_option_at_index(i).id) for i in range(hand.option_count)]
            await press(pilot, "home", *["down"] * ids.index(demand), "enter")
            assert board.mode == "play"
            shown = pane_lines(app, board.query_one(CardDetail))
            assert shown[0] == "If accepted:", shown
            at = [
                next(i for i, line in enumerate(shown) if line.startswith(h)) for h in ("If accepted:", "If rejected:")
            ]
            assert shown[at[0] + 1].startswith("  "), shown  # the first effect
            assert not any(line.startswith(("Limit:", "Forums:")) for line in shown[: at[1]]), shown

    asyncio.run(run())


def test_the_preview_of_each_answer_shows_its_consequences_first() -> None:
    session = advance(
        new_session(human("poland"), seed=1), lambda s: s.rules.phases[s.state.phase].kind is PhaseKind.ANSWER
    )

    async def run() -> None:
        async with on_board(session, SMALL) as (app, pilot, board):
            assert board.mode == "answer"
            for action in board.choices:
                assert isinstance(action, Answer)
                await press(pilot, "down")  # no answer is highlighted at first
                shown = pane_lines(app, board.query_one(CardDetail))
                verb = PAST[action.response]
                heading = next(line for line in shown if line.endswith(f" {verb}:"))
                # First, or after one line on what silence or a rejection means in this forum.
                assert shown.index(heading) in (0, 1), shown  # "It will be rejected:" / "If it is rejected:"
                at = shown.index(heading)
                assert shown[at + 1].startswith("  "), shown
                assert any(line.lstrip().startswith("→ you ") for line in shown), shown  # the score after it

    asyncio.run(run())
