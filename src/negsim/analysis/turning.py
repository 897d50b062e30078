"""Meter histories from a session: values at each round's end, and the events that moved them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from negsim.core.events import Cause, MeterChanged
from negsim.core.rules import NO_CTX, Rules
from negsim.core.secrecy import shown as seen_as
from negsim.describe import signed
from negsim.narrate import actor_name, cause_text
from negsim.session import Session


def track_values(session: Session, meter: str, owner: str | None) -> list[int]:
    """The track's value at the start, at the end of each round played, and now."""
    rules = session.rules
    slot = rules.slot(meter, owner)
    # The first is before round 1's news and triggers.
    return [meters[slot] for _, meters in session.round_starts] + [session.state.meters[slot]]


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
    rounds: tuple[int, ...] = ()
    """When the same cause moved the meters the same way in several rounds: those rounds."""


@dataclass(frozen=True, slots=True)
class Move:
    """A meter track's biggest net move over the game, over several changes."""

    track: str
    """Meter name (and owner)."""
    old: int
    """Value before its first change."""
    new: int
    """Value after its last change."""
    first: int
    """1-based round of its first change."""
    last: int
    """1-based round of its last change."""
    weight: float
    """Size: the net change as a share of the meter's range."""

    def __str__(self) -> str:
        """``Alliance cohesion 9 → 0 in rounds 2–3``."""
        rounds = f"round {self.first}" if self.first == self.last else f"rounds {self.first}–{self.last}"
        return f"{self.track} {self.old} → {self.new} in {rounds}"


@dataclass(frozen=True, slots=True)
class AlsoMet:
    """Another ending whose condition held too when the game ended, and the run that met it."""

    name: str
    """The ending's name."""
    run: str
    """The run of its meter (``Alliance cohesion 9 → 0 in rounds 2–3``), or ``""`` if none moved."""
    decisive: tuple[Swing, ...]
    """Its meter's moves in the run, by cause: the one that met the condition, then the two largest."""
    rest: tuple[int, int] = (0, 0)
    """How many other causes moved the meter in the run, and their net change."""


@dataclass(frozen=True, slots=True)
class TurningPoints:
    """What ended the game (the run of the meter that ended it), any other ending met at the same
    time, each meter's biggest move and the other biggest swings.
    """

    ending: str
    """The run that ended the game (``Escalation (Kahn's ladder) 5 → 12 in rounds 6–8``), or ``""``."""
    decisive: tuple[Swing, ...]
    """That meter's moves in the run, by cause: the one that crossed the threshold first, then the largest."""
    swings: tuple[Swing, ...]
    """The other biggest swings (one cause in one round, or the same swing repeated), largest first."""
    rest: tuple[int, int] = (0, 0)
    """How many causes of the run are not in ``decisive``, and their net change."""
    also: tuple[AlsoMet, ...] = ()
    """Other endings whose condition was met too at the end."""
    moves: tuple[Move, ...] = ()
    """The biggest net moves of the meters not told above (one per track), largest first."""


def _track_name(rules: Rules, e: MeterChanged) -> str:
    spec = rules.meters[rules.meter_index[e.meter]]
    return spec.name if e.owner is None else f"{spec.name} ({actor_name(rules, e.owner)})"


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


def _crossing(rules: Rules, e: MeterChanged, ended: bool) -> str:
    """The threshold ``e`` crossed, as ``reached 12: War``, else ``ended the game`` (if it ``ended``
    it) or ``reached 0``.
    """
    spec = rules.meters[rules.meter_index[e.meter]]
    crossed = [t for t in spec.thresholds if e.old < t.at <= e.new or e.new <= t.at < e.old]
    if not crossed:
        return "ended the game" if ended else f"reached {e.new}"
    t = min(crossed, key=lambda t: abs(t.at - e.new))
    return f"reached {t.at}: {t.name}"


def _by_cause(rules: Rules, run: list[MeterChanged], top: int, ended: bool) -> tuple[list[Swing], tuple[int, int]]:
    """A run's changes by cause: the one that made its last change (noted with the threshold it
    crossed, or whether it ``ended`` the game), then up to ``top`` - 1 of the largest; and how many
    causes are left out, with their net change.
    """
    last = run[-1]
    by_cause: dict[Cause, list[MeterChanged]] = defaultdict(list)
    for e in run:
        by_cause[e.cause].append(e)
    crossed = _swing(rules, by_cause.pop(last.cause))
    up = 1 if last.new >= last.old else -1
    others = sorted((_swing(rules, m) for m in by_cause.values()), key=lambda s: -s.changes[0][1] * up)
    rest = (len(others[top - 1 :]), sum(s.changes[0][1] for s in others[top - 1 :]))
    return [replace(crossed, note=_crossing(rules, last, ended)), *others[: top - 1]], rest


def _run_text(rules: Rules, run: list[MeterChanged]) -> str:
    """``Escalation (Kahn's ladder) 5 → 12 in rounds 6–8``."""
    first, last = run[0], run[-1]
    return str(Move(_track_name(rules, last), first.old, last.new, first.round, last.round, 0.0))


