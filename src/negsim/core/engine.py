"""The public rules API: ``new_game``, ``legal_actions``, ``check``, ``step``, ``outcome``.

All functions are pure: the same state and action always give the same result. Legality
lives here and only here; ``check`` raises ``IllegalActionError`` naming the rule (see
``docs/rules.md``) that forbids an action.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from negsim.core import rng as _rng
from negsim.core.actions import ANSWER, PASS, PLAY, Action, Answer, Override, Pass, Play
from negsim.core.effects import Chance, Effect, If, SetLock
from negsim.core.errors import IllegalActionError
from negsim.core.events import Event
from negsim.core.forums import COUNTER, responders
from negsim.core.rules import RESPONSES, CardKind, CardSpec, Condition, PhaseKind, Response, Rule, Rules
from negsim.core.scoring import score_all, score_of
from negsim.core.state import GameState, Tabled
from negsim.core.tables import Parsed, counter_only
from negsim.core.transition import Transition
from negsim.core.umpire import apply_override, check_override

__all__ = [
    "Outcome",
    "apply",
    "card_block",
    "card_refusal",
    "check",
    "is_legal",
    "legal_actions",
    "meter_values",
    "needs_target",
    "new_game",
    "outcome",
    "refusal",
    "responders",
    "score_all",
    "score_of",
    "scores",
    "start",
    "step",
]

_PLAY, _ANSWER = PhaseKind.PLAY, PhaseKind.ANSWER
_RESPONSE_INDEX = {r: i for i, r in enumerate(RESPONSES)}
_new_state = tuple.__new__


def start(rules: Rules, seed: int = 0) -> tuple[GameState, tuple[Event, ...]]:
    """A new game and the events of its opening (round start, opening triggers)."""
    meters: list[int] = [0] * rules.slots
    for m in rules.meters:
        if not m.per_actor:
            meters[m.slot] = m.start
            continue
        kept = rules.tracks(m)
        for k in range(len(rules.actors)):
            meters[m.slot + k] = (m.starts[k] if m.starts else m.start) if k in kept else m.low
    flags = sum(1 << bit for f in rules.flags if f.start for _, bit in rules.flag_bits(f))
    locked = sum(1 << c.index for c in rules.cards if c.locked)
    zero = rules.tables.zero_uses
    s0: GameState = _new_state(
        GameState,
        (
            rules,
            seed,
            0,
            0,
            0,
            0,
            -1,
            tuple(meters),
            tuple(meters),
            flags,
            locked,
            zero,
            zero,
            0,
            0,
            (0,) * (4 * len(rules.cards)),
            (),
            (),
            1,
            0,
            0,
            _rng.seed_state(seed),
            -1,
            0,
            False,
            (0,) * (len(rules.cards) * len(rules.actors)),
            (),
        ),
    )
    s = Transition(s0)
    s.dirty = -1  # evaluate every condition once at the start
    s.start_round()
    s.settle()
    s.advance()
    return s.freeze(), tuple(s.events)


def new_game(rules: Rules, seed: int = 0) -> GameState:
    """A new game of ``rules`` whose chance is drawn from ``seed``."""
    return start(rules, seed)[0]


_LAST: tuple[GameState | None, frozenset[int]] = (None, frozenset())
"""The state of the last ``legal_actions`` call and the ``id()`` of every action it offered,
so ``step`` need not check again an action it was just offered (a one-entry memo)."""


def legal_actions(state: GameState) -> tuple[Action, ...]:
    """Every action the actor to move may take, plays first; empty once the game is over."""
    global _LAST  # noqa: PLW0603 - a one-entry memo, replaced atomically
    if state.to_move < 0:
        return ()
    result, ids = offered(state)
    _LAST = (state, ids)
    return result


def offered(s: GameState | Transition) -> tuple[tuple[Action, ...], frozenset[int]]:
    """The legal actions of the actor to move in ``s`` (a state or a working copy) and their ids.

    The actor to move must exist (``s.to_move >= 0``).
    """
    a = s.to_move
    rules = s.rules
    tables = rules.tables
    if rules.phases[s.phase].kind is _PLAY:
        # What decides the plays: which cards are out (locked, spent, precondition false) and
        # which forums are closed. The list for each such key is built once and memoised.
        ctx = (a, -1, -1)
        dead = (s.locked | s.spent | s.spent_round) & tables.hand_masks[a]
        for bit, requires in tables.requirements[a]:
            if not dead & bit and not requires(s, ctx):
                dead |= bit
        closed = 0
        for bit, opens in tables.forum_conditions:
            if not opens(s, ctx):
                closed |= bit
        return tables.legal_plays(a, dead, closed)
    item_id = s.queue[0][0]
    base = tables.answer_cache.get((item_id, a))
    if base is None:
        base = tables.answer_cache[(item_id, a)] = _answers(rules, item_id, a)
    mine = tables.counter_cards[a]
    if not mine:
        return base
    for item in s.table:
        if item.id == item_id:
            break
    counters = mine.get(item.card) if item.counter_of < 0 else None
    if not counters:
        return base
    opts: list[Action] = list(base[0])
    for c in counters:
        card = rules.cards[c]
        if card_block(s, card, a) is None:
            act = tables.counter_cache.get((item_id, a, c))
            if act is None:
                act = tables.counter_cache[(item_id, a, c)] = Answer(
                    actor=rules.actors[a].id, item=item_id, response=Response.COUNTER, counter=card.id
                )
                tables.remember(act, (ANSWER, a, item_id, COUNTER, c))
            opts.append(act)
    result = tuple(opts)
    return result, frozenset(map(id, result))


def _answers(rules: Rules, item_id: int, a: int) -> tuple[tuple[Action, ...], frozenset[int]]:
    """Actor ``a``'s accept, reject and silence answers to item ``item_id`` (memoised with their ids)."""
    name = rules.actors[a].id
    out: list[Action] = []
    for r in (0, 1, 3):
        act = Answer(actor=name, item=item_id, response=RESPONSES[r])
        rules.tables.remember(act, (ANSWER, a, item_id, r, -1))
        out.append(act)
    return tuple(out), frozenset(map(id, out))


