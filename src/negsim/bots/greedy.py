"""The greedy bot: one move of look-ahead, scored by the actor's own victory terms and persona.

It imagines chance outcomes with its own random stream (it never peeks at the game's RNG)
and, when answering an item others must also answer, assumes they answer as it does.
"""

from __future__ import annotations

from negsim.bots.base import Bot
from negsim.core.actions import Action, Answer
from negsim.core.engine import is_legal, step
from negsim.core.scoring import score_all
from negsim.core.state import GameState


class GreedyBot(Bot):
    """Looks one move ahead and picks what best serves its score and persona weights."""

    name = "greedy"

    def value(self, state: GameState) -> float:
        """How good ``state`` is for this bot's actor."""
        rules = state.rules
        a = rules.actor_index[self.actor]
        total = float(score_all(rules, state)[a]) * 10
        spec = rules.actors[a]
        if state.ending >= 0 and spec.win_at is not None:
            total += 50 if score_all(rules, state)[a] >= spec.win_at else -20
        for slot, w in spec.bot_weights.items():
            total += w * state.meters[slot]
        return total

    def imagine(self, state: GameState, action: Action, imagined_rng: int) -> GameState:
        """The state after ``action`` with chance drawn from the bot's own stream."""
        s = state._replace(rng=imagined_rng)
        s, _ = step(s, action)
        if isinstance(action, Answer):
            # Others still to answer the same item are assumed to answer alike.
            while s.queue and s.queue[0][0] == action.item and s.to_move >= 0:
                other = Answer(actor=s.rules.actors[s.to_move].id, item=action.item, response=action.response)
                if action.counter is not None or not is_legal(s, other):
                    break
                s, _ = step(s, other)
        return s

    def choose(self, state: GameState, legal: tuple[Action, ...]) -> Action:
        """The legal action with the best imagined value (ties broken at random)."""
        rng = self.rng(state)
        best: list[Action] = []
        best_v = float("-inf")
        for act in legal:
            v = self.value(self.imagine(state, act, rng.getrandbits(64)))
            if v > best_v + 1e-9:
                best, best_v = [act], v
            elif abs(v - best_v) <= 1e-9:
                best.append(act)
        return best[rng.randrange(len(best))]
