"""The bot interface.

A bot's choice is a pure function of its seed, its actor and the state: each decision draws
from a stream derived from ``(seed, actor, ply)``. So undoing, loading a save or replaying a
game gives the same bot moves, and ``negsim run`` and a watched game agree.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod

from negsim.core.actions import Action
from negsim.core.rng import derive
from negsim.core.state import GameState


class Bot(ABC):
    """A policy for one seat. ``choose`` never changes the game; it only picks an action."""

    name: str = "bot"
    """Policy name."""

    def __init__(self, *, actor: str, seed: int) -> None:
        """A bot for ``actor`` whose randomness derives from ``seed``."""
        self.actor = actor
        self.seed = seed
        self.key = sum((i + 1) * ord(ch) for i, ch in enumerate(actor))

    def draw(self, state: GameState) -> int:
        """A 64-bit random number for this decision, from (seed, actor, ply)."""
        return derive(self.seed, self.key, state.ply)

    def rng(self, state: GameState) -> random.Random:
        """A random stream for this decision (for policies that need several draws)."""
        return random.Random(self.draw(state))

    @abstractmethod
    def choose(self, state: GameState, legal: tuple[Action, ...]) -> Action:
        """Pick one of ``legal`` (never empty) for the actor to move."""
