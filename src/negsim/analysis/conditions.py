"""A condition taken apart: its ``and``-ed clauses, each followed over a game with how close it came.

A clause ``troops >= 175`` is measured by its gap (175 minus the troops, 0 once met); a clause
that is not a comparison (a flag, ``ended(war)``) is met or not. Following every state of a
game gives, for each clause, its closest approach, when, and whether all held at once.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from negsim.core.engine import step
from negsim.core.rules import Ctx, Fn, Rules
from negsim.core.state import GameState
from negsim.describe import pretty
from negsim.scenario.expr import ExprError, Names, compile_expr, names_of
from negsim.session import Session

_GAP: dict[type, Callable[[int, int], int]] = {
    ast.GtE: lambda a, b: max(0, b - a),
    ast.Gt: lambda a, b: max(0, b + 1 - a),
    ast.LtE: lambda a, b: max(0, a - b),
    ast.Lt: lambda a, b: max(0, a - b + 1),
    ast.Eq: lambda a, b: abs(a - b),
    ast.NotEq: lambda a, b: int(a == b),
}
_HIGHEST = (ast.GtE, ast.Gt)
_LOWEST = (ast.LtE, ast.Lt)


@dataclass(frozen=True, slots=True)
class Clause:
    """One ``and``-ed part of a condition, ready to measure on states."""

    text: str
    """The clause in players' words (``RU troops ≥ 175``)."""
    gap: Callable[[GameState], int]
    """How far a state is from meeting it (0: met)."""
    value: Callable[[GameState], int] | None
    """For a comparison, the value compared (its left side), else ``None``."""
    direction: int
    """+1 if the value must rise to meet it, -1 if it must fall, 0 otherwise."""


def _flatten(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return [part for v in node.values for part in _flatten(v)]
    return [node]


def clauses(rules: Rules, text: str, ctx: Ctx, ctx_names: frozenset[str] = frozenset()) -> list[Clause]:
    """The ``and``-ed clauses of condition ``text`` (evaluated in context ``ctx``)."""
    names = names_of(rules)
    tree = ast.parse(text.strip(), mode="eval")
    src = text.strip()
    out: list[Clause] = []
    for node in _flatten(tree.body):
        part = ast.get_source_segment(src, node) or src
        try:
            out.append(_clause(rules, names, node, part, ctx, ctx_names))
        except ExprError:  # pragma: no cover - the whole condition compiled, so each part does
            continue
    return out


def _clause(rules: Rules, names: Names, node: ast.expr, text: str, ctx: Ctx, ctx_names: frozenset[str]) -> Clause:
    words = pretty(rules, text)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _GAP:
        src_l = ast.unparse(node.left)
        src_r = ast.unparse(node.comparators[0])
        left = compile_expr(src_l, names, "int", ctx_names).fn
        right = compile_expr(src_r, names, "int", ctx_names).fn
        op = _GAP[type(node.ops[0])]
        direction = 1 if isinstance(node.ops[0], _HIGHEST) else -1 if isinstance(node.ops[0], _LOWEST) else 0

        def gap(s: GameState, left: Fn = left, right: Fn = right) -> int:
            return op(int(left(s, ctx)), int(right(s, ctx)))

        def value(s: GameState, left: Fn = left) -> int:
            return int(left(s, ctx))

        return Clause(words, gap, value, direction)
    fn = compile_expr(text, names, "bool", ctx_names).fn
    return Clause(words, lambda s: 0 if fn(s, ctx) else 1, None, 0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Approach:
    """How close a clause came over a game."""

    text: str
    """The clause."""
    met: tuple[int, ...]
    """1-based rounds in which it held at some point."""
    gap: int
    """Its smallest gap (0 if it was met)."""
    round: int
    """1-based round of its closest approach (the first time it came that close)."""
    value: int | None
    """The compared value at its closest approach (``None`` for a clause that is not a comparison)."""
    direction: int = 0
    """+1 if the value had to rise to meet it, -1 if it had to fall, 0 otherwise."""

    def closest(self) -> str:
        """``peaked at 150 in round 9 (25 short)``, ``was lowest at 3 in round 5 (3 short)``, ``met in rounds 4–10``."""
        if self.met:
            return f"met in {rounds_text(self.met)}"
        if self.value is None:
            return "never met"
        verb = "peaked at" if self.direction > 0 else "was lowest at" if self.direction < 0 else "came closest at"
        return f"{verb} {self.value} in round {self.round} ({self.gap} short)"

    def words(self) -> str:
        """``RU troops ≥ 175: peaked at 150 in round 9 (25 short)`` or ``… met in rounds 4–10``."""
        return f"{self.text}: {self.closest()}"


def rounds_text(rounds: Sequence[int]) -> str:
    """``round 4``, ``rounds 4–10`` or ``rounds 2, 4–6``."""
    runs: list[list[int]] = []
    for r in sorted(set(rounds)):
        if runs and r == runs[-1][-1] + 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    parts = [str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs]
    return ("round " if len(parts) == 1 and "–" not in parts[0] else "rounds ") + ", ".join(parts)


def approach(clause: Clause, states: Sequence[GameState]) -> Approach:
    """How close ``clause`` came over ``states``."""
    best, at, value = 1 << 30, 0, None
    met: set[int] = set()
    for s in states:
        g = clause.gap(s)
        if g == 0:
            met.add(s.round + 1)
        if g < best:
            best, at = g, s.round + 1
            value = clause.value(s) if clause.value is not None else None
    return Approach(
        text=clause.text, met=tuple(sorted(met)), gap=best, round=at, value=value, direction=clause.direction
    )


def game_states(session: Session) -> list[GameState]:
    """Every state of a game, from the start: the session keeps snapshots, the rest is replayed."""
    state = session.state_at(0)
    out = [state]
    for action in session.actions:
        state, _ = step(state, action, log=False)
        out.append(state)
    return out


def together(tests: Sequence[Callable[[GameState], bool]], states: Sequence[GameState]) -> tuple[int, ...]:
    """1-based rounds in which every test held in the same state."""
    return tuple(sorted({s.round + 1 for s in states if all(t(s) for t in tests)}))
