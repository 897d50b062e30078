"""Properties every scenario must have, checked on random playouts of every scenario file.

The suite is parametrized at collection time over every ``*.yaml`` in ``scenarios/`` and in
``tests/scenarios/``, so a new scenario is covered as soon as its file lands.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negsim
from conftest import ROOT, SCENARIOS, TEST_SCENARIOS
from negsim import Answer, GameState, Pass, Play, Response, Rules
from negsim.core.actions import PASS
from negsim.core.events import CardLockChanged, FlagChanged, MeterChanged
from negsim.core.infoset import hidden_cards
from negsim.core.rules import PhaseKind
from negsim.core.secrecy import item_audience
from negsim.jsonio import dumps, event_dict
from negsim.testing import MAX_SEED, Playout, legal_action, playouts, seeds

SCENARIO_FILES: list[Path] = sorted(SCENARIOS.glob("*.yaml")) + sorted(TEST_SCENARIOS.glob("*.yaml"))
IDS = [str(p.relative_to(ROOT)) for p in SCENARIO_FILES]
LEGALITY_RULES = {f"R{i}" for i in range(1, 11)}
CAUSE_KINDS = {"card", "resolution", "counter", "forum", "trigger", "event", "rule"}

# The heavier checks (the legality universe, views) run on fewer games than the cheap ones; the
# active profile still sets the scale (the CI profile runs 100 examples, the local one 300).
FEWER = max(10, settings().max_examples // 5)


def test_scenario_files_are_discovered() -> None:
    assert TEST_SCENARIOS / "standoff.yaml" in SCENARIO_FILES
    assert all(p.suffix == ".yaml" for p in SCENARIO_FILES)


@functools.cache
def rules_of(path: Path) -> Rules:
    return negsim.load(path)


scenario = pytest.mark.parametrize("path", SCENARIO_FILES, ids=IDS)


# ------------------------------------------------------------------ helpers


def start_meters(rules: Rules) -> list[int]:
    """The meter slots at the start, from the meter specs alone."""
    out = [0] * rules.slots
    for m in rules.meters:
        if not m.per_actor:
            out[m.slot] = m.start
            continue
        for k in range(len(rules.actors)):
            kept = m.owners is None or k in m.owners
            # Per-actor start values where given; a slot without a track stays at the meter's min.
            out[m.slot + k] = (m.starts[k] if m.starts else m.start) if kept else m.low
    return out


def slot_of(rules: Rules, meter: str, owner: str | None) -> int:
    m = rules.meters[rules.meter_index[meter]]
    return m.slot + (rules.actor_index[owner] if owner is not None else 0)


def seat_sees_meter(rules: Rules, meter: int, owner: int, seat: int) -> bool:
    """R11, written out independently of the engine: public, one's own track, or listed in visible_to."""
    m = rules.meters[meter]
    return m.visible_to is None or seat in m.visible_to or (m.per_actor and owner == seat)


def play_universe(rules: Rules) -> list[Play | Pass]:
    """Every card x forum x target x actor as a play, and every pass."""
    actors = [a.id for a in rules.actors]
    forums: list[str | None] = [None, *(f.id for f in rules.forums)]
    targets: list[str | None] = [None, *actors]
    out: list[Play | Pass] = [
        Play(actor=a, card=c.id, forum=f, target=t)
        for a in actors
        for c in rules.cards
        for f in forums
        for t in targets
    ]
    out.extend(Pass(actor=a) for a in actors)
    return out


@functools.cache
def cached_play_universe(path: Path) -> tuple[Play | Pass, ...]:
    return tuple(play_universe(rules_of(path)))


def answer_universe(state: GameState) -> list[Answer]:
    """Answers by every actor to the items on the table, a missing item and item 0, with every response and card."""
    rules = state.rules
    items = sorted({0, state.next_item, *(t.id for t in state.table)})
    counters: list[str | None] = [None, *(c.id for c in rules.cards)]
    return [
        Answer(actor=a.id, item=i, response=r, counter=c)
        for a in rules.actors
        for i in items
        for r in Response
        for c in counters
    ]


def perturb_hidden(state: GameState, seat: int) -> GameState:
    """The state with the RNG and every meter and flag hidden from ``seat`` changed."""
    rules = state.rules
    meters = list(state.meters)
    round_start = list(state.round_start)
    for m in rules.meters:
        for o in range(len(rules.actors)) if m.per_actor else (-1,):
            if seat_sees_meter(rules, m.index, o, seat):
                continue
            slot = m.slot + max(o, 0)
            meters[slot] = m.high if meters[slot] == m.low else m.low
            round_start[slot] = m.high if round_start[slot] == m.low else m.low
    flags = state.flags
    for f in rules.flags:
        if f.visible_to is None or seat in f.visible_to:
            continue
        if f.per_actor:
            # R11: every actor's flag but the seat's own (bits from ``f.bit``, one per actor).
            for a in range(len(rules.actors)):
                if a != seat:
                    flags ^= 1 << (f.bit + a)
        else:
            flags ^= 1 << f.index
    # R13: others' sealed choices, their answers in a secret ballot, the items and the plays of
    # secret cards the seat may not see.
    sealed = tuple(c if c[1] == seat else (PASS, c[1], 0, 0, 0) for c in state.sealed)
    phase = rules.phases[state.phase]
    ballot = phase.sealed and phase.kind is PhaseKind.ANSWER
    table = tuple(
        t._replace(answers=tuple(a if a[0] == seat else (a[0], 1 - min(a[1], 1), -1) for a in t.answers))
        if ballot or (item_audience(rules, t) and not item_audience(rules, t) >> seat & 1)
        else t
        for t in state.table
    )
    unseen = hidden_cards(rules, rules.actors[seat].id)
    uses = tuple(n + 1 if unseen >> c & 1 else n for c, n in enumerate(state.uses))
    return state._replace(
        meters=tuple(meters),
        round_start=tuple(round_start),
        flags=flags,
        rng=state.rng ^ 0x5DEECE66D5DEECE6,
        sealed=sealed,
        table=table,
        uses=uses,
    )