def check(state: GameState, action: Action) -> None:
    """Raise ``IllegalActionError`` (naming the rule) unless ``action`` is legal in ``state``."""
    if isinstance(action, Override):
        check_override(state, action)
        return
    resolve_action(state, action)


def is_legal(state: GameState, action: Action) -> bool:
    """Whether ``action`` is legal in ``state``."""
    try:
        check(state, action)
    except IllegalActionError:
        return False
    return True


def step(state: GameState, action: Action, *, log: bool = True) -> tuple[GameState, tuple[Event, ...]]:
    """Take a legal action: the next state and the events it produced.

    With ``log=False`` no events are recorded (the result's events are empty): the same rules,
    faster, for search.
    """
    if isinstance(action, Override):
        ruling = check_override(state, action)
        s = Transition(state, log)
        s.dirty = 0
        s.ply += 1
        apply_override(s, action, ruling)
        if s.ply >= s.rules.max_actions and s.ending < 0:
            s.cut_short()
        return s.freeze(), tuple(s.events)
    last_state, ids = _LAST
    tables = state.rules.tables
    entry = tables.parsed.get(id(action)) if last_state is state and id(action) in ids else None
    # legal_actions just offered this very object: no need to check it again.
    parsed = entry[1] if entry is not None and entry[0] is action else resolve_action(state, action)
    s = Transition(state, log)
    take(s, parsed)
    return s.freeze(), tuple(s.events)


def take(s: Transition, parsed: Parsed) -> None:
    """Apply a checked action, in index form, to a working copy, and move on to the next decision."""
    s.dirty = 0
    s.ply += 1
    kind, actor, a1, a2, a3 = parsed
    if kind != ANSWER and s.rules.phases[s.phase].sealed:
        s.seal(parsed)
    elif kind == PLAY:
        s.play(actor, s.rules.cards[a1], a2, a3)
    elif kind == PASS:
        s.pass_turn(actor)
    else:
        for item in s.table:
            if item.id == a1:
                s.answer(actor, item, a2, a3)
                break
    s.advance()
    if s.ply >= s.rules.max_actions and s.ending < 0:
        s.cut_short()


