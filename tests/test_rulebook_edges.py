"""Edge cases of the rulebook found while testing it: nothing after an end, atomic effects,
the debrief reveal, the RNG kept secret, and counter-only cards."""

from __future__ import annotations

import negsim
from negsim import Answer, IllegalActionError, Pass, Play, Response, Rules
from negsim.core import rng
from negsim.core.events import ChanceRolled, GameEnd, MeterChanged, TriggerFired
from negsim.core.view import visible
from negsim.scenario.load import check_bytes

LAB = """\
negsim: 1
id: lab
title: Lab
actors:
  - {id: a, name: Alpha, short: A, victory: {win_at: 1}}
  - {id: b, name: Bravo, short: B, victory: {win_at: 1}}
meters:
  - {id: x, name: X, min: 0, max: 10, start: 0}
  - {id: why, name: Why, min: 0, max: 10, start: 0}
  - {id: spy, name: Spy, min: 0, max: 10, start: 7, visibility: private, visible_to: [a]}
cards:
  - {id: stop, name: Stop, kind: action, owner: a, effects: [{shift: why, by: 1}, {end: halt}]}
  - {id: spike, name: Spike, kind: action, owner: a, effects: [{shift: x, by: 5}, {shift: x, by: -5}]}
  - {id: gamble, name: Gamble, kind: action, owner: a, effects: [{chance: 0.5}]}
  - {id: b_card, name: B card, kind: action, owner: b}
turn:
  rounds: [{label: One}]
  phases:
    - {id: moves, name: Moves, kind: play, actors: [a, b], plays: 9}
triggers:
  - {id: watch, name: Watch, when: "why >= 1", effects: [{shift: why, by: 1}]}
endings:
  - {id: over, name: Over, when: "x >= 5"}
  - {id: halt, name: Halt}
  - {id: fin, name: Finish, final: true}
"""


def lab() -> Rules:
    report = check_bytes(LAB.encode(), "lab.yaml")
    assert report.rules is not None, report.errors
    return report.rules


def test_r0_9_nothing_happens_after_an_end_effect() -> None:
    """R0.9: "An `end` effect ends the game at once: nothing after it runs (no further effects,
    no triggers)"."""
    state, events = negsim.step(negsim.new_game(lab(), 0), Play(actor="a", card="stop"))
    assert isinstance(events[-1], GameEnd), events[-1]
    assert not any(isinstance(e, TriggerFired) for e in events)
    assert state.fired == 0


def test_r0_9_the_effects_of_one_card_are_applied_together() -> None:
    """R0.9: "a condition that holds only between two of them does not end the game"."""
    state, events = negsim.step(negsim.new_game(lab(), 0), Play(actor="a", card="spike"))
    assert not state.is_over
    assert [e.new for e in events if isinstance(e, MeterChanged)] == [5, 0]


def test_r11_private_meters_are_hidden_until_the_game_is_over_then_revealed() -> None:
    """R11: a seat never sees others' private meters "until the game is over: then everything
    is revealed, for the debrief"."""
    rules = lab()
    start = negsim.new_game(rules, 0)
    assert "spy" not in {m.id for m in negsim.view(start, "b").meters}  # not even named (R13)
    state, events = negsim.step(start, Play(actor="a", card="stop"))
    assert next(m for m in negsim.view(state, "b").meters if m.id == "spy").value == 7
    outcome = negsim.view(state, "b").outcome
    assert outcome is not None and outcome.meters["spy"] == 7
    assert visible(rules, events[-1], "b")


def test_r11_public_rolls_do_not_reveal_the_rng() -> None:
    """R11: a seat "never sees the random number generator"; R0.12: "the roll is public, the
    generator's state is not". A public roll is a d1000 (under 10 bits of a 64-bit state), not
    the generator's output, which could be inverted to recover the state."""
    state = negsim.new_game(lab(), 2021)
    for _ in range(8):  # a has nine plays in the lab's one phase
        state, events = negsim.step(state, Play(actor="a", card="gamble"))
        roll = next(e for e in events if isinstance(e, ChanceRolled))
        assert type(roll.roll) is int and 0 <= roll.roll < 1000
        assert roll.success == (roll.roll < 500)
        assert all(not isinstance(v, float) or v == roll.p for v in roll)
    before = negsim.new_game(lab(), 7)
    _, events = negsim.step(before, Play(actor="a", card="gamble"))
    (roll,) = [e for e in events if isinstance(e, ChanceRolled)]
    assert roll.roll == int(rng.next_float(before.rng)[0] * 1000)


COUNTER_ONLY = """\
negsim: 1
id: counter_only
title: Counter-only lab
actors:
  - {id: a, name: Alpha, short: A, victory: {win_at: 1}}
  - {id: b, name: Bravo, short: B, victory: {win_at: 1}}
meters:
  - {id: x, name: X, min: 0, max: 10, start: 0}
forums:
  - {id: talks, name: Talks, rule: bilateral, members: [a, b]}
cards:
  - {id: ask, name: Ask, kind: demand, owner: a, forums: [talks], answers: {accept: [{shift: x, by: 1}]}}
  - {id: reply_offer, name: Reply offer, kind: offer, owner: b, counters: [ask], answers: {accept: [{shift: x, by: 2}]}}
turn:
  rounds: [{label: One}]
  phases:
    - {id: moves, name: Moves, kind: play, actors: [a, b]}
    - {id: talks, name: Talks, kind: answer}
endings:
  - {id: fin, name: Finish, final: true}
"""


def test_r7_a_card_with_answers_but_no_forum_or_target_is_only_a_counter_offer() -> None:
    """R7: "A card with `answers` but neither forums nor targets is only played as a
    counter-offer (R10), never on its own"."""
    report = check_bytes(COUNTER_ONLY.encode(), "counter_only.yaml")
    assert report.rules is not None, report.errors
    state, _ = negsim.step(negsim.new_game(report.rules, 0), Play(actor="a", card="ask", forum="talks"))
    assert not any(isinstance(x, Play) and x.card == "reply_offer" for x in negsim.legal_actions(state))
    try:
        negsim.check(state, Play(actor="b", card="reply_offer"))
    except IllegalActionError as e:
        assert e.rule == "R7", e
    else:
        raise AssertionError("a counter-only card was played on its own")
    state, _ = negsim.step(state, Pass(actor="b"))
    counter = Answer(actor="b", item=1, response=Response.COUNTER, counter="reply_offer")
    assert counter in negsim.legal_actions(state)
    state, _ = negsim.step(state, counter)
    assert state.actor_to_move == "a" and state.table[0].counter_of == 1
