"""SVG snapshots of the main screens (pytest-textual-snapshot): a seeded game, bots without pacing.

Regenerate after a deliberate change of the UI with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the SVGs in ``tests/tui/__snapshots__/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Callable

from tui_helpers import (
    LARGE,
    SMALL,
    Driver,
    advance,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    press,
    settle,
)

from negsim.core.rules import PhaseKind
from negsim.session import Session
from negsim.tui.screens.board import BoardScreen
from negsim.tui.widgets.log import EventLog

SnapCompare = Callable[..., bool]


async def ready(pilot: Driver) -> None:
    """Bots done; the log scrolled to its end.

    The log's own auto-scroll sometimes stops one wrapped line short of the end when the board
    first fills it (a timing race in RichLog's deferred scrolling), which would make these
    snapshots flaky; it is scrolled explicitly here.
    """
    await settle(pilot)
    app = pilot.app
    for board in app.screen_stack:
        if isinstance(board, BoardScreen):
            board.query_one(EventLog).scroll_end(animate=False, immediate=True)
    await settle(pilot)


def game() -> Session:
    return new_session(human("poland"), seed=1)


def finished_game() -> Session:
    session = game()
    while not session.is_over:
        session.play(session.legal()[0] if session.is_human(session.to_move) else session.bot_action())
    return session


def test_board_at_the_start_80x24(snap_compare: SnapCompare) -> None:
    assert snap_compare(new_app(game()), terminal_size=SMALL, run_before=ready)


def test_board_at_the_start_160x50(snap_compare: SnapCompare) -> None:
    assert snap_compare(new_app(game()), terminal_size=LARGE, run_before=ready)


def test_choosing_where_to_play_a_card(snap_compare: SnapCompare) -> None:
    async def choose(pilot: Driver) -> None:
        await ready(pilot)
        await press(pilot, "enter")

    assert snap_compare(new_app(game()), terminal_size=SMALL, run_before=choose)


def test_answering(snap_compare: SnapCompare) -> None:
    session = advance(game(), lambda s: s.rules.phases[s.state.phase].kind is PhaseKind.ANSWER)
    assert snap_compare(new_app(session), terminal_size=SMALL, run_before=ready)


def test_debrief(snap_compare: SnapCompare) -> None:
    assert snap_compare(new_app(finished_game()), terminal_size=SMALL, run_before=ready)


def test_help(snap_compare: SnapCompare) -> None:
    async def open_help(pilot: Driver) -> None:
        await ready(pilot)
        await press(pilot, "f1")

    assert snap_compare(new_app(game()), terminal_size=SMALL, run_before=open_help)
