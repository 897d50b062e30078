"""Meter histories from a session: values at each round's end, and the events that moved them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from negsim.core.events import Cause, MeterChanged
from negsim.core.rules import Rules
from negsim.core.view import visible
from negsim.describe import signed
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
    """A turning point: one cause's changes to the meters, in one round or over several."""

    first: int
    """1-based round of its first change."""
    last: int
    """1-based round of its last change (``first`` for one round)."""
    cause: Cause
    """What caused it."""
    changes: tuple[tuple[str, int], ...]
    """Meter name and net change."""
    weight: float
    """Size: the sum of its changes as shares of each meter's range."""
    note: str = ""
    """What it did to the game, e.g. ``reached 12: War``."""


@dataclass(frozen=True, slots=True)
class TurningPoints:
    """What ended the game (the run of the meter that ended it) and the other biggest swings."""

    ending: str
    """The run that ended the game (``Escalation (Kahn's ladder) 5 → 12 in rounds 6–8``), or ``""``."""
    decisive: tuple[Swing, ...]
    """That meter's moves in the run, by cause: the one that crossed the threshold first, then the largest."""
    swings: tuple[Swing, ...]
    """The other biggest swings (one cause in one round), largest first."""
    rest: tuple[int, int] = (0, 0)
    """How many causes of the run are not in ``decisive``, and their net change."""


def _track_name(rules: Rules, e: MeterChanged) -> str:
    spec = rules.meters[rules.meter_index[e.meter]]
    return spec.name if e.owner is None else f"{spec.name} ({e.owner})"


def _share(rules: Rules, e: MeterChanged, delta: int) -> float:
    """``delta`` on ``e``'s meter as a share of the meter's range."""
    spec = rules.meters[rules.meter_index[e.meter]]
    return abs(delta) / max(1, spec.high - spec.low)


def _swing(rules: Rules, moves: list[MeterChanged]) -> Swing:
    """One cause's ``moves`` as a swing: net change per meter track, and its size."""
    net: dict[str, int] = {}
    size: dict[str, float] = {}
    for e in moves:
        name = _track_name(rules, e)
        net[name] = net.get(name, 0) + e.new - e.old
        size[name] = _share(rules, e, net[name])
    return Swing(moves[0].round, moves[-1].round, moves[0].cause, tuple(net.items()), sum(size.values()))


def _run_up(rules: Rules, moves: list[MeterChanged], ending_slots: int) -> list[MeterChanged]:
    """The ending meter's changes from its last low point (high, for a falling meter) to the change
    that ended the game; empty if no meter the ending reads moved.
    """
    mine = [e for e in moves if ending_slots >> rules.slot(e.meter, e.owner) & 1]
    if not mine:
        return []
    last = mine[-1]
    track = [e for e in mine if (e.meter, e.owner) == (last.meter, last.owner)]
    up = 1 if last.new >= last.old else -1
    values = [track[0].old * up] + [e.new * up for e in track]
    low = min(values)
    start = max(i for i, v in enumerate(values) if v == low)
    return track[start:]


def _crossing(rules: Rules, e: MeterChanged) -> str:
    """The threshold ``e`` crossed, as ``reached 12: War``, else ``ended the game``."""
    spec = rules.meters[rules.meter_index[e.meter]]
    crossed = [t for t in spec.thresholds if e.old < t.at <= e.new or e.new <= t.at < e.old]
    if not crossed:
        return "ended the game"
    t = min(crossed, key=lambda t: abs(t.at - e.new))
    return f"reached {t.at}: {t.name}"


def turning_points(session: Session, seat: str | None = None, top: int = 4) -> TurningPoints:
    """What ended the game and the biggest swings, each cause's meter changes sized relative to each
    meter's range: first the run of the meter whose threshold ended the game, by cause (the change
    that crossed it first, then up to ``top`` - 1 of the largest), then ``top`` other swings.
    """
    rules = session.rules
    moves = [e for e in session.all_events() if isinstance(e, MeterChanged) and visible(rules, e, seat)]
    state = session.state
    when = rules.endings[state.ending].when if state.ending >= 0 else None
    run = _run_up(rules, moves, when.deps if when is not None and when.deps != -1 else 0)
    ending, decisive, rest = "", [], (0, 0)
    if run:
        last = run[-1]
        rounds = f"round {last.round}" if run[0].round == last.round else f"rounds {run[0].round}–{last.round}"
        ending = f"{_track_name(rules, last)} {run[0].old} → {last.new} in {rounds}"
        by_cause: dict[Cause, list[MeterChanged]] = defaultdict(list)
        for e in run:
            by_cause[e.cause].append(e)
        crossed = _swing(rules, by_cause.pop(last.cause))
        up = 1 if last.new >= last.old else -1
        others = sorted((_swing(rules, m) for m in by_cause.values()), key=lambda s: -s.changes[0][1] * up)
        decisive = [replace(crossed, note=_crossing(rules, last)), *others[: top - 1]]
        rest = (len(others[top - 1 :]), sum(s.changes[0][1] for s in others[top - 1 :]))
    shown = {id(e) for e in run}
    groups: dict[tuple[int, Cause], list[MeterChanged]] = defaultdict(list)
    for e in moves:
        if id(e) not in shown:
            groups[(e.round, e.cause)].append(e)
    swings = sorted((_swing(rules, m) for m in groups.values()), key=lambda s: (-s.weight, s.first))
    return TurningPoints(ending, tuple(decisive), tuple(swings[:top]), rest)


def swing_text(rules: Rules, s: Swing, names: bool = True) -> str:
    """``Round 4 · "Treaty" rejected: Pretext +2, Escalation +1``; ``Rounds 6–7 · …`` over several
    rounds; without the meters' ``names`` when the reader knows which meter it is.
    """
    changes = ", ".join(f"{n} {signed(d)}" if names else signed(d) for n, d in s.changes if d)
    when = f"Round {s.first}" if s.first == s.last else f"Rounds {s.first}–{s.last}"
    note = f" — {s.note}" if s.note else ""
    return f"{when} · {cause_text(rules, s.cause)}: {changes}{note}"
