"""A game in motion for search: actions applied in place, no events, cheap copies.

``Playout`` runs exactly the rules ``step`` runs (the same ``Transition`` code), but keeps
one mutable working copy instead of freezing a new ``GameState`` after every action, and
records no events. The ``mcts`` bot descends its tree and rolls games out with it;
``playout.state()`` gives the ``GameState`` it has reached.
"""

from __future__ import annotations

from negsim.core.actions import Action
from negsim.core.engine import offered, resolve_action, take
from negsim.core.state import GameState
from negsim.core.transition import Transition


class Playout(Transition):
    """A mutable game for search, started from a ``GameState``."""

    __slots__ = ("_offered",)

    def __init__(self, state: GameState) -> None:
        """Start from ``state``; events are not recorded."""
        super().__init__(state, log=False)
        self._offered: frozenset[int] = frozenset()

    def clone(self) -> Playout:
        """An independent copy."""
        return Playout(self.freeze())

    def state(self) -> GameState:
        """The ``GameState`` reached."""
        return self.freeze()

    @property
    def is_over(self) -> bool:
        """Whether the game has ended."""
        return self.ending >= 0

    def legal(self) -> tuple[Action, ...]:
        """Legal actions of the actor to move (empty once the game is over)."""
        if self.to_move < 0:
            return ()
        result, self._offered = offered(self)
        return result

    def apply(self, action: Action) -> None:
        """Take ``action`` (checked, unless it is one the last ``legal`` call offered) and move on."""
        entry = self.tables.parsed.get(id(action)) if id(action) in self._offered else None
        self._offered = frozenset()
        if entry is not None and entry[0] is action:
            take(self, entry[1])
        else:
            take(self, resolve_action(self.freeze(), action))
