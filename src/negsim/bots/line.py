"""Line bots: the scenario's named lines of play (``line:ID``), played as written.

A line answers each item by its first matching rule (``answers``: whose items, which cards,
the answers it prefers in order) and plays the first card of its list that it can (``plays``),
else passes. Lines are analytic counterfactuals, so they ignore the actors' declared constraints.
"""

from __future__ import annotations

from negsim.bots.base import Bot, Decision, Observation
from negsim.bots.explain import move_phrase
from negsim.core.actions import Action, Answer, Pass, Play
from negsim.core.rules import RESPONSES, LineSpec, Rules
from negsim.core.state import GameState


def line_of(rules: Rules, name: str) -> LineSpec | None:
    """The scenario's line called ``name``, if it declares one."""
    return next((ln for ln in rules.lines if ln.id == name), None)


class LineBot(Bot):
    """Plays one of the scenario's named lines."""

    name = "line"

    def decide(self, obs: Observation) -> Decision:
        """The line's move, and which of its rules chose it."""
        rules, state = obs.rules, obs.state
        line = line_of(rules, str(self.options.get("name", "")))
        if line is None:
            known = ", ".join(ln.id for ln in rules.lines) or "none"
            raise ValueError(f"{rules.id} has no line {self.options.get('name')!r} (its lines: {known})")
        action, rule = choose(line, state, obs.actor, obs.legal)
        who = rules.actors[obs.actor].name
        return Decision(action=action, why=f"{who} {move_phrase(rules, state, action)}: line “{line.name}”: {rule}")


def choose(line: LineSpec, state: GameState, actor: int, legal: tuple[Action, ...]) -> tuple[Action, str]:
    """The move ``line`` makes for ``actor`` in ``state``, and the rule that chose it, in words."""
    rules = state.rules
    answers = [a for a in legal if isinstance(a, Answer)]
    if answers:
        item = state.item(answers[0].item)
        assert item is not None
        for rule in line.answers:
            if rule.proposers and item.proposer not in rule.proposers:
                continue
            if rule.cards and item.card not in rule.cards:
                continue
            for r in rule.prefer:
                options = [a for a in answers if a.response is RESPONSES[r]]
                if r == 2 and rule.counters:  # counter-offers: only those it names, in its order
                    ids = [rules.cards[c].id for c in rule.counters]
                    options = sorted((a for a in options if a.counter in ids), key=lambda a: ids.index(str(a.counter)))
                if options:
                    return options[0], f"{RESPONSES[r].value} where it can"
            break
        silence = next((a for a in answers if a.response is RESPONSES[3]), answers[0])
        return silence, "no rule of the line answers this item"
    for card, cond in line.plays:
        if cond is not None and not cond.fn(state, (actor, -1, -1)):
            continue
        cid = rules.cards[card].id
        play = next((a for a in legal if isinstance(a, Play) and a.card == cid), None)
        if play is not None:
            return play, "the first card of its list that can be played"
    passing = next((a for a in legal if isinstance(a, Pass)), legal[0])
    return passing, "none of its cards can be played"
