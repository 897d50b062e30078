"""The scenario expression language, compiled once at load time into closures.

Grammar (parsed by ``negsim.scenario.exprparse``, never evaluated by Python)::

    expr    := expr "if" expr "else" expr
             | expr "or" expr | expr "and" expr | "not" expr
             | arith (("<"|"<="|">"|">="|"=="|"!=") arith)+ | arith
    arith   := arith ("+"|"-"|"*") arith | "-" arith | atom
    atom    := INTEGER | "true" | "false" | "round" | "rounds"
             | METER | FLAG | ACTOR "." METER | ("self"|"target"|"proposer") "." METER
             | FUNC "(" args ")" | "(" expr ")"
    FUNC    := played(card) | accepted(card) | rejected(card) | countered(card)
             | silenced(card) | tabled(card) | locked(card) | ended(ending)
             | min(a, b, ...) | max(a, b, ...) | abs(a)
    args    := expr ("," expr)*
    INTEGER := [0-9]+, without a leading 0, at most 18 digits
    names   := ids of the scenario: ASCII letters, digits and _

Values are integers or booleans; conditions must be boolean, scores integer. Mistakes are
reported with the column where they occur.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from negsim.core.rules import OTHER, Condition, Ctx, Fn, Rules, StateLike
from negsim.scenario.exprparse import ParseError, parse
from negsim.scenario.hints import did_you_mean

Kind = Literal["int", "bool"]
"""The type of an expression."""

MAX_LENGTH = 500
"""Longest expression accepted."""
MAX_NODES = 200
"""Most syntax nodes accepted in one expression."""

_CTX_REFS = {"self": 0, "target": 1, "proposer": 2}
_COUNTERS = {"accepted": 0, "rejected": 1, "countered": 2, "silenced": 3}


class ExprError(Exception):
    """A mistake in an expression, at a character offset."""

    def __init__(self, message: str, offset: int = 0, *, unknown: str = "", kinds: tuple[str, ...] = ()) -> None:
        """Keep the message, the 0-based offset and, for an unknown id, the id and what it may name."""
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.unknown = unknown
        """The id the expression names that names nothing ("" for other mistakes)."""
        self.kinds = kinds
        """What that id may have been meant to name: ``meter``, ``flag``, ``actor``, ``card``, ``ending``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MeterRef:
    """What the compiler needs to know of a meter."""

    slot: int
    """First slot."""
    per_actor: bool
    """Whether it has a track per actor."""


