"""Undo (u): back to just before the person's last decision, bots' replies included."""

from __future__ import annotations

import asyncio

from tui_helpers import (
    SMALL,
    Notes,
    Player,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    press,
)

from negsim.core.actions import Play
from negsim.core.rules import PhaseKind
from negsim.tui.screens.board import BoardScreen
from negsim.tui.widgets.log import EventLog


def log_lines(board: BoardScreen) -> list[str]:
    return [strip.text for strip in board.query_one(EventLog).lines]


def test_undo_restores_the_state_before_the_decision_and_rebuilds_the_log() -> None:
    async def run() -> None:
        session = new_session(human("poland"), seed=2)
        app = new_app(session)
        notes = Notes()
        async with app.run_test(size=SMALL, message_hook=notes) as pilot:
            player = Player(pilot)
            # Play into round 2, to a play decision of Poland's with a card it can play.
            await player.play(
                until=lambda s: (
                    s.state.round >= 1
                    and s.rules.phases[s.state.phase].kind is PhaseKind.PLAY
                    and any(isinstance(a, Play) for a in s.legal())
                )
            )
            board = board_of(app)
            assert app.screen is board and board.my_turn()
            before = session.state
            n_actions = len(session.actions)
            log_before = log_lines(board)
            assert log_before

            await press(pilot, "enter")
            assert board.mode == "play"
            await press(pilot, "enter")
            assert session.actions[n_actions].actor == "poland"
            assert isinstance(session.actions[n_actions], Play)
            bots_replied = [a.actor for a in session.actions[n_actions + 1 :]]
            assert bots_replied and "poland" not in bots_replied
            assert session.state != before
            assert log_lines(board) != log_before

            if app.screen is not board:  # the answer dialog opened for Poland's next decision
                await press(pilot, "escape")
            assert app.screen is board
            await press(pilot, "u")
            assert session.state == before
            assert len(session.actions) == n_actions
            assert board.session.to_move == "poland" and board.my_turn()
            assert app.screen is board
            assert log_lines(board) == log_before
            assert "your move" in board.who_text()
            n = len(bots_replied)  # said in a player's words (was "Undid 7 actions.")
            assert notes.items[-1].message == (
                f"Back to before your last decision: your move and {n} bot move{'s' * (n != 1)} undone."
            )

    asyncio.run(run())
