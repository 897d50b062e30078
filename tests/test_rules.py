"""The rulebook, rule by rule: each test quotes the rule of docs/rules.md it checks.

Small purpose-made scenarios are written out below; each test builds a position with the
public API and asserts what the rule says must happen (or which rule refuses an action).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, TypeVar, cast

import pytest

import negsim
from conftest import SCENARIOS, TEST_SCENARIOS
from negsim import Action, Answer, Event, GameState, IllegalActionError, Pass, Play, Response, Rules
from negsim.core import rng
from negsim.core.events import (
    CardLockChanged,
    CardPlayed,
    ChanceRolled,
    EventDrawn,
    GameEnd,
    ItemResolved,
    ItemTabled,
    MeterChanged,
    Passed,
    PhaseStarted,
    RoundStarted,
    TriggerFired,
)
from negsim.scenario.load import check_bytes

E = TypeVar("E")

ACCEPT, REJECT, COUNTER, SILENCE = Response.ACCEPT, Response.REJECT, Response.COUNTER, Response.SILENCE


# ------------------------------------------------------------------ helpers


def compile_rules(text: str, name: str) -> Rules:
    """Rules of a scenario written in a test; fails with every error if it is invalid."""
    report = check_bytes(text.encode(), name)
    assert report.rules is not None, "\n".join(str(i) for i in report.errors)
    return report.rules


def of(kind: type[E], events: list[Event] | tuple[Event, ...]) -> list[E]:
    """The events of one type, in order."""
    return [e for e in events if isinstance(e, kind)]


def refused(state: GameState, action: Action) -> str:
    """The rule ``check`` and ``step`` refuse ``action`` by (and that it is not listed as legal)."""
    assert action not in negsim.legal_actions(state)
    assert not negsim.is_legal(state, action)
    with pytest.raises(IllegalActionError) as by_step:
        negsim.step(state, action)
    with pytest.raises(IllegalActionError) as by_check:
        negsim.check(state, action)
    assert by_check.value.rule == by_step.value.rule
    assert str(by_check.value).startswith(f"[{by_check.value.rule}] ")
    return by_check.value.rule


def run(state: GameState, *actions: Action) -> tuple[GameState, list[Event]]:
    """Take legal actions in order; the state and every event."""
    events: list[Event] = []
    for a in actions:
        assert negsim.is_legal(state, a), negsim.refusal(state, a)
        state, produced = negsim.step(state, a)
        events.extend(produced)
    return state, events


def pass_phase(state: GameState, events: list[Event] | None = None) -> GameState:
    """Pass every remaining turn of the current play phase."""
    rnd, phase = state.round, state.phase
    while not state.is_over and (state.round, state.phase) == (rnd, phase):
        actor = state.actor_to_move
        assert actor is not None
        state, produced = negsim.step(state, Pass(actor=actor))
        if events is not None:
            events.extend(produced)
    return state


def reply(state: GameState, response: Response, counter: str | None = None) -> Answer:
    """The answer of the actor to move to the item at the head of the queue."""
    actor = state.actor_to_move
    assert actor is not None
    return Answer(actor=actor, item=state.queue[0][0], response=response, counter=counter)


def meters(state: GameState, *names: str) -> tuple[int, ...]:
    return tuple(state.meter(n) for n in names)


# ------------------------------------------------------------------ scenarios

FORUMS = """\
negsim: 1
id: forums
title: Forum lab
actors:
  - {id: p, name: Proposer, short: P}
  - {id: a, name: Alpha, short: A}
  - {id: b, name: Bravo, short: B}
  - {id: c, name: Charlie, short: C}
  - {id: z, name: Bystander, short: Z, seat: false}
meters:
  - {id: acc, name: Accepted, min: 0, max: 50, start: 0}
  - {id: rej, name: Rejected, min: 0, max: 50, start: 0}
  - {id: ctr, name: Countered, min: 0, max: 50, start: 0}
  - {id: sil, name: Silenced, min: 0, max: 50, start: 0}
  - {id: split, name: Splits, min: 0, max: 50, start: 0}
  - {id: heat, name: Heat, min: 0, max: 10, start: 5}
  - {id: mark, name: Mark, min: 0, max: 99, start: 0, per_actor: true}
flags:
  - {id: gate, name: Gate}
forums:
  - {id: cons, name: Consensus, rule: consensus, members: [c, p, a, b], on_split: [{shift: split, by: 1}]}
  - {id: maj, name: Majority, rule: majority, members: [p, a, b, c], on_split: [{shift: split, by: 1}]}
  - {id: bil, name: Bilateral, rule: bilateral, members: [p, a]}
  - {id: bil_ab, name: Other bilateral, rule: bilateral, members: [a, b]}
  - {id: uni, name: Unilateral, rule: unilateral}
  - {id: gated, name: Gated, rule: unilateral, open_when: "gate"}
cards:
  - id: dem
    name: Demand
    kind: demand
    owner: p
    forums: [cons, maj, bil, uni, gated]
    targets: [a, b, p]
    effects: [{shift: mark, actor: self, by: 1}]
    answers:
      accept: [{shift: acc, by: 1}, {shift: mark, actor: target, by: 10}]
      reject: [{shift: rej, by: 1}, {shift: mark, actor: self, by: 20}]
      counter: [{shift: ctr, by: 1}]
      silence: [{shift: sil, by: 1}]
  - id: direct
    name: Direct demand
    kind: demand
    owner: p
    targets: [a, b]
    answers:
      accept: [{shift: acc, by: 1}]
      reject: [{shift: rej, by: 1}]
  - id: ab_talk
    name: Talk in the other channel
    kind: offer
    owners: [a, p]
    forums: [bil_ab]
    answers:
      accept: [{shift: acc, by: 1}]
  - id: offer_back
    name: Counter-offer
    kind: offer
    owners: [a, b, c]
    counters: [dem]
    forums: [cons, maj, bil]
    effects: [{shift: mark, actor: self, by: 2}, {shift: mark, actor: target, by: 3}]
    answers:
      accept: [{shift: acc, by: 5}]
      reject: [{shift: rej, by: 5}]
  - id: retort
    name: Retort
    kind: response
    owner: p
    counters: [offer_back]
    effects: [{shift: heat, by: 1}]
  - id: plain_counter
    name: Plain counter
    kind: response
    owners: [a, b]
    counters: [dem]
    effects: [{shift: heat, by: -1}]
  - id: locked_counter
    name: Locked counter
    kind: response
    owner: a
    counters: [dem]
    locked: true
    effects: [{shift: heat, by: -1}]
  - id: costly_counter
    name: Costly counter
    kind: response
    owner: a
    counters: [dem]
    requires: "heat >= 8"
    effects: [{shift: heat, by: -1}]
  - id: once_counter
    name: One-time counter
    kind: response
    owner: a
    counters: [dem]
    limit: 1
    effects: [{shift: heat, by: -1}]
  - id: a_action
    name: Alpha's action
    kind: action
    owner: a
    effects: [{shift: heat, by: 1}]
  - id: open_gate
    name: Open the gate
    kind: action
    owner: p
    effects: [{raise: gate}]
turn:
  rounds: [{label: Round one}, {label: Round two}]
  phases:
    - {id: moves, name: Moves, kind: play, actors: [p, a, b, c], plays: 3}
    - {id: talks, name: Talks, kind: answer}
    - {id: late, name: Late moves, kind: play, actors: [p]}
endings:
  - {id: over, name: Over, final: true}
