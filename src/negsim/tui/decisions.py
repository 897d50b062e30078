"""Decisions in words: the ways to play a card, the answers to an item, and what each would do.

The board shows these in place of the hand (the choices) and of the card pane (the preview),
so a decision is always previewed before it is confirmed, with the board still in view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from negsim.core.actions import Answer, Play
from negsim.core.rules import Response, Rules
from negsim.describe import Context, answered_by, card_effects, card_facts, card_summary, effect_lines, rule_words
from negsim.narrate import actor_name, card_name
from negsim.tui.widgets.detail import summary_text

if TYPE_CHECKING:
    from negsim.core.state import GameState, Tabled

_VERB = {
    Response.ACCEPT: "Accept",
    Response.REJECT: "Reject",
    Response.SILENCE: "Stay silent",
    Response.COUNTER: "Counter",
}
_BRANCH = {Response.ACCEPT: 0, Response.REJECT: 1, Response.COUNTER: 2, Response.SILENCE: 3}
_PAST = ("accepted", "rejected", "countered", "met with silence")


def public(rules: Rules) -> bool:
    """Whether evaluating conditions on the full state cannot leak hidden information."""
    return all(m.visible_to is None for m in rules.meters) and all(f.visible_to is None for f in rules.flags)


def play_choice(rules: Rules, p: Play) -> Text:
    """One way to play a card, on one line: the forum and who will answer, or the target."""
    t = Text(no_wrap=True, overflow="ellipsis")
    me = rules.actor_index[p.actor]
    target = rules.actor_index[p.target] if p.target is not None else -1
    if p.forum is not None:
        t.append(f"in {rules.forums[rules.forum_index[p.forum]].name}", style="bold")
    if p.target is not None:
        t.append(("" if p.forum is None else " ") + f"to {actor_name(rules, p.target)}", style="bold")
    if p.forum is not None:
        who = answered_by(rules, me, rules.forum_index[p.forum], target)
        if who and list(who) != [target]:  # "to X — answered by X" says it twice
            t.append(" — answered by " + ", ".join(rules.actors[a].short for a in who), style="dim")
    if p.forum is None and p.target is None:
        t.append("Play it now", style="bold")
    return t


def play_preview(rules: Rules, state: GameState, p: Play) -> Text:
    """What playing a card this way will do (first: the pane may be short, and the choices above it
    name the card and the way), then how it will be decided and what the card is.
    """
    card = rules.cards[rules.card_index[p.card]]
    me = rules.actor_index[p.actor]
    seen = state if public(rules) else None
    t = summary_text(card_effects(rules, card, seen, me))
    t.append(f"\n“{card.name}”", style="bold")
    if p.forum is not None:
        f = rules.forums[rules.forum_index[p.forum]]
        t.append(f" in {f.name}", style="bold")
    if p.target is not None:
        t.append(f" to {actor_name(rules, p.target)}", style="bold")
    t.append("\n")
    if p.forum is not None:
        f = rules.forums[rules.forum_index[p.forum]]
        t.append(f"{f.name}: {rule_words(f.rule)}.\n", style="dim")
    t.append_text(summary_text(card_facts(rules, card, seen, me)[1:]))
    if card.text:
        t.append("\n" + card.text + "\n", style="italic")
    return t


def answer_choice(rules: Rules, a: Answer) -> Text:
    """One answer, on one line."""
    if a.response is Response.COUNTER and a.counter:
        return Text(f"Counter with “{card_name(rules, a.counter)}”", style="bold", no_wrap=True, overflow="ellipsis")
    return Text(_VERB[a.response], style="bold")


def answer_header(rules: Rules, item: Tabled, seat: str | None) -> Text:
    """Who tabled what, where, and who else answers (or that the seat's answer alone decides)."""
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
    others = [rules.actors[a].name for a in item.responders if rules.actors[a].id != seat]
    if others:
        t.append("Also answering: " + ", ".join(others) + ". ", style="dim")
    elif seat is not None:
        t.append("Only you answer: your answer decides. ", style="dim")
    done = [f"{rules.actors[a].name}: {('accept', 'reject', 'counter', 'silence')[r]}" for a, r, _ in item.answers]
    if done:
        t.append("So far — " + "; ".join(done), style="dim")
    return t


def answer_preview(rules: Rules, state: GameState, item: Tabled, a: Answer, seat: str | None) -> Text:
    """The item, and what this answer would do."""
    card = rules.cards[item.card]
    assert card.protocol is not None
    branch = _BRANCH[a.response]
    proposer = rules.actors[item.proposer].name
    ctx = Context(names=(proposer, "the addressee", proposer), ctx=(item.proposer, item.target, item.proposer))
    seen = state if public(rules) else None
    t = Text()
    multi = len(item.responders) > 1
    t.append(f"If it is {_PAST[branch]}:\n", style="bold")
    for line in effect_lines(rules, card.protocol.branch(branch), ctx, seen, "  ") or ["  nothing"]:
        t.append(line + "\n")
    if multi and item.forum >= 0:
        f = rules.forums[item.forum]
        if f.on_split:
            t.append("If the members are divided:\n", style="bold")
            for line in effect_lines(rules, f.on_split, ctx, seen, "  "):
                t.append(line + "\n")
    if a.response is Response.COUNTER and a.counter:
        counter = rules.cards[rules.card_index[a.counter]]
        me = rules.actor_index[a.actor]
        t.append(f"\nYour counter-offer “{counter.name}”:\n", style="bold")
        t.append_text(summary_text(card_summary(rules, counter, seen, me)[1:]))
    t.append("\n")
    t.append_text(answer_header(rules, item, seat))
    return t
