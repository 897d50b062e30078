"""Numbers from the state, named expressions, phase-limited cards and per-actor data (issue 12,
item 5): each checked at load with its location, and each doing at run time what the format
reference says. ``tests/scenarios/brink.yaml`` is the tutorial's example."""

from __future__ import annotations

import random

import pytest

import negsim
from conftest import TEST_SCENARIOS
from negsim import GameState, Pass, Play, Rules, legal_actions, new_game, step
from negsim.core.engine import meter_values
from negsim.core.events import ChanceRolled, Clamped, Event, EventDrawn, FlagChanged, GameEnd, MeterChanged
from negsim.core.view import view, visible
from negsim.errors import Issue
from negsim.narrate import describe
from negsim.scenario.expr import compile_expr, names_of
from negsim.scenario.load import check_bytes

BRINK = TEST_SCENARIOS / "brink.yaml"

BASE = """\
negsim: 1
id: lab
title: Lab
DEFINE
actors:
  - {id: a, name: Alpha, short: A}
  - {id: b, name: Bravo, short: B}
  - {id: c, name: Charlie, short: C, seat: false}
meters:
  - {id: x, name: X, min: 0, max: 10, start: 2}
  - {id: r, name: R, min: 0, max: 5, per_actor: true, actors: [a, b], start: {a: 1, b: 4}}
forums:
  - {id: pair, name: Pair, rule: bilateral, members: [a, b]}
cards:
  - id: k
    name: K
    kind: action
    owners: [a, b]
    EFFECTS
  - {id: ev, name: Ev, kind: event, weight: WEIGHT}
turn:
  rounds: [{label: One}, {label: Two}]
  phases:
    - {id: news, name: News, kind: draw}
    - {id: moves, name: Moves, kind: play, actors: [a, b]}
endings:
  - {id: fin, name: Finish, final: true}
"""


def lab(effects: str = "effects: []", weight: str = "1", define: str = "") -> str:
    """The lab scenario with a card's effects, an event's weight and defines of one's own."""
    return BASE.replace("EFFECTS", effects).replace("WEIGHT", weight).replace("DEFINE", define)