"""


@pytest.fixture(scope="module")
def forums() -> Rules:
    return compile_rules(FORUMS, "forums.yaml")


def tabled(rules: Rules, *plays: Play) -> tuple[GameState, list[Event]]:
    """Round one: ``p`` plays these cards, everyone passes; the state at the first answer."""
    state, opening = negsim.start(rules, 1)
    state, events = run(state, *plays)
    events = [*opening, *events]
    state = pass_phase(state, events)
    return state, events


def answer_all(state: GameState, answers: list[tuple[Response, str | None]]) -> tuple[GameState, list[Event]]:
    events: list[Event] = []
    for response, counter in answers:
        state, produced = run(state, reply(state, response, counter))
        events.extend(produced)
    return state, events


# ------------------------------------------------------------------ R0.1 - R0.3


def test_r0_1_rounds_run_their_phases_in_order_then_the_final_ending(forums: Rules) -> None:
    """R0.1: "A game is a fixed calendar of rounds (`turn.rounds`). Each round runs the phases of
    `turn.phases` in order. When the last phase of the last round is over, the game ends with the
    scenario's `final` ending."
    """
    state, opening = negsim.start(forums, 3)
    events = list(opening)
    while not state.is_over:
        state = pass_phase(state, events)
    assert [e.label for e in of(RoundStarted, events)] == ["Round one", "Round two"]
    assert [(e.round, e.phase) for e in of(PhaseStarted, events)] == [
        (1, "moves"),
        (1, "talks"),
        (1, "late"),
        (2, "moves"),
        (2, "talks"),
        (2, "late"),
    ]
    assert isinstance(events[-1], GameEnd) and events[-1].ending == "over" and events[-1].round == 2
    result = negsim.outcome(state)
    assert result is not None and result.ending == "over" and result.round == 2


def test_r0_2_an_actor_plays_up_to_plays_cards_and_passing_ends_its_turn(forums: Rules) -> None:
    """R0.2: "In a `play` phase the listed actors take turns in order. On its turn an actor plays up
    to `plays` cards, one decision at a time; passing ends its turn in that phase."
    """
    s0 = negsim.new_game(forums, 0)
    assert s0.actor_to_move == "p"
    s1, _ = run(s0, Play(actor="p", card="open_gate"))
    assert s1.actor_to_move == "p"
    s2, _ = run(s1, Play(actor="p", card="open_gate"))
    assert s2.actor_to_move == "p"
    s3, _ = run(s2, Play(actor="p", card="open_gate"))
    assert s3.actor_to_move == "a", "after `plays` (3) cards the next actor moves"
    passed, _ = run(s1, Pass(actor="p"))
    assert passed.actor_to_move == "a", "passing ends the turn"
    order = []
    state = s0
    while state.phase_id == "moves":
        order.append(state.actor_to_move)
        state, _ = run(state, Pass(actor=cast(str, state.actor_to_move)))
    assert order == ["p", "a", "b", "c"]


def test_r0_3_items_are_answered_in_tabling_order_by_each_responder_in_turn(forums: Rules) -> None:
    """R0.3: "In an `answer` phase every item on the table is answered, in the order items were
    tabled, by each of its responders in turn. An item is resolved as soon as its last responder
    has answered (R0.6)."
    """
    state, _ = tabled(
        forums,
        Play(actor="p", card="dem", forum="uni", target="b"),
        Play(actor="p", card="dem", forum="cons"),
        Play(actor="p", card="dem", forum="bil"),
    )
    assert state.phase_id == "talks"
    seen: list[tuple[int, str | None]] = []
    resolved_after: list[int] = []
    while state.phase_id == "talks":
        seen.append((state.queue[0][0], state.actor_to_move))
        state, events = run(state, reply(state, ACCEPT))
        resolved_after.extend(e.item for e in of(ItemResolved, events))
    assert seen == [(1, "b"), (2, "c"), (2, "a"), (2, "b"), (3, "a")]
    assert resolved_after == [1, 2, 3]


def test_r0_3_an_item_is_resolved_only_when_its_last_responder_has_answered(forums: Rules) -> None:
    """R0.3: "An item is resolved as soon as its last responder has answered (R0.6)." """
    state, _ = tabled(forums, Play(actor="p", card="dem", forum="cons"))
    state, first = run(state, reply(state, ACCEPT))
    state, second = run(state, reply(state, ACCEPT))
    assert of(ItemResolved, first + second) == []
    assert state.item(1) is not None and len(state.item(1).answers) == 2  # type: ignore[union-attr]
    state, third = run(state, reply(state, ACCEPT))
    assert [e.result for e in of(ItemResolved, third)] == ["accept"]
    assert state.item(1) is None


def test_r0_3_items_tabled_after_the_answer_phase_wait_for_the_next_one(forums: Rules) -> None:
    """R0.3: "Items tabled after a round's answer phase wait for the next one." """
    state = pass_phase(negsim.new_game(forums, 0))
    assert state.phase_id == "late", "with nothing on the table the answer phase has nobody to ask"
    state, _ = run(state, Play(actor="p", card="dem", forum="uni", target="a"))
    assert state.round == 1 and state.phase_id == "moves"
    assert [t.card for t in state.table] == [forums.card_index["dem"]]
    assert state.queue == ()
    state = pass_phase(state)
    assert state.phase_id == "talks" and state.actor_to_move == "a" and state.queue[0][0] == 1


# ------------------------------------------------------------------ R0.5 tabling


@pytest.mark.parametrize(
    ("play", "responders"),
    [
        (Play(actor="p", card="direct", target="b"), ("b",)),
        (Play(actor="p", card="dem", forum="uni", target="a"), ("a",)),
        (Play(actor="p", card="dem", forum="bil"), ("a",)),
        (Play(actor="p", card="dem", forum="cons"), ("c", "a", "b")),
        (Play(actor="p", card="dem", forum="maj"), ("a", "b", "c")),
    ],
    ids=["no-forum", "unilateral", "bilateral", "consensus", "majority"],
)
def test_r0_5_who_must_answer_depends_on_the_forum_rule(forums: Rules, play: Play, responders: tuple[str, ...]) -> None:
    """R0.5: "none (no forum) or `unilateral`: the target the player chose; `bilateral`: the other
    member (the player must be a member); `consensus`, `majority`: every member except the player,
    in member order."
    """
    state, events = run(negsim.new_game(forums, 0), play)
    (item,) = of(ItemTabled, events)
    assert item.responders == responders
    assert item.forum == play.forum and item.target == play.target and item.counter_of is None
    assert state.table[0].responders == tuple(forums.actor_index[r] for r in responders)


def test_r0_5_effects_run_when_played_and_answer_effects_when_resolved(forums: Rules) -> None:
    """R0.5: "A card with `answers` ... goes on the table when played, in the forum the player
    chose. Its `effects` happen when it is played; its `answers` effects when it is resolved."
    """
    state, events = run(negsim.new_game(forums, 0), Play(actor="p", card="dem", forum="uni", target="a"))
    assert state.meter("mark", "p") == 1
    assert meters(state, "acc", "rej", "ctr", "sil") == (0, 0, 0, 0)
    assert [e.card for e in of(ItemTabled, events)] == ["dem"]
    state = pass_phase(state)
    state, events = run(state, reply(state, ACCEPT))
    assert [e.result for e in of(ItemResolved, events)] == ["accept"]
    assert meters(state, "acc", "rej", "ctr", "sil") == (1, 0, 0, 0)
    assert state.meter("mark", "a") == 10, "`target` in the answers is the addressee"


# ------------------------------------------------------------------ R0.6 decisions

CASES: list[tuple[str, list[tuple[Response, str | None]], str, bool]] = [
    ("cons", [(ACCEPT, None), (REJECT, None), (ACCEPT, None)], "reject", True),
    ("cons", [(ACCEPT, None), (ACCEPT, None), (ACCEPT, None)], "accept", False),
    ("cons", [(ACCEPT, None), (SILENCE, None), (SILENCE, None)], "accept", False),
    ("cons", [(SILENCE, None), (SILENCE, None), (SILENCE, None)], "silence", False),
    ("cons", [(COUNTER, "offer_back"), (ACCEPT, None), (REJECT, None)], "reject", True),
    ("cons", [(SILENCE, None), (COUNTER, "plain_counter"), (ACCEPT, None)], "counter", False),
    ("maj", [(ACCEPT, None), (ACCEPT, None), (REJECT, None)], "accept", True),
    ("maj", [(ACCEPT, None), (COUNTER, "plain_counter"), (ACCEPT, None)], "accept", False),
    ("maj", [(ACCEPT, None), (REJECT, None), (SILENCE, None)], "reject", True),
    ("maj", [(ACCEPT, None), (SILENCE, None), (SILENCE, None)], "silence", False),
    ("maj", [(REJECT, None), (COUNTER, "plain_counter"), (ACCEPT, None)], "counter", True),
    ("maj", [(REJECT, None), (REJECT, None), (REJECT, None)], "reject", False),
    ("maj", [(SILENCE, None), (SILENCE, None), (SILENCE, None)], "silence", False),
    ("bil", [(REJECT, None)], "reject", False),
    ("bil", [(SILENCE, None)], "silence", False),
    ("uni", [(ACCEPT, None)], "accept", False),
]


@pytest.mark.parametrize(("forum", "answers", "result", "split"), CASES)
def test_r0_6_the_forum_decides(
    forums: Rules, forum: str, answers: list[tuple[Response, str | None]], result: str, split: bool
) -> None:
    """R0.6: "one responder (unilateral, bilateral, no forum, counter-offers): that answer;
    `consensus`: any `reject` blocks (rejected); else any `counter` (the first one) counters; else
    any `accept` accepts; else silence. Silence never blocks; `majority`: accepted if more than half
    of the responders accept; else countered if anyone countered; else rejected if anyone rejected;
    else silence. ... If the responders were divided (at least one rejected while at least one
    accepted or countered; staying silent divides nobody), the forum's `on_split` effects run too."
    """
    play = Play(actor="p", card="dem", forum=forum, target="a" if forum == "uni" else None)
    state, _ = tabled(forums, play)
    state, events = answer_all(state, answers)
    (resolved,) = of(ItemResolved, events)
    assert resolved.result == result
    assert resolved.split is split
    assert [v for _, v in resolved.votes] == [r.value for r, _ in answers]
    branch = {"accept": "acc", "reject": "rej", "counter": "ctr", "silence": "sil"}
    assert {m: state.meter(m) for m in branch.values()} == {m: int(m == branch[result]) for m in branch.values()}
    has_on_split = forum in ("cons", "maj")
    assert state.meter("split") == int(split and has_on_split)
    if result == "reject":
        assert state.meter("mark", "p") == 21, "`self` in the answers is the proposer"


def test_r0_6_consensus_counter_uses_the_first_counter(forums: Rules) -> None:
    """R0.6: "`consensus`: any `reject` blocks (rejected); else any `counter` (the first one)
    counters"
    """
    state, _ = tabled(forums, Play(actor="p", card="dem", forum="cons"))
    state, events = answer_all(state, [(COUNTER, "offer_back"), (COUNTER, "plain_counter"), (ACCEPT, None)])
    assert [e.result for e in of(ItemResolved, events)] == ["counter"]
    assert state.card_uses("offer_back") == 1 and state.card_uses("plain_counter") == 0
    assert state.meter("heat") == 5, "the second counter's effects do not run"
    (counter_offer,) = [e for e in of(ItemTabled, events) if e.counter_of is not None]
    assert (counter_offer.actor, counter_offer.card) == ("c", "offer_back")


# ------------------------------------------------------------------ R0.7 counter-offers


def test_r0_7_a_countered_item_puts_the_counter_offer_on_the_table_for_the_proposer(forums: Rules) -> None:
    """R0.7: "If the item is countered, that card counts as played, its `effects` run (`self` is the
    responder, `target` the proposer) and, if it has `answers`, it goes on the table in the same
    forum, addressed to the proposer. A counter-offer cannot itself be countered."
    R0.3: "Items tabled during the phase (counter-offers) are answered in the same phase."
    R0.5: "A counter-offer (R0.7) is answered by the proposer of the item it counters."
    """
    state, _ = tabled(forums, Play(actor="p", card="dem", forum="maj"))
    state, events = answer_all(state, [(COUNTER, "offer_back"), (REJECT, None), (SILENCE, None)])
    (resolved,) = of(ItemResolved, events)
    assert resolved.result == "counter"
    assert state.meter("ctr") == 1
    assert state.card_uses("offer_back") == 1, "the counter card counts as played"
    assert state.meter("mark", "a") == 2 and state.meter("mark", "p") == 1 + 3
    changes = of(MeterChanged, events)
    assert [c.meter for c in changes][:2] == ["ctr", "split"], "the countered branch runs before the counter card"
    (offer,) = [e for e in of(ItemTabled, events) if e.counter_of is not None]
    assert offer.counter_of == 1
    assert (offer.card, offer.actor, offer.forum, offer.target, offer.responders) == (
        "offer_back",
        "a",
        "maj",
        "p",
        ("p",),
    )
    assert state.phase_id == "talks" and state.actor_to_move == "p" and state.queue[0][0] == offer.item
    legal = negsim.legal_actions(state)
    assert {a.response for a in legal if isinstance(a, Answer)} == {ACCEPT, REJECT, SILENCE}
    assert refused(state, reply(state, COUNTER, "retort")) == "R10"
    state, events = run(state, reply(state, ACCEPT))
    assert [(e.card, e.result) for e in of(ItemResolved, events)] == [("offer_back", "accept")]
    assert state.meter("acc") == 5


def test_r0_7_a_counter_without_answers_only_runs_its_effects(forums: Rules) -> None:
    """R0.7: "that card counts as played, its `effects` run ... and, if it has `answers`, it goes
    on the table"
    """
    state, _ = tabled(forums, Play(actor="p", card="dem", forum="uni", target="b"))
    state, events = run(state, reply(state, COUNTER, "plain_counter"))
    assert [e.result for e in of(ItemResolved, events)] == ["counter"]
    assert state.card_uses("plain_counter") == 1
    assert state.meter("heat") == 4
    assert len(of(ItemTabled, events)) == 0 and state.table == ()


# ------------------------------------------------------------------ R0.4 draws

DRAWS = """\
negsim: 1
id: draws
title: Draw lab
actors:
  - {id: a, name: Alpha, short: A}
