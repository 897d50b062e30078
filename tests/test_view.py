"""R11: what a seat may see, through ``view`` and ``visible``.

R11: "A seat sees public meters and flags, its own per-actor private meters, private meters and
flags that list it in `visible_to`, its own hand and objectives, the public objectives of others,
the table, every public event, and how many cards others can still play (not which). It never
sees the random number generator, others' hands or their private objectives."
"""

from __future__ import annotations

import dataclasses

import pytest

import negsim
from negsim import GameState, Pass, Play, Rules, View
from negsim.core.events import CardPlayed, Event, FlagChanged, MeterChanged
from negsim.core.view import MeterView, visible
from negsim.scenario.load import check_bytes

VIEWS = """\
negsim: 1
id: views
title: View lab
actors:
  - id: a
    name: Alpha
    short: A
    victory:
      objectives:
        - {id: a_secret, text: Alpha's secret, when: "pub >= 3", points: 1}
        - {id: a_open, text: Alpha's open goal, when: "pub >= 1", points: 1, public: true}
      win_at: 1
  - id: b
    name: Bravo
    short: B
    victory:
      score: "pub"
      objectives:
        - {id: b_secret, text: Bravo's secret, when: "pub <= 9", points: 2}
        - {id: b_open, text: Bravo's open goal, when: "pub >= 5", points: 3, public: true}
      win_at: 3
  - {id: c, name: Charlie, short: C}
  - {id: d, name: Delta, short: D, seat: false}
meters:
  - id: pub
    name: Public
    min: 0
    max: 10
    start: 2
    bands: [{from: 0, to: 4, name: Low}, {from: 5, to: 10, name: High}]
  - {id: spy, name: Spy, min: 0, max: 10, start: 7, visibility: private, visible_to: [a]}
  - {id: track, name: Track, min: 0, max: 10, start: 1, per_actor: true, visibility: private}
  - {id: watched, name: Watched, min: 0, max: 10, start: 4, per_actor: true, visibility: private, visible_to: [c]}
  - {id: morale, name: Morale, min: 0, max: 10, start: 3, per_actor: true}
flags:
  - {id: open_f, name: Open flag, start: true}
  - {id: secret_f, name: Secret flag, visible_to: [b]}
cards:
  - id: a_up
    name: Alpha moves
    kind: action
    owner: a
    effects:
      - {shift: pub, by: 1}
      - {shift: spy, by: 1}
      - {shift: track, actor: self, by: 1}
      - {shift: watched, actor: self, by: 1}
      - {shift: morale, actor: self, by: 1}
      - {raise: secret_f}
      - {lower: open_f}
  - {id: a_locked, name: Alpha's locked card, kind: action, owner: a, locked: true}
  - {id: a_needs, name: Alpha's needy card, kind: action, owner: a, limit: 2, requires: "pub >= 5"}
  - {id: b_move, name: Bravo moves, kind: action, owner: b, effects: [{shift: track, actor: self, by: 2}]}
  - id: b_offer
    name: Bravo's offer
    kind: offer
    owner: b
    targets: [a]
    answers:
      accept: [{shift: pub, by: 1}]
  - {id: c_card, name: Charlie's card, kind: action, owner: c, effects: [{unlock: a_locked}]}
turn:
  rounds: [{label: One}, {label: Two}]
  phases:
    - {id: moves, name: Moves, kind: play, actors: [a, b, c]}
    - {id: talks, name: Talks, kind: answer}
endings:
  - {id: over, name: Over, final: true}
"""


@pytest.fixture(scope="module")
def rules() -> Rules:
    report = check_bytes(VIEWS.encode(), "views.yaml")
    assert report.rules is not None, "\n".join(str(i) for i in report.errors)
    return report.rules


def value(v: View, meter: str, owner: str | None = None) -> int | None:
    (m,) = [m for m in v.meters if m.id == meter and m.owner == owner]
    return m.value


def meter_view(v: View, meter: str, owner: str | None = None) -> MeterView:
    (m,) = [m for m in v.meters if m.id == meter and m.owner == owner]
    return m


def flag(v: View, name: str) -> bool | None:
    (f,) = [f for f in v.flags if f.id == name]
    return f.value


