"""The random bot: uniform over legal actions."""

from __future__ import annotations

from negsim.bots.base import Bot, Decision, Observation


class RandomBot(Bot):
    """Picks uniformly among the legal actions."""

    name = "random"

    def decide(self, obs: Observation) -> Decision:
        """A uniformly random legal action."""
        n = len(obs.legal)
        return Decision(action=obs.legal[self.draw(obs) % n], why=f"a random choice among {n} moves")
