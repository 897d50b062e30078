"""Seminar-ready play: the briefing before seats are chosen and a seat's own brief once taken (behind the
hot-seat hand-over), F1 and Esc on the new-game screen, the defects found in the user audit (the
hand-over's keys, the focus after the meters, loading over an unfinished game), bot seats with a time
budget labelled not reproducible, and the bots' reasons on demand."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from rich.console import Console
from textual.widgets import Input, Select, Static
from tui_helpers import (
    DEC2021,
    SMALL,
    Driver,
    Notes,
    Player,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    on_board,
    press,
    screen_text,
    settle,
    top,
)

from negsim.core.actions import Play
from negsim.core.view import view
from negsim.session import Session, autosave_path
from negsim.tui.app import NegsimApp
from negsim.tui.screens.actors import ActorsScreen, TextScreen
from negsim.tui.screens.board import BoardScreen
from negsim.tui.screens.briefing import OwnBriefingScreen
from negsim.tui.screens.dialogs import ChoiceScreen, ConfirmScreen, HandoverScreen
from negsim.tui.screens.files import FileScreen, saves_dir
from negsim.tui.screens.help import HelpScreen
from negsim.tui.screens.meter import MeterScreen
from negsim.tui.screens.newgame import NewGameScreen
from negsim.tui.widgets.hand import HandList
from negsim.tui.widgets.meters import MetersPanel


async def choose_file(pilot: Driver, key: str, path: Path) -> None:
    """Open a file dialog with ``key`` and give it ``path``."""
    await press(pilot, key)
    screen = pilot.app.screen
    assert isinstance(screen, FileScreen)
    screen.query_one("#path", Input).value = str(path)
    await press(pilot, "enter")


def test_the_new_game_screen_briefs_every_actor_from_public_facts_f1_helps_and_esc_asks() -> None:
    async def run() -> None:
        app = new_app(None, offer_resume=False, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, NewGameScreen)
            rules = screen.report.rules if screen.report else None
            assert rules is not None
            console = Console(width=300, file=io.StringIO(), record=True)
            console.print(screen.query_one("#briefing", Static).content)
            briefing = " ".join(console.export_text().split())
            for actor in rules.actors:
                assert actor.name in briefing
                for goal in actor.goals:
                    assert goal in briefing
                for o in actor.objectives:  # public objectives only: nobody's private aims before the game
                    assert (o.text in briefing) == o.public, o.text
            assert "It wins with a score of at least 9 at the end" in briefing  # how Poland wins

            await press(pilot, "f1")
            assert isinstance(top(app), HelpScreen)
            await press(pilot, "escape")
            await press(pilot, "escape")  # not out of negsim at once: it asks
            assert isinstance(top(app), ConfirmScreen)
            await press(pilot, "escape")  # no: stay
            assert isinstance(top(app), NewGameScreen) and app.is_running
            await press(pilot, "escape", "y")
            assert not app.is_running

    asyncio.run(run())


def test_a_seat_is_briefed_before_its_first_decision_behind_the_hand_over() -> None:
    """Hot seat: after each hand-over, each person first sees their own objectives (met now or not),
    score and cards; Poland learns it starts at its winning score."""
    session = new_session(human("usa", "poland"), seed=3)

    async def run() -> None:
        app = new_app(session, briefings=True)
        async with app.run_test(size=SMALL) as pilot:
            briefed: list[str] = []
            for _ in range(60):
                await settle(pilot)
                screen = top(app)
                if isinstance(screen, HandoverScreen):
                    await press(pilot, "enter")
                elif isinstance(screen, OwnBriefingScreen):
                    seat = screen.view.seat
                    assert seat is not None and seat == board_of(app).viewer
                    own = view(session.state, seat)
                    text = screen_text(app)
                    assert f"Your briefing: {session.rules.actors[session.rules.actor_index[seat]].name}" in text
                    assert own.score is not None and f"Your score is {own.score} now" in text
                    other = "poland" if seat == "usa" else "usa"
                    spec = session.rules.actors[session.rules.actor_index[other]]
                    assert not any(o.text[:40] in text for o in spec.objectives if not o.public)
                    briefed.append(seat)
                    await press(pilot, "enter")
                elif len(briefed) == 2:
                    break
                else:
                    await Player(pilot).step()
            assert sorted(briefed) == ["poland", "usa"]

    asyncio.run(run())


def test_on_the_hand_over_u_takes_the_last_decision_back_and_q_quits_with_the_game_saved() -> None:
    session = new_session(human("usa", "poland"), seed=3)

    async def run() -> None:
        app = new_app(session, autosave=True)
        async with app.run_test(size=SMALL) as pilot:
            player = Player(pilot)
            await settle(pilot)
            await press(pilot, "u")  # the first hand-over: nothing to take back yet
            assert isinstance(top(app), HandoverScreen)
            await press(pilot, "enter")
            while not isinstance(top(app), HandoverScreen):
                await player.step()
            board = board_of(app)
            decided = board.viewer
            mine = len([a for a in session.actions if a.actor == decided])
            await press(pilot, "u")
            assert top(app) is board and board.viewer == decided and session.to_move == decided
            assert len([a for a in session.actions if a.actor == decided]) == mine - 1
            while not isinstance(top(app), HandoverScreen):
                await player.step()
            await press(pilot, "q")
        assert not app.is_running
        assert Session.load(autosave_path(session.rules)).actions == session.actions

    asyncio.run(run())


def test_after_the_meters_escape_and_a_meter_history_give_enter_back_to_the_cards() -> None:
    """User audit: after m then Esc, Enter opened a meter's history instead of playing a card."""
    session = new_session(human("poland"), seed=1)

    async def run() -> None:
        async with on_board(session) as (app, pilot, board):
            await press(pilot, "m")
            assert board.query_one(MetersPanel).has_focus
            await press(pilot, "enter")
            assert isinstance(top(app), MeterScreen)
            await press(pilot, "escape")
            assert board.query_one(HandList).has_focus
            await press(pilot, "m", "escape", "enter")
            assert top(app) is board and board.mode == "play"  # choosing where to play the card

    asyncio.run(run())


