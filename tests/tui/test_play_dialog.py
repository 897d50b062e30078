"""The play dialog: exactly the legal ways to play the card, a preview, Escape cancels."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual.widgets import OptionList, Static
from tui_helpers import (
    SMALL,
    STANDOFF,
    advance,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    press,
    settle,
)

from negsim.core.actions import Play
from negsim.session import Session
from negsim.tui.screens.dialogs import PlayScreen


def many_ways_to_play(session: Session) -> bool:
    return sum(isinstance(a, Play) and a.card == "red_demand" for a in session.legal()) >= 3


def test_the_play_dialog_lists_every_legal_way_and_escape_cancels() -> None:
    session = advance(new_session(human("red"), seed=1, path=STANDOFF), many_ways_to_play)
    rules = session.rules
    legal = [a for a in session.legal() if isinstance(a, Play) and a.card == "red_demand"]
    assert len({a.forum for a in legal}) >= 3  # several forums,
    assert sum(a.target is not None for a in legal) >= 2  # and a unilateral one with a choice of target

    async def run() -> None:
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            board = board_of(app)
            assert app.screen is board and board.my_turn()
            hand = board.query_one("#hand", OptionList)
            ids = [str(hand.get_option_at_index(i).id) for i in range(hand.option_count)]
            target = ids.index("red_demand")
            assert hand.highlighted is not None
            steps = target - hand.highlighted
            await press(pilot, *(["down"] * steps if steps >= 0 else ["up"] * -steps))
            assert "Border demand" in str(board.query_one("#detail-body", Static).content)

            await press(pilot, "enter")
            dialog = app.screen
            assert isinstance(dialog, PlayScreen)
            assert dialog.options == legal
            choices = dialog.query_one("#choices", OptionList)
            assert choices.option_count == len(legal)
            for i, action in enumerate(legal):
                prompt = choices.get_option_at_index(i).prompt
                assert isinstance(prompt, Text)
                assert action.forum is not None
                forum = rules.forums[rules.forum_index[action.forum]]
                assert f"in {forum.name}" in prompt.plain
                if action.target is not None:
                    assert rules.actors[rules.actor_index[action.target]].name in prompt.plain
            prompts = [choices.get_option_at_index(i).prompt for i in range(len(legal))]
            assert len({p.plain for p in prompts if isinstance(p, Text)}) == len(legal)
            preview = str(dialog.query_one("#preview", Static).content)
            assert preview.strip()

            before, n_actions = session.state, len(session.actions)
            await press(pilot, "escape")
            assert app.screen is board
            assert session.state == before and len(session.actions) == n_actions

            # Open it again and play the second way.
            await press(pilot, "enter")
            assert isinstance(app.screen, PlayScreen)
            await press(pilot, "down", "enter")
            assert session.actions[n_actions] == legal[1]

    asyncio.run(run())
