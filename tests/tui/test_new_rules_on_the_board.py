"""The board with the rules of issue 12: a per-actor meter kept for two actors, an ultimatum that
stays on the table (brink), and a weighted council whose addressee must consent (council)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from tui_helpers import (
    advance,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_session,
    on_board,
    screen_text,
)

from conftest import ROOT
from negsim.core.rules import PhaseKind
from negsim.session import Session

BRINK = ROOT / "tests" / "scenarios" / "brink.yaml"
COUNCIL = ROOT / "tests" / "scenarios" / "council.yaml"
WIDE = (160, 50)
SEED = 1
"""A seed on which the random bots table the item the person answers."""


def answering(card: str) -> Callable[[Session], bool]:
    """``until`` for ``advance``: the person must answer an item of ``card``."""

    def holds(session: Session) -> bool:
        s = session.state
        if s.rules.phases[s.phase].kind is not PhaseKind.ANSWER or not s.queue:
            return False
        item = s.item(s.queue[0][0])
        return item is not None and s.rules.cards[item.card].id == card

    return holds


def board_text(session: Session) -> str:
    """The board's text at a wide size, once it has settled on the person's decision."""

    async def run() -> str:
        async with on_board(session, WIDE) as (app, _pilot, _board):
            return screen_text(app)

    return asyncio.run(run())


@pytest.mark.parametrize(
    ("path", "seat", "card", "shown", "not_shown"),
    [
        # An ultimatum on the table; resolve is kept for East and West only (a column of the actors'
        # table; which rows it has is checked in test_board_state.py).
        (BRINK, "west", "ultimatum", ["“Ultimatum”", "Resolve"], ["(east)", "(west)", "(ally)"]),
        # An item whose addressee must consent; standing is kept for the five states, not the Commission.
        (COUNCIL, "poland", "energy_deal", ["“Energy deal”", "Standing"], ["(poland)", "(commission)"]),
    ],
    ids=["brink", "council"],
)
def test_the_board_shows_the_new_rules(
    path: Path, seat: str, card: str, shown: list[str], not_shown: list[str]
) -> None:
    session = new_session(human(seat), seed=SEED, path=path)
    advance(session, answering(card))
    text = board_text(session)
    assert [x for x in shown if x not in text] == []
    assert [x for x in not_shown if x in text] == []
