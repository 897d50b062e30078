"""Helpers to drive the negsim app: sessions, settling the bots, a deterministic player, screen text.

Every test module imports ``negsim_home`` (an autouse fixture), so no test writes autosaves or saves
outside its own temporary folder. (tests/tui has no conftest.py or __init__.py: mypy checks tests/
and benchmarks/ as top-level modules, where a second ``conftest`` or a package ``tui`` next to
benchmarks/tui.py would clash.)
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerState

from negsim.core.actions import Pass, Play
from negsim.core.rules import PhaseKind
from negsim.scenario.load import load
from negsim.session import HUMAN, Session
from negsim.tui.app import NegsimApp
from negsim.tui.screens.board import BoardScreen
from negsim.tui.screens.debrief import DebriefScreen
from negsim.tui.screens.dialogs import HandoverScreen

ROOT = Path(__file__).resolve().parents[2]
DEC2021 = ROOT / "scenarios" / "dec2021.yaml"
STANDOFF = ROOT / "tests" / "scenarios" / "standoff.yaml"

SMALL = (80, 24)
"""The smallest terminal the board is designed for."""
LARGE = (160, 50)

Driver = Pilot[None]


@pytest.fixture(autouse=True)
def negsim_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``$NEGSIM_HOME`` (autosaves, saves) in a temporary folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("NEGSIM_HOME", str(home))
    monkeypatch.delenv("NEGSIM_EXIT_WHEN_READY", raising=False)
    return home


def new_session(seats: dict[str, str], seed: int = 1, path: Path = DEC2021) -> Session:
    """A new game of the scenario at ``path``; seats not named are random bots."""
    rules = load(path)
    full = {a.id: seats.get(a.id, "random") for a in rules.seats()}
    return Session.new(rules, seed, full, path.read_text(encoding="utf-8"), str(path))


def headless_replay(session: Session) -> Session:
    """The same game replayed without the UI: ``Session.new`` then ``play`` of every action."""
    replay = Session.new(session.rules, session.seed, session.seats, session.scenario_text, session.scenario_path)
    for action in session.actions:
        replay.play(action)
    return replay


def advance(session: Session, until: Callable[[Session], bool]) -> Session:
    """Play on without the UI (bots choose; a person takes the first legal action) until ``until`` holds
    when a person must decide.
    """
    while not session.is_over:
        if session.is_human(session.to_move):
            if until(session):
                return session
            session.play(session.legal()[0])
        else:
            session.play(session.bot_action())
    raise AssertionError("the game ended first")


def new_app(
    session: Session | None = None, *, autosave: bool = False, briefings: bool = False, **kwargs: object
) -> NegsimApp:
    """The app on ``session`` with bots moving at once (no pacing); no briefing before a seat's first
    decision unless ``briefings`` (tests of the briefing ask for it).
    """
    return NegsimApp(
        scenario=str(DEC2021),
        session=session,
        bot_delay=0,
        autosave=autosave,
        briefings=briefings,
        **kwargs,  # type: ignore[arg-type]
    )


@contextlib.asynccontextmanager
async def on_board(
    session: Session, size: tuple[int, int] = SMALL
) -> AsyncIterator[tuple[NegsimApp, Driver, BoardScreen]]:
    """Run the app on ``session`` at ``size`` until a person must act: (app, pilot, board)."""
    app = new_app(session)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot, board_of(app)


def board_of(app: NegsimApp) -> BoardScreen:
    """The board (wherever it is in the screen stack)."""
    for screen in reversed(app.screen_stack):
        if isinstance(screen, BoardScreen):
            return screen
    raise AssertionError(f"no board in {app.screen_stack}")


def top(app: NegsimApp) -> Screen[object]:
    """The screen on top (a call, so type checkers do not carry an earlier ``isinstance`` over)."""
    return app.screen


def busy(app: NegsimApp) -> bool:
    """Whether a bot is thinking or about to move."""
    if any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        return True
    boards = [s for s in app.screen_stack if isinstance(s, BoardScreen)]
    return any(b.bot_thinking or b.pending is not None for b in boards)


async def wait_for_workers(app: NegsimApp) -> None:
    """Wait for the bots' thread workers (one cancelled by quitting or leaving the board is fine)."""
    with contextlib.suppress(WorkerCancelled):
        await app.workers.wait_for_complete()


async def settle(pilot: Driver) -> None:
    """Let the bots move until a person must act (or the game is over)."""
    app = pilot.app
    assert isinstance(app, NegsimApp)
    for _ in range(5000):
        await wait_for_workers(app)
        await pilot.pause(0)  # quick: the bot's move is shown, the next bot starts thinking
        if busy(app):
            continue
        await pilot.pause()  # until idle: screens pushed for a person are mounted and focused
        if not busy(app):
            return
    raise AssertionError("the bots never stopped")


async def press(pilot: Driver, *keys: str) -> None:
    """Press keys, then let the bots answer."""
    await pilot.press(*keys)
    await settle(pilot)


