"""The event log: every event in words, each meter change with its cause."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import RichLog

from negsim.core.events import Event, MeterChanged, PhaseStarted, RoundStarted
from negsim.core.rules import Rules
from negsim.core.view import visible
from negsim.narrate import describe, indent
from negsim.tui.style import direction_colour


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
    """The game log as the current seat may see it."""

    def add_events(self, rules: Rules, events: Iterable[Event], seat: str | None) -> None:
        """Append the lines of the events ``seat`` may see (in one write: one layout, not one per line)."""
        lines = [line for e in events if visible(rules, e, seat) and (line := event_line(rules, e)) is not None]
        if lines:
            self.write(Text("\n").join(lines))
