"""The card detail pane: text, effects and odds in plain words, and the source behind it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Static

from negsim.core.rules import Rules
from negsim.describe import card_effects, card_facts, reason_words, sources
from negsim.tui.style import wrap_hanging

if TYPE_CHECKING:
    from negsim.core.state import GameState


def summary_text(lines: Iterable[str]) -> Text:
    """Lines of a card's summary, their headings (``If accepted:``) in bold."""
    out = Text()
    for line in lines:
        out.append(line + "\n", style="bold" if line.endswith(":") and not line.startswith(" ") else "")
    return out


def card_text(rules: Rules, card_id: str, state: GameState | None, actor: int) -> Text:
    """Everything about one card, for the detail pane and dialogs: what it does (with odds) first, so a
    short pane shows it, then its text, what it is and the source behind it.
    """
    card = rules.cards[rules.card_index[card_id]]
    out = Text()
    out.append(card.name + "\n", style="bold underline")
    out.append_text(summary_text(card_effects(rules, card, state, actor)))
    if card.text:
        out.append(card.text + "\n", style="italic")
    out.append("\n")
    out.append_text(summary_text(card_facts(rules, card, state, actor)))
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
        console = self.app.console
        lines: list[Text] = []
        for line in self._full.split(allow_blank=True):
            # An effect's further lines hang under it (text and headings wrap as prose).
            lines += wrap_hanging(console, line, width, 4 if line.plain.startswith(" ") else 0)
            if len(lines) > height:  # the rest is cut anyway: no need to wrap it
                break
        if len(lines) <= height:
            self.update(Text("\n").join(lines), layout=False)
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
                text = Text(f"Not playable now: {reason_words(rules, reason, actor)}\n", style="bold red") + text
            self._show(key, text)

    def show_text(self, text: str | Text) -> None:
        """Show a message instead of a card."""
        self._show(str(text), text if isinstance(text, Text) else Text(text))
