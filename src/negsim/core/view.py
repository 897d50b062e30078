"""``view(state, seat)``: the only way a seat sees the game.

A seat sees public meters and flags, its own private ones, its own hand and objectives,
the table, and how many cards others have left; never the RNG, others' hands or their
private objectives. ``seat=None`` is an all-seeing observer (for debriefs and analysts).
"""

from __future__ import annotations

from dataclasses import dataclass

from negsim.core.actions import PLAY, Action, Pass, Play
from negsim.core.engine import Outcome, card_block, legal_actions, outcome
from negsim.core.events import Event
from negsim.core.infoset import hidden_cards, information_set
from negsim.core.rules import RESPONSES, PhaseKind, Rules
from negsim.core.scoring import score_all
from negsim.core.secrecy import decision_hidden, item_audience, redact, shown
from negsim.core.state import GameState

__all__ = [
    "ActorView",
    "CardView",
    "FlagView",
    "ItemView",
    "MeterView",
    "ObjectiveView",
    "View",
    "decision_hidden",
    "shown",
    "view",
    "visible",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class MeterView:
    """One meter track as a seat sees it."""

    id: str
    """Meter id."""
    name: str
    """Meter name."""
    owner: str | None
    """For a per-actor meter, whose track."""
    value: int | None
    """Current value, or ``None`` if hidden from this seat."""
    round_start: int | None
    """Value at the start of this round, or ``None`` if hidden."""
    band: str | None
    """Name of the band the value is in, if any and visible."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FlagView:
    """One flag as a seat sees it."""

    id: str
    """Flag id."""
    name: str
    """Flag name."""
    value: bool | None
    """Current value, or ``None`` if hidden from this seat."""
    owner: str | None = None
    """For a per-actor flag, whose."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CardView:
    """A card in the seat's own hand."""

    id: str
    """Card id."""
    name: str
    """Card title."""
    kind: str
    """Card kind."""
    uses: int
    """Times played."""
    left: int | None
    """Plays left this game, or ``None`` if unlimited."""
    playable: bool
    """Whether the seat could play it now if it were its turn in a play phase (counter-only cards never are)."""
    reason: str | None
    """Why not, when not playable."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemView:
    """An item on the table."""

    id: int
    """Item id."""
    card: str
    """Card id."""
    proposer: str
    """Who tabled it."""
    forum: str | None
    """Forum."""
    target: str | None
    """Actor addressed."""
    responders: tuple[str, ...]
    """Who must answer."""
    answers: tuple[tuple[str, str], ...]
    """Answers given so far: (actor, response)."""
    waiting_for: tuple[str, ...]
    """Who must still answer."""
    counter_of: int | None
    """For a counter-offer, the item it answers."""
    since: int = 0
    """1-based round it was tabled in."""
    expires: int | None = None
    """For an item with a deadline, the last round (1-based) whose answer phase can still answer it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectiveView:
    """An objective the seat may see."""

    actor: str
    """Whose objective."""
    id: str
    """Objective id."""
    text: str
    """What it asks."""
    points: int
    """Points when met."""
    met: bool
    """Whether it would be met if the game ended now."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorView:
    """Another actor as a seat sees it."""

    id: str
    """Actor id."""
    name: str
    """Actor name."""
    seat: bool
    """Whether it takes decisions."""
    cards_left: int
    """How many of its cards can still be played this game (not which)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class View:
    """What one seat may know of a game."""

    seat: str | None
    """Whose view (``None``: an observer who sees everything)."""
    round: int
    """1-based round."""
    rounds: int
    """Number of rounds."""
    label: str
    """Calendar label of the round."""
    phase: str
    """Phase id."""
    phase_name: str
    """Phase name."""
    to_move: str | None
    """Who must decide."""
    meters: tuple[MeterView, ...]
    """Every track of each meter the seat sees a track of (others' tracks of a per-actor meter: ``None``);
    a meter it sees no track of is not listed."""
    flags: tuple[FlagView, ...]
    """Every flag the seat sees, or of a per-actor flag, sees a bit of (others' bits hidden: ``None``)."""
    actors: tuple[ActorView, ...]
    """Every actor."""
    hand: tuple[CardView, ...]
    """The seat's own cards."""
    table: tuple[ItemView, ...]
    """Items on the table."""
    objectives: tuple[ObjectiveView, ...]
    """Objectives the seat may see: its own and every public one."""
    score: int | None
    """The seat's score if the game ended now."""
    legal: tuple[Action, ...]
    """The seat's legal actions if it is to move, else empty."""
    outcome: Outcome | None
    """The outcome once the game is over."""
    chosen: tuple[str, ...] = ()
    """In a sealed play phase, who has chosen so far (their choices are revealed together)."""
    choice: Action | None = None
    """In a sealed play phase, the seat's own choice, once made and until revealed."""


def view(state: GameState, seat: str | None) -> View:
    """What ``seat`` may see of ``state`` (``None``: everything, for observers).

    Once the game is over every seat sees everything, as in a debrief (R11).
    """
    rules = state.rules
    me = None if seat is None else rules.actor_index[seat]
    sees = None if state.ending >= 0 else me  # once the game is over, everything is revealed
    known = state if sees is None or seat is None else information_set(state, seat)
    unknown = 0 if sees is None or seat is None else hidden_cards(rules, seat)
    meters = []
    for m in rules.meters:
        owners = rules.tracks(m)
        if not any(rules.meter_visible(m, o, sees) for o in owners):
            continue  # a meter the seat sees no track of is not named to it
        for o in owners:
            slot = m.slot + (o if o >= 0 else 0)
            vis = rules.meter_visible(m, o, sees)
            value = state.meters[slot] if vis else None
            band = m.band(value) if value is not None else None
            meters.append(
                MeterView(
                    id=m.id,
                    name=m.name,
                    owner=rules.actors[o].id if o >= 0 else None,
                    value=value,
                    round_start=state.round_start[slot] if vis else None,
                    band=band.name if band else None,
                )
            )
    flags = tuple(
        FlagView(
            id=f.id,
            name=f.name,
            owner=rules.actors[o].id if o >= 0 else None,
            value=bool(state.flags >> bit & 1) if rules.flag_visible(f, sees, o) else None,
        )
        for f in rules.flags
        if any(rules.flag_visible(f, sees, o) for o, _ in rules.flag_bits(f))  # none seen: not named
        for o, bit in rules.flag_bits(f)
    )
    actors = tuple(
        ActorView(
            id=a.id,
            name=a.name,
            seat=a.seat,
            cards_left=sum(1 for c in rules.hands[a.index] if unknown >> c & 1 or state.uses[c] < rules.cards[c].limit),
        )
        for a in rules.actors
    )
    hand: tuple[CardView, ...] = ()
    if me is not None:
        hand = tuple(_card_view(state, c, me) for c in rules.hands[me])
    values = score_all(rules, state)
    objectives = tuple(
        ObjectiveView(
            actor=a.id,
            id=o.id,
            text=o.text,
            points=o.points,
            met=bool(o.when.fn(state if a.index == me else known, (a.index, -1, -1))),
        )
        for a in rules.actors
        for o in a.objectives
        if sees is None or a.index == me or o.public
    )
    ph = rules.phases[state.phase]
    ballot = sees is not None and ph.sealed and ph.kind is PhaseKind.ANSWER
    table = tuple(
        ItemView(
            id=t.id,
            card=rules.cards[t.card].id,
            proposer=rules.actors[t.proposer].id,
            forum=rules.forums[t.forum].id if t.forum >= 0 else None,
            target=rules.actors[t.target].id if t.target >= 0 else None,
            responders=tuple(rules.actors[r].id for r in t.responders),
            answers=tuple((rules.actors[a].id, RESPONSES[r].value) for a, r, _ in t.answers if not ballot or a == sees),
            waiting_for=tuple(rules.actors[r].id for r in t.responders[len(t.answers) :]),
            counter_of=t.counter_of if t.counter_of >= 0 else None,
            since=t.round + 1,
            expires=t.round + rules.cards[t.card].expires_after if rules.cards[t.card].expires_after else None,
        )
        for t in state.table
        if sees is None or not (bits := item_audience(rules, t)) or bits >> sees & 1
    )
    mine = next((c for c in state.sealed if c[1] == me), None) if me is not None else None
    return View(
        seat=seat,
        round=state.round + 1,
        rounds=len(rules.rounds),
        label=state.round_label,
        phase=ph.id,
        phase_name=ph.name,
        to_move=state.actor_to_move,
        meters=tuple(meters),
        flags=flags,
        actors=actors,
        hand=hand,
        table=table,
        objectives=objectives,
        score=values[me] if me is not None and rules.actors[me].win_at is not None else None,
        legal=legal_actions(state) if me is not None and state.to_move == me else (),
        outcome=outcome(state),
        chosen=tuple(rules.actors[c[1]].id for c in state.sealed),
        choice=None if mine is None else _choice(rules, mine),
    )


def _choice(rules: Rules, parsed: tuple[int, int, int, int, int]) -> Action:
    """A sealed choice as the action it was."""
    kind, actor, card, forum, target = parsed
    who = rules.actors[actor].id
    if kind != PLAY:
        return Pass(actor=who)
    return Play(
        actor=who,
        card=rules.cards[card].id,
        forum=rules.forums[forum].id if forum >= 0 else None,
        target=rules.actors[target].id if target >= 0 else None,
    )


def _card_view(state: GameState, c: int, me: int) -> CardView:
    rules = state.rules
    card = rules.cards[c]
    err = card_block(state, card, me)
    if err is None and card.protocol is not None and not card.forums and not card.targets:
        err = ("R7", "is played only as a counter-offer, when answering")
    unlimited = card.limit >= 1 << 30
    return CardView(
        id=card.id,
        name=card.name,
        kind=card.kind.value,
        uses=state.uses[c],
        left=None if unlimited else max(0, card.limit - state.uses[c]),
        playable=err is None,
        reason=None if err is None else redact(rules, me, err[1]),
    )


def visible(rules: Rules, event: Event, seat: str | None) -> bool:
    """Whether ``seat`` may see an event at all (see ``negsim.core.secrecy.shown`` for what of it)."""
    return shown(rules, event, seat) is not None
