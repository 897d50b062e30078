"""Item lifetimes (issue 12, item 4): an ultimatum that expires after N rounds with its ``expire``
branch, and items that stay on the table until answered or withdrawn by their proposer.
Played on ``tests/scenarios/brink.yaml``, the tutorial's example."""

from __future__ import annotations

import pytest

import negsim
from conftest import TEST_SCENARIOS
from negsim import Answer, GameState, Pass, Play, Response, Rules, legal_actions, new_game, step
from negsim.core.events import Event, ItemResolved, MeterChanged, Note
from negsim.core.view import view
from negsim.describe import card_effects, card_facts
from negsim.scenario.load import check_bytes


@pytest.fixture(scope="module")
def brink() -> Rules:
    return negsim.load(TEST_SCENARIOS / "brink.yaml")


def until_answer_of(s: GameState, card: str, log: list[Event]) -> GameState:
    """Pass and stay silent until an item of ``card`` is to be answered."""
    while not s.is_over:
        if s.queue:
            item = s.item(s.queue[0][0])
            assert item is not None
            if s.rules.cards[item.card].id == card:
                return s
        acts = legal_actions(s)
        quiet = [a for a in acts if isinstance(a, Pass) or (isinstance(a, Answer) and a.response is Response.SILENCE)]
        s, events = step(s, quiet[0])
        log.extend(events)
    raise AssertionError(f"no item of {card} came to be answered")


def silence(s: GameState, log: list[Event]) -> GameState:
    s, events = step(s, Answer(actor=s.actor_to_move or "", item=s.queue[0][0], response=Response.SILENCE))
    log.extend(events)
    return s


def test_an_ultimatum_stays_then_expires_with_its_expire_branch(brink: Rules) -> None:
    """R0.13: "An item of a card with `expires_after: N` whose result is silence at an answer phase N
    or more rounds after the round it was tabled in (that round counting as the first) expires"."""
    log: list[Event] = []
    s = new_game(brink, 1)
    s, _ = step(s, Play(actor="east", card="ultimatum", target="west"))
    item = s.table[-1].id
    assert [(i.id, i.since, i.expires) for i in view(s, "west").table] == [(item, 1, 2)]
    s = until_answer_of(s, "ultimatum", log)
    assert s.round == 0
    s = silence(s, log)
    # Silent in round 1: it stays, its answers cleared, to be answered again.
    kept = s.item(item)
    assert kept is not None and kept.answers == ()
    assert not any(isinstance(e, ItemResolved) for e in log)
    assert negsim.load is not None
    s = until_answer_of(s, "ultimatum", log)
    assert s.round == 1
    escalation = s.meter("escalation")
    log.clear()
    s = silence(s, log)
    assert s.item(item) is None
    resolved = [e for e in log if isinstance(e, ItemResolved)]
    assert [(e.item, e.result) for e in resolved] == [(item, "expire")]
    assert any(isinstance(e, Note) and e.text == "The deadline passes." for e in log)
    rise = next(e for e in log if isinstance(e, MeterChanged) and e.meter == "escalation")
    assert (rise.old, rise.cause.branch) == (escalation, "expire")
    # An expiry counts for silenced(card).
    assert s.resolved[4 * brink.card_index["ultimatum"] + 3] == 1


def test_an_answer_before_the_deadline_resolves_it(brink: Rules) -> None:
    log: list[Event] = []
    s = new_game(brink, 1)
    s, _ = step(s, Play(actor="east", card="ultimatum", target="west"))
    s = silence(until_answer_of(s, "ultimatum", log), log)
    s = until_answer_of(s, "ultimatum", log)
    log.clear()
    s, events = step(s, Answer(actor="west", item=s.queue[0][0], response=Response.REJECT))
    assert [e.result for e in events if isinstance(e, ItemResolved)] == ["reject"]


