"""Rules in plain words: what a card, an answer or a trigger does, with odds, for players.

``If`` conditions can be evaluated on the current state, so a preview says which branch
applies now; chance is described by its odds, never by the outcome the RNG holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from negsim.core.compiled import clamp_percent
from negsim.core.effects import Chance, Effect, EndGame, If, Say, SetFlag, SetLock, SetMeter, Shift, Withdraw
from negsim.core.forums import responders
from negsim.core.rules import CardSpec, Condition, Ctx, ForumSpec, MeterSpec, Rule, Rules
from negsim.core.secrecy import hidden_ids, reads_hidden
from negsim.core.state import GameState

_REL = {0: "self", 1: "target", 2: "proposer"}
_RULE_WORDS = {
    Rule.UNILATERAL: "the addressee decides alone",
    Rule.BILATERAL: "the other party decides",
    Rule.CONSENSUS: "every other member answers; one rejection blocks",
    Rule.MAJORITY: "every other member answers; more than half must accept",
    Rule.WEIGHTED: "every other member answers; a weighted vote decides",
}


@dataclass(frozen=True, slots=True)
class Context:
    """Who ``self``, ``target`` and ``proposer`` are, by name (for wording) and index (for ``if``)."""

    names: tuple[str, str, str] = ("the player", "the addressee", "the proposer")
    """Display names of self, target and proposer."""
    ctx: Ctx = (-1, -1, -1)
    """Their actor indices, when known (-1 otherwise)."""
    viewer: int = -1
    """The seat the words are for (-1: an observer): what is hidden from it is not named (R13)."""


_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|>=|<=|==|!=|[<>]")
_PRETTY = re.compile(r"\bin_phase\(([^()]*)\)|" + _TOKEN.pattern)
_SYMBOLS = {">=": "≥", "<=": "≤", "==": "=", "!=": "≠", "<": "<", ">": ">"}


def pretty(rules: Rules, text: str) -> str:
    """An expression or message with ids replaced by names: ``troops >= 150`` -> ``Troops ≥ 150``."""
    names: dict[str, str] = {m.id: m.short for m in rules.meters}
    names.update({f.id: f.name for f in rules.flags})
    names.update({c.id: f"“{c.name}”" for c in rules.cards})
    names.update({e.id: e.name for e in rules.endings})
    names.update({a.id: a.short for a in rules.actors})

    phases = {p.id: p.name for p in rules.phases}

    def swap(m: re.Match[str]) -> str:
        if m.group(1) is not None:  # in_phase(a, b): the phases' names
            return "in phase " + " or ".join(phases.get(x.strip(), x.strip()) for x in m.group(1).split(","))
        tok = m.group(0)
        return _SYMBOLS.get(tok) or names.get(tok, tok)

    return _PRETTY.sub(swap, text)


def signed(n: int) -> str:
    """``+2`` or ``−2`` (with a real minus sign)."""
    return f"+{n}" if n > 0 else f"−{-n}" if n < 0 else "±0"


def bands_text(meter: MeterSpec) -> str:
    """A meter's bands: ``0–2 Token; 3–5 Limited`` (one number for a band of one value)."""
    return "; ".join(f"{b.low}{'' if b.low == b.high else f'–{b.high}'} {b.name}" for b in meter.bands)


def rule_words(rule: Rule) -> str:
    """How a forum's decision rule works, in words."""
    return _RULE_WORDS[rule]


def forum_words(forum: ForumSpec) -> str:
    """How a forum decides, in words: its rule, the thresholds of a weighted vote, the addressee's consent."""
    words = rule_words(forum.rule)
    if forum.weights:
        dims = " and ".join(f"{d.threshold}% of {d.name}" for d in forum.weights)
        words = f"every other member answers; accepted with {dims} (the proposer's included)"
        if forum.blocking:
            words += f"; it takes at least {forum.blocking} members to block"
    if forum.target_consents:
        words += "; the addressee must itself accept"
    if forum.seen_by:
        words += "; closed: only its members see what happens in it"
    return words


def _meter_name(rules: Rules, e: Shift | SetMeter, c: Context) -> str:
    m = rules.meters[e.meter]
    if not m.per_actor:
        return m.name
    if e.rel >= 0:
        return f"{m.name} of {c.names[e.rel]}"
    return f"{m.name} of {rules.actors[e.slot - m.slot].name}"


