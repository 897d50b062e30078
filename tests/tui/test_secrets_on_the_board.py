"""Secrets on the board (R13, issue 12's leak target, the Pilot sample): the board rendered for a seat
names nothing hidden from it -- another seat's private flag, a meter it sees no track of, a secret
card another seat played -- and in a sealed phase the next player's board does not show the choice
the previous one made."""

from __future__ import annotations

import asyncio

import pytest
from tui_helpers import (
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_session,
    on_board,
    press,
    screen_text,
)

from conftest import ROOT
from negsim.core.events import CardPlayed
from negsim.session import Session

BACKCHANNEL = ROOT / "tests" / "scenarios" / "backchannel.yaml"
SIZES = [(80, 24), (160, 50)]

HIDDEN = {
    "west": ["Warheads", "warheads", "Island's trust", "isle_trust"],
    "isle": ["Warheads", "warheads"],
}
"""What each seat may never be shown (a flag only Eastland sees; a meter only the island sees)."""


def secret_plays(session: Session, seat: str) -> list[str]:
    """Names of the secret cards others played that ``seat`` was not shown."""
    rules = session.rules
    hidden: set[str] = set()
    seen: set[str] = set()
    for e in session.all_events():
        if isinstance(e, CardPlayed):
            (seen if e.seen_by is None or seat in e.seen_by else hidden).add(e.card)
    me = rules.actor_index[seat]
    return [
        rules.cards[rules.card_index[c]].name
        for c in sorted(hidden - seen)
        if me not in rules.cards[rules.card_index[c]].owners
    ]


def boards(session: Session) -> list[str]:
    async def run() -> list[str]:
        out = []
        for size in SIZES:
            async with on_board(session, size) as (app, _pilot, _board):
                out.append(screen_text(app))
        return out

    return asyncio.run(run())


@pytest.mark.parametrize("seat", ["west", "isle"])
@pytest.mark.parametrize("seed", range(4))
def test_the_board_names_nothing_hidden_from_its_seat(seat: str, seed: int) -> None:
    session = new_session(human(seat), seed=seed, path=BACKCHANNEL)
    checked = 0
    while not session.is_over and checked < 3:
        if session.is_human(session.to_move):
            forbidden = [*HIDDEN[seat], *secret_plays(session, seat)]
            for text in boards(session):
                assert [w for w in forbidden if w in text] == [], text
            checked += 1
            session.play(session.legal()[-1])
        else:
            session.play(session.bot_action())
    assert checked


def test_in_a_sealed_phase_the_next_player_does_not_see_the_choice_made() -> None:
    """Hot seat: West chooses blind, the keyboard passes to East, whose board says that West has
    chosen, not what."""
    from negsim import Play

    session = new_session(human("west", "east"), seed=1, path=BACKCHANNEL)
    while session.state.phase_id != "standoff":
        if session.is_human(session.to_move):
            session.play(next(a for a in session.legal() if type(a).__name__ == "Pass"))
        else:
            session.play(session.bot_action())
    assert session.to_move == "west"
    session.play(Play(actor="west", card="hold"))
    assert session.to_move == "east"

    async def run() -> str:
        async with on_board(session, (160, 50)) as (app, pilot, _board):
            assert "Pass the keyboard to Eastland" in screen_text(app)
            await press(pilot, "enter")
            return screen_text(app)

    text = asyncio.run(run())
    assert "Westland makes a sealed choice" in text
    assert "Westland plays" not in text
    assert "sealed: the others see only that you chose" in text
