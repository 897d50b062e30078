"""R12: the umpire's overrides are actions applied by ``step``, legal only for the umpire, logged as
the umpire's in every seat's log, and replayed from a save; a rollback re-derives the game from its
actions."""

from __future__ import annotations

from pathlib import Path

import pytest

import negsim
from negsim import IllegalActionError
from negsim.core.actions import UMPIRE, Override, OverrideKind
from negsim.core.engine import check, legal_actions, step
from negsim.core.events import FlagChanged, MeterChanged, UmpireRuling
from negsim.core.view import visible
from negsim.jsonio import action_dict, action_from_dict
from negsim.narrate import describe
from negsim.scenario.load import check_bytes
from negsim.session import Session

ROOT = Path(__file__).resolve().parents[1]
DEC2021 = ROOT / "scenarios" / "dec2021.yaml"

LAB = """\
negsim: 1
id: lab
title: Lab
actors:
  - {id: a, name: Alpha, short: A, victory: {win_at: 1}}
  - {id: b, name: Bravo, short: B, victory: {win_at: 1}}
meters:
  - {id: x, name: X, min: 0, max: 10, start: 0}
  - {id: spy, name: Spy, min: 0, max: 10, start: 7, visibility: private, visible_to: [a]}
flags:
  - {id: up, name: Up}
cards:
  - {id: a_card, name: A card, kind: action, owner: a}
  - {id: quake, name: Quake, kind: event, requires: "x >= 10", effects: [{shift: x, by: 2}]}
turn:
  rounds: [{label: One}, {label: Two}]
  phases:
    - {id: moves, name: Moves, kind: play, actors: [a, b], plays: 1}
    - {id: news, name: News, kind: draw, draws: 1}
triggers:
  - {id: alarm, name: Alarm, when: "up", effects: [{shift: x, by: 1}]}
endings:
  - {id: over, name: Over, when: "x >= 9"}
  - {id: fin, name: Finish, final: true}
"""


def lab() -> negsim.Rules:
    report = check_bytes(LAB.encode(), "lab.yaml", None, warnings=False, provenance=False)
    assert report.rules is not None, report.errors
    return report.rules


def ruling(
    kind: OverrideKind, id_: str, value: int = 0, owner: str | None = None, reason: str = "adjudicated"
) -> Override:
    return Override(kind=kind, id=id_, value=value, owner=owner, reason=reason)


def test_set_meter_is_logged_as_the_umpire_s_and_keeps_the_turn() -> None:
    state = negsim.new_game(lab(), 1)
    before = state.actor_to_move
    state2, events = step(state, ruling(OverrideKind.METER, "x", 5, reason="the talks collapsed off-stage"))
    assert state2.meter("x") == 5
    assert state2.actor_to_move == before
    assert state2.ply == state.ply + 1
    first = events[0]
    assert isinstance(first, UmpireRuling) and first.actor == UMPIRE and first.reason == "the talks collapsed off-stage"
    change = next(e for e in events if isinstance(e, MeterChanged))
    assert (change.old, change.new, change.cause.kind, change.actor) == (0, 5, "umpire", UMPIRE)
    line = describe(state.rules, first)
    assert line is not None and line.startswith("Umpire: X set to 5") and "talks collapsed" in line


def test_flag_raise_fires_triggers_and_event_injection_applies_the_card() -> None:
    state = negsim.new_game(lab(), 1)
    state, events = step(state, ruling(OverrideKind.FLAG, "up", 1))
    assert state.flag("up")
    assert any(isinstance(e, FlagChanged) and e.cause.kind == "umpire" for e in events)
    assert state.meter("x") == 1  # the trigger R0.8 fired after the ruling, as after any action
    state, events = step(state, ruling(OverrideKind.EVENT, "quake"))
    assert state.meter("x") == 3
    assert state.card_uses("quake") == 1


def test_an_override_can_end_the_game() -> None:
    state, _ = step(negsim.new_game(lab(), 1), ruling(OverrideKind.METER, "x", 9))
    assert state.is_over and state.actor_to_move is None


@pytest.mark.parametrize(
    ("action", "words"),
    [
        (Override(actor="a", kind=OverrideKind.METER, id="x", value=1, reason="r"), "only the umpire"),
        (ruling(OverrideKind.METER, "x", 11), "from 0 to 10"),
        (ruling(OverrideKind.METER, "nope", 1), "unknown meter"),
        (ruling(OverrideKind.METER, "x", 1, owner="a"), "no owner"),
        (ruling(OverrideKind.FLAG, "up", 2), "raised (1) or lowered (0)"),
        (ruling(OverrideKind.EVENT, "a_card"), "not an event card"),
        (ruling(OverrideKind.METER, "x", 1, reason="  "), "gives its reason"),
        (ruling(OverrideKind.METER, "x", 1, reason="a\x1b[2Jb"), "printable"),
        (ruling(OverrideKind.METER, "x", 1, reason="x" * 501), "at most 500"),
    ],
)
def test_illegal_overrides_are_refused_by_r12(action: Override, words: str) -> None:
    state = negsim.new_game(lab(), 1)
    with pytest.raises(IllegalActionError) as e:
        check(state, action)
    assert e.value.rule == "R12" and words in str(e.value)


