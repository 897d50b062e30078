"""The board with the rules of issue 12: a per-actor meter kept for two actors, an ultimatum that
stays on the table (brink), and a weighted council whose addressee must consent (council)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

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


def test_an_ultimatum_on_the_board() -> None:
    session = new_session(human("west"), seed=SEED, path=BRINK)
    advance(session, answering("ultimatum"))
    text = board_text(session)
    assert "Ultimatum" in text
    assert "Resolve" in text


def test_a_weighted_council_on_the_board() -> None:
    session = new_session(human("poland"), seed=SEED, path=COUNCIL)
    advance(session, answering("energy_deal"))
    text = board_text(session)
    assert "Energy deal" in text
    assert "Standing" in text
