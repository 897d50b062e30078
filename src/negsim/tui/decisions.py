"""Decisions in words: the ways to play a card, the answers to an item, and what each would do.

The board shows these in place of the hand (the choices) and of the card pane (the preview),
so a decision is always previewed before it is confirmed, with the board still in view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from rich.text import Text

from negsim.core.actions import Answer, Play
from negsim.core.rules import EXPIRE, CardSpec, Ctx, PhaseKind, Response, Rule, Rules
from negsim.describe import Context, answered_by, card_facts, card_summary, effect_lines, forum_words
from negsim.narrate import actor_name, card_name, percent
from negsim.tui.widgets.detail import summary_text
from negsim.whatif import Outcome, outcomes

if TYPE_CHECKING:
    from negsim.core.effects import Effect
    from negsim.core.state import GameState, Tabled

_VERB = {
    Response.ACCEPT: "Accept",
    Response.REJECT: "Reject",
    Response.SILENCE: "Stay silent",
    Response.COUNTER: "Counter",
}
_BRANCH = {Response.ACCEPT: 0, Response.REJECT: 1, Response.COUNTER: 2, Response.SILENCE: 3}
_PAST = ("accepted", "rejected", "countered", "met with silence", "left to expire")


def public(rules: Rules) -> bool:
    """Whether evaluating conditions on the full state cannot leak hidden information."""
    return (
        all(m.visible_to is None for m in rules.meters)
        and all(f.visible_to is None for f in rules.flags)
        and not rules.tables.secrecy  # secret plays and sealed choices are in the state too
    )


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


def _short(objective: str) -> str:
    """An objective's words before its condition: ``Keep the Alliance together`` of ``Keep …: cohesion 6 or more.``"""
    return objective.split(":", 1)[0].rstrip(".")


def outcome_text(results: list[Outcome], indent: str = "  ") -> Text:
    """What a branch does to the seat deciding (its score and objectives as if the game ended then, each
    chance outcome with its odds) and the public effects on the others.
    """
    t = Text()
    for o in results:
        odds = f"{percent(o.p)}: " if len(results) > 1 else ""
        t.append(f"{indent}→ {odds}", style="bold")
        if o.score is not None and o.before is not None and o.win_at is not None:
            mark = "✓" if o.score >= o.win_at else "✗"
            t.append(f"you {o.before} → {o.score} {mark}", style="bold green" if o.score >= o.win_at else "bold red")
            t.append(f" (wins at {o.win_at})", style="dim")
        else:
            t.append("you: not scored", style="dim")
        for name in o.gained:
            t.append(f" +“{_short(name)}”", style="green")
        for name in o.lost:
            t.append(f" −“{_short(name)}”", style="red")
        if o.ending:
            t.append(f" · the game ends: {o.ending}", style="bold")
        t.append("\n")
        if o.others:
            t.append(f"{indent}  others: " + "; ".join(o.others) + "\n", style="dim")
    return t


Steps: TypeAlias = "tuple[tuple[tuple[Effect, ...], Ctx], ...]"
"""Effects applied in turn, each in its context (a card's own, then an answer's branch...)."""


def _branch(
    state: GameState,
    seat: str | None,
    lines: list[str],
    steps: Steps,
    played: CardSpec | None = None,
    resolved: tuple[int, int] | None = None,
) -> Text:
    """A branch's effects, then what it does to the seat (for a seat that plays)."""
    t = Text()
    for line in lines or ["  nothing"]:
        t.append(line + "\n")
    if seat is not None:
        t.append_text(outcome_text(outcomes(state, seat, steps, played=played, resolved=resolved)))
    return t


def play_preview(rules: Rules, state: GameState, p: Play) -> Text:
    """What playing a card this way will do -- each branch (each answer it may get, each chance outcome)
    with the player's score and objectives as if the game ended then -- (first: the pane may be short,
    and the choices above it name the card and the way), then how it will be decided and what the card is.
    """
    card = rules.cards[rules.card_index[p.card]]
    me = rules.actor_index[p.actor]
    target = rules.actor_index[p.target] if p.target is not None else -1
    seen = state if public(rules) else None
    ctx: Ctx = (me, target, me)
    t = Text()
    play_step = (card.effects, ctx)
    if card.effects:
        t.append("When played:\n", style="bold")
        lines = effect_lines(rules, card.effects, Context(ctx=ctx, viewer=me), seen, "  ")
        if card.protocol is None:
            t.append_text(_branch(state, p.actor, lines, (play_step,), played=card))
        else:
            for line in lines:
                t.append(line + "\n")
    elif card.protocol is None:
        t.append_text(_branch(state, p.actor, [], (play_step,), played=card))
    if card.protocol is not None:
        names = ("the proposer", "the addressee", "the proposer")
        # An item that stays on the table is never met with silence: it may expire instead.
        last = ((_PAST[EXPIRE], EXPIRE),) if card.expires_after else () if card.stays else ((_PAST[3], 3),)
        for word, response in (*((_PAST[r], r) for r in range(3)), *last):
            effects = card.protocol.branch(response)
            t.append(f"If {word}:\n", style="bold")
            lines = effect_lines(rules, effects, Context(names=names, ctx=ctx, viewer=me), seen, "  ")
            steps = (play_step, (effects, ctx))
            resolved = (card.index, min(response, 3))  # an expiry counts as silence
            t.append_text(_branch(state, p.actor, lines, steps, played=card, resolved=resolved))
    t.append(f"\n“{card.name}”", style="bold")
    if p.forum is not None:
        f = rules.forums[rules.forum_index[p.forum]]
        t.append(f" in {f.name}", style="bold")
    if p.target is not None:
        t.append(f" to {actor_name(rules, p.target)}", style="bold")
    t.append("\n")
    if p.forum is not None:
        f = rules.forums[rules.forum_index[p.forum]]
        t.append(f"{f.name}: {forum_words(f)}.\n", style="dim")
    t.append_text(summary_text(card_facts(rules, card, seen, me)[1:]))
    if card.text:
        t.append("\n" + card.text + "\n", style="italic")
    return t