def test_r11_public_meters_are_seen_by_everyone(rules: Rules) -> None:
    """R11: "A seat sees public meters and flags" """
    state = negsim.new_game(rules, 0)
    for seat in ("a", "b", "c", None):
        v = negsim.view(state, seat)
        m = meter_view(v, "pub")
        assert (m.value, m.round_start, m.band) == (2, 2, "Low")
        assert [value(v, "morale", o) for o in ("a", "b", "c", "d")] == [3, 3, 3, 3]
        assert flag(v, "open_f") is True


def test_r11_private_global_meters_only_for_visible_to(rules: Rules) -> None:
    """R11: "private meters and flags that list it in `visible_to`" """
    state = negsim.new_game(rules, 0)
    assert value(negsim.view(state, "a"), "spy") == 7
    for seat in ("b", "c"):
        v = negsim.view(state, seat)
        assert "spy" not in {m.id for m in v.meters}, "a meter the seat sees no track of is not even named (R13)"
    assert value(negsim.view(state, None), "spy") == 7, "an observer sees everything"


def test_r11_own_private_track_and_tracks_listed_in_visible_to(rules: Rules) -> None:
    """R11: "its own per-actor private meters, private meters ... that list it in `visible_to`" """
    state = negsim.new_game(rules, 0)
    owners = ("a", "b", "c", "d")
    assert [value(negsim.view(state, "a"), "track", o) for o in owners] == [1, None, None, None]
    assert [value(negsim.view(state, "b"), "track", o) for o in owners] == [None, 1, None, None]
    assert [value(negsim.view(state, "a"), "watched", o) for o in owners] == [4, None, None, None]
    assert [value(negsim.view(state, "c"), "watched", o) for o in owners] == [4, 4, 4, 4]
    assert [value(negsim.view(state, None), "track", o) for o in owners] == [1, 1, 1, 1]


def test_r11_flags_with_visible_to(rules: Rules) -> None:
    """R11: "private meters and flags that list it in `visible_to`" """
    state, _ = negsim.step(negsim.new_game(rules, 0), Play(actor="a", card="a_up"))
    assert flag(negsim.view(state, "b"), "secret_f") is True
    for seat in ("a", "c"):
        assert "secret_f" not in {f.id for f in negsim.view(state, seat).flags}, "not even named (R13)"
    assert flag(negsim.view(state, "a"), "open_f") is False


def test_r11_own_hand_with_playability_and_never_others(rules: Rules) -> None:
    """R11: "its own hand ... It never sees ... others' hands" """
    state = negsim.new_game(rules, 0)
    hand = negsim.view(state, "a").hand
    assert [(c.id, c.kind, c.uses, c.left, c.playable) for c in hand] == [
        ("a_up", "action", 0, None, True),
        ("a_locked", "action", 0, None, False),
        ("a_needs", "action", 0, 2, False),
    ]
    assert hand[0].reason is None
    assert hand[1].reason is not None and "locked" in hand[1].reason
    assert hand[2].reason is not None and "pub >= 5" in hand[2].reason
    assert [c.id for c in negsim.view(state, "b").hand] == ["b_move", "b_offer"]
    assert [c.id for c in negsim.view(state, "c").hand] == ["c_card"]
    assert negsim.view(state, None).hand == ()
    shown = repr(negsim.view(state, "b"))
    assert "a_needs" not in shown and "a_locked" not in shown and "c_card" not in shown


def test_r11_how_many_cards_others_can_still_play(rules: Rules) -> None:
    """R11: "how many cards others can still play (not which)" """
    v = negsim.view(negsim.new_game(rules, 0), "b")
    assert {a.id: a.cards_left for a in v.actors} == {"a": 3, "b": 2, "c": 1, "d": 0}