def apply(state: GameState, actions: list[Action] | tuple[Action, ...]) -> tuple[GameState, list[Event]]:
    """Take several actions in order; the final state and all their events."""
    events: list[Event] = []
    for a in actions:
        state, ev = step(state, a)
        events.extend(ev)
    return state, events


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """How a finished game ended."""

    ending: str
    """Ending id."""
    name: str
    """Ending name."""
    round: int
    """1-based round in which it ended."""
    winners: tuple[str, ...]
    """Actors whose score reached their target."""
    scores: Mapping[str, int]
    """Final score of every actor with victory conditions."""
    meters: Mapping[str, int]
    """Final value of every meter (per-actor meters as ``meter.actor``)."""
    cut_short: bool = False
    """Whether the game was cut short at the scenario's action limit."""


def scores(state: GameState) -> dict[str, int]:
    """Each scored actor's score as if the game ended now."""
    values = score_all(state.rules, state)
    return {a.id: values[a.index] for a in state.rules.actors if a.win_at is not None}


def meter_values(state: GameState) -> dict[str, int]:
    """Every meter's value by name (per-actor meters as ``meter.actor``)."""
    rules = state.rules
    out: dict[str, int] = {}
    for m in rules.meters:
        if m.per_actor:
            for k in rules.tracks(m):
                out[f"{m.id}.{rules.actors[k].id}"] = state.meters[m.slot + k]
        else:
            out[m.id] = state.meters[m.slot]
    return out


def outcome(state: GameState) -> Outcome | None:
    """The outcome of a finished game, or ``None`` while it goes on."""
    if state.ending < 0:
        return None
    rules = state.rules
    sc = scores(state)
    ending = rules.endings[state.ending]
    return Outcome(
        ending=ending.id,
        name=ending.name,
        round=state.round + 1,
        winners=tuple(a.id for a in rules.actors if a.win_at is not None and sc[a.id] >= a.win_at),
        scores=sc,
        meters=meter_values(state),
        cut_short=state.cut,
    )


# ---------------------------------------------------------------- legality


def refusal(state: GameState, action: Action) -> IllegalActionError | None:
    """Why ``action`` is illegal (the error ``check`` would raise), or ``None`` if legal."""
    try:
        check(state, action)
    except IllegalActionError as e:
        return e
    return None


def card_refusal(state: GameState, card: str, actor: str) -> str | None:
    """Why ``actor`` cannot play ``card`` now (ignoring whose turn it is), or ``None``."""
    rules = state.rules
    c = rules.cards[rules.card_index[card]]
    a = rules.actor_index[actor]
    if a not in c.owners:
        return f"{card} is not {actor}'s card"
    block = card_block(state, c, a)
    if block is not None:
        return f"{card} {block[1]}"
    plays = next((p for card_, p in rules.tables.plays[a] if card_ is c), ())
    if plays and not any(_option_ok(state, p.forum, a) for p in plays):
        return "none of its forums is open"
    return None


def card_block(state: GameState | Transition, card: CardSpec, actor: int) -> tuple[str, str] | None:
    """Why ``actor`` cannot play ``card`` now, as (rule, reason without the card's id), or ``None``."""
    c = card.index
    if state.locked >> c & 1:
        return "R5", _unlock_words(state.rules)[c]
    if state.uses[c] >= card.limit:
        n = state.uses[c]
        times = "once" if n == 1 else "twice" if n == 2 else f"{n} times"
        return "R5", f"has already been played {times}: its limit for the game"
    if state.round_uses[c] >= card.per_round:
        return "R5", f"has already been played this round (limit {card.per_round} per round)"
    if card.requires is not None and not card.requires.fn(state, (actor, -1, -1)):
        return "R6", f"requires {card.requires.text}"
    return None


