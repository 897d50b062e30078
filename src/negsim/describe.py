"""Rules in plain words: what a card, an answer or a trigger does, with odds, for players.

``If`` conditions can be evaluated on the current state, so a preview says which branch
applies now; chance is described by its odds, never by the outcome the RNG holds.
"""

from __future__ import annotations

import ast
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
                out.append(f"{indent}{_meter_name(rules, e, c)} moves by {in_words(rules, by.text, c)}{now}")
            case SetMeter(to=int() as to):
                out.append(f"{indent}{_meter_name(rules, e, c)} set to {to}")
            case SetMeter(to=Condition() as to):
                now = _now(to, state, c, str)
                out.append(f"{indent}{_meter_name(rules, e, c)} set to {in_words(rules, to.text, c)}{now}")
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
                    out.append(f"{indent}chance of {_percent(in_words(rules, p.text, c))}{now}:")
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
                out.append(f"{indent}if {in_words(rules, cond.text, c)}{now}:")
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
        you = Context(names=("you", "the addressee", "the proposer"), viewer=actor)
        lines.append(f"Needs: {in_words(rules, card.requires.text, you)}{now}")
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


# ---------------------------------------------------------------- conditions in words

_CMP_WORDS: dict[type, str] = {
    ast.GtE: "at least",
    ast.LtE: "at most",
    ast.Gt: "above",
    ast.Lt: "below",
    ast.Eq: "is",
    ast.NotEq: "is not",
}
_CMP_NOT: dict[type, type] = {
    ast.GtE: ast.Lt,
    ast.LtE: ast.Gt,
    ast.Gt: ast.LtE,
    ast.Lt: ast.GtE,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
}
_TIMES: dict[type, str] = {
    ast.GtE: "at least",
    ast.LtE: "at most",
    ast.Gt: "more than",
    ast.Lt: "fewer than",
    ast.Eq: "exactly",
    ast.NotEq: "other than",
}
_ROUND_WORDS: dict[type, str] = {
    ast.GtE: "round {} or later",
    ast.LtE: "round {} or earlier",
    ast.Gt: "after round {}",
    ast.Lt: "before round {}",
    ast.Eq: "round {}",
    ast.NotEq: "any round but {}",
}
_PAST = {"played": "played", "accepted": "accepted", "rejected": "rejected", "countered": "countered"}
_PAST["silenced"] = "met with silence"
_ARITH = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×"}
_HIDDEN = "something hidden from you"
_IN_FORUM = re.compile(r"\bin ([A-Za-z_][A-Za-z0-9_]*)\b")
_EXPRESSION = re.compile(r"\((if |unless )?([^()]*(?:\([^()]*\)[^()]*)*)\)")


