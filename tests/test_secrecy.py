"""Secrecy and sealed moves (R13, issue 12 items 1 and 3), played on ``tests/scenarios/backchannel.yaml``:
a closed back channel, a secret trade, a secret order that moves a public meter, a sealed standoff
and a secret ballot."""

from __future__ import annotations

import random

import pytest

import negsim
from conftest import TEST_SCENARIOS
from negsim import Answer, GameState, Pass, Play, Response, Rules, legal_actions, new_game, step
from negsim.core.events import (
    CardPlayed,
    ChoiceSealed,
    Event,
    FlagChanged,
    ItemResolved,
    MeterChanged,
    Note,
)
from negsim.core.infoset import determinize, information_set
from negsim.core.secrecy import HIDDEN, shown
from negsim.core.view import view
from negsim.describe import card_effects, card_facts
from negsim.jsonio import event_dict, event_from_dict
from negsim.narrate import describe
from negsim.scenario.load import check_bytes


@pytest.fixture(scope="module")
def rules() -> Rules:
    return negsim.load(TEST_SCENARIOS / "backchannel.yaml")


def play(s: GameState, *actions: Play | Pass | Answer, log: list[Event] | None = None) -> GameState:
    for a in actions:
        s, events = step(s, a)
        if log is not None:
            log.extend(events)
    return s


def seen_by(rules: Rules, log: list[Event], seat: str) -> list[Event]:
    return [e2 for e in log if (e2 := shown(rules, e, seat)) is not None]


def test_the_scenario_validates_clean() -> None:
    report = check_bytes((TEST_SCENARIOS / "backchannel.yaml").read_bytes(), "backchannel.yaml")
    assert report.issues == []


def test_a_closed_forum_is_seen_by_its_members_only(rules: Rules) -> None:
    """R13: what is tabled and decided in a closed forum is seen by its members (and the addressee)."""
    log: list[Event] = []
    s = play(new_game(rules, 1), Play(actor="east", card="trade", forum="channel"), log=log)
    assert [t.card for t in view(s, "west").table] == ["trade"]
    assert [t.card for t in view(s, "east").table] == ["trade"]
    assert view(s, "isle").table == ()
    played = next(e for e in log if isinstance(e, CardPlayed))
    assert played.seen_by == ("west", "east")
    assert shown(rules, played, "isle") is None
    assert not any(isinstance(e, CardPlayed) for e in seen_by(rules, log, "isle"))
    # The island still counts the trade among Eastland's cards left: it cannot know it was played.
    before = {a.id: a.cards_left for a in view(new_game(rules, 1), "isle").actors}
    assert {a.id: a.cards_left for a in view(s, "isle").actors} == before


def test_a_secret_card_moves_a_public_meter_without_saying_why(rules: Rules) -> None:
    """R13: others see a public meter move, with its cause hidden; the flag and the line said are not shown."""
    log: list[Event] = []
    s = play(new_game(rules, 1), Play(actor="east", card="order"), log=log)
    assert s.meter("alert") == 4 and s.flag("warheads")
    west = seen_by(rules, log, "west")
    moved = [e for e in west if isinstance(e, MeterChanged)]
    assert [(e.meter, e.old, e.new, e.cause) for e in moved] == [("alert", 3, 4, HIDDEN)]
    assert not any(isinstance(e, FlagChanged | Note | CardPlayed) for e in west)
    lines = [line for e in west if (line := describe(rules, e)) is not None]
    assert "Alert 3 → 4 (+1) ← something hidden from you" in lines
    text = "\n".join(lines)
    assert "Warheads" not in text and "warheads" not in text and "order" not in text
    # Eastland sees its own order, and why the alert moved.
    east = seen_by(rules, log, "east")
    assert any(isinstance(e, CardPlayed) and e.card == "order" for e in east)
    assert next(e for e in east if isinstance(e, MeterChanged)).cause.id == "order"


