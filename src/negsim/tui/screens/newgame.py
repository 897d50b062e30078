"""The new-game screen: pick the scenario, who plays each seat (a person or a bot), and the seed."""

from __future__ import annotations

import random
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from negsim.bots import BOT_HELP
from negsim.core.rules import Rules
from negsim.scenario.load import Report, check
from negsim.session import HUMAN
from negsim.tui.screens.briefing import public_briefing_text

SEAT_CHOICES = [
    ("Human", HUMAN),
    ("Heuristic bot", "heuristic"),
    ("MCTS bot, easy", "mcts:easy"),
    ("MCTS bot, normal", "mcts:normal"),
    ("MCTS bot, hard", "mcts:hard"),
    ("Greedy bot", "greedy"),
    ("Random bot", "random"),
    ("Passive bot", "passive"),
    ("MCTS bot, 2 s a move (not reproducible)", "mcts:time=2"),
]
"""Who can take a seat: a person or a bot spec (``negsim play --seat`` takes any spec)."""


class NewGameScreen(Screen[None]):
    """Set up a game."""

    BINDINGS = [
        Binding("ctrl+n", "start", "Start"),
        Binding("ctrl+t", "tutorial", "Guided round"),
        Binding("f1", "help", "Help"),
        Binding("escape", "quit", "Quit"),
    ]

    def __init__(self, scenario: str, seed: int | None = None, error: str | None = None) -> None:
        """Start from ``scenario`` (a path) and an optional seed; ``error`` explains a failed start."""
        super().__init__()
        self.scenario = scenario
        self.seed = seed if seed is not None else random.randrange(1, 1_000_000)
        self.error = error
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        """Scenario, seats, seed, start."""
        with VerticalScroll(id="newgame"):
            yield Static(Text("negsim — new game", style="bold"), classes="dialog-title")
            with Horizontal(classes="row"):
                yield Label("Scenario ")
                yield Input(value=self.scenario, id="scenario")
                yield Button("Open", id="open", compact=True)
            yield Vertical(id="seats")
            with Horizontal(classes="row"):
                yield Label("Seed     ")
                yield Input(value=str(self.seed), id="seed", type="integer")
                yield Button("New seed", id="reseed", compact=True)
            yield Button("Start the game (Ctrl+N)", variant="primary", id="start", compact=True)
            yield Static(id="scenario-info")
            yield Static(id="briefing")
            yield Static(
                "Seats: a person at this keyboard, or a bot ("
                + "; ".join(f"{name}: {text}" for name, text in BOT_HELP.items())
                + "). Two or more humans play hot seat, each seeing only their own cards.",
                classes="hint",
            )
            yield Static(
                "The seed decides every chance draw: the same seed, seats and moves replay the same game.",
                classes="hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        """Load the scenario named on the command line."""
        if not self.is_attached:  # the app quit as this screen opened: nothing to fill in
            return
        self.open_scenario()
        if self.error:
            self.notify(self.error, severity="error", timeout=10)

    def open_scenario(self) -> None:
        """Check the scenario and list its seats."""
        path = self.query_one("#scenario", Input).value.strip()
        info = self.query_one("#scenario-info", Static)
        seats = self.query_one("#seats", Vertical)
        seats.remove_children()
        if not path or not Path(path).exists():
            self.report = None
            info.update(Text(f"No scenario at {path!r}: type the path of a scenario file.", style="red"))
            return
        self.report = check(path, warnings=False)
        rules = self.report.rules
        briefing = self.query_one("#briefing", Static)
        briefing.update("")
        if rules is None:
            t = Text("This scenario has errors:\n", style="bold red")
            for issue in self.report.errors[:12]:
                t.append(str(issue) + "\n", style="red")
            info.update(t)
            return
        info.update(self.describe(rules))
        briefing.update(public_briefing_text(rules))
        first = True
        for actor in rules.seats():
            row = Horizontal(classes="seat-row")
            seats.mount(row)
            row.mount(Label(f"{actor.name:<16}"))
            row.mount(
                Select(
                    SEAT_CHOICES,
                    value=HUMAN if first else "heuristic",
                    allow_blank=False,
                    id=f"seat-{actor.id}",
                    compact=True,
                )
            )
            first = False

    def describe(self, rules: Rules) -> Text:
        """Title and summary of the scenario."""
        t = Text(rules.title + "\n", style="bold")
        if rules.summary:
            t.append(rules.summary + "\n", style="italic")
        t.append(f"{len(rules.rounds)} rounds: {rules.rounds[0]} – {rules.rounds[-1]}", style="dim")
        t.append("\nNew here? Ctrl+T: a guided first round. F1: help (the rules, every symbol, the keys).", style="dim")
        t.append("\nThe briefing follows below.", style="dim")
        return t

    def action_tutorial(self) -> None:
        """The guided first round (Poland, one round, step by step)."""
        from negsim.tui.app import NegsimApp

        app = self.app
        assert isinstance(app, NegsimApp)
        if self.report is None or self.report.rules is None:
            self.notify("Open a valid scenario first.", severity="error")
            return
        app.scenario = self.report.file
        app.start_tutorial()

    def action_help(self) -> None:
        """The scenario's help (once a scenario is open), else the keys."""
        from negsim.tui.screens.help import HelpScreen

        rules = self.report.rules if self.report is not None else None
        self.app.push_screen(HelpScreen(rules))

    def action_quit(self) -> None:
        """Ask before quitting (Escape is also how one leaves a dialog: a stray press must not end negsim)."""
        from negsim.tui.screens.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.exit()

        self.app.push_screen(ConfirmScreen("Quit negsim?", "Quit", "Stay"), answer)

    @on(Button.Pressed, "#open")
    @on(Input.Submitted, "#scenario")
    def reopen(self) -> None:
        """Open the typed scenario (if it is another one: the seats are then listed again)."""
        path = self.query_one("#scenario", Input).value.strip()
        if self.report is not None and path == self.report.file:
            return
        self.open_scenario()

    @on(Button.Pressed, "#reseed")
    def reseed(self) -> None:
        """Draw a new seed."""
        self.query_one("#seed", Input).value = str(random.randrange(1, 1_000_000))

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        """Start with these settings."""
        from negsim.tui.app import NegsimApp

        if self.report is None or self.report.rules is None:
            self.notify("Open a valid scenario first.", severity="error")
            return
        try:
            seed = int(self.query_one("#seed", Input).value)
        except ValueError:
            self.notify("The seed is a whole number.", severity="error")
            return
        rules = self.report.rules
        seats = {a.id: str(self.query_one(f"#seat-{a.id}", Select).value) for a in rules.seats()}
        app = self.app
        assert isinstance(app, NegsimApp)
        app.start_game(rules, self.report.text, str(self.query_one("#scenario", Input).value), seed, seats)
