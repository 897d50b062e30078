"""The bot interface: what a bot sees (an ``Observation``) and what it returns (a ``Decision``).

A bot never receives the true game state. The shell gives it ``observe(state, seat)``: its
seat's information set (see ``negsim.core.infoset``), its view and its legal moves. A bot's
choice is a pure function of its seed, its actor and that observation: each decision draws
from a stream derived from ``(seed, actor, ply)``, so undoing, loading a save or replaying a
game gives the same bot moves, and ``negsim run`` and a watched game agree.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from negsim.core.actions import Action
from negsim.core.engine import legal_actions
from negsim.core.infoset import information_set
from negsim.core.rng import derive
from negsim.core.rules import Rules
from negsim.core.state import GameState
from negsim.core.view import View, view

Option = int | float | str
"""The value of a bot option (``sims=400``, ``level=normal``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """A bot's move and, in one line a player understands, why it chose it."""

    action: Action
    """The move."""
    why: str
    """The reason, e.g. ``Germany blocks the arms transfer: a delivery now costs cohesion``."""


class Observation:
    """What a seat may know when it must decide: its information set, its view, its legal moves."""

    __slots__ = ("_view", "legal", "seat", "state")

    def __init__(self, seat: str, state: GameState, legal: tuple[Action, ...]) -> None:
        """``state`` is the seat's information set (never the true state); ``legal`` its legal moves."""
        self.seat = seat
        """The actor deciding."""
        self.state = state
        """The seat's information set: the state as it may know it (hidden values stand-ins, no RNG)."""
        self.legal = legal
        """The legal moves (never empty)."""
        self._view: View | None = None

    @property
    def rules(self) -> Rules:
        """The rules as the seat knows them (others' private aims removed)."""
        return self.state.rules

    @property
    def actor(self) -> int:
        """Index of the actor deciding."""
        return self.state.rules.actor_index[self.seat]

    @property
    def view(self) -> View:
        """The seat's view of the game (built when first asked for)."""
        if self._view is None:
            self._view = view(self.state, self.seat)
        return self._view


def observe(state: GameState, seat: str | None = None) -> Observation:
    """What the actor to move (or ``seat``) may know of ``state``: the only door from a true state to a bot."""
    who = seat if seat is not None else state.actor_to_move
    if who is None:
        raise ValueError("the game is over: nobody decides")
    infoset = information_set(state, who)
    legal = legal_actions(state) if state.actor_to_move == who else ()
    return Observation(who, infoset, legal)


class Bot(ABC):
    """A policy for one seat. ``decide`` never changes the game; it only picks a move and says why."""

    name: ClassVar[str] = "bot"
    """Policy name."""

    def __init__(self, *, actor: str, seed: int, options: Mapping[str, Option] | None = None) -> None:
        """A bot for ``actor`` whose randomness derives from ``seed``, with its spec's options."""
        self.actor = actor
        self.seed = seed
        self.options: dict[str, Option] = dict(options or {})
        self.key = sum((i + 1) * ord(ch) for i, ch in enumerate(actor))

    def draw(self, obs: Observation) -> int:
        """A 64-bit random number for this decision, from (seed, actor, ply)."""
        return derive(self.seed, self.key, obs.state.ply)

    def rng(self, obs: Observation) -> random.Random:
        """A random stream for this decision (for policies that need several draws)."""
        return random.Random(self.draw(obs))

    @abstractmethod
    def decide(self, obs: Observation) -> Decision:
        """Pick one of ``obs.legal`` (never empty) for the seat, with the reason."""
