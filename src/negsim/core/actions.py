"""Actions: the decisions a seat can take. Frozen values, compared and hashed by content."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from negsim.core.rules import Response

PLAY: Final = 0
"""Kind code of a ``Play`` in the engine's index form of an action."""
PASS: Final = 1
"""Kind code of a ``Pass``."""
ANSWER: Final = 2
"""Kind code of an ``Answer``."""
UMPIRE: Final = "umpire"
"""The actor id of the facilitator's seat: only it takes ``Override`` actions (R12); no scenario actor may use it."""


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


class OverrideKind(StrEnum):
    """What an umpire's override changes."""

    METER = "meter"
    """Set a meter to a value."""
    FLAG = "flag"
    """Raise (1) or lower (0) a flag."""
    EVENT = "event"
    """Inject an event card: its effects apply now, as if drawn."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Override:
    """The umpire's adjudication: set a meter, raise or lower a flag, or inject an event card, with a reason (R12)."""

    actor: str = UMPIRE
    """Always ``umpire``: only the facilitator's seat overrides."""
    kind: OverrideKind
    """What is changed."""
    id: str
    """The meter, flag or event card."""
    owner: str | None = None
    """For a per-actor meter, whose track."""
    value: int = 0
    """The meter's new value; for a flag 1 (raise) or 0 (lower); unused for an event."""
    reason: str
    """Why the umpire rules so (shown in every log)."""

    def __str__(self) -> str:
        """Short human-readable form, e.g. ``umpire sets cohesion to 4 (reason)``."""
        if self.kind is OverrideKind.METER:
            what = f"sets {self.id}{f'.{self.owner}' if self.owner else ''} to {self.value}"
        elif self.kind is OverrideKind.FLAG:
            what = f"{'raises' if self.value else 'lowers'} {self.id}"
        else:
            what = f"injects event {self.id}"
        return f"{self.actor} {what} ({self.reason})"


Action = Play | Pass | Answer | Override
"""Any decision."""
