"""Small board widgets: the status line, the actors bar and the negotiation table."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from rich.text import Text
from textual.widgets import Static

from negsim.core.rules import Rules
from negsim.core.view import ItemView, View
from negsim.narrate import card_name, forum_name

_ACRONYM = re.compile(r"^[A-Z]{2,}$")


def forum_label(rules: Rules, forum: str) -> str:
    """A forum's label where room is short, from its name: the name itself if short (``Council``),
    else an acronym in it (``OSCE``), the initials of a name of three or more capitalised words
    (``NAC``), or its first word (``Public``, ``U.S.–Russia``).
    """
    name = forum_name(rules, forum)
    if len(name) <= 12:
        return name
    words = name.split()
    acronym = next((w for w in words if _ACRONYM.match(w)), None)
    if acronym is not None:
        return acronym
    capitals = [w[0] for w in words if w[:1].isupper()]
    return "".join(capitals) if len(capitals) >= 3 else words[0]


_ANSWER_STYLE = {"accept": "green", "reject": "red", "counter": "yellow", "silence": "dim"}


class StatusBar(Static):
    """Round, calendar label, phase, whose decision it is and the seat's score."""

    _shown: tuple[Rules, View, str, tuple[int, int] | None, str] | None = None

    def show(self, rules: Rules, view: View, who: str, score: tuple[int, int] | None = None, note: str = "") -> None:
        """Render the status line: the round and its calendar label always, and ``note`` (a loaded save's
        ``modified rules`` or ``rules not verified``) if any, then as much as fits of the phase, ``who``
        and ``score`` (the seat's score and the score that wins): the phase goes first, then the
        score's words, then the score.
        """
        self._shown = (rules, view, who, score, note)
        width = self.size.width
        head = f" {'Round ' if width >= 100 else 'R'}{view.round}/{view.rounds} "
        tails = [""]
        if score is not None:
            tails = [f" · score {score[0]} · wins at {score[1]}", f" · score {score[0]} (needs {score[1]})", ""]
        for phase, tail in [(view.phase_name, tails[0]), *(("", tail) for tail in tails)]:
            t = Text(no_wrap=True, overflow="ellipsis")
            t.append(head, style="bold reverse")
            if note:
                t.append(f" {note} ", style="bold reverse red")
            t.append(f" {view.label} " if view.label else " ", style="bold")
            if phase:
                t.append(f"· {phase} " if view.label else f"{phase} ", style="italic")
            t.append(("· " if view.label or phase else "") + who + tail)
            if not width or t.cell_len <= width:  # not laid out yet: on_resize fits it
                break
        self.update(t, layout=False)  # one line, always

    def on_resize(self) -> None:
        """Fit the line to the new width."""
        if self._shown is not None:
            self.show(*self._shown)


class Refits(Static):
    """A panel that draws itself again when its width changes (what fits depends on it)."""

    redraw: Callable[[], None] | None = None
    """Draws the panel again from what it last showed."""

    _width = 0

    def on_resize(self) -> None:
        """Fit the panel to its new width (the panels' heights are fixed in negsim.tcss)."""
        if self.redraw is not None and self.size.width != self._width:
            self._width = self.size.width
            self.redraw()


