"""Whose decisions mattered: the moves with the largest effect on the meters that decide the game.

The deciding meters are those the endings' conditions read, and those the requirements of the
cards that bring an ending about read. A move is one decision (a card played, an answer): its
effect is every change its own cause made (the card, the resolution it settled, the counter-offer
it made), not what the turn structure did after it. An item's resolution counts for each seat
whose answer was the forum's decision, and for the seat that tabled it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from negsim.core.actions import Action, Answer, Play
from negsim.core.events import Event, ItemResolved, MeterChanged
from negsim.core.rules import Rules
from negsim.core.secrecy import shown
from negsim.core.state import GameState
from negsim.describe import signed
from negsim.narrate import PAST as _PAST
from negsim.narrate import card_name
from negsim.session import Session

_DECISION_CAUSES = ("card", "resolution", "counter", "forum")
"""Causes a decision is answerable for (not triggers, news or the calendar)."""


def deciding_meters(rules: Rules, state: GameState) -> set[str]:
    """Ids of the meters that the endings' conditions, and the requirements of cards that bring an
    ending about (judged on ``state``; what unlocks a locked one included), read.
    """
    from negsim.analysis.endings import ending_cards, unlockers

    texts = [e.when.text for e in rules.endings if e.when is not None]
    for e in rules.endings:
        for c in ending_cards(rules, e, state):
            texts += [c.requires.text] if c.requires is not None else []
            texts += [when for _, when in unlockers(rules, c)] if c.locked else []
    words = {w for t in texts for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", t)}
    return {m.id for m in rules.meters if m.id in words}


@dataclass(frozen=True, slots=True, kw_only=True)
class Move:
    """One decision and what it did to the deciding meters."""

    seat: str
    """Who decided (actor id)."""
    round: int
    """1-based round."""
    what: str
    """The decision in words (``plays “Concentrate forces”``, ``accepted #3 “Treaty”``)."""
    changes: tuple[tuple[str, int], ...]
    """Meter name and net change, on the deciding meters."""
    weight: float
    """Size: the changes as shares of each meter's range."""

    def words(self) -> str:
        """``Round 3: played “Concentrate forces”: RU troops +10, Escalation +1`` (the seat is said before)."""
        changes = ", ".join(f"{name} {signed(d)}" for name, d in self.changes)
        return f"Round {self.round}: {self.what}: {changes}"


@dataclass(frozen=True, slots=True, kw_only=True)
class SeatInfluence:
    """A seat's weight on the deciding meters over the game, and its biggest moves."""

    seat: str
    """Actor id."""
    weight: float
    """The sum of its moves' sizes."""
    moves: tuple[Move, ...]
    """Its biggest moves, largest first."""


def _credits(rules: Rules, action: Action, kind: str, cid: str, batch: tuple[Event, ...]) -> list[tuple[str, str]]:
    """Who is answerable for a cause's changes in the batch of ``action``, and the move in words."""
    if kind in ("resolution", "forum"):
        r = next((e for e in batch if isinstance(e, ItemResolved) and e.card == cid), None)
        if r is None:
            return []
        what = f"#{r.item} “{card_name(rules, r.card)}”"
        out = [
            (who, f"answered {what} ({vote}), which was {_PAST.get(r.result, r.result)}")
            for who, vote in r.votes
            if vote == r.result
        ]
        if r.actor is not None:
            out.append((r.actor, f"tabled {what}, which was {_PAST.get(r.result, r.result)}"))
        return out
    if kind == "card" and isinstance(action, Play) and action.card == cid:
        return [(action.actor, f"played “{card_name(rules, cid)}”")]
    if isinstance(action, Answer):
        return [(action.actor, f"countered #{action.item} with “{card_name(rules, cid)}”")]
    return []


def influence(session: Session, seat: str | None = None, top: int = 2) -> list[SeatInfluence]:
    """Each seat's decisions that moved the deciding meters, seats by total weight (largest first),
    with up to ``top`` moves each; only changes ``seat`` may see count.
    """
    rules = session.rules
    deciding = deciding_meters(rules, session.state)
    moves: dict[str, list[Move]] = defaultdict(list)
    for k, action in enumerate(session.actions):
        batch = session.events[k + 1]
        net: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        size: dict[tuple[str, str], float] = defaultdict(float)
        for e in batch:
            if not isinstance(e, MeterChanged) or e.cause.kind not in _DECISION_CAUSES or e.meter not in deciding:
                continue
            if shown(rules, e, seat) is not e:
                continue  # hidden from the seat, or its cause is
            spec = rules.meters[rules.meter_index[e.meter]]
            key = (e.cause.kind, e.cause.id)
            net[key][spec.short] = net[key].get(spec.short, 0) + e.new - e.old
            size[key] += abs(e.new - e.old) / max(1, spec.high - spec.low)
        for (kind, cid), delta in net.items():
            changes = tuple((n, d) for n, d in delta.items() if d)
            if not changes:
                continue
            for who, what in _credits(rules, action, kind, cid, batch):
                moves[who].append(
                    Move(seat=who, round=batch[0].round, what=what, changes=changes, weight=size[(kind, cid)])
                )
    out = [
        SeatInfluence(
            seat=who, weight=sum(m.weight for m in ms), moves=tuple(sorted(ms, key=lambda m: -m.weight)[:top])
        )
        for who, ms in moves.items()
    ]
    return sorted(out, key=lambda s: -s.weight)
