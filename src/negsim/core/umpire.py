"""The umpire's overrides (R12): setting a meter, raising or lowering a flag, injecting an event card.

An ``Override`` is an action like any other: ``step`` checks it here, applies it to a working copy
and records it, so it appears in every log as the umpire's and replays from a save. It is legal at
any moment of an unfinished game, whoever is to move, but only with the actor ``umpire`` (the
facilitator's seat); it does not change whose decision it is.
"""

from __future__ import annotations

from typing import NamedTuple

from negsim.core.actions import UMPIRE, Override, OverrideKind
from negsim.core.errors import IllegalActionError
from negsim.core.events import Cause, FlagChanged, MeterChanged, UmpireRuling
from negsim.core.rules import NO_CTX, OTHER, CardKind
from negsim.core.state import GameState
from negsim.core.transition import Transition

MAX_REASON = 500
"""The longest reason an override may give, in characters."""


class Ruling(NamedTuple):
    """A checked override in index form."""

    kind: OverrideKind
    """What is changed."""
    at: int
    """Meter, flag or card index."""
    slot: int
    """For a meter, the slot of the track set; for a flag, its bit (for a per-actor flag, the owner's); -1 for an event."""
    value: int
    """The meter's value, or 1/0 for a flag."""


def check_reason(reason: object) -> None:
    """Raise ``IllegalActionError`` (R12) unless ``reason`` is one line of printable text, 1 to 500 characters."""
    if not isinstance(reason, str) or not reason.strip():
        raise IllegalActionError("R12", "an override gives its reason")
    if not reason.isprintable():
        raise IllegalActionError("R12", "an override's reason is one line of printable text")
    if len(reason) > MAX_REASON:
        raise IllegalActionError("R12", f"an override's reason has at most {MAX_REASON} characters, not {len(reason)}")


def check_override(state: GameState, action: Override) -> Ruling:
    """Check an override (``IllegalActionError`` naming R1 or R12 if illegal); return it in index form."""
    rules = state.rules
    if state.ending >= 0:
        raise IllegalActionError("R1", f"the game is over ({rules.endings[state.ending].id}); no more actions")
    if action.actor != UMPIRE:
        raise IllegalActionError("R12", f"only the umpire overrides the rules, not {action.actor!r}")
    check_reason(action.reason)
    kind = action.kind
    value = action.value
    if not isinstance(value, int) or isinstance(value, bool):
        raise IllegalActionError("R12", f"an override's value is a whole number, not {value!r}")
    if kind is OverrideKind.METER:
        m = rules.meter_index.get(action.id, -1)
        if m < 0:
            raise IllegalActionError("R12", f"unknown meter {action.id!r}")
        spec = rules.meters[m]
        slot = spec.slot
        if spec.per_actor:
            owner = rules.actor_index.get(action.owner, -1) if action.owner is not None else -1
            if owner < 0:
                raise IllegalActionError("R12", f"{spec.id} is kept per actor: name whose track, not {action.owner!r}")
            slot += owner
        elif action.owner is not None:
            raise IllegalActionError("R12", f"{spec.id} is one track for all: it has no owner {action.owner!r}")
        if not spec.low <= value <= spec.high:
            raise IllegalActionError("R12", f"{spec.id} goes from {spec.low} to {spec.high}; {value} is outside")
        return Ruling(kind, m, slot, value)
    if kind is OverrideKind.FLAG:
        f = rules.flag_index.get(action.id, -1)
        if f < 0:
            raise IllegalActionError("R12", f"unknown flag {action.id!r}")
        if value not in (0, 1):
            raise IllegalActionError("R12", f"a flag is raised (1) or lowered (0), not set to {value}")
        flag = rules.flags[f]
        if flag.per_actor:
            owner = rules.actor_index.get(action.owner, -1) if action.owner is not None else -1
            if owner < 0:
                raise IllegalActionError("R12", f"{flag.id} is kept per actor: name whose flag, not {action.owner!r}")
            return Ruling(kind, f, dict(rules.flag_bits(flag))[owner], value)
        if action.owner is not None:
            raise IllegalActionError("R12", f"{flag.id} is one flag for all: it has no owner {action.owner!r}")
        return Ruling(kind, f, flag.index, value)
    if action.owner is not None:
        raise IllegalActionError("R12", f"only a per-actor meter or flag names an owner, not a {kind.value}")
    if kind is OverrideKind.EVENT:
        c = rules.card_index.get(action.id, -1)
        if c < 0 or rules.cards[c].kind is not CardKind.EVENT:
            raise IllegalActionError("R12", f"{action.id!r} is not an event card of this scenario")
        return Ruling(kind, c, -1, 0)
    raise IllegalActionError("R12", f"unknown override {kind!r}; use meter, flag or event")


def apply_override(t: Transition, action: Override, ruling: Ruling) -> None:
    """Apply a checked override to a working copy: record the ruling, make the change, then let
    triggers and endings follow as after any action.
    """
    rules = t.rules
    kind, index, slot, value = ruling
    cause = Cause(kind="umpire", id=action.id, actor=UMPIRE) if t.log else None
    if cause is not None:
        t.events.append(
            UmpireRuling(
                round=t.round + 1,
                actor=UMPIRE,
                kind=kind.value,
                id=action.id,
                owner=action.owner,
                value=value,
                reason=action.reason,
            )
        )
    if kind is OverrideKind.METER:
        old = t.meters[slot]
        if value != old:
            t.meters[slot] = value
            t.dirty |= 1 << slot
            if cause is not None:
                spec = rules.meters[index]
                t.events.append(
                    MeterChanged(
                        round=t.round + 1,
                        actor=UMPIRE,
                        meter=spec.id,
                        owner=action.owner,
                        old=old,
                        new=value,
                        by=value - old,
                        cause=cause,
                    )
                )
    elif kind is OverrideKind.FLAG:
        bit = 1 << slot
        if bool(t.flags & bit) != bool(value):
            t.flags ^= bit
            t.dirty |= OTHER
            if cause is not None:
                t.events.append(
                    FlagChanged(
                        round=t.round + 1,
                        actor=UMPIRE,
                        flag=action.id,
                        value=bool(value),
                        cause=cause,
                        owner=action.owner,
                    )
                )
    else:
        t.count_use(index)
        t.tables.card_run[index](t, NO_CTX, cause)
    t.settle()