def _unlocks(effects: tuple[Effect, ...], qualifier: str = "") -> Iterator[tuple[int, str]]:
    """(card, qualifier) of every ``unlock`` in ``effects``; the qualifier says when a nested one applies."""
    for e in effects:
        if isinstance(e, SetLock) and not e.locked:
            yield e.card, qualifier
        elif isinstance(e, Chance):
            odds = f"{e.p.text} %" if isinstance(e.p, Condition) else f"{e.p:.0%}"
            rest = f"100% − ({e.p.text}) %" if isinstance(e.p, Condition) else f"{1 - e.p:.0%}"
            yield from _unlocks(e.then, f" ({odds} chance)")
            yield from _unlocks(e.otherwise, f" ({rest} chance)")
        elif isinstance(e, If):
            yield from _unlocks(e.then, f" (if {e.cond.text})")
            yield from _unlocks(e.otherwise, f" (unless {e.cond.text})")


@functools.lru_cache(maxsize=16)
def _unlock_words(rules: Rules) -> tuple[str, ...]:
    """Per card, why it is locked: ``is locked until rule “Pretext established” applies (pretext >= 6)``."""
    ways: list[list[str]] = [[] for _ in rules.cards]
    for t in rules.triggers:
        for c, q in _unlocks(t.effects):
            ways[c].append(f"rule “{t.name}” applies ({t.when.text}){q}")
    for card in rules.cards:
        verb = "is drawn" if card.kind is CardKind.EVENT else "is played"
        for c, q in _unlocks(card.effects):
            ways[c].append(f"{card.id} {verb}{q}")
        if card.protocol is not None:
            for i, past in enumerate(("accepted", "rejected", "countered", "met with silence")):
                for c, q in _unlocks(card.protocol.branch(i)):
                    ways[c].append(f"{card.id} is {past}{q}")
    for f in rules.forums:
        for c, q in _unlocks(f.on_split):
            ways[c].append(f"a split vote in {f.id}{q}")
    return tuple(
        "is locked until " + " or ".join(dict.fromkeys(w)) if w else "is locked, and no rule unlocks it" for w in ways
    )


def _option_ok(state: GameState, forum_id: str | None, actor: int) -> bool:
    if forum_id is None:
        return True
    rules = state.rules
    f = rules.forums[rules.forum_index[forum_id]]
    return f.open is None or bool(f.open.fn(state, (actor, -1, -1)))


def resolve_action(state: GameState, action: Action) -> Parsed:
    """Check an action (``IllegalActionError`` if illegal); return it in index form for ``take``."""
    rules = state.rules
    if state.ending >= 0:
        raise IllegalActionError("R1", f"the game is over ({rules.endings[state.ending].id}); no more actions")
    actor_id = getattr(action, "actor", None)
    actor = rules.actor_index.get(actor_id, -1) if isinstance(actor_id, str) else -1
    if actor < 0:
        raise IllegalActionError("R2", f"unknown actor {actor_id!r}")
    if actor != state.to_move:
        raise IllegalActionError("R2", f"it is {rules.actors[state.to_move].id}'s decision, not {actor_id}'s")
    phase = rules.phases[state.phase]
    if isinstance(action, Play):
        if phase.kind is not _PLAY:
            raise IllegalActionError(
                "R3", f"cards are played in play phases; this is the {phase.id} phase: answer instead"
            )
        c = rules.card_index.get(action.card, -1)
        if c < 0:
            raise IllegalActionError("R4", f"unknown card {action.card!r}")
        card = rules.cards[c]
        if actor not in card.owners:
            raise IllegalActionError("R4", f"{card.id} is not {actor_id}'s card")
        block = card_block(state, card, actor)
        if block is not None:
            raise IllegalActionError(block[0], f"{card.id} {block[1]}")
        if counter_only(card):
            raise IllegalActionError("R7", f"{card.id} is only played as a counter-offer (R10), not on its own")
        forum = _check_forum(state, card, action.forum, actor)
        target = _check_target(state, card, forum, action.target, actor)
        return PLAY, actor, c, forum, target
    if isinstance(action, Pass):
        if phase.kind is not _PLAY:
            raise IllegalActionError(
                "R3", f"passing is for play phases; in the {phase.id} phase answer (silence is an answer)"
            )
        return PASS, actor, 0, 0, 0
    if isinstance(action, Answer):
        if phase.kind is not _ANSWER:
            raise IllegalActionError("R3", f"answers are given in answer phases; this is the {phase.id} phase")
        head = state.queue[0][0]
        if action.item != head:
            raise IllegalActionError("R9", f"item #{head} must be answered now, not #{action.item}")
        item = state.item(head)
        assert item is not None
        r = _RESPONSE_INDEX.get(action.response, -1) if isinstance(action.response, str) else -1
        if r < 0:
            raise IllegalActionError(
                "R9", f"unknown response {action.response!r}; use accept, reject, counter or silence"
            )
        counter = -1
        if r == COUNTER:
            counter = _check_counter(state, item, action.counter, actor)
        elif action.counter is not None:
            raise IllegalActionError("R10", f"only a counter names a card; {action.response} does not")
        return ANSWER, actor, head, r, counter
    raise IllegalActionError("R3", f"not an action: {action!r}")


