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

from negsim.analysis.debrief import debrief
from negsim.analysis.turning import swing_text, track_values
from negsim.describe import signed
from negsim.session import Session
from negsim.tui.style import chart, hanging
from negsim.tui.widgets.footer import QuietFooter


def debrief_text(session: Session) -> Group:
    """The whole debrief, as rich renderables (a wrapped line keeps its indent)."""
    rules = session.rules
    d = debrief(session)
    parts: list[RenderableType] = []
    t = Text(end="")

    def hang(lead: str, body: str, style: str = "") -> None:
        """A line whose wrapped part stays under ``body``'s first character."""
        nonlocal t
        parts.extend((t, hanging(Text(lead, style=style), Text(body, style=style))))
        t = Text(end="")

    def heading(text: str) -> None:
        t.append(f"\n{text}\n", style="bold underline")

    t.append(f"{d.ending}", style="bold reverse")
    t.append(f"  — round {d.round}, {d.label}\n", style="bold")
    if d.ending_text:
        t.append(d.ending_text + "\n", style="italic")
    if session.rules_note:
        t.append(f"Played by a saved game's own copy of the scenario: {session.rules_note}.\n", style="bold red")
    heading("Why this ending")
    hang("  ", d.cause.how, "bold")
    points = d.turning
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
    if d.near:
        heading("The other endings: how near each came")
        for miss in d.near:
            hang("  ", f"No {miss.name}:", "bold")
            for line in miss.lines():
                hang("    • ", line)
    if d.decisions:
        heading("Whose decisions mattered most (on the meters that decide the endings)")
        for seat in d.decisions:
            name = rules.actors[rules.actor_index[seat.seat]].name
            hang("  ", f"{name}:", "bold")
            for decision in seat.moves:
                hang("    • ", decision.words())
    heading("Results")
    for r in d.results:
        t.append(f"  {'✓ wins' if r.won else '✗     '} ", style="bold green" if r.won else "red")
        t.append(f"{r.name:<16} score {r.score:>3} (needs {r.win_at})  ", style="bold")
        t.append(f"[{r.player}]\n", style="dim")
        if r.base:
            hang(" " * 11, f"base {r.base}", "dim")
        for met, text in r.objectives:
            hang(f"           {'●' if met else '○'} ", text, "green" if met else "dim")
    t.append("\nMeters over the game (S = start, then the end of each round)\n", style="bold underline")
    for m in rules.meters:
        owners: list[str | None] = [
            None if k < 0 else rules.actors[k].id for k in rules.tracks(m) if k < 0 or rules.actors[k].seat
        ]
        for owner in owners:
            values = track_values(session, m.id, owner)
            name = m.name + (f" ({rules.actors[rules.actor_index[owner]].name})" if owner else "")
            t.append(f"  {name}: {values[0]} → {values[-1]}\n", style="bold")
            t.append_text(chart(values, m.low, m.high, height=3, indent="    "))
    told = points.ending or points.also
    if points.moves or points.swings:
        heading("Other turning points")
    if points.moves:
        t.append(f"  Biggest moves of the {'other ' if told else ''}meters:\n", style="bold")
        for move in points.moves:
            hang("    ", str(move))
    if points.swings:
        t.append(f"  {'Other big' if told or points.moves else 'Biggest'} swings:\n", style="bold")
    for s in points.swings:
        hang("    ", swing_text(rules, s))
    if d.record:
        heading("Beside what really happened")
        for c in d.record:
            hang("  ", f"{c.date}: {c.text}", "bold")
            if c.game:
                hang("      ", f"This game: {c.game}.", "")
    if d.notes.not_claimed:
        heading("What the model does not claim")
        for point in d.notes.not_claimed:
            hang("  • ", point, "dim")
    t.append("\ne: export the after-action report · Ctrl+S: save the replay · Esc: the board · q: quit\n", style="dim")
    parts.append(t)
    return Group(*parts)


class DebriefScreen(Screen[None]):
    """The end-of-game debrief."""

    BINDINGS = [
        Binding("escape,b", "back", "Back to the board"),
        Binding("e", "export", "Export report"),
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

    def action_export(self) -> None:
        """Write the after-action report (HTML, or Markdown for a path ending in .md)."""
        from negsim.tui.screens.files import export_dialog

        export_dialog(self, self.session)

    async def action_quit(self) -> None:
        """Quit negsim."""
        self.app.exit()