meters:
  - {id: x, name: X, min: 0, max: 10, start: 0}
cards:
  - {id: raise_x, name: Raise X, kind: action, owner: a, effects: [{set: x, to: 5}]}
  - {id: free, name: Free, kind: action, owner: a, effects: [{unlock: shut}]}
  - {id: once, name: Once, kind: event, weight: 100, limit: 1, effects: [{say: once}]}
  - {id: per, name: Per round, kind: event, weight: 100, per_round: 1, effects: [{say: per}]}
  - {id: gated, name: Gated, kind: event, weight: 100, requires: "x >= 5", effects: [{say: gated}]}
  - {id: shut, name: Shut, kind: event, weight: 100, locked: true, effects: [{say: shut}]}
  - {id: filler, name: Filler, kind: event, effects: [{shift: x, by: 0}]}
turn:
  rounds: [{label: One}, {label: Two}, {label: Three}]
  phases:
    - {id: news, name: News, kind: draw, draws: 4}
    - {id: moves, name: Moves, kind: play, actors: [a], plays: 2}
endings:
  - {id: over, name: Over, final: true}
"""

WEIGHTS = """\
negsim: 1
id: weights
title: Weight lab
actors:
  - {id: a, name: Alpha, short: A}
meters:
  - {id: x, name: X, min: 0, max: 10, start: 0}
cards:
  - {id: heavy, name: Heavy, kind: event, weight: 3, effects: [{shift: x, by: 1}]}
  - {id: light, name: Light, kind: event, weight: 1, effects: [{shift: x, by: 2}]}
  - {id: noop, name: Nothing, kind: action, owner: a}
turn:
  rounds: [{label: One}]
  phases:
    - {id: news, name: News, kind: draw}
    - {id: moves, name: Moves, kind: play, actors: [a]}
endings:
  - {id: over, name: Over, final: true}
