"""The game beside what really happened: each event of the scenario's ``record:`` with the game's
state in the same week (the meters it names, the ending it stands for).
"""

from __future__ import annotations

from dataclasses import dataclass

from negsim.analysis.turning import track_values
from negsim.core.rules import Rules
from negsim.scenario.schema import RecordEvent
from negsim.session import Session


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """One real event and what the game had at the same time."""

    date: str
    """When it happened."""
    text: str
    """What happened."""
    game: str
    """What the game had then (``""`` when the event says nothing to compare)."""
    sources: tuple[str, ...]
    """Its references and quotes."""


def compare(session: Session, record: tuple[RecordEvent, ...]) -> list[Comparison]:
    """Each real event beside the game."""
    rules = session.rules
    state = session.state
    end_round = state.round + 1 if state.is_over else None
    out = []
    for ev in record:
        parts: list[str] = []
        if ev.round is not None and end_round is not None and ev.round > end_round:
            parts.append(f"the game had ended in round {end_round} ({rules.endings[state.ending].name})")
        elif ev.round is not None and ev.meters:
            for meter, real in ev.meters.items():
                values = track_values(session, meter, None)
                at = min(ev.round, len(values) - 1)  # values[r]: after round r
                spec = rules.meters[rules.meter_index[meter]]
                parts.append(f"{spec.name} {values[at]} at the end of round {ev.round} (really {real})")
        if ev.ending is not None:
            parts.append(_ending_words(rules, session, ev.ending))
        sources = tuple(ev.reference or ()) + tuple(f"{k}: “{v}”" for k, v in (ev.quote or {}).items())
        out.append(Comparison(date=ev.date, text=ev.text, game="; ".join(parts), sources=sources))
    return out


def _ending_words(rules: Rules, session: Session, ending: str) -> str:
    state = session.state
    spec = rules.endings[[e.id for e in rules.endings].index(ending)]
    if state.is_over and rules.endings[state.ending].id == ending:
        return f"in this game too: {spec.name}, in round {state.round + 1}"
    if state.is_over:
        return f"in this game: {rules.endings[state.ending].name}, not {spec.name}"
    return f"this game has not reached {spec.name} so far"
