"""Headless games: every seat played by a bot unless a script gives its moves."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from negsim.bots import Bot
from negsim.core.engine import legal_actions, start, step
from negsim.core.events import Event
from negsim.core.rules import Rules
from negsim.core.state import GameState
from negsim.script import Script


def play_out(
    rules: Rules,
    seed: int,
    bots: Mapping[str, Bot],
    script: Script | None = None,
    emit: Callable[[Event], None] | None = None,
) -> GameState:
    """Play a whole game; ``emit`` receives every event in order. Returns the final state."""
    state, events = start(rules, seed)
    if emit is not None:
        for e in events:
            emit(e)
    while state.to_move >= 0:
        actor = state.rules.actors[state.to_move].id
        if script is not None and script.has_move(actor):
            action = script.next_action(state)
        else:
            action = bots[actor].choose(state, legal_actions(state))
        state, events = step(state, action)
        if emit is not None:
            for e in events:
                emit(e)
    return state


def with_rounds(rules: Rules, rounds: int) -> Rules:
    """The same rules cut to their first ``rounds`` rounds (the final ending comes after them)."""
    import dataclasses

    if rounds >= len(rules.rounds):
        return rules
    return dataclasses.replace(rules, rounds=rules.rounds[:rounds])
