"""Bots' reasons in words: the move, what it does for the actor that the best alternative does not."""

from __future__ import annotations

import re
from collections.abc import Sequence

from negsim.bots.persona import Persona
from negsim.core.actions import Action, Answer, Override, Pass, Play
from negsim.core.rules import BotRule, Rules, StateLike


def _card(rules: Rules, card: str | None) -> str:
    i = rules.card_index.get(card or "")
    return f"“{rules.cards[i].name}”" if i is not None else str(card)


def _item_card(rules: Rules, s: StateLike, item: int) -> str:
    t = next((t for t in s.table if t.id == item), None)
    return f"“{rules.cards[t.card].name}”" if t is not None else f"#{item}"


def move_phrase(rules: Rules, s: StateLike, a: Action) -> str:
    """The move as a verb phrase: ``rejects “Limit exercises near Russia”``."""
    if isinstance(a, Pass):
        return "passes"
    if isinstance(a, Play):
        where = f" in {rules.forums[rules.forum_index[a.forum]].name}" if a.forum else ""
        to = f" to {rules.actors[rules.actor_index[a.target]].name}" if a.target else ""
        return f"plays {_card(rules, a.card)}{where}{to}"
    if isinstance(a, Override):
        return str(a)
    card = _item_card(rules, s, a.item)
    match a.response.value:
        case "accept":
            return f"accepts {card}"
        case "reject":
            return f"rejects {card}"
        case "silence":
            return f"stays silent on {card}"
    return f"counters {card} with {_card(rules, a.counter)}"


def alternative_phrase(rules: Rules, s: StateLike, a: Action) -> str:
    """The move as a gerund, for comparisons: ``accepting``, ``playing “Deliver weapons”``."""
    if isinstance(a, Pass):
        return "passing"
    if isinstance(a, Play):
        where = f" in {rules.forums[rules.forum_index[a.forum]].name}" if a.forum else ""
        to = f" to {rules.actors[rules.actor_index[a.target]].name}" if a.target else ""
        return f"playing {_card(rules, a.card)}{where}{to}"
    assert isinstance(a, Answer)
    match a.response.value:
        case "accept":
            return "accepting"
        case "reject":
            return "rejecting"
        case "silence":
            return "staying silent"
    return f"countering with {_card(rules, a.counter)}"


def meter_differences(
    rules: Rules, persona: Persona, chosen: Sequence[float], other: Sequence[float], limit: int = 2
) -> str:
    """The largest differences in the meters the actor's aims read, in words: ``Cohesion 1.0 higher, RU
    leverage 0.8 lower``.
    """
    mine = {slot for slot, _ in persona.weights}
    aims = relevant_slots(rules, persona.actor)
    relevant: list[tuple[float, str]] = []
    for slot, (x, y) in enumerate(zip(chosen, other, strict=True)):
        d = x - y
        if abs(d) < 0.25 or slot not in aims:
            continue
        meter_index, owner = rules.tables.slot_names[slot]
        m = rules.meters[meter_index]
        name = m.short or m.name
        if owner >= 0:
            name = f"{name} ({rules.actors[owner].short})"
        weight = 2.0 if slot in mine else 1.0
        relevant.append((abs(d) * weight, f"{name} {abs(d):.1f} {'higher' if d > 0 else 'lower'}"))
    relevant.sort(key=lambda t: -t[0])
    return ", ".join(text for _, text in relevant[:limit])


def relevant_slots(rules: Rules, actor: int) -> frozenset[int]:
    """The meter slots the actor's score, objectives and persona weights read."""
    spec = rules.actors[actor]
    texts = [o.when.text for o in spec.objectives]
    if spec.score is not None:
        texts.append(spec.score.text)
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?", " ".join(texts)))
    out = set(spec.bot_weights)
    for m in rules.meters:
        for o in rules.tracks(m):
            owner = rules.actors[o].id if o >= 0 else None
            names = (
                {m.id} if owner is None else {f"{owner}.{m.id}", f"self.{m.id}"} if o == actor else {f"{owner}.{m.id}"}
            )
            if names & words:
                out.add(m.slot + max(o, 0))
    return frozenset(out)


def constraint_note(rules: Rules, s: StateLike, refused: Sequence[tuple[Action, BotRule]]) -> str:
    """``; accepting is ruled out: No ally accepts …`` for the first move a constraint forbade."""
    if not refused:
        return ""
    a, rule = refused[0]
    return f"; {alternative_phrase(rules, s, a)} is ruled out: {rule.text}"
