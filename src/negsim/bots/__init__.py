"""Bots: policies that choose an action for a seat. Each is deterministic given its seed."""

from __future__ import annotations

from negsim.bots.base import Bot
from negsim.bots.greedy import GreedyBot
from negsim.bots.passive import PassiveBot
from negsim.bots.random import RandomBot

BOTS: dict[str, type[Bot]] = {"random": RandomBot, "greedy": GreedyBot, "passive": PassiveBot}
"""Bot policies by name."""

BOT_HELP: dict[str, str] = {
    "random": "picks uniformly among legal actions",
    "greedy": "looks one move ahead and picks what best serves its score and persona",
    "passive": "always passes and stays silent (a baseline, and for scripted tests)",
}
"""One line on each policy, for help screens."""


def make_bot(name: str, actor: str, seed: int) -> Bot:
    """A bot of policy ``name`` for ``actor``; raises ``KeyError`` for an unknown policy."""
    return BOTS[name](actor=actor, seed=seed)


__all__ = ["BOTS", "BOT_HELP", "Bot", "GreedyBot", "PassiveBot", "RandomBot", "make_bot"]
