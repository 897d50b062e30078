"""The passive bot: always passes and stays silent (for scripted tests and baselines)."""

from __future__ import annotations

from negsim.bots.base import Bot
from negsim.core.actions import Action, Answer, Pass
from negsim.core.rules import Response
from negsim.core.state import GameState


class PassiveBot(Bot):
    """Passes in play phases and answers with silence: the world where this seat does nothing."""

    name = "passive"

    def choose(self, state: GameState, legal: tuple[Action, ...]) -> Action:
        """Pass, or stay silent."""
        for a in legal:
            if isinstance(a, Pass) or (isinstance(a, Answer) and a.response is Response.SILENCE):
                return a
        return legal[0]