class _Words:
    """Renders a parsed condition or number in players' words (``c.names``: self, target, proposer)."""

    def __init__(self, rules: Rules, c: Context) -> None:
        self.rules = rules
        self.who = c.names
        self.hidden = hidden_ids(rules, c.viewer)
        """Meters and flags the viewer sees nothing of: never named, also inside a define (R13)."""
        self.defines: dict[str, ast.expr] = {}
        self.depth = 0

    def define(self, name: str) -> ast.expr | None:
        from negsim.scenario.exprparse import parse

        text = self.rules.defines.get(name)
        if text is None or self.depth > 8:  # a define is checked not to use itself; stay safe anyway
            return None
        if name not in self.defines:
            self.defines[name] = parse(text)
        return self.defines[name]

    def actor(self, node: ast.expr) -> str:
        """An actor: ``you``, ``the addressee``, ``Poland``."""
        if isinstance(node, ast.Name):
            if node.id in _CTX:
                return self.who[_CTX[node.id]]
            if node.id in self.rules.actor_index:
                return self.rules.actors[self.rules.actor_index[node.id]].name
        return self.number(node)

    def whose(self, node: ast.expr) -> str:
        """``your``, ``Poland's``."""
        name = self.actor(node)
        return "your" if name == "you" else f"{name}'s"

    def number(self, node: ast.expr) -> str:
        """A number: a meter, a count, arithmetic."""
        r = self.rules
        match node:
            case ast.Constant(value=int() as v):
                return str(v)
            case ast.UnaryOp(op=ast.USub(), operand=x):
                return f"−{self.number(x)}"
            case ast.BinOp(left=a, op=op, right=b):
                return f"{self.number(a)} {_ARITH.get(type(op), '?')} {self.number(b)}"
            case ast.Name(id="round"):
                return "the round"
            case ast.Name(id="rounds"):
                return "the number of rounds"
            case ast.Name(id="hidden") if "hidden" not in r.meter_index:  # redacted (R13)
                return _HIDDEN
            case ast.Name(id=name) | ast.Attribute(attr=name) if name in self.hidden:
                return _HIDDEN
            case ast.Name(id=name) if name in r.meter_index:
                return r.meters[r.meter_index[name]].name
            case ast.Name(id=name) if name in r.defines:
                return self.nested(name, self.number)
            case ast.Attribute(value=who, attr=meter) if meter in r.meter_index:
                return f"{self.whose(who)} {r.meters[r.meter_index[meter]].name}"
            case ast.Call(func=ast.Name(id=("min" | "max" | "abs") as f), args=args):
                what = {"min": "the least of ", "max": "the greatest of ", "abs": "the size of "}[f]
                return what + _and([self.number(a) for a in args])
            case ast.Call(func=ast.Name(id=f), args=[ast.Name(id=card)]) if f in _PAST:
                return f"the times {self.card(card)} was {_PAST[f]}"
            case ast.IfExp(test=test, body=body, orelse=orelse):
                return f"{self.number(body)} if {self.cond(test)}, else {self.number(orelse)}"
        return pretty(r, ast.unparse(node))

    def nested(self, name: str, render: Callable[[ast.expr], str]) -> str:
        """A define's body, in words."""
        body = self.define(name)
        if body is None:
            return pretty(self.rules, name)
        self.depth += 1
        try:
            return render(body)
        finally:
            self.depth -= 1

    def card(self, card: str) -> str:
        """``“Card name”``."""
        i = self.rules.card_index.get(card)
        return f"“{self.rules.cards[i].name}”" if i is not None else card

    def cond(self, node: ast.expr, neg: bool = False) -> str:
        """A condition (``neg``: its negation)."""
        r = self.rules
        match node:
            case ast.BoolOp(op=op, values=values):
                parts = [self.part(v, type(op)) for v in values]
                joined = (" and " if isinstance(op, ast.And) else " or ").join(parts)
                return f"not ({joined})" if neg else joined
            case ast.UnaryOp(op=ast.Not(), operand=x):
                return self.cond(x, not neg)
            case ast.Name(id="hidden") if "hidden" not in r.flag_index:  # redacted (R13)
                return ("not " if neg else "") + _HIDDEN
            case ast.Name(id=name) | ast.Attribute(attr=name) if name in self.hidden:
                return ("not " if neg else "") + _HIDDEN
            case ast.Name(id="true" | "false" as v):
                return "always" if (v == "true") != neg else "never"
            case ast.Name(id=name) if name in r.flag_index:
                return f"{r.flags[r.flag_index[name]].name} is {'lowered' if neg else 'raised'}"
            case ast.Name(id=name) if name in r.defines:
                return self.nested(name, lambda body: self.cond(body, neg))
            case ast.Attribute(value=who, attr=flag) if flag in r.flag_index:
                return f"{self.whose(who)} {r.flags[r.flag_index[flag]].name} is {'lowered' if neg else 'raised'}"
            case ast.Compare(left=left, ops=[ast.In()], comparators=[group]):
                return self.member(left, group, neg)
            case ast.Compare(left=left, ops=[op], comparators=[right]):
                return self.compare(left, _CMP_NOT[type(op)] if neg else type(op), right)
            case ast.Compare(left=left, ops=ops, comparators=rights):
                pairs = zip([left, *rights], ops, rights, strict=False)
                words = " and ".join(self.compare(a, type(op), b) for a, op, b in pairs)
                return f"not ({words})" if neg else words
            case ast.Call(func=ast.Name(id="ended"), args=[ast.Name(id=ending)]):
                name = next((e.name for e in r.endings if e.id == ending), ending)
                return f"the game has {'not ' if neg else ''}ended in {name}"
            case ast.Call(func=ast.Name(id="tabled"), args=[ast.Name(id=card)]):
                return f"{self.card(card)} is {'not ' if neg else ''}on the table"
            case ast.Call(func=ast.Name(id="locked"), args=[ast.Name(id=card)]):
                return f"{self.card(card)} is {'not ' if neg else ''}locked"
            case ast.Call(func=ast.Name(id="in_phase")):
                return ("not " if neg else "") + pretty(r, ast.unparse(node))
            case ast.IfExp(test=test, body=body, orelse=orelse):
                words = f"{self.cond(body)} if {self.cond(test)}, else {self.cond(orelse)}"
                return f"not ({words})" if neg else words
        return ("not " if neg else "") + pretty(r, ast.unparse(node))

    def part(self, node: ast.expr, op: type) -> str:
        """A part of an ``and``/``or``: in parentheses if it is itself the other of the two."""
        words = self.cond(node)
        if isinstance(node, ast.BoolOp) and not isinstance(node.op, op):
            return f"({words})"
        return words

    def member(self, left: ast.expr, group: ast.expr, neg: bool) -> str:
        """``you are a member of Council``, ``the addressee is East or West``."""
        who = self.actor(left)
        verb = ("are" if who == "you" else "is") + (" not" if neg else "")
        if isinstance(group, ast.Name):
            forum = self.rules.forum_index.get(group.id)
            name = self.rules.forums[forum].name if forum is not None else group.id
            return f"{who} {verb} a member of {name}"
        elts = group.elts if isinstance(group, ast.Tuple) else [group]
        names = [self.actor(e) for e in elts]
        return f"{who} {verb} {(' nor ' if neg else ' or ').join(names)}"

    def compare(self, left: ast.expr, op: type, right: ast.expr) -> str:
        """One comparison in words."""
        if isinstance(left, ast.Name) and left.id == "round" and isinstance(right, ast.Constant):
            return _ROUND_WORDS[op].format(right.value)
        if isinstance(left, ast.Name) and left.id == "round" and isinstance(right, ast.Name) and right.id == "rounds":
            return _ROUND_WORDS[op].format("").replace("round ", "the last round").strip()
        counted = _counts(left)
        if counted is not None and isinstance(right, ast.Constant) and len(counted[1]) > 1:
            past, cards = _PAST[counted[0]], " or ".join(self.card(c) for c in counted[1])
            n = right.value
            if (op is ast.GtE and n == 1) or (op is ast.Gt and n == 0) or (op is ast.NotEq and n == 0):
                return f"{cards} has been {past}"
            if (op is ast.Eq and n == 0) or (op is ast.Lt and n == 1) or (op is ast.LtE and n == 0):
                return f"neither {cards.replace(' or ', ' nor ')} has been {past}"
        answer = _answer_words(self, left, op, right)
        if answer is not None:
            return answer
        match left, right:
            case ast.Call(func=ast.Name(id=f), args=[ast.Name(id=card)]), ast.Constant(value=int() as n) if f in _PAST:
                done = f"{self.card(card)} has been {_PAST[f]}"
                if (op is ast.GtE and n == 1) or (op is ast.Gt and n == 0) or (op is ast.NotEq and n == 0):
                    return done
                if (op is ast.Eq and n == 0) or (op is ast.Lt and n == 1) or (op is ast.LtE and n == 0):
                    return done.replace(" has been ", " has not been ")
                return f"{self.card(card)} {_PAST[f]} {_TIMES[op]} {n} times"
        if _is_actor(self.rules, left) or _is_actor(self.rules, right):
            who = self.actor(left)
            verb = ("are" if who == "you" else "is") + (" not" if op is ast.NotEq else "")
            return f"{who} {verb} {self.actor(right)}"
        return f"{self.number(left)} {_CMP_WORDS[op]} {self.number(right)}"


