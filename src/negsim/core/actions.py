"""Actions: the decisions a seat can take. Frozen values, compared and hashed by content."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from negsim.core.rules import Response

PLAY: Final = 0
"""Kind code of a ``Play`` in the engine's index form of an action."""
PASS: Final = 1
"""Kind code of a ``Pass``."""
ANSWER: Final = 2
"""Kind code of an ``Answer``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Play:
    """Play a card from one's hand, choosing a forum and a target where the card needs them."""

    actor: str
    """Who plays."""
    card: str
    """Card id."""
    forum: str | None = None
    """Forum chosen, for cards played or tabled in a forum."""
    target: str | None = None
    """Actor addressed, for cards with targets."""

    def __str__(self) -> str:
        """Short human-readable form, e.g. ``russia plays ru_treaty in us_ru``."""
        s = f"{self.actor} plays {self.card}"
        if self.forum:
            s += f" in {self.forum}"
        if self.target:
            s += f" to {self.target}"
        return s


@dataclass(frozen=True, slots=True, kw_only=True)
class Pass:
    """End one's turn in the current phase without playing."""

    actor: str
    """Who passes."""

    def __str__(self) -> str:
        """Short human-readable form."""
        return f"{self.actor} passes"


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    """Answer an item on the table."""

    actor: str
    """Who answers."""
    item: int
    """Id of the tabled item."""
    response: Response
    """Accept, reject, counter or silence."""
    counter: str | None = None
    """For a counter: the card answered with."""

    def __str__(self) -> str:
        """Short human-readable form."""
        s = f"{self.actor} answers #{self.item}: {self.response.value}"
        if self.counter:
            s += f" with {self.counter}"
        return s


Action = Play | Pass | Answer
"""Any decision."""