class ActorsBar(Refits):
    """Every seat with who plays it (you, another person, a bot) and its cards left, on one line.

    As much as fits: ``RU greedy bot (19 cards)``, then ``RU greedy (19)``, then the seats grouped
    by who plays them, ``you PL 6 · others US 6 · bots RU 19 DE 5`` (others: people at this
    keyboard, in hot seat), then without the bots' cards; affected parties follow when there is room.
    """

    def show(
        self, rules: Rules, view: View, seats: Mapping[str, str], me: str | None, away: frozenset[str] = frozenset()
    ) -> None:
        """Render the actors (``away``: seats whose player is disconnected from a served game, marked ✗)."""
        self.redraw = lambda: self.show(rules, view, seats, me, away)
        width = self.content_size.width
        lines = (
            self._line(rules, view, seats, me, 2, away),
            self._line(rules, view, seats, me, 1, away),
            self._grouped(rules, view, seats, me, True, " · ", away=away),
            self._grouped(rules, view, seats, me, False, " · ", away=away),
            self._grouped(rules, view, seats, me, False, " ", away=away),
            self._grouped(rules, view, seats, me, False, " ", bot_cards=False, away=away),
        )
        t = next((line for line in lines if line.cell_len <= width), lines[-1])
        t.no_wrap = True
        t.overflow = "ellipsis"
        self.update(t, layout=False)  # one line, always

    @staticmethod
    def _line(
        rules: Rules, view: View, seats: Mapping[str, str], me: str | None, detail: int, away: frozenset[str]
    ) -> Text:
        """Each seat in turn order with who plays it and its cards, in words (detail 2) or not (1)."""
        t = Text()
        for a in view.actors:
            spec = rules.actors[rules.actor_index[a.id]]
            if not a.seat:
                continue
            kind = seats.get(a.id, "")
            human = kind == "human"
            style = "bold reverse" if a.id == view.to_move else ("bold" if human else "")
            t.append(f"{spec.short}", style=style)
            who = "you" if a.id == me else ("human" if human else f"{kind} bot"[: None if detail == 2 else -4])
            cards = f"{a.cards_left} cards" if detail == 2 else str(a.cards_left)
            t.append(f" {who} ({cards})", style="dim" if a.id != me else "")
            if a.id in away:
                t.append(" disconnected" if detail == 2 else " ✗", style="bold")
            t.append("  ")
        t.append_text(ActorsBar._affected(rules, view, " affected" if detail == 2 else ""))
        t.rstrip()
        return t

    @staticmethod
    def _grouped(
        rules: Rules,
        view: View,
        seats: Mapping[str, str],
        me: str | None,
        affected: bool,
        sep: str,
        bot_cards: bool = True,
        away: frozenset[str] = frozenset(),
    ) -> Text:
        """``you PL 6 · others US 6 · bots RU 19 DE 5``: ``sep`` between groups; the bots' cards only
        with ``bot_cards``.
        """
        groups: dict[str, list[str]] = {"you": [], "others": [], "bots": []}
        cards = {a.id: a.cards_left for a in view.actors}
        for a in view.actors:
            if a.seat:
                human = seats.get(a.id) == "human"
                groups["you" if a.id == me else "others" if human else "bots"].append(a.id)
        t = Text()
        for label, members in groups.items():
            if not members:
                continue
            t.append(sep if t else "", style="dim")
            t.append(label, style="italic")
            for m in members:
                short = rules.actors[rules.actor_index[m]].short
                t.append(" ")
                t.append(short, style="bold reverse" if m == view.to_move else "bold")
                if m in away:
                    t.append("✗", style="bold")
                if bot_cards or label != "bots":
                    t.append(f" {cards[m]}", style="dim")
        if affected and any(not a.seat for a in view.actors):
            t.append(sep, style="dim")
            t.append_text(ActorsBar._affected(rules, view, ""))
        return t

    @staticmethod
    def _affected(rules: Rules, view: View, suffix: str) -> Text:
        """The affected parties (who do not play), in italics."""
        names = [rules.actors[rules.actor_index[a.id]].short for a in view.actors if not a.seat]
        return Text(" ".join(names) + suffix if names else "", style="dim italic")


