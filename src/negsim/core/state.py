"""The game state: an immutable value. ``step`` returns a new one; nothing mutates it.

It is a ``NamedTuple`` so the engine can build the next state in a fraction of a
microsecond; read it through its fields and helper methods, or through ``view``.
"""

from __future__ import annotations

from typing import NamedTuple

from negsim.core.rules import Rules


class Tabled(NamedTuple):
    """A demand or offer on the table, waiting for answers."""

    id: int
    """Item id, unique within a game."""
    card: int
    """Card index."""
    proposer: int
    """Actor index of who tabled it."""
    forum: int
    """Forum index, or -1."""
    target: int
    """Actor index addressed, or -1."""
    responders: tuple[int, ...]
    """Actor indices who must answer, in order."""
    answers: tuple[tuple[int, int, int], ...]
    """(actor, response index, counter card or -1) for each answer given so far."""
    counter_of: int
    """For a counter-offer, the item it answers; otherwise -1."""
    round: int
    """0-based round it was tabled in."""


class GameState(NamedTuple):
    """Everything that determines the rest of a game, including the RNG state."""

    rules: Rules
    """The compiled scenario."""
    seed: int
    """The seed the game started from."""
    round: int
    """0-based round index."""
    phase: int
    """Index of the current phase in the round."""
    turn: int
    """In a play phase, index into the phase's actor list."""
    plays: int
    """Plays the current actor has made in this phase."""
    to_move: int
    """Actor index who must decide, or -1 once the game is over."""
    meters: tuple[int, ...]
    """Meter values by slot."""
    round_start: tuple[int, ...]
    """Meter values at the start of this round (to show each round's change)."""
    flags: int
    """Flag bits."""
    locked: int
    """Bits of locked cards."""
    uses: tuple[int, ...]
    """Plays of each card so far."""
    round_uses: tuple[int, ...]
    """Plays of each card this round."""
    spent: int
    """Bits of cards played as often as their ``limit`` allows."""
    spent_round: int
    """Bits of cards played as often as their ``per_round`` allows this round."""
    resolved: tuple[int, ...]
    """Per card, four counters: accepted, rejected, countered, silent."""
    table: tuple[Tabled, ...]
    """Items on the table, in the order they were tabled."""
    queue: tuple[tuple[int, int], ...]
    """In an answer phase, (item id, actor index) still to answer, in order."""
    next_item: int
    """Id of the next tabled item."""
    fired: int
    """Bits of triggers that have fired (for once-only triggers)."""
    armed: int
    """Bits of action triggers whose condition held at the last check."""
    rng: int
    """State of the game's random number generator."""
    ending: int
    """Index of the ending reached, or -1 while the game goes on."""
    ply: int
    """Number of actions taken."""
    cut: bool = False
    """Whether the game was cut short at the scenario's action limit (``turn.max_actions``)."""
    votes: tuple[int, ...] = ()
    """Per card and actor (``card * actors + actor``), that actor's answer on the card's last
    resolved item: 0 none, else 1 + the response index (``answer(card, actor)`` reads it; kept only
    for the cards in ``Rules.answered``)."""
    sealed: tuple[tuple[int, int, int, int, int], ...] = ()
    """In a sealed play phase, the choices made so far and not yet revealed: (kind, actor, card,
    forum, target) as the engine parses actions (``PLAY`` or ``PASS``)."""

    @property
    def is_over(self) -> bool:
        """Whether the game has ended."""
        return self.ending >= 0

    @property
    def actor_to_move(self) -> str | None:
        """Id of the actor who must decide, or ``None`` once the game is over."""
        return None if self.to_move < 0 else self.rules.actors[self.to_move].id

    @property
    def round_label(self) -> str:
        """Calendar label of the current round."""
        return self.rules.rounds[min(self.round, len(self.rules.rounds) - 1)]

    @property
    def phase_id(self) -> str:
        """Id of the current phase."""
        return self.rules.phases[self.phase].id

    def meter(self, meter: str, actor: str | None = None) -> int:
        """Value of a meter (naming the actor for a per-actor meter)."""
        return self.meters[self.rules.slot(meter, actor)]

    def flag(self, flag: str, actor: str | None = None) -> bool:
        """Value of a flag (naming the actor for a per-actor flag)."""
        f = self.rules.flags[self.rules.flag_index[flag]]
        if f.per_actor:
            if actor is None:
                raise KeyError(f"flag {flag!r} is per actor: name the actor")
            return bool(self.flags >> (f.bit + self.rules.actor_index[actor]) & 1)
        return bool(self.flags >> f.index & 1)

    def card_uses(self, card: str) -> int:
        """How many times a card has been played."""
        return self.uses[self.rules.card_index[card]]

    def item(self, item_id: int) -> Tabled | None:
        """The tabled item with this id, if it is on the table."""
        for t in self.table:
            if t.id == item_id:
                return t
        return None

    def __repr__(self) -> str:
        """Compact form: scenario, seed, round, phase, ply and whose move."""
        return (
            f"<GameState {self.rules.id} seed={self.seed} round={self.round + 1} "
            f"phase={self.phase_id} ply={self.ply} to_move={self.actor_to_move}>"
        )