def _now(value: Condition, state: GameState | None, c: Context, show: Callable[[int], str]) -> str:
    """`` (now X)``: a number's value on ``state``, if there is one to read it from."""
    if state is None:
        return ""
    try:
        return f" (now {show(value.fn(state, c.ctx))})"
    except (IndexError, TypeError):
        return ""


def effect_lines(
    rules: Rules, effects: Sequence[Effect], c: Context | None = None, state: GameState | None = None, indent: str = ""
) -> list[str]:
    """One line per effect; ``state`` (optional) shows which ``if`` branch holds now."""
    c = c or Context()
    out: list[str] = []
    hidden = hidden_ids(rules, c.viewer)
    for e in effects:
        if isinstance(e, Shift | SetMeter) and rules.meters[e.meter].id in hidden:
            out.append(f"{indent}a meter hidden from you changes")
            continue
        if isinstance(e, SetFlag) and rules.flags[e.flag].id in hidden:
            out.append(f"{indent}a flag hidden from you changes")
            continue
        if isinstance(e, If) and reads_hidden(rules, c.viewer, e.cond.text):
            out.append(f"{indent}if something hidden from you holds:")
            out.extend(effect_lines(rules, e.then, c, state, indent + "  ") or [f"{indent}  nothing"])
            if e.otherwise:
                out.append(f"{indent}otherwise:")
                out.extend(effect_lines(rules, e.otherwise, c, state, indent + "  "))
            continue
        match e:
            case Shift(by=int() as by):
                out.append(f"{indent}{_meter_name(rules, e, c)} {signed(by)}")
            case Shift(by=Condition() as by):
                now = _now(by, state, c, signed)
                out.append(f"{indent}{_meter_name(rules, e, c)} moves by {pretty(rules, by.text)}{now}")
            case SetMeter(to=int() as to):
                out.append(f"{indent}{_meter_name(rules, e, c)} set to {to}")
            case SetMeter(to=Condition() as to):
                now = _now(to, state, c, str)
                out.append(f"{indent}{_meter_name(rules, e, c)} set to {pretty(rules, to.text)}{now}")
            case SetFlag(flag=f, value=v, bit=bit, rel=rel):
                spec = rules.flags[f]
                whose = ""
                if spec.per_actor:
                    whose = f" of {c.names[rel]}" if rel >= 0 else f" of {rules.actors[bit - spec.bit].name}"
                out.append(f"{indent}{spec.name}{whose}: {'yes' if v else 'no'}")
            case SetLock(card=k, locked=lk):
                verb = "is locked" if lk else "becomes playable"
                out.append(f"{indent}“{rules.cards[k].name}” {verb}")
            case Chance(p=p, then=then, otherwise=otherwise):
                if isinstance(p, Condition):
                    now = _now(p, state, c, lambda v: f"{clamp_percent(v)}%")
                    out.append(f"{indent}chance of {pretty(rules, p.text)}%{now}:")
                else:
                    out.append(f"{indent}{p:.0%} chance:")
                out.extend(effect_lines(rules, then, c, state, indent + "  ") or [f"{indent}  nothing"])
                if otherwise:
                    out.append(f"{indent}otherwise" + ("" if isinstance(p, Condition) else f" ({1 - p:.0%})") + ":")
                    out.extend(effect_lines(rules, otherwise, c, state, indent + "  "))
            case If(cond=cond, then=then, otherwise=otherwise):
                now = ""
                if state is not None:
                    try:
                        now = " (true now)" if cond.fn(state, c.ctx) else " (false now)"
                    except (IndexError, TypeError):
                        now = ""
                out.append(f"{indent}if {pretty(rules, cond.text)}{now}:")
                out.extend(effect_lines(rules, then, c, state, indent + "  ") or [f"{indent}  nothing"])
                if otherwise:
                    out.append(f"{indent}otherwise:")
                    out.extend(effect_lines(rules, otherwise, c, state, indent + "  "))
            case EndGame(ending=k):
                out.append(f"{indent}the game ends: {rules.endings[k].name}")
            case Say(text=text):
                out.append(f"{indent}“{text}”")
            case Withdraw(card=k):
                out.append(f"{indent}{c.names[0]}'s “{rules.cards[k].name}” is taken off the table")
    return out


