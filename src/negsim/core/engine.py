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
from negsim.core.actions import Action, Answer, Pass, Play
from negsim.core.effects import Chance, Effect, If, SetLock
from negsim.core.events import Event
from negsim.core.rules import RESPONSES, CardKind, CardSpec, PhaseKind, Response, Rule, Rules
from negsim.core.scratch import COUNTER, Scratch, score_all
from negsim.core.state import GameState, Tabled
from negsim.errors import IllegalActionError

_PLAY, _ANSWER = PhaseKind.PLAY, PhaseKind.ANSWER
_RESPONSE_INDEX = {r: i for i, r in enumerate(RESPONSES)}
_new_state = tuple.__new__


def start(rules: Rules, seed: int = 0) -> tuple[GameState, tuple[Event, ...]]:
    """A new game and the events of its opening (round start, opening triggers)."""
    meters: list[int] = [0] * rules.slots
    for m in rules.meters:
        n = len(rules.actors) if m.per_actor else 1
        for k in range(n):
            meters[m.slot + k] = m.start
    flags = sum(1 << f.index for f in rules.flags if f.start)
    locked = sum(1 << c.index for c in rules.cards if c.locked)
    zero = rules.zero_uses
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
        ),
    )
    s = Scratch(s0)
    s.dirty = -1  # evaluate every condition once at the start
    s.start_round()
    s.settle()
    s.advance()
    return s.freeze(), tuple(s.events)


def new_game(rules: Rules, seed: int = 0) -> GameState:
    """A new game of ``rules`` whose chance is drawn from ``seed``."""
    return start(rules, seed)[0]


Parsed = tuple[int, int, int, int, int]
"""An action in indices for ``step``: (kind, actor, card or item, forum or response, target or counter)."""

_LAST: tuple[GameState | None, frozenset[int]] = (None, frozenset())
"""The state of the last ``legal_actions`` call and the ``id()`` of every action it offered,
so ``step`` need not check again an action it was just offered (a one-entry memo)."""


def legal_actions(state: GameState) -> tuple[Action, ...]:
    """Every action the actor to move may take, plays first; empty once the game is over."""
    global _LAST  # noqa: PLW0603 - a one-entry memo, replaced atomically
    a = state.to_move
    if a < 0:
        return ()
    rules = state.rules
    if rules.phases[state.phase].kind is _PLAY:
        # What decides the plays: which cards are out (locked, spent, precondition false) and
        # which forums are closed. The list for each such key is built once and memoised.
        ctx = (a, -1, -1)
        dead = (state.locked | state.spent | state.spent_round) & rules.hand_masks[a]
        for bit, requires in rules.requirements[a]:
            if not dead & bit and not requires(state, ctx):
                dead |= bit
        closed = 0
        for bit, opens in rules.forum_conditions:
            if not opens(state, ctx):
                closed |= bit
        key = (a, dead, closed)
        memo = rules.plays_cache
        hit = memo.get(key)
        if hit is None:
            if len(memo) > 50_000:
                memo.clear()
            plays = _plays(rules, a, dead, closed)
            hit = memo[key] = (plays, frozenset(map(id, plays)))
        result, ids = hit
    else:
        item_id = state.queue[0][0]
        base = rules.answer_cache.get((item_id, a))
        if base is None:
            base = rules.answer_cache[(item_id, a)] = _answers(rules, item_id, a)
        result, ids = base
        mine = rules.counter_cards[a]
        item = state.item(item_id) if mine else None
        counters = mine.get(item.card) if item is not None and item.counter_of < 0 else None
        if counters:
            opts: list[Action] = list(result)
            for c in counters:
                card = rules.cards[c]
                if _card_refusal(state, card, a) is None:
                    act = rules.counter_cache.get((item_id, a, c))
                    if act is None:
                        act = rules.counter_cache[(item_id, a, c)] = Answer(
                            actor=rules.actors[a].id, item=item_id, response=Response.COUNTER, counter=card.id
                        )
                        rules.parsed[id(act)] = (2, a, item_id, COUNTER, c)
                    opts.append(act)
            result = tuple(opts)
            ids = frozenset(map(id, result))
    _LAST = (state, ids)
    return result


def _answers(rules: Rules, item_id: int, a: int) -> tuple[tuple[Action, ...], frozenset[int]]:
    """Actor ``a``'s accept, reject and silence answers to item ``item_id`` (memoised with their ids)."""
    name = rules.actors[a].id
    out: list[Action] = []
    for r in (0, 1, 3):
        act = Answer(actor=name, item=item_id, response=RESPONSES[r])
        rules.parsed[id(act)] = (2, a, item_id, r, -1)
        out.append(act)
    return tuple(out), frozenset(map(id, out))