_CTX = {"self": 0, "target": 1, "proposer": 2}


def _counts(node: ast.expr) -> tuple[str, list[str]] | None:
    """``played(a) + played(b)``: (``played``, [a, b]) when every term counts the same thing of a card."""
    match node:
        case ast.Call(func=ast.Name(id=f), args=[ast.Name(id=card)]) if f in _PAST:
            return f, [card]
        case ast.BinOp(left=a, op=ast.Add(), right=b):
            left, right = _counts(a), _counts(b)
            if left is not None and right is not None and left[0] == right[0]:
                return left[0], left[1] + right[1]
    return None


def _is_actor(rules: Rules, node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and (node.id in _CTX or node.id in rules.actor_index)


def _answer_words(w: _Words, left: ast.expr, op: type, right: ast.expr) -> str | None:
    """``answer(card, actor) == accept`` in words: ``Poland's answer to “Card” was accept``."""
    match left, right:
        case ast.Call(func=ast.Name(id="answer"), args=[ast.Name(id=card), who]), ast.Name(id=word):
            verb = "was not" if op is ast.NotEq else "was"
            return f"{w.whose(who)} answer to {w.card(card)} {verb} {word}"
    return None


def _percent(words: str) -> str:
    """``35%``, or ``(10 × Escalation − 40)%`` for a sum."""
    return f"{words}%" if " " not in words else f"({words})%"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def in_words(rules: Rules, text: str, c: Context | None = None) -> str:
    """A condition or number of the expression language in players' words, with names for ids:
    ``troops >= 150 and not ended(war)`` -> ``Russian troops at least 150 and the game has not ended in War``.
    ``c`` names who ``self``, ``target`` and ``proposer`` are (by default ``you``, ``the addressee``,
    ``the proposer``) and the viewer, from whom what is hidden is not named, also inside a define
    (R13). Text that is not an expression comes back as ``pretty`` gives it.
    """
    from negsim.scenario.exprparse import ParseError, parse

    try:
        tree = parse(text)
    except ParseError:
        return pretty(rules, text)
    w = _Words(rules, c or Context(names=("you", "the addressee", "the proposer")))
    try:
        kind_bool = _is_condition(rules, tree)
        return w.cond(tree) if kind_bool else w.number(tree)
    except (KeyError, IndexError, ParseError):
        return pretty(rules, text)


def _is_condition(rules: Rules, node: ast.expr) -> bool:
    """Whether a parsed expression is a condition (not a number)."""
    match node:
        case ast.BoolOp() | ast.Compare() | ast.UnaryOp(op=ast.Not()):
            return True
        case ast.Name(id=name):
            return (
                name in ("true", "false")
                or name in rules.flag_index
                or (name in rules.defines and _define_is_condition(rules, name))
            )
        case ast.Attribute(attr=attr):
            return attr in rules.flag_index
        case ast.Call(func=ast.Name(id=f)):
            return f in ("ended", "tabled", "locked", "in_phase")
        case ast.IfExp(body=body):
            return _is_condition(rules, body)
    return False


def _define_is_condition(rules: Rules, name: str) -> bool:
    from negsim.scenario.exprparse import parse

    return _is_condition(rules, parse(rules.defines[name]))


def reason_words(rules: Rules, reason: str, viewer: int = -1) -> str:
    """Why a card cannot be played, in words: the conditions in it (``requires troops >= 150``, a lock's
    ``(tension >= 9)``) by ``in_words``, the rest by ``pretty``; forums by name. What is hidden from
    ``viewer`` (-1: nothing, an observer) is not named.
    """
    c = Context(names=("you", "the addressee", "the proposer"), viewer=viewer)
    if reason.startswith("requires "):
        return "requires " + in_words(rules, reason.removeprefix("requires "), c)
    out: list[str] = []
    at = 0
    for m in _EXPRESSION.finditer(reason):
        out.append(_named(rules, reason[at : m.start()]))
        words = in_words(rules, m.group(2), c)
        out.append(f"({m.group(1) or ''}{words})")
        at = m.end()
    out.append(_named(rules, reason[at:]))
    return "".join(out)


def _named(rules: Rules, text: str) -> str:
    """``pretty``, and forums by name."""
    forums = {f.id: f.name for f in rules.forums}
    return _IN_FORUM.sub(lambda m: "in " + forums.get(m.group(1), m.group(1)), pretty(rules, text))
