"""Briefings on screen: every actor before seats are chosen, and a seat's own brief once it is taken."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from negsim.briefing import own_briefing, public_briefing
from negsim.core.rules import Rules
from negsim.core.view import View
from negsim.tui.screens.dialogs import title_line
from negsim.tui.screens.modal import Dialog
from negsim.tui.style import hanging
from negsim.tui.widgets.hand import KIND_MARK


def public_briefing_text(rules: Rules) -> Group:
    """Each actor's situation, public goals and how it wins, in a few lines (what every seat may know);
    a wrapped line stays under its text.
    """
    parts: list[RenderableType] = [Text("Briefing: who is who (what every player may know)", style="bold underline")]
    for b in public_briefing(rules):
        head = Text.assemble(("\n" + f"{b.name} ({b.short})", "bold"))
        if not b.seat:
            head.append(" · affected party, does not play", style="dim")
        parts.append(head)
        if b.text:
            parts.append(Text(b.text, style="italic"))
        parts += [hanging(Text("  • "), Text(g)) for g in b.goals]
        parts.append(hanging(Text("  "), Text(b.wins, style="green" if b.seat else "dim")))
        parts += [hanging(Text("    public objective: "), Text(o, style="dim")) for o in b.public_objectives]
    return Group(*parts)


def own_briefing_text(rules: Rules, view: View) -> Group:
    """A seat's own brief: its standing, its objectives (met now or not), its base score and its cards
    (a wrapped objective stays under its text).
    """
    b = own_briefing(rules, view)
    parts: list[RenderableType] = [Text(b.standing + "\n", style="bold")]
    if b.objectives or b.base:
        parts.append(Text("Your objectives (only you see the private ones):", style="bold underline"))
        for met, text in b.objectives:
            body = Text(text, style="green" if met else "")
            if met:
                body.append(" — met now", style="dim")
            parts.append(hanging(Text(f"  {'●' if met else '○'} "), body))
        if b.base:
            parts.append(hanging(Text("    "), Text(f"and your base score: {b.base}", style="dim")))
        parts.append(Text(""))
    parts.append(Text("Your cards (the board shows each in full):", style="bold underline"))
    for kind, name in b.cards:
        parts.append(Text.assemble((f"  {KIND_MARK.get(kind, '?')} ", "bold"), f"{name}  ", (kind, "dim")))
    parts.append(
        Text(
            "\nEvery decision is previewed before you confirm it: for each outcome, your score and objectives "
            "as if the game ended then.",
            style="italic",
        )
    )
    return Group(*parts)


class OwnBriefingScreen(Dialog[None]):
    """A seat's own briefing, shown when the seat is first taken (in hot seat, after the hand-over)."""

    BINDINGS = [Binding("escape,enter,space", "close", "To the board")]

    def __init__(self, rules: Rules, view: View) -> None:
        """The brief of ``view``'s seat."""
        super().__init__()
        self.rules, self.view = rules, view

    def compose(self) -> ComposeResult:
        """Title and brief."""
        assert self.view.seat is not None
        name = self.rules.actors[self.rules.actor_index[self.view.seat]].name
        with Vertical(classes="dialog wide"):
            yield title_line(f"Your briefing: {name}", "Enter: to the board")
            with VerticalScroll(classes="preview"):
                yield Static(own_briefing_text(self.rules, self.view))

    def on_mount(self) -> None:
        """Arrows scroll the brief."""
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        """To the board."""
        self.dismiss(None)
