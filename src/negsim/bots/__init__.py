"""Bots: policies that decide for a seat from what it may know, and say why.

Every policy is deterministic given its seed (and reproducible unless it is given a time
budget). ``make_bot(spec, actor, seed)`` builds one from a spec such as ``heuristic`` or
``mcts:sims=400`` (see ``negsim.bots.spec``); ``observe(state)`` is what a bot receives.
"""

from __future__ import annotations

from negsim.bots.base import Bot, Decision, Observation, observe
from negsim.bots.greedy import GreedyBot
from negsim.bots.heuristic import HeuristicBot
from negsim.bots.line import LineBot, line_of
from negsim.bots.mcts import LEVELS, MctsBot
from negsim.bots.passive import PassiveBot
from negsim.bots.random import RandomBot
from negsim.bots.spec import BotSpec, Param, Policy, SpecError, parse_spec
from negsim.core.rules import Rules

POLICIES: dict[str, Policy] = {
    "random": Policy(name="random", help="picks uniformly among legal moves (a baseline)"),
    "passive": Policy(name="passive", help="always passes and stays silent (a baseline, and for scripted tests)"),
    "greedy": Policy(name="greedy", help="one move of look-ahead for its score and persona (a baseline)"),
    "heuristic": Policy(
        name="heuristic",
        help="plays its actor's goals within its declared constraints, by imagined rounds",
        params={
            "samples": Param(kind=int, help="imagined futures per move (default 8)", low=1, high=1000),
            "horizon": Param(
                kind=int,
                help="most actions imagined after the move, within its round (default 60)",
                low=0,
                high=100_000,
            ),
        },
    ),
    "mcts": Policy(
        name="mcts",
        help="searches ahead (information-set Monte Carlo tree search); levels easy, normal, hard",
        level="level",
        params={
            "level": Param(kind=str, help="easy, normal or hard: a fixed number of simulations", choices=tuple(LEVELS)),
            "sims": Param(kind=int, help="simulations per decision (overrides the level)", low=1, high=1_000_000),
            "depth": Param(kind=int, help="rollout depth in actions (default 40)", low=0, high=100_000),
            "c": Param(kind=float, help="exploration constant (default 0.7)", low=0, high=100),
            "prior": Param(
                kind=str,
                help="heuristic: keep the heuristic's move unless search finds one clearly better; none: pure search",
                choices=("heuristic", "none"),
            ),
            "z": Param(
                kind=float,
                help="standard errors by which a move must beat the heuristic's move to replace it (default 2)",
                low=-100,
                high=100,
            ),
            "greedy": Param(
                kind=float,
                help="share of rollout moves chosen by their average value so far, MAST (default 0.6; 0: random)",
                low=0,
                high=1,
            ),
            "time": Param(
                kind=float,
                help="seconds per decision instead of a count (not reproducible)",
                low=0.01,
                high=600,
                play_only=True,
            ),
        },
    ),
    "line": Policy(
        name="line",
        help="plays one of the scenario's named lines: line:ID (e.g. line:consult_counter)",
        level="name",
        params={"name": Param(kind=str, help="the id of a line the scenario declares")},
    ),
}
"""Every built-in policy, by name."""

BOTS: dict[str, type[Bot]] = {
    "random": RandomBot,
    "passive": PassiveBot,
    "greedy": GreedyBot,
    "heuristic": HeuristicBot,
    "mcts": MctsBot,
    "line": LineBot,
}
"""The class of each built-in policy."""

BOT_HELP: dict[str, str] = {name: p.help for name, p in POLICIES.items()}
"""One line on each policy, for help screens."""


def spec_of(text: str | BotSpec, *, in_play: bool = False) -> BotSpec:
    """A checked spec (``SpecError`` with a clear message if ``text`` is not one)."""
    return text if isinstance(text, BotSpec) else parse_spec(text, POLICIES, in_play=in_play)


def check_spec(spec: str | BotSpec, rules: Rules, *, in_play: bool = False) -> BotSpec:
    """A spec checked against a scenario too (``line:ID`` must name one of its lines)."""
    s = spec_of(spec, in_play=in_play)
    if s.name == "line":
        name = str(dict(s.options).get("name", ""))
        if line_of(rules, name) is None:
            known = ", ".join(ln.id for ln in rules.lines)
            raise SpecError(
                f"{rules.id} has no line {name!r}" + (f"; its lines: {known}" if known else "; it declares no lines")
            )
    return s


def make_bot(spec: str | BotSpec, actor: str, seed: int, *, in_play: bool = False) -> Bot:
    """A bot for ``actor`` from a spec (``SpecError`` if the spec is bad)."""
    s = spec_of(spec, in_play=in_play)
    return BOTS[s.name](actor=actor, seed=seed, options=dict(s.options))


__all__ = [
    "BOTS",
    "BOT_HELP",
    "POLICIES",
    "Bot",
    "BotSpec",
    "Decision",
    "GreedyBot",
    "HeuristicBot",
    "LineBot",
    "MctsBot",
    "Observation",
    "PassiveBot",
    "RandomBot",
    "SpecError",
    "check_spec",
    "make_bot",
    "observe",
    "spec_of",
]