def check_cause(rules: Rules, e: MeterChanged | FlagChanged | CardLockChanged) -> None:
    """The cause says which rule changed a value and who is behind it."""
    c = e.cause
    assert c.kind in CAUSE_KINDS, e
    assert e.actor == c.actor, e
    if c.kind == "card":
        card = rules.cards[rules.card_index[c.id]]
        assert c.actor is not None and rules.actor_index[c.actor] in card.owners, e
        assert c.branch is None, e
    elif c.kind == "resolution":
        assert c.id in rules.card_index and c.actor is not None, e
        # An answer's branch; ``expire`` only for a card with a deadline.
        card = rules.cards[rules.card_index[c.id]]
        assert c.branch in {r.value for r in Response} or (c.branch == "expire" and card.expires_after), e
    elif c.kind == "counter":
        card = rules.cards[rules.card_index[c.id]]
        assert card.counters and c.actor is not None and rules.actor_index[c.actor] in card.owners, e
    elif c.kind == "forum":
        assert c.id in rules.forum_index and c.branch == "split" and c.actor is not None, e
    elif c.kind == "trigger":
        assert c.id in {t.id for t in rules.triggers} and c.actor is None, e
    elif c.kind == "event":
        assert c.id in {x.id for x in rules.tables.event_cards} and c.actor is None, e


# --------------------------------------------------------------- properties


@scenario
@given(data=st.data())
def test_playouts_keep_the_rules(path: Path, data: st.DataObject) -> None:
    """Bounds, legal actions, determinism of step, and every MeterChanged carrying its cause."""
    rules = rules_of(path)
    game = data.draw(playouts(rules), label="playout")
    for i, state in enumerate(game.states):
        for slot, value in enumerate(state.meters):
            m = rules.meters[rules.tables.slot_names[slot][0]]
            assert m.low <= value <= m.high, (m.id, value, state)
        legal = negsim.legal_actions(state)
        if state.is_over:
            assert legal == ()
            assert state.to_move == -1 and negsim.outcome(state) is not None
            continue
        assert legal, f"no legal action in {state!r}"
        assert len(set(legal)) == len(legal)
        assert all(a.actor == state.actor_to_move for a in legal)
        assert negsim.outcome(state) is None
        for action in legal:
            negsim.step(state, action)  # every legal action is accepted
        if i < len(game.actions):
            taken = game.actions[i]
            first = negsim.step(state, taken)
            again = negsim.step(state, taken)
            assert first == again
            assert first[0] == game.states[i + 1]
    assert game.state.is_over, "a playout without max_steps runs to the end"
    for e in game.events:
        if isinstance(e, MeterChanged | FlagChanged | CardLockChanged):
            check_cause(rules, e)


@scenario
@given(data=st.data())
def test_event_log_replays_the_game(path: Path, data: st.DataObject) -> None:
    """The same seed and actions give the same state and events; folding the changes gives the final values."""
    rules = rules_of(path)
    game = data.draw(playouts(rules), label="playout")

    state, events = negsim.start(rules, game.seed)
    replayed = list(events)
    for action in game.actions:
        state, produced = negsim.step(state, action)
        replayed.extend(produced)
    assert state == game.state
    assert tuple(replayed) == game.events

    meters = start_meters(rules)
    flags = sum(1 << bit for f in rules.flags if f.start for _, bit in rules.flag_bits(f))
    locked = sum(1 << c.index for c in rules.cards if c.locked)
    for e in game.events:
        if isinstance(e, MeterChanged):
            slot = slot_of(rules, e.meter, e.owner)
            assert meters[slot] == e.old, e
            assert e.new != e.old, "a change that clamps to no change is not recorded"
            meters[slot] = e.new
        elif isinstance(e, FlagChanged):
            spec = rules.flags[rules.flag_index[e.flag]]
            # A per-actor flag has a bit per actor, from ``spec.bit``; a global flag's bit is its index.
            bit = spec.bit + rules.actor_index[e.owner] if e.owner is not None else spec.index
            assert spec.per_actor == (e.owner is not None), e
            assert bool(flags >> bit & 1) != e.value, e
            flags ^= 1 << bit
        elif isinstance(e, CardLockChanged):
            assert bool(locked >> rules.card_index[e.card] & 1) != e.locked, e
            locked ^= 1 << rules.card_index[e.card]
    assert tuple(meters) == game.state.meters
    assert flags == game.state.flags
    assert locked == game.state.locked


