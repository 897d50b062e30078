"""Scores: each actor's base score plus the points of its objectives met, on any state."""

from __future__ import annotations

from negsim.core.rules import Rules, StateLike


def score_of(rules: Rules, state: StateLike, actor: int) -> int:
    """Actor ``actor``'s score on ``state`` as if the game ended now."""
    a = rules.actors[actor]
    ctx = (actor, -1, -1)
    total = a.score.fn(state, ctx) if a.score is not None else 0
    for o in a.objectives:
        if o.when.fn(state, ctx):
            total += o.points
    return total


def score_all(rules: Rules, state: StateLike) -> list[int]:
    """Every actor's score on ``state`` as if the game ended now, by actor index."""
    return [score_of(rules, state, a) for a in range(len(rules.actors))]
