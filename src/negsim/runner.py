"""Headless games: every seat played by a bot unless a script gives its moves."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from negsim.bots import Bot, observe
from negsim.core.engine import start, step
from negsim.core.events import Event
from negsim.core.rules import Rules
from negsim.core.state import GameState
from negsim.script import Script

Emit = Callable[[Event, "str | None"], None]
"""Receives every event in order, with the deciding bot's reason beside the event of its decision."""


def play_out(
    rules: Rules,
    seed: int,
    bots: Mapping[str, Bot],
    script: Script | None = None,
    emit: Emit | None = None,
) -> GameState:
    """Play a whole game; ``emit`` receives every event in order (and each bot decision's reason
    with the decision's own event, the first of its step). Returns the final state.
    """
    state, events = start(rules, seed)
    if emit is not None:
        for e in events:
            emit(e, None)
    log = emit is not None
    while state.to_move >= 0:
        actor = state.rules.actors[state.to_move].id
        why: str | None = None
        if script is not None and script.has_move(actor):
            action = script.next_action(state)
        else:
            decision = bots[actor].decide(observe(state))
            action, why = decision.action, decision.why
        state, events = step(state, action, log=log)
        if emit is not None:
            for i, e in enumerate(events):
                emit(e, why if i == 0 else None)
    return state


def with_rounds(rules: Rules, rounds: int) -> Rules:
    """The same rules cut to their first ``rounds`` rounds (the final ending comes after them)."""
    import dataclasses

    if rounds >= len(rules.rounds):
        return rules
    return dataclasses.replace(rules, rounds=rules.rounds[:rounds])
