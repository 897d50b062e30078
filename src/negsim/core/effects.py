"""Effects: the closed vocabulary of what rules do, as data. Interpreted in one place
(``negsim.core.transition.Transition.run``).

Meter references: an effect names a meter slot directly (``rel == -1``) or relative to its
context (``rel`` 0 = the acting actor, 1 = the target, 2 = the proposer), in which case the
slot is ``slot + ctx[rel]``.
"""

from __future__ import annotations

from dataclasses import dataclass

from negsim.core.rules import Condition


@dataclass(frozen=True, slots=True, kw_only=True)
class Shift:
    """Move a meter by ``by`` (clamped to its bounds)."""

    meter: int
    """Meter index."""
    slot: int
    """Slot, or base slot when ``rel >= 0``."""
    rel: int = -1
    """-1: fixed slot; else the context position of the owning actor."""
    by: int | Condition
    """Change: a number, or an integer expression read when the effect runs."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SetMeter:
    """Set a meter to a value (clamped to its bounds)."""

    meter: int
    """Meter index."""
    slot: int
    """Slot, or base slot when ``rel >= 0``."""
    rel: int = -1
    """-1: fixed slot; else the context position of the owning actor."""
    to: int | Condition
    """New value: a number, or an integer expression read when the effect runs."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SetFlag:
    """Raise or lower a flag."""

    flag: int
    """Flag index."""
    value: bool
    """New value."""
    bit: int = -1
    """For a per-actor flag: its bit (``rel == -1``) or the first actor's bit (``rel >= 0``)."""
    rel: int = -1
    """-1: a fixed bit; else the context position of the owning actor."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SetLock:
    """Lock or unlock a card."""

    card: int
    """Card index."""
    locked: bool
    """New state."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Chance:
    """With probability ``p`` run ``then``, otherwise ``otherwise`` (drawn from the game's RNG)."""

    p: float | Condition
    """Probability of ``then``: a number, or an integer expression of a percentage read when the effect
    runs (outside 0..100 it is clamped, and an event says so)."""
    then: tuple[Effect, ...] = ()
    """Effects on success."""
    otherwise: tuple[Effect, ...] = ()
    """Effects on failure."""


@dataclass(frozen=True, slots=True, kw_only=True)
class If:
    """Run ``then`` if a condition holds, else ``otherwise``."""

    cond: Condition
    """The condition."""
    then: tuple[Effect, ...] = ()
    """Effects when true."""
    otherwise: tuple[Effect, ...] = ()
    """Effects when false."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EndGame:
    """End the game at once with an ending."""

    ending: int
    """Ending index."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Say:
    """Write a line of narrative to the log."""

    text: str
    """The line."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Withdraw:
    """Take off the table the items of a card that the acting actor tabled."""

    card: int
    """Card index."""


Effect = Shift | SetMeter | SetFlag | SetLock | Chance | If | EndGame | Say | Withdraw
"""Any effect."""
