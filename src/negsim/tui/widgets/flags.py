"""The flags panel: the flags the seat may see, by name, raised or lowered; a per-actor flag's owner by
name. A flag hidden from the seat is not listed at all.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets.option_list import Option

from negsim.core.rules import Rules
from negsim.core.view import FlagView, View
from negsim.tui.widgets.meters import ScrollHint

RAISED = "●"
"""The mark of a raised flag."""
LOWERED = "○"
"""The mark of a lowered flag."""


def flag_key(fv: FlagView) -> str:
    """Option id of a flag: ``hotline`` or ``mobilised.east``."""
    return fv.id if fv.owner is None else f"{fv.id}.{fv.owner}"


def flag_line(rules: Rules, fv: FlagView) -> Text:
    """``● Hotline open`` or ``○ Mobilised (East)``: a flag the seat may see, with its owner by name."""
    owner = "" if fv.owner is None else f" ({rules.actors[rules.actor_index[fv.owner]].name})"
    t = Text(no_wrap=True, overflow="ellipsis")
    t.append(RAISED if fv.value else LOWERED, style="bold yellow" if fv.value else "dim")
    t.append(f" {fv.name}{owner}", style="bold" if fv.value else "")
    return t


class FlagsPanel(ScrollHint):
    """The flags the seat may see (from its view, never the true state); Enter on one says what it means."""

    title = "Flags"
    key = "f"

    def __init__(self, **kwargs: object) -> None:
        """An empty panel; ``show`` fills it."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.shown: list[FlagView] = []
        """The flags listed, in order."""

    def show(self, rules: Rules, view: View) -> None:
        """List the flags of ``view`` whose value the seat may see, raised first (the panel hides when there are
        none).
        """
        seen = [fv for fv in view.flags if fv.value is not None]
        self.shown = [fv for fv in seen if fv.value] + [fv for fv in seen if not fv.value]  # raised first
        lines = [(flag_key(fv), flag_line(rules, fv)) for fv in self.shown]
        if self.display != bool(lines):
            self.display = bool(lines)
        if [self.get_option_at_index(i).id for i in range(self.option_count)] == [k for k, _ in lines]:
            for i, (_, prompt) in enumerate(lines):  # same flags: in place, no layout
                if prompt != self.get_option_at_index(i).prompt:  # most flags do not change on a move
                    self.replace_option_prompt_at_index(i, prompt)
        else:
            keep = self.highlighted
            self.clear_options()
            self.add_options([Option(prompt, id=key) for key, prompt in lines])
            if keep is not None and keep < self.option_count:
                self.highlighted = keep
        self.lines = len(lines)
        raised = sum(1 for fv in self.shown if fv.value)
        self.show_title(f"{raised} raised")
