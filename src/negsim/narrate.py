"""Events in words: the readable game log shared by ``negsim run`` and the terminal UI."""

from __future__ import annotations

from negsim.core.events import (
    Answered,
    CardLockChanged,
    CardPlayed,
    Cause,
    ChanceRolled,
    ChoiceSealed,
    Clamped,
    Event,
    EventDrawn,
    FlagChanged,
    GameEnd,
    ItemResolved,
    ItemTabled,
    MeterChanged,
    Note,
    Passed,
    PhaseStarted,
    RoundStarted,
    TriggerFired,
    UmpireRuling,
)
from negsim.core.rules import Rules
from negsim.describe import signed

PAST = {
    "accept": "accepted",
    "reject": "rejected",
    "counter": "countered",
    "silence": "met with silence",
    "expire": "expired unanswered",
    "withdraw": "withdrawn by its proposer",
}
"""Each resolution of an item, in the past tense: ``accept`` -> ``accepted``."""


def actor_name(rules: Rules, actor: str | None) -> str:
    """An actor's display name."""
    if actor is None:
        return "—"
    i = rules.actor_index.get(actor)
    return rules.actors[i].name if i is not None else actor


def card_name(rules: Rules, card: str) -> str:
    """A card's display name."""
    i = rules.card_index.get(card)
    return rules.cards[i].name if i is not None else card


def forum_name(rules: Rules, forum: str | None) -> str:
    """A forum's display name."""
    if forum is None:
        return ""
    i = rules.forum_index.get(forum)
    return rules.forums[i].name if i is not None else forum


def forum_short(forum: str) -> str:
    """A forum's label where room is short, from its id: ``NAC``, ``US–RU``, ``Public``."""
    word = forum.replace("_", "–")
    return word.upper() if len(word) <= 5 else word.capitalize()


def cause_text(rules: Rules, c: Cause) -> str:
    """Why something changed, in words: ``"Concentrate forces" (Russia)``."""
    who = f" ({actor_name(rules, c.actor)})" if c.actor else ""
    if c.kind == "card":
        return f"“{card_name(rules, c.id)}”{who}"
    if c.kind == "resolution":
        return f"“{card_name(rules, c.id)}” {PAST.get(c.branch or '', c.branch or '')}"
    if c.kind == "counter":
        return f"counter-offer “{card_name(rules, c.id)}”{who}"
    if c.kind == "forum":
        return f"split vote in {forum_name(rules, c.id)}"
    if c.kind == "trigger":
        t = next((t for t in rules.triggers if t.id == c.id), None)
        return f"rule “{t.name if t else c.id}”"
    if c.kind == "event":
        return f"event “{card_name(rules, c.id)}”"
    if c.kind == "umpire":
        return "the umpire's ruling"
    if c.kind == "hidden":
        return "something hidden from you"
    if c.kind == "rule" and c.id == "R13":
        return "sealed choices revealed"
    return f"{c.kind} {c.id}"


def meter_text(rules: Rules, e: MeterChanged) -> str:
    """``Alliance cohesion 7 → 5 (−2) ← "Treaty" accepted``."""
    m = rules.meters[rules.meter_index[e.meter]]
    name = m.name if e.owner is None else f"{m.name} ({actor_name(rules, e.owner)})"
    delta = e.new - e.old
    sign = "+" if delta > 0 else "−"
    capped = "" if delta == e.by else f", capped from {signed(e.by)}"
    band = m.band(e.new)
    band_old = m.band(e.old)
    band_txt = f" [{band.name}]" if band is not None and band is not band_old else ""
    return f"{name} {e.old} → {e.new} ({sign}{abs(delta)}{capped}){band_txt} ← {cause_text(rules, e.cause)}"