def errors(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) of every error of a scenario text."""
    report = check_bytes(text.encode(), "lab.yaml")
    return [(i.line, i.column, i.message) for i in report.errors]


def rules_of(text: str) -> Rules:
    report = check_bytes(text.encode(), "lab.yaml")
    assert report.rules is not None, [str(i) for i in report.errors]
    return report.rules


@pytest.fixture(scope="module")
def brink() -> Rules:
    return negsim.load(BRINK)


def test_the_lab_is_valid() -> None:
    rules_of(lab())


# ---------------------------------------------------------------- checks at load


@pytest.mark.parametrize(
    ("effects", "weight", "expected"),
    [
        # A chance that can never be strictly between 0% and 100%.
        (
            'effects: [{chance: "x - 20 %"}]',
            "1",
            (19, 24, "'x - 20' % ranges over -20..-10%: the chance never happens"),
        ),
        (
            'effects: [{chance: "10 * x + 100 %"}]',
            "1",
            (19, 24, "'10 * x + 100' % ranges over 100..200%: the chance always happens"),
        ),
        # A set that can never land within its meter's range.
        (
            'effects: [{set: x, to: "x + 20"}]',
            "1",
            (19, 28, "'x + 20' ranges over 20..30, never within 0..10"),
        ),
        # A shift that always passes the meter's whole range.
        (
            'effects: [{shift: x, by: "x + 11"}]',
            "1",
            (19, 30, "'x + 11' ranges over 11..21, never within -10..10"),
        ),
        # An event weight never above 0.
        ("effects: []", '"x - 10"', (20, 45, "'x - 10' is never above 0: the card could never be drawn")),
        # A track an actor does not have.
        ("effects: [{shift: r, actor: c, by: 1}]", "1", (19, 33, "'c' has no track of r (see the meter's actors)")),
        ('effects: [{if: "c.r > 0"}]', "1", (19, 21, "c has no r track (the meter is kept for a, b)")),
        # An expression in a number that is a condition.
        ('effects: [{shift: x, by: "x > 1"}]', "1", (19, 31, "expected a number, but 'x > 1' is a condition")),
    ],
)
def test_numbers_are_checked_against_the_meters_ranges(
    effects: str, weight: str, expected: tuple[int, int, str]
) -> None:
    assert errors(lab(effects, weight)) == [expected]


def test_numbers_that_only_can_leave_their_range_are_valid() -> None:
    rules_of(lab('effects: [{chance: "20 * x - 50 %"}, {set: x, to: "x + 5"}]', '"x - 5"'))


def test_defines_are_checked_where_they_are_written() -> None:
    define = 'define:\n  hot: "x >= 6"\n  bad: "x >= unknown"\n  x: "1"\n  loop: "loop + 1"\n  mine: "self.r"'
    got = errors(lab('effects: [{if: "bad"}, {if: "hot"}]', define=define))
    assert got == [
        (6, 14, "unknown name 'unknown'"),
        (7, 3, "'x' already names something in expressions; pick another name"),
        (8, 10, "define loop uses itself (loop -> loop)"),
    ]


def test_a_define_used_out_of_its_context_is_an_error_at_the_use() -> None:
    text = lab(define='define:\n  mine: "self.r"').replace(
        "endings:", 'triggers:\n  - {id: t, name: T, when: "mine > 2"}\nendings:'
    )
    assert errors(text) == [(28, 29, "in mine: 'self' has no meaning here (available: no context actor)")]


def test_per_actor_start_values_are_checked() -> None:
    text = lab().replace("start: {a: 1, b: 4}", "start: {a: 9, c: 1}")
    assert errors(text) == [
        (11, 78, "no start value for b: give every track one"),
        (11, 82, "start (9) must be within 0..5"),
        (11, 85, "'c' has no track of r (see actors)"),
    ]
    text = lab().replace("start: 2}", "start: {a: 1}}")
    assert errors(text) == [
        (10, 46, "a global meter has one start value; per-actor values need per_actor: true"),
    ]


def test_card_phases_must_name_phases() -> None:
    text = lab("phases: [moves, mvoes]")
    assert errors(text) == [(19, 21, "unknown phase 'mvoes' (did you mean 'moves'?)")]


# ---------------------------------------------------------------- at run time


def test_per_actor_start_values_and_tracks_for_chosen_actors(brink: Rules) -> None:
    s = new_game(brink, 0)
    assert s.meter("resolve", "east") == 6
    assert s.meter("resolve", "west") == 4
    # The small ally has no track: the board shows none, and the final meters list none.
    rows = [(m.id, m.owner) for m in view(s, "ally").meters if m.id == "resolve"]
    assert rows == [("resolve", "east"), ("resolve", "west")]
    assert "resolve.ally" not in meter_values(s)


def test_an_effect_on_a_track_its_actor_lacks_does_nothing() -> None:
    text = lab("effects: [{shift: r, actor: self, by: 1}]").replace(
        "actors: [a, b], start: {a: 1, b: 4}", "actors: [a], start: {a: 1}"
    )
    rules = rules_of(text)
    s = new_game(rules, 0)
    assert s.meter("r", "b") == 0  # a slot without a track stays at the meter's min
    s, events = step(s, Play(actor="a", card="k"))
    assert s.meter("r", "a") == 2
    before = s.meters
    s, events = step(s, Play(actor="b", card="k"))
    assert s.meters == before
    assert not any(isinstance(e, MeterChanged) for e in events)


def _moves(s: GameState) -> list[str]:
    return sorted({a.card for a in legal_actions(s) if isinstance(a, Play)})


def test_cards_are_played_only_in_their_phases(brink: Rules) -> None:
    """R6: "A card with `phases` is playable only in those phases (its requirement shows `in_phase(...)`)." """
    s = new_game(brink, 0)
    assert s.phase_id == "moves"
    assert "show_force" in _moves(s)
    assert "cool_down" not in _moves(s)
    with pytest.raises(negsim.IllegalActionError, match="in_phase\\(calm\\)"):
        step(s, Play(actor="east", card="cool_down"))
    for who in ("east", "west", "ally"):
        s, _ = step(s, Pass(actor=who))
    assert s.phase_id == "calm"
    assert "cool_down" in _moves(s)
    assert "show_force" not in _moves(s)


def test_amounts_are_read_from_the_state(brink: Rules) -> None:
    s = new_game(brink, 0)
    slot = brink.slot("escalation")
    cool = s._replace(meters=tuple(6 if k == slot else v for k, v in enumerate(s.meters)))
    _, events = step(cool, Play(actor="east", card="show_force"))
    changes = [e for e in events if isinstance(e, MeterChanged) and e.meter == "escalation"]
    # ``hot`` (escalation >= 6): the show of force raises it by 2; then 10 * 8 - 40 = 40% of an accident.
    assert (changes[0].old, changes[0].new, changes[0].by) == (6, 8, 2)
    roll = next(e for e in events if isinstance(e, ChanceRolled))
    assert roll.p == 0.4


def _random_games(rules: Rules, games: int) -> list[list[Event]]:
    logs = []
    for seed in range(games):
        pick = random.Random(seed)
        s, opening = negsim.start(rules, seed)
        log = list(opening)
        while not s.is_over:
            s, events = step(s, pick.choice(legal_actions(s)))
            log.extend(events)
        logs.append(log)
    return logs


def test_out_of_range_numbers_are_clamped_and_logged(brink: Rules) -> None:
    """R0.12: "outside 0..100 it is clamped, and the log says so before the roll"; R0.4: "below 0 it
    counts as 0, and the log says so"."""
    logs = _random_games(brink, 30)
    chances = [(log, i) for log in logs for i, e in enumerate(log) if isinstance(e, Clamped) and e.what == "chance"]
    weights = [e for log in logs for e in log if isinstance(e, Clamped) and e.what == "weight"]
    assert chances and weights
    for log, i in chances:
        e = log[i]
        assert isinstance(e, Clamped)
        assert e.value < 0 and e.used == 0 and e.cause.id == "show_force"
        roll = log[i + 1]
        assert isinstance(roll, ChanceRolled) and roll.p == 0 and not roll.success
        who = brink.actors[brink.actor_index[str(e.cause.actor)]].name
        assert describe(brink, e) == f"chance for “Show of force” ({who}) came to {e.value}%: 0% is used"
    for w in weights:
        assert w.value < 0 and w.used == 0 and w.cause.id == "ev_incident"
    # A weight counted as 0 is never drawn.
    for log in logs:
        for i, e in enumerate(log):
            if isinstance(e, Clamped) and e.what == "weight":
                drawn = next((x for x in log[i:] if isinstance(x, EventDrawn)), None)
                assert drawn is None or drawn.card != "ev_incident" or drawn.round != e.round


