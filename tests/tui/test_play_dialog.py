"""Playing a card on the board: the hand pane lists exactly the legal ways to play it, the card
pane previews what it will do, Escape goes back, Enter confirms."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual.widgets import OptionList
from tui_helpers import (
    STANDOFF,
    advance,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_session,
    on_board,
    press,
)

from negsim.core.actions import Play
from negsim.session import Session
from negsim.tui.decisions import play_choice
from negsim.tui.widgets.detail import CardDetail


def many_ways_to_play(session: Session) -> bool:
    return sum(isinstance(a, Play) and a.card == "red_demand" for a in session.legal()) >= 3


def test_choosing_how_to_play_lists_every_legal_way_previews_it_and_escape_cancels() -> None:
    session = advance(new_session(human("red"), seed=1, path=STANDOFF), many_ways_to_play)
    rules = session.rules
    legal = [a for a in session.legal() if isinstance(a, Play) and a.card == "red_demand"]
    assert len({a.forum for a in legal}) >= 3  # several forums,
    assert sum(a.target is not None for a in legal) >= 2  # and a unilateral one with a choice of target

    async def run() -> None:
        async with on_board(session) as (app, pilot, board):
            assert app.screen is board and board.my_turn() and board.mode == "cards"
            hand = board.query_one("#hand", OptionList)
            ids = [str(hand.get_option_at_index(i).id) for i in range(hand.option_count)]
            target = ids.index("red_demand")
            assert hand.highlighted is not None
            steps = target - hand.highlighted
            await press(pilot, *(["down"] * steps if steps >= 0 else ["up"] * -steps))
            assert "Border demand" in board.query_one(CardDetail).text

            await press(pilot, "enter")
            assert app.screen is board and board.mode == "play"
            assert board.choices == legal
            assert hand.option_count == len(legal)
            for i, action in enumerate(legal):
                prompt = hand.get_option_at_index(i).prompt
                assert isinstance(prompt, Text)
                assert action.forum is not None
                forum = rules.forums[rules.forum_index[action.forum]]
                assert f"in {forum.name}" in prompt.plain
                if action.target is not None:
                    assert rules.actors[rules.actor_index[action.target]].name in prompt.plain
            prompts = [hand.get_option_at_index(i).prompt for i in range(len(legal))]
            assert len({p.plain for p in prompts if isinstance(p, Text)}) == len(legal)
            preview = board.query_one(CardDetail).text
            # What it does first (when played, then on each answer), then the card and the way.
            assert preview.startswith("When played:") and preview.index("If rejected") < preview.index(
                "“Border demand” in "
            )
            await press(pilot, "down")
            second = rules.forums[rules.forum_index[str(legal[1].forum)]].name
            assert second in board.query_one(CardDetail).text  # the preview follows the highlight

            before, n_actions = session.state, len(session.actions)
            await press(pilot, "escape")
            assert board.mode == "cards"
            assert session.state == before and len(session.actions) == n_actions

            # Choose again and play the second way.
            await press(pilot, "enter")
            assert board.mode == "play"
            await press(pilot, "down", "enter")
            assert session.actions[n_actions] == legal[1]
            assert board.mode != "play"  # the choices are gone (the next decision may be an answer)

    asyncio.run(run())


def test_a_play_choice_names_who_answers_once() -> None:
    rules = new_session(human("russia")).rules
    letter = play_choice(rules, Play(actor="russia", card="ru_treaty", forum="public", target="usa")).plain
    assert letter == "in Public statement or letter to United States"  # not "… answered by US to …"
    osce = play_choice(rules, Play(actor="russia", card="ru_treaty", forum="osce")).plain
    assert osce == "in OSCE Permanent Council — answered by US, PL, DE"