def test_seat_view_json_round_trips_the_audience(rules: Rules) -> None:
    log: list[Event] = []
    play(new_game(rules, 1), Play(actor="east", card="trade", forum="channel"), log=log)
    played = next(e for e in log if isinstance(e, CardPlayed))
    d = event_dict(played)
    assert d["seen_by"] == ["west", "east"]
    assert event_from_dict(d) == played
    opening = event_dict(negsim.start(rules, 1)[1][0])
    assert "seen_by" not in opening, "a public event says nothing of its audience (saves' digests unchanged)"


def test_hidden_names_are_not_named_to_a_seat(rules: Rules) -> None:
    """R13: a meter or flag a seat sees no track of is not even named to it: in its view, its card
    texts and the branch of a rule that tests it."""
    s = new_game(rules, 1)
    assert "warheads" not in {f.id for f in view(s, "west").flags}
    assert "warheads" in {f.id for f in view(s, "east").flags}
    assert "isle_trust" not in {m.id for m in view(s, "west").meters}
    hold = rules.cards[rules.card_index["hold"]]
    west = rules.actor_index["west"]
    words = "\n".join(card_effects(rules, hold, s, west) + card_facts(rules, hold, s, west))
    assert "Warheads" not in words and "warheads" not in words
    assert "if something hidden from you holds:" in words
    east_words = "\n".join(card_effects(rules, hold, s, rules.actor_index["east"]))
    assert "Warheads with the units" in east_words


def test_a_sealed_phase_hides_choices_until_all_have_chosen(rules: Rules) -> None:
    """R13: in a sealed play phase the listed seats choose blind; the choices take effect together."""
    s = play(new_game(rules, 1), Pass(actor="east"), Pass(actor="west"), Pass(actor="isle"))
    assert s.phase_id == "standoff" and s.actor_to_move == "west"
    east_options_before = legal_actions(s._replace(to_move=rules.actor_index["east"]))
    log: list[Event] = []
    s = play(s, Play(actor="west", card="hold"), log=log)
    assert s.meter("alert") == 3, "nothing takes effect before all have chosen"
    assert [type(e) for e in log] == [ChoiceSealed]
    assert view(s, "east").chosen == ("west",) and view(s, "east").choice is None
    assert view(s, "west").choice == Play(actor="west", card="hold")
    assert legal_actions(s) == east_options_before, "the later seat's options do not show the earlier choice"
    assert information_set(s, "east").sealed[0][0] == -1, "east does not know west's choice"
    s = play(s, Play(actor="east", card="turn_back"), log=log)
    played = [e.actor for e in log if isinstance(e, CardPlayed)]
    assert played == ["west", "east"], "revealed in the phase's order"
    assert s.meter("alert") == 3 + 1 - 1


def test_a_sealed_choice_no_longer_playable_when_revealed_is_void(rules: Rules) -> None:
    """R13: both sides turning back with a card once per round: the second is void."""
    s = play(new_game(rules, 1), Pass(actor="east"), Pass(actor="west"), Pass(actor="isle"))
    log: list[Event] = []
    s = play(s, Play(actor="west", card="turn_back"), Play(actor="east", card="turn_back"), log=log)
    assert [e.actor for e in log if isinstance(e, CardPlayed)] == ["west"]
    void = [e for e in log if isinstance(e, Note) and e.cause.id == "R13"]
    assert len(void) == 1 and "Eastland's sealed choice, Turn back, is void" in void[0].text
    assert s.meter("alert") == 2


def test_a_sealed_ballot_hides_answers_until_the_item_is_decided(rules: Rules) -> None:
    """R13: in a sealed answer phase each answer is the answerer's own until the decision."""
    s = play(new_game(rules, 1), Pass(actor="east"), Play(actor="west", card="east_withdraw", forum="council"))
    s = play(s, Pass(actor="isle"), Pass(actor="west"), Pass(actor="east"))
    assert s.phase_id == "ballot" and s.actor_to_move == "east"
    item = s.queue[0][0]
    log: list[Event] = []
    s = play(s, Answer(actor="east", item=item, response=Response.REJECT), log=log)
    assert [i.answers for i in view(s, "isle").table] == [()]
    assert [i.answers for i in view(s, "east").table] == [(("east", "reject"),)]
    assert seen_by(rules, log, "isle") == [] and seen_by(rules, log, "east") == log
    assert all(a[1] != 1 for a in information_set(s, "isle").table[0].answers), "isle cannot know the rejection"
    s = play(s, Answer(actor="isle", item=item, response=Response.ACCEPT), log=log)
    decided = next(e for e in log if isinstance(e, ItemResolved))
    assert shown(rules, decided, "isle") == decided
    assert decided.votes == (("east", "reject"), ("isle", "accept"))


