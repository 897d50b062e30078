"""The engine's lookup tables and memos for one scenario, built by the core from ``Rules``.

``Rules`` is the scenario as a value; ``Tables`` is what the engine derives from it to run
fast: every way each actor can play each card, bit masks, flat trigger lists, and memos of
legal-move lists, answers and causes. ``Rules`` builds its own ``Tables`` when it is made
(also by ``dataclasses.replace``), so a changed copy of a scenario never sees stale memos.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from negsim.core.actions import ANSWER, PASS, PLAY, Answer, Pass, Play
from negsim.core.compiled import Runner, compile_effects
from negsim.core.rules import At, CardKind, Fn, Rule, TriggerSpec

if TYPE_CHECKING:
    from negsim.core.actions import Action
    from negsim.core.events import Cause
    from negsim.core.rules import CardSpec, Rules

Parsed = tuple[int, int, int, int, int]
"""An action in indices: (kind, actor, card or item, forum or response, target or counter)."""

PlayRow = tuple[int, Fn | None, Play | None, tuple[tuple[Play, int], ...]]
"""One card of one actor for ``legal_actions``: (card index, precondition, its only play if it
has one in an always-open forum, ((play, bit of its forum or 0), ...))."""

TriggerCheck = tuple[int, int, int, Fn, bool]
"""An action trigger for ``settle``: (index, bit, bits of what it reads, condition, repeat)."""

EndingCheck = tuple[int, int, Fn]
"""An instant ending for ``settle``: (index, bits of what it reads, condition)."""

_CACHE_LIMIT = 50_000
"""Entries a legal-move memo may hold before it starts afresh."""


def _counters(cards: tuple[CardSpec, ...], actor: int) -> dict[int, tuple[int, ...]]:
    """Card on the table to ``actor``'s cards that can counter it (keys and cards in file order)."""
    out: dict[int, list[int]] = {}
    for c in cards:
        if actor in c.owners:
            for k in dict.fromkeys(c.counters):
                out.setdefault(k, []).append(c.index)
    return {k: tuple(out[k]) for k in sorted(out)}


def counter_only(card: CardSpec) -> bool:
    """Whether a card can only be played as a counter-offer (it has answers but no forum or target)."""
    return card.protocol is not None and not card.forums and not card.targets


