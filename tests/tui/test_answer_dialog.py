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
from negsim.tui.decisions import silence_is_consent
from negsim.tui.widgets.detail import CardDetail


def can_counter(session: Session) -> bool:
    return any(isinstance(a, Answer) and a.response is Response.COUNTER for a in session.legal())


def test_answering_lists_and_previews_every_legal_answer() -> None:
    session = advance(new_session(human("blue"), seed=1, path=STANDOFF), can_counter)
    rules = session.rules
    legal = [a for a in session.legal() if isinstance(a, Answer)]
    assert {a.response for a in legal} == set(Response)

    item = session.state.item(legal[0].item)
    assert item is not None

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
            silence = "Stay silent = no objection" if silence_is_consent(rules, item) else "Stay silent"
            verbs = {Response.ACCEPT: "Accept", Response.REJECT: "Reject", Response.SILENCE: silence}
            assert labels == [
                f"Counter with “{rules.cards[rules.card_index[a.counter]].name}”" if a.counter else verbs[a.response]
                for a in legal
            ]

            # No answer is chosen for the player: nothing is highlighted, and the pane says how to choose.
            assert choices.highlighted is None
            assert board.query_one(CardDetail).text.startswith("Choose an answer with ↑ ↓")

            # Each answer, highlighted, previews what it would do and the player's score, under who tabled what.
            words = {
                Response.ACCEPT: "accepted",
                Response.REJECT: "rejected",
                Response.SILENCE: "met with silence",
                Response.COUNTER: "countered",
            }
            seen: list[str] = []
            for i, action in enumerate(legal):
                await press(pilot, "down")
                assert choices.highlighted == i
                text = board.query_one(CardDetail).text
                assert "tabled" in text  # who tabled what, under the consequences
                assert f"If it is {words[action.response]}:" in text  # not "It will be …", a prediction
                assert "→ you " in text and "(wins at" in text  # the score as if the game ended then
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
            assert board.mode == "answer" and choices.highlighted is None
            await press(pilot, "enter")  # nothing highlighted: nothing happens
            assert len(session.actions) == n_actions

            # Enter once asks for confirmation; moving on cancels it; Enter twice answers.
            await press(pilot, "down", "down", "enter")
            assert len(session.actions) == n_actions and board.confirming == 1
            assert board.query_one(CardDetail).text.startswith("Enter again to answer")
            await press(pilot, "up")
            assert board.confirming is None
            await press(pilot, "down", "enter", "enter")
            assert session.actions[n_actions] == legal[1]

    asyncio.run(run())


def test_silence_where_a_forum_reads_it_as_no_objection_is_named_so_with_its_consequence() -> None:
    """User audit: staying silent let Russia's demand pass when Germany accepted, and nothing said that
    silence is "no objection" in a consensus forum.
    """

    def consensus_answer(s: Session) -> bool:
        answers = [a for a in s.legal() if isinstance(a, Answer)]
        item = s.state.item(answers[0].item) if answers else None
        return item is not None and silence_is_consent(s.rules, item)

    session = advance(new_session(human("poland"), seed=1), consensus_answer)
    legal = [a for a in session.legal() if isinstance(a, Answer)]
    silent = legal.index(next(a for a in legal if a.response is Response.SILENCE))

    async def run() -> None:
        async with on_board(session) as (_, pilot, board):
            choices = board.query_one("#hand", OptionList)
            prompt = choices.get_option_at_index(silent).prompt
            assert isinstance(prompt, Text) and prompt.plain == "Stay silent = no objection"
            await press(pilot, *["down"] * (silent + 1))
            text = board.query_one(CardDetail).text
            assert text.startswith("Staying silent is no objection in ")
            assert "if the others accept, it is accepted" in text

    asyncio.run(run())
