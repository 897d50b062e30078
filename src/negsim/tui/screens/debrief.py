"""The debrief: how the game ended, each actor's result and score, every meter's history, and
the turning points that decided it.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from negsim.describe import pretty, signed
from negsim.session import Session
from negsim.tui.screens.history import swing_text, track_values, turning_points
from negsim.tui.style import chart, hanging
from negsim.tui.widgets.footer import QuietFooter


def debrief_text(session: Session) -> Group:
    """The whole debrief, as rich renderables (a wrapped line keeps its indent)."""
    rules = session.rules
    state = session.state
    result = session.outcome()
    assert result is not None
    ending = rules.endings[state.ending]
    parts: list[RenderableType] = []
    t = Text(end="")

    def hang(lead: str, body: str, style: str = "") -> None:
        """A line whose wrapped part stays under ``body``'s first character."""
        nonlocal t
        parts.extend((t, hanging(Text(lead, style=style), Text(body, style=style))))
        t = Text(end="")

    t.append(f"{ending.name}", style="bold reverse")
    t.append(f"  — round {result.round}, {state.round_label}\n", style="bold")
    if ending.text:
        t.append(ending.text + "\n", style="italic")
    if session.rules_note:
        t.append(f"Played by a saved game's own copy of the scenario: {session.rules_note}.\n", style="bold red")
    t.append("\nResults\n", style="bold underline")
    for a in rules.actors:
        if a.win_at is None:
            continue
        score = result.scores[a.id]
        won = a.id in result.winners
        seat = session.seats.get(a.id, "")
        who = "you" if seat == "human" and len(session.humans) == 1 else seat
        t.append(f"  {'✓ wins' if won else '✗     '} ", style="bold green" if won else "red")
        t.append(f"{a.name:<16} score {score:>3} (needs {a.win_at})  ", style="bold")
        t.append(f"[{who}]\n", style="dim")
        ctx = (a.index, -1, -1)
        if a.score is not None:
            hang(" " * 11, f"base {signed(a.score.fn(state, ctx))} from {pretty(rules, a.score.text)}", "dim")
        for o in a.objectives:
            met = bool(o.when.fn(state, ctx))
            hang(f"           {'●' if met else '○'} ", f"{o.text} ({signed(o.points)})", "green" if met else "dim")
    t.append("\nMeters over the game (S = start, then the end of each round)\n", style="bold underline")
    for m in rules.meters:
        owners: list[str | None] = [None] if not m.per_actor else [a.id for a in rules.actors if a.seat]
        for owner in owners:
            values = track_values(session, m.id, owner)
            name = m.name + (f" ({owner})" if owner else "")
            t.append(f"  {name}: {values[0]} → {values[-1]}\n", style="bold")
            t.append_text(chart(values, m.low, m.high, height=3, indent="    "))
    t.append("\nTurning points (what ended the game, then the biggest moves and swings)\n", style="bold underline")
    points = turning_points(session)
    runs = [(f"How it ended: {points.ending}, by cause:", points.decisive, points.rest)] if points.ending else []
    for also in points.also:
        run = f" ({also.run}), by cause:" if also.run else ""
        runs.append((f"Also met at the end: {also.name}{run}", also.decisive, also.rest))
    for head, decisive, (count, net) in runs:
        hang("  ", head, "bold")
        for s in decisive:
            hang("    ", swing_text(rules, s, names=False), "bold" if s.note else "")
        if count:
            t.append(f"    and {count} other cause{'s' * (count != 1)}: {signed(net)} in all\n", style="dim")
    told = points.ending or points.also
    if points.moves:
        t.append(f"  Biggest moves of the {'other ' if told else ''}meters:\n", style="bold")
        for move in points.moves:
            hang("    ", str(move))
    if points.swings:
        t.append(f"  {'Other big' if told or points.moves else 'Biggest'} swings:\n", style="bold")
    for s in points.swings:
        hang("    ", swing_text(rules, s))
    t.append("\nsave the replay with Ctrl+S · Esc: back to the board · q: quit\n", style="dim")
    parts.append(t)
    return Group(*parts)


class DebriefScreen(Screen[None]):
    """The end-of-game debrief."""

    BINDINGS = [
        Binding("escape,b", "back", "Back to the board"),
        Binding("ctrl+s", "save", "Save replay"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, session: Session) -> None:
        """Debrief of a finished ``session``."""
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        """The debrief text and the footer."""
        with Vertical(id="debrief"), VerticalScroll():
            yield Static(debrief_text(self.session), id="debrief-body")
        yield QuietFooter()

    def action_back(self) -> None:
        """Back to the board (the log stays readable)."""
        self.app.pop_screen()

    def action_save(self) -> None:
        """Save the game as a replay."""
        from negsim.tui.screens.files import save_dialog

        save_dialog(self, self.session, "Save replay")

    async def action_quit(self) -> None:
        """Quit negsim."""
        self.app.exit()