def describe(rules: Rules, e: Event) -> str | None:
    """One line for an event (``None`` for events a reader need not see)."""
    match e:
        case RoundStarted(label=label):
            return f"Round {e.round} · {label}"
        case PhaseStarted(phase=phase):
            ph = next((p for p in rules.phases if p.id == phase), None)
            return f"— {ph.name if ph else phase}"
        case CardPlayed(card=card, forum=forum, target=target):
            where = f" in {forum_name(rules, forum)}" if forum else ""
            to = f" to {actor_name(rules, target)}" if target else ""
            return (
                f"{actor_name(rules, e.actor)} plays “{card_name(rules, card)}”{where}{to}{_secret(rules, e.seen_by)}"
            )
        case ChoiceSealed():
            return f"{actor_name(rules, e.actor)} makes a sealed choice"
        case Passed():
            return f"{actor_name(rules, e.actor)} passes"
        case ItemTabled(item=item, responders=who, counter_of=of):
            names = ", ".join(actor_name(rules, a) for a in who) or "nobody"
            what = f"counter-offer to #{of}" if of is not None else "on the table"
            return f"#{item} {what}: {names} must answer{_secret(rules, e.seen_by)}"
        case Answered(item=item, response=r, counter=counter):
            extra = f" with “{card_name(rules, counter)}”" if counter else ""
            return f"{actor_name(rules, e.actor)} answers #{item}: {r}{extra}"
        case ItemResolved(item=item, card=card, result=result, split=split, forum=forum):
            where = f" in {forum_name(rules, forum)}" if forum else ""
            sp = " (split vote)" if split else ""
            return f"#{item} “{card_name(rules, card)}” {PAST.get(result, result)}{where}{sp}"
        case MeterChanged():
            return meter_text(rules, e)
        case FlagChanged(flag=flag, value=value, cause=cause, owner=owner):
            f = rules.flags[rules.flag_index[flag]]
            whose = f" ({actor_name(rules, owner)})" if owner is not None else ""
            return f"{f.name}{whose}: {'yes' if value else 'no'} ← {cause_text(rules, cause)}"
        case CardLockChanged(card=card, locked=locked, cause=cause):
            state = "locked" if locked else "now playable"
            return f"“{card_name(rules, card)}” {state} ← {cause_text(rules, cause)}"
        case ChanceRolled(p=p, roll=roll, success=ok, cause=cause):
            return (
                f"{percent(p)} chance for {cause_text(rules, cause)}: rolled {percent(roll / 1000)} "
                f"(needed under {percent(p)}) → {'yes' if ok else 'no'}"
            )
        case Clamped(what="chance", value=value, used=used, cause=cause):
            return f"chance for {cause_text(rules, cause)} came to {value}%: {used}% is used"
        case Clamped(value=value, used=used, cause=cause):
            return f"weight of {cause_text(rules, cause)} came to {value}: counted as {used}"
        case EventDrawn(card=card):
            return f"event: “{card_name(rules, card)}”"
        case TriggerFired(trigger=tid):
            t = next((t for t in rules.triggers if t.id == tid), None)
            return f"rule “{t.name if t else tid}” applies"
        case Note(text=text):
            return text
        case UmpireRuling():
            return ruling_text(rules, e)
        case GameEnd(ending=ending, winners=winners):
            end = next((x for x in rules.endings if x.id == ending), None)
            won = ", ".join(actor_name(rules, w) for w in winners) or "nobody"
            return f"Game over: {end.name if end else ending} · winners: {won}"
    return None


def _secret(rules: Rules, seen_by: tuple[str, ...] | None) -> str:
    """`` (seen only by Westland and Eastland)`` for a secret play or item; empty for a public one."""
    if seen_by is None:
        return ""
    names = [actor_name(rules, a) for a in seen_by]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f" (seen only by {listed})"


def ruling_text(rules: Rules, e: UmpireRuling) -> str:
    """``Umpire: Alliance cohesion set to 4 — "reason"``."""
    if e.kind == "meter":
        i = rules.meter_index.get(e.id)
        name = rules.meters[i].name if i is not None else e.id
        if e.owner is not None:
            name += f" ({actor_name(rules, e.owner)})"
        what = f"{name} set to {e.value}"
    elif e.kind == "flag":
        j = rules.flag_index.get(e.id)
        what = f"{rules.flags[j].name if j is not None else e.id}: {'raised' if e.value else 'lowered'}"
    else:
        what = f"event “{card_name(rules, e.id)}” injected"
    return f"Umpire: {what} — “{e.reason}”"


def percent(share: float) -> str:
    """A share as a percentage, the one notation for chance: ``35%``, ``62.3%``."""
    return f"{round(share * 100, 1):g}%"


def reason(rules: Rules, actor: str | None, why: str) -> str:
    """A bot's reason without the move it starts by restating (``Russia plays “X”: expected …`` ->
    ``expected …``), for where the move is already shown just above.
    """
    name = actor_name(rules, actor)
    head, sep, rest = why.partition(": ")
    return rest if sep and rest and head.startswith(name + " ") else why


def indent(e: Event) -> int:
    """How deep a line for ``e`` sits in a readable log (0 = heading)."""
    if isinstance(e, RoundStarted):
        return 0
    if isinstance(e, (PhaseStarted, GameEnd)):
        return 1
    if isinstance(e, (CardPlayed, ChoiceSealed, Passed, Answered, EventDrawn, ItemResolved, UmpireRuling)):
        return 2
    return 3
