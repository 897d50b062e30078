"""A whole game of dec2021 through the UI: one person (Poland), bots for the rest, at 80×24."""

from __future__ import annotations

import asyncio

from tui_helpers import (
    SMALL,
    Player,
    board_of,
    headless_replay,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
)

from negsim.core.actions import Answer, Pass, Play
from negsim.tui.screens.debrief import DebriefScreen


def test_a_whole_game_through_the_dialogs_reaches_the_debrief_and_replays_headlessly() -> None:
    async def run() -> None:
        session = new_session(human("poland"), seed=1)
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            player = Player(pilot)
            end = await player.play()
            assert end is session
            assert end.is_over
            assert isinstance(app.screen, DebriefScreen)
            assert board_of(app).session is session

            mine = [a for a in session.actions if a.actor == "poland"]
            plays = [a for a in mine if isinstance(a, Play)]
            answers = [a for a in mine if isinstance(a, Answer)]
            passes = [a for a in mine if isinstance(a, Pass)]
            # Every human decision was made on screen: each play and answer was confirmed in its dialog.
            assert plays and len(plays) == player.tally.plays
            assert answers and len(answers) == player.tally.answers
            assert passes and len(passes) == player.tally.passes
            assert len(mine) == player.tally.plays + player.tally.answers + player.tally.passes
            assert {a.actor for a in session.actions} >= {"russia", "usa", "germany", "nato"}

            replay = headless_replay(session)
            assert replay.state == session.state
            assert replay.is_over

    asyncio.run(run())
