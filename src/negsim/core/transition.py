"""The rules in motion: the engine's working copy of a state during one ``step``.

A ``Transition`` starts from a ``GameState``, applies an action's effects, runs the turn
structure (phases, answers, draws, triggers, endings) and records what happened as events,
then freezes into the next ``GameState``. This is the only place where rules change values;
it is private to ``negsim.core`` (the public API is ``negsim.core.engine``).

A transition made with ``log=False`` records no events: search (the ``mcts`` bot's rollouts)
runs the same rules without paying for the story.
"""

from __future__ import annotations

from negsim.core import rng as _rng
from negsim.core.actions import PLAY
from negsim.core.events import (
    Answered,
    CardPlayed,
    Cause,
    ChoiceSealed,
    Clamped,
    Event,
    EventDrawn,
    GameEnd,
    ItemResolved,
    ItemTabled,
    Note,
    Passed,
    PhaseStarted,
    RoundStarted,
    TriggerFired,
)
from negsim.core.forums import COUNTER, REJECT, SILENCE, decide, decide_item, responders
from negsim.core.rules import EXPIRE, NO_CTX, OTHER, RESPONSES, CardSpec, Condition, PhaseKind, Rule, TriggerSpec
from negsim.core.scoring import score_all
from negsim.core.secrecy import audience, item_audience, seen_by
from negsim.core.state import GameState, Tabled
from negsim.core.tables import TriggerCheck

_RESPONSE_NAMES = (*(r.value for r in RESPONSES), "expire")
_PLAY, _ANSWER, _DRAW = PhaseKind.PLAY, PhaseKind.ANSWER, PhaseKind.DRAW
_new = tuple.__new__


