"""A seat's information set: the state as one seat may know it, and states sampled from it.

Whatever decides for a seat gets ``information_set(state, seat)``: a ``GameState`` in which
everything the seat may not see is replaced by a fixed stand-in -- meters and flags hidden
from it are at their start values, the random stream and the seed are zero -- and whose
rules keep of the other actors only what every seat may know of their aims (their public
objectives; their private objectives and base score are dropped). Two states that differ
only in what the seat may not know have the same information set, so a bot that decides
from it cannot peek.

``determinize`` samples a complete state from an information set: a random stream for the
future draws and chance, and values for the hidden meters and flags. Search plays from such
samples, one per simulation.
"""

from __future__ import annotations

import dataclasses
import functools
import random

from negsim.core.rules import OTHER, ActorSpec, Rules
from negsim.core.state import GameState


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
    return infoset._replace(rng=rng.getrandbits(64), meters=meters, flags=flags)
