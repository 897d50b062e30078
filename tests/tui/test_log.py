"""The log pane: entries wrapped to its width (again after a resize), hanging indents, the end in view."""

from __future__ import annotations

import asyncio

from tui_helpers import (
    LARGE,
    SMALL,
    Driver,
    advance,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_session,
    on_board,
    pane_lines,
    press,
)

from negsim.analysis.recap import round_recap
from negsim.tui.widgets.log import EventLog


async def resize(pilot: Driver, size: tuple[int, int]) -> None:
    """Resize the terminal and let the board lay itself out again."""
    await pilot.resize_terminal(*size)
    await pilot.pause()


def test_the_log_wraps_again_to_its_width_after_a_resize_and_keeps_the_newest_entry_in_view() -> None:
    """Regression: lines kept the width they were written at: cut on the right (with a horizontal
    scrollbar) after shrinking to 80×24, wrapped at ~35 columns after growing to 160×50; and the log
    jumped to the start of round 1.
    """

    async def run() -> None:
        async with on_board(new_session(human("poland"), seed=3), LARGE) as (app, pilot, board):
            log = board.query_one(EventLog)
            for size in (SMALL, LARGE, SMALL):
                await resize(pilot, size)
                width = log.scrollable_content_region.width
                assert all(line.cell_length <= width for line in log.lines)
                assert max(line.cell_length for line in log.lines) > width - 8  # wrapped to this width
                assert not log.show_horizontal_scrollbar and log.virtual_size.width <= width
                shown = [line for line in pane_lines(app, log) if line]
                assert shown[-1] == log.lines[-1].text.rstrip(), shown  # the newest entry, at the bottom

    asyncio.run(run())


def test_a_log_scrolled_up_stays_on_the_entry_being_read_after_a_resize() -> None:
    async def run() -> None:
        async with on_board(new_session(human("poland"), seed=3), SMALL) as (app, pilot, board):
            log = board.query_one(EventLog)
            log.scroll_home(animate=False, immediate=True)
            await pilot.pause()
            top = pane_lines(app, log)[0]
            await resize(pilot, LARGE)
            await resize(pilot, SMALL)
            assert log.scroll_y == 0 and pane_lines(app, log)[0] == top

    asyncio.run(run())


def test_a_wrapped_entry_hangs_under_its_text() -> None:
    """Regression: a wrapped entry went on at column 0, level with the round and phase headings.
    Entries sit 0, 2 or 4 columns in; their further lines 4 columns further than they do.
    """

    async def run() -> None:
        async with on_board(new_session(human("poland"), seed=3), SMALL) as (_app, _pilot, board):
            lines = [strip.text.rstrip() for strip in board.query_one(EventLog).lines]
            at_0 = [line for line in lines if line and not line[0].isspace()]
            assert at_0 and all(line.startswith(("Round ", "— ", "▸ ")) for line in at_0), at_0
            assert any(line.startswith(" " * 8) for line in lines), lines  # a meter change's cause, wrapped

    asyncio.run(run())


def test_each_round_ends_with_a_recap_of_what_changed_and_why() -> None:
    session = advance(new_session(human("poland"), seed=3), lambda s: s.state.round >= 2)

    async def run() -> None:
        async with on_board(session, SMALL) as (_app, _pilot, board):
            entries = [e.plain for e in board.query_one(EventLog).entries]
            for r in (1, 2):
                recap = round_recap(session.rules, session.all_events(), r, "poland")
                assert 2 <= len(recap) <= 3 and recap[0].startswith(f"Round {r} recap: ")
                at = entries.index(f"▸ {recap[0]}")
                assert entries[at + 1 : at + len(recap)] == [f"▸ {line}" for line in recap[1:]]
                assert entries[at + len(recap)].startswith(f"Round {r + 1} · ")  # then the next round begins

    asyncio.run(run())


def test_scrolled_up_the_log_counts_the_new_entries_below_until_the_reader_is_back() -> None:
    """User audit: once scrolled up, the log no longer followed new entries and nothing said so."""

    async def run() -> None:
        async with on_board(new_session(human("poland"), seed=3), SMALL) as (_app, pilot, board):
            log = board.query_one(EventLog)
            log.scroll_home(animate=False, immediate=True)
            await pilot.pause()
            assert log.unseen == 0 and not log.border_subtitle
            await press(pilot, "p")  # the bots move on
            assert log.unseen > 0 and log.scroll_y == 0  # still where the reader was
            assert log.border_subtitle == f"▼ {log.unseen} new below · End"
            log.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            assert log.unseen == 0 and not log.border_subtitle

    asyncio.run(run())