def test_loading_a_save_over_an_unfinished_game_asks_and_can_keep_a_copy(tmp_path: Path) -> None:
    """User audit: loading a save from inside a game silently replaced the unfinished game's autosave."""
    other = new_session(human("poland"), seed=9)
    other.play(other.legal()[0]) if other.is_human(other.to_move) else other.play_bot()
    save = tmp_path / "other.json"
    other.save(save)
    session = new_session(human("poland"), seed=1)

    async def run() -> None:
        app = new_app(session, autosave=True)
        notes = Notes()
        async with app.run_test(size=SMALL, message_hook=notes) as pilot:
            player = Player(pilot)
            await settle(pilot)
            while session.last_human_decision() is None:  # a decision of the person's: something to lose
                await player.step()
            await settle(pilot)
            played = list(session.actions)
            await choose_file(pilot, "ctrl+o", save)
            assert isinstance(top(app), ChoiceScreen)
            await press(pilot, "escape")  # cancel: still this game
            assert board_of(app).session is session
            await choose_file(pilot, "ctrl+o", save)
            await press(pilot, "enter")  # the first button: keep a copy, then load
            assert board_of(app).session.seed == 9
            (kept,) = saves_dir().glob("*.json")
            assert Session.load(kept).actions == played
            assert any(n.message.startswith("The game in play was saved to") for n in notes.items)

    asyncio.run(run())


def test_a_bot_seat_with_a_time_budget_is_labelled_not_reproducible_where_seats_are_shown() -> None:
    session = Session.new(
        new_session({}).rules,
        1,
        {"poland": "human", "russia": "mcts:time=0.05"},
        DEC2021.read_text(encoding="utf-8"),
        str(DEC2021),
        in_play=True,
    )

    async def run() -> None:
        async with on_board(session) as (app, pilot, _):
            await press(pilot, "i")
            assert isinstance(top(app), ActorsScreen)
            assert "mcts:time=0.05 bot (not reproducible)" in screen_text(app)
            await press(pilot, "escape", "f1")
            assert isinstance(top(app), HelpScreen)
            assert any("not reproducible" in text for _, text in top(app).sections)  # type: ignore[attr-defined]
        app = new_app(None, offer_resume=False)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            select = app.screen.query_one("#seat-russia", Select)
            labels = [str(prompt) for prompt, _ in select._options]
            assert "MCTS bot, 2 s a move (not reproducible)" in labels

    asyncio.run(run())


def test_w_lists_this_rounds_bot_decisions_with_their_reasons_as_the_seat_may_see_them() -> None:
    session = new_session(human("poland"), seed=1)
    for a in session.rules.seats():
        if a.id != "poland":
            session.seats[a.id] = "heuristic"
    from negsim.bots import make_bot

    session.bots = {a: make_bot("heuristic", a, 1) for a in session.seats if a != "poland"}

    async def run() -> None:
        async with on_board(session) as (app, pilot, board):
            decided = [(i, a) for i, a in enumerate(session.actions) if session.why(i)]
            assert decided
            await press(pilot, "w")
            screen = top(app)
            assert isinstance(screen, TextScreen) and screen.heading == "Why the bots did it"
            text = screen.text.plain
            assert text.startswith("Round 1 · ")
            for i, action in decided:
                assert isinstance(action, Play) or True
                reason = session.why(i)
                assert reason is not None and reason.split(": ", 1)[-1] in text
            # The log shows each reason under its move (one wrapped line), without the move restated.
            first = session.why(decided[0][0])
            assert first is not None
            log_text = "\n".join(e.plain for e in board.query_one("#log").entries)  # type: ignore[attr-defined]
            assert "why: " + first.split(": ", 1)[-1] in log_text

    asyncio.run(run())


def test_the_tutorial_is_offered_on_a_first_run_only() -> None:
    async def run(offer: bool) -> type[object]:
        app = NegsimApp(scenario=str(DEC2021), bot_delay=0, autosave=False, offer_tutorial=offer, briefings=False)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            shown = type(top(app))
            if offer:
                await press(pilot, "y")
                assert isinstance(top(app), BoardScreen) and board_of(app).tutorial
        return shown

    assert asyncio.run(run(True)) is ConfirmScreen
    assert asyncio.run(run(False)) is NewGameScreen


def test_the_debriefs_export_writes_the_after_action_report(tmp_path: Path) -> None:
    session = Session.load(Path(__file__).resolve().parents[1] / "fixtures" / "endings" / "fracture_random_seed1.json")
    out = tmp_path / "aar.html"

    async def run() -> None:
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            await choose_file(pilot, "e", out)
            assert out.exists()
            text = out.read_text(encoding="utf-8")
            assert text.startswith("<!DOCTYPE html>") and 'id="analysis"' in text and "Alliance fracture" in text

    asyncio.run(run())