def card_summary(rules: Rules, card: CardSpec, state: GameState | None = None, actor: int = -1) -> list[str]:
    """Everything a player needs to know about a card, as short lines: what it does first, then the rest."""
    facts = card_facts(rules, card, state, actor)
    return [*facts[:1], *card_effects(rules, card, state, actor), *facts[1:]]


def card_facts(rules: Rules, card: CardSpec, state: GameState | None = None, actor: int = -1) -> list[str]:
    """What a card is (its kind and owners first), what it needs, its limits, where and to whom it goes."""
    lines: list[str] = []
    owners = ", ".join(rules.actors[o].name for o in card.owners) or "drawn by chance"
    lines.append(f"{card.kind.value.capitalize()} · {owners}")
    if card.requires is not None and reads_hidden(rules, actor, card.requires.text):
        lines.append("Needs: something hidden from you")
    elif card.requires is not None:
        now = ""
        if state is not None and actor >= 0:
            now = " (met now)" if card.requires.fn(state, (actor, -1, -1)) else " (not met now)"
        lines.append(f"Needs: {pretty(rules, card.requires.text)}{now}")
    limits = []
    if card.limit < 1 << 30:
        used = state.uses[card.index] if state is not None else 0
        limits.append(f"{max(0, card.limit - used)} of {card.limit} plays left")
    if card.per_round < 1 << 30:
        limits.append(f"at most {card.per_round} per round")
    if limits:
        lines.append("Limit: " + ", ".join(limits))
    if card.forums:
        lines.append(
            "Forums: " + "; ".join(f"{rules.forums[f].name} ({forum_words(rules.forums[f])})" for f in card.forums)
        )
    if card.secret:
        extra = [a.name for a in rules.actors if card.seen_by >> a.index & 1]
        also = f", and {', '.join(extra)}" if extra else ""
        lines.append(f"Secret: seen only by its player, its addressee and whoever must answer it{also}")
    if card.targets:
        lines.append("Addressed to: " + ", ".join(rules.actors[t].name for t in card.targets))
    if card.counters:
        lines.append("Counters: " + ", ".join(f"“{rules.cards[k].name}”" for k in card.counters))
    if card.expires_after:
        rounds = "round" if card.expires_after == 1 else f"{card.expires_after} rounds"
        lines.append(f"Deadline: stays on the table until answered; expires if still unanswered after {rounds}")
    elif card.stays:
        lines.append("Stays on the table until answered or withdrawn")
    return lines


def card_effects(rules: Rules, card: CardSpec, state: GameState | None = None, actor: int = -1) -> list[str]:
    """What a card does when played, and for a demand or offer on each answer, with odds."""
    lines: list[str] = []
    ctx = Context(ctx=(actor, -1, actor), viewer=actor)
    if card.effects:
        lines.append("When played:")
        lines.extend(effect_lines(rules, card.effects, ctx, state, "  "))
    if card.protocol is not None:
        p = card.protocol
        pc = Context(names=("the proposer", "the addressee", "the proposer"), ctx=(actor, -1, actor), viewer=actor)
        for word, effects in (
            ("accepted", p.on_accept),
            ("rejected", p.on_reject),
            ("countered", p.on_counter),
            # An item that stays on the table is never met with silence: it may expire instead.
            *((("met with silence", p.on_silence),) if not card.stays else ()),
            *((("left to expire", p.on_expire),) if card.expires_after else ()),
        ):
            body = effect_lines(rules, effects, pc, state, "  ")
            lines.append(f"If {word}:" + ("" if body else " nothing"))
            lines.extend(body)
    return lines


def sources(rules: Rules, card: CardSpec) -> list[str]:
    """The card's provenance: quoted sentences and public references."""
    out = [f"{sid}: “{text}”" for sid, text in card.provenance.quote.items()]
    out.extend(card.provenance.reference)
    return out


def answered_by(rules: Rules, proposer: int, forum: int, target: int) -> tuple[int, ...]:
    """Who must answer what ``proposer`` tables in ``forum`` (-1: none) to ``target`` (-1: none), by rule R0.5."""
    return responders(rules, proposer, forum, target)
