"""The answer dialog: accept, reject, silence and the legal counters, each previewed before it is given."""

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

from negsim.core.actions import Answer
from negsim.core.rules import Response
from negsim.session import Session
from negsim.tui.widgets.detail import CardDetail


def can_counter(session: Session) -> bool:
    return any(isinstance(a, Answer) and a.response is Response.COUNTER for a in session.legal())


def test_answering_lists_and_previews_every_legal_answer() -> None:
    session = advance(new_session(human("blue"), seed=1, path=STANDOFF), can_counter)
    rules = session.rules
    legal = [a for a in session.legal() if isinstance(a, Answer)]
    assert {a.response for a in legal} == set(Response)

    async def run() -> None:
        async with on_board(session) as (app, pilot, board):
            assert app.screen is board and board.mode == "answer"  # shown by itself: the seat must answer
            assert board.choices == legal
            choices = board.query_one("#hand", OptionList)
            assert choices.option_count == len(legal)
            labels = []
            for i in range(len(legal)):
                prompt = choices.get_option_at_index(i).prompt
                assert isinstance(prompt, Text)
                labels.append(prompt.plain)
            verbs = {Response.ACCEPT: "Accept", Response.REJECT: "Reject", Response.SILENCE: "Stay silent"}
            assert labels == [
                f"Counter with “{rules.cards[rules.card_index[a.counter]].name}”" if a.counter else verbs[a.response]
                for a in legal
            ]

            # Each answer, highlighted, previews what it would do, under who tabled what.
            words = {
                Response.ACCEPT: "accepted",
                Response.REJECT: "rejected",
                Response.SILENCE: "met with silence",
                Response.COUNTER: "countered",
            }
            seen = []
            for i, action in enumerate(legal):
                if i:
                    await press(pilot, "down")
                assert choices.highlighted == i
                text = board.query_one(CardDetail).text
                assert "tabled" in text  # who tabled what, under the consequences
                first = text.splitlines()[0]
                assert first == f"If it is {words[action.response]}:"  # not "It will be …", a prediction
                item = session.state.item(action.item)
                assert item is not None
                assert ("Only you answer: your answer decides." in text) == (len(item.responders) == 1)
                if action.counter:
                    assert f"Your counter-offer “{rules.cards[rules.card_index[action.counter]].name}”" in text
                seen.append(text)
            assert len(set(seen)) == len(legal)

            # Escape looks at the cards without answering; "a" brings the answers back.
            before, n_actions = session.state, len(session.actions)
            await press(pilot, "escape")
            assert board.mode == "cards"
            assert session.state == before
            await press(pilot, "a")
            assert board.mode == "answer"
            await press(pilot, "down", "enter")
            assert session.actions[n_actions] == legal[1]

    asyncio.run(run())