def test_the_final_ending_depends_on_the_state(brink: Rules) -> None:
    endings = {next(e for e in log if isinstance(e, GameEnd)).ending for log in _random_games(brink, 40)}
    assert {"standoff", "settled"} <= endings
    for log in _random_games(brink, 40):
        end = next(e for e in log if isinstance(e, GameEnd))
        hot = dict(end.meters)["escalation"] >= 6
        if end.ending != "war":
            assert end.ending == ("standoff" if hot else "settled"), end


def test_the_issue_list_has_no_duplicates() -> None:
    report = check_bytes(lab('effects: [{chance: "x - 20 %"}, {chance: "x - 20 %"}]').encode(), "lab.yaml")
    issues: list[Issue] = report.errors
    assert len(issues) == 2 and issues[0].column != issues[1].column


def test_per_actor_flags(brink: Rules) -> None:
    """A per-actor flag: raised for ``self``, read as ``self.flag``; each power sees its own, the ally every one.

    R11: "A seat sees ... private meters and flags that list it in `visible_to`, its own flag of a
    per-actor private flag"."""
    s = new_game(brink, 0)
    s, events = step(s, Play(actor="east", card="show_force"))
    assert s.flag("mobilised", "east") and not s.flag("mobilised", "west")
    raised = [e for e in events if isinstance(e, FlagChanged)]
    assert [(e.flag, e.owner, e.value) for e in raised] == [("mobilised", "east", True)]
    assert describe(brink, raised[0]) == "Mobilised (East): yes ← “Show of force” (East)"
    seen = {
        seat: {(f.owner, f.value) for f in view(s, seat).flags if f.id == "mobilised"}
        for seat in ("east", "west", "ally")
    }
    assert seen["east"] == {("east", True), ("west", None), ("ally", None)}
    assert seen["west"] == {("east", None), ("west", False), ("ally", None)}
    assert seen["ally"] == {("east", True), ("west", False), ("ally", False)}
    assert [visible(brink, raised[0], seat) for seat in ("east", "west", "ally")] == [True, False, True]
    # East, mobilised, no longer qualifies as a big power to reassure (trust is 4): West still does.
    names = names_of(brink)
    cond = compile_expr("(big_power and not self.mobilised) or trust <= 6", names, "bool", frozenset({"self"}))
    assert cond(s, (brink.actor_index["west"], -1, -1)) is True
    assert compile_expr("east.mobilised and not west.mobilised", names, "bool")(s) is True


