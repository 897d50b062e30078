"""Headless games kept as sessions, so ``negsim run --save`` writes a save (also a replay) that the
debrief and ``negsim report`` read like a game played in the terminal.

The game is played by ``negsim.runner.play_out`` as usual; each decision (a bot's, with its
reason, or a scripted move) is recorded as it is taken, then replayed into a ``Session``.
"""

from __future__ import annotations

from collections.abc import Mapping

from negsim.bots import Bot, Decision, Observation
from negsim.core.actions import Action
from negsim.core.events import Event
from negsim.core.rules import Rules
from negsim.core.state import GameState
from negsim.runner import Emit, play_out
from negsim.script import Script
from negsim.session import Session


class _RecordingBot(Bot):
    """A bot that decides as another and notes each decision."""

    def __init__(self, inner: Bot, log: list[tuple[Action, str | None]]) -> None:
        super().__init__(actor=inner.actor, seed=inner.seed, options=inner.options)
        self.inner, self.log = inner, log

    def decide(self, obs: Observation) -> Decision:
        d = self.inner.decide(obs)
        self.log.append((d.action, d.why))
        return d


class _RecordingScript(Script):
    """A script that notes each move it gives."""

    def __init__(self, inner: Script, log: list[tuple[Action, str | None]]) -> None:
        self.queues = inner.queues
        self.log = log

    def next_action(self, state: GameState) -> Action:
        action = super().next_action(state)
        self.log.append((action, None))
        return action


def play_recorded(
    rules: Rules,
    seed: int,
    bots: Mapping[str, Bot],
    policy: Mapping[str, str],
    scenario_text: str,
    scenario_path: str,
    script: Script | None = None,
    emit: Emit | None = None,
) -> tuple[GameState, Session]:
    """Play a headless game as ``play_out`` does, and also return it as a session (seats: ``policy``)."""
    log: list[tuple[Action, str | None]] = []
    recording = {a: _RecordingBot(b, log) for a, b in bots.items()}
    scripted = _RecordingScript(script, log) if script is not None else None
    final = play_out(rules, seed, recording, scripted, emit)
    session = Session.new(rules, seed, policy, scenario_text, scenario_path)
    for action, why in log:
        session.play(action, why)
    assert session.state.ply == final.ply and session.state.ending == final.ending
    return final, session


__all__ = ["Emit", "Event", "play_recorded"]
