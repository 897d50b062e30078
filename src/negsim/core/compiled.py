"""Effects compiled to closures: the effect vocabulary of ``negsim.core.effects``, made fast.

Each effect becomes one Python function ``f(t, ctx, cause)`` that applies it to a
``Transition`` ``t``; a tuple of effects becomes one function that applies them in order and
stops once the game has ended. ``Tables.runner`` builds each tuple's function once. With
``cause`` ``None`` (a transition that records no events) nothing is written to the log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from negsim.core import rng as _rng
from negsim.core.effects import Chance, Effect, EndGame, If, Say, SetFlag, SetLock, SetMeter, Shift, Withdraw
from negsim.core.events import CardLockChanged, Cause, ChanceRolled, Clamped, FlagChanged, MeterChanged, Note
from negsim.core.rules import OTHER, Condition, Ctx, Rules

if TYPE_CHECKING:
    from negsim.core.transition import Transition

Runner = Callable[["Transition", Ctx, "Cause | None"], None]
"""A compiled effect or sequence of effects: applies it to a transition in a context, for a cause."""

_new = tuple.__new__


def compile_effects(rules: Rules, effects: tuple[Effect, ...]) -> Runner:
    """One function applying ``effects`` in order (stopping once the game has ended)."""
    fns = tuple(_compile(rules, e) for e in effects)
    if not fns:
        return _nothing
    if len(fns) == 1:
        return fns[0]

    def run_all(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
        for f in fns:
            if t.ending >= 0:
                return
            f(t, ctx, cause)

    return run_all


def _nothing(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
    """No effects."""


def _compile(rules: Rules, e: Effect) -> Runner:
    match e:
        case Shift(meter=m, slot=slot, rel=rel, by=by):
            if isinstance(by, Condition):
                return _tracks_only(rules, m, rel, _read_then(by, lambda n: _shift(rules, m, slot, rel, n)))
            return _tracks_only(rules, m, rel, _shift(rules, m, slot, rel, by))
        case SetMeter(meter=m, slot=slot, rel=rel, to=to):
            if isinstance(to, Condition):
                return _tracks_only(rules, m, rel, _read_then(to, lambda n: _set(rules, m, slot, rel, n)))
            return _tracks_only(rules, m, rel, _set(rules, m, slot, rel, to))
        case SetFlag(flag=f, value=v, bit=bit, rel=rel):
            return _flag(rules, f, v, bit, rel)
        case SetLock(card=c, locked=lk):
            return _lock(rules, c, lk)
        case Chance(p=p, then=then, otherwise=otherwise):
            if isinstance(p, Condition):
                yes, no = compile_effects(rules, then), compile_effects(rules, otherwise)
                return _read_then(p, lambda n: _percent_chance(n, yes, no))
            return _chance(p, compile_effects(rules, then), compile_effects(rules, otherwise))
        case If(cond=cond, then=then, otherwise=otherwise):
            fn = cond.fn
            yes, no = compile_effects(rules, then), compile_effects(rules, otherwise)

            def if_(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
                (yes if fn(t, ctx) else no)(t, ctx, cause)

            return if_
        case EndGame(ending=ending):

            def end(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
                t.end_game(ending)

            return end
        case Withdraw(card=card):

            def withdraw(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
                if ctx[0] >= 0:
                    t.withdraw(card, ctx[0], cause)

            return withdraw
        case Say(text=text):

            def say(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
                if cause is not None:
                    t.events.append(Note(round=t.round + 1, actor=cause.actor, text=text, cause=cause))

            return say
    raise TypeError(f"not an effect: {e!r}")  # pragma: no cover - the compiler admits nothing else


def _owner_names(rules: Rules, per_actor: bool) -> tuple[Any, ...]:
    """Per actor offset, the owner named in a meter event (``None`` for a global meter)."""
    return tuple(a.id for a in rules.actors) if per_actor else (None,) * max(1, len(rules.actors))


def _shift(rules: Rules, m: int, slot: int, rel: int, by: int) -> Runner:
    spec = rules.meters[m]
    low, high, mid, base = spec.low, spec.high, spec.id, spec.slot
    owners = _owner_names(rules, spec.per_actor)

    def shift(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
        k = slot
        if rel >= 0:
            who = ctx[rel]
            if who < 0:
                return
            k += who
        meters = t.meters
        old = meters[k]
        value = old + by
        value = low if value < low else high if value > high else value
        if value != old:
            meters[k] = value
            t.dirty |= 1 << k
            if cause is not None:
                # (round, actor, meter, owner, old, new, by, cause), built positionally
                t.events.append(
                    _new(MeterChanged, (t.round + 1, cause.actor, mid, owners[k - base], old, value, by, cause))
                )

    return shift


def _set(rules: Rules, m: int, slot: int, rel: int, to: int) -> Runner:
    spec = rules.meters[m]
    low, high, mid, base = spec.low, spec.high, spec.id, spec.slot
    owners = _owner_names(rules, spec.per_actor)
    value = low if to < low else high if to > high else to

    def set_(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
        k = slot
        if rel >= 0:
            who = ctx[rel]
            if who < 0:
                return
            k += who
        meters = t.meters
        old = meters[k]
        if value != old:
            meters[k] = value
            t.dirty |= 1 << k
            if cause is not None:
                t.events.append(
                    _new(MeterChanged, (t.round + 1, cause.actor, mid, owners[k - base], old, value, to - old, cause))
                )

    return set_


def _tracks_only(rules: Rules, m: int, rel: int, inner: Runner) -> Runner:
    """``inner``, run only when the context actor at ``rel`` has a track of meter ``m``.

    Unchanged for a meter every actor has a track of, or a fixed slot (``rel < 0``).
    """
    spec = rules.meters[m]
    if rel < 0 or spec.owners is None:
        return inner
    tracked = tuple(a in spec.owners for a in range(len(rules.actors)))

    def only(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
        who = ctx[rel]
        if who >= 0 and tracked[who]:
            inner(t, ctx, cause)

    return only


def _read_then(value: Condition, build: Callable[[int], Runner]) -> Runner:
    """An effect whose number is read from the state when it runs: the runner ``build`` makes for
    that number (built once per number met).
    """
    fn = value.fn
    memo: dict[int, Runner] = {}

    def read_then(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
        n = fn(t, ctx)
        run = memo.get(n)
        if run is None:
            run = memo[n] = build(n)
        run(t, ctx, cause)

    return read_then


def _flag(rules: Rules, f: int, v: bool, at: int = -1, rel: int = -1) -> Runner:
    spec = rules.flags[f]
    fid = spec.id
    if rel >= 0:
        # A per-actor flag, whose owner is a context actor: the bit is found when it runs.
        runs = tuple(_flag(rules, f, v, spec.bit + a) for a in range(len(rules.actors)))

        def flag_of(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
            who = ctx[rel]
            if who >= 0:
                runs[who](t, ctx, cause)

        return flag_of
    bit = 1 << (f if at < 0 else at)
    owner = rules.actors[at - spec.bit].id if at >= 0 else None

    def flag(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
        if bool(t.flags & bit) != v:
            t.flags ^= bit
            t.dirty |= OTHER
            if cause is not None:
                t.events.append(
                    FlagChanged(round=t.round + 1, actor=cause.actor, flag=fid, value=v, cause=cause, owner=owner)
                )

    return flag


def _lock(rules: Rules, c: int, lk: bool) -> Runner:
    bit = 1 << c
    cid = rules.cards[c].id

    def lock(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
        if bool(t.locked & bit) != lk:
            t.locked ^= bit
            t.dirty |= OTHER
            if cause is not None:
                t.events.append(CardLockChanged(round=t.round + 1, actor=cause.actor, card=cid, locked=lk, cause=cause))

    return lock


def _chance(p: float, yes: Runner, no: Runner) -> Runner:
    threshold = p * 1000

    def chance(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
        # A d1000 decides: players see the die, never the generator's state.
        raw, t.rng = _rng.next_float(t.rng)
        roll = int(raw * 1000)
        ok = roll < threshold
        if cause is not None:
            t.events.append(ChanceRolled(round=t.round + 1, actor=cause.actor, p=p, roll=roll, success=ok, cause=cause))
        (yes if ok else no)(t, ctx, cause)

    return chance


def clamp_percent(value: int) -> int:
    """A percentage brought into 0..100."""
    return 0 if value < 0 else 100 if value > 100 else value


def _percent_chance(value: int, yes: Runner, no: Runner) -> Runner:
    """A chance of ``value`` percent, clamped to 0..100 with an event saying so."""
    used = clamp_percent(value)
    roll = _chance(used / 100, yes, no)
    if used == value:
        return roll

    def clamped(t: Transition, ctx: Ctx, cause: Cause | None) -> None:
        if cause is not None:
            t.events.append(
                Clamped(round=t.round + 1, actor=cause.actor, what="chance", value=value, used=used, cause=cause)
            )
        roll(t, ctx, cause)

    return clamped
