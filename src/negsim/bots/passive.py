"""The passive bot: always passes and stays silent (for scripted tests and baselines)."""

from __future__ import annotations

from negsim.bots.base import Bot, Decision, Observation
from negsim.core.actions import Answer, Pass
from negsim.core.rules import Response


class PassiveBot(Bot):
    """Passes in play phases and answers with silence: the world where this seat does nothing."""

    name = "passive"

    def decide(self, obs: Observation) -> Decision:
        """Pass, or stay silent."""
        for a in obs.legal:
            if isinstance(a, Pass):
                return Decision(action=a, why="passes (the passive baseline does nothing)")
            if isinstance(a, Answer) and a.response is Response.SILENCE:
                return Decision(action=a, why="stays silent (the passive baseline does nothing)")
        return Decision(action=obs.legal[0], why="takes the first move (nothing passive is legal)")