"""


def drawn_by_round(events: list[Event] | tuple[Event, ...]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for e in of(EventDrawn, events):
        out.setdefault(e.round, []).append(e.card)
    return out


def test_r0_4_odds_are_proportional_to_weight() -> None:
    """R0.4: "`draws` event cards are drawn at random from the eligible events ... with odds
    proportional to their `weight`, using the game's own random number generator. A drawn event
    takes effect at once."
    """
    rules = compile_rules(WEIGHTS, "weights.yaml")
    counts: Counter[str] = Counter()
    for seed in range(2000):
        state, events = negsim.start(rules, seed)
        (drawn,) = of(EventDrawn, events)
        counts[drawn.card] += 1
        after = events[events.index(drawn) + 1]
        assert isinstance(after, MeterChanged) and after.cause.id == drawn.card, "it takes effect at once"
        assert state.meter("x") == (1 if drawn.card == "heavy" else 2)
    assert 0.70 < counts["heavy"] / 2000 < 0.80, counts


def test_r0_4_only_eligible_events_are_drawn() -> None:
    """R0.4: "drawn at random from the eligible events (not locked, under their `limit` and
    `per_round`, `requires` true)"
    """
    rules = compile_rules(DRAWS, "draws.yaml")
    for seed in range(60):
        state, events = negsim.start(rules, seed)
        log = list(events)
        while not state.is_over:
            state = pass_phase(state, log)
        rounds = drawn_by_round(log)
        assert sum(cards.count("once") for cards in rounds.values()) == 1, "limit 1; weight 100 draws it at once"
        for cards in rounds.values():
            assert len(cards) == 4
            assert cards.count("per") == 1, "per_round 1"
            assert "gated" not in cards, "requires x >= 5 never holds"
            assert "shut" not in cards, "locked"


def test_r0_4_unlocking_and_meeting_requires_makes_events_eligible() -> None:
    """R0.4: "eligible events (not locked, ..., `requires` true)" """
    rules = compile_rules(DRAWS, "draws.yaml")
    state = negsim.new_game(rules, 11)
    assert {"gated", "shut"}.isdisjoint(e.card for e in of(EventDrawn, negsim.start(rules, 11)[1]))
    state, events = run(state, Play(actor="a", card="raise_x"), Play(actor="a", card="free"))
    assert state.round == 1, "two plays end the round"
    rounds = drawn_by_round(events)
    assert "gated" in rounds[2] and "shut" in rounds[2]


def test_r0_4_draws_come_from_the_state_rng() -> None:
    """R0.4: "using the game's own random number generator" """
    rules = compile_rules(WEIGHTS, "weights.yaml")
    seen = set()
    for seed in range(50):
        a = negsim.start(rules, seed)
        b = negsim.start(rules, seed)
        assert a == b
        seen.add(of(EventDrawn, a[1])[0].card)
        assert a[0].rng != rng.seed_state(seed), "the draw advanced the state's RNG"
    assert seen == {"heavy", "light"}


# ------------------------------------------------------------------ R0.8 triggers

TRIGGERS = """\
negsim: 1
id: triggers
title: Trigger lab
actors:
  - {id: a, name: Alpha, short: A}
  - {id: b, name: Bravo, short: B}
meters:
  - {id: x, name: X, min: 0, max: 20, start: 0}
  - {id: t, name: Ticks, min: 0, max: 20, start: 0}
  - {id: hits, name: Hits, min: 0, max: 99, start: 0}
flags:
  - {id: f1, name: First link}
cards:
  - {id: up, name: Up, kind: action, owner: a, effects: [{shift: x, by: 3}]}
  - {id: down, name: Down, kind: action, owner: a, effects: [{shift: x, by: -3}]}
  - {id: tick, name: Tick, kind: event, effects: [{shift: t, by: 1}]}
turn:
  rounds: [{label: One}, {label: Two}, {label: Three}, {label: Four}]
  phases:
    - {id: news, name: News, kind: draw}
    - {id: moves, name: Moves, kind: play, actors: [a, b], plays: 6}
triggers:
  - {id: chain2, name: Second link, when: "f1", effects: [{shift: hits, by: 1}]}
  - {id: once, name: Once, when: "x >= 3", effects: [{shift: hits, by: 1}]}
  - {id: rep, name: Repeat, when: "x >= 3", repeat: true, effects: [{shift: hits, by: 1}]}
  - {id: chain1, name: First link, when: "x >= 6", effects: [{raise: f1}]}
  - {id: rs, name: Round start, at: round_start, when: "round >= 2", effects: [{shift: hits, by: 1}]}
  - {id: rs_rep, name: Every round start, at: round_start, repeat: true, when: "round >= 2", effects: [{shift: hits, by: 1}]}
  - {id: re_rep, name: Every round end, at: round_end, repeat: true, when: "x >= 3", effects: [{shift: hits, by: 1}]}
  - {id: late, name: Late, when: "round >= 3", effects: [{shift: hits, by: 1}]}
  - {id: ticked, name: Ticked, when: "t >= 2", effects: [{shift: hits, by: 1}]}
endings:
  - {id: over, name: Over, final: true}
"""


@pytest.fixture(scope="module")
def triggers() -> Rules:
    return compile_rules(TRIGGERS, "triggers.yaml")


def fired(events: list[Event] | tuple[Event, ...]) -> list[str]:
    return [e.trigger for e in of(TriggerFired, events)]


def test_r0_8_action_triggers_fire_on_becoming_true_once_or_on_every_rising_edge(triggers: Rules) -> None:
    """R0.8: "One fires when its condition becomes true (if `repeat`, every time it becomes true
    again; otherwise once per game)."
    """
    state = negsim.new_game(triggers, 0)
    state, ev = run(state, Play(actor="a", card="up"))
    assert fired(ev) == ["once", "rep"]
    state, ev = run(state, Play(actor="a", card="down"))
    assert fired(ev) == []
    state, ev = run(state, Play(actor="a", card="up"))
    assert fired(ev) == ["rep"], "a repeat trigger fires again; a once trigger does not"
    state, ev = run(state, Play(actor="a", card="up"))
    assert "rep" not in fired(ev), "staying true is not becoming true"


def test_r0_8_triggers_that_fire_can_make_others_fire(triggers: Rules) -> None:
    """R0.8: "Triggers that fire can make others fire; checking repeats until nothing more fires." """
    state = negsim.new_game(triggers, 0)
    state, ev = run(state, Play(actor="a", card="up"), Play(actor="a", card="up"))
    assert fired(ev)[-2:] == ["chain1", "chain2"], "chain2 comes first in the file but fires after chain1"
    assert state.flag("f1")


def outline(events: list[Event]) -> list[str]:
    """The turn structure and the triggers of a stretch of events, in order."""
    out = []
    for e in events:
        if isinstance(e, TriggerFired):
            out.append(f"fired {e.trigger}")
        elif isinstance(e, RoundStarted):
            out.append(f"round {e.label}")
        elif isinstance(e, PhaseStarted):
            out.append(f"phase {e.phase}")
        elif isinstance(e, EventDrawn):
            out.append(f"drew {e.card}")
        elif isinstance(e, Passed):
            out.append(f"{e.actor} passes")
    return out


def test_r0_8_round_triggers_and_action_triggers_after_automatic_steps(triggers: Rules) -> None:
    """R0.8: "`action` triggers are checked after every action and every automatic step (draws,
    round starts and ends). ... `round_start` and `round_end` triggers fire at those moments
    whenever their condition holds (once per game unless `repeat`)."
    """
    state, opening = negsim.start(triggers, 0)
    assert fired(opening) == []
    state, _ = run(state, Play(actor="a", card="up"))
    log: list[Event] = []
    state = pass_phase(state, log)  # the end of round 1, all of round 2
    state = pass_phase(state, log)  # the end of round 2, into round 3
    assert outline(log) == [
        "a passes",
        "b passes",
        "fired re_rep",  # round 1 ends with x = 3
        "round Two",
        "fired rs",  # round >= 2, once
        "fired rs_rep",  # round >= 2, every round
        "phase news",
        "drew tick",
        "fired ticked",  # t = 2 after the draw: an automatic step, no action
        "phase moves",
        "a passes",
        "b passes",
        "fired re_rep",
        "round Three",
        "fired rs_rep",
        "fired late",  # the action trigger on round >= 3, checked after the round start
        "phase news",
        "drew tick",
        "phase moves",
    ]


def test_r0_8_round_start_once_fires_at_the_first_round_its_condition_holds(triggers: Rules) -> None:
    """R0.8: "`round_start` and `round_end` triggers fire at those moments whenever their condition
    holds (once per game unless `repeat`)."
    """
    state, _ = negsim.start(triggers, 0)
    events: list[Event] = []
    while not state.is_over:
        state = pass_phase(state, events)
    assert fired(events).count("rs") == 1
    assert fired(events).count("rs_rep") == 3
    assert fired(events).count("re_rep") == 0, "x never reached 3"
    start2 = events.index(next(e for e in of(RoundStarted, events) if e.label == "Two"))
    news2 = events.index(next(e for e in of(PhaseStarted, events) if e.round == 2))
    assert fired(events[start2:news2]) == ["rs", "rs_rep"], "at the start of round 2, before its first phase"


# ------------------------------------------------------------------ R0.9 endings

ENDINGS = """\
negsim: 1
id: endings
title: Ending lab
actors:
  - {id: a, name: Alpha, short: A}
  - {id: b, name: Bravo, short: B}
