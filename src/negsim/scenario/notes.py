"""A scenario's notes for debriefs and reports: what really happened (``record:``) and what the
model does not claim (``not_claimed:``).

The engine never reads them, so they are not compiled into ``Rules``: a debrief reads them from
the scenario text a game carries (a save's copy, or the file).
"""

from __future__ import annotations

from dataclasses import dataclass

from negsim.errors import InputError
from negsim.scenario.schema import RecordEvent, Scenario
from negsim.scenario.validate import validate_parts
from negsim.scenario.yamlread import parse


@dataclass(frozen=True, slots=True, kw_only=True)
class Notes:
    """A scenario's record of real events and its list of what it does not claim."""

    record: tuple[RecordEvent, ...] = ()
    """Dated real events with their sources, in file order."""
    not_claimed: tuple[str, ...] = ()
    """What the model does not claim, one point each."""
    rounds: tuple[str, ...] = ()
    """Each round's ``text``: what happened that week in the real world."""
    source_date: str = ""
    """When the analysis the scenario encodes was published."""


def scenario_notes(text: str, name: str = "scenario") -> Notes:
    """The notes of a scenario's text (empty if it has none or does not read)."""
    try:
        doc = parse(text, name, keep_going=True)
    except InputError:
        return Notes()
    model, _, parts = validate_parts(doc, Scenario)
    if model is None and parts is not None:
        model = parts.model
    if model is None:
        return Notes()
    return Notes(
        record=tuple(model.record),
        not_claimed=tuple(model.not_claimed),
        rounds=tuple(r.text for r in model.turn.rounds),
        source_date=(model.source.date or "") if model.source else "",
    )
