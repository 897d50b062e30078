"""Events: what happened, in order. The single source of truth for logs, history and replays.

Every change of a meter, flag or lock is an event carrying its ``Cause``, so a log can say
*why* something moved and who is responsible.

Events are immutable ``NamedTuple`` values: a step creates several, and building a tuple costs
a fraction of a frozen dataclass. Every event starts with ``round`` and ``actor``; two events
are equal only if they are of the same type with the same fields; ``event_type(e)`` gives the
snake-case name used in JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True, kw_only=True)
class Cause:
    """Why a change happened: the card, answer, trigger, forum rule or event responsible."""

    kind: str
    """``card``, ``resolution``, ``counter``, ``forum``, ``trigger``, ``event`` or ``rule``."""
    id: str
    """Id of the card, trigger, forum or rule."""
    actor: str | None = None
    """The actor responsible, if any."""
    branch: str | None = None
    """For resolutions, which answer won (``accept``/``reject``/``counter``/``silence``); ``split`` for a forum's split-vote effects."""
    seen_by: tuple[str, ...] | None = None
    """Who sees it, when it is a secret card's or a closed forum's doing (``None``: everyone)."""

    def __str__(self) -> str:
        """Short form, e.g. ``card ru_troops (russia)``."""
        s = f"{self.kind} {self.id}"
        if self.branch:
            s += f" [{self.branch}]"
        if self.actor:
            s += f" ({self.actor})"
        return s


class RoundStarted(NamedTuple):
    """A new round began."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    label: str
    """Calendar label of the round."""


class PhaseStarted(NamedTuple):
    """A phase of the round began."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    phase: str
    """Phase id."""


class CardPlayed(NamedTuple):
    """An actor played a card."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    card: str
    """Card id."""
    forum: str | None = None
    """Forum chosen."""
    target: str | None = None
    """Actor addressed."""
    seen_by: tuple[str, ...] | None = None
    """Who sees it: for a secret card or a closed forum, its audience (``None``: everyone)."""


class ChoiceSealed(NamedTuple):
    """An actor made its choice in a sealed phase; what it chose is revealed when all have chosen."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""


class Passed(NamedTuple):
    """An actor passed."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""


class ItemTabled(NamedTuple):
    """A demand or offer went on the table and awaits answers."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    item: int
    """Id of the tabled item."""
    card: str
    """Card id."""
    forum: str | None
    """Forum it is tabled in."""
    target: str | None
    """Actor addressed."""
    responders: tuple[str, ...]
    """Who must answer."""
    counter_of: int | None = None
    """For a counter-offer: the item it answers."""
    seen_by: tuple[str, ...] | None = None
    """Who sees it: for a secret card or a closed forum, its audience (``None``: everyone)."""


class Answered(NamedTuple):
    """An actor answered a tabled item."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    item: int
    """Item id."""
    card: str
    """Card on the table."""
    response: str
    """``accept``, ``reject``, ``counter`` or ``silence``."""
    counter: str | None = None
    """Counter card, for a counter."""
    seen_by: tuple[str, ...] | None = None
    """Who sees it: for a secret card or a closed forum, its audience (``None``: everyone)."""


class ItemResolved(NamedTuple):
    """All answers are in; the forum's decision rule gave a result."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    item: int
    """Item id."""
    card: str
    """Card on the table."""
    forum: str | None
    """Forum."""
    result: str
    """``accept``, ``reject``, ``counter`` or ``silence``; ``expire`` for an item that expired unanswered,
    ``withdraw`` for one its proposer took off the table (with no votes)."""
    votes: tuple[tuple[str, str], ...] = ()
    """Each responder's answer."""
    split: bool = False
    """Whether the responders were divided: someone rejected while others accepted or countered."""
    seen_by: tuple[str, ...] | None = None
    """Who sees it: for a secret card or a closed forum, its audience (``None``: everyone)."""


class MeterChanged(NamedTuple):
    """A meter moved (after clamping to its bounds)."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    meter: str
    """Meter id."""
    owner: str | None
    """For a per-actor meter, whose track."""
    old: int
    """Value before."""
    new: int
    """Value after."""
    by: int
    """Change the rule asked for (``new - old`` may differ when clamped)."""
    cause: Cause
    """Why."""


class FlagChanged(NamedTuple):
    """A flag was raised or lowered."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    flag: str
    """Flag id."""
    value: bool
    """New value."""
    cause: Cause
    """Why."""
    owner: str | None = None
    """For a per-actor flag, whose."""