class Transition:
    """A mutable copy of a ``GameState`` used while computing the next one."""

    __slots__ = (
        "armed",
        "cut",
        "dirty",
        "ending",
        "events",
        "fired",
        "flags",
        "locked",
        "log",
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
        "sealed",
        "seed",
        "spent",
        "spent_round",
        "table",
        "tables",
        "to_move",
        "turn",
        "uses",
        "votes",
    )

    def __init__(self, s: GameState, log: bool = True) -> None:
        """Start from a state; ``log=False`` records no events."""
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
            self.cut,
            self.votes,
            self.sealed,
        ) = s
        self.tables = self.rules.tables
        self.meters: list[int] = list(meters)
        self.events: list[Event] = []
        self.log = log
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
                self.cut,
                self.votes,
                self.sealed,
            ),
        )
        return st

    # ----------------------------------------------------------------- causes

    def cause(self, kind: str, id_: str, actor: int, branch: str | None = None, seen: int = 0) -> Cause:
        """A (memoised) cause value; ``seen``: bits of who sees it (0: everyone)."""
        key = (kind, id_, actor, branch, seen)
        memo = self.tables.cause_cache
        c = memo.get(key)
        if c is None:
            name = self.rules.actors[actor].id if actor >= 0 else None
            c = memo[key] = Cause(kind=kind, id=id_, actor=name, branch=branch, seen_by=seen_by(self.rules, seen))
        return c

    # ------------------------------------------------------------- card usage

    def count_use(self, c: int) -> None:
        """Count a play of card ``c`` (its limits included)."""
        card = self.rules.cards[c]
        u = list(self.uses)
        n = u[c] = u[c] + 1
        self.uses = tuple(u)
        ru = list(self.round_uses)
        rn = ru[c] = ru[c] + 1
        self.round_uses = tuple(ru)
        if n >= card.limit:
            self.spent |= 1 << c
        if rn >= card.per_round:
            self.spent_round |= 1 << c
        self.dirty |= OTHER

    def play(self, actor: int, card: CardSpec, forum: int, target: int) -> None:
        """Play a card: count it, run its effects, table it if it must be answered."""
        rules = self.rules
        log = self.log
        seen = 0
        if log:
            if self.tables.secrecy:
                answering = responders(rules, actor, forum, target) if card.protocol is not None else ()
                seen = audience(rules, card, actor, forum, target, answering)
            # (round, actor, card, forum, target, seen_by)
            self.events.append(
                _new(
                    CardPlayed,
                    (
                        self.round + 1,
                        rules.actors[actor].id,
                        card.id,
                        rules.forums[forum].id if forum >= 0 else None,
                        rules.actors[target].id if target >= 0 else None,
                        seen_by(rules, seen),
                    ),
                )
            )
        self.count_use(card.index)
        self.plays += 1
        if card.effects:
            self.tables.card_run[card.index](
                self, (actor, target, actor), self.cause("card", card.id, actor, None, seen) if log else None
            )
        if card.protocol is not None and self.ending < 0:
            self.table_item(card, actor, forum, target, -1)
        self.settle()

    def seal(self, parsed: tuple[int, int, int, int, int]) -> None:
        """Record a choice made in a sealed play phase; once the phase's last actor has chosen, reveal them all."""
        self.sealed = (*self.sealed, parsed)
        self.plays = 1 << 30
        self.dirty |= OTHER
        if self.log:
            self.events.append(ChoiceSealed(round=self.round + 1, actor=self.rules.actors[parsed[1]].id))
        if self.turn >= len(self.rules.phases[self.phase].actors) - 1:
            self.reveal()

    def reveal(self) -> None:
        """Reveal and apply a sealed phase's choices in the phase's order; a card no longer playable is void."""
        rules = self.rules
        choices, self.sealed = self.sealed, ()
        for kind, actor, c, forum, target in choices:
            if self.ending >= 0:
                break
            if kind != PLAY:
                self.pass_turn(actor)
                continue
            card = rules.cards[c]
            why = self.void(card, actor, forum)
            if why is None:
                self.play(actor, card, forum, target)
            elif self.log:
                answering = responders(rules, actor, forum, target) if card.protocol is not None else ()
                seen = audience(rules, card, actor, forum, target, answering)
                text = f"{rules.actors[actor].name}'s sealed choice, {card.name}, is void: {why}."
                self.events.append(
                    Note(
                        round=self.round + 1,
                        actor=rules.actors[actor].id,
                        text=text,
                        cause=self.cause("rule", "R13", actor, None, seen),
                    )
                )
        self.plays = 1 << 30

    def void(self, card: CardSpec, actor: int, forum: int) -> str | None:
        """Why a sealed choice of ``card`` can no longer be played when it is revealed, or ``None``."""
        c = card.index
        ctx = (actor, -1, -1)
        if self.locked >> c & 1:
            return "the card is locked"
        if self.uses[c] >= card.limit or self.round_uses[c] >= card.per_round:
            return "the card has been played as often as it may be"
        if card.requires is not None and not card.requires.fn(self, ctx):
            return f"it requires {card.requires.text}"
        opens = self.rules.forums[forum].open if forum >= 0 else None
        if opens is not None and not opens.fn(self, ctx):
            return f"{self.rules.forums[forum].name} is closed"
        return None

    def pass_turn(self, actor: int) -> None:
        """End the actor's turn in this play phase."""
        if self.log:
            self.events.append(_new(Passed, (self.round + 1, self.rules.actors[actor].id)))
        self.plays = 1 << 30

    def table_item(self, card: CardSpec, proposer: int, forum: int, target: int, counter_of: int) -> None:
        """Put a card on the table."""
        rules = self.rules
        who: tuple[int, ...] = (target,) if counter_of >= 0 else responders(rules, proposer, forum, target)
        item = _new(Tabled, (self.next_item, card.index, proposer, forum, target, who, (), counter_of, self.round))
        self.next_item += 1
        if self.log:
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
                    seen_by=seen_by(rules, item_audience(rules, item)) if self.tables.secrecy else None,
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
        if self.log:
            seen = 0
            if self.tables.secrecy:
                # In a sealed answer phase an answer is the answerer's own until the item is decided.
                seen = 1 << actor if rules.phases[self.phase].sealed else item_audience(rules, item)
            # (round, actor, item, card, response, counter, seen_by)
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
                        seen_by(rules, seen),
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
            forum = item.forum
            rule = self.tables.plain_rules[forum] if forum >= 0 else Rule.UNILATERAL
            if rule is None:  # a weighted vote, or an addressee who must consent
                result = decide_item(rules, forum, item.proposer, item.target, answers)
            else:
                result = decide(rule, answers)
            card = rules.cards[item.card]
            if result == SILENCE and card.stays:
                if card.expires_after and self.round + 1 - item.round >= card.expires_after:
                    result = EXPIRE
                else:
                    # Nobody answered: it stays on the table, to be answered afresh at the next answer phase.
                    self.table = (*table[:at], _new(Tabled, (*item[:6], (), *item[7:])), *table[at + 1 :])
                    self.settle()
                    return
            self.table = (*table[:at], *table[at + 1 :])
            self.resolve(item, result, answers)
        self.settle()

    def withdraw(self, card: int, proposer: int, cause: Cause | None) -> None:
        """Take off the table (and out of the answer queue) the items of ``card`` that ``proposer`` tabled."""
        gone = [t for t in self.table if t.card == card and t.proposer == proposer]
        if not gone:
            return
        ids = {t.id for t in gone}
        self.table = tuple(t for t in self.table if t.id not in ids)
        self.queue = tuple(q for q in self.queue if q[0] not in ids)
        self.dirty |= OTHER
        if cause is not None:
            rules = self.rules
            for t in gone:
                self.events.append(
                    ItemResolved(
                        round=self.round + 1,
                        actor=rules.actors[proposer].id,
                        item=t.id,
                        card=rules.cards[card].id,
                        forum=rules.forums[t.forum].id if t.forum >= 0 else None,
                        result="withdraw",
                        votes=(),
                        split=False,
                        seen_by=seen_by(rules, item_audience(rules, t)) if self.tables.secrecy else None,
                    )
                )

    def resolve(self, item: Tabled, result: int, answers: tuple[tuple[int, int, int], ...]) -> None:
        """Apply the result of a decision: the card's branch, split costs, counter-offers."""
        rules = self.rules
        card = rules.cards[item.card]
        log = self.log
        # A split: someone rejected while others accepted or countered (silence divides nobody).
        rejected = supported = False
        for _, r, _ in answers:
            if r == REJECT:
                rejected = True
            elif r != SILENCE:
                supported = True
        split = rejected and supported
        seen = 0
        if log:
            if self.tables.secrecy:
                seen = item_audience(rules, item)
            votes = tuple((rules.actors[a].id, _RESPONSE_NAMES[r]) for a, r, _ in answers)
            # (round, actor, item, card, forum, result, votes, split, seen_by)
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
                        votes,
                        split,
                        seen_by(rules, seen),
                    ),
                )
            )
        counts = list(self.resolved)
        counts[card.index * 4 + (result if result < EXPIRE else SILENCE)] += 1  # an expiry counts as silence
        if rules.answered and answers and card.index in rules.answered:
            n = len(rules.actors)
            latest = list(self.votes)
            latest[card.index * n : card.index * n + n] = (0,) * n
            for a, r, _ in answers:
                latest[card.index * n + a] = r + 1
            self.votes = tuple(latest)
        self.resolved = tuple(counts)
        self.dirty |= OTHER
        ctx = (item.proposer, item.target, item.proposer)
        tables = self.tables
        branch = tables.branch_run[card.index][result]
        if branch is not None:
            branch(
                self,
                ctx,
                self.cause("resolution", card.id, item.proposer, _RESPONSE_NAMES[result], seen) if log else None,
            )
        if split and item.forum >= 0:
            on_split = tables.split_run[item.forum]
            if on_split is not None and self.ending < 0:
                on_split(
                    self,
                    ctx,
                    self.cause("forum", rules.forums[item.forum].id, item.proposer, "split", seen) if log else None,
                )
        if result == COUNTER and self.ending < 0:
            who, _, cc = next(a for a in answers if a[1] == COUNTER)
            counter = rules.cards[cc]
            self.count_use(cc)
            if counter.effects:
                tables.card_run[cc](
                    self, (who, item.proposer, who), self.cause("counter", counter.id, who, None, seen) if log else None
                )
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
        tables = self.tables
        triggers = tables.trigger_checks
        ending_deps = tables.end_deps
        # What the triggers still able to fire read (once-only triggers that fired drop out).
        trigger_deps = tables.live_deps.get(self.fired)
        if trigger_deps is None:
            trigger_deps = tables.live_deps[self.fired] = _live_deps(triggers, self.fired)
        if not dirty & trigger_deps:
            self.dirty = 0
            if dirty & ending_deps:
                for index, deps, fn in tables.end_checks:
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
                self.fire(self.rules.triggers[index])
                if self.ending >= 0:
                    return
        self.dirty = 0
        if seen & ending_deps:
            for index, deps, fn in tables.end_checks:
                if deps & seen and fn(self, NO_CTX):
                    self.end_game(index)
                    return

    def fire(self, t: TriggerSpec) -> None:
        """Run a trigger's effects."""
        self.fired |= 1 << t.index
        cause = None
        if self.log:
            self.events.append(TriggerFired(round=self.round + 1, actor=None, trigger=t.id))
            cause = self.cause("trigger", t.id, -1)
        self.tables.trigger_run[t.index](self, NO_CTX, cause)

    def _round_triggers(self, triggers: tuple[TriggerSpec, ...]) -> None:
        for t in triggers:
            if (t.repeat or not self.fired >> t.index & 1) and t.when.fn(self, NO_CTX):
                self.fire(t)
                if self.ending >= 0:
                    return
        self.settle()

    # ------------------------------------------------------------- turn flow

    def start_round(self) -> None:
        """Begin the current round: reset per-round counters, run round-start triggers."""
        rules = self.rules
        self.round_start = tuple(self.meters)
        self.round_uses = self.tables.zero_uses
        self.spent_round = 0
        self.dirty |= OTHER
        self.phase = 0
        self.turn = 0
        self.plays = 0
        if self.log:
            self.events.append(RoundStarted(round=self.round + 1, actor=None, label=rules.rounds[self.round]))
        self._round_triggers(self.tables.round_start)
        if self.ending < 0:
            self.enter_phase()

    def enter_phase(self) -> None:
        """Begin the current phase."""
        ph = self.rules.phases[self.phase]
        if self.log:
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
        locked, uses, round_uses = self.locked, self.uses, self.round_uses
        pool = [
            c
            for c in self.tables.event_cards
            if not locked >> c.index & 1
            and uses[c.index] < c.limit
            and round_uses[c.index] < c.per_round
            and (c.requires is None or c.requires.fn(self, NO_CTX))
        ]
        if not pool:
            return
        weights = [c.weight if isinstance(c.weight, int) else self.weight_of(c, c.weight) for c in pool]
        total = sum(weights)
        if total <= 0:
            return
        roll, self.rng = _rng.next_float(self.rng)
        pick = roll * total
        chosen = pool[-1]
        for c, w in zip(pool, weights, strict=True):
            pick -= w
            if pick < 0:
                chosen = c
                break
        cause = None
        if self.log:
            self.events.append(EventDrawn(round=self.round + 1, actor=None, card=chosen.id))
            cause = self.cause("event", chosen.id, -1)
        self.count_use(chosen.index)
        self.tables.card_run[chosen.index](self, NO_CTX, cause)
        self.settle()

    def weight_of(self, card: CardSpec, weight: Condition) -> int:
        """An event card's weight read from the state; below 0 it counts as 0, and an event says so."""
        value = weight.fn(self, NO_CTX)
        if value >= 0:
            return value
        if self.log:
            cause = self.cause("event", card.id, -1)
            self.events.append(
                Clamped(round=self.round + 1, actor=None, what="weight", value=value, used=0, cause=cause)
            )
        return 0

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
            self._round_triggers(self.tables.round_end)
            if self.ending >= 0:
                break
            if self.round + 1 >= len(rules.rounds):
                self.end_game(rules.final_ending)
                break
            self.round += 1
            self.start_round()
        self.to_move = -1

    def cut_short(self) -> None:
        """End a game that reached the scenario's action limit with its final ending."""
        limit = self.rules.max_actions
        self.cut = True
        if self.log:
            self.events.append(
                Note(
                    round=self.round + 1,
                    actor=None,
                    text=f"The game reached its limit of {limit:,} actions and is cut short.",
                    cause=self.cause("rule", "max_actions", -1),
                )
            )
        self.end_game(self.rules.final_ending)

    def end_game(self, ending: int) -> None:
        """End the game: record the ending, score every actor, emit ``GameEnd``."""
        if self.ending >= 0:
            return
        self.ending = ending
        self.to_move = -1
        if not self.log:
            return
        rules = self.rules
        scores = score_all(rules, self)
        winners = tuple(a.id for a in rules.actors if a.win_at is not None and scores[a.index] >= a.win_at)
        meters: list[tuple[str, int]] = []
        for m in rules.meters:
            if m.per_actor:
                meters.extend((f"{m.id}.{rules.actors[k].id}", self.meters[m.slot + k]) for k in rules.tracks(m))
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
                cut_short=self.cut,
            )
        )


def _live_deps(triggers: tuple[TriggerCheck, ...], fired: int) -> int:
    """What the action triggers that can still fire read, given the bits of those that fired."""
    deps = 0
    for _, bit, d, _, repeat in triggers:
        if repeat or not fired & bit:
            deps |= d
    return deps
