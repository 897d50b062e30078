"""The debrief of a finished game as data: why this ending, how near the others came, whose
decisions mattered, each actor's result, the turning points and the comparison with what
happened. The terminal's debrief screen and the after-action report both render it.
"""

from __future__ import annotations

from dataclasses import dataclass

from negsim.analysis.endings import EndingCause, NearMiss, ending_cause, near_misses
from negsim.analysis.influence import SeatInfluence, influence
from negsim.analysis.record import Comparison, compare
from negsim.analysis.turning import TurningPoints, turning_points
from negsim.briefing import seats_text
from negsim.describe import pretty, signed
from negsim.scenario.notes import Notes, scenario_notes
from negsim.session import Session


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """One scored actor's result."""

    name: str
    """The actor's name."""
    player: str
    """Who played it (``you``, ``a person``, ``heuristic bot``, ``… (not reproducible)``)."""
    score: int
    """Final score."""
    win_at: int
    """The score that wins."""
    won: bool
    """Whether it won."""
    base: str
    """Its base score in words (``+3 from RU leverage``), or ``""``."""
    objectives: tuple[tuple[bool, str], ...]
    """Each objective: met, and its text with its points."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Debrief:
    """Everything the debrief says about a finished game."""

    ending: str
    """The ending's name."""
    ending_text: str
    """What the ending means."""
    round: int
    """1-based round it came in."""
    label: str
    """That round's calendar label."""
    cause: EndingCause
    """Why this ending."""
    near: tuple[NearMiss, ...]
    """Every other ending, with its nearest approach."""
    decisions: tuple[SeatInfluence, ...]
    """Whose decisions moved the deciding meters most, by seat."""
    results: tuple[Result, ...]
    """Each scored actor's result."""
    turning: TurningPoints
    """The run that ended the game, other endings met at the end, the biggest moves and swings."""
    record: tuple[Comparison, ...]
    """What really happened, beside the game."""
    notes: Notes
    """The scenario's record and what it does not claim."""
    seats: tuple[tuple[str, str], ...]
    """Each seat and who played it."""


def results(session: Session) -> list[Result]:
    """Each scored actor's final score, result and objectives."""
    rules, state = session.rules, session.state
    outcome = session.outcome()
    assert outcome is not None, "the game is not over"
    players = dict(seats_text(rules, session.seats))
    out = []
    for a in rules.actors:
        if a.win_at is None:
            continue
        ctx = (a.index, -1, -1)
        base = f"{signed(a.score.fn(state, ctx))} from {pretty(rules, a.score.text)}" if a.score is not None else ""
        objectives = tuple((bool(o.when.fn(state, ctx)), f"{o.text} ({signed(o.points)})") for o in a.objectives)
        out.append(
            Result(
                name=a.name,
                player=players.get(a.name, "affected party"),
                score=outcome.scores[a.id],
                win_at=a.win_at,
                won=a.id in outcome.winners,
                base=base,
                objectives=objectives,
            )
        )
    return out


def debrief(session: Session) -> Debrief:
    """The debrief of a finished game (everything is revealed once a game is over)."""
    rules, state = session.rules, session.state
    assert state.is_over, "the debrief comes when the game is over"
    ending = rules.endings[state.ending]
    notes = scenario_notes(session.scenario_text, session.scenario_path or "scenario")
    return Debrief(
        ending=ending.name,
        ending_text=ending.text,
        round=state.round + 1,
        label=state.round_label,
        cause=ending_cause(session),
        near=tuple(near_misses(session)),
        decisions=tuple(influence(session)),
        results=tuple(results(session)),
        turning=turning_points(session),
        record=tuple(compare(session, notes.record)),
        notes=notes,
        seats=tuple(seats_text(rules, session.seats)),
    )
