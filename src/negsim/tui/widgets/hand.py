"""The current seat's cards: playable ones first-class, others dimmed with the reason."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from negsim.core.rules import Rules
from negsim.core.view import View
from negsim.describe import pretty

PASS = "__pass__"
"""Option id of the pass entry."""

KIND_MARK = {"demand": "D", "offer": "O", "response": "R", "action": "A", "event": "E"}
"""One-letter badges of card kinds."""
KIND_STYLE = {
    "demand": "black on yellow",
    "offer": "black on green",
    "response": "black on magenta",
    "action": "black on cyan",
}
"""Badge colours of card kinds."""


class HandList(OptionList):
    """A seat's hand. Highlighting a card shows it in the detail pane; Enter plays it."""

    def show(self, view: View, can_play: bool, rules: Rules, fresh: bool = False) -> None:
        """List ``view.hand``; ``can_play`` when the seat is to play now (adds Pass); ``fresh``
        for a new decision (highlight the first playable card).
        """
        keep = self.highlighted_option.id if self.highlighted_option is not None and not fresh else None
        options: list[Option] = []
        for card in view.hand:
            playable = card.playable and can_play
            t = Text()
            badge = KIND_MARK.get(card.kind, "?")
            t.append(f"{badge}", style=KIND_STYLE.get(card.kind, "reverse") if playable else "dim")
            t.append(" ")
            t.append(card.name, style="bold" if playable else "dim")
            if not card.playable and card.reason:
                t.append(f"\n    {pretty(rules, card.reason)}", style="dim italic")
            options.append(Option(t, id=card.id))
        if can_play:
            options.append(Option(Text("— Pass (end your turn)", style="bold yellow"), id=PASS))
        self.clear_options()
        self.add_options(options)
        ids = [o.id for o in options]
        if keep in ids and keep is not None:
            self.highlighted = ids.index(keep)
        elif options:
            first = next((i for i, c in enumerate(view.hand) if c.playable and can_play), 0)
            self.highlighted = first
