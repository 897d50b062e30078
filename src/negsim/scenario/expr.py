"""The scenario expression language, compiled once at load time into closures.

Grammar (parsed by ``negsim.scenario.exprparse``, never evaluated by Python)::

    expr    := expr "if" expr "else" expr
             | expr "or" expr | expr "and" expr | "not" expr
             | arith (("<"|"<="|">"|">="|"=="|"!=") arith)+ | member | arith
    arith   := arith ("+"|"-"|"*") arith | "-" arith | atom
    member  := arith "in" ("(" ACTOR ("," ACTOR)* ")" | FORUM)
    atom    := INTEGER | "true" | "false" | "round" | "rounds" | DEFINE
             | METER | FLAG | ACTOR | "self" | "target" | "proposer"
             | ACTOR "." METER | ("self"|"target"|"proposer") "." METER
             | FUNC "(" args ")" | "(" expr ")"
    FUNC    := played(card) | accepted(card) | rejected(card) | countered(card)
             | silenced(card) | tabled(card) | locked(card) | ended(ending)
             | in_phase(phase, ...) | min(a, b, ...) | max(a, b, ...) | abs(a)
    ANSWER  := answer(card, actor) ("=="|"!=") (accept|reject|counter|silence|none)
    args    := expr ("," expr)*
    INTEGER := [0-9]+, without a leading 0, at most 18 digits
    names   := ids of the scenario: ASCII letters, digits and _

Values are integers, booleans or actors; conditions must be boolean, scores integer. An actor
(``self``, ``poland``) is only compared with ``==``/``!=`` or tested with ``in``. A ``define``
names an expression once for the whole scenario; a use of its name compiles its body in place.
Mistakes are reported with the column where they occur.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from negsim.core.rules import OTHER, Condition, Ctx, Fn, MeterSpec, Rules, StateLike
from negsim.scenario.exprparse import ParseError, parse
from negsim.scenario.hints import did_you_mean

Kind = Literal["int", "bool", "actor"]
"""The type of an expression."""

MAX_LENGTH = 500
"""Longest expression accepted."""
MAX_NODES = 200
"""Most syntax nodes accepted in one expression."""

_CTX_REFS = {"self": 0, "target": 1, "proposer": 2}
_COUNTERS = {"accepted": 0, "rejected": 1, "countered": 2, "silenced": 3}
_ANSWER_WORDS = {"none": 0, "accept": 1, "reject": 2, "counter": 3, "silence": 4}
_ANSWER_USE = "answer(card, actor) is compared with == or != to accept, reject, counter, silence or none"


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
    low: int = 0
    """Smallest value."""
    high: int = 0
    """Largest value."""
    owners: frozenset[int] | None = None
    """For a per-actor meter kept for some actors only: their indices (``None``: every actor)."""


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
    actor_flags: Mapping[str, int] = field(default_factory=dict)
    """Per-actor flag id to the bit of the first actor's flag."""
    forums: Mapping[str, frozenset[int]] = field(default_factory=dict)
    """Forum id to its members' indices (for ``actor in forum``)."""
    phases: Mapping[str, int] = field(default_factory=dict)
    """Phase id to index (for ``in_phase(...)``)."""
    defines: Mapping[str, ast.expr] = field(default_factory=dict)
    """Name of a ``define`` to its parsed body."""
    answered: frozenset[str] | None = None
    """For expressions compiled after loading: the cards whose answers the game records (those some
    rule reads with ``answer()``); ``None`` while loading, when any card may be read."""
    reads: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) of everything read so far, for lint."""


def names_of(rules: Rules) -> Names:
    """What the loader lets expressions of compiled ``rules`` name (to compile more of them later)."""
    return Names(
        meters={m.id: meter_ref(m) for m in rules.meters},
        flags={f.id: f.index for f in rules.flags if not f.per_actor},
        actor_flags={f.id: f.bit for f in rules.flags if f.per_actor},
        actors=dict(rules.actor_index),
        cards=dict(rules.card_index),
        endings={e.id: e.index for e in rules.endings},
        rounds=len(rules.rounds),
        forums={f.id: frozenset(f.members) for f in rules.forums},
        phases={p.id: p.index for p in rules.phases},
        defines={name: parse(text) for name, text in rules.defines.items()},
        answered=frozenset(rules.cards[c].id for c in rules.answered),
    )


def meter_ref(m: MeterSpec) -> MeterRef:
    """What expressions need to know of a compiled meter."""
    owners = frozenset(m.owners) if m.per_actor and m.owners is not None else None
    return MeterRef(slot=m.slot, per_actor=m.per_actor, low=m.low, high=m.high, owners=owners)


def compile_expr(
    text: str, names: Names, want: Kind | None, ctx: frozenset[str] = frozenset(), *, within: str = ""
) -> Condition:
    """Compile ``text``; ``ctx`` lists the context actors it may use (``self``, ``target``, ``proposer``).

    ``want`` is the kind the expression must have (``None``: any, for a ``define``); ``within``
    names the define whose body ``text`` is (so that a define using itself is refused).
    """
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
    compiler.expanding = (within,) if within else ()
    fn, kind = compiler.compile(tree)
    if want is not None and kind != want:
        if kind == "actor":
            raise ExprError(
                f"{src} is an actor: compare it (self == {src}), test it (self in ({src}, ...)) "
                f"or name one of its meters ({src}.<meter>)",
                lead,
            )
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
        self.expanding: tuple[str, ...] = ()
        """The defines being compiled, outermost first (to refuse a define that uses itself)."""

    def err(self, node: ast.AST, message: str, *, unknown: str = "", kinds: tuple[str, ...] = ()) -> ExprError:
        return ExprError(message, getattr(node, "col_offset", 0), unknown=unknown, kinds=kinds)

    def expect(self, node: ast.expr, want: Kind, what: str) -> Fn:
        fn, kind = self.compile(node)
        if kind != want:
            noun = {"bool": "a condition (true/false)", "int": "a number", "actor": "an actor"}[want]
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
            case ast.Attribute(value=ast.Name(id=who), attr=flag) if flag in self.names.actor_flags:
                return self.actor_flag(node, who, flag), "bool"
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
        if isinstance(ops[0], ast.In):
            return self.member(node, left, rights[0])
        if len(ops) == 1 and any(_is_answer(x) for x in (left, rights[0])):
            return self.answer_test(node, left, ops[0], rights[0])
        parts = [self.compile(x) for x in (left, *rights)]
        kinds = {k for _, k in parts}
        ordered = any(not isinstance(o, (ast.Eq, ast.NotEq)) for o in ops)
        if len(kinds) > 1 or (ordered and kinds != {"int"}):
            raise self.err(node, "comparisons are between numbers (or == / != between conditions or between actors)")
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

    def answer_test(self, node: ast.expr, left: ast.expr, op: ast.cmpop, right: ast.expr) -> Fn:
        """``answer(card, actor) == accept``: an actor's answer on the card's last resolved item."""
        call, word = (left, right) if _is_answer(left) else (right, left)
        if not isinstance(op, (ast.Eq, ast.NotEq)) or not isinstance(word, ast.Name) or word.id not in _ANSWER_WORDS:
            raise self.err(node, _ANSWER_USE)
        assert isinstance(call, ast.Call)
        if len(call.args) != 2 or not isinstance(call.args[0], ast.Name):
            raise self.err(call, "answer() takes a card and an actor, e.g. answer(ru_treaty, poland)")
        cid = call.args[0].id
        n = self.names
        if cid not in n.cards:
            hint = did_you_mean(cid, n.cards)
            raise self.err(call.args[0], f"unknown card {cid!r}{hint}", unknown=cid, kinds=("card",))
        if n.answered is not None and cid not in n.answered:
            raise self.err(call, f"the answers on {cid} are not recorded: no rule of the scenario reads them")
        n.reads.add(("card", cid))
        n.reads.add(("answer", cid))
        who = self.expect(call.args[1], "actor", "answer()")
        self.deps |= OTHER
        base = n.cards[cid] * len(n.actors)
        code = _ANSWER_WORDS[word.id]
        if isinstance(op, ast.Eq):
            return lambda s, c: (s.votes[base + w] if (w := who(s, c)) >= 0 else 0) == code
        return lambda s, c: (s.votes[base + w] if (w := who(s, c)) >= 0 else 0) != code

    def member(self, node: ast.expr, left: ast.expr, group: ast.expr) -> Fn:
        """``actor in (a, b, ...)`` or ``actor in forum``."""
        who = self.expect(left, "actor", "'in'")
        n = self.names
        if isinstance(group, ast.Name):
            if group.id not in n.forums:
                hint = did_you_mean(group.id, n.forums)
                raise self.err(group, f"unknown forum {group.id!r}{hint}; or list actors: in ({group.id}, ...)")
            members = n.forums[group.id]
        else:
            assert isinstance(group, ast.Tuple)
            ids: list[int] = []
            for elt in group.elts:
                assert isinstance(elt, ast.Name)
                if elt.id not in n.actors:
                    hint = did_you_mean(elt.id, n.actors)
                    raise self.err(elt, f"unknown actor {elt.id!r}{hint}", unknown=elt.id, kinds=("actor",))
                ids.append(n.actors[elt.id])
            members = frozenset(ids)
        return lambda s, c: who(s, c) in members

    def define(self, node: ast.expr, name: str) -> tuple[Fn, Kind]:
        """A use of a named expression: its body compiled here, in this context."""
        if name in self.expanding:
            cycle = " -> ".join((*self.expanding[self.expanding.index(name) :], name))
            raise self.err(node, f"define {name} uses itself ({cycle})")
        self.names.reads.add(("define", name))
        outer = self.expanding
        self.expanding = (*outer, name)
        try:
            return self.compile(self.names.defines[name])
        except ExprError as e:
            if outer:
                raise
            raise self.err(node, f"in {name}: {e.message}", unknown=e.unknown, kinds=e.kinds) from None
        finally:
            self.expanding = outer

    def name(self, node: ast.expr, name: str) -> tuple[Fn, Kind]:
        n = self.names
        if name in n.defines:
            return self.define(node, name)
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
        if name in n.actor_flags:
            raise self.err(node, f"{name} is a per-actor flag: write actor.{name} or self.{name}")
        if name in n.cards:
            raise self.err(node, f"{name} is a card: use played({name}), accepted({name}), tabled({name}) ...")
        if name in n.endings:
            raise self.err(node, f"{name} is an ending: use ended({name})")
        if name in _CTX_REFS:
            if name not in self.ctx:
                where = ", ".join(sorted(self.ctx)) or "no context actor"
                raise self.err(node, f"{name!r} has no meaning here (available: {where})")
            i = _CTX_REFS[name]
            self.deps |= OTHER
            return (lambda s, c: c[i]), "actor"
        if name in n.actors:
            a = n.actors[name]
            return (lambda s, c: a), "actor"
        hint = did_you_mean(name, [*n.meters, *n.flags, *n.defines, "round", "rounds", "true", "false"])
        raise self.err(node, f"unknown name {name!r}{hint}", unknown=name, kinds=("meter", "flag"))

    def actor_flag(self, node: ast.expr, who: str, flag: str) -> Fn:
        """``poland.warned`` or ``self.warned``: an actor's own flag of a per-actor flag."""
        n = self.names
        n.reads.add(("flag", flag))
        base = n.actor_flags[flag]
        self.deps |= OTHER
        if who in _CTX_REFS:
            if who not in self.ctx:
                where = ", ".join(sorted(self.ctx)) or "no context actor"
                raise self.err(node, f"{who!r} has no meaning here (available: {where})")
            i = _CTX_REFS[who]
            return lambda s, c: c[i] >= 0 and s.flags >> (base + c[i]) & 1 == 1
        if who not in n.actors:
            raise self.err(node, f"unknown actor {who!r}{did_you_mean(who, n.actors)}", unknown=who, kinds=("actor",))
        bit = base + n.actors[who]
        return lambda s, c: s.flags >> bit & 1 == 1

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
        if m.owners is not None and n.actors[who] not in m.owners:
            kept = ", ".join(sorted(x for x, i in n.actors.items() if i in m.owners))
            raise self.err(node, f"{who} has no {meter} track (the meter is kept for {kept})")
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
        if fname in ("ended", "played", "tabled", "locked", "in_phase", *_COUNTERS):
            self.deps |= OTHER
        if fname == "answer":
            raise self.err(node, _ANSWER_USE)
        if fname == "in_phase":
            if not args or not all(isinstance(a, ast.Name) for a in args):
                raise self.err(node, "in_phase() takes phase ids, e.g. in_phase(moves, talks)")
            phases: list[int] = []
            for a in args:
                assert isinstance(a, ast.Name)
                if a.id not in n.phases:
                    raise self.err(a, f"unknown phase {a.id!r}{did_you_mean(a.id, n.phases)}")
                phases.append(n.phases[a.id])
            allowed = frozenset(phases)
            return (lambda s, c: s.phase in allowed), "bool"
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
            "in_phase",
            "answer",
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


def names_in(tree: ast.expr, names: Names) -> set[str]:
    """Every name an expression reads (meter and flag ids, also as ``actor.id``), its defines' included."""
    out: set[str] = set()
    todo = [tree]
    seen: set[str] = set()
    while todo:
        for node in ast.walk(todo.pop()):
            if isinstance(node, ast.Name):
                out.add(node.id)
                if node.id in names.defines and node.id not in seen:
                    seen.add(node.id)
                    todo.append(names.defines[node.id])
            elif isinstance(node, ast.Attribute):
                out.add(node.attr)
    return out


def _is_answer(node: ast.expr) -> bool:
    """Whether ``node`` is a call of ``answer(...)``."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "answer"


def _and2(a: Fn, b: Fn) -> Fn:
    """``a and b`` as one closure."""
    return lambda s, c: a(s, c) and b(s, c)


def _or2(a: Fn, b: Fn) -> Fn:
    """``a or b`` as one closure."""
    return lambda s, c: a(s, c) or b(s, c)
