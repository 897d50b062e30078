"""The random bot: uniform over legal actions."""

from __future__ import annotations

from negsim.bots.base import Bot
from negsim.core.actions import Action
from negsim.core.state import GameState


class RandomBot(Bot):
    """Picks uniformly among the legal actions."""

    name = "random"

    def choose(self, state: GameState, legal: tuple[Action, ...]) -> Action:
        """A uniformly random legal action."""
        return legal[self.draw(state) % len(legal)]
