"""Meter histories from a session: values at each round's end, and the events that moved them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from negsim.core.events import Cause, MeterChanged
from negsim.core.rules import Rules
from negsim.core.view import visible
from negsim.narrate import cause_text
from negsim.session import Session


def track_values(session: Session, meter: str, owner: str | None) -> list[int]:
    """The track's value at the start, at the end of each round played, and now."""
    rules = session.rules
    slot = rules.slot(meter, owner)
    out = [session.states[0].round_start[slot]]  # before round 1's news and triggers
    for prev, cur in zip(session.states, session.states[1:], strict=False):
        if cur.round != prev.round:
            out.append(cur.round_start[slot])
    out.append(session.state.meters[slot])
    return out


@dataclass(frozen=True, slots=True)
class Swing:
    """A turning point: one cause's changes in one round."""

    round: int
    """1-based round."""
    cause: Cause
    """What caused it."""
    changes: tuple[tuple[str, int], ...]
    """Meter name and change."""
    weight: float
    """Sum of changes as shares of each meter's range."""


def turning_points(session: Session, seat: str | None = None, top: int = 6) -> list[Swing]:
    """The biggest swings of the game: each cause's meter changes in a round, largest first."""
    rules = session.rules
    groups: dict[tuple[int, Cause], dict[str, int]] = defaultdict(dict)
    for e in session.all_events():
        if isinstance(e, MeterChanged) and visible(rules, e, seat):
            spec = rules.meters[rules.meter_index[e.meter]]
            name = spec.name if e.owner is None else f"{spec.name} ({e.owner})"
            d = groups[(e.round, e.cause)]
            d[name] = d.get(name, 0) + e.new - e.old
    swings = []
    for (rnd, cause), changes in groups.items():
        weight = 0.0
        for name, delta in changes.items():
            spec = next(m for m in rules.meters if name.startswith(m.name))
            weight += abs(delta) / max(1, spec.high - spec.low)
        swings.append(Swing(rnd, cause, tuple(changes.items()), weight))
    swings.sort(key=lambda s: (-s.weight, s.round))
    return swings[:top]


def swing_text(rules: Rules, s: Swing) -> str:
    """``Round 4 · "Treaty" rejected: Pretext +2, Escalation +1``."""
    changes = ", ".join(f"{n} {d:+d}" for n, d in s.changes if d)
    return f"Round {s.round} · {cause_text(rules, s.cause)}: {changes}"