class TablePanel(Refits):
    """Demands and offers on the table, their forum, and who must still answer.

    Each item takes one line when every item fits its width (with the actors' names if they fit,
    else their short names); otherwise two lines (the card, then
    who must answer, the forum and the answers so far) while they fit the panel's height; otherwise
    one line with who must answer and the forum first and the card's name cut to fit.
    """

    def show(self, rules: Rules, view: View) -> None:
        """Render the table."""
        self.redraw = lambda: self.show(rules, view)
        if not view.table:
            self.update(Text("Nothing on the table.", style="dim italic"), layout=False)
            return
        width = max(20, self.content_size.width)
        limit = max(1, self.content_size.height)
        self.by_name = True  # actors by their names where every item fits on a line so, else by short names
        lines = [self._line(rules, item, False) for item in view.table]
        if any(t.cell_len > width for t in lines):
            self.by_name = False
            lines = [self._line(rules, item, False) for item in view.table]
        if any(t.cell_len > width for t in lines):
            if 2 * len(lines) <= limit:
                lines = [part for item in view.table for part in self._two_lines(rules, item, width)]
            else:
                lines = [self._line(rules, item, True) for item in view.table]
        for t in lines:
            t.truncate(width, overflow="ellipsis")
        if len(lines) > limit:
            more = f"… and {len(lines) - limit + 1} more"
            lines = [
                *lines[: limit - 1],
                Text(more + (": t shows all" if len(more) + 14 <= width else ""), style="dim"),
            ]
        self.update(Text("\n").join(lines), layout=False)  # the panel keeps its size: nothing else moves

    @staticmethod
    def whole(rules: Rules, view: View) -> Text:
        """Every item on the table in full: card, who tabled it where, who must still answer, the answers."""
        t = Text()
        if not view.table:
            return Text("Nothing on the table.", style="italic")
        for item in view.table:
            t.append(f"#{item.id} ", style="bold")
            t.append(f"“{card_name(rules, item.card)}”\n", style="bold yellow")
            where = f" in {forum_name(rules, item.forum)}" if item.forum else ""
            to = f" to {rules.actors[rules.actor_index[item.target]].name}" if item.target else ""
            t.append(f"  tabled by {rules.actors[rules.actor_index[item.proposer]].name}{where}{to}\n")
            if item.counter_of is not None:
                t.append(f"  a counter-offer to #{item.counter_of}\n", style="yellow")
            if item.waiting_for:
                names = ", ".join(rules.actors[rules.actor_index[w]].name for w in item.waiting_for)
                t.append(f"  must still answer: {names}\n", style="bold")
            for who, answer in item.answers:
                t.append(
                    f"  {rules.actors[rules.actor_index[who]].name}: {answer}\n", style=_ANSWER_STYLE.get(answer, "")
                )
            t.append("\n")
        return t

    by_name = False
    """Whether the table shows actors by their names (else by their short names)."""

    def actor(self, rules: Rules, actor: str) -> str:
        """An actor's name, or its short name on a table short of room."""
        spec = rules.actors[rules.actor_index[actor]]
        return spec.name if self.by_name else spec.short

    def _status(self, rules: Rules, item: ItemView, forum: str) -> Text:
        """Who must still answer, then the forum, the answers so far and what it counters."""
        t = Text()
        if item.waiting_for:
            waiting = ",".join(self.actor(rules, w) for w in item.waiting_for)
            t.append(f"⏳{waiting} ", style="bold yellow")
        if forum:
            t.append(f"{forum} ", style="dim")
        for who, answer in item.answers:
            t.append(f"{self.actor(rules, who)}:{answer} ", style=_ANSWER_STYLE.get(answer, ""))
        if item.counter_of is not None:
            t.append(f"↩#{item.counter_of} ", style="yellow")
        t.rstrip()
        return t

    def _line(self, rules: Rules, item: ItemView, compact: bool) -> Text:
        """One line: ``#1 RU “Card” in Forum ⏳US``, or compact ``#1 RU ⏳US @NAC “Card…”``."""
        if compact:
            status = self._status(rules, item, f"@{forum_label(rules, item.forum)}" if item.forum else "")
            return Text.assemble(self._head(rules, item), status, f" “{card_name(rules, item.card)}”")
        first, second = self._two_lines(rules, item, 1 << 30)
        return Text.assemble(first, " ", second[3:])

    def _head(self, rules: Rules, item: ItemView) -> Text:
        """``#1 RU ``: the item and who tabled it."""
        return Text.assemble((f"#{item.id} ", "bold"), (f"{self.actor(rules, item.proposer)} ", "dim"))

    def _two_lines(self, rules: Rules, item: ItemView, width: int) -> tuple[Text, Text]:
        """``#1 RU “Card”``, then (indented) who must answer, the forum (shortened if need be) and the answers."""
        first = Text.assemble(self._head(rules, item), f"“{card_name(rules, item.card)}”")
        second = Text.assemble(
            "   ", self._status(rules, item, f"in {forum_name(rules, item.forum)}" if item.forum else "")
        )
        if second.cell_len > width and item.forum:
            second = Text.assemble("   ", self._status(rules, item, f"@{forum_label(rules, item.forum)}"))
        return first, second
