"""The meters panel: every meter as a gauge with its value, band, thresholds and change this round."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from negsim.core.rules import Rules
from negsim.core.view import MeterView, View
from negsim.tui.style import clip, delta_text, gauge


def meter_key(mv: MeterView) -> str:
    """Option id of a meter track: ``cohesion`` or ``resolve.red``."""
    return mv.id if mv.owner is None else f"{mv.id}.{mv.owner}"


class MetersPanel(OptionList):
    """Every meter as a labelled gauge. Enter (or a click) opens a meter's history."""

    def __init__(self, **kwargs: object) -> None:
        """An empty panel; ``show`` fills it."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rules: Rules | None = None
        self._view: View | None = None
        self._width = 0

    def show(self, rules: Rules, view: View) -> None:
        """Render the meters of ``view``."""
        self._rules, self._view = rules, view
        self._rebuild()

    def on_focus(self) -> None:
        """Highlight the first meter when the panel gets focus (m or Tab), so Enter opens a history."""
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def on_resize(self) -> None:
        """Re-fit the gauges to the new width."""
        if self.size.width != self._width:
            self._rebuild()

    def line(self, mv: MeterView, width: int) -> Text:
        """A gauge line of ``width`` characters: name, gauge, value, change and band; a band that
        does not fit after the gauge with a column to spare goes whole on a second line (it is never
        cut short, and never touches the next panel).
        """
        assert self._rules is not None
        spec = self._rules.meters[self._rules.meter_index[mv.id]]
        bar_w = 6 if width < 56 else 16 if width < 90 else 24
        name_w = self._name_width(width, bar_w)
        label = spec.name if width >= 70 else spec.short
        name = label if mv.owner is None else f"{label} ({mv.owner})"
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
            len((spec.name if wide else spec.short) + (f" ({mv.owner})" if mv.owner else ""))
            for mv in self._view.meters
            for spec in (rules.meters[rules.meter_index[mv.id]],)
        )
        return max(30, min(longest, width - bar_w - 24)) if wide else min(longest, 14)

    def _rebuild(self) -> None:
        if self._view is None:
            return
        self._width = self.size.width
        width = max(30, self.content_size.width)
        lines = [(meter_key(mv), self.line(mv, width)) for mv in self._view.meters]
        if [self.get_option_at_index(i).id for i in range(self.option_count)] == [k for k, _ in lines]:
            # Same meters: change the prompts in place (no layout of the whole screen, unless a band
            # moved to or from a line of its own).
            rows = [str(self.get_option_at_index(i).prompt).count("\n") for i in range(self.option_count)]
            for i, (_, prompt) in enumerate(lines):
                self.replace_option_prompt_at_index(i, prompt)
            if rows != [prompt.plain.count("\n") for _, prompt in lines]:
                self.refresh(layout=True)
            return
        keep = self.highlighted
        self.clear_options()
        self.add_options([Option(prompt, id=key) for key, prompt in lines])
        if keep is not None and keep < self.option_count:
            self.highlighted = keep
