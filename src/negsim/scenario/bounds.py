"""The range of values an integer expression can take, from the meters' ranges: interval
arithmetic over the parsed expression, for checks at load time (a chance that can never be
between 0% and 100%, a ``set`` that can never land within its meter's range).

The range is safe, not tight: the true values lie within it, and may cover less of it.
"""

from __future__ import annotations

import ast
import math

from negsim.scenario.expr import Names
from negsim.scenario.exprparse import parse

Interval = tuple[float, float]
"""Lowest and highest value (``-inf``/``inf`` when unbounded)."""

_ANY: Interval = (-math.inf, math.inf)
_COUNTS = frozenset({"played", "accepted", "rejected", "countered", "silenced"})


def bounds_of(text: str, names: Names) -> Interval:
    """The range of the integer expression ``text`` (which must compile with ``names``)."""
    return _bounds(parse(text), names)


def _mul(a: float, b: float) -> float:
    """A product in which ``0 * inf`` is 0 (a zero factor bounds the product whatever the other)."""
    return 0.0 if a == 0 or b == 0 else a * b


def _bounds(node: ast.expr, names: Names) -> Interval:
    match node:
        case ast.Constant(value=int() as v):
            return v, v
        case ast.Name(id=name) if name in names.defines:
            return _bounds(names.defines[name], names)
        case ast.Name(id="round"):
            return 1, names.rounds
        case ast.Name(id="rounds"):
            return names.rounds, names.rounds
        case ast.Name(id=name) if name in names.meters:
            m = names.meters[name]
            return m.low, m.high
        case ast.Attribute(attr=meter) if meter in names.meters:
            m = names.meters[meter]
            return m.low, m.high
        case ast.UnaryOp(op=ast.USub(), operand=x):
            lo, hi = _bounds(x, names)
            return -hi, -lo
        case ast.BinOp(left=left, op=op, right=right):
            a, b = _bounds(left, names), _bounds(right, names)
            if isinstance(op, ast.Add):
                return a[0] + b[0], a[1] + b[1]
            if isinstance(op, ast.Sub):
                return a[0] - b[1], a[1] - b[0]
            products = [_mul(x, y) for x in a for y in b]
            return min(products), max(products)
        case ast.IfExp(body=body, orelse=orelse):
            a, b = _bounds(body, names), _bounds(orelse, names)
            return min(a[0], b[0]), max(a[1], b[1])
        case ast.Call(func=ast.Name(id="min" | "max" as fname), args=args):
            parts = [_bounds(x, names) for x in args]
            pick = min if fname == "min" else max
            return pick(p[0] for p in parts), pick(p[1] for p in parts)
        case ast.Call(func=ast.Name(id="abs"), args=[x]):
            lo, hi = _bounds(x, names)
            if lo >= 0:
                return lo, hi
            if hi <= 0:
                return -hi, -lo
            return 0, max(-lo, hi)
        case ast.Call(func=ast.Name(id=fname)) if fname in _COUNTS:
            return 0, math.inf
    return _ANY
