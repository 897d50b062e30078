"""What a decision would do to a seat's score: each outcome branch, with its odds, as if the game
ended right after it.

For a preview, a branch's effects (a card played, the answer an item gets, a counter-offer) are
applied by the engine's own rules -- clamping, the triggers they set off, the endings they reach
-- to the seat's information set, never the true state: a seat learns nothing it may not know,
and others' private objectives are not in the rules it sees. Chance is not drawn: each outcome
of a ``chance`` effect is a branch of its own, with its probability.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from negsim.core.compiled import Runner, clamp_percent, compile_effects
from negsim.core.effects import Chance, Effect, If
from negsim.core.infoset import information_set
from negsim.core.rules import OTHER, CardSpec, Ctx, Rules
from negsim.core.scoring import score_of
from negsim.core.state import GameState
from negsim.core.transition import Transition


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """One way a decision can turn out, for the seat deciding (or watching)."""

    p: float
    """Its probability, given that branch of the decision (1.0 without chance)."""
    score: int | None
    """The seat's score as if the game ended then (``None`` if it is not scored)."""
    before: int | None
    """The seat's score now, as if the game ended now."""
    win_at: int | None
    """The score that wins."""
    gained: tuple[str, ...]
    """The seat's objectives met then and not now."""
    lost: tuple[str, ...]
    """The seat's objectives met now and not then."""
    others: tuple[str, ...]
    """Public effects on other seats: their public objectives gained or lost."""
    ending: str
    """The ending the game would reach, or ``""``."""


@functools.lru_cache(maxsize=4096)
def _runner(rules: Rules, effect: Effect) -> Runner:
    return compile_effects(rules, (effect,))


def _apply(
    state: GameState, effects: tuple[Effect, ...], ctx: Ctx, p: float = 1.0
) -> list[tuple[float, GameState, int]]:
    """Each (probability, state, changed bits) ``effects`` can lead to from ``state``."""
    out: list[tuple[float, GameState, int]] = [(p, state, 0)]
    for e in effects:
        step: list[tuple[float, GameState, int]] = []
        for q, s, dirty in out:
            if s.ending >= 0:
                step.append((q, s, dirty))
                continue
            match e:
                case Chance(p=odds, then=then, otherwise=otherwise):
                    chance = odds if isinstance(odds, float) else clamp_percent(odds.fn(s, ctx)) / 100
                    if chance > 0:
                        step += [(r, x, d | dirty) for r, x, d in _apply(s, then, ctx, q * chance)]
                    if chance < 1:
                        step += [(r, x, d | dirty) for r, x, d in _apply(s, otherwise, ctx, q * (1 - chance))]
                case If(cond=cond, then=then, otherwise=otherwise):
                    branch = then if cond.fn(s, ctx) else otherwise
                    step += [(r, x, d | dirty) for r, x, d in _apply(s, branch, ctx, q)]
                case _:
                    t = Transition(s, log=False)
                    _runner(s.rules, e)(t, ctx, None)
                    step.append((q, t.freeze(), dirty | t.dirty))
        out = step
    return out


def _settle(state: GameState, dirty: int) -> GameState:
    """The state once the triggers the changes set off have fired and the endings they reach are checked."""
    t = Transition(state, log=False)
    t.dirty = dirty | OTHER
    t.settle()
    return t.freeze()


def _counted(state: GameState, card: int | None, resolved: tuple[int, int] | None) -> GameState:
    """``state`` with a card's play counted and an item's resolution recorded (``played``/``accepted`` read them)."""
    if card is not None:
        uses = list(state.uses)
        uses[card] += 1
        state = state._replace(uses=tuple(uses))
    if resolved is not None:
        counts = list(state.resolved)
        counts[resolved[0] * 4 + resolved[1]] += 1
        state = state._replace(resolved=tuple(counts))
    return state


def outcomes(
    state: GameState,
    seat: str,
    steps: tuple[tuple[tuple[Effect, ...], Ctx], ...],
    *,
    played: CardSpec | None = None,
    resolved: tuple[int, int] | None = None,
) -> list[Outcome]:
    """The outcomes for ``seat`` of applying each (effects, context) of ``steps`` in turn to its
    information set of ``state``; ``played`` counts a card's play, ``resolved`` records an item's
    resolution (card index, response index).
    """
    seen = information_set(state, seat)
    rules = seen.rules
    me = rules.actor_index[seat]
    start = _counted(seen, played.index if played is not None else None, resolved)
    branches: list[tuple[float, GameState, int]] = [(1.0, start, OTHER)]
    for effects, ctx in steps:
        branches = [(q * r, x, d | dirty) for q, s, dirty in branches for r, x, d in _apply(s, effects, ctx)]
    return [_outcome(rules, me, seen, _settle(s, dirty), p) for p, s, dirty in branches]


def _met(rules: Rules, state: GameState, actor: int, public_only: bool) -> set[str]:
    a = rules.actors[actor]
    return {o.text for o in a.objectives if (o.public or not public_only) and o.when.fn(state, (actor, -1, -1))}


def _outcome(rules: Rules, me: int, now: GameState, then: GameState, p: float) -> Outcome:
    actor = rules.actors[me]
    scored = actor.win_at is not None
    before, after = _met(rules, now, me, False), _met(rules, then, me, False)
    others = []
    for a in rules.actors:
        if a.index == me or a.win_at is None:
            continue
        was, will = _met(rules, now, a.index, True), _met(rules, then, a.index, True)
        others += [f"{a.name} gains “{o}”" for o in sorted(will - was)]
        others += [f"{a.name} loses “{o}”" for o in sorted(was - will)]
    return Outcome(
        p=p,
        score=score_of(rules, then, me) if scored else None,
        before=score_of(rules, now, me) if scored else None,
        win_at=actor.win_at,
        gained=tuple(sorted(after - before)),
        lost=tuple(sorted(before - after)),
        others=tuple(others),
        ending=rules.endings[then.ending].name if then.ending >= 0 else "",
    )
