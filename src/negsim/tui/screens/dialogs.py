"""Decision dialogs (play a card, answer an item) and the hot-seat hand-over screen.

Every decision shows its consequences before it is confirmed: the effects in plain words,
the odds of chance effects, and who will have to answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from negsim.core.actions import Action, Answer, Play
from negsim.core.rules import Response
from negsim.core.scratch import responders
from negsim.core.state import Tabled
from negsim.describe import Context, card_summary, effect_lines, rule_words
from negsim.narrate import actor_name, card_name
from negsim.session import Session
from negsim.tui.screens.modal import Dialog

_VERB = {
    Response.ACCEPT: "Accept",
    Response.REJECT: "Reject",
    Response.SILENCE: "Stay silent",
    Response.COUNTER: "Counter",
}


A = TypeVar("A", Play, Answer)
"""The kind of action a decision dialog offers."""


class DecisionScreen(Dialog[Action | None], Generic[A]):
    """Base of the dialogs that pick one of several legal actions (``#choices``) and confirm it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    options: Sequence[A]
    """The legal actions offered, in the order of the choices."""

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter or click on a choice: take it."""
        self.dismiss(self.options[int(str(event.option.id))])

    @on(Button.Pressed, "#ok")
    def ok(self) -> None:
        """Take the highlighted choice."""
        ol = self.query_one("#choices", OptionList)
        self.dismiss(self.options[ol.highlighted or 0])

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without deciding."""
        self.dismiss(None)


class PlayScreen(DecisionScreen[Play]):
    """Choose where (and to whom) to play a card, seeing what it will do, then confirm."""

    def __init__(self, session: Session, card_id: str, options: list[Play], seat: str | None) -> None:
        """A dialog for the legal ways to play ``card_id``."""
        super().__init__()
        self.session = session
        self.card_id = card_id
        self.options = options
        self.seat = seat

    def compose(self) -> ComposeResult:
        """Title, the choices, the preview and the buttons."""
        rules = self.session.rules
        card = rules.cards[rules.card_index[self.card_id]]
        with Vertical(classes="dialog"):
            yield Static(Text(f"Play “{card.name}”", style="bold"), classes="dialog-title")
            yield OptionList(
                *[Option(self.choice_text(p), id=str(i)) for i, p in enumerate(self.options)], id="choices"
            )
            with VerticalScroll(classes="preview"):
                yield Static(id="preview")
            with Vertical(classes="buttons"):
                yield Button("Play (Enter)", variant="primary", id="ok", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def choice_text(self, p: Play) -> Text:
        """One way to play the card: forum and who will answer, or target."""
        rules = self.session.rules
        t = Text()
        me = rules.actor_index[p.actor]
        if p.forum is not None:
            f = rules.forums[rules.forum_index[p.forum]]
            t.append(f"in {f.name}", style="bold")
            who = responders(rules, me, f.index, rules.actor_index[p.target] if p.target else -1)
            if who:
                t.append(" — answered by " + ", ".join(rules.actors[a].name for a in who), style="dim")
            t.append(f"\n   {rule_words(f.rule)}", style="dim italic")
        if p.target is not None:
            t.append(("" if p.forum is None else " ") + f"to {actor_name(rules, p.target)}", style="bold")
        if p.forum is None and p.target is None:
            t.append("Play it now", style="bold")
        return t

    def on_mount(self) -> None:
        """Show the preview of the first choice."""
        self.query_one("#choices", OptionList).focus()
        self.update_preview()

    def update_preview(self) -> None:
        """The card's consequences, evaluated on the public state where possible."""
        rules = self.session.rules
        card = rules.cards[rules.card_index[self.card_id]]
        me = rules.actor_index[self.seat] if self.seat else -1
        t = Text()
        if card.text:
            t.append(card.text + "\n\n", style="italic")
        for line in card_summary(rules, card, self.session.state if _public(rules) else None, me):
            t.append(line + "\n", style="bold" if line.endswith(":") and not line.startswith(" ") else "")
        self.query_one("#preview", Static).update(t)


class AnswerScreen(DecisionScreen[Answer]):
    """Answer an item on the table, seeing what each answer would do, then confirm."""

    BINDINGS = [Binding("escape", "cancel", "Look at the board")]

    def __init__(self, session: Session, options: list[Answer], seat: str | None) -> None:
        """A dialog for the legal answers to the item at the head of the queue."""
        super().__init__()
        self.session = session
        self.options = options
        self.seat = seat

    def compose(self) -> ComposeResult:
        """The item, the answers, the preview and the buttons."""
        with Vertical(classes="dialog"):
            yield Static(self.header(), classes="dialog-title")
            yield OptionList(
                *[Option(self.choice_text(a), id=str(i)) for i, a in enumerate(self.options)], id="choices"
            )
            with VerticalScroll(classes="preview"):
                yield Static(id="preview")
            with Vertical(classes="buttons"):
                yield Button("Answer (Enter)", variant="primary", id="ok", compact=True)
                yield Button("Look at the board (Esc, then a)", id="cancel", compact=True)

    def item(self) -> Tabled:
        """The item being answered."""
        item = self.session.state.item(self.options[0].item)
        assert item is not None
        return item

    def header(self) -> Text:
        """Who tabled what, where, and who else answers."""
        rules = self.session.rules
        item = self.item()
        card = rules.cards[item.card]
        t = Text()
        t.append(f"{rules.actors[item.proposer].name} tabled ", style="bold")
        t.append(f"“{card.name}”", style="bold yellow")
        if item.forum >= 0:
            f = rules.forums[item.forum]
            t.append(f" in {f.name} ({rule_words(f.rule)})")
        t.append(".\n")
        if card.text:
            t.append(card.text + "\n", style="italic")
        others = [rules.actors[a].name for a in item.responders if rules.actors[a].id != self.seat]
        if others:
            t.append("Also answering: " + ", ".join(others) + ". ", style="dim")
        done = [
            f"{rules.actors[a].name}: {r}"
            for a, r in ((a, ("accept", "reject", "counter", "silence")[r]) for a, r, _ in item.answers)
        ]
        if done:
            t.append("So far — " + "; ".join(done), style="dim")
        return t

    def choice_text(self, a: Answer) -> Text:
        """One answer."""
        rules = self.session.rules
        if a.response is Response.COUNTER and a.counter:
            return Text(f"Counter with “{card_name(rules, a.counter)}”", style="bold")
        return Text(_VERB[a.response], style="bold")

    def on_mount(self) -> None:
        """Preview the first answer."""
        self.query_one("#choices", OptionList).focus()
        self.update_preview(0)

    @on(OptionList.OptionHighlighted, "#choices")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Preview the highlighted answer."""
        self.update_preview(int(str(event.option.id)))

    def update_preview(self, index: int) -> None:
        """What the highlighted answer would do."""
        rules = self.session.rules
        a = self.options[index]
        item = self.item()
        card = rules.cards[item.card]
        assert card.protocol is not None
        branch = {Response.ACCEPT: 0, Response.REJECT: 1, Response.COUNTER: 2, Response.SILENCE: 3}[a.response]
        ctx = Context(
            names=(rules.actors[item.proposer].name, "the addressee", rules.actors[item.proposer].name),
            ctx=(item.proposer, item.target, item.proposer),
        )
        state = self.session.state if _public(rules) else None
        t = Text()
        multi = len(item.responders) > 1
        word = {0: "accepted", 1: "rejected", 2: "countered", 3: "met with silence"}[branch]
        t.append(f"If it is {word}:\n" if multi else f"It will be {word}:\n", style="bold")
        body = effect_lines(rules, card.protocol.branch(branch), ctx, state, "  ")
        for line in body or ["  nothing"]:
            t.append(line + "\n")
        if multi and item.forum >= 0:
            f = rules.forums[item.forum]
            t.append(f"\n{f.name}: {rule_words(f.rule)}.\n", style="dim")
            if f.on_split:
                t.append("If members answer differently:\n", style="bold")
                for line in effect_lines(rules, f.on_split, ctx, state, "  "):
                    t.append(line + "\n")
        if a.response is Response.COUNTER and a.counter:
            counter = rules.cards[rules.card_index[a.counter]]
            me = rules.actor_index[a.actor]
            t.append(f"\nYour counter-offer “{counter.name}”:\n", style="bold")
            for line in card_summary(rules, counter, state, me)[1:]:
                t.append(line + "\n")
        self.query_one("#preview", Static).update(t)


class HandoverScreen(Dialog[None]):
    """Hot seat: a blank screen until the next person is at the keyboard."""

    BINDINGS = [Binding("enter,space", "ready", "I am ready")]

    def __init__(self, name: str) -> None:
        """Hand over to the player of ``name``."""
        super().__init__()
        self.actor_name = name

    def compose(self) -> ComposeResult:
        """The message only: nothing of the previous seat shows."""
        with Vertical(id="handover"):
            yield Static(Text(f"Pass the keyboard to {self.actor_name}.", style="bold"), classes="dialog-title")
            yield Static(
                f"{self.actor_name}: press Enter when you are ready. The previous player's cards and objectives stay hidden."
            )
            yield Button(f"I am {self.actor_name}", variant="primary", id="ready", compact=True)

    @on(Button.Pressed, "#ready")
    def action_ready(self) -> None:
        """Show the board to the next player."""
        self.dismiss(None)


class ConfirmScreen(Dialog[bool]):
    """A yes/no question."""

    BINDINGS = [Binding("escape", "no", "No"), Binding("y", "yes", "Yes")]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        """Ask ``question``."""
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(classes="dialog small"):
            yield Static(self.question, classes="dialog-title")
            with Vertical(classes="buttons"):
                yield Button(self.yes, variant="primary", id="yes", compact=True)
                yield Button(self.no, id="no", compact=True)

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        """Yes."""
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        """No."""
        self.dismiss(False)


def _public(rules: object) -> bool:
    """Whether evaluating conditions on the full state cannot leak hidden information."""
    from negsim.core.rules import Rules

    assert isinstance(rules, Rules)
    return all(m.visible_to is None for m in rules.meters) and all(f.visible_to is None for f in rules.flags)
