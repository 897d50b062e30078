"""Hypothesis strategies for negsim games: seeds, legal actions and whole random playouts.

For analysts and testers who write property-based tests over scenarios, e.g.::

    from hypothesis import given
    from negsim import load
    from negsim.testing import playouts

    rules = load("scenarios/dec2021.yaml")

    @given(playouts(rules))
    def test_cohesion_never_negative(game):
        assert game.state.meter("cohesion") >= 0

This module needs hypothesis, a development dependency: ``pip install negsim[dev]``.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from negsim.core.actions import Action
from negsim.core.engine import legal_actions, start, step
from negsim.core.events import Event
from negsim.core.rules import Rules
from negsim.core.state import GameState

__all__ = ["MAX_SEED", "Playout", "legal_action", "playouts", "seeds"]

MAX_SEED = (1 << 64) - 1
"""The largest seed ``seeds()`` draws (the engine's RNG keeps 64 bits of a seed)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Playout:
    """A game played with legal actions: its seed, the actions, every state and every event."""

    seed: int
    """The seed the game started from."""
    actions: tuple[Action, ...]
    """The actions taken, in order."""
    states: tuple[GameState, ...]
    """The state after the opening, then the state after each action (one more than ``actions``)."""
    events: tuple[Event, ...]
    """Every event in order: the opening's, then each action's."""

    @property
    def state(self) -> GameState:
        """The last state reached (over, unless ``max_steps`` cut the game short)."""
        return self.states[-1]


def seeds() -> st.SearchStrategy[int]:
    """Game seeds: integers from 0 to ``MAX_SEED``, shrinking towards 0."""
    return st.integers(min_value=0, max_value=MAX_SEED)


def legal_action(state: GameState) -> st.SearchStrategy[Action]:
    """One of the legal actions in ``state``; raises ``ValueError`` if the game is over."""
    legal = legal_actions(state)
    if not legal:
        raise ValueError(f"no legal action: the game is over ({state!r})")
    return st.sampled_from(legal)


@st.composite
def _playouts(draw: st.DrawFn, rules: Rules, max_steps: int | None) -> Playout:
    seed = draw(seeds())
    state, opening = start(rules, seed)
    states = [state]
    events: list[Event] = list(opening)
    actions: list[Action] = []
    while not state.is_over and (max_steps is None or len(actions) < max_steps):
        action = draw(legal_action(state))
        state, produced = step(state, action)
        actions.append(action)
        states.append(state)
        events.extend(produced)
    return Playout(seed=seed, actions=tuple(actions), states=tuple(states), events=tuple(events))


def playouts(rules: Rules, max_steps: int | None = None) -> st.SearchStrategy[Playout]:
    """Games of ``rules`` from a drawn seed with drawn legal actions, to the end or ``max_steps`` actions."""
    if max_steps is not None and max_steps < 0:
        raise ValueError(f"max_steps must be at least 0, not {max_steps}")
    return _playouts(rules, max_steps)