@dataclass(slots=True, kw_only=True)
class Names:
    """Everything an expression may name, and what the compiled expressions read."""

    meters: Mapping[str, MeterRef]
    """Meter id to slot information."""
    flags: Mapping[str, int]
    """Flag id to bit."""
    actors: Mapping[str, int]
    """Actor id to index."""
    cards: Mapping[str, int]
    """Card id to index."""
    endings: Mapping[str, int]
    """Ending id to index."""
    rounds: int
    """Number of rounds."""
    reads: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) of everything read so far, for lint."""


def names_of(rules: Rules) -> Names:
    """What the loader lets expressions of compiled ``rules`` name (to compile more of them later)."""
    return Names(
        meters={m.id: MeterRef(slot=m.slot, per_actor=m.per_actor) for m in rules.meters},
        flags=dict(rules.flag_index),
        actors=dict(rules.actor_index),
        cards=dict(rules.card_index),
        endings={e.id: e.index for e in rules.endings},
        rounds=len(rules.rounds),
    )


def compile_expr(text: str, names: Names, want: Kind, ctx: frozenset[str] = frozenset()) -> Condition:
    """Compile ``text``; ``ctx`` lists the context actors it may use (``self``, ``target``, ``proposer``)."""
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression is {len(text)} characters; the limit is {MAX_LENGTH}")
    src = text.strip()
    try:
        tree = parse(text)
    except ParseError as e:
        raise ExprError(e.message, e.offset) from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise ExprError(f"expression has {count} parts; the limit is {MAX_NODES}")
    lead = len(text) - len(text.lstrip())
    compiler = _Compiler(names, ctx)
    fn, kind = compiler.compile(tree)
    if kind != want:
        if want == "bool":
            raise ExprError(
                f"a condition must be true or false, but {src!r} is a number; compare it, e.g. {src} > 0", lead
            )
        raise ExprError(f"expected a number, but {src!r} is a condition", lead)
    return Condition(text=src, fn=fn, deps=compiler.deps)


_CMP: dict[type, Callable[[int, int], bool]] = {
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
}


class _Compiler:
    def __init__(self, names: Names, ctx: frozenset[str]) -> None:
        self.names = names
        self.ctx = ctx
        self.deps = 0

    def err(self, node: ast.AST, message: str, *, unknown: str = "", kinds: tuple[str, ...] = ()) -> ExprError:
        return ExprError(message, getattr(node, "col_offset", 0), unknown=unknown, kinds=kinds)

    def expect(self, node: ast.expr, want: Kind, what: str) -> Fn:
        fn, kind = self.compile(node)
        if kind != want:
            noun = "a condition (true/false)" if want == "bool" else "a number"
            raise self.err(node, f"{what} needs {noun}")
        return fn

    def compile(self, node: ast.expr) -> tuple[Fn, Kind]:
        match node:
            case ast.BoolOp(op=op, values=values):
                fns = [self.expect(v, "bool", "'and'/'or'") for v in values]
                # Folded into nested two-way closures, from the right: a chain of calls is
                # faster than any() or all() over a generator.
                fn = fns[-1]
                for prev in reversed(fns[:-1]):
                    fn = _and2(prev, fn) if isinstance(op, ast.And) else _or2(prev, fn)
                return fn, "bool"
            case ast.UnaryOp(op=ast.Not(), operand=ast.Name(id=flag)) if flag in self.names.flags:
                self.names.reads.add(("flag", flag))
                self.deps |= OTHER
                bit = self.names.flags[flag]
                return (lambda s, c: not s.flags >> bit & 1), "bool"
            case ast.UnaryOp(op=ast.Not(), operand=x):
                f = self.expect(x, "bool", "'not'")
                return (lambda s, c: not f(s, c)), "bool"
            case ast.UnaryOp(op=ast.USub(), operand=x):
                f = self.expect(x, "int", "'-'")
                return (lambda s, c: -f(s, c)), "int"
            case ast.BinOp(left=l, op=op, right=r):
                a = self.expect(l, "int", "arithmetic")
                b = self.expect(r, "int", "arithmetic")
                if isinstance(op, ast.Add):
                    return (lambda s, c: a(s, c) + b(s, c)), "int"
                if isinstance(op, ast.Sub):
                    return (lambda s, c: a(s, c) - b(s, c)), "int"
                return (lambda s, c: a(s, c) * b(s, c)), "int"
            case ast.Compare(left=l, ops=ops, comparators=rights):
                return self.compare(node, l, ops, rights), "bool"
            case ast.Constant(value=int() as v):
                return (lambda s, c: v), "int"
            case ast.Name(id=name):
                return self.name(node, name)
            case ast.Attribute(value=ast.Name(id=who), attr=meter):
                return self.actor_meter(node, who, meter), "int"
            case ast.Call(func=ast.Name(id=fname), args=args, keywords=[]):
                return self.call(node, fname, args)
            case ast.IfExp(test=test, body=body, orelse=orelse):
                cond = self.expect(test, "bool", "'if'")
                yes, kind = self.compile(body)
                no = self.expect(orelse, kind, "both branches of 'if ... else'")
                return (lambda s, c: yes(s, c) if cond(s, c) else no(s, c)), kind
            case _:
                raise self.err(node, f"{type(node).__name__.lower()} is not part of the expression language")

    def compare(self, node: ast.expr, left: ast.expr, ops: list[ast.cmpop], rights: list[ast.expr]) -> Fn:
        parts = [self.compile(x) for x in (left, *rights)]
        kinds = {k for _, k in parts}
        ordered = any(not isinstance(o, (ast.Eq, ast.NotEq)) for o in ops)
        if len(kinds) > 1 or (ordered and "bool" in kinds):
            raise self.err(node, "comparisons are between numbers (or == / != between conditions)")
        fns = [f for f, _ in parts]
        if len(ops) == 1:
            a, b = fns
            op = type(ops[0])
            r0 = rights[0]
            consts = isinstance(r0, ast.Constant) and isinstance(r0.value, int)
            k: int = r0.value if isinstance(r0, ast.Constant) and isinstance(r0.value, int) else 0
            meter = self.names.meters.get(left.id) if isinstance(left, ast.Name) else None
            if consts and meter is not None and not meter.per_actor:
                # The commonest condition, `meter OP number`, in one closure.
                m = meter.slot
                self.deps |= 1 << m
                if op is ast.GtE:
                    return lambda s, c: s.meters[m] >= k
                if op is ast.LtE:
                    return lambda s, c: s.meters[m] <= k
                if op is ast.Gt:
                    return lambda s, c: s.meters[m] > k
                if op is ast.Lt:
                    return lambda s, c: s.meters[m] < k
                if op is ast.Eq:
                    return lambda s, c: s.meters[m] == k
            if consts and op is ast.GtE:
                return lambda s, c: a(s, c) >= k
            if consts and op is ast.LtE:
                return lambda s, c: a(s, c) <= k
            if consts and op is ast.Gt:
                return lambda s, c: a(s, c) > k
            if consts and op is ast.Lt:
                return lambda s, c: a(s, c) < k
            cmp = _CMP[op]
            return lambda s, c: cmp(a(s, c), b(s, c))
        cmps = [_CMP[type(o)] for o in ops]

        def chain(s: StateLike, c: Ctx) -> bool:
            prev = fns[0](s, c)
            for cmp, f in zip(cmps, fns[1:], strict=True):
                cur = f(s, c)
                if not cmp(prev, cur):
                    return False
                prev = cur
            return True

        return chain

    def name(self, node: ast.expr, name: str) -> tuple[Fn, Kind]:
        n = self.names
        if name == "true":
            return (lambda s, c: True), "bool"
        if name == "false":
            return (lambda s, c: False), "bool"
        if name == "round":
            self.deps |= OTHER
            return (lambda s, c: s.round + 1), "int"
        if name == "rounds":
            total = n.rounds
            return (lambda s, c: total), "int"
        if name in n.meters:
            m = n.meters[name]
            n.reads.add(("meter", name))
            if m.per_actor:
                raise self.err(node, f"{name} is a per-actor meter: write actor.{name} or self.{name}")
            k = m.slot
            self.deps |= 1 << k
            return (lambda s, c: s.meters[k]), "int"
        if name in n.flags:
            n.reads.add(("flag", name))
            bit = n.flags[name]
            self.deps |= OTHER
            return (lambda s, c: s.flags >> bit & 1 == 1), "bool"
        if name in n.cards:
            raise self.err(node, f"{name} is a card: use played({name}), accepted({name}), tabled({name}) ...")
        if name in n.endings:
            raise self.err(node, f"{name} is an ending: use ended({name})")
        if name in n.actors or name in _CTX_REFS:
            raise self.err(node, f"{name} is an actor: name one of its meters, e.g. {name}.<meter>")
        hint = did_you_mean(name, [*n.meters, *n.flags, "round", "rounds", "true", "false"])
        raise self.err(node, f"unknown name {name!r}{hint}", unknown=name, kinds=("meter", "flag"))

    def actor_meter(self, node: ast.expr, who: str, meter: str) -> Fn:
        n = self.names
        m = n.meters.get(meter)
        if m is None:
            notes = {k: f"it is a global meter: write {k}" for k, v in n.meters.items() if not v.per_actor}
            hint = did_you_mean(meter, n.meters, notes)
            raise self.err(node, f"unknown meter {meter!r}{hint}", unknown=meter, kinds=("meter",))
        if not m.per_actor:
            raise self.err(node, f"{meter} is a global meter: write {meter}")
        n.reads.add(("meter", meter))
        base = m.slot
        if who in _CTX_REFS:
            if who not in self.ctx:
                where = ", ".join(sorted(self.ctx)) or "no context actor"
                raise self.err(node, f"{who!r} has no meaning here (available: {where})")
            i = _CTX_REFS[who]
            self.deps |= OTHER | ((1 << len(n.actors)) - 1) << base
            return lambda s, c: s.meters[base + c[i]] if c[i] >= 0 else 0
        if who not in n.actors:
            raise self.err(node, f"unknown actor {who!r}{did_you_mean(who, n.actors)}", unknown=who, kinds=("actor",))
        k = base + n.actors[who]
        self.deps |= 1 << k
        return lambda s, c: s.meters[k]

    def call(self, node: ast.expr, fname: str, args: list[ast.expr]) -> tuple[Fn, Kind]:
        n = self.names
        if fname in ("min", "max"):
            if len(args) < 2:
                raise self.err(node, f"{fname}() needs at least two numbers")
            fns = [self.expect(a, "int", f"{fname}()") for a in args]
            agg = min if fname == "min" else max
            return (lambda s, c: agg(f(s, c) for f in fns)), "int"
        if fname == "abs":
            if len(args) != 1:
                raise self.err(node, "abs() takes one number")
            f = self.expect(args[0], "int", "abs()")
            return (lambda s, c: abs(f(s, c))), "int"
        if fname in ("ended", "played", "tabled", "locked", *_COUNTERS):
            self.deps |= OTHER
        if fname == "ended":
            eid = self.single_name(node, fname, args)
            if eid not in n.endings:
                hint = did_you_mean(eid, n.endings)
                raise self.err(args[0], f"unknown ending {eid!r}{hint}", unknown=eid, kinds=("ending",))
            e = n.endings[eid]
            return (lambda s, c: s.ending == e), "bool"
        if fname in ("played", "tabled", "locked", *_COUNTERS):
            cid = self.single_name(node, fname, args)
            if cid not in n.cards:
                hint = did_you_mean(cid, n.cards)
                raise self.err(args[0], f"unknown card {cid!r}{hint}", unknown=cid, kinds=("card",))
            n.reads.add(("card", cid))
            i = n.cards[cid]
            if fname == "played":
                return (lambda s, c: s.uses[i]), "int"
            if fname == "tabled":
                return (lambda s, c: any(t.card == i for t in s.table)), "bool"
            if fname == "locked":
                return (lambda s, c: s.locked >> i & 1 == 1), "bool"
            k = 4 * i + _COUNTERS[fname]
            return (lambda s, c: s.resolved[k]), "int"
        known = [
            "played",
            "accepted",
            "rejected",
            "countered",
            "silenced",
            "tabled",
            "locked",
            "ended",
            "min",
            "max",
            "abs",
        ]
        hint = did_you_mean(fname, known) or f"; known: {', '.join(known)}"
        raise self.err(node, f"unknown function {fname!r}{hint}")

    def single_name(self, node: ast.expr, fname: str, args: list[ast.expr]) -> str:
        if len(args) != 1 or not isinstance(args[0], ast.Name):
            raise self.err(node, f"{fname}() takes one id, e.g. {fname}(some_id)")
        return args[0].id


def _and2(a: Fn, b: Fn) -> Fn:
    """``a and b`` as one closure."""
    return lambda s, c: a(s, c) and b(s, c)


def _or2(a: Fn, b: Fn) -> Fn:
    """``a or b`` as one closure."""
    return lambda s, c: a(s, c) or b(s, c)
