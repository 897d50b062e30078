"""The engine's working copy of a state during one ``step``: applies effects, runs the
turn structure, emits events, then freezes into the next ``GameState``.

This is the only place where rules change values. It is private to ``negsim.core``.
"""

from __future__ import annotations

from negsim.core import rng as _rng
from negsim.core.effects import Chance, Effect, EndGame, If, Say, SetFlag, SetLock, SetMeter, Shift
from negsim.core.events import (
    Answered,
    CardLockChanged,
    CardPlayed,
    Cause,
    ChanceRolled,
    Event,
    EventDrawn,
    FlagChanged,
    GameEnd,
    ItemResolved,
    ItemTabled,
    MeterChanged,
    Note,
    Passed,
    PhaseStarted,
    RoundStarted,
    TriggerFired,
)
from negsim.core.rules import (
    NO_CTX,
    OTHER,
    RESPONSES,
    At,
    CardSpec,
    Ctx,
    Fn,
    PhaseKind,
    Rule,
    Rules,
)
from negsim.core.state import GameState, Tabled

ACCEPT, REJECT, COUNTER, SILENCE = 0, 1, 2, 3
_RESPONSE_NAMES = tuple(r.value for r in RESPONSES)
_PLAY, _ANSWER, _DRAW = PhaseKind.PLAY, PhaseKind.ANSWER, PhaseKind.DRAW
_new = tuple.__new__