meters:
  - {id: x, name: X, min: 0, max: 10, start: 0}
  - {id: why, name: Why, min: 0, max: 10, start: 0}
cards:
  - {id: to5, name: To five, kind: action, owner: a, effects: [{set: x, to: 5}]}
  - {id: to9, name: To nine, kind: action, owner: a, effects: [{set: x, to: 9}]}
  - {id: stop, name: Stop, kind: action, owner: a, effects: [{shift: why, by: 1}, {end: halt}, {shift: why, by: 5}]}
  - {id: nudge, name: Nudge, kind: action, owner: b, effects: [{shift: why, by: 1}]}
turn:
  rounds: [{label: One}, {label: Two}]
  phases:
    - {id: moves, name: Moves, kind: play, actors: [a, b]}
endings:
  - {id: first, name: First, when: "x >= 9"}
  - {id: second, name: Second, when: "x >= 5"}
  - {id: halt, name: Halt}
  - {id: fin, name: Finish, final: true}
"""


@pytest.fixture(scope="module")
def endings() -> Rules:
    return compile_rules(ENDINGS, "endings.yaml")


def test_r0_9_an_instant_ending_ends_the_game_as_soon_as_it_holds(endings: Rules) -> None:
    """R0.9: "After every change the instant endings (`when`) are checked in file order; the first
    that holds ends the game."
    """
    state, events = run(negsim.new_game(endings, 0), Play(actor="a", card="to5"))
    assert state.is_over and events[-1] == GameEnd(
        round=1, actor=None, ending="second", winners=(), scores=(), meters=(("x", 5), ("why", 0))
    )
    assert negsim.legal_actions(state) == ()


def test_r0_9_the_first_ending_in_file_order_wins(endings: Rules) -> None:
    """R0.9: "the instant endings (`when`) are checked in file order; the first that holds ends the
    game."
    """
    state, events = run(negsim.new_game(endings, 0), Play(actor="a", card="to9"))
    assert [e.ending for e in of(GameEnd, events)] == ["first"]
    result = negsim.outcome(state)
    assert result is not None and result.ending == "first" and result.name == "First"


def test_r0_9_an_end_effect_ends_the_game_at_once(endings: Rules) -> None:
    """R0.9: "An `end` effect ends it at once. No action is taken after the game ends." """
    state, events = run(negsim.new_game(endings, 0), Play(actor="a", card="stop"))
    assert state.is_over and state.meter("why") == 1, "effects after `end` do not run"
    assert isinstance(events[-1], GameEnd) and events[-1].ending == "halt"
    assert state.to_move == -1 and negsim.legal_actions(state) == ()
    assert refused(state, Pass(actor="b")) == "R1"


def test_r0_9_without_instant_endings_the_game_runs_to_the_final_one(endings: Rules) -> None:
    """R0.9 with R0.1: "When the last phase of the last round is over, the game ends with the
    scenario's `final` ending."
    """
    state = negsim.new_game(endings, 0)
    while not state.is_over:
        state = pass_phase(state)
    result = negsim.outcome(state)
    assert result is not None and result.ending == "fin"


# ------------------------------------------------------------------ R0.10 scoring

SCORING = """\
negsim: 1
id: scoring
title: Scoring lab
actors:
  - id: a
    name: Alpha
    short: A
    victory:
      score: "x - 1"
      objectives:
        - {id: three, text: X at three, when: "x >= 3", points: 2}
        - {id: flagged, text: Flag up, when: "f", points: 5}
        - {id: no_blowup, text: No blow-up, when: "ended(blowup)", points: -10}
      win_at: 4
  - id: b
    name: Bravo
    short: B
    victory:
      objectives:
        - {id: low, text: X low, when: "x <= 2", points: 1}
      win_at: 1
  - id: c
    name: Charlie
    short: C
    victory: {win_at: WIN_C}
  - {id: d, name: Delta, short: D, seat: false}
meters:
  - {id: x, name: X, min: 0, max: 10, start: 0}
flags:
  - {id: f, name: F}
cards:
  - {id: set3, name: Set three, kind: action, owner: a, effects: [{set: x, to: 3}]}
  - {id: flag, name: Raise the flag, kind: action, owner: a, effects: [{raise: f}]}
  - {id: boom, name: Boom, kind: action, owner: a, effects: [{end: blowup}]}
  - {id: b_card, name: B card, kind: action, owner: b}
  - {id: c_card, name: C card, kind: action, owner: c}
turn:
  rounds: [{label: One}]
  phases:
    - {id: moves, name: Moves, kind: play, actors: [a, b, c], plays: 3}
endings:
  - {id: blowup, name: Blow-up}
  - {id: done, name: Done, final: true}
"""


def scoring(win_c: int) -> Rules:
    return compile_rules(SCORING.replace("WIN_C", str(win_c)), "scoring.yaml")


def finish(state: GameState, *actions: Action) -> tuple[GameState, list[Event]]:
    state, events = run(state, *actions)
    while not state.is_over:
        state = pass_phase(state, events)
    return state, events


def test_r0_10_score_plus_met_objectives_and_several_winners() -> None:
    """R0.10: "At the end every actor with `victory` is scored: its `score` expression (default 0)
    plus the `points` of each objective whose `when` holds in the final state. It wins if the score
    is at least `win_at`. Several actors, or none, may win."
    """
    state, events = finish(negsim.new_game(scoring(0), 0), Play(actor="a", card="set3"))
    result = negsim.outcome(state)
    assert result is not None
    assert dict(result.scores) == {"a": 3 - 1 + 2, "b": 0, "c": 0}
    assert result.winners == ("a", "c"), "a reaches exactly win_at; c's default score 0 reaches 0"
    (end,) = of(GameEnd, events)
    assert end.winners == result.winners and dict(end.scores) == dict(result.scores)
    assert "d" not in result.scores


def test_r0_10_objectives_add_up_and_may_read_the_ending() -> None:
    """R0.10: "plus the `points` of each objective whose `when` holds in the final state" """
    state, _ = finish(negsim.new_game(scoring(0), 0), Play(actor="a", card="flag"))
    result = negsim.outcome(state)
    assert result is not None and result.scores["a"] == 0 - 1 + 5 and result.scores["b"] == 1
    assert result.winners == ("a", "b", "c")
    state, _ = run(negsim.new_game(scoring(0), 0), Play(actor="a", card="flag"), Play(actor="a", card="boom"))
    result = negsim.outcome(state)
    assert result is not None and result.ending == "blowup"
    assert result.scores["a"] == -1 + 5 - 10


def test_r0_10_nobody_may_win() -> None:
    """R0.10: "Several actors, or none, may win." """
    state, events = finish(negsim.new_game(scoring(1), 0), Play(actor="a", card="set3"), Play(actor="a", card="boom"))
    result = negsim.outcome(state)
    assert result is not None and result.winners == ()
    assert of(GameEnd, events)[0].winners == ()


# ------------------------------------------------------------------ R0.11 meters

METERS = """\
negsim: 1
id: meters
title: Meter lab
actors:
  - {id: a, name: Alpha, short: A}
  - {id: b, name: Bravo, short: B}
