"""negsim: a tabletop wargame and negotiation simulator.

The public API: load a scenario, start a game, ask for legal actions, step, read outcomes and
views. Everything here is pure and deterministic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from negsim.core.actions import Action, Answer, Pass, Play
from negsim.core.engine import (
    Outcome,
    apply,
    card_refusal,
    check,
    is_legal,
    legal_actions,
    new_game,
    outcome,
    refusal,
    start,
    step,
)
from negsim.core.events import Cause, Event
from negsim.core.rules import Response, Rules
from negsim.core.state import GameState
from negsim.core.view import View, view
from negsim.errors import IllegalActionError, Issue, NegsimError, SaveFileError, ScenarioError, ScriptError

if TYPE_CHECKING:
    from pathlib import Path

    from negsim.scenario.load import Report


def load(path: str | Path) -> Rules:
    """Load a scenario file into rules; raise ``ScenarioError`` listing every error."""
    from negsim.scenario.load import load as _load

    return _load(path)


def check_scenario(path: str | Path) -> Report:
    """Check a scenario file: its errors and warnings, and its rules when valid."""
    from negsim.scenario.load import check

    return check(path)


__all__ = [
    "Action",
    "Answer",
    "Cause",
    "Event",
    "GameState",
    "IllegalActionError",
    "Issue",
    "NegsimError",
    "Outcome",
    "Pass",
    "Play",
    "Response",
    "Rules",
    "SaveFileError",
    "ScenarioError",
    "ScriptError",
    "View",
    "apply",
    "card_refusal",
    "check",
    "check_scenario",
    "is_legal",
    "legal_actions",
    "load",
    "new_game",
    "outcome",
    "refusal",
    "start",
    "step",
    "view",
]