def _biggest_move(rules: Rules, track: list[MeterChanged]) -> tuple[Move, list[MeterChanged]]:
    """The largest net change between two values of a track (the shortest such span), and its changes."""
    values = [track[0].old] + [e.new for e in track]
    lo = hi = 0  # where the lowest and highest values so far were last reached
    best, span = (-1, 0), (0, 1)
    for j in range(1, len(values)):
        for i in (lo, hi):
            if (abs(values[j] - values[i]), i - j) > best:
                best, span = (abs(values[j] - values[i]), i - j), (i, j)
        lo = j if values[j] <= values[lo] else lo
        hi = j if values[j] >= values[hi] else hi
    i, j = span
    changes = track[i:j]
    move = Move(
        _track_name(rules, track[0]),
        values[i],
        values[j],
        changes[0].round,
        changes[-1].round,
        _share(rules, track[0], values[j] - values[i]),
    )
    return move, changes


def _swings(rules: Rules, moves: list[MeterChanged], top: int) -> list[Swing]:
    """The ``top`` biggest swings (one cause's changes in one round), the same swing in several rounds
    told once with its rounds, ranked by the size of one.
    """
    groups: dict[tuple[int, Cause], list[MeterChanged]] = defaultdict(list)
    for e in moves:
        groups[(e.round, e.cause)].append(e)
    repeats: dict[tuple[Cause, tuple[tuple[str, int], ...]], list[Swing]] = defaultdict(list)
    for m in groups.values():
        s = _swing(rules, m)
        repeats[(s.cause, s.changes)].append(s)
    swings = [
        same[0] if len(same) == 1 else replace(same[0], last=same[-1].last, rounds=tuple(s.first for s in same))
        for same in repeats.values()
    ]
    return sorted(swings, key=lambda s: (-s.weight, -len(s.rounds), s.first))[:top]


def turning_points(session: Session, seat: str | None = None, top: int = 4) -> TurningPoints:
    """What ended the game and the biggest moves and swings, sized relative to each meter's range:
    first the run of the meter whose threshold ended the game, by cause (the change that crossed it
    first, then up to ``top`` - 1 of the largest); then any other ending met at the same time, with
    the change that met it and the two largest; then up to ``top`` of the biggest net moves of the other meters; then
    ``top`` other swings.
    """
    rules = session.rules
    moves = [e for x in session.all_events() if isinstance(e := seen_as(rules, x, seat), MeterChanged)]
    state = session.state
    shown: set[int] = set()
    ending, rest = "", (0, 0)
    decisive: list[Swing] = []
    also: list[AlsoMet] = []
    for spec in rules.endings:
        when = spec.when
        if when is None or not (spec.index == state.ending or when.fn(state, NO_CTX)):
            continue
        run = _run_up(rules, moves, when.deps if when.deps != -1 else 0)
        shown.update(id(e) for e in run)
        if spec.index == state.ending:
            if run:
                ending = _run_text(rules, run)
                decisive, rest = _by_cause(rules, run, top, True)
        elif run:
            crossed, other = _by_cause(rules, run, 3, False)
            also.append(AlsoMet(spec.name, _run_text(rules, run), tuple(crossed), other))
        else:
            also.append(AlsoMet(spec.name, "", ()))
    tracks: dict[tuple[str, str | None], list[MeterChanged]] = defaultdict(list)
    for e in moves:
        tracks[(e.meter, e.owner)].append(e)
    big: list[Move] = []
    for track in tracks.values():
        move, changes = _biggest_move(rules, track)
        if len(changes) > 1 and abs(move.new - move.old) > 1 and not any(id(e) in shown for e in changes):
            big.append(move)
    big.sort(key=lambda m: (-m.weight, m.first))
    rest_moves = [e for e in moves if id(e) not in shown]
    return TurningPoints(
        ending, tuple(decisive), tuple(_swings(rules, rest_moves, top)), rest, tuple(also), tuple(big[:top])
    )


def swing_text(rules: Rules, s: Swing, names: bool = True) -> str:
    """``Round 4 · "Treaty" rejected: Pretext +2, Escalation +1``; ``Rounds 6–7 · …`` over several
    rounds; ``3 times (rounds 2, 4, 7) · … +2 each`` repeated; without the meters' ``names`` when the
    reader knows which meter it is.
    """
    changes = ", ".join(f"{n} {signed(d)}" if names else signed(d) for n, d in s.changes if d)
    when = f"Round {s.first}" if s.first == s.last else f"Rounds {s.first}–{s.last}"
    if s.rounds:
        times = "Twice" if len(s.rounds) == 2 else f"{len(s.rounds)} times"
        when = f"{times} (rounds {', '.join(map(str, s.rounds))})"
        changes += " each"
    note = f" — {s.note}" if s.note else ""
    return f"{when} · {cause_text(rules, s.cause)}: {changes}{note}"
