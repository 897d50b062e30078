"""negsim: a tabletop wargame and negotiation simulator.

The public API: load a scenario, start a game, ask for legal actions, step, read outcomes and
views. Everything here is pure and deterministic.
"""

from __future__ import annotations

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
from negsim.scenario.load import check as check_scenario
from negsim.scenario.load import load

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
