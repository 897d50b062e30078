"""The meters panel: every meter as a gauge with its value, band, thresholds and change this round, and
the per-actor meters as a table of actors by meters. It scrolls when they do not all fit.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from negsim.core.rules import MeterSpec, Rules
from negsim.core.view import MeterView, View
from negsim.tui.style import clip, delta_text, gauge

HIDDEN_CELL = "·"
"""A per-actor meter's cell hidden from the seat (a cell left blank: the meter is not kept for that actor)."""


def meter_key(mv: MeterView) -> str:
    """Option id of a meter track: ``cohesion`` or ``resolve.red``."""
    return mv.id if mv.owner is None else f"{mv.id}.{mv.owner}"


class ScrollHint(OptionList):
    """An option list whose border title says how many lines are out of view, above and below, and
    the key that focuses it (its scrollbar is hidden: its lines are laid out to the panel's width).
    """

    title = ""
    """The panel's name, before the hint."""
    key = ""
    """The key that focuses the panel."""
    extra = ""
    """What the title says between the name and the hint."""
    lines = 0
    """How many lines the options take (each is as many as its prompt has: they do not wrap)."""

    def hint(self) -> str:
        """``↓ 3 more (m)``, ``↑ 2 ↓ 1 more (m)``, or ``""`` when every line is in view."""
        shown = self.scrollable_content_region.height
        total = self.lines
        if shown <= 0 or total <= shown:
            return ""
        above = round(self.scroll_y)
        below = max(0, total - shown - above)
        arrows = " ".join(x for x in (f"↑ {above}" if above else "", f"↓ {below}" if below else "") if x)
        return f"{arrows} more ({self.key})" if self.key else f"{arrows} more"

    def show_title(self, extra: str | None = None) -> None:
        """Title the panel: its name, ``extra`` and the hint."""
        self.extra = self.extra if extra is None else extra
        parts = [self.title, self.extra, self.hint()]
        title = " · ".join(p for p in parts if p)
        if title != self.border_title:
            self.border_title = title

    def on_focus(self) -> None:
        """Highlight the first line when the panel gets focus (its key or Tab), so Enter acts on it."""
        if self.highlighted is None:
            first = (i for i in range(self.option_count) if not self.get_option_at_index(i).disabled)
            self.highlighted = next(first, None)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolled: the hint follows."""
        super().watch_scroll_y(old_value, new_value)
        self.show_title(self.extra)

    def on_resize(self) -> None:
        """Resized: the hint follows."""
        self.show_title(self.extra)


class MetersPanel(ScrollHint):
    """Every meter as a labelled gauge, then the per-actor meters as a table (rows: actors; columns:
    meters). Enter (or a click) opens a meter's history, or on a table row the history of that actor's
    meters.
    """

    title = "Meters"
    key = "m"

    def __init__(self, **kwargs: object) -> None:
        """An empty panel; ``show`` fills it."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rules: Rules | None = None
        self._view: View | None = None
        self._width = 0
        self.rows: dict[str, tuple[str, ...]] = {}
        """Option id of each table row to the tracks it shows (``resolve.east``), for their history."""

    def show(self, rules: Rules, view: View) -> None:
        """Render the meters of ``view``."""
        self._rules, self._view = rules, view
        self._rebuild()

    def tracks(self, option_id: str) -> tuple[str, ...]:
        """The tracks an option shows: a gauge's meter, or a table row's tracks the seat may see."""
        return self.rows.get(option_id, (option_id,))

    def on_resize(self) -> None:
        """Re-fit the gauges and the table to the new width."""
        if self.size.width != self._width:
            self._rebuild()
        super().on_resize()

    def line(self, mv: MeterView, width: int) -> Text:
        """A gauge line of ``width`` characters: name, gauge, value, change and band; a band that
        does not fit after the gauge with a column to spare goes whole on a second line (it is never
        cut short, and never touches the next panel).
        """
        assert self._rules is not None
        spec = self._rules.meters[self._rules.meter_index[mv.id]]
        bar_w = 6 if width < 56 else 16 if width < 90 else 24
        name_w = self._name_width(width, bar_w)
        name = spec.name if width >= 70 else spec.short
        out = Text(clip(name, name_w).ljust(name_w) + " ")
        if mv.value is None:
            out.append("hidden".ljust(bar_w + 4), style="dim italic")
            return out
        out.append_text(gauge(spec, mv.value, bar_w))
        out.append(f" {mv.value:>3}", style="bold")
        delta = mv.value - (mv.round_start if mv.round_start is not None else mv.value)
        out.append_text(delta_text(spec, delta))
        if mv.band:
            if out.cell_len + 1 + len(mv.band) < width:  # a column to spare before the next panel
                out.append(" " + mv.band, style="italic")
            else:
                indent = max(0, min(name_w + 1, width - 1 - len(mv.band)))
                out.append("\n" + " " * indent + clip(mv.band, width - 1 - indent), style="italic")
        return out

    def _name_width(self, width: int, bar_w: int) -> int:
        """The name column: the longest label, and on a wide panel at least 30 if the gauges still fit."""
        assert self._rules is not None and self._view is not None
        rules = self._rules
        wide = width >= 70
        longest = max(
            (
                len(spec.name if wide else spec.short)
                for mv in self._view.meters
                if mv.owner is None
                for spec in (rules.meters[rules.meter_index[mv.id]],)
            ),
            default=0,
        )
        return max(30, min(longest, width - bar_w - 24)) if wide else min(longest, 14)

    def table(self, width: int) -> list[tuple[str, Text, bool]]:
        """The per-actor meters as (option id, line, whether it is a header) rows: a header of meter
        names, then one row per actor by name, each cell the value and its change this round
        (``·``: hidden from the seat; blank: not kept for that actor). Meters that do not fit the
        width beside each other make further tables below.
        """
        assert self._rules is not None and self._view is not None
        rules, view = self._rules, self._view
        specs = [m for m in rules.meters if m.per_actor]
        if not specs:
            return []
        cells = {(mv.id, mv.owner): mv for mv in view.meters if mv.owner is not None}
        owners = [a for a in rules.actors if any((m.id, a.id) in cells for m in specs)]
        label_w = max(len(a.name) for a in owners)
        if label_w + 2 + self._cell_width(specs[0], short=True) > width:
            label_w = max(len(a.short) for a in owners)  # the names do not leave room for one meter
        use_short = label_w < max(len(a.name) for a in owners)
        rows: list[tuple[str, Text, bool]] = []
        for g, group in enumerate(self._groups(specs, width - label_w)):
            head = Text(" " * label_w, style="bold")
            for spec, short, w in group:
                head.append("  " + (spec.short if short else spec.name).ljust(w), style="bold underline")
            rows.append((f"#head{g}", head, True))
            for a in owners:
                tracks = tuple(f"{spec.id}.{a.id}" for spec, _, _ in group if _seen(cells.get((spec.id, a.id))))
                line = Text(
                    (a.short if use_short else a.name).ljust(label_w), style="bold" if a.id == view.seat else ""
                )
                for spec, _, w in group:
                    line.append("  ")
                    line.append_text(self._cell(spec, cells.get((spec.id, a.id)), w))
                key = f"@{a.id}#{g}"
                self.rows[key] = tracks
                rows.append((key, line, False))
        return rows

    @staticmethod
    def _cell_width(spec: MeterSpec, short: bool) -> int:
        """A column's width: its label, or a value and its change (``110▲20``) if wider."""
        return max(len(spec.short if short else spec.name), max(len(str(spec.low)), len(str(spec.high))) + 3)

    def _groups(self, specs: list[MeterSpec], room: int) -> list[list[tuple[MeterSpec, bool, int]]]:
        """The meters in tables that fit ``room`` columns: (meter, whether by its short name, column width)."""
        groups: list[list[tuple[MeterSpec, bool, int]]] = [[]]
        used = 0
        for spec in specs:
            full, short = (self._cell_width(spec, s) for s in (False, True))
            fits = [(w, s) for w, s in ((full, False), (short, True)) if used + 2 + w <= room]
            if not fits and groups[-1]:
                groups.append([])
                used = 0
                fits = [(w, s) for w, s in ((full, False), (short, True)) if 2 + w <= room]
            w, s = fits[0] if fits else (short, True)
            groups[-1].append((spec, s, w))
            used += 2 + w
        return groups

    @staticmethod
    def _cell(spec: MeterSpec, mv: MeterView | None, width: int) -> Text:
        """``  6▲1``: the value right-aligned, its change after it; ``·`` if hidden, blank if not kept."""
        digits = max(len(str(spec.low)), len(str(spec.high)))
        if mv is None:
            return Text(" " * width)
        if mv.value is None:
            return Text(HIDDEN_CELL.rjust(digits).ljust(width), style="dim")
        delta = mv.value - (mv.round_start if mv.round_start is not None else mv.value)
        out = Text(str(mv.value).rjust(digits), style="bold")
        out.append_text(delta_text(spec, delta))
        out.pad_right(width - out.cell_len)
        return out

    def _rebuild(self) -> None:
        if self._view is None:
            return
        self._width = self.size.width
        width = max(30, self.content_size.width)
        lines: list[tuple[str, Text, bool]] = [
            (meter_key(mv), self.line(mv, width), False) for mv in self._view.meters if mv.owner is None
        ]
        self.rows = {}
        lines += self.table(width)
        self.lines = sum(prompt.plain.count("\n") + 1 for _, prompt, _ in lines)
        self.show_title()
        if [self.get_option_at_index(i).id for i in range(self.option_count)] == [k for k, _, _ in lines]:
            # Same meters: change the prompts in place (no layout of the whole screen, unless a band
            # moved to or from a line of its own).
            rows = [str(self.get_option_at_index(i).prompt).count("\n") for i in range(self.option_count)]
            for i, (_, prompt, _) in enumerate(lines):
                if prompt != self.get_option_at_index(i).prompt:  # most meters do not move on a move
                    self.replace_option_prompt_at_index(i, prompt)
            if rows != [prompt.plain.count("\n") for _, prompt, _ in lines]:
                self.refresh(layout=True)
            return
        keep = self.highlighted
        self.clear_options()
        self.add_options([Option(prompt, id=key, disabled=head) for key, prompt, head in lines])
        if keep is not None and keep < self.option_count:
            self.highlighted = keep


def _seen(mv: MeterView | None) -> bool:
    return mv is not None and mv.value is not None