def test_a_standing_offer_stays_until_its_proposer_withdraws_it(brink: Rules) -> None:
    """R0.13: "A `withdraw` effect takes off the table, and out of the answer queue, the items of its
    card that `self` tabled." """
    log: list[Event] = []
    s = new_game(brink, 1)
    s, _ = step(s, Pass(actor="east"))
    s, _ = step(s, Play(actor="west", card="standing_offer", target="east"))
    item = s.table[-1].id
    assert view(s, "east").table[-1].expires is None
    for _ in range(2):
        s = silence(until_answer_of(s, "standing_offer", log), log)
        assert s.item(item) is not None
    while s.actor_to_move != "west" or s.phase_id != "moves":
        s, events = step(s, legal_actions(s)[-1] if s.queue else Pass(actor=s.actor_to_move or ""))
    assert Play(actor="west", card="withdraw_offer") in legal_actions(s)
    s, events = step(s, Play(actor="west", card="withdraw_offer"))
    assert s.item(item) is None
    assert [(e.item, e.result, e.votes) for e in events if isinstance(e, ItemResolved)] == [(item, "withdraw", ())]
    assert Play(actor="west", card="withdraw_offer") not in legal_actions(s)


def test_cards_say_their_lifetimes(brink: Rules) -> None:
    ultimatum = brink.cards[brink.card_index["ultimatum"]]
    assert "Deadline: stays on the table until answered; expires if still unanswered after 2 rounds" in card_facts(
        brink, ultimatum
    )
    lines = card_effects(brink, ultimatum)
    assert lines[lines.index("If left to expire:") + 1] == "  “The deadline passes.”"
    assert "If met with silence:" not in lines
    offer = brink.cards[brink.card_index["standing_offer"]]
    assert "Stays on the table until answered or withdrawn" in card_facts(brink, offer)
    assert [x for x in card_effects(brink, offer) if x.startswith("If ")] == [
        "If accepted:",
        "If rejected:",
        "If countered: nothing",
    ]


LAB = """\
negsim: 1
id: lab
title: Lab
actors:
  - {id: a, name: Alpha, short: A}
  - {id: b, name: Bravo, short: B}
cards:
  - id: d
    name: D
    kind: demand
    owner: a
    targets: [b]
    LIFETIME
    answers:
      ANSWERS
turn:
  rounds: [{label: One}]
  phases:
    - {id: moves, name: Moves, kind: play, actors: [a, b]}
    - {id: talks, name: Talks, kind: answer}
triggers:
  - {id: t, name: T, when: "round == 1", effects: [{withdraw: d}]}
endings:
  - {id: fin, name: Finish, final: true}
"""


def test_lifetimes_are_checked_at_load() -> None:
    text = LAB.replace("LIFETIME", "stays: true\n    expires_after: 2").replace(
        "ANSWERS", "silence: [{say: quiet}]\n      expire: [{say: late}]"
    )
    report = check_bytes(text.encode(), "lab.yaml")
    assert [(i.line, i.column, i.message) for i in report.errors] == [
        (13, 12, "expires_after already keeps the item on the table: remove stays"),
        (16, 7, "an item that stays on the table is never resolved by silence: use expire (with expires_after)"),
        (24, 63, "withdraw takes back items that self tabled: here there is no self"),
    ]
    text = LAB.replace("LIFETIME", "limit: 1").replace("ANSWERS", "expire: [{say: late}]")
    report = check_bytes(text.encode(), "lab.yaml")
    assert [(i.line, i.message) for i in report.errors] == [
        (15, "expire effects run only for a card with expires_after"),
        (22, "withdraw takes back items that self tabled: here there is no self"),
    ]


def test_previews_say_what_silence_does_to_an_item_that_stays(brink: Rules) -> None:
    """The answer preview of silence: the item stays for the next answer phase until its deadline,
    then it expires (with its ``expire`` effects); the play preview lists the expiry, not silence."""
    from negsim.tui.decisions import answer_preview, play_preview

    log: list[Event] = []
    s = new_game(brink, 1)
    play = Play(actor="east", card="ultimatum", target="west")
    text = play_preview(brink, s, play).plain
    assert "If left to expire:" in text and "If met with silence:" not in text
    s, _ = step(s, play)
    s = until_answer_of(s, "ultimatum", log)
    item = s.item(s.queue[0][0])
    assert item is not None
    quiet = Answer(actor="west", item=item.id, response=Response.SILENCE)
    first = answer_preview(brink, s, item, quiet, "west").plain
    assert "If nobody answers, it stays on the table for the next answer phase (deadline: round 2)." in first
    s = until_answer_of(silence(s, log), "ultimatum", log)
    item = s.item(s.queue[0][0])
    assert item is not None
    last = answer_preview(brink, s, item, quiet, "west").plain
    assert "The deadline is now: if nobody answers, it expires." in last
    assert "If it is left to expire:" in last and "“The deadline passes.”" in last
