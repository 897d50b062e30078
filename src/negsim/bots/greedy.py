"""The greedy bot: one move of look-ahead, scored by the actor's own victory terms and persona.

It imagines chance outcomes with its own random stream (hidden information sampled from its
information set) and, when answering an item others must also answer, assumes they answer as
it does. A baseline: it ignores the actor's declared constraints.
"""

from __future__ import annotations

import random

from negsim.bots.base import Bot, Decision, Observation
from negsim.bots.explain import move_phrase
from negsim.core.actions import Action, Answer
from negsim.core.engine import is_legal, step
from negsim.core.infoset import determinize
from negsim.core.scoring import score_of
from negsim.core.state import GameState


class GreedyBot(Bot):
    """Looks one move ahead and picks what best serves its score and persona weights."""

    name = "greedy"

    def value(self, state: GameState) -> float:
        """How good ``state`` is for this bot's actor."""
        rules = state.rules
        a = rules.actor_index[self.actor]
        score = score_of(rules, state, a)
        total = float(score) * 10
        spec = rules.actors[a]
        if state.ending >= 0 and spec.win_at is not None:
            total += 50 if score >= spec.win_at else -20
        for slot, w in spec.bot_weights.items():
            total += w * state.meters[slot]
        return total

    def imagine(self, state: GameState, action: Action) -> GameState:
        """The state after ``action`` (others still to answer the same item are assumed to answer alike)."""
        s, _ = step(state, action, log=False)
        if isinstance(action, Answer):
            while s.queue and s.queue[0][0] == action.item and s.to_move >= 0:
                other = Answer(actor=s.rules.actors[s.to_move].id, item=action.item, response=action.response)
                if action.counter is not None or not is_legal(s, other):
                    break
                s, _ = step(s, other, log=False)
        return s

    def decide(self, obs: Observation) -> Decision:
        """The legal action with the best imagined value (ties broken at random)."""
        rng = self.rng(obs)
        best: list[Action] = []
        best_v = float("-inf")
        for act in obs.legal:
            sample = determinize(obs.state, obs.seat, random.Random(rng.getrandbits(64)))
            v = self.value(self.imagine(sample, act))
            if v > best_v + 1e-9:
                best, best_v = [act], v
            elif abs(v - best_v) <= 1e-9:
                best.append(act)
        chosen = best[rng.randrange(len(best))]
        who = obs.rules.actors[obs.actor].name
        return Decision(
            action=chosen,
            why=f"{who} {move_phrase(obs.rules, obs.state, chosen)}: best one-move look-ahead ({best_v:.0f})",
        )