meters:
  - {id: x, name: X, min: -2, max: 5, start: 4}
  - {id: yy, name: Track, min: 0, max: 3, start: 1, per_actor: true}
cards:
  - {id: up3, name: Up three, kind: action, owner: a, effects: [{shift: x, by: 3}]}
  - {id: up1, name: Up one, kind: action, owner: a, effects: [{shift: x, by: 1}]}
  - {id: set_high, name: Set high, kind: action, owner: a, effects: [{set: x, to: 99}]}
  - {id: set_low, name: Set low, kind: action, owner: a, effects: [{set: x, to: -7}]}
  - {id: mine, name: Mine, kind: action, owners: [a, b], effects: [{shift: yy, actor: self, by: -5}]}
turn:
  rounds: [{label: One}]
  phases:
    - {id: moves, name: Moves, kind: play, actors: [a, b], plays: 9}
endings:
  - {id: over, name: Over, final: true}
"""


@pytest.fixture(scope="module")
def meter_lab() -> Rules:
    return compile_rules(METERS, "meters.yaml")


def test_r0_11_changes_are_clamped_and_recorded(meter_lab: Rules) -> None:
    """R0.11: "Every change of a meter is clamped to `min..max` and recorded with its cause (the
    card, answer, forum rule, trigger or event responsible, and the actor behind it)."
    """
    state, events = run(negsim.new_game(meter_lab, 0), Play(actor="a", card="up3"))
    assert state.meter("x") == 5
    (change,) = of(MeterChanged, events)
    assert (change.meter, change.owner, change.old, change.new, change.by) == ("x", None, 4, 5, 3)
    assert (change.cause.kind, change.cause.id, change.cause.actor, change.cause.branch) == ("card", "up3", "a", None)
    assert change.actor == "a"
    state, events = run(state, Play(actor="a", card="set_low"))
    assert state.meter("x") == -2
    assert [(e.old, e.new, e.by) for e in of(MeterChanged, events)] == [(5, -2, -12)]
    state, events = run(state, Play(actor="a", card="set_high"))
    assert state.meter("x") == 5
    assert [(e.old, e.new) for e in of(MeterChanged, events)] == [(-2, 5)]


def test_r0_11_a_change_that_clamps_to_nothing_is_not_recorded(meter_lab: Rules) -> None:
    """R0.11: "A change that clamps to no change is not recorded." """
    state, _ = run(negsim.new_game(meter_lab, 0), Play(actor="a", card="up3"))
    before = state
    state, events = run(state, Play(actor="a", card="up1"), Play(actor="a", card="set_high"))
    assert of(MeterChanged, events) == []
    assert state.meters == before.meters
    assert [e.card for e in of(CardPlayed, events)] == ["up1", "set_high"]


def test_r0_11_per_actor_changes_name_their_owner(meter_lab: Rules) -> None:
    """R0.11: "Every change of a meter is clamped to `min..max` and recorded with its cause" """
    state, events = run(negsim.new_game(meter_lab, 0), Play(actor="a", card="mine"), Pass(actor="a"))
    state, more = run(state, Play(actor="b", card="mine"))
    changes = of(MeterChanged, [*events, *more])
    assert [(c.meter, c.owner, c.old, c.new, c.by, c.cause.actor) for c in changes] == [
        ("yy", "a", 1, 0, -5, "a"),
        ("yy", "b", 1, 0, -5, "b"),
    ]
    assert state.meter("yy", "a") == 0 and state.meter("yy", "b") == 0


def test_r0_11_every_change_names_its_cause(forums: Rules, triggers: Rules) -> None:
    """R0.11: "recorded with its cause (the card, answer, forum rule, trigger or event responsible,
    and the actor behind it)"
    """
    state, events = tabled(forums, Play(actor="p", card="dem", forum="maj"))
    state, more = answer_all(state, [(COUNTER, "offer_back"), (REJECT, None), (SILENCE, None)])
    causes = {
        (c.meter, c.owner, c.cause.kind, c.cause.id, c.cause.actor, c.cause.branch)
        for c in of(MeterChanged, events + more)
    }
    assert causes == {
        ("mark", "p", "card", "dem", "p", None),
        ("ctr", None, "resolution", "dem", "p", "counter"),
        ("split", None, "forum", "maj", "p", "split"),
        ("mark", "a", "counter", "offer_back", "a", None),
        ("mark", "p", "counter", "offer_back", "a", None),
    }
    _, events = run(negsim.new_game(triggers, 0), Play(actor="a", card="up"))
    by_trigger = [(c.cause.kind, c.cause.id, c.cause.actor) for c in of(MeterChanged, events) if c.meter == "hits"]
    assert by_trigger == [("trigger", "once", None), ("trigger", "rep", None)]
    _, opening = negsim.start(triggers, 0)
    assert [(c.meter, c.cause.kind, c.cause.id, c.cause.actor) for c in of(MeterChanged, opening)] == [
        ("t", "event", "tick", None)
    ]


# ------------------------------------------------------------------ R0.12 chance

CHANCE = """\
negsim: 1
id: chance
title: Chance lab
actors:
  - {id: a, name: Alpha, short: A}
meters:
  - {id: x, name: X, min: -50, max: 50, start: 0}
cards:
  - id: gamble
    name: Gamble
    kind: action
    owner: a
    effects:
      - {chance: 0.3, then: [{shift: x, by: 1}], else: [{shift: x, by: -1}]}
      - {chance: 0.7, then: [{shift: x, by: 10}]}
turn:
  rounds: [{label: One}, {label: Two}]
  phases:
    - {id: moves, name: Moves, kind: play, actors: [a], plays: 20}
endings:
  - {id: over, name: Over, final: true}
