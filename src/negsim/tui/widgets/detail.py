"""The card detail pane: text, effects and odds in plain words, and the source behind it."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from negsim.core.rules import Rules
from negsim.core.state import GameState
from negsim.describe import card_summary, sources


def card_text(rules: Rules, card_id: str, state: GameState | None, actor: int) -> Text:
    """Everything about one card, for the detail pane and dialogs."""
    card = rules.cards[rules.card_index[card_id]]
    out = Text()
    out.append(card.name + "\n", style="bold underline")
    if card.text:
        out.append(card.text + "\n", style="italic")
    out.append("\n")
    for line in card_summary(rules, card, state, actor):
        head = not line.startswith(" ")
        out.append(line + "\n", style="bold" if head and line.endswith(":") else "")
    src = sources(rules, card)
    if src:
        out.append("\nSource\n", style="bold")
        for s in src:
            out.append(s + "\n", style="green" if s[:1].isupper() and ": “" in s else "dim")
    return out


class CardDetail(VerticalScroll):
    """Scrollable details of the highlighted card."""

    def compose(self):  # type: ignore[no-untyped-def]
        """One static body."""
        yield Static(id="detail-body")

    def show_card(self, rules: Rules, card_id: str, state: GameState | None, actor: int) -> None:
        """Show a card."""
        self.query_one("#detail-body", Static).update(card_text(rules, card_id, state, actor))
        self.scroll_home(animate=False)

    def show_text(self, text: str | Text) -> None:
        """Show a message instead of a card."""
        self.query_one("#detail-body", Static).update(text)