class CardLockChanged(NamedTuple):
    """A card was unlocked (became playable) or locked."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    card: str
    """Card id."""
    locked: bool
    """New state."""
    cause: Cause
    """Why."""


class ChanceRolled(NamedTuple):
    """A chance effect was decided by the game's RNG."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    p: float
    """Probability of success."""
    roll: int
    """The die: a whole number from 0 to 999, drawn from the game's RNG."""
    success: bool
    """``roll < 1000 * p``."""
    cause: Cause
    """Whose effect it was."""


class Clamped(NamedTuple):
    """A number a rule computed from the state was out of range and was clamped: a chance's
    percentage to 0..100, an event card's weight to 0 or more.
    """

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    what: str
    """``chance`` (a percentage) or ``weight`` (of the event card ``cause.id``)."""
    value: int
    """The value the expression gave."""
    used: int
    """The value used instead."""
    cause: Cause
    """Whose rule it was."""


class EventDrawn(NamedTuple):
    """An event card was drawn in a draw phase."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    card: str
    """Event card id."""


class TriggerFired(NamedTuple):
    """A trigger's condition held and its effects ran."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    trigger: str
    """Trigger id."""


class Note(NamedTuple):
    """A line of narrative from a ``say`` effect."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    text: str
    """The text."""
    cause: Cause
    """Whose effect it was."""


class UmpireRuling(NamedTuple):
    """The umpire overrode the rules (R12): the changes it makes follow, caused by it."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """Always ``umpire``."""
    kind: str
    """``meter``, ``flag`` or ``event``."""
    id: str
    """The meter, flag or event card."""
    owner: str | None
    """For a per-actor meter, whose track."""
    value: int
    """The meter's new value, or 1/0 for a flag raised/lowered (0 for an event)."""
    reason: str
    """Why, in the umpire's words."""


class GameEnd(NamedTuple):
    """The game is over: how it ended, who won, the scores and the final meters."""

    round: int
    """1-based round in which it happened."""
    actor: str | None
    """The actor who acted or is responsible, if any."""
    ending: str
    """Ending id."""
    winners: tuple[str, ...]
    """Actors whose score reached their target."""
    scores: tuple[tuple[str, int], ...]
    """Each scored actor's final score."""
    meters: tuple[tuple[str, int], ...] = ()
    """Every meter's final value (per-actor meters as ``meter.actor``)."""
    cut_short: bool = False
    """Whether the game was cut short at the scenario's action limit rather than played out."""


def _snake(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i:
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


Event = (
    RoundStarted
    | PhaseStarted
    | CardPlayed
    | ChoiceSealed
    | Passed
    | ItemTabled
    | Answered
    | ItemResolved
    | MeterChanged
    | FlagChanged
    | CardLockChanged
    | ChanceRolled
    | Clamped
    | EventDrawn
    | TriggerFired
    | Note
    | UmpireRuling
    | GameEnd
)
"""Any event."""

EVENT_CLASSES: tuple[type[Any], ...] = (
    RoundStarted,
    PhaseStarted,
    CardPlayed,
    ChoiceSealed,
    Passed,
    ItemTabled,
    Answered,
    ItemResolved,
    MeterChanged,
    FlagChanged,
    CardLockChanged,
    ChanceRolled,
    Clamped,
    EventDrawn,
    TriggerFired,
    Note,
    UmpireRuling,
    GameEnd,
)
"""Every event class."""

_TYPE_NAMES: dict[type[Any], str] = {cls: _snake(cls.__name__) for cls in EVENT_CLASSES}


def event_type_name(cls: type[Any]) -> str:
    """Snake-case name of an event class, as used in JSON (``MeterChanged`` -> ``meter_changed``)."""
    return _TYPE_NAMES[cls]


def event_type(e: Event) -> str:
    """Snake-case name of an event's type, as used in JSON (``meter_changed``)."""
    return _TYPE_NAMES[type(e)]


def _eq(self: tuple[Any, ...], other: object) -> bool:
    return type(self) is type(other) and tuple.__eq__(self, other)


def _ne(self: tuple[Any, ...], other: object) -> bool:
    return not _eq(self, other)


def _hash(self: tuple[Any, ...]) -> int:
    return hash((type(self).__name__, tuple(self)))


for _cls in EVENT_CLASSES:
    _cls.__eq__ = _eq  # type: ignore[assignment]
    _cls.__ne__ = _ne  # type: ignore[assignment]
    _cls.__hash__ = _hash  # type: ignore[assignment]