class Scratch:
    """A mutable copy of a ``GameState`` used while computing the next one."""

    __slots__ = (
        "armed",
        "dirty",
        "ending",
        "events",
        "fired",
        "flags",
        "locked",
        "meters",
        "next_item",
        "phase",
        "plays",
        "ply",
        "queue",
        "resolved",
        "rng",
        "round",
        "round_start",
        "round_uses",
        "rules",
        "seed",
        "spent",
        "spent_round",
        "table",
        "to_move",
        "turn",
        "uses",
    )

    def __init__(self, s: GameState) -> None:
        """Start from a state."""
        (
            self.rules,
            self.seed,
            self.round,
            self.phase,
            self.turn,
            self.plays,
            self.to_move,
            meters,
            self.round_start,
            self.flags,
            self.locked,
            self.uses,
            self.round_uses,
            self.spent,
            self.spent_round,
            self.resolved,
            self.table,
            self.queue,
            self.next_item,
            self.fired,
            self.armed,
            self.rng,
            self.ending,
            self.ply,
        ) = s
        self.meters: list[int] = list(meters)
        self.events: list[Event] = []
        self.dirty = 0  # what changed since the last settle: meter slot bits and OTHER

    def freeze(self) -> GameState:
        """The resulting immutable state."""
        st: GameState = _new(
            GameState,
            (
                self.rules,
                self.seed,
                self.round,
                self.phase,
                self.turn,
                self.plays,
                self.to_move,
                tuple(self.meters),
                self.round_start,
                self.flags,
                self.locked,
                self.uses,
                self.round_uses,
                self.spent,
                self.spent_round,
                self.resolved,
                self.table,
                self.queue,
                self.next_item,
                self.fired,
                self.armed,
                self.rng,
                self.ending,
                self.ply,
            ),
        )
        return st

    # ----------------------------------------------------------------- causes

    def cause(self, kind: str, id_: str, actor: int, branch: str | None = None) -> Cause:
        """A (memoised) cause value."""
        key = (kind, id_, actor, branch)
        memo = self.rules.cause_cache
        c = memo.get(key)
        if c is None:
            name = self.rules.actors[actor].id if actor >= 0 else None
            c = memo[key] = Cause(kind=kind, id=id_, actor=name, branch=branch)
        return c

    # ---------------------------------------------------------------- effects

    def run(self, effects: tuple[Effect, ...], ctx: Ctx, cause: Cause) -> None:
        """Apply effects in order: the interpreter of the effect vocabulary."""
        for e in effects:
            if self.ending >= 0:
                return
            match e:
                case Shift(slot=slot, rel=rel, by=by, meter=m):
                    # The commonest effect, inlined: clamp, record, mark the slot changed.
                    if rel >= 0:
                        if ctx[rel] < 0:
                            continue
                        slot += ctx[rel]
                    meters = self.meters
                    old = meters[slot]
                    low, high, mid, base, per_actor = self.rules.meter_bounds[m]
                    value = old + by
                    value = low if value < low else high if value > high else value
                    if value != old:
                        meters[slot] = value
                        self.dirty |= 1 << slot
                        owner = self.rules.actors[slot - base].id if per_actor else None
                        # (round, actor, meter, owner, old, new, by, cause)
                        self.events.append(
                            _new(MeterChanged, (self.round + 1, cause.actor, mid, owner, old, value, by, cause))
                        )
                case SetMeter(slot=slot, rel=rel, to=to, meter=m):
                    if rel >= 0:
                        if ctx[rel] < 0:
                            continue
                        slot += ctx[rel]
                    self._set_meter(m, slot, to, to - self.meters[slot], cause)
                case SetFlag(flag=f, value=v):
                    bit = 1 << f
                    if bool(self.flags & bit) != v:
                        self.flags ^= bit
                        self.dirty |= OTHER
                        self.events.append(
                            FlagChanged(
                                round=self.round + 1,
                                actor=cause.actor,
                                flag=self.rules.flags[f].id,
                                value=v,
                                cause=cause,
                            )
                        )
                case SetLock(card=c, locked=lk):
                    bit = 1 << c
                    if bool(self.locked & bit) != lk:
                        self.locked ^= bit
                        self.dirty |= OTHER
                        self.events.append(
                            CardLockChanged(
                                round=self.round + 1,
                                actor=cause.actor,
                                card=self.rules.cards[c].id,
                                locked=lk,
                                cause=cause,
                            )
                        )
                case Chance(p=p, then=then, otherwise=otherwise):
                    # A d1000 decides: players see the die, never the generator's state.
                    raw, self.rng = _rng.next_float(self.rng)
                    roll = int(raw * 1000)
                    ok = roll < p * 1000
                    self.events.append(
                        ChanceRolled(
                            round=self.round + 1,
                            actor=cause.actor,
                            p=p,
                            roll=roll,
                            success=ok,
                            cause=cause,
                        )
                    )
                    self.run(then if ok else otherwise, ctx, cause)
                case If(cond=cond, then=then, otherwise=otherwise):
                    self.run(then if cond.fn(self, ctx) else otherwise, ctx, cause)
                case EndGame(ending=ending):
                    self.end_game(ending)
                case Say(text=text):
                    self.events.append(Note(round=self.round + 1, actor=cause.actor, text=text, cause=cause))

    def _set_meter(self, m: int, slot: int, value: int, by: int, cause: Cause) -> None:
        spec = self.rules.meters[m]
        value = spec.low if value < spec.low else spec.high if value > spec.high else value
        old = self.meters[slot]
        if value == old:
            return
        self.meters[slot] = value
        self.dirty |= 1 << slot
        owner = None if not spec.per_actor else self.rules.actors[slot - spec.slot].id
        # Hot events are built positionally, in field order (round, actor, meter, owner, old, new, by, cause).
        self.events.append(_new(MeterChanged, (self.round + 1, cause.actor, spec.id, owner, old, value, by, cause)))

    # ------------------------------------------------------------- card usage

    def _count_use(self, c: int) -> None:
        card = self.rules.cards[c]
        u = self.uses
        n = u[c] + 1
        self.uses = (*u[:c], n, *u[c + 1 :])
        ru = self.round_uses
        rn = ru[c] + 1
        self.round_uses = (*ru[:c], rn, *ru[c + 1 :])
        if n >= card.limit:
            self.spent |= 1 << c
        if rn >= card.per_round:
            self.spent_round |= 1 << c
        self.dirty |= OTHER

    def play(self, actor: int, card: CardSpec, forum: int, target: int) -> None:
        """Play a card: count it, run its effects, table it if it must be answered."""
        rules = self.rules
        # (round, actor, card, forum, target)
        self.events.append(
            _new(
                CardPlayed,
                (
                    self.round + 1,
                    rules.actors[actor].id,
                    card.id,
                    rules.forums[forum].id if forum >= 0 else None,
                    rules.actors[target].id if target >= 0 else None,
                ),
            )
        )
        self._count_use(card.index)
        self.plays += 1
        ctx = (actor, target, actor)
        if card.effects:
            self.run(card.effects, ctx, self.cause("card", card.id, actor))
        if card.protocol is not None and self.ending < 0:
            self.table_item(card, actor, forum, target, -1)
        self.settle()

    def pass_turn(self, actor: int) -> None:
        """End the actor's turn in this play phase."""
        self.events.append(_new(Passed, (self.round + 1, self.rules.actors[actor].id)))
        self.plays = 1 << 30

    def responders(self, card: CardSpec, proposer: int, forum: int, target: int) -> tuple[int, ...]:
        """Who must answer a card tabled by ``proposer`` in ``forum`` to ``target``."""
        return responders(self.rules, proposer, forum, target)

    def table_item(self, card: CardSpec, proposer: int, forum: int, target: int, counter_of: int) -> None:
        """Put a card on the table."""
        rules = self.rules
        if counter_of >= 0:
            who: tuple[int, ...] = (target,)
        else:
            who = self.responders(card, proposer, forum, target)
        item = Tabled(self.next_item, card.index, proposer, forum, target, who, (), counter_of, self.round)
        self.next_item += 1
        self.events.append(
            ItemTabled(
                round=self.round + 1,
                actor=rules.actors[proposer].id,
                item=item.id,
                card=card.id,
                forum=rules.forums[forum].id if forum >= 0 else None,
                target=rules.actors[target].id if target >= 0 else None,
                responders=tuple([rules.actors[a].id for a in who]),
                counter_of=counter_of if counter_of >= 0 else None,
            )
        )
        if not who:
            # Nobody can answer: it resolves at once as silence.
            self.resolve(item, SILENCE, ())
            return
        self.table = (*self.table, item)
        self.dirty |= OTHER
        if rules.phases[self.phase].kind is _ANSWER:
            self.queue = (*self.queue, *((item.id, a) for a in who))

    def answer(self, actor: int, item: Tabled, response: int, counter: int) -> None:
        """Record an answer; resolve the item once everyone has answered."""
        rules = self.rules
        self.queue = self.queue[1:]
        # (round, actor, item, card, response, counter)
        self.events.append(
            _new(
                Answered,
                (
                    self.round + 1,
                    rules.actors[actor].id,
                    item.id,
                    rules.cards[item.card].id,
                    _RESPONSE_NAMES[response],
                    rules.cards[counter].id if counter >= 0 else None,
                ),
            )
        )
        answers = (*item.answers, (actor, response, counter))
        item = _new(Tabled, (*item[:6], answers, *item[7:]))
        table = self.table
        at = 0
        for at, t in enumerate(table):  # noqa: B007 - the position is what we want
            if t.id == item.id:
                break
        self.dirty |= OTHER
        if len(answers) < len(item.responders):
            self.table = (*table[:at], item, *table[at + 1 :])
        else:
            self.table = (*table[:at], *table[at + 1 :])
            self.resolve(
                item, _decide(rules.forums[item.forum].rule if item.forum >= 0 else Rule.UNILATERAL, answers), answers
            )
        self.settle()

    def resolve(self, item: Tabled, result: int, answers: tuple[tuple[int, int, int], ...]) -> None:
        """Apply the result of a decision: the card's branch, split costs, counter-offers."""
        rules = self.rules
        card = rules.cards[item.card]
        # A split: someone rejected while others accepted or countered (silence divides nobody).
        rejected = supported = False
        votes = []
        for a, r, _ in answers:
            if r == REJECT:
                rejected = True
            elif r != SILENCE:
                supported = True
            votes.append((rules.actors[a].id, _RESPONSE_NAMES[r]))
        split = rejected and supported
        # (round, actor, item, card, forum, result, votes, split)
        self.events.append(
            _new(
                ItemResolved,
                (
                    self.round + 1,
                    rules.actors[item.proposer].id,
                    item.id,
                    card.id,
                    rules.forums[item.forum].id if item.forum >= 0 else None,
                    _RESPONSE_NAMES[result],
                    tuple(votes),
                    split,
                ),
            )
        )
        k = card.index * 4 + result
        counts = self.resolved
        self.resolved = (*counts[:k], counts[k] + 1, *counts[k + 1 :])
        self.dirty |= OTHER
        ctx = (item.proposer, item.target, item.proposer)
        assert card.protocol is not None
        branch = card.protocol.branch(result)
        if branch:
            self.run(branch, ctx, self.cause("resolution", card.id, item.proposer, _RESPONSE_NAMES[result]))
        if split and item.forum >= 0:
            forum = rules.forums[item.forum]
            if forum.on_split:
                self.run(forum.on_split, ctx, self.cause("forum", forum.id, item.proposer, "split"))
        if result == COUNTER and self.ending < 0:
            who, _, cc = next(a for a in answers if a[1] == COUNTER)
            counter = rules.cards[cc]
            self._count_use(cc)
            if counter.effects:
                self.run(counter.effects, (who, item.proposer, who), self.cause("counter", counter.id, who))
            if counter.protocol is not None and self.ending < 0:
                self.table_item(counter, who, item.forum, item.proposer, item.id)

    # --------------------------------------------------------------- triggers

    def settle(self) -> None:
        """After any change: fire action triggers until nothing more fires, then check endings.

        Each condition knows which meter slots it reads (and whether it reads anything else);
        only conditions whose inputs changed since the last check are evaluated again, so
        their results -- and the edge state of repeating triggers -- are exactly as if all
        were evaluated.
        """
        dirty = self.dirty
        if not dirty or self.ending >= 0:
            return
        rules = self.rules
        triggers, _, endings, ending_deps = rules.settle_checks
        # What the triggers still able to fire read (once-only triggers that fired drop out).
        trigger_deps = rules.live_deps.get(self.fired)
        if trigger_deps is None:
            trigger_deps = rules.live_deps[self.fired] = _live_deps(triggers, self.fired)
        if not dirty & trigger_deps:
            self.dirty = 0
            if dirty & ending_deps:
                for index, deps, fn in endings:
                    if deps & dirty and fn(self, NO_CTX):
                        self.end_game(index)
                        return
            return
        seen = 0
        for _ in range(len(triggers) + 1):
            dirty = self.dirty
            if not dirty & trigger_deps:
                seen |= dirty
                break
            self.dirty = 0
            seen |= dirty
            for index, bit, deps, fn, repeat in triggers:
                if not deps & dirty:
                    continue
                if not repeat:
                    # Once per game: fires the first time it holds.
                    if self.fired & bit or not fn(self, NO_CTX):
                        continue
                else:
                    # Each time it becomes true.
                    if not fn(self, NO_CTX):
                        self.armed &= ~bit
                        continue
                    if self.armed & bit:
                        continue
                    self.armed |= bit
                self.fire(index)
                if self.ending >= 0:
                    return
        self.dirty = 0
        if seen & ending_deps:
            for index, deps, fn in endings:
                if deps & seen and fn(self, NO_CTX):
                    self.end_game(index)
                    return

    def fire(self, index: int) -> None:
        """Run a trigger's effects."""
        t = self.rules.triggers[index]
        self.fired |= 1 << index
        self.events.append(TriggerFired(round=self.round + 1, actor=None, trigger=t.id))
        self.run(t.effects, NO_CTX, self.cause("trigger", t.id, -1))

    def _round_triggers(self, at: At) -> None:
        for t in self.rules.triggers:
            if t.at is at and (t.repeat or not self.fired >> t.index & 1) and t.when.fn(self, NO_CTX):
                self.fire(t.index)
                if self.ending >= 0:
                    return
        self.settle()

    # ------------------------------------------------------------- turn flow

    def start_round(self) -> None:
        """Begin the current round: reset per-round counters, run round-start triggers."""
        rules = self.rules
        self.round_start = tuple(self.meters)
        self.round_uses = rules.zero_uses
        self.spent_round = 0
        self.dirty |= OTHER
        self.phase = 0
        self.turn = 0
        self.plays = 0
        self.events.append(RoundStarted(round=self.round + 1, actor=None, label=rules.rounds[self.round]))
        self._round_triggers(At.ROUND_START)
        if self.ending < 0:
            self.enter_phase()

    def enter_phase(self) -> None:
        """Begin the current phase."""
        rules = self.rules
        ph = rules.phases[self.phase]
        self.events.append(_new(PhaseStarted, (self.round + 1, None, ph.id)))
        if ph.kind is _ANSWER:
            self.queue = tuple((t.id, a) for t in self.table for a in t.responders[len(t.answers) :])
        elif ph.kind is _DRAW:
            for _ in range(ph.draws):
                self.draw_event()
                if self.ending >= 0:
                    return

    def draw_event(self) -> None:
        """Draw one eligible event card at random (by weight) and apply it."""
        rules = self.rules
        pool = [
            c
            for c in rules.event_cards
            if not self.locked >> c.index & 1
            and self.uses[c.index] < c.limit
            and self.round_uses[c.index] < c.per_round
            and (c.requires is None or c.requires.fn(self, NO_CTX))
        ]
        if not pool:
            return
        total = sum(c.weight for c in pool)
        roll, self.rng = _rng.next_float(self.rng)
        pick = roll * total
        chosen = pool[-1]
        for c in pool:
            pick -= c.weight
            if pick < 0:
                chosen = c
                break
        self.events.append(EventDrawn(round=self.round + 1, actor=None, card=chosen.id))
        self._count_use(chosen.index)
        self.run(chosen.effects, NO_CTX, self.cause("event", chosen.id, -1))
        self.settle()

    def advance(self) -> None:
        """Move on until someone must decide or the game is over."""
        rules = self.rules
        phases = rules.phases
        while self.ending < 0:
            ph = phases[self.phase]
            kind = ph.kind
            if kind is _PLAY:
                while self.turn < len(ph.actors):
                    if self.plays < ph.plays:
                        self.to_move = ph.actors[self.turn]
                        return
                    self.turn += 1
                    self.plays = 0
            elif kind is _ANSWER and self.queue:
                self.to_move = self.queue[0][1]
                return
            # The phase is over.
            self.phase += 1
            self.turn = 0
            self.plays = 0
            if self.phase < len(phases):
                self.enter_phase()
                continue
            self.phase = len(phases) - 1
            self._round_triggers(At.ROUND_END)
            if self.ending >= 0:
                break
            if self.round + 1 >= len(rules.rounds):
                self.end_game(rules.final_ending)
                break
            self.round += 1
            self.start_round()
        self.to_move = -1

    def end_game(self, ending: int) -> None:
        """End the game: record the ending, score every actor, emit ``GameEnd``."""
        if self.ending >= 0:
            return
        self.ending = ending
        self.to_move = -1
        rules = self.rules
        scores = score_all(self)
        winners = tuple(a.id for a in rules.actors if a.win_at is not None and scores[a.index] >= a.win_at)
        meters: list[tuple[str, int]] = []
        for m in rules.meters:
            if m.per_actor:
                meters.extend((f"{m.id}.{a.id}", self.meters[m.slot + a.index]) for a in rules.actors)
            else:
                meters.append((m.id, self.meters[m.slot]))
        self.events.append(
            GameEnd(
                round=self.round + 1,
                actor=None,
                ending=rules.endings[ending].id,
                winners=winners,
                scores=tuple((a.id, scores[a.index]) for a in rules.actors if a.win_at is not None),
                meters=tuple(meters),
            )
        )