@scenario
@settings(max_examples=FEWER)
@given(data=st.data())
def test_legal_actions_are_exactly_the_accepted_ones(path: Path, data: st.DataObject) -> None:
    """At several states of a game, ``is_legal`` holds for exactly the actions ``legal_actions`` lists."""
    rules = rules_of(path)
    game = data.draw(playouts(rules), label="playout")
    last = len(game.states) - 1
    picks = data.draw(st.lists(st.integers(0, last), min_size=1, max_size=3, unique=True), label="states")
    for i in sorted({*picks, last}):
        state = game.states[i]
        legal = set(negsim.legal_actions(state))
        universe = [*cached_play_universe(path), *answer_universe(state)]
        assert legal <= set(universe), legal - set(universe)
        for action in universe:
            err = negsim.refusal(state, action)
            assert (err is None) == (action in legal), (action, err, state)
            assert negsim.is_legal(state, action) == (action in legal)
            if err is not None:
                assert err.rule in LEGALITY_RULES, err
                if state.is_over:
                    assert err.rule == "R1"


@scenario
@settings(max_examples=FEWER)
@given(data=st.data())
def test_views_show_nothing_hidden(path: Path, data: st.DataObject) -> None:
    """Changing the RNG and everything a seat may not see leaves its view unchanged."""
    rules = rules_of(path)
    game = data.draw(playouts(rules), label="playout")
    view_fields = {f.name for f in dataclasses.fields(negsim.View)}
    assert not any("rng" in name or "random" in name for name in view_fields)
    for state in game.states:
        for seat in rules.seats():
            seen = negsim.view(state, seat.id)
            other = negsim.view(perturb_hidden(state, seat.index), seat.id)
            if state.is_over:
                # R11: once the game is over everything is revealed, as in a debrief.
                assert seen == dataclasses.replace(
                    negsim.view(state, None), seat=seat.id, hand=seen.hand, legal=seen.legal, score=seen.score
                )
                continue
            assert seen == other, (seat.id, state)
            assert [v.id for v in seen.hand] == [c.id for c in rules.cards if seat.index in c.owners]
            if state.to_move != seat.index:
                assert seen.legal == ()


@scenario
@given(seed=seeds(), data=st.data())
def test_legal_action_strategy_draws_legal_actions(path: Path, seed: int, data: st.DataObject) -> None:
    rules = rules_of(path)
    state = negsim.new_game(rules, seed)
    for _ in range(5):
        if state.is_over:
            with pytest.raises(ValueError, match="over"):
                legal_action(state)
            break
        action = data.draw(legal_action(state))
        negsim.check(state, action)
        state, _ = negsim.step(state, action)
    assert 0 <= seed <= MAX_SEED


@scenario
@settings(max_examples=10)
@given(data=st.data())
def test_playouts_stop_at_max_steps(path: Path, data: st.DataObject) -> None:
    rules = rules_of(path)
    game: Playout = data.draw(playouts(rules, max_steps=3))
    assert len(game.actions) <= 3
    assert len(game.states) == len(game.actions) + 1
    assert len(game.actions) == 3 or game.state.is_over


def test_playouts_refuse_negative_max_steps() -> None:
    with pytest.raises(ValueError, match="max_steps"):
        playouts(rules_of(SCENARIO_FILES[0]), max_steps=-1)


# ------------------------------------------------------------ across processes

_CHILD = """
import sys
import negsim
from negsim.jsonio import dumps, event_dict

rules = negsim.load(sys.argv[1])
state, events = negsim.start(rules, int(sys.argv[2]))
log = list(events)
while not state.is_over:
    legal = negsim.legal_actions(state)
    state, produced = negsim.step(state, legal[(state.ply * 31 + 7) % len(legal)])
    log.extend(produced)
for e in log:
    print(dumps(event_dict(e)))
"""


def json_log(rules: Rules, seed: int) -> list[str]:
    """The same policy as ``_CHILD``, in this process."""
    state, events = negsim.start(rules, seed)
    log = list(events)
    while not state.is_over:
        legal = negsim.legal_actions(state)
        state, produced = negsim.step(state, legal[(state.ply * 31 + 7) % len(legal)])
        log.extend(produced)
    return [dumps(event_dict(e)) for e in log]


@scenario
def test_games_are_identical_across_processes(path: Path) -> None:
    """R0.12: the same scenario, seed and actions give the same events under another hash seed."""
    seed = 20211217
    here = json_log(rules_of(path), seed)
    env = {**os.environ, "PYTHONHASHSEED": "4242" if os.environ.get("PYTHONHASHSEED") != "4242" else "77"}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(seed)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=True,
        timeout=120,
    )
    there = done.stdout.splitlines()
    assert there == here
    assert json.loads(there[-1])["type"] == "game_end"
