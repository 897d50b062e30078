"""Inspecting the bots: each bot decision with the reason its bot gave, this round's first.

A seat sees the reasons of the decisions it may see (in hot seat, the seat at the keyboard).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from negsim.core.events import Answered, CardPlayed, ChoiceSealed, Passed
from negsim.core.view import decision_hidden
from negsim.narrate import describe, reason
from negsim.session import Session


@dataclass(frozen=True, slots=True)
class BotDecision:
    """One bot decision as a seat may see it."""

    round: int
    """1-based round."""
    move: str
    """The decision in words (``Russia plays “Treaty” in NATO-Russia Council``)."""
    why: str
    """The bot's reason (without the move it restates)."""


def bot_decisions(session: Session, seat: str | None) -> list[BotDecision]:
    """Every bot decision ``seat`` may see, newest first."""
    rules = session.rules
    out = []
    for k, action in enumerate(session.actions):
        why = session.why(k)
        if why is None:
            continue
        events = session.events[k + 1]
        kinds = CardPlayed | Answered | Passed | ChoiceSealed
        event = next((e for e in events if isinstance(e, kinds) and e.actor == action.actor), None)
        if event is None or decision_hidden(rules, events, action.actor, seat):
            continue
        move = describe(rules, event) or str(action)
        out.append(BotDecision(event.round, move, reason(rules, action.actor, why)))
    return out[::-1]


def bot_decisions_text(session: Session, seat: str | None) -> Text:
    """The bots' decisions with their reasons, by round (the newest round first)."""
    rules = session.rules
    decisions = bot_decisions(session, seat)
    t = Text()
    if not decisions:
        t.append("No bot decision with a reason yet.", style="italic")
        return t
    shown = -1
    for d in decisions:
        if d.round != shown:
            shown = d.round
            label = rules.rounds[min(d.round, len(rules.rounds)) - 1]
            t.append(f"{'' if not t else chr(10)}Round {d.round} · {label}\n", style="bold reverse")
        t.append(d.move + "\n", style="bold")
        t.append("  why: ", style="bold dim")
        t.append(d.why + "\n", style="italic")
    return t