def test_determinize_draws_unknown_sealed_choices_among_legal_moves(rules: Rules) -> None:
    s = play(new_game(rules, 1), Pass(actor="east"), Pass(actor="west"), Pass(actor="isle"))
    s = play(s, Play(actor="west", card="hold"))
    known = information_set(s, "east")
    drawn = {determinize(known, "east", random.Random(k)).sealed[0] for k in range(40)}
    kinds = {d[0] for d in drawn}
    assert -1 not in kinds and len(drawn) >= 2, "west's choice is drawn, not known"


def test_what_is_hidden_does_not_change_a_bot_s_decision(rules: Rules) -> None:
    """Two games that differ only in a secret the island may not see give its bots the same decision."""
    from negsim.bots import make_bot, observe

    a = play(new_game(rules, 4), Play(actor="east", card="trade", forum="channel"))
    b = play(new_game(rules, 4), Pass(actor="east"))
    a = play(a, Pass(actor="west"))
    b = play(b, Pass(actor="west"))
    assert a.actor_to_move == b.actor_to_move == "isle"
    for spec in ("heuristic", "mcts:easy", "greedy"):
        da = make_bot(spec, "isle", 3).decide(observe(a, "isle"))
        db = make_bot(spec, "isle", 3).decide(observe(b, "isle"))
        assert da == db, spec


def test_lint_warns_where_the_rules_give_a_secret_away() -> None:
    """A public trigger that tests a flag some seats may not see tells them, by what it does, its value."""
    report = check_bytes((TEST_SCENARIOS / "standoff.yaml").read_bytes(), "standoff.yaml")
    messages = [i.message for i in report.issues]
    assert messages == ["trigger warned_cools tests red_warned, hidden from Blue, Green: what it does will tell them"]
    lone = (
        (TEST_SCENARIOS / "backchannel.yaml")
        .read_text(encoding="utf-8")
        .replace("actors: [west, east], sealed", "actors: [west], sealed")
    )
    assert any(
        "is sealed but only one actor plays in it" in i.message for i in check_bytes(lone.encode(), "x.yaml").issues
    )

    tell = (TEST_SCENARIOS / "backchannel.yaml").read_text(encoding="utf-8") + (
        'triggers:\n  - {id: tell, name: Tell, when: "played(order) > 0", effects: [{shift: alert, by: 1}]}\n'
    )
    assert [i.message for i in check_bytes(tell.encode(), "x.yaml").issues] == [
        "trigger tell tests the secret card order: what it does tells every seat whether it was played"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "rule: majority\n    members: [west, east, isle]",
            "rule: majority\n    members: [west, east, isle]\n    visible_to: [isle]",
            "visible_to is for a closed forum (visibility: members) or a secret card",
        ),
        (
            "actors: [west, east], sealed: true}",
            "actors: [west, east], sealed: true, plays: 2}",
            "in a sealed phase each actor makes one sealed choice: plays is 1, not 2",
        ),
        ("kind: answer, sealed: true}", "kind: draw, sealed: true}", "a draw phase has no choices to seal"),
        (
            "secret: true\n    phases: [moves]\n    limit: 1",
            "secret: true\n    visible_to: [nobody]\n    phases: [moves]\n    limit: 1",
            "nobody",
        ),
    ],
    ids=["visible_to-public-forum", "sealed-plays", "sealed-draw", "visible_to-unknown"],
)
def test_secrecy_keys_are_checked_with_their_location(old: str, new: str, message: str) -> None:
    text = (TEST_SCENARIOS / "backchannel.yaml").read_text(encoding="utf-8")
    assert old in text
    report = check_bytes(text.replace(old, new, 1).encode(), "x.yaml")
    errors = [f"{i.line}:{i.column}: {i.message}" for i in report.issues if i.severity == "error"]
    assert any(message in e for e in errors), errors