class Tables:
    """What the engine derives from a scenario once, and the memos it fills while games run."""

    __slots__ = (
        "answer_cache",
        "branch_run",
        "card_run",
        "cause_cache",
        "counter_cache",
        "counter_cards",
        "end_checks",
        "end_deps",
        "event_cards",
        "forum_conditions",
        "hand_masks",
        "live_deps",
        "meter_bounds",
        "parsed",
        "passes",
        "plain_rules",
        "play_table",
        "plays",
        "plays_cache",
        "requirements",
        "round_end",
        "round_start",
        "secrecy",
        "slot_names",
        "split_run",
        "trigger_checks",
        "trigger_run",
        "zero_uses",
    )

    def __init__(self, rules: Rules) -> None:
        """Build the tables of ``rules``."""
        actors, cards, forums = rules.actors, rules.cards, rules.forums
        self.plays: tuple[tuple[tuple[CardSpec, tuple[Play, ...]], ...], ...] = tuple(
            tuple((c, _card_plays(rules, c, a.index)) for c in cards if a.index in c.owners) for a in actors
        )
        """Per actor, each card it holds with every way to play it (forum and target)."""
        self.passes: tuple[Pass, ...] = tuple(Pass(actor=a.id) for a in actors)
        """Per actor, its pass action."""
        self.parsed: dict[int, tuple[Action, Parsed]] = {}
        """``id()`` of every action object the engine built and keeps, to the object and its indices.

        The object is kept with its entry, so an id is never reused while the entry lives."""
        for per_actor in self.plays:
            for card, options in per_actor:
                for p in options:
                    forum = rules.forum_index[p.forum] if p.forum is not None else -1
                    target = rules.actor_index[p.target] if p.target is not None else -1
                    self.parsed[id(p)] = (p, (PLAY, rules.actor_index[p.actor], card.index, forum, target))
        for i, ps in enumerate(self.passes):
            self.parsed[id(ps)] = (ps, (PASS, i, 0, 0, 0))
        conditional = {f.id: 1 << f.index for f in forums if f.open is not None}
        self.play_table: tuple[tuple[PlayRow, ...], ...] = tuple(
            tuple(_play_row(card, options, conditional) for card, options in per_actor) for per_actor in self.plays
        )
        """Per actor, per card, what ``legal_actions`` walks."""
        self.plain_rules: tuple[Rule | None, ...] = tuple(
            None if f.rule is Rule.WEIGHTED or f.target_consents else f.rule for f in forums
        )
        """Per forum, its rule when the rule alone decides (``None``: a weighted vote, or the addressee's consent)."""
        self.forum_conditions: tuple[tuple[int, Fn], ...] = tuple(
            (1 << f.index, f.open.fn) for f in forums if f.open is not None
        )
        """(forum bit, opening condition) of every forum that has one."""
        self.hand_masks: tuple[int, ...] = tuple(sum(1 << c for c in rules.hands[a.index]) for a in actors)
        """Per actor, the bits of the cards it holds."""
        self.requirements: tuple[tuple[tuple[int, Fn], ...], ...] = tuple(
            tuple((1 << c, cards[c].requires.fn) for c in rules.hands[a.index] if cards[c].requires is not None)  # type: ignore[union-attr]
            for a in actors
        )
        """Per actor, (card bit, precondition) of its cards that have one."""
        self.counter_cards: tuple[dict[int, tuple[int, ...]], ...] = tuple(_counters(cards, a.index) for a in actors)
        """Per actor: card on the table to the cards of that actor that can counter it."""
        slot_names: list[tuple[int, int]] = []
        for m in rules.meters:
            slot_names.extend((m.index, a) for a in (range(len(actors)) if m.per_actor else (-1,)))
        self.slot_names: tuple[tuple[int, int], ...] = tuple(slot_names)
        """Per slot, (meter index, owner actor index or -1)."""
        self.meter_bounds: tuple[tuple[int, int, str, int, bool], ...] = tuple(
            (m.low, m.high, m.id, m.slot, m.per_actor) for m in rules.meters
        )
        """Per meter: (min, max, id, first slot, per actor), for the effect interpreter."""
        self.secrecy: bool = (
            any(f.seen_by for f in forums) or any(c.secret for c in cards) or any(p.sealed for p in rules.phases)
        )
        """Whether anything is secret (a closed forum, a secret card, a sealed phase): events then carry their audience."""
        self.zero_uses: tuple[int, ...] = (0,) * len(cards)
        """A zero per card (the per-round counters at the start of a round)."""
        self.trigger_checks: tuple[TriggerCheck, ...] = tuple(
            (t.index, 1 << t.index, t.when.deps, t.when.fn, t.repeat) for t in rules.triggers if t.at is At.ACTION
        )
        """The action triggers, as ``settle`` checks them."""
        self.end_checks: tuple[EndingCheck, ...] = tuple(
            (e.index, e.when.deps, e.when.fn) for e in rules.endings if e.when is not None
        )
        """The instant endings, as ``settle`` checks them."""
        deps = 0
        for _, d, _ in self.end_checks:
            deps |= d
        self.end_deps: int = deps
        """Union of what the instant endings read."""
        self.round_start: tuple[TriggerSpec, ...] = tuple(t for t in rules.triggers if t.at is At.ROUND_START)
        """Triggers checked when a round starts."""
        self.round_end: tuple[TriggerSpec, ...] = tuple(t for t in rules.triggers if t.at is At.ROUND_END)
        """Triggers checked when a round ends."""
        self.event_cards: tuple[CardSpec, ...] = tuple(c for c in cards if c.kind is CardKind.EVENT)
        """Cards of kind ``event``, the draw pile."""
        self.card_run: tuple[Runner, ...] = tuple(compile_effects(rules, c.effects) for c in cards)
        """Per card, its effects when played (or drawn), compiled."""
        self.branch_run: tuple[tuple[Runner | None, ...], ...] = tuple(
            tuple(
                compile_effects(rules, c.protocol.branch(r))
                if c.protocol is not None and c.protocol.branch(r)
                else None
                for r in range(5)
            )
            for c in cards
        )
        """Per card, per response index, the effects of that resolution compiled (``None``: none)."""
        self.trigger_run: tuple[Runner, ...] = tuple(compile_effects(rules, t.effects) for t in rules.triggers)
        """Per trigger, its effects compiled."""
        self.split_run: tuple[Runner | None, ...] = tuple(
            compile_effects(rules, f.on_split) if f.on_split else None for f in forums
        )
        """Per forum, its split-vote effects compiled (``None``: none)."""
        self.plays_cache: dict[tuple[int, int, int], tuple[tuple[Action, ...], frozenset[int]]] = {}
        """Memo of legal plays (and their ids) by (actor, cards out, forums closed)."""
        self.answer_cache: dict[tuple[int, int], tuple[tuple[Action, ...], frozenset[int]]] = {}
        """Memo of the accept/reject/silence answers of (item, actor) and their ids."""
        self.counter_cache: dict[tuple[int, int, int], Answer] = {}
        """Memo of counter answers by (item, actor, counter card)."""
        self.live_deps: dict[int, int] = {}
        """Memo: bits of fired triggers to what the triggers still able to fire read."""
        self.cause_cache: dict[tuple[str, str, int, str | None, int], Cause] = {}
        """Memo of cause values, which repeat from game to game."""

    def remember(self, action: Action, parsed: Parsed) -> None:
        """Record an action object the engine built, with its indices."""
        if len(self.parsed) > 4 * _CACHE_LIMIT:
            self.forget()
        self.parsed[id(action)] = (action, parsed)

    def forget(self) -> None:
        """Drop the memos that grow with play (the scenario's own plays and passes stay)."""
        keep = {k: v for k, v in self.parsed.items() if v[1][0] != ANSWER}
        self.parsed = keep
        self.plays_cache.clear()
        self.answer_cache.clear()
        self.counter_cache.clear()

    def legal_plays(self, a: int, dead: int, closed: int) -> tuple[tuple[Action, ...], frozenset[int]]:
        """Actor ``a``'s plays when the cards in ``dead`` are out and the forums in ``closed`` shut (memoised)."""
        key = (a, dead, closed)
        hit = self.plays_cache.get(key)
        if hit is None:
            if len(self.plays_cache) > _CACHE_LIMIT:
                self.forget()
            out: list[Action] = []
            for c, _, single, plays in self.play_table[a]:
                if dead >> c & 1:
                    continue
                if single is not None:
                    out.append(single)
                    continue
                out.extend(p for p, forum_bit in plays if not closed & forum_bit)
            out.append(self.passes[a])
            result = tuple(out)
            hit = self.plays_cache[key] = (result, frozenset(map(id, result)))
        return hit


def _card_plays(rules: Rules, card: CardSpec, a: int) -> tuple[Play, ...]:
    """Every way actor ``a`` can play ``card`` on its own (forum and target), in file order."""
    if counter_only(card):
        return ()
    actor = rules.actors[a]
    options: list[Play] = []
    for f in card.forums or (-1,):
        forum = rules.forums[f] if f >= 0 else None
        if forum is not None and forum.rule is Rule.BILATERAL and a not in forum.members:
            continue
        fid = forum.id if forum is not None else None
        if card.targets and (forum is None or forum.takes_target):
            options.extend(
                Play(actor=actor.id, card=card.id, forum=fid, target=rules.actors[t].id) for t in card.targets if t != a
            )
        else:
            options.append(Play(actor=actor.id, card=card.id, forum=fid))
    return tuple(options)


def _play_row(card: CardSpec, options: tuple[Play, ...], conditional: dict[str, int]) -> PlayRow:
    opts = tuple((p, conditional.get(p.forum, 0) if p.forum is not None else 0) for p in options)
    single = opts[0][0] if len(opts) == 1 and not opts[0][1] else None
    return card.index, card.requires.fn if card.requires is not None else None, single, opts