def _plays(rules: Rules, a: int, dead: int, closed: int) -> tuple[Action, ...]:
    """The plays of actor ``a`` when the cards in ``dead`` are out and the forums in ``closed`` are shut, then Pass."""
    out: list[Action] = []
    for c, _, single, plays in rules.play_table[a]:
        if dead >> c & 1:
            continue
        if single is not None:
            out.append(single)
            continue
        for p, forum_bit in plays:
            if not closed & forum_bit:
                out.append(p)
    out.append(rules.passes[a])
    return tuple(out)


def check(state: GameState, action: Action) -> None:
    """Raise ``IllegalActionError`` (naming the rule) unless ``action`` is legal in ``state``."""
    _resolve(state, action)


def is_legal(state: GameState, action: Action) -> bool:
    """Whether ``action`` is legal in ``state``."""
    try:
        _resolve(state, action)
    except IllegalActionError:
        return False
    return True


def step(state: GameState, action: Action) -> tuple[GameState, tuple[Event, ...]]:
    """Take a legal action: the next state and the events it produced."""
    last_state, offered = _LAST
    if last_state is state and id(action) in offered:
        parsed = state.rules.parsed[id(action)]  # legal_actions just offered this very object
    else:
        parsed = _resolve(state, action)
    s = Scratch(state)
    s.ply += 1
    kind, actor, a1, a2, a3 = parsed
    rules = state.rules
    if kind == 0:
        s.play(actor, rules.cards[a1], a2, a3)
    elif kind == 1:
        s.pass_turn(actor)
    else:
        item = state.item(a1)
        assert item is not None
        s.answer(actor, item, a2, a3)
    s.advance()
    return s.freeze(), tuple(s.events)


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


def scores(state: GameState) -> dict[str, int]:
    """Each scored actor's score as if the game ended now."""
    values = score_all(state)
    return {a.id: values[a.index] for a in state.rules.actors if a.win_at is not None}


def meter_values(state: GameState) -> dict[str, int]:
    """Every meter's value by name (per-actor meters as ``meter.actor``)."""
    rules = state.rules
    out: dict[str, int] = {}
    for m in rules.meters:
        if m.per_actor:
            for a in rules.actors:
                out[f"{m.id}.{a.id}"] = state.meters[m.slot + a.index]
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
    )


# ---------------------------------------------------------------- legality


def refusal(state: GameState, action: Action) -> IllegalActionError | None:
    """Why ``action`` is illegal (the error ``check`` would raise), or ``None`` if legal."""
    try:
        _resolve(state, action)
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
    err = _card_refusal(state, c, a)
    if err is not None:
        return err.reason
    plays = next((p for card_, p in rules.plays[a] if card_ is c), ())
    if plays and not any(_option_ok(state, p.forum, a) for p in plays):
        return "none of its forums is open"
    return None


def card_block(state: GameState, card: CardSpec, actor: int) -> tuple[str, str] | None:
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
            yield from _unlocks(e.then, f" ({e.p:.0%} chance)")
            yield from _unlocks(e.otherwise, f" ({1 - e.p:.0%} chance)")
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


def _card_refusal(state: GameState, card: CardSpec, actor: int) -> IllegalActionError | None:
    block = card_block(state, card, actor)
    return None if block is None else IllegalActionError(block[0], f"{card.id} {block[1]}")


def _option_ok(state: GameState, forum_id: str | None, actor: int) -> bool:
    if forum_id is None:
        return True
    rules = state.rules
    f = rules.forums[rules.forum_index[forum_id]]
    return f.open is None or bool(f.open.fn(state, (actor, -1, -1)))


def _resolve(state: GameState, action: Action) -> Parsed:
    """Check an action; return (kind, actor, a1, a2, a3) in indices for ``step``."""
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
        err = _card_refusal(state, card, actor)
        if err is not None:
            raise err
        if card.protocol is not None and not card.forums and not card.targets:
            raise IllegalActionError("R7", f"{card.id} is only played as a counter-offer (R10), not on its own")
        forum = _check_forum(state, card, action.forum, actor)
        target = _check_target(state, card, forum, action.target, actor)
        return 0, actor, c, forum, target
    if isinstance(action, Pass):
        if phase.kind is not _PLAY:
            raise IllegalActionError(
                "R3", f"passing is for play phases; in the {phase.id} phase answer (silence is an answer)"
            )
        return 1, actor, 0, 0, 0
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
        return 2, actor, head, r, counter
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
    return forum < 0 or rules.forums[forum].rule is Rule.UNILATERAL


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
    err = _card_refusal(state, card, actor)
    if err is not None:
        raise IllegalActionError("R10", err.reason)
    return c