def _check_forum(state: GameState, card: CardSpec, forum_id: str | None, actor: int) -> int:
    rules = state.rules
    if not card.forums:
        if forum_id is not None:
            raise IllegalActionError("R7", f"{card.id} is not played in a forum (got {forum_id!r})")
        return -1
    if forum_id is None:
        choices = ", ".join(rules.forums[f].id for f in card.forums)
        raise IllegalActionError("R7", f"{card.id} must be played in a forum: one of {choices}")
    f = rules.forum_index.get(forum_id, -1)
    if f not in card.forums:
        choices = ", ".join(rules.forums[x].id for x in card.forums)
        raise IllegalActionError("R7", f"{card.id} cannot be played in {forum_id!r}; its forums are {choices}")
    forum = rules.forums[f]
    if forum.open is not None and not forum.open.fn(state, (actor, -1, -1)):
        raise IllegalActionError("R7", f"forum {forum.id} is closed: it opens when {forum.open.text}")
    if forum.rule is Rule.BILATERAL and actor not in forum.members:
        raise IllegalActionError("R7", f"{rules.actors[actor].id} is not a party to the bilateral forum {forum.id}")
    return f


def needs_target(rules: Rules, card: CardSpec, forum: int) -> bool:
    """Whether playing ``card`` in ``forum`` (-1 = none) requires choosing a target."""
    if not card.targets:
        return False
    return forum < 0 or rules.forums[forum].takes_target


def _check_target(state: GameState, card: CardSpec, forum: int, target_id: str | None, actor: int) -> int:
    rules = state.rules
    if not needs_target(rules, card, forum):
        if target_id is not None:
            raise IllegalActionError("R8", f"{card.id} takes no target here (got {target_id!r})")
        return -1
    if target_id is None:
        choices = ", ".join(rules.actors[t].id for t in card.targets)
        raise IllegalActionError("R8", f"{card.id} needs a target: one of {choices}")
    t = rules.actor_index.get(target_id, -1)
    if t not in card.targets or t == actor:
        choices = ", ".join(rules.actors[x].id for x in card.targets if x != actor)
        raise IllegalActionError("R8", f"{card.id} cannot target {target_id!r}; it may target {choices}")
    return t


def _check_counter(state: GameState, item: Tabled, counter_id: str | None, actor: int) -> int:
    rules = state.rules
    if item.counter_of >= 0:
        raise IllegalActionError("R10", f"item #{item.id} is itself a counter-offer; it cannot be countered")
    if counter_id is None:
        raise IllegalActionError("R10", "a counter must name the card answered with")
    c = rules.card_index.get(counter_id, -1)
    if c < 0:
        raise IllegalActionError("R10", f"unknown card {counter_id!r}")
    card = rules.cards[c]
    if actor not in card.owners:
        raise IllegalActionError("R10", f"{card.id} is not {rules.actors[actor].id}'s card")
    if item.card not in card.counters:
        raise IllegalActionError("R10", f"{card.id} cannot counter {rules.cards[item.card].id}")
    block = card_block(state, card, actor)
    if block is not None:
        raise IllegalActionError("R10", f"{card.id} {block[1]}")
    return c
