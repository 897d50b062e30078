"""A seat's information set: the state as one seat may know it, and states sampled from it.

Whatever decides for a seat gets ``information_set(state, seat)``: a ``GameState`` in which
everything the seat may not see is replaced by a fixed stand-in -- meters and flags hidden
from it are at their start values, the random stream and the seed are zero; items on the
table it may not see are gone; others' secret cards (and cards played only in forums closed
to it) count as never played; others' sealed choices are unknown (a pass) and, in a sealed
ballot, others' answers are silence -- and whose
rules keep of the other actors only what every seat may know of their aims (their public
objectives; their private objectives and base score are dropped). Two states that differ
only in what the seat may not know have the same information set, so a bot that decides
from it cannot peek.

``determinize`` samples a complete state from an information set: a random stream for the
future draws and chance, and values for the hidden meters and flags. Search plays from such
samples, one per simulation; it also draws others' unknown sealed choices (at random among
their legal moves) and their secret ballots.
"""

from __future__ import annotations

import dataclasses
import functools
import random

from negsim.core.actions import PASS, PLAY, Pass
from negsim.core.forums import ACCEPT, REJECT, SILENCE
from negsim.core.rules import OTHER, ActorSpec, PhaseKind, Rules
from negsim.core.secrecy import item_audience
from negsim.core.state import GameState, Tabled

UNKNOWN = -1
"""The kind of a sealed choice the seat may not know (in ``GameState.sealed``); played as a pass."""


@functools.lru_cache(maxsize=64)
def public_rules(rules: Rules, seat: str) -> Rules:
    """``rules`` as ``seat`` knows them: other actors' private objectives and base scores removed."""
    me = rules.actor_index[seat]
    actors = tuple(a if a.index == me else _public_actor(a) for a in rules.actors)
    if actors == rules.actors:
        return rules
    return dataclasses.replace(rules, actors=actors)


def _public_actor(a: ActorSpec) -> ActorSpec:
    objectives = tuple(o for o in a.objectives if o.public)
    if a.score is None and objectives == a.objectives:
        return a
    return dataclasses.replace(a, score=None, objectives=objectives)


@functools.lru_cache(maxsize=64)
def _hidden(rules: Rules, seat: str) -> tuple[tuple[int, ...], int, int]:
    """(meter slots hidden from ``seat``, bits of flags hidden from it, bits of repeating triggers
    whose edge state could reveal them).
    """
    me = rules.actor_index[seat]
    slots: list[int] = []
    for m in rules.meters:
        for o in rules.tracks(m):
            if not rules.meter_visible(m, o, me):
                slots.append(m.slot + max(o, 0))
    flags = 0
    for f in rules.flags:
        for o, bit in rules.flag_bits(f):
            if not rules.flag_visible(f, me, o):
                flags |= 1 << bit
    slot_bits = sum(1 << k for k in slots)
    triggers = 0
    for t in rules.triggers:
        if t.repeat and (t.when.deps & slot_bits or (flags and t.when.deps & OTHER)):
            triggers |= 1 << t.index
    return tuple(slots), flags, triggers


@functools.lru_cache(maxsize=64)
def hidden_cards(rules: Rules, seat: str) -> int:
    """Bits of the cards whose plays ``seat`` may not count: others' secret cards it is not shown,
    and others' cards that are played only in forums closed to it.
    """
    me = rules.actor_index[seat]
    bits = 0
    for c in rules.cards:
        if me in c.owners or not c.owners:
            continue
        if c.secret:
            hidden = not c.seen_by >> me & 1
        else:
            hidden = bool(c.forums) and all(
                rules.forums[f].seen_by and not rules.forums[f].seen_by >> me & 1 for f in c.forums
            )
        if hidden:
            bits |= 1 << c.index
    return bits