def test_r11_own_objectives_and_public_ones_of_others(rules: Rules) -> None:
    """R11: "its own hand and objectives, the public objectives of others ... It never sees ...
    their private objectives."
    """
    state = negsim.new_game(rules, 0)

    def objectives(seat: str | None) -> set[tuple[str, str, bool]]:
        return {(o.actor, o.id, o.met) for o in negsim.view(state, seat).objectives}

    assert objectives("a") == {("a", "a_secret", False), ("a", "a_open", True), ("b", "b_open", False)}
    assert objectives("b") == {("a", "a_open", True), ("b", "b_secret", True), ("b", "b_open", False)}
    assert objectives("c") == {("a", "a_open", True), ("b", "b_open", False)}
    assert objectives(None) == {
        ("a", "a_secret", False),
        ("a", "a_open", True),
        ("b", "b_secret", True),
        ("b", "b_open", False),
    }
    assert "secret" not in repr(negsim.view(state, "c").objectives)
    assert negsim.view(state, "b").score == 2 + 2
    assert negsim.view(state, "c").score is None, "c has no victory conditions"


def test_r11_the_table_is_public_and_legal_actions_only_for_the_seat_to_move(rules: Rules) -> None:
    """R11: "the table" is seen by every seat."""
    state = negsim.new_game(rules, 0)
    state, _ = negsim.apply(state, [Pass(actor="a"), Play(actor="b", card="b_offer", target="a")])
    for seat in ("a", "b", "c"):
        v = negsim.view(state, seat)
        assert [(t.card, t.proposer, t.target, t.responders, t.waiting_for) for t in v.table] == [
            ("b_offer", "b", "a", ("a",), ("a",))
        ]
        assert v.to_move == "c"
        assert (v.legal != ()) is (seat == "c")
    assert set(negsim.view(state, "c").legal) == set(negsim.legal_actions(state))


def hide_from_a(state: GameState) -> GameState:
    """``state`` with a different RNG and different values of everything hidden from ``a``."""
    rules = state.rules
    meters = list(state.meters)
    meters[rules.slot("track", "b")] += 3
    meters[rules.slot("track", "c")] += 4
    meters[rules.slot("watched", "c")] += 1
    flags = state.flags ^ (1 << rules.flag_index["secret_f"])
    return state._replace(meters=tuple(meters), flags=flags, rng=state.rng + 12345)


def test_r11_a_view_never_depends_on_the_rng_or_on_what_is_hidden(rules: Rules) -> None:
    """R11: "It never sees the random number generator, others' hands or their private objectives." """
    assert not any("rng" in f.name or "random" in f.name for f in dataclasses.fields(View))
    state = negsim.new_game(rules, 5)
    for s in (state, negsim.step(state, Play(actor="a", card="a_up"))[0]):
        assert negsim.view(hide_from_a(s), "a") == negsim.view(s, "a")
        assert str(s.rng) not in repr(negsim.view(s, "a"))
        assert negsim.view(hide_from_a(s), "c") != negsim.view(s, "c"), "c sees the watched tracks"
        assert negsim.view(hide_from_a(s), None) != negsim.view(s, None)


def test_visible_hides_private_meter_and_flag_changes_from_others(rules: Rules) -> None:
    """R11: a seat sees "every public event": ``visible`` hides the changes of what it may not see."""
    state = negsim.new_game(rules, 0)
    _, events = negsim.step(state, Play(actor="a", card="a_up"))

    def key(e: Event) -> str:
        if isinstance(e, MeterChanged):
            return f"{e.meter}.{e.owner}" if e.owner else e.meter
        if isinstance(e, FlagChanged):
            return e.flag
        return type(e).__name__

    seen = {seat: {key(e) for e in events if visible(rules, e, seat)} for seat in ("a", "b", "c", None)}
    everything = {"CardPlayed", "pub", "spy", "track.a", "watched.a", "morale.a", "secret_f", "open_f"}
    assert {key(e) for e in events} == everything
    assert seen[None] == everything
    assert seen["a"] == everything - {"secret_f"}
    assert seen["b"] == {"CardPlayed", "pub", "morale.a", "secret_f", "open_f"}
    assert seen["c"] == {"CardPlayed", "pub", "watched.a", "morale.a", "open_f"}
    assert all(visible(rules, e, "b") for e in events if isinstance(e, CardPlayed))
    _, later = negsim.apply(negsim.new_game(rules, 0), [Pass(actor="a"), Play(actor="b", card="b_move")])
    (change,) = [e for e in later if isinstance(e, MeterChanged)]
    assert (change.meter, change.owner) == ("track", "b")
    assert [visible(rules, change, seat) for seat in ("a", "b", "c")] == [False, True, False]