async def type_path(pilot: Driver, path: str) -> None:
    """Clear the path field of the file dialog and type ``path``, then Enter."""
    from negsim.tui.screens.files import FileScreen

    screen = pilot.app.screen
    assert isinstance(screen, FileScreen)
    assert screen.query_one("#path", Input).has_focus
    await pilot.press("home", "ctrl+k", *path)
    assert screen.query_one("#path", Input).value == path
    await press(pilot, "enter")


@dataclass
class Tally:
    """The human decisions a ``Player`` confirmed, by the way it confirmed them."""

    plays: int = 0
    """Confirmed in the play dialog."""
    answers: int = 0
    """Confirmed in the answer dialog."""
    passes: int = 0
    """Passes with the ``p`` key."""
    handovers: int = 0
    """Hot-seat hand-overs acknowledged."""
    screens: list[str] = field(default_factory=list)
    """The screen each step acted on."""


class Player:
    """A deterministic person at the keyboard: every choice is a function of the game state.

    On the board it presses Enter on the highlighted card (the first playable one), or ``p``
    every fourth ply or when nothing is playable; when the hand pane lists a decision's choices
    (where to play a card, or the answers) it takes the choice numbered ``ply % choices`` (an
    answer with Enter twice: it must be confirmed); a hand-over is acknowledged with Enter.
    """

    def __init__(self, pilot: Driver) -> None:
        self.pilot = pilot
        self.tally = Tally()

    @property
    def app(self) -> NegsimApp:
        app = self.pilot.app
        assert isinstance(app, NegsimApp)
        return app

    async def step(self) -> bool:
        """Take one decision (or acknowledge a hand-over); ``False`` once the game is over."""
        await settle(self.pilot)
        app = self.app
        screen = app.screen
        board = board_of(app)
        ply = board.session.state.ply
        self.tally.screens.append(type(screen).__name__)
        if isinstance(screen, DebriefScreen) or board.session.is_over:
            return False
        if isinstance(screen, HandoverScreen):
            self.tally.handovers += 1
            await self.pilot.press("enter")
        elif isinstance(screen, BoardScreen) and screen.mode == "play":
            self.tally.plays += 1
            await self.pilot.press(*["down"] * (ply % len(screen.choices)), "enter")
        elif isinstance(screen, BoardScreen) and screen.mode == "answer":
            # No answer is highlighted at first, and an answer is taken only once confirmed.
            self.tally.answers += 1
            await self.pilot.press(*["down"] * (ply % len(screen.choices) + 1), "enter", "enter")
        elif isinstance(screen, BoardScreen):
            assert screen.my_turn(), f"nothing to do: {screen.who_text()}"
            if board.rules.phases[board.state.phase].kind is PhaseKind.ANSWER:
                await self.pilot.press("a")
            else:
                me = board.session.state.actor_to_move
                turns = sum(1 for a in board.session.actions if a.actor == me and isinstance(a, Play | Pass))
                if turns % 3 == 2 or not any(c.playable for c in screen.current_view().hand):
                    self.tally.passes += 1
                    await self.pilot.press("p")
                else:
                    await self.pilot.press("enter")
        else:
            raise AssertionError(f"unexpected screen {screen!r}")
        return True

    async def play(self, until: Callable[[Session], bool] | None = None, limit: int = 2000) -> Session:
        """Play until the game is over or ``until(session)`` holds at a human decision."""
        for _ in range(limit):
            await settle(self.pilot)
            session = board_of(self.app).session
            if until is not None and until(session):
                return session
            if not await self.step():
                return session
        raise AssertionError("the game did not end")


class Notes:
    """Collects every notification the app posts (pass as ``run_test(message_hook=...)``)."""

    def __init__(self) -> None:
        self.items: list[Notification] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.items.append(message.notification)

    def errors(self) -> list[str]:
        """The messages of error notifications."""
        return [n.message for n in self.items if n.severity == "error"]


def screen_text(app: NegsimApp) -> str:
    """The text on the terminal, as a person would see it (including screens showing through)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def pane_lines(app: NegsimApp, widget: Widget) -> list[str]:
    """The lines of ``widget``'s content as they are on the terminal (borders, padding and scrollbar left out)."""
    r = widget.scrollable_content_region
    return [cells(line, r.x, r.right).rstrip() for line in screen_text(app).splitlines()[r.y : r.bottom]]


def cells(line: str, start: int, end: int) -> str:
    """The characters of ``line`` between terminal columns ``start`` and ``end`` (a ``⏳`` takes two)."""
    out, column = [], 0
    for char in line:
        width = cell_len(char)
        if start <= column and column + width <= end:
            out.append(char)
        column += width
    return "".join(out)


def human(*actors: str) -> dict[str, str]:
    """Seats: these actors are people; the rest are random bots."""
    return dict.fromkeys(actors, HUMAN)
