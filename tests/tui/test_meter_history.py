"""A meter's history (m, then Enter): its values by round and what moved it."""

from __future__ import annotations

import asyncio

from textual.widgets import Static
from tui_helpers import (
    advance,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_session,
    on_board,
    press,
)

from negsim.analysis.turning import track_values
from negsim.core.events import MeterChanged
from negsim.describe import signed
from negsim.tui.screens.meter import MeterScreen
from negsim.tui.widgets.meters import MetersPanel


def test_enter_on_a_meter_shows_what_moved_it() -> None:
    session = advance(new_session(human("poland"), seed=1), lambda s: s.state.round >= 1)
    first = session.rules.meters[0]
    moves = [e for e in session.all_events() if isinstance(e, MeterChanged) and e.meter == first.id]
    assert moves

    async def run() -> None:
        async with on_board(session) as (app, pilot, board):
            if app.screen is not board:
                await press(pilot, "escape")
            await press(pilot, "m")
            meters = board.query_one("#meters", MetersPanel)
            assert meters.has_focus
            assert meters.highlighted == 0  # regression: nothing was highlighted, so Enter did nothing
            await press(pilot, "enter")
            screen = app.screen
            assert isinstance(screen, MeterScreen)
            text = "\n".join(str(s.content) for s in screen.query(Static))
            assert first.name in text
            assert "What moved it" in text
            body = text[text.index("What moved it") :]
            assert "nothing yet" not in body
            lines = [line for line in body.splitlines() if line.strip().startswith("R")]
            assert len(lines) == len(moves)
            for line, e in zip(lines, moves, strict=True):  # a real minus sign, as in the log
                assert f"({signed(e.new - e.old)})" in line and "(-" not in line, line
            await press(pilot, "escape")
            assert app.screen is board

    asyncio.run(run())


def test_a_meter_history_starts_from_the_scenario_start_before_round_one_news() -> None:
    session = new_session(human("russia"), seed=5)  # round 1's news moves cohesion 8 → 9
    rules = session.rules
    cohesion = rules.meters[rules.meter_index["cohesion"]]
    assert session.state.meters[cohesion.slot] != cohesion.start
    for m in rules.meters:
        if m.per_actor:
            continue
        values = track_values(session, m.id, None)
        assert values[0] == m.start, m.id
        assert values[-1] == session.state.meters[m.slot]
