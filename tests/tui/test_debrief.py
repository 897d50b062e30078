"""The debrief: turning points that explain the ending, and objectives that wrap under their text."""

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

from negsim.core.events import MeterChanged
from negsim.session import Session
from negsim.tui.screens.debrief import DebriefScreen
from negsim.tui.screens.history import turning_points

WAR = ROOT / "tests" / "fixtures" / "war_seed11.json"
"""A real all-bot game (`negsim play --seat russia=greedy --seat usa=random --seat poland=greedy
--seat germany=passive --seat nato=greedy --seed 11`), saved with its scenario: war in round 8 as
escalation climbs 5 → 12 over rounds 6–8 by one rung at a time."""


def test_turning_points_explain_the_ending_before_other_swings() -> None:
    """Regression: the six turning points were ±2 moves of support and pretext, none of the climb
    that ended the game, because each cause's changes in each round were ranked on their own.
    """
    session = Session.load(WAR)
    rules = session.rules
    assert session.is_over and rules.endings[session.state.ending].id == "war"
    points = turning_points(session)
    assert points.ending == "Escalation (Kahn's ladder) 5 → 12 in rounds 6–8"

    crossing = points.decisive[0]
    assert (crossing.first, crossing.cause.id, crossing.changes) == (
        8,
        "ru_recognition",
        (("Escalation (Kahn's ladder)", 1),),
    )
    assert crossing.note == "reached 12: War"
    # The rest: the largest moves of escalation in the climb, each cause summed over its rounds.
    by_cause = {s.cause.id: (s.first, s.last, s.changes[0][1]) for s in points.decisive[1:]}
    assert by_cause["threat_of_war"] == (6, 7, 2)
    assert by_cause["ev_donbas"] == (6, 8, 2)
    count, net = points.rest
    assert sum(s.changes[0][1] for s in points.decisive) + net == 12 - 5
    climb = [
        e for e in session.all_events() if isinstance(e, MeterChanged) and e.meter == "escalation" and e.round >= 6
    ]
    assert len({e.cause for e in climb}) == len(points.decisive) + count

    # Other swings: none repeats the climb, sized by each change's share of its meter's range.
    assert points.swings and all("Escalation" not in name for s in points.swings for name, _ in s.changes)
    spans = {m.name: m.high - m.low for m in rules.meters}
    for s in points.swings:
        assert abs(s.weight - sum(abs(d) / spans[name] for name, d in s.changes)) < 1e-9
    assert [s.weight for s in points.swings] == sorted((s.weight for s in points.swings), reverse=True)


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
