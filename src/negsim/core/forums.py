"""Forums' decision rules: who must answer an item, and what their answers decide (R0.5)."""

from __future__ import annotations

from typing import Final

from negsim.core.rules import Rule, Rules

ACCEPT: Final = 0
"""Index of ``accept`` in ``RESPONSES`` (and in ``GameState.resolved`` counters)."""
REJECT: Final = 1
"""Index of ``reject``."""
COUNTER: Final = 2
"""Index of ``counter``."""
SILENCE: Final = 3
"""Index of ``silence``."""


def responders(rules: Rules, proposer: int, forum: int, target: int) -> tuple[int, ...]:
    """Who must answer an item tabled by ``proposer`` in ``forum`` (-1: none) to ``target`` (R0.5)."""
    if forum < 0:
        return (target,) if target >= 0 else ()
    f = rules.forums[forum]
    if f.rule is Rule.UNILATERAL:
        return (target,) if target >= 0 else ()
    return tuple(m for m in f.members if m != proposer)


def decide(rule: Rule, answers: tuple[tuple[int, int, int], ...]) -> int:
    """The forum's decision (a response index) from its members' (actor, response, counter) answers."""
    if len(answers) == 1 or rule is Rule.UNILATERAL or rule is Rule.BILATERAL:
        return answers[0][1]
    responses = [r for _, r, _ in answers]
    if rule is Rule.CONSENSUS:
        if REJECT in responses:
            return REJECT
        if COUNTER in responses:
            return COUNTER
        return ACCEPT if ACCEPT in responses else SILENCE
    # Majority: more than half must accept.
    if responses.count(ACCEPT) * 2 > len(responses):
        return ACCEPT
    if COUNTER in responses:
        return COUNTER
    return REJECT if REJECT in responses else SILENCE