def test_no_override_after_the_end_and_none_offered_to_a_seat() -> None:
    state, _ = step(negsim.new_game(lab(), 1), ruling(OverrideKind.METER, "x", 9))
    with pytest.raises(IllegalActionError) as e:
        check(state, ruling(OverrideKind.METER, "x", 1))
    assert e.value.rule == "R1"
    fresh = negsim.new_game(lab(), 1)
    assert not any(isinstance(a, Override) for a in legal_actions(fresh))


def test_ruling_on_a_private_meter_is_seen_only_by_who_may_see_it() -> None:
    rules = lab()
    _, events = step(negsim.new_game(rules, 1), ruling(OverrideKind.METER, "spy", 2))
    assert all(visible(rules, e, "a") for e in events)
    assert not any(visible(rules, e, "b") for e in events)
    _, public = step(negsim.new_game(rules, 1), ruling(OverrideKind.METER, "x", 2))
    assert all(visible(rules, e, "b") for e in public)


def test_an_actor_named_umpire_is_refused() -> None:
    text = LAB.replace("{id: b, name: Bravo", "{id: umpire, name: Bravo").replace("[a, b]", "[a, umpire]")
    report = check_bytes(text.encode(), "lab.yaml", None, warnings=False, provenance=False)
    assert report.rules is None
    assert any("facilitator's seat" in i.message for i in report.errors)


def test_overrides_round_trip_as_json_and_replay_from_a_save(tmp_path: Path) -> None:
    rules = negsim.load(DEC2021)
    s = Session.new(rules, 7, {}, DEC2021.read_text(encoding="utf-8"), str(DEC2021))
    for _ in range(3):
        s.play_bot()
    cohesion = Override(kind=OverrideKind.METER, id="cohesion", value=4, reason="allies quarrel in public")
    assert action_from_dict(action_dict(cohesion)) == cohesion
    s.play(cohesion)
    event = next(c.id for c in rules.cards if c.kind.value == "event")
    s.play(Override(kind=OverrideKind.EVENT, id=event, reason="news breaks"))
    s.play(Override(kind=OverrideKind.FLAG, id="open_door", value=0, reason="ruled so"))
    for _ in range(3):
        s.play_bot()
    path = tmp_path / "game.json"
    s.save(path)
    again = Session.load(path)
    assert again.state == s.state
    assert again.all_events() == s.all_events()
    assert sum(isinstance(e, UmpireRuling) for e in again.all_events()) == 3


def test_rollback_re_derives_the_game_from_its_actions() -> None:
    rules = negsim.load(DEC2021)
    s = Session.new(rules, 3, {}, DEC2021.read_text(encoding="utf-8"))
    states = [s.state]
    for _ in range(8):
        s.play_bot()
        states.append(s.state)
    s.play(Override(kind=OverrideKind.METER, id="troops", value=200, reason="intelligence"))
    assert s.rollback(4) == 5
    assert s.state == states[4]
    assert len(s.actions) == 4 and len(s.events) == 5 and len(s.digests) == 5
    s.play(s.legal()[0])
    assert len(s.actions) == 5


def test_rulings_are_in_the_after_action_report_and_the_debrief_reads_them() -> None:
    from negsim.analysis.debrief import debrief
    from negsim.report.aar import render_report

    rules = negsim.load(DEC2021)
    s = Session.new(rules, 5, {}, DEC2021.read_text(encoding="utf-8"), str(DEC2021))
    for _ in range(6):
        s.play_bot()
    s.play(Override(kind=OverrideKind.METER, id="cohesion", value=3, reason="allies quarrel in public"))
    while not s.is_over:
        s.play_bot()
    assert debrief(s) is not None
    text = render_report(s)
    assert "Umpire: Alliance cohesion set to 3 — “allies quarrel in public”" in text


def test_a_per_actor_flag_is_ruled_on_for_its_owner_and_seen_as_its_rule_says() -> None:
    """R12 on a per-actor flag (brink.yaml's private ``mobilised``, seen by its owner and the ally):
    the ruling names whose flag, flips that actor's bit only, and is hidden from the others."""
    rules = negsim.load(Path(__file__).parent / "scenarios" / "brink.yaml")
    state = negsim.new_game(rules, 1)
    with pytest.raises(IllegalActionError, match="kept per actor"):
        check(state, ruling(OverrideKind.FLAG, "mobilised", 1))
    with pytest.raises(IllegalActionError, match="one flag for all"):
        check(state, ruling(OverrideKind.FLAG, "hotline", 1, owner="east"))
    after, events = step(state, ruling(OverrideKind.FLAG, "mobilised", 1, owner="east"))
    flag = rules.flags[rules.flag_index["mobilised"]]
    bits = dict(rules.flag_bits(flag))
    east, west = rules.actor_index["east"], rules.actor_index["west"]
    assert after.flags >> bits[east] & 1 and not after.flags >> bits[west] & 1
    assert [(e.flag, e.owner) for e in events if isinstance(e, FlagChanged)] == [("mobilised", "east")]
    assert all(visible(rules, e, "east") and visible(rules, e, "ally") for e in events)
    assert not any(visible(rules, e, "west") for e in events)
