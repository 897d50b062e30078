"""The debrief: turning points that explain the ending, and objectives that wrap under their text."""

from __future__ import annotations

import asyncio
import io

from rich.console import Console
from tui_helpers import (
    ROOT,
    SMALL,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    screen_text,
    settle,
)

from negsim.analysis.turning import swing_text, turning_points
from negsim.core.events import MeterChanged
from negsim.session import Session
from negsim.tui.screens.debrief import DebriefScreen, debrief_text

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


TWO_ENDINGS = ROOT / "tests" / "fixtures" / "breakthrough_and_fracture_seed149.json"
"""A real all-bot game (`negsim play --seat russia=greedy --seat usa=greedy --seat poland=greedy
--seat germany=greedy --seat nato=greedy --seed 149`), saved with its scenario: Russia's diplomatic
breakthrough in round 8, by the accepted card that also brought alliance cohesion down to 0 (an
ending too), 9 → 0 over rounds 3–8 in steps of 1 and 2; Poland delivered weapons in rounds 1, 3 and 8."""


def test_turning_points_tell_every_ending_met_each_meters_biggest_move_and_repeats_once() -> None:
    """User audit: a game ended on Russia's diplomatic breakthrough, but the same accepted card also
    brought cohesion to 0; the debrief never mentioned cohesion 9 → 0, the biggest change of the game,
    and its "Other big swings" listed Poland's "Deliver weapons" +2 three times.
    """
    session = Session.load(TWO_ENDINGS)
    rules = session.rules
    assert rules.endings[session.state.ending].id == "breakthrough"
    points = turning_points(session)
    assert points.ending == "Russian leverage 2 → 10 in rounds 4–8"

    (fracture,) = points.also
    assert (fracture.name, fracture.run) == ("Alliance fracture", "Alliance cohesion 9 → 0 in rounds 3–8")
    met = fracture.decisive[0]
    assert met.cause == points.decisive[0].cause and met.note == "reached 0"  # the card that ended the game
    count, net = fracture.rest
    assert sum(s.changes[0][1] for s in fracture.decisive) + net == 0 - 9 and count > 0

    # Each other meter's biggest net move, largest first, before the swings; none repeats a run above.
    spans = {m.name: m.high - m.low for m in rules.meters}
    assert [str(m) for m in points.moves][:2] == [
        "Russian propaganda and pretext 1 → 9 in rounds 1–8",
        "Escalation (Kahn's ladder) 6 → 1 in rounds 3–6",
    ]
    assert all(abs(m.weight - abs(m.new - m.old) / spans[m.track]) < 1e-9 for m in points.moves)
    assert [m.weight for m in points.moves] == sorted((m.weight for m in points.moves), reverse=True)
    assert not {m.track for m in points.moves} & {"Alliance cohesion", "Russian leverage"}

    # The same swing in several rounds is one line, with its rounds.
    causes = [(s.cause, s.changes) for s in points.swings]
    assert len(causes) == len(set(causes))
    weapons = points.swings[0]
    assert (weapons.cause.id, weapons.cause.actor, weapons.rounds) == ("arms_ukraine", "poland", (1, 3, 8))
    assert swing_text(rules, weapons).startswith("3 times (rounds 1, 3, 8) · “Deliver weapons to Ukraine” (Poland): ")
    assert swing_text(rules, weapons).endswith(" each")

    console = Console(width=80, file=io.StringIO(), record=True)
    console.print(debrief_text(session))
    text = " ".join(console.export_text().split())
    for line in (
        "How it ended: Russian leverage 2 → 10 in rounds 4–8, by cause:",
        "Also met at the end: Alliance fracture (Alliance cohesion 9 → 0 in rounds 3–8), by cause:",
        "Biggest moves of the other meters: Russian propaganda and pretext 1 → 9 in rounds 1–8",
        "Other big swings: 3 times (rounds 1, 3, 8) · “Deliver weapons to Ukraine” (Poland)",
    ):
        assert line in text, line


def test_debrief_objectives_wrap_under_their_text_at_80_columns() -> None:
    """Regression: a wrapped objective went back to column 1 (``below. (+3)``)."""
    session = Session.load(WAR)

    async def run() -> None:
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, DebriefScreen)
            for _ in range(40):  # the results come after why this ending and how near the others came
                lines = screen_text(app).splitlines()
                if any("Weaken military cooperation" in line for line in lines[:-3]):
                    break
                await pilot.press("down")
            first = next(i for i, line in enumerate(lines) if "Weaken military cooperation" in line)
            column = lines[first].index("Weaken")
            wrapped = lines[first + 1]
            assert wrapped[:column].strip() == "" and wrapped[column] != " ", (lines[first], wrapped)

    asyncio.run(run())
