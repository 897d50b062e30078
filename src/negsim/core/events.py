"""Events: what happened, in order. The single source of truth for logs, history and replays.

Every change of a meter, flag or lock is an event carrying its ``Cause``, so a log can say
*why* something moved and who is responsible.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    """Which branch: ``accept``/``reject``/``counter``/``silence``, ``split``, ``then``/``else``."""

    def __str__(self) -> str:
        """Short form, e.g. ``card ru_troops (russia)``."""
        s = f"{self.kind} {self.id}"
        if self.branch:
            s += f" [{self.branch}]"
        if self.actor:
            s += f" ({self.actor})"
        return s


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Base of all events."""

    round: int
    """1-based round in which it happened."""
    actor: str | None = None
    """The actor who acted or is responsible, if any."""

    @property
    def type(self) -> str:
        """Snake-case name used in JSON output."""
        return _TYPE_NAMES[type(self)]


@dataclass(frozen=True, slots=True, kw_only=True)
class RoundStarted(Event):
    """A new round began."""

    label: str
    """Calendar label of the round."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseStarted(Event):
    """A phase of the round began."""

    phase: str
    """Phase id."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CardPlayed(Event):
    """An actor played a card."""

    card: str
    """Card id."""
    forum: str | None = None
    """Forum chosen."""
    target: str | None = None
    """Actor addressed."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Passed(Event):
    """An actor passed."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemTabled(Event):
    """A demand or offer went on the table and awaits answers."""

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Answered(Event):
    """An actor answered a tabled item."""

    item: int
    """Item id."""
    card: str
    """Card on the table."""
    response: str
    """``accept``, ``reject``, ``counter`` or ``silence``."""
    counter: str | None = None
    """Counter card, for a counter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemResolved(Event):
    """All answers are in; the forum's decision rule gave a result."""

    item: int
    """Item id."""
    card: str
    """Card on the table."""
    forum: str | None
    """Forum."""
    result: str
    """``accept``, ``reject``, ``counter`` or ``silence``."""
    votes: tuple[tuple[str, str], ...] = ()
    """Each responder's answer."""
    split: bool = False
    """Whether the responders answered differently."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MeterChanged(Event):
    """A meter moved (after clamping to its bounds)."""

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


@dataclass(frozen=True, slots=True, kw_only=True)
class FlagChanged(Event):
    """A flag was raised or lowered."""

    flag: str
    """Flag id."""
    value: bool
    """New value."""
    cause: Cause
    """Why."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CardLockChanged(Event):
    """A card was unlocked (became playable) or locked."""

    card: str
    """Card id."""
    locked: bool
    """New state."""
    cause: Cause
    """Why."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChanceRolled(Event):
    """A chance effect was decided by the game's RNG."""

    p: float
    """Probability of success."""
    roll: float
    """Number drawn in [0, 1)."""
    success: bool
    """``roll < p``."""
    cause: Cause
    """Whose effect it was."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EventDrawn(Event):
    """An event card was drawn in a draw phase."""

    card: str
    """Event card id."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerFired(Event):
    """A trigger's condition held and its effects ran."""

    trigger: str
    """Trigger id."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Note(Event):
    """A line of narrative from a ``say`` effect."""

    text: str
    """The text."""
    cause: Cause
    """Whose effect it was."""


@dataclass(frozen=True, slots=True, kw_only=True)
class GameEnd(Event):
    """The game is over: how it ended, who won, the scores and the final meters."""

    ending: str
    """Ending id."""
    winners: tuple[str, ...]
    """Actors whose score reached their target."""
    scores: tuple[tuple[str, int], ...]
    """Each scored actor's final score."""
    meters: tuple[tuple[str, int], ...] = ()
    """Every meter's final value (per-actor meters as ``meter.actor``)."""


def _snake(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i:
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


_TYPE_NAMES: dict[type, str] = {
    cls: _snake(cls.__name__)
    for cls in (
        RoundStarted,
        PhaseStarted,
        CardPlayed,
        Passed,
        ItemTabled,
        Answered,
        ItemResolved,
        MeterChanged,
        FlagChanged,
        CardLockChanged,
        ChanceRolled,
        EventDrawn,
        TriggerFired,
        Note,
        GameEnd,
    )
}
EVENT_TYPES: dict[str, type[Event]] = {v: k for k, v in _TYPE_NAMES.items()}
"""Event classes by their JSON ``type`` name."""