"""


def test_r0_12_chance_comes_from_the_rng_in_the_state() -> None:
    """R0.12: "Every random draw (chance effects, event draws) comes from the random number
    generator whose state is part of the game state, seeded from the game's seed."
    """
    rules = compile_rules(CHANCE, "chance.yaml")
    gamble = Play(actor="a", card="gamble")
    outcomes = set()
    for seed in range(200):
        state = negsim.new_game(rules, seed)
        assert state.rng == negsim.new_game(rules, seed).rng
        after, events = run(state, gamble)
        rolls = of(ChanceRolled, events)
        assert [r.p for r in rolls] == [0.3, 0.7]
        first, state_rng = rng.next_float(state.rng)
        second, state_rng = rng.next_float(state_rng)
        d1, d2 = int(first * 1000), int(second * 1000)
        assert [r.roll for r in rolls] == [d1, d2], "the recorded rolls are d1000s from the state RNG's next numbers"
        assert [r.success for r in rolls] == [d1 < 300, d2 < 700]
        assert after.rng == state_rng
        assert after.meter("x") == (1 if d1 < 300 else -1) + (10 if d2 < 700 else 0)
        assert all(r.cause.kind == "card" and r.cause.id == "gamble" and r.actor == "a" for r in rolls)
        outcomes.add((rolls[0].success, rolls[1].success))
        _, other_events = run(state._replace(rng=state.rng ^ 0xFFFF), gamble)
        assert [r.roll for r in of(ChanceRolled, other_events)] != [r.roll for r in rolls]
    assert len(outcomes) == 4, "both branches of both chances happen"


def test_r0_12_same_scenario_seed_and_actions_give_the_same_game() -> None:
    """R0.12: "The same scenario, seed and actions always give the same game." """
    rules = compile_rules(CHANCE, "chance.yaml")
    plays: list[Action] = [Play(actor="a", card="gamble")] * 5
    runs = [negsim.apply(negsim.new_game(rules, 99), plays) for _ in range(2)]
    assert runs[0] == runs[1]
    other = negsim.apply(negsim.new_game(rules, 100), plays)
    assert [r.roll for r in of(ChanceRolled, other[1])] != [r.roll for r in of(ChanceRolled, runs[0][1])]


# ------------------------------------------------------------------ R1 - R10 legality


def test_r1_no_action_is_legal_once_the_game_has_ended(endings: Rules) -> None:
    """R1: "No action is legal once the game has ended." """
    state, _ = run(negsim.new_game(endings, 0), Play(actor="a", card="to5"))
    assert state.is_over and negsim.legal_actions(state) == ()
    for action in (Pass(actor="a"), Pass(actor="b"), Play(actor="a", card="to9"), Play(actor="b", card="nudge")):
        assert refused(state, action) == "R1"


def test_r2_only_the_actor_to_move_may_act_and_only_as_itself(forums: Rules) -> None:
    """R2: "Only the actor to move may act, and only as itself." """
    state = negsim.new_game(forums, 0)
    assert state.actor_to_move == "p"
    assert refused(state, Pass(actor="a")) == "R2"
    assert refused(state, Play(actor="a", card="a_action")) == "R2"
    assert refused(state, Play(actor="a", card="dem", forum="cons")) == "R2", "p's card, played as a"
    assert refused(state, Pass(actor="nobody")) == "R2"
    assert refused(state, Pass(actor="z")) == "R2", "an actor that is not a seat never moves"
    state, _ = tabled(forums, Play(actor="p", card="dem", forum="maj"))
    assert state.actor_to_move == "a"
    assert refused(state, Answer(actor="b", item=1, response=ACCEPT)) == "R2"


def test_r3_cards_and_passes_in_play_phases_answers_in_answer_phases(forums: Rules) -> None:
    """R3: "Cards are played and turns passed only in play phases; answers are given only in answer
    phases (in an answer phase, staying silent is the way to pass)."
    """
    state = negsim.new_game(forums, 0)
    assert refused(state, Answer(actor="p", item=1, response=ACCEPT)) == "R3"
    state, _ = run(state, Play(actor="p", card="dem", forum="uni", target="a"))
    assert refused(state, Answer(actor="p", item=1, response=SILENCE)) == "R3"
    state = pass_phase(state)
    assert state.phase_id == "talks" and state.actor_to_move == "a"
    assert refused(state, Pass(actor="a")) == "R3"
    assert refused(state, Play(actor="a", card="a_action")) == "R3"
    assert negsim.is_legal(state, Answer(actor="a", item=1, response=SILENCE))


def test_r4_an_actor_plays_only_cards_it_holds(forums: Rules, meter_lab: Rules) -> None:
    """R4: "An actor plays only cards it holds (`owner`/`owners`)." """
    state = negsim.new_game(forums, 0)
    assert refused(state, Play(actor="p", card="a_action")) == "R4"
    assert refused(state, Play(actor="p", card="offer_back", forum="maj")) == "R4"
    assert refused(state, Play(actor="p", card="no_such_card")) == "R4"
    assert negsim.is_legal(state, Play(actor="p", card="ab_talk", forum="bil_ab")) is False  # held, but R7
    shared = negsim.new_game(meter_lab, 0)
    assert negsim.is_legal(shared, Play(actor="a", card="mine")), "owners: each of them holds it"
    rules = compile_rules(DRAWS, "draws.yaml")
    assert refused(negsim.new_game(rules, 0), Play(actor="a", card="filler")) == "R4", "nobody holds an event"


LIMITS = """\
negsim: 1
id: limits
title: Limit lab
actors:
  - {id: a, name: Alpha, short: A}
  - {id: b, name: Bravo, short: B}
meters:
  - {id: fuel, name: Fuel, min: 0, max: 10, start: 3}
  - {id: grit, name: Grit, min: 0, max: 5, start: 0, per_actor: true}
cards:
  - {id: once, name: Once, kind: action, owner: a, limit: 1}
  - {id: per, name: Per round, kind: action, owner: a, per_round: 1}
  - {id: shut, name: Shut, kind: action, owner: a, locked: true}
  - {id: key, name: Key, kind: action, owner: a, effects: [{unlock: shut}]}
  - {id: relock, name: Relock, kind: action, owner: b, effects: [{lock: shut}]}
  - {id: needy, name: Needy, kind: action, owners: [a, b], requires: "self.grit >= 1"}
  - {id: grow, name: Grow, kind: action, owner: b, effects: [{shift: grit, actor: self, by: 1}]}
  - {id: pricey, name: Pricey, kind: action, owner: a, cost: [{meter: fuel, amount: 2}]}
turn:
  rounds: [{label: One}, {label: Two}]
  phases:
    - {id: moves, name: Moves, kind: play, actors: [a, b], plays: 9}
endings:
  - {id: over, name: Over, final: true}
