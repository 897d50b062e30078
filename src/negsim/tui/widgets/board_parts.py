"""Small board widgets: the status line, the actors bar and the negotiation table."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widgets import Static

from negsim.core.rules import Rules
from negsim.core.view import View
from negsim.narrate import card_name, forum_name

_ANSWER_STYLE = {"accept": "green", "reject": "red", "counter": "yellow", "silence": "dim"}


class StatusBar(Static):
    """Round, calendar label, phase and whose decision it is."""

    def show(self, rules: Rules, view: View, who: str) -> None:
        """Render the status line."""
        t = Text()
        word = "Round " if self.size.width >= 100 else "R"
        t.append(f" {word}{view.round}/{view.rounds} ", style="bold reverse")
        t.append(f" {view.label} ", style="bold")
        t.append(f"· {view.phase_name} ", style="italic")
        t.append("· " + who)
        self.update(t, layout=False)  # one line, always


class ActorsBar(Static):
    """Every actor with who plays it (you, another person, a bot) and cards left."""

    _shown: tuple[Rules, View, Mapping[str, str], str | None] | None = None

    def show(self, rules: Rules, view: View, seats: Mapping[str, str], me: str | None) -> None:
        """Render the actors."""
        self._shown = (rules, view, seats, me)
        for detail in (2, 1, 0):  # the most that fits on one line
            t = self._line(rules, view, seats, me, detail)
            if t.cell_len <= self.size.width:
                break
        t.no_wrap = True
        t.overflow = "ellipsis"
        self.update(t, layout=False)  # one line, always

    def on_resize(self) -> None:
        """Fit the line to the new width."""
        if self._shown is not None:
            self.show(*self._shown)

    @staticmethod
    def _line(rules: Rules, view: View, seats: Mapping[str, str], me: str | None, detail: int) -> Text:
        t = Text()
        for a in view.actors:
            spec = rules.actors[rules.actor_index[a.id]]
            if not a.seat:
                continue
            kind = seats.get(a.id, "")
            human = kind == "human"
            style = "bold reverse" if a.id == view.to_move else ("bold" if human else "")
            t.append(f"{spec.short}", style=style)
            if detail:
                who = "you" if a.id == me else ("human" if human else f"{kind} bot"[: None if detail == 2 else -4])
                cards = f"{a.cards_left} cards" if detail == 2 else str(a.cards_left)
                t.append(f" {who} ({cards})", style="dim" if a.id != me else "")
            elif a.id == me:
                t.append("(you)", style="bold")
            elif human:
                t.append("(human)", style="bold")
            t.append("  ")
        affected = [rules.actors[rules.actor_index[a.id]].short for a in view.actors if not a.seat]
        if affected:
            t.append(" ".join(affected) + (" affected" if detail == 2 else ""), style="dim italic")
        t.rstrip()
        return t


class TablePanel(Static):
    """Demands and offers on the table, their forum, and who must still answer."""

    def show(self, rules: Rules, view: View) -> None:
        """Render the table."""
        if not view.table:
            self.update(Text("Nothing on the table.", style="dim italic"), layout=False)
            return
        wide = self.size.width >= 70
        lines: list[Text] = []
        for item in view.table:
            t = Text()
            t.append(f"#{item.id} ", style="bold")
            short = rules.actors[rules.actor_index[item.proposer]].short
            t.append(f"{short}: ", style="dim")
            t.append(f"“{card_name(rules, item.card)}”")
            if item.forum:
                t.append(f" in {forum_name(rules, item.forum)}" if wide else f" @{item.forum}", style="dim")
            if item.counter_of is not None:
                t.append(f" ↩#{item.counter_of}", style="yellow")
            for who, answer in item.answers:
                t.append(f" {rules.actors[rules.actor_index[who]].short}:{answer}", style=_ANSWER_STYLE.get(answer, ""))
            if item.waiting_for:
                waiting = ",".join(rules.actors[rules.actor_index[w]].short for w in item.waiting_for)
                t.append(f" ⏳{waiting}", style="bold yellow")
            if not wide:
                t.truncate(max(20, self.size.width - 1), overflow="ellipsis")
            lines.append(t)
        limit = max(1, self.content_size.height)
        if len(lines) > limit:
            lines = [*lines[: limit - 1], Text(f"… and {len(lines) - limit + 1} more", style="dim")]
        self.update(Text("\n").join(lines), layout=False)  # the panel has a fixed height
