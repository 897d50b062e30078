"""The event log: every event in words, each meter change with its cause."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Any, Self

from rich.text import Text
from textual.events import Resize
from textual.widgets import RichLog

from negsim.core.events import Event, MeterChanged, PhaseStarted, RoundStarted
from negsim.core.rules import Rules
from negsim.core.view import decision_hidden, shown
from negsim.narrate import describe, indent, reason
from negsim.tui.style import direction_colour, wrap_hanging


def event_line(rules: Rules, e: Event) -> Text | None:
    """A styled log line for an event, or ``None``."""
    line = describe(rules, e)
    if line is None:
        return None
    pad = "  " * max(0, indent(e) - 1)
    if isinstance(e, RoundStarted):
        return Text(line, style="bold reverse")
    if isinstance(e, PhaseStarted):
        return Text(pad + line, style="bold dim")
    if isinstance(e, MeterChanged):
        spec = rules.meters[rules.meter_index[e.meter]]
        return Text(pad + line, style=direction_colour(spec, e.new - e.old))
    return Text(pad + line)


class EventLog(RichLog):
    """The game log as the current seat may see it, wrapped to the pane's width.

    Each entry is kept, so a change of width wraps them all again (RichLog keeps the lines at the
    width they were written at). A wrapped entry's further lines hang under its text. The log
    follows the newest entry unless the reader has scrolled up.
    """

    HANG = 4
    """How much further than its entry a wrapped entry's further lines are indented."""

    def __init__(self, **kwargs: Any) -> None:
        """An empty log (``RichLog``'s arguments)."""
        super().__init__(**kwargs)
        self._entries: list[Text] = []
        self._heights: list[int] = []  # lines of each entry at ``_width``
        self._width = 0
        self._follow = True
        self._unseen = 0  # entries added since the reader scrolled up

    def add_events(
        self, rules: Rules, events: Iterable[Event], seat: str | None, why: str | None = None, actor: str | None = None
    ) -> None:
        """Append the lines of the events ``seat`` may see (in one write: one layout, not one per line);
        ``why`` is the reason the bot playing ``actor`` gave for the decision these events follow, shown
        under its first line (without the move it restates).
        """
        entries: list[Text] = []
        events = tuple(events)
        if why is not None and actor is not None and decision_hidden(rules, events, actor, seat):
            why = None  # a sealed choice's or a secret move's reason would tell what it was
        for event in events:
            e = shown(rules, event, seat)
            if e is not None and (line := event_line(rules, e)) is not None:
                entries.append(line)
                if why is not None:
                    pad = "  " * max(0, indent(e) - 1)
                    entries.append(
                        Text.assemble(f"{pad}  ", ("why: ", "bold dim"), (reason(rules, actor, why), "italic"))
                    )
                    why = None
        self._add(entries)

    def add_recap(self, lines: list[str]) -> None:
        """Append a round's recap (what changed and why)."""
        self._add([Text(f"▸ {line}", style="bold yellow" if i == 0 else "yellow") for i, line in enumerate(lines)])

    def _add(self, entries: list[Text]) -> None:
        """Keep and show new entries; count those the reader has not scrolled down to yet."""
        self._entries += entries
        if entries and not self._follow:
            self._unseen += len(entries)
            self._mark()
        if entries and self._width:
            self._write(entries, self._follow)

    def _mark(self) -> None:
        """Say under the log how many entries wait below the view."""
        if self._unseen and not self._follow:
            self.border_subtitle = f"▼ {self._unseen} new below · End"
        else:
            self.border_subtitle = ""

    def _write(self, entries: list[Text], scroll_end: bool) -> None:
        """Write ``entries`` wrapped to the current width, then scroll to the end if ``scroll_end``.

        At once, not after the next refresh as RichLog does: that took a second frame for every
        update (a pane resized meanwhile is scrolled to the end again by ``on_resize``).
        """
        lines = [wrap_hanging(self.app.console, t, self._width, self.HANG) for t in entries]
        self._heights += map(len, lines)
        self.write(Text("\n").join(line for entry in lines for line in entry), width=self._width, scroll_end=False)
        if scroll_end:
            self.scroll_end(animate=False, immediate=True, x_axis=False)

    def clear(self) -> Self:
        """Empty the log (it follows the newest entry again)."""
        self._entries = []
        self._heights = []
        self._follow = True
        self._unseen = 0
        self.border_subtitle = ""
        return super().clear()

    @property
    def entries(self) -> list[Text]:
        """Every entry shown, in order (for the whole-log window)."""
        return list(self._entries)

    @property
    def unseen(self) -> int:
        """How many entries wait below the view (0 while the log follows the newest)."""
        return self._unseen

    def on_mount(self) -> None:
        """Anchor the log to its end: when the pane changes height, the layout keeps the end in view
        in the same frame (the reader scrolling up releases the anchor; following the end again
        sets it).
        """
        self.anchor()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Follow the newest entry again once the reader scrolls back to the end."""
        super().watch_scroll_y(old_value, new_value)
        self._follow = new_value >= self.max_scroll_y
        if self._follow and self._unseen:
            self._unseen = 0
            self._mark()

    def on_resize(self, event: Resize) -> None:
        """Wrap every entry again when the width changes; stay at the end if the log followed it."""
        super().on_resize(event)  # RichLog writes at once from now on (it deferred writes until it had a size)
        follow = self._follow  # a lower pane leaves the end below the view
        width = self.scrollable_content_region.width
        if 0 < width != self._width:
            self._reflow(width)
        self._follow = follow
        if follow:
            self.scroll_end(animate=False, immediate=True, x_axis=False)
        self._mark()

    def _reflow(self, width: int) -> None:
        """Wrap every entry to ``width``, keeping the entry at the top of the view at the top."""
        trimmed = sum(self._heights) - len(self.lines)  # lines dropped past ``max_lines``
        top = bisect_right(list(accumulate(self._heights)), self.scroll_y + trimmed)
        entries, unseen = self._entries, self._unseen
        self.clear()
        self._entries, self._unseen = entries, unseen
        self._width = width
        if entries:
            self._write(entries, False)
            start = sum(self._heights[:top]) - (sum(self._heights) - len(self.lines))
            self.scroll_to(y=max(0, start), animate=False, immediate=True)
