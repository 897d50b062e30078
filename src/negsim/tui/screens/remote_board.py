"""The board of a served game: ``BoardScreen`` itself, its moves sent to the server, its redraws driven by
the server's updates; for the facilitator, the console (every hand, pause, overrides, rollback, timer,
seats handed to a bot and back).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from negsim.core.actions import Action
from negsim.core.view import view
from negsim.net.console import USAGE, parse_command
from negsim.net.mirror import Mirror, RemoteSession
from negsim.printable import escape
from negsim.tui.screens.board import BoardScreen
from negsim.tui.widgets.detail import CardDetail

Requester = Callable[[dict[str, Any]], None]
"""Sends a request to the server."""


class RemoteBoardScreen(BoardScreen):
    """The same board as ``negsim play``, for one seat (or the facilitator) of a served game."""

    BINDINGS = [
        Binding("o", "console", "Console"),
        Binding("h", "all_hands", "All hands"),
    ]

    def __init__(self, session: RemoteSession, mirror: Mirror, request: Requester) -> None:
        """A board for the seat ``mirror`` plays (the facilitator: every seat), sending with ``request``."""
        super().__init__(session, bot_delay=0.0, autosave=None)
        self.mirror = mirror
        self.request = request
        self.viewer = mirror.seat
        self.seated = True
        self.facilitator = mirror.seat is None
        self.sent: int | None = None
        """The number of moves when this seat sent its decision (until the server answers), else ``None``."""

    # ------------------------------------------------------------ the server drives

    def play(self, action: Action | None) -> None:
        """Send a decision to the server (the board waits for its update before offering another)."""
        if action is None:
            return
        self.sent = len(self.session.actions)
        self.session.play(action)
        self.refresh_board()

    def refused(self, message: str) -> None:
        """The server refused the decision: say why, and offer the decision again."""
        self.sent = None
        self.notify(message, severity="error", title="Not allowed")
        self.after_change(())

    def server_update(self, reset: bool) -> None:
        """The server changed the game: redraw (the whole log after a rollback) and offer a decision."""
        if self.sent is not None and self.sent != len(self.session.actions):
            self.sent = None
        if reset:
            self.leave_choice()
            self.rebuild_log()
        self.after_change(())

    def drive(self) -> None:
        """A person's decision opens here; everyone else's is taken on the server."""
        s = self.session
        if s.is_over or self.viewer is None or s.to_move != self.viewer or self.mirror.paused or self.sent is not None:
            if s.is_over:
                super().drive()  # the debrief, once
            return
        super().drive()

    def who_text(self) -> str:
        """Whose decision it is, with each seat's status on the server (thinking, waiting, disconnected)."""
        if self.session.is_over:
            return super().who_text()
        if self.mirror.paused:
            return "Paused by the facilitator"
        actor = self.session.to_move
        rules = self.rules
        away = [
            rules.actors[rules.actor_index[a]].short
            for a in self.session.seats
            if self.mirror.status(a) == "disconnected"
        ]
        gone = f" · disconnected: {', '.join(away)}" if away else ""
        if actor is None or actor == self.viewer:
            return super().who_text() + gone
        spec = rules.actors[rules.actor_index[actor]]
        name = spec.name if self.size.width >= 100 else spec.short
        status = self.mirror.status(actor) or "waiting"
        who = "a person" if self.session.is_human(actor) else f"{self.session.seats.get(actor)} bot"
        return f"{name} ({who}) {status}…{gone}"

    def away(self) -> frozenset[str]:
        """Seats whose player is disconnected from the server."""
        return frozenset(a for a in self.session.seats if self.mirror.status(a) == "disconnected")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys of a served game: no undo, saves or bot pacing here; the console for the facilitator."""
        match action:
            case "undo" | "save" | "load" | "skip" | "faster" | "slower" | "next_step":
                return False
            case "pause" | "resume":
                return self.facilitator and not self.session.is_over and self.mirror.paused == (action == "resume")
            case "console" | "all_hands":
                return self.facilitator
            case "pass_turn" | "answer":
                return not self.facilitator and not self.session.is_over
        return super().check_action(action, parameters)

    def show_highlighted_card(self) -> None:
        """The facilitator's console help in the card pane; otherwise as on any board."""
        if self.facilitator and self.mode == "cards":
            self.query_one(CardDetail).show_text(
                Text(
                    "Facilitator's console: you see every seat.\n\nh every hand · o a console command "
                    "(overrides with a reason, rollback, timer, seats) · space pauses or resumes.\n\n" + USAGE,
                    style="italic",
                )
            )
            return
        super().show_highlighted_card()

    # ------------------------------------------------------------ the facilitator

    def action_pause(self) -> None:
        """Pause the served game."""
        self.request({"type": "pause"})

    def action_resume(self) -> None:
        """Resume the served game."""
        self.request({"type": "resume"})

    def action_console(self) -> None:
        """Type a console command: an override with its reason, a rollback, the timer, a seat."""

        def done(line: str | None) -> None:
            if not line:
                return
            try:
                self.request(parse_command(line))
            except ValueError as e:
                self.notify(str(e), severity="error", title="Console")

        self.app.push_screen(ConsoleScreen(), done)

    def action_all_hands(self) -> None:
        """Every seat's hand, as that seat sees it."""
        from negsim.tui.screens.actors import TextScreen

        t = Text()
        for actor in self.session.seats:
            spec = self.rules.actors[self.rules.actor_index[actor]]
            t.append(f"{spec.name}\n", style="bold")
            for c in view(self.state, actor).hand:
                mark = "  " if c.playable else "✗ "
                left = "" if c.left is None else f" ({c.left} left)"
                t.append(f"  {mark}{c.name}{left}\n", style="" if c.playable else "dim")
        self.app.push_screen(TextScreen(t, "Every hand"))


class ConsoleScreen(ModalScreen[str | None]):
    """One line of the facilitator's console."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        """The usage and an input line."""
        with Vertical(id="dialog"):
            yield Static(USAGE, id="question")
            yield Input(placeholder="e.g. meter cohesion 4 the allies quarrel in public", id="console")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Send the line."""
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without a command."""
        self.dismiss(None)


class TokenScreen(Screen[str | None]):
    """Asks for the seat's token (``negsim join`` without ``--token``, and the browser client)."""

    BINDINGS = [Binding("escape", "cancel", "Quit")]

    def __init__(self, url: str, problem: str = "") -> None:
        """Ask for the token of a seat of the game at ``url`` (saying ``problem`` first, if any)."""
        super().__init__()
        self.url = url
        self.problem = problem

    def compose(self) -> ComposeResult:
        """What to type, and where."""
        with Vertical(id="dialog"):
            yield Static(escape(f"negsim: joining the game at {self.url}"), id="question")
            if self.problem:
                yield Static(escape(self.problem), classes="error")
            yield Static("Your seat's token (from the facilitator's join command):")
            yield Input(password=True, id="token")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Join with the token."""
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Quit without joining."""
        self.dismiss(None)
