"""The current seat's cards: playable ones first-class, others dimmed with the reason."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from negsim.core.rules import Rules
from negsim.core.view import View
from negsim.describe import reason_words

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

    on_highlight: Callable[[], None] | None = None
    """Called as soon as the highlight moves, so the detail pane is drawn in the same frame."""

    def watch_highlighted(self, highlighted: int | None) -> None:
        """Tell the board at once (the message that follows arrives a frame later)."""
        super().watch_highlighted(highlighted)
        if self.on_highlight is not None:
            self.on_highlight()

    def show(self, view: View, can_play: bool, rules: Rules, fresh: bool = False, with_pass: bool = True) -> None:
        """List ``view.hand``, one line per card (the reason a card cannot be played after its
        name); ``can_play`` when the seat is to play now; ``fresh`` for a new decision
        (highlight the first playable card).

        Every entry is one line and the list always ends with Pass (unless ``with_pass`` is false:
        when only bots play), so from one move to the next the prompts change in place and the
        screen is not laid out again.
        """
        self._args: tuple[View, bool, Rules, bool, bool] | None = (view, can_play, rules, False, with_pass)
        # Leave room for the scrollbar (it appears when the hand is longer than the pane).
        width = max(10, self.content_size.width - self.styles.scrollbar_size_vertical - 1)
        options: list[Option] = []
        for card in view.hand:
            playable = card.playable and can_play
            t = Text(no_wrap=True, overflow="ellipsis")
            badge = KIND_MARK.get(card.kind, "?")
            t.append(badge, style=KIND_STYLE.get(card.kind, "reverse") if playable else "dim")
            t.append(" ")
            t.append(card.name, style="bold" if playable else "dim")
            if not card.playable and card.reason:
                t.append(
                    f" · {reason_words(rules, card.reason, rules.actor_index.get(view.seat or '', -1))}",
                    style="dim italic",
                )
            t.truncate(width, overflow="ellipsis")
            options.append(Option(t, id=card.id))
        if with_pass:  # not when only bots play: nobody here passes
            options.append(
                Option(
                    Text("— Pass (end your turn)", style="bold yellow" if can_play else "dim", no_wrap=True), id=PASS
                )
            )
        ids = [o.id for o in options]
        first = next((i for i, c in enumerate(view.hand) if c.playable and can_play), 0)
        if [self.get_option_at_index(i).id for i in range(self.option_count)] == ids:
            for i, o in enumerate(options):
                self.replace_option_prompt_at_index(i, o.prompt)
            if fresh:
                self.highlighted = first
            return
        keep = self.highlighted_option.id if self.highlighted_option is not None and not fresh else None
        self.clear_options()
        self.add_options(options)
        self.highlighted = ids.index(keep) if keep in ids and keep is not None else first

    def show_choices(self, prompts: list[Text], highlight: int | None = 0) -> None:
        """List the choices of a decision (ids ``choice:<i>``), ``highlight`` highlighted (``None``: none yet)."""
        self._args = None
        options = [Option(p, id=f"choice:{i}") for i, p in enumerate(prompts)]
        if [self.get_option_at_index(i).id for i in range(self.option_count)] == [o.id for o in options]:
            for i, o in enumerate(options):
                self.replace_option_prompt_at_index(i, o.prompt)
        else:
            self.clear_options()
            self.add_options(options)
        self.highlighted = highlight

    def on_resize(self) -> None:
        """Fit the entries to the new width."""
        args = getattr(self, "_args", None)
        if args is not None:
            self.show(*args)
