"""Briefings: what every seat may know of each actor before the game, and a seat's own brief.

The public briefing comes from the scenario alone and shows only what every seat may know:
who each actor is, its public goals and constraints, the score that wins and its public
objectives (never private objectives, base scores or hands). A seat's own briefing adds what
only it may see: its objectives, whether each is met now, its score and its cards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from negsim.core.rules import ActorSpec, Rules
from negsim.core.view import View
from negsim.describe import signed


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorBrief:
    """One actor as every seat may know it before the game."""

    name: str
    """Full name."""
    short: str
    """Short label."""
    seat: bool
    """Whether it plays (else it is an affected party)."""
    text: str
    """Who it is: its situation."""
    goals: tuple[str, ...]
    """Public goals."""
    constraints: tuple[str, ...]
    """What limits it."""
    wins: str
    """How it wins, in one sentence (public facts only)."""
    public_objectives: tuple[str, ...]
    """Its public objectives, with their points."""


def _wins(actor: ActorSpec) -> str:
    """How an actor wins, saying only what is public."""
    if not actor.seat:
        return "An affected party: it does not play, but the game is about it."
    if actor.win_at is None:
        return "It plays, but is not scored."
    private = sum(1 for o in actor.objectives if not o.public)
    hidden = f"; {private} of its objectives are private" if private else ""
    return f"It wins with a score of at least {actor.win_at} at the end{hidden}."


def public_briefing(rules: Rules) -> list[ActorBrief]:
    """Every actor as every seat may know it before the game, in actor order."""
    return [
        ActorBrief(
            name=a.name,
            short=a.short,
            seat=a.seat,
            text=a.text,
            goals=a.goals,
            constraints=a.constraints,
            wins=_wins(a),
            public_objectives=tuple(f"{o.text} ({signed(o.points)})" for o in a.objectives if o.public),
        )
        for a in rules.actors
    ]


def briefing_markdown(rules: Rules) -> str:
    """The public briefing in Markdown (for help and reports): a few lines per actor."""
    out: list[str] = []
    for b in public_briefing(rules):
        role = "" if b.seat else " *(affected party: does not play)*"
        out.append(f"### {b.name} ({b.short}){role}")
        out.append("")
        if b.text:
            out += [b.text, ""]
        if b.goals:
            out += ["Goals:", *[f"- {g}" for g in b.goals], ""]
        if b.constraints:
            out += ["Constraints:", *[f"- {c}" for c in b.constraints], ""]
        out.append(f"**How it wins.** {b.wins}")
        if b.public_objectives:
            out += ["", "Public objectives:", *[f"- {o}" for o in b.public_objectives]]
        out.append("")
    return "\n".join(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnBrief:
    """A seat's own briefing: what only it may see at the start of its game."""

    name: str
    """The seat's actor name."""
    score: int | None
    """Its score if the game ended now (``None`` if it is not scored)."""
    win_at: int | None
    """The score that wins."""
    standing: str
    """Where that leaves it, in one sentence."""
    objectives: tuple[tuple[bool, str], ...]
    """Each objective it may see of its own: met now, and the text with its points."""
    base: str
    """Its base score in words (e.g. ``plus Russian leverage``), or ``""``."""
    cards: tuple[tuple[str, str], ...]
    """Its cards: kind and name."""


def own_briefing(rules: Rules, view: View) -> OwnBrief:
    """The briefing of ``view``'s seat, from its view (which holds its private objectives and hand)."""
    from negsim.describe import pretty

    seat = view.seat
    assert seat is not None, "an observer has no briefing of its own"
    spec = rules.actors[rules.actor_index[seat]]
    score, win = view.score, spec.win_at
    if score is None or win is None:
        standing = "You are not scored: play for your goals."
    elif score >= win:
        standing = (
            f"Your score is {score} now and you win with {win}: if the game ended now you would win. "
            "Hold on to what you have: every objective is judged at the end."
        )
    else:
        standing = f"Your score is {score} now and you win with {win}: you need {win - score} more by the end."
    mine = tuple((o.met, f"{o.text} ({signed(o.points)})") for o in view.objectives if o.actor == seat)
    base = f"plus {pretty(rules, spec.score.text)}" if spec.score is not None else ""
    cards = tuple((c.kind, c.name) for c in view.hand)
    return OwnBrief(name=spec.name, score=score, win_at=win, standing=standing, objectives=mine, base=base, cards=cards)


def seat_label(kind: str, *, you: bool = False) -> str:
    """Who plays a seat, in words: ``you``, ``a person``, ``mcts:hard bot``, and ``(not reproducible)``
    for a bot given a time budget.
    """
    if kind == "human":
        return "you" if you else "a person"
    from negsim.bots import SpecError, spec_of

    try:
        reproducible = spec_of(kind, in_play=True).reproducible
    except SpecError:
        reproducible = True
    return f"{kind} bot" + ("" if reproducible else " (not reproducible)")


def seats_text(rules: Rules, seats: Mapping[str, str]) -> list[tuple[str, str]]:
    """Each seat's name and who played it (``Poland: you``, ``Russia: mcts:time=2 bot (not reproducible)``)."""
    humans = sum(1 for k in seats.values() if k == "human")
    return [
        (a.name, seat_label(seats.get(a.id, ""), you=humans == 1 and seats.get(a.id) == "human")) for a in rules.seats()
    ]
