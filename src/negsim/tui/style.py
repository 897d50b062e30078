"""Shared rendering helpers: colours, meter gauges, charts, truncation."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from negsim.core.rules import MeterSpec

GOOD = "green"
"""Colour of a change for the better."""
BAD = "red"
"""Colour of a change for the worse."""
NEUTRAL = "cyan"
"""Colour of a neutral change."""

_EIGHTHS = " ▁▂▃▄▅▆▇█"


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def hanging(lead: Text, body: Text) -> Table:
    """``lead`` (an indent, a bullet) then ``body``, whose wrapped lines stay under its first character."""
    grid = Table.grid(expand=True)
    grid.add_column(width=lead.cell_len, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(lead, body)
    return grid


def wrap_hanging(console: Console, line: Text, width: int, hang: int) -> list[Text]:
    """One line of text wrapped to ``width``, its further lines ``hang`` columns further in than it starts."""
    if line.cell_len <= width:  # most lines: no wrapping to do
        return [line]
    first, *rest = line.wrap(console, width)
    if not rest:
        return [first]
    plain = line.plain
    cut = len(first.plain)
    while cut < len(plain) and plain[cut].isspace():
        cut += 1
    indent = min(len(plain) - len(plain.lstrip(" ")) + hang, width // 2)
    return [first, *(Text.assemble(" " * indent, tail) for tail in line[cut:].wrap(console, width - indent))]


def direction_colour(meter: MeterSpec, delta: int) -> str:
    """Colour of a change of ``delta`` on ``meter`` (by its ``higher_is``)."""
    if delta == 0 or meter.higher_is == "neutral":
        return NEUTRAL
    good = (delta > 0) == (meter.higher_is == "good")
    return GOOD if good else BAD


def gauge(meter: MeterSpec, value: int, width: int) -> Text:
    """A horizontal gauge of ``value`` with the meter's thresholds marked."""
    span = max(1, meter.high - meter.low)
    filled = round((value - meter.low) / span * width)
    marks = {min(width - 1, round((t.at - meter.low) / span * width)) for t in meter.thresholds}
    colour = (
        "bright_red" if meter.higher_is == "bad" else "bright_green" if meter.higher_is == "good" else "bright_cyan"
    )
    out = Text()
    for i in range(width):
        if i in marks:
            out.append("┃" if i < filled else "╎", style="yellow")
        elif i < filled:
            out.append("█", style=colour)
        else:
            out.append("░", style="grey37")
    return out


def delta_text(meter: MeterSpec, delta: int) -> Text:
    """``▲2`` or ``▼1`` coloured by whether the change is good, or blank."""
    if delta == 0:
        return Text("  ")
    arrow = "▲" if delta > 0 else "▼"
    return Text(f"{arrow}{abs(delta)}", style=direction_colour(meter, delta))


def column_chart(values: Sequence[int], low: int, high: int, height: int = 4, col: int = 3) -> list[Text]:
    """Rows of a column chart of ``values`` between ``low`` and ``high`` (top row first)."""
    span = max(1, high - low)
    rows: list[Text] = []
    for r in range(height - 1, -1, -1):
        line = Text()
        for v in values:
            level = (v - low) / span * height  # 0..height
            fill = level - r
            if fill >= 1:
                ch = "█"
            elif fill <= 0:
                ch = " " if r else "▁"
            else:
                ch = _EIGHTHS[max(1, round(fill * 8))]
            line.append(ch * (col - 1) + " ", style="bright_cyan")
        rows.append(line)
    return rows


def chart(values: Sequence[int], low: int, high: int, height: int, indent: str = "  ") -> Text:
    """A column chart of ``values`` with each value printed under its column."""
    col = max(3, max((len(str(v)) for v in values), default=1) + 1)
    t = Text()
    for row in column_chart(values, low, high, height=height, col=col):
        t.append(indent)
        t.append_text(row)
        t.append("\n")
    t.append(indent + "".join(f"{v:<{col}}" for v in values) + "\n", style="dim")
    return t
