"""The heuristic bot: a persona that plays its actor's goals, within its declared constraints.

For each move its constraints allow, it imagines the rest of the round several times
(``samples``, the same imagined futures for every move): hidden information and chance are
sampled from its information set, and every seat, itself included, then plays at random
within its own declared constraints until the round ends. It picks the move whose futures
are worth most to its actor (score as if the game ended then, persona weights, a win) and
says what that move does for the actor that the best alternative does not.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from negsim.bots.base import Bot, Decision, Observation
from negsim.bots.explain import alternative_phrase, constraint_note, meter_differences, move_phrase
from negsim.bots.persona import Persona, personas
from negsim.core.actions import Action
from negsim.core.infoset import determinize
from negsim.core.rules import BotRule
from negsim.core.search import Playout
from negsim.core.state import GameState

HORIZON = 60
"""Most actions a rollout takes (it also stops when the round ends or the game is over)."""


@dataclass(slots=True)
class _Estimate:
    action: Action
    value: float
    score: float
    meters: list[float]


def rollout(p: Playout, people: tuple[Persona, ...], rnd: random.Random, stop_round: int, horizon: int) -> None:
    """Play on at random within every seat's constraints until ``stop_round`` is reached, the game ends
    or ``horizon`` actions were taken.
    """
    draw = rnd.random
    for _ in range(horizon):
        if p.ending >= 0 or p.round >= stop_round:
            return
        acts = people[p.to_move].allowed(p, p.legal())
        p.apply(acts[int(draw() * len(acts))])


class HeuristicBot(Bot):
    """Plays its actor's goals: the allowed move whose imagined rounds are worth most to it."""

    name = "heuristic"

    def decide(self, obs: Observation) -> Decision:
        """The best allowed move by sampled rounds, and why."""
        rules, me, state = obs.rules, obs.actor, obs.state
        people = personas(rules, me)
        persona = people[me]
        refused: list[tuple[Action, BotRule]] = []
        candidates: list[Action] = []
        for a in obs.legal:
            rule = persona.refusal(state, a)
            if rule is None:
                candidates.append(a)
            else:
                refused.append((a, rule))
        if not candidates:
            candidates, refused = list(obs.legal), []
        who = rules.actors[me].name
        note = constraint_note(rules, state, refused)
        if len(candidates) == 1:
            only = candidates[0]
            return Decision(action=only, why=f"{who} {move_phrase(rules, state, only)}: its only move{note}")
        rng = self.rng(obs)
        samples = int(self.options.get("samples", 8))
        horizon = int(self.options.get("horizon", HORIZON))
        futures = [rng.getrandbits(64) for _ in range(samples)]
        estimates = [self._estimate(state, obs.seat, a, futures, people, persona, horizon) for a in candidates]
        best_value = max(e.value for e in estimates)
        best = [e for e in estimates if e.value >= best_value - 1e-9]
        chosen = best[rng.randrange(len(best))]
        others = [e for e in estimates if e is not chosen]
        alt = max(others, key=lambda e: e.value)
        diffs = meter_differences(rules, persona, chosen.meters, alt.meters)
        compare = (
            f"{diffs} than {alternative_phrase(rules, state, alt.action)}"
            if diffs
            else (f"better than {alternative_phrase(rules, state, alt.action)}")
        )
        why = (
            f"{who} {move_phrase(rules, state, chosen.action)}: {compare}"
            f" (expected score {chosen.score:.1f} vs {alt.score:.1f}){note}"
        )
        return Decision(action=chosen.action, why=why)

    def _estimate(
        self,
        state: GameState,
        seat: str,
        action: Action,
        futures: list[int],
        people: tuple[Persona, ...],
        persona: Persona,
        horizon: int,
    ) -> _Estimate:
        total = score = 0.0
        meters = [0.0] * len(state.meters)
        stop = state.round + 1
        for seed in futures:
            rnd = random.Random(seed)
            p = Playout(determinize(state, seat, rnd))
            p.apply(action)
            rollout(p, people, rnd, stop, horizon)
            total += persona.value(p)
            score += persona.score(p)
            for k, v in enumerate(p.meters):
                meters[k] += v
        n = len(futures)
        return _Estimate(action=action, value=total / n, score=score / n, meters=[m / n for m in meters])
