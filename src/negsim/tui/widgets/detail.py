"""The card detail pane: text, effects and odds in plain words, and the source behind it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from negsim.core.rules import Rules
from negsim.core.state import GameState
from negsim.describe import card_summary, pretty, sources


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


class CardDetail(Static):
    """The highlighted card, fitted to the pane.

    The pane has a fixed size, so showing another card repaints only the pane (no layout of the
    whole screen on every key press). A card too long for it ends with a hint: ``c`` opens the
    whole card in a scrollable dialog.
    """

    def __init__(self, **kwargs: Any) -> None:
        """An empty pane."""
        super().__init__(**kwargs)
        self._shown: object = None
        self._full: Text = Text()

    @property
    def text(self) -> str:
        """The whole text shown (before fitting)."""
        return self._full.plain

    @property
    def full(self) -> Text:
        """The whole text, for the full-card dialog."""
        return self._full

    def _show(self, key: object, text: Text) -> None:
        if key == self._shown:
            return
        self._shown = key
        self._full = text
        self._fit()

    def _fit(self) -> None:
        width, height = self.content_size
        if width <= 0 or height <= 0:
            self.update(self._full, layout=False)
            return
        lines = self._full.wrap(self.app.console, width)
        if len(lines) <= height:
            self.update(self._full, layout=False)
            return
        shown = Text("\n").join(lines[: max(0, height - 1)])
        shown.append("\n… more: press c for the whole card", style="bold dim")
        self.update(shown, layout=False)

    def on_resize(self) -> None:
        """Fit the text to the new size."""
        self._fit()

    def show_card(
        self, rules: Rules, card_id: str, state: GameState | None, actor: int, reason: str | None = None
    ) -> None:
        """Show a card (as of ``state``), with why it cannot be played now if ``reason``."""
        key = (card_id, actor, state.ply if state is not None else None, reason)
        if key != self._shown:
            text = card_text(rules, card_id, state, actor)
            if reason:
                text = Text(f"Not playable now: {pretty(rules, reason)}\n", style="bold red") + text
            self._show(key, text)

    def show_text(self, text: str | Text) -> None:
        """Show a message instead of a card."""
        self._show(str(text), text if isinstance(text, Text) else Text(text))
