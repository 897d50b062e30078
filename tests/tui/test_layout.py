"""The board at 80×24 (nothing essential cut off) and at 160×50 (full meter names)."""

from __future__ import annotations

import asyncio
import re

import pytest
from textual.geometry import Region
from tui_helpers import (
    LARGE,
    SMALL,
    advance,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    screen_text,
    settle,
)

from negsim.session import Session

PANELS = ("#status", "#meters", "#table", "#log", "#hand", "#detail")
MIN_HEIGHT = {"#log": 3, "#hand": 4}


def busy_table(session: Session) -> bool:
    return session.state.round >= 2 and len(session.state.table) >= 2


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x50"])
@pytest.mark.parametrize("when", ["start", "busy table"])
def test_every_board_panel_is_on_screen(size: tuple[int, int], when: str) -> None:
    session = new_session(human("poland"), seed=1)
    if when == "busy table":
        advance(session, busy_table)

    async def run() -> None:
        app = new_app(session)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            board = board_of(app)
            screen = Region(0, 0, *size)
            for panel in PANELS:
                region = board.query_one(panel).region
                assert region.width >= 1 and region.height >= MIN_HEIGHT.get(panel, 1), (panel, region)
                assert screen.contains_region(region), (panel, region)
            # The panels do not overlap.
            regions = [board.query_one(p).region for p in PANELS]
            for i, a in enumerate(regions):
                for b in regions[i + 1 :]:
                    assert not a.overlaps(b), (a, b)

    asyncio.run(run())


def test_the_wide_board_shows_full_meter_names() -> None:
    session = new_session(human("poland"), seed=1)

    async def run() -> None:
        app = new_app(session)
        async with app.run_test(size=LARGE) as pilot:
            await settle(pilot)
            text = screen_text(app)
            for meter in session.rules.meters:
                assert meter.name in text, meter.name
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            text = screen_text(app)
            shortened = [m for m in session.rules.meters if m.name not in text]
            assert shortened  # at 80 columns the short names are used
            for meter in shortened:
                assert meter.short in text

    asyncio.run(run())


@pytest.mark.parametrize(
    ("size", "detail"),
    [((220, 50), 2), (LARGE, 1), (SMALL, 0)],
    ids=["220x50 words", "160x50 counts", "80x24 names"],
)
def test_the_actors_line_says_as_much_as_fits_on_one_line(size: tuple[int, int], detail: int) -> None:
    session = new_session(human("poland"), seed=1)

    async def run() -> None:
        app = new_app(session)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            bar = board_of(app).query_one("#actors")
            line = str(bar.render())
            assert "\n" not in line and len(line) <= bar.size.width and "…" not in line
            expected = [r"US(?! random)", r"US random \(\d+\)", r"US random bot \(\d+ cards\)"][detail]
            assert re.search(expected, line), line
            assert ("PL you (" if detail else "PL(you)") in line, line

    asyncio.run(run())
