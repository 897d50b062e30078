"""The board at 80×24 (nothing essential cut off) and at 160×50 (full meter names)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

import pytest
from textual.geometry import Region
from tui_helpers import (
    LARGE,
    ROOT,
    SMALL,
    advance,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    on_board,
    press,
    screen_text,
    settle,
)

from negsim.narrate import forum_name
from negsim.session import Session
from negsim.tui.widgets.board_parts import forum_label
from negsim.tui.widgets.meters import MetersPanel

PANELS = ("#status", "#meters", "#table", "#log", "#hand", "#detail")
MIN_HEIGHT = {"#log": 3, "#hand": 4}


def busy_table(session: Session) -> bool:
    return session.state.round >= 2 and len(session.state.table) >= 2


def first_game(until: Callable[[Session], bool]) -> Session:
    """The first seeded game (Poland a person) to reach a decision of Poland's where ``until`` holds."""
    for seed in range(1, 40):
        try:
            return advance(new_session(human("poland"), seed=seed), until)
        except AssertionError:
            continue
    raise AssertionError("no game gets there")


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x50"])
@pytest.mark.parametrize("when", ["start", "busy table"])
def test_every_board_panel_is_on_screen(size: tuple[int, int], when: str) -> None:
    session = first_game(busy_table) if when == "busy table" else new_session(human("poland"), seed=1)

    async def run() -> None:
        async with on_board(session, size) as (_app, _pilot, board):
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
            expected = [r"bots RU \d+ US \d+ DE \d+ NATO \d+", r"US random \(\d+\)", r"US random bot \(\d+ cards\)"]
            assert re.search(expected[detail], line), line
            assert re.search(r"PL you \(\d+" if detail else r"^you PL \d+ · bots", line), line

    asyncio.run(run())


def test_the_actors_line_says_who_plays_each_seat_in_hot_seat_at_80_columns() -> None:
    """Regression: at 80 columns the line read ``RU(you) US PL DE NATO UA GE``: no bots, no cards; then
    ``you RU19 people US6 bots …`` (user audit: "people" unclear, no space as in ``RU 19`` elsewhere).
    """
    session = new_session(human("poland", "usa"), seed=1)

    async def run() -> None:
        async with on_board(session) as (_app, _pilot, board):
            line = str(board.query_one("#actors").render())
            me, other = ("PL", "US") if board.viewer == "poland" else ("US", "PL")
            assert len(line) <= 38 and re.search(rf"^you {me} \d+ others {other} \d+ bots RU DE NATO$", line)

    asyncio.run(run())


@pytest.mark.parametrize("items", [1, 3])
def test_the_table_shows_each_items_forum_and_who_must_answer_at_80_columns(items: int) -> None:
    """Regression: each item was cut to one line (``#1 RU: "Treaty: no further NATO enla…``), losing
    its forum and who must still answer. Two items or fewer take two lines each with the forum's
    full name while they fit; more take one line each with the forum's short label.
    """
    session = first_game(lambda s: len(s.state.table) == items if items == 1 else len(s.state.table) >= items)

    async def run() -> None:
        async with on_board(session) as (app, pilot, board):
            if app.screen is not board:
                await press(pilot, "escape")
            table = board.query_one("#table")
            lines = str(table.render()).splitlines()
            assert all(len(line) <= table.content_size.width for line in lines)
            rules, on_table = session.rules, board.current_view().table
            per_item = 2 if 2 * len(on_table) <= table.content_size.height else 1
            assert per_item == (2 if items == 1 else 1), lines
            starts = [i for i, line in enumerate(lines) if line.startswith("#")]
            assert len(starts) == min(len(on_table), len(lines)) - (lines[-1].startswith("…")), lines
            for at, item in zip(starts, on_table, strict=False):
                text = " ".join(lines[at : at + per_item])
                assert text.startswith(f"#{item.id} "), text
                waiting = ",".join(rules.actors[rules.actor_index[w]].short for w in item.waiting_for)
                assert f"⏳{waiting}" in text, text
                if item.forum:
                    assert f"in {forum_name(rules, item.forum)}" in text or f"@{forum_label(rules, item.forum)}" in text

    asyncio.run(run())


@pytest.mark.parametrize("items", [0, 1, 3])
def test_the_table_keeps_its_size_and_uses_every_line_it_has_at_80_columns(items: int) -> None:
    """The table keeps three lines (so a play or an answer never lays the board out again) and the
    log takes the rest of the column. Nothing takes one line, one item two, three items one each.
    """
    session = first_game(lambda s: len(s.state.table) == items)

    async def run() -> None:
        async with on_board(session) as (app, pilot, board):
            if app.screen is not board:
                await press(pilot, "escape")
            table, log = board.query_one("#table"), board.query_one("#log")
            lines = str(table.render()).splitlines()
            assert table.content_size.height == 3
            assert len(lines) == max(1, 2 * items if items == 1 else items), lines
            assert log.region.y == table.region.bottom and log.region.bottom == board.query_one("#left").region.bottom

    asyncio.run(run())


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x50"])
def test_a_band_name_leaves_a_column_before_the_panel_beside_the_meters(size: tuple[int, int]) -> None:
    """User audit: at 160 columns "Significant mobilization" (escalation 6) ran up to the border of the
    cards' panel, with no gap.
    """
    session = new_session({"poland": "human", "russia": "greedy"}, seed=1)
    slot = session.rules.meters[session.rules.meter_index["escalation"]].slot
    advance(session, lambda s: s.state.meters[slot] == 6)

    async def run() -> None:
        async with on_board(session, size) as (app, pilot, board):
            if app.screen is not board:
                await press(pilot, "escape")
            r = board.query_one("#meters").region
            panel = [line[r.x : r.right] for line in screen_text(app).splitlines()[r.y + 1 : r.bottom]]
            assert any("Significant mobilization" in line for line in panel), panel
            assert all(line.endswith(" ") for line in panel), panel

    asyncio.run(run())


@pytest.mark.parametrize("when", ["start", "war"])
def test_meter_band_names_are_never_cut_at_80_columns(when: str) -> None:
    """Regression: "Show of…", "Signifi…", "Unconvi…", "Casus b…". A band too long for its gauge's
    line takes a line of its own. Checked at the start and at the end of a war (rung 12).
    """
    fixture = ROOT / "tests" / "fixtures" / "war_seed11.json"
    session = new_session(human("poland"), seed=1) if when == "start" else Session.load(fixture)

    async def run() -> None:
        async with on_board(session) as (app, pilot, board):
            if app.screen is not board:
                await press(pilot, "escape")
            # The panel scrolls (its title says how many lines are below): every line, as it is scrolled to.
            meters = board.query_one(MetersPanel)
            r = meters.region
            panel: list[str] = []
            for i in range(meters.option_count):
                meters.highlighted = i
                await pilot.pause()
                panel += [line[r.x : r.right] for line in screen_text(app).splitlines()[r.y : r.bottom]]
            assert "…" not in "".join(panel), panel
            for mv in board.current_view().meters:
                assert mv.band and any(mv.band in line for line in panel), (mv.band, panel)

    asyncio.run(run())