def _unseen(state: GameState, seat: str) -> GameState:
    """``state`` without the plays, items, sealed choices and secret ballots ``seat`` may not see."""
    rules = state.rules
    me = rules.actor_index[seat]
    cards = hidden_cards(rules, seat)
    table = tuple(t for t in state.table if not (bits := item_audience(rules, t)) or bits >> me & 1)
    ph = rules.phases[state.phase]
    if ph.sealed and ph.kind is PhaseKind.ANSWER:
        table = tuple(
            t._replace(answers=tuple(a if a[0] == me else (a[0], SILENCE, -1) for a in t.answers))
            if any(a[0] != me for a in t.answers)
            else t
            for t in table
        )
    kept = {t.id for t in table}
    queue = state.queue if len(kept) == len(state.table) else tuple(q for q in state.queue if q[0] in kept)
    sealed = tuple(c if c[1] == me else (UNKNOWN, c[1], 0, 0, 0) for c in state.sealed)
    changes: dict[str, object] = {"table": table, "queue": queue, "sealed": sealed}
    if cards:
        uses = tuple(0 if cards >> c & 1 else n for c, n in enumerate(state.uses))
        round_uses = tuple(0 if cards >> c & 1 else n for c, n in enumerate(state.round_uses))
        resolved = tuple(0 if cards >> (k // 4) & 1 else n for k, n in enumerate(state.resolved))
        n = len(rules.actors)
        votes = tuple(0 if cards >> (k // n) & 1 else v for k, v in enumerate(state.votes))
        changes |= {
            "uses": uses,
            "round_uses": round_uses,
            "resolved": resolved,
            "votes": votes,
            "spent": state.spent & ~cards,
            "spent_round": state.spent_round & ~cards,
        }
    return state._replace(**changes)  # type: ignore[arg-type]


def information_set(state: GameState, seat: str) -> GameState:
    """What ``seat`` may know of ``state``, as a state (see the module's docstring)."""
    rules = state.rules
    slots, flag_bits, trigger_bits = _hidden(rules, seat)
    meters, round_start, flags, armed = state.meters, state.round_start, state.flags, state.armed
    if slots:
        m, rs = list(meters), list(round_start)
        for k in slots:
            spec = rules.meters[rules.tables.slot_names[k][0]]
            m[k] = rs[k] = spec.starts[k - spec.slot] if spec.starts else spec.start
        meters, round_start = tuple(m), tuple(rs)
    if flag_bits:
        start = sum(1 << bit for f in rules.flags if f.start for _, bit in rules.flag_bits(f))
        flags = flags & ~flag_bits | start & flag_bits
        armed &= ~trigger_bits
    elif trigger_bits:
        armed &= ~trigger_bits
    if rules.tables.secrecy:
        state = _unseen(state, seat)
    return state._replace(
        rules=public_rules(rules, seat),
        seed=0,
        rng=0,
        meters=meters,
        round_start=round_start,
        flags=flags,
        armed=armed,
    )


def determinize(infoset: GameState, seat: str, rng: random.Random) -> GameState:
    """A complete state drawn from ``seat``'s information set: a fresh random stream, and hidden
    meters (uniform over their range) and flags (a fair coin) sampled.
    """
    rules = infoset.rules
    slots, flag_bits, _ = _hidden(rules, seat)
    meters, flags = infoset.meters, infoset.flags
    if slots:
        m = list(meters)
        for k in slots:
            spec = rules.meters[rules.tables.slot_names[k][0]]
            m[k] = rng.randint(spec.low, spec.high)
        meters = tuple(m)
    if flag_bits:
        flags = flags & ~flag_bits | rng.getrandbits(rules.flag_width) & flag_bits
    sample = infoset._replace(rng=rng.getrandbits(64), meters=meters, flags=flags)
    if rules.tables.secrecy:
        sample = _draw_unseen(sample, seat, rng)
    return sample


def _draw_unseen(state: GameState, seat: str, rng: random.Random) -> GameState:
    """Others' unknown sealed choices drawn among their legal moves, and their secret ballots at random."""
    from negsim.core.engine import legal_actions, resolve_action  # the engine imports this module's users

    rules = state.rules
    me = rules.actor_index[seat]
    changes: dict[str, object] = {}
    if any(c[0] == UNKNOWN for c in state.sealed):
        sealed = []
        for c in state.sealed:
            if c[0] == UNKNOWN:
                options = legal_actions(state._replace(to_move=c[1], sealed=()))
                pick = options[rng.randrange(len(options))] if options else Pass(actor=rules.actors[c[1]].id)
                c = resolve_action(state._replace(to_move=c[1], sealed=()), pick)
                c = c if c[0] in (PLAY, PASS) else (PASS, c[1], 0, 0, 0)
            sealed.append(c)
        changes["sealed"] = tuple(sealed)
    ph = rules.phases[state.phase]
    if ph.sealed and ph.kind is PhaseKind.ANSWER:
        changes["table"] = tuple(_ballot(t, me, rng) for t in state.table)
    return state._replace(**changes) if changes else state  # type: ignore[arg-type]


def _ballot(t: Tabled, me: int, rng: random.Random) -> Tabled:
    """An item with others' secret answers drawn at random (accept, reject or silence)."""
    if all(a[0] == me for a in t.answers):
        return t
    return t._replace(
        answers=tuple(a if a[0] == me else (a[0], (ACCEPT, REJECT, SILENCE)[rng.randrange(3)], -1) for a in t.answers)
    )
