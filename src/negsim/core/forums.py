"""Forums' decision rules: who must answer an item, and what their answers decide (R0.5)."""

from __future__ import annotations

from typing import Final

from negsim.core.rules import ForumSpec, Rule, Rules

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
    who = tuple(m for m in f.members if m != proposer)
    if f.target_consents and target >= 0 and target not in who and target != proposer:
        return (*who, target)  # the addressee must consent, member or not
    return who


def decide_item(rules: Rules, forum: int, proposer: int, target: int, answers: tuple[tuple[int, int, int], ...]) -> int:
    """The decision on an item from its answers: the forum's rule, then the addressee's consent if required."""
    if forum < 0:
        return decide(Rule.UNILATERAL, answers)
    f = rules.forums[forum]
    result = weighted(f, proposer, answers) if f.rule is Rule.WEIGHTED else decide(f.rule, answers)
    if result == ACCEPT and f.target_consents and target >= 0:
        own = next((r for a, r, _ in answers if a == target), ACCEPT)
        if own != ACCEPT:
            return own  # the addressee's own answer stands: its rejection, counter-offer or silence
    return result


def weighted(f: ForumSpec, proposer: int, answers: tuple[tuple[int, int, int], ...]) -> int:
    """A weighted vote: accepted when, on every dimension, the accepting members (the proposer, if a
    member, among them) hold at least the threshold's share of the members' total weight, or when
    fewer than ``blocking`` members withhold acceptance; otherwise as a majority forum decides.
    """
    accepting = {a for a, r, _ in answers if r == ACCEPT}
    if proposer in f.members:
        accepting.add(proposer)
    members = set(f.members)
    withholding = len(members - accepting)
    passes = all(
        100 * sum(d.weights[m] for m in accepting & members) >= d.threshold * sum(d.weights[m] for m in members)
        for d in f.weights
    )
    if passes or withholding < f.blocking:
        return ACCEPT
    responses = [r for _, r, _ in answers]
    if COUNTER in responses:
        return COUNTER
    return REJECT if REJECT in responses else SILENCE


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
