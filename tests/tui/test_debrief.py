"""The debrief: objectives that wrap under their text."""

from __future__ import annotations

import asyncio

from tui_helpers import (
    ROOT,
    SMALL,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    screen_text,
    settle,
)

from negsim.session import Session
from negsim.tui.screens.debrief import DebriefScreen

WAR = ROOT / "tests" / "fixtures" / "war_seed11.json"
"""A real all-bot game (`negsim play --seat russia=greedy --seat usa=random --seat poland=greedy
--seat germany=passive --seat nato=greedy --seed 11`), saved with its scenario: war in round 8 as
escalation climbs 5 → 12 over rounds 6–8 by one rung at a time."""


def test_debrief_objectives_wrap_under_their_text_at_80_columns() -> None:
    """Regression: a wrapped objective went back to column 1 (``below. (+3)``)."""
    session = Session.load(WAR)

    async def run() -> None:
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, DebriefScreen)
            lines = screen_text(app).splitlines()
            first = next(i for i, line in enumerate(lines) if "Weaken military cooperation" in line)
            column = lines[first].index("Weaken")
            wrapped = lines[first + 1]
            assert wrapped[:column].strip() == "" and wrapped[column] != " ", (lines[first], wrapped)

    asyncio.run(run())