def _live_deps(triggers: tuple[tuple[int, int, int, Fn, bool], ...], fired: int) -> int:
    """What the action triggers that can still fire read, given the bits of those that fired."""
    deps = 0
    for _, bit, d, _, repeat in triggers:
        if repeat or not fired & bit:
            deps |= d
    return deps


def responders(rules: Rules, proposer: int, forum: int, target: int) -> tuple[int, ...]:
    """Who must answer an item tabled by ``proposer`` in ``forum`` (-1: none) to ``target`` (R0.5)."""
    if forum < 0:
        return (target,) if target >= 0 else ()
    f = rules.forums[forum]
    if f.rule is Rule.UNILATERAL:
        return (target,) if target >= 0 else ()
    return tuple(m for m in f.members if m != proposer)


def score_all(s: Scratch | GameState) -> list[int]:
    """Each actor's score on a state: base score plus points of met objectives."""
    out = []
    for a in s.rules.actors:
        ctx = (a.index, -1, -1)
        total = a.score.fn(s, ctx) if a.score is not None else 0
        for o in a.objectives:
            if o.when.fn(s, ctx):
                total += o.points
        out.append(total)
    return out


def _decide(rule: Rule, answers: tuple[tuple[int, int, int], ...]) -> int:
    """The forum's decision from its members' answers."""
    if len(answers) == 1 or rule is Rule.UNILATERAL or rule is Rule.BILATERAL:
        return answers[0][1]
    responses = [r for _, r, _ in answers]
    if rule is Rule.CONSENSUS:
        if REJECT in responses:
            return REJECT
        if COUNTER in responses:
            return COUNTER
        return ACCEPT if ACCEPT in responses else SILENCE
    # Majority: more than half must accept.
    if responses.count(ACCEPT) * 2 > len(responses):
        return ACCEPT
    if COUNTER in responses:
        return COUNTER
    return REJECT if REJECT in responses else SILENCE
