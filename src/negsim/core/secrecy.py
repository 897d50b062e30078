"""Secrecy (R13): who may see a play, an item on the table and what they cause.

A closed forum (``visibility: members``) and a ``secret`` card give an item an *audience*: its
parties (the player, the addressee, whoever must answer) and the forum's or card's
``visible_to`` (for a closed forum, its members too). Events about the item carry the audience
as ``seen_by``; effects it causes carry it in their ``Cause``. ``shown`` is what one seat sees of
an event: nothing of an event outside its audience, and of a change to something the seat may
see (a public meter moving), the change without its cause.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from negsim.core.events import (
    Answered,
    CardLockChanged,
    CardPlayed,
    Cause,
    ChoiceSealed,
    Event,
    FlagChanged,
    ItemResolved,
    ItemTabled,
    MeterChanged,
    Passed,
    UmpireRuling,
)
from negsim.core.rules import CardSpec, Rules
from negsim.core.state import Tabled

HIDDEN: Final = Cause(kind="hidden", id="hidden")
"""The cause a seat outside a change's audience is shown: something it may not see."""

_SEEN_BY = (CardPlayed, ItemTabled, Answered, ItemResolved)
_CAUSED = (MeterChanged, FlagChanged, CardLockChanged)


def audience(rules: Rules, card: CardSpec, proposer: int, forum: int, target: int, answering: tuple[int, ...]) -> int:
    """Bits of the actors who see a play of ``card`` (0: everyone): for a secret card or a closed
    forum, the parties to it and those the card or forum names (for a closed forum, its members).
    """
    bits = card.seen_by if card.secret else 0
    if forum >= 0 and not card.secret:
        bits |= rules.forums[forum].seen_by
    if not bits:
        return 0
    bits |= 1 << proposer
    if target >= 0:
        bits |= 1 << target
    for a in answering:
        bits |= 1 << a
    return bits


def item_audience(rules: Rules, item: Tabled) -> int:
    """Bits of the actors who see an item on the table (0: everyone)."""
    return audience(rules, rules.cards[item.card], item.proposer, item.forum, item.target, item.responders)


def seen_by(rules: Rules, bits: int) -> tuple[str, ...] | None:
    """The ids of the actors in ``bits``, in the scenario's order (``None`` for 0: everyone)."""
    if not bits:
        return None
    return tuple(a.id for a in rules.actors if bits >> a.index & 1)


def shown(rules: Rules, event: Event, seat: str | None) -> Event | None:
    """What ``seat`` (``None``: an observer who sees everything) sees of ``event``: the event, the
    event without its cause, or nothing.
    """
    if seat is None:
        return event
    me = rules.actor_index[seat]
    if isinstance(event, _SEEN_BY):
        who = event.seen_by
        return event if who is None or seat in who else None
    if isinstance(event, UmpireRuling):
        return event if _element_visible(rules, event.kind, event.id, event.owner, me) else None
    cause: Cause | None = getattr(event, "cause", None)
    hidden_cause = cause is not None and cause.seen_by is not None and seat not in cause.seen_by
    if isinstance(event, MeterChanged):
        if not _element_visible(rules, "meter", event.meter, event.owner, me):
            return None
    elif isinstance(event, FlagChanged):
        if not _element_visible(rules, "flag", event.flag, event.owner, me):
            return None
    elif hidden_cause:
        return None  # a chance rolled, a number clamped or a line said for something hidden
    if hidden_cause and isinstance(event, _CAUSED):
        return event._replace(cause=HIDDEN)
    return event


def _element_visible(rules: Rules, kind: str, id_: str, owner: str | None, me: int) -> bool:
    o = rules.actor_index[owner] if owner is not None else -1
    if kind == "meter":
        return rules.meter_visible(rules.meters[rules.meter_index[id_]], o, me)
    if kind == "flag":
        return rules.flag_visible(rules.flags[rules.flag_index[id_]], me, o)
    return True


@functools.lru_cache(maxsize=256)
def hidden_ids(rules: Rules, seat: int) -> frozenset[str]:
    """Ids of the meters and flags ``seat`` sees no track or bit of (-1: none hidden, an observer)."""
    if seat < 0:
        return frozenset()
    out = {m.id for m in rules.meters if not any(rules.meter_visible(m, o, seat) for o in rules.tracks(m))}
    out.update(f.id for f in rules.flags if not any(rules.flag_visible(f, seat, o) for o, _ in rules.flag_bits(f)))
    return frozenset(out)


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def reads_hidden(rules: Rules, seat: int, text: str) -> bool:
    """Whether an expression's text names a meter or flag hidden from ``seat``."""
    hidden = hidden_ids(rules, seat)
    return bool(hidden) and any(w in hidden for w in _WORD.findall(text))


def redact(rules: Rules, seat: int, text: str) -> str:
    """``text`` with the ids of meters and flags hidden from ``seat`` replaced by ``(hidden)``."""
    hidden = hidden_ids(rules, seat)
    if not hidden:
        return text
    return _WORD.sub(lambda m: "(hidden)" if m.group(0) in hidden else m.group(0), text)


def decision_hidden(rules: Rules, events: tuple[Event, ...] | list[Event], actor: str, seat: str | None) -> bool:
    """Whether what ``actor`` decided, whose events are ``events``, is hidden from ``seat``: a sealed
    choice, a secret play or a secret answer (its bot's reason is then not shown either).
    """
    if seat is None or seat == actor:
        return False
    for e in events:
        if isinstance(e, ChoiceSealed) and e.actor == actor:
            return True
        if isinstance(e, CardPlayed | Answered | Passed) and e.actor == actor:
            return shown(rules, e, seat) is None
    return False