def test_per_actor_flags_are_checked_at_load() -> None:
    text = lab('effects: [{raise: w}, {lower: w, actor: self}, {raise: g, actor: a}, {if: "w"}]').replace(
        "forums:", "flags:\n  - {id: w, name: W, per_actor: true}\n  - {id: g, name: G}\nforums:"
    )
    assert [m for _, _, m in errors(text)] == [
        "w is a per-actor flag: say whose with actor (an actor id or proposer, self, target)",
        "g is a global flag: remove actor",
        "w is a per-actor flag: write actor.w or self.w",
    ]


def test_an_unused_define_is_a_warning() -> None:
    report = check_bytes(
        lab(define='define:\n  used: "x > 1"\n  idle: "x > 2"', effects='effects: [{if: "used"}]').encode(), "lab.yaml"
    )
    assert report.rules is not None
    assert [(i.line, i.message) for i in report.warnings if "define" in i.message] == [(6, "define idle is never used")]


def test_a_chance_expression_must_say_it_is_a_percentage() -> None:
    assert errors(lab('effects: [{chance: "x * 10"}]')) == [
        (19, 24, "a chance expression is a percentage ending with %: write 'x * 10 %'")
    ]


def test_a_number_may_not_read_what_some_seat_may_not_see() -> None:
    """Every seat reads a number's value in the log (a meter's change, a chance's odds): a private
    meter or flag in it would leak, so it is an error at load."""
    text = (
        lab('effects: [{chance: "10 * spy %"}, {shift: x, by: "1 if hush else 2"}]', define='define:\n  hush: "h"')
        .replace(
            "forums:",
            "flags:\n  - {id: h, name: H, visible_to: [a]}\nforums:",
        )
        .replace(
            "meters:\n",
            "meters:\n  - {id: spy, name: Spy, min: 0, max: 5, start: 1, visibility: private, visible_to: [a]}\n",
        )
    )
    assert [m for _, _, m in errors(text)] == [
        "reads spy, which not every seat may see; its value would show in the log",
        "reads h, which not every seat may see; its value would show in the log",
    ]


def test_a_phase_limit_is_said_with_the_phases_names(brink: Rules) -> None:
    from negsim.describe import card_facts, pretty

    assert "Needs: in phase Second thoughts" in card_facts(brink, brink.cards[brink.card_index["cool_down"]])
    assert (
        pretty(brink, "escalation >= 3 and in_phase(moves, calm)")
        == "Escalation ≥ 3 and in phase Moves or Second thoughts"
    )


def test_the_range_found_at_load_holds_every_value_met_in_play(brink: Rules) -> None:
    """The range ``bounds_of`` gives a number (from the meters' ranges) holds its value in every state
    of random games: it is safe, so an error at load ("never within ...") is never wrong."""
    from negsim.scenario.bounds import bounds_of

    pick = random.Random(5)
    atoms = ["escalation", "trust", "east.resolve", "self.resolve", "round", "rounds", "3", "0", "played(show_force)"]
    ops = ["+", "-", "*"]

    def expression(depth: int) -> str:
        if depth == 0 or pick.random() < 0.3:
            return pick.choice(atoms)
        kind = pick.random()
        if kind < 0.5:
            return f"({expression(depth - 1)} {pick.choice(ops)} {expression(depth - 1)})"
        if kind < 0.7:
            return f"{pick.choice(['min', 'max'])}({expression(depth - 1)}, {expression(depth - 1)})"
        if kind < 0.8:
            return f"abs({expression(depth - 1)})"
        if kind < 0.9:
            return f"-{expression(depth - 1)}"
        return f"({expression(depth - 1)} if hot else {expression(depth - 1)})"

    names = names_of(brink)
    states = [s for log in _random_states(brink, 8) for s in log]
    east = brink.actor_index["east"]
    for _ in range(300):
        text = expression(3)
        fn = compile_expr(text, names, "int", frozenset({"self"}))
        lo, hi = bounds_of(text, names)
        for s in states[::7]:
            assert lo <= fn(s, (east, -1, -1)) <= hi, text


def _random_states(rules: Rules, games: int) -> list[list[GameState]]:
    """Every state of ``games`` random games."""
    out = []
    for seed in range(games):
        pick = random.Random(seed)
        s = new_game(rules, seed)
        states = [s]
        while not s.is_over:
            s, _ = step(s, pick.choice(legal_actions(s)))
            states.append(s)
        out.append(states)
    return out
