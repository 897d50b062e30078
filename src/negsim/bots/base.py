"""The bot interface."""

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
        """A bot for ``actor``, with its own random stream derived from ``seed``."""
        self.actor = actor
        self.rng = random.Random(derive(seed, sum(map(ord, actor)), len(actor)))

    @abstractmethod
    def choose(self, state: GameState, legal: tuple[Action, ...]) -> Action:
        """Pick one of ``legal`` (never empty) for the actor to move."""