"""


@pytest.fixture(scope="module")
def limits() -> Rules:
    return compile_rules(LIMITS, "limits.yaml")


def test_r5_limit_per_game_and_per_round(limits: Rules) -> None:
    """R5: "A card cannot be played while locked, after `limit` plays in the game, or after
    `per_round` plays in the round."
    """
    state, _ = run(negsim.new_game(limits, 0), Play(actor="a", card="once"), Play(actor="a", card="per"))
    assert refused(state, Play(actor="a", card="once")) == "R5"
    assert refused(state, Play(actor="a", card="per")) == "R5"
    state = pass_phase(state)
    assert state.round == 1 and state.actor_to_move == "a"
    assert negsim.is_legal(state, Play(actor="a", card="per")), "per_round resets each round"
    assert refused(state, Play(actor="a", card="once")) == "R5", "limit counts the whole game"
    assert negsim.card_refusal(state, "once", "a") == "once has already been played once: its limit for the game"


def test_r5_locked_cards_wait_for_an_unlock(limits: Rules) -> None:
    """R5: "A card cannot be played while locked" """
    state = negsim.new_game(limits, 0)
    assert refused(state, Play(actor="a", card="shut")) == "R5"
    state, events = run(state, Play(actor="a", card="key"))
    assert [(e.card, e.locked, e.cause.id) for e in of(CardLockChanged, events)] == [("shut", False, "key")]
    state, _ = run(state, Play(actor="a", card="shut"), Pass(actor="a"), Play(actor="b", card="relock"))
    state = pass_phase(state)
    assert refused(state, Play(actor="a", card="shut")) == "R5"


def test_r5_a_locked_card_names_what_unlocks_it(limits: Rules) -> None:
    """R5: a locked card's refusal names every rule, card or answer whose effects unlock it, with
    the trigger's condition (regression: it said only "is locked until a rule unlocks it").
    """
    state = negsim.new_game(limits, 0)
    assert negsim.card_refusal(state, "shut", "a") == "shut is locked until key is played"
    summit = negsim.new_game(negsim.load(TEST_SCENARIOS / "summit.yaml"), 0)
    assert negsim.card_refusal(summit, "s_walkout", "south") == (
        "s_walkout is locked until rule “Boiling over” applies (tension >= 9) or e_leak is played"
    )
    dec2021 = negsim.new_game(negsim.load(SCENARIOS / "dec2021.yaml"), 0)
    assert negsim.card_refusal(dec2021, "ru_preemptive", "russia") == (
        "ru_preemptive requires pretext >= 6 and troops >= 175 and escalation >= 8"
    )


def test_r6_requires_is_read_with_self_the_player(limits: Rules) -> None:
    """R6: "A card is playable only while its `requires` holds (with `self` the player)" """
    state = negsim.new_game(limits, 0)
    assert refused(state, Play(actor="a", card="needy")) == "R6"
    state, _ = run(state, Pass(actor="a"))
    assert refused(state, Play(actor="b", card="needy")) == "R6"
    state, _ = run(state, Play(actor="b", card="grow"))
    assert negsim.is_legal(state, Play(actor="b", card="needy"))
    state = pass_phase(state)
    assert state.actor_to_move == "a"
    assert refused(state, Play(actor="a", card="needy")) == "R6", "b's grit is not a's"
    assert negsim.card_refusal(state, "needy", "a") == "needy requires self.grit >= 1"


def test_r6_a_cost_needs_a_meter_that_can_pay(limits: Rules) -> None:
    """R6: "a cost adds the condition that the paying meter can pay it." """
    state, events = run(negsim.new_game(limits, 0), Play(actor="a", card="pricey"))
    assert state.meter("fuel") == 1
    assert [(e.meter, e.by, e.cause.kind, e.cause.id) for e in of(MeterChanged, events)] == [
        ("fuel", -2, "card", "pricey")
    ]
    assert refused(state, Play(actor="a", card="pricey")) == "R6"


def test_r7_forums(forums: Rules) -> None:
    """R7: "A card with `forums` must be played in one of them; the forum must be open
    (`open_when`); a bilateral forum can be used only by its members. A card without forums is
    played in none."
    """
    state = negsim.new_game(forums, 0)
    assert refused(state, Play(actor="p", card="dem", target="a")) == "R7", "no forum"
    assert refused(state, Play(actor="p", card="dem", forum="bil_ab")) == "R7", "not one of its forums"
    assert refused(state, Play(actor="p", card="dem", forum="nowhere")) == "R7"
    assert refused(state, Play(actor="p", card="dem", forum="gated", target="a")) == "R7", "closed"
    assert refused(state, Play(actor="p", card="ab_talk", forum="bil_ab")) == "R7", "not a member"
    assert refused(state, Play(actor="p", card="direct", forum="uni", target="a")) == "R7", "a card without forums"
    opened, _ = run(state, Play(actor="p", card="open_gate"))
    assert negsim.is_legal(opened, Play(actor="p", card="dem", forum="gated", target="a"))
    assert Play(actor="p", card="dem", forum="gated", target="a") in negsim.legal_actions(opened)
    assert not any(isinstance(a, Play) and a.forum == "gated" for a in negsim.legal_actions(state))


def test_r8_targets(forums: Rules) -> None:
    """R8: "A card with `targets` played with no forum or in a unilateral forum must name one of its
    targets, never the player itself. Otherwise it takes no target."
    """
    state = negsim.new_game(forums, 0)
    assert refused(state, Play(actor="p", card="dem", forum="uni")) == "R8", "a target is needed"
    assert refused(state, Play(actor="p", card="direct")) == "R8"
    assert refused(state, Play(actor="p", card="dem", forum="uni", target="c")) == "R8", "not one of its targets"
    assert refused(state, Play(actor="p", card="dem", forum="uni", target="p")) == "R8", "never the player itself"
    assert refused(state, Play(actor="p", card="dem", forum="cons", target="a")) == "R8", "a consensus forum"
    assert refused(state, Play(actor="p", card="dem", forum="bil", target="a")) == "R8", "a bilateral forum"
    assert refused(state, Play(actor="p", card="open_gate", target="a")) == "R8", "a card without targets"
    targets = {a.target for a in negsim.legal_actions(state) if isinstance(a, Play) and a.forum == "uni"}
    assert targets == {"a", "b"}


def test_r9_answers_go_to_the_head_of_the_queue_with_a_known_response(forums: Rules) -> None:
    """R9: "Items are answered in order: an answer must be for the item at the head of the queue,
    with one of `accept`, `reject`, `counter` or `silence`."
    """
    state, _ = tabled(
        forums,
        Play(actor="p", card="dem", forum="bil"),
        Play(actor="p", card="dem", forum="uni", target="a"),
    )
    assert state.actor_to_move == "a" and state.queue[0][0] == 1
    assert refused(state, Answer(actor="a", item=2, response=ACCEPT)) == "R9"
    assert refused(state, Answer(actor="a", item=99, response=ACCEPT)) == "R9"
    assert refused(state, Answer(actor="a", item=1, response=cast(Response, "maybe"))) == "R9"
    assert negsim.is_legal(state, Answer(actor="a", item=1, response=cast(Response, "accept")))


def test_r10_countering(forums: Rules) -> None:
    """R10: "A counter must name a card the responder holds, whose `counters` lists the card on the
    table, that is playable now (R5, R6); a counter-offer cannot be countered, and only a counter
    names a card."
    """
    state, _ = tabled(forums, Play(actor="p", card="dem", forum="uni", target="a"))
    assert state.actor_to_move == "a"
    assert refused(state, reply(state, COUNTER, "retort")) == "R10", "not a's card"
    assert refused(state, reply(state, COUNTER, "a_action")) == "R10", "does not counter dem"
    assert refused(state, reply(state, COUNTER, "locked_counter")) == "R10", "locked (R5)"
    assert refused(state, reply(state, COUNTER, "costly_counter")) == "R10", "requires heat >= 8 (R6)"
    assert refused(state, reply(state, COUNTER, "no_such_card")) == "R10"
    assert refused(state, reply(state, COUNTER)) == "R10", "a counter names its card"
    assert refused(state, reply(state, ACCEPT, "plain_counter")) == "R10", "only a counter names a card"
    assert refused(state, reply(state, SILENCE, "plain_counter")) == "R10"
    legal = set(negsim.legal_actions(state))
    assert legal == {
        reply(state, ACCEPT),
        reply(state, REJECT),
        reply(state, SILENCE),
        reply(state, COUNTER, "offer_back"),
        reply(state, COUNTER, "plain_counter"),
        reply(state, COUNTER, "once_counter"),
    }
    state, _ = run(state, reply(state, COUNTER, "once_counter"))
    state = pass_phase(state)  # the late phase
    state, _ = tabled_again(state)
    assert state.actor_to_move == "a" and state.round == 1
    assert refused(state, reply(state, COUNTER, "once_counter")) == "R10", "its limit is used up (R5)"
    assert reply(state, COUNTER, "once_counter") not in negsim.legal_actions(state)


def tabled_again(state: GameState) -> tuple[GameState, list[Event]]:
    """Round two: p tables dem to a; everyone else passes; the state at the answer."""
    state, events = run(state, Play(actor="p", card="dem", forum="uni", target="a"))
    state = pass_phase(state, events)
    return state, events


def test_r10_a_counter_offer_cannot_be_countered(forums: Rules) -> None:
    """R10: "a counter-offer cannot be countered" """
    state, _ = tabled(forums, Play(actor="p", card="dem", forum="bil"))
    state, _ = run(state, reply(state, COUNTER, "offer_back"))
    assert state.actor_to_move == "p" and state.table[0].counter_of == 1
    assert refused(state, reply(state, COUNTER, "retort")) == "R10"
    assert not any(isinstance(a, Answer) and a.response is COUNTER for a in negsim.legal_actions(state))


def test_legal_actions_are_exactly_the_legal_ones(forums: Rules, limits: Rules) -> None:
    """R1-R10 together: ``legal_actions`` lists every action ``check`` accepts and no other."""
    state = negsim.new_game(forums, 0)
    expected: set[Any] = {
        Play(actor="p", card="dem", forum="cons"),
        Play(actor="p", card="dem", forum="maj"),
        Play(actor="p", card="dem", forum="bil"),
        Play(actor="p", card="dem", forum="uni", target="a"),
        Play(actor="p", card="dem", forum="uni", target="b"),
        Play(actor="p", card="direct", target="a"),
        Play(actor="p", card="direct", target="b"),
        Play(actor="p", card="open_gate"),
        Play(actor="p", card="retort"),
        Pass(actor="p"),
    }
    assert set(negsim.legal_actions(state)) == expected
    assert negsim.legal_actions(state)[-1] == Pass(actor="p"), "plays first, then the pass"
    state = negsim.new_game(limits, 0)
    assert set(negsim.legal_actions(state)) == {
        Play(actor="a", card="once"),
        Play(actor="a", card="per"),
        Play(actor="a", card="key"),
        Play(actor="a", card="pricey"),
        Pass(actor="a"),
    }
