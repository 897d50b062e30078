"""A meter's history: its value round by round, and every event that moved it, with causes."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from negsim.analysis.turning import track_values
from negsim.core.events import MeterChanged
from negsim.core.view import shown
from negsim.describe import bands_text, signed
from negsim.narrate import cause_text
from negsim.session import Session
from negsim.tui.screens.dialogs import title_line
from negsim.tui.style import chart, direction_colour


class MeterScreen(ModalScreen[None]):
    """History of one meter track."""

    BINDINGS = [Binding("escape,q,enter", "close", "Close")]

    def __init__(self, session: Session, key: str, seat: str | None, more: Sequence[str] = ()) -> None:
        """History of the track ``key`` (``meter`` or ``meter.owner``) as ``seat`` may see it, then of the
        tracks ``more`` (an actor's other meters, from the per-actor table).
        """
        super().__init__()
        self.session = session
        self.meter, _, owner = key.partition(".")
        self.owner = owner or None
        self.seat = seat
        self.more = tuple(more)

    def compose(self) -> ComposeResult:
        """Chart and event list."""
        with Vertical(classes="dialog wide"):
            yield self.title_line()
            with VerticalScroll(classes="preview"):
                yield Static(self.body())
                for key in self.more:
                    yield Static(self.other(key))

    def title_line(self) -> Static:
        """The meter's name, the key that closes the dialog, and what the meter measures."""
        rules = self.session.rules
        spec = rules.meters[rules.meter_index[self.meter]]
        names = [self.track_name(self.meter, self.owner)]
        names += [self.track_name(*key.partition(".")[::2]) for key in self.more]
        return title_line(", ".join(names), spec.text if not self.more else "")

    def track_name(self, meter: str, owner: str | None) -> str:
        """``Resolve`` or ``Resolve of East``: a track by its names."""
        rules = self.session.rules
        name = rules.meters[rules.meter_index[meter]].name
        return name if not owner else f"{name} of {rules.actors[rules.actor_index[owner]].name}"

    def other(self, key: str) -> Text:
        """The history of another track, under its name."""
        meter, _, owner = key.partition(".")
        heading = Text(f"\n{self.track_name(meter, owner or None)}\n", style="bold underline")
        return heading + track_history(self.session, meter, owner or None, self.seat)

    def body(self) -> Text:
        """The chart over rounds and the events that moved the meter."""
        return track_history(self.session, self.meter, self.owner, self.seat)

    def action_close(self) -> None:
        """Back to the board."""
        self.dismiss(None)


def track_history(session: Session, meter: str, owner: str | None, seat: str | None) -> Text:
    """A track's chart over rounds and the events that moved it, as ``seat`` may see them."""
    rules = session.rules
    spec = rules.meters[rules.meter_index[meter]]
    seat_idx = rules.actor_index[seat] if seat else None
    owner_idx = rules.actor_index[owner] if owner else -1
    if not rules.meter_visible(spec, owner_idx, seat_idx) and not session.is_over:
        return Text("This meter is hidden from you.", style="italic")
    values = track_values(session, meter, owner)
    t = Text()
    t.append(f"Value at the start and after each round ({spec.low}–{spec.high}):\n", style="bold")
    t.append_text(chart(values, spec.low, spec.high, height=5))
    col = max(3, max(len(str(v)) for v in values) + 1)
    labels = ["S", *[str(i) for i in range(1, len(values) - 1)], "now"]
    t.append("  " + "".join(f"{x:<{col}}" for x in labels) + "  (S = start)\n\n", style="dim")
    if spec.thresholds:
        t.append("Thresholds: " + "; ".join(f"{th.at} {th.name}" for th in spec.thresholds) + "\n", style="yellow")
    if spec.bands:
        t.append(f"Bands: {bands_text(spec)}\n\n", style="dim")
    t.append("What moved it:\n", style="bold")
    moved = False
    for event in session.all_events():
        e = shown(rules, event, seat)
        if isinstance(e, MeterChanged) and e.meter == meter and e.owner == owner:
            moved = True
            d = e.new - e.old
            t.append(f"  R{e.round:<2} {e.old:>3} → {e.new:<3} ({signed(d)}) ", style=direction_colour(spec, d))
            t.append(cause_text(rules, e.cause) + "\n")
    if not moved:
        t.append("  nothing yet\n", style="dim")
    return t