def silence_is_consent(rules: Rules, item: Tabled) -> bool:
    """Whether staying silent on ``item`` is "no objection": in a consensus forum with others answering,
    the item passes if they accept.
    """
    return item.forum >= 0 and rules.forums[item.forum].rule is Rule.CONSENSUS and len(item.responders) > 1


def answer_choice(rules: Rules, a: Answer, item: Tabled | None = None) -> Text:
    """One answer, on one line (silence named "no objection" where the forum treats it so)."""
    if a.response is Response.COUNTER and a.counter:
        return Text(f"Counter with “{card_name(rules, a.counter)}”", style="bold", no_wrap=True, overflow="ellipsis")
    if a.response is Response.SILENCE and item is not None and silence_is_consent(rules, item):
        return Text.assemble(("Stay silent", "bold"), (" = no objection", "italic"))
    return Text(_VERB[a.response], style="bold")


def answer_header(rules: Rules, item: Tabled, seat: str | None) -> Text:
    """Who tabled what, where, and who else answers (or that the seat's answer alone decides)."""
    card = rules.cards[item.card]
    t = Text()
    t.append(f"{rules.actors[item.proposer].name} tabled ", style="bold")
    t.append(f"“{card.name}”", style="bold yellow")
    if item.forum >= 0:
        f = rules.forums[item.forum]
        t.append(f" in {f.name} ({forum_words(f)})")
    t.append(".\n")
    if card.text:
        t.append(card.text + "\n", style="italic")
    others = [rules.actors[a].name for a in item.responders if rules.actors[a].id != seat]
    if others:
        t.append("Also answering: " + ", ".join(others) + ". ", style="dim")
    elif seat is not None:
        t.append("Only you answer: your answer decides. ", style="dim")
    ballot = any(ph.sealed and ph.kind is PhaseKind.ANSWER for ph in rules.phases)  # others' answers are secret
    done = [
        f"{rules.actors[a].name}: {('accept', 'reject', 'counter', 'silence')[r]}"
        for a, r, _ in item.answers
        if not ballot or rules.actors[a].id == seat
    ]
    if done:
        t.append("So far — " + "; ".join(done), style="dim")
    return t


def answer_preview(rules: Rules, state: GameState, item: Tabled, a: Answer, seat: str | None) -> Text:
    """The item, and what this answer would do: its branch, with the seat's score and objectives as if
    the game ended then; for silence where it is "no objection", what that means.
    """
    card = rules.cards[item.card]
    assert card.protocol is not None
    branch = _BRANCH[a.response]
    stays = a.response is Response.SILENCE and card.stays
    if stays and card.expires_after and state.round + 1 - item.round >= card.expires_after:
        branch = EXPIRE  # the deadline is now: silence from everyone lets it expire
    proposer = rules.actors[item.proposer].name
    ctx: Ctx = (item.proposer, item.target, item.proposer)
    viewer = rules.actor_index[seat] if seat is not None else -1
    names = Context(names=(proposer, "the addressee", proposer), ctx=ctx, viewer=viewer)
    seen = state if public(rules) else None
    t = Text()
    multi = len(item.responders) > 1
    steps: Steps = ((card.protocol.branch(branch), ctx),)
    played = None
    if stays and branch != EXPIRE:
        t.append("If nobody answers, it stays on the table ", style="bold")
        t.append(
            "for the next answer phase"
            + (f" (deadline: round {item.round + card.expires_after})" if card.expires_after else "")
            + ".\n"
        )
    elif stays:
        t.append("The deadline is now: if nobody answers, it expires.\n", style="bold")
    elif a.response is Response.SILENCE and silence_is_consent(rules, item):
        forum = rules.forums[item.forum].name
        t.append(f"Staying silent is no objection in {forum}: ", style="bold")
        t.append("if the others accept, it is accepted (see Accept); if nobody rejects or counters and ")
        t.append("nobody accepts, it is met with silence.\n")
    elif (
        a.response is Response.REJECT and multi and item.forum >= 0 and rules.forums[item.forum].rule is Rule.CONSENSUS
    ):
        t.append("One rejection blocks: yours decides.\n", style="bold")
    t.append(f"If it is {_PAST[branch]}:\n", style="bold")
    lines = effect_lines(rules, card.protocol.branch(branch), names, seen, "  ")
    if a.response is Response.COUNTER and a.counter:
        counter = rules.cards[rules.card_index[a.counter]]
        me = rules.actor_index[a.actor]
        steps = (*steps, (counter.effects, (me, item.proposer, me)))
        played = counter
    t.append_text(_branch(state, seat, lines, steps, played, (item.card, min(branch, 3))))
    if multi and item.forum >= 0:
        f = rules.forums[item.forum]
        if f.on_split:
            t.append("If the members are divided:\n", style="bold")
            for line in effect_lines(rules, f.on_split, names, seen, "  "):
                t.append(line + "\n")
    if a.response is Response.COUNTER and a.counter:
        counter = rules.cards[rules.card_index[a.counter]]
        me = rules.actor_index[a.actor]
        t.append(f"\nYour counter-offer “{counter.name}”:\n", style="bold")
        t.append_text(summary_text(card_summary(rules, counter, seen, me)[1:]))
    t.append("\n")
    t.append_text(answer_header(rules, item, seat))
    return t
