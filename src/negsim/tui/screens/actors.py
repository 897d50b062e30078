"""What the current seat knows of every actor: who plays it, cards left, goals, and objectives
(its own, with whether each is met now, and the public ones of others).
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from negsim.briefing import seat_label
from negsim.core.rules import Rules
from negsim.core.view import View
from negsim.describe import signed
from negsim.tui.screens.dialogs import title_line


def actors_text(rules: Rules, view: View, seats: Mapping[str, str]) -> Text:
    """Every actor as the seat of ``view`` may know it."""
    t = Text()
    me = view.seat
    if me is not None and view.score is not None:
        spec = rules.actors[rules.actor_index[me]]
        t.append(
            f"Your score if the game ended now: {view.score} (you win with {spec.win_at})\n\n", style="bold reverse"
        )
    for a in view.actors:
        spec = rules.actors[rules.actor_index[a.id]]
        kind = seats.get(a.id)
        who = "you" if a.id == me else seat_label(kind) if kind else "affected party"
        t.append(f"{spec.name} ({spec.short})", style="bold underline")
        t.append(f" — {who}")
        if a.seat:
            t.append(f", {a.cards_left} cards still playable", style="dim")
        t.append("\n")
        if spec.text:
            t.append(spec.text + "\n", style="italic")
        for g in spec.goals:
            t.append(f"  goal: {g}\n")
        for c in spec.constraints:
            t.append(f"  limit: {c}\n", style="dim")
        objectives = [o for o in view.objectives if o.actor == a.id]
        if objectives:
            head = "  your objectives:" if a.id == me else "  public objectives:"
            t.append(head + "\n", style="bold")
            for o in objectives:
                t.append(f"    {'●' if o.met else '○'} {o.text} ({signed(o.points)})\n", style="green" if o.met else "")
        elif spec.objectives and a.id != me:
            t.append("  its objectives are private\n", style="dim italic")
        t.append("\n")
    return t


class ActorsScreen(ModalScreen[None]):
    """The actors, as the current seat knows them."""

    BINDINGS = [Binding("escape,q,i,enter", "close", "Close")]

    def __init__(self, rules: Rules, view: View, seats: Mapping[str, str]) -> None:
        """Show ``view``'s knowledge of the actors."""
        super().__init__()
        self.rules, self.view, self.seats = rules, view, seats

    def compose(self) -> ComposeResult:
        """The text."""
        with Vertical(classes="dialog wide"):
            yield title_line("Actors & goals")
            with VerticalScroll(classes="preview"):
                yield Static(actors_text(self.rules, self.view, self.seats))

    def action_close(self) -> None:
        """Back to the board."""
        self.dismiss(None)


class TextScreen(ModalScreen[None]):
    """Any long text in a scrollable dialog (the whole card, for instance)."""

    BINDINGS = [Binding("escape,q,c,enter", "close", "Close")]

    def __init__(
        self, text: Text, title: str = "The whole card", *, at_end: bool = False, shown: RenderableType | None = None
    ) -> None:
        """Show ``text`` under ``title`` (scrolled to its end, with ``at_end``: a log's newest entry), laid
        out as ``shown`` if given (the same text with hanging indents, say).
        """
        super().__init__()
        self.text = text
        self.heading = title
        self.at_end = at_end
        self.shown = shown if shown is not None else text

    def on_mount(self) -> None:
        """Focus the text so arrows scroll it; show its end first if asked."""
        scroller = self.query_one(VerticalScroll)
        scroller.focus()
        if self.at_end:
            self.call_after_refresh(scroller.scroll_end, animate=False)

    def compose(self) -> ComposeResult:
        """The title and the text."""
        with Vertical(classes="dialog wide"):
            yield title_line(self.heading)
            with VerticalScroll(classes="preview"):
                yield Static(self.shown)

    def action_close(self) -> None:
        """Back to the board."""
        self.dismiss(None)
