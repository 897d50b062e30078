"""Bots: they decide from their seat's information set only, keep their actor's declared
constraints, say why, and are reproducible; bot specs are checked with clear messages."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from negsim.bots import POLICIES, SpecError, make_bot, observe, spec_of
from negsim.bots.persona import Persona
from negsim.core.engine import legal_actions, new_game, step
from negsim.core.infoset import information_set, public_rules
from negsim.core.rules import ActorSpec, Condition, Objective, Rules
from negsim.core.state import GameState
from negsim.scenario.load import load

ROOT = Path(__file__).resolve().parents[1]
STANDOFF = ROOT / "tests" / "scenarios" / "standoff.yaml"
DEC2021 = ROOT / "scenarios" / "dec2021.yaml"
BOT_SEATS = ["--seat", "red=mcts:sims=20", "--bots", "heuristic:samples=2"]
SPECS = ["random", "passive", "greedy", "heuristic:samples=2", "mcts:sims=24,depth=12"]


def states(rules: Rules, seeds: range, every: int = 5) -> list[GameState]:
    """Mid-game states from random games (every ``every``-th decision)."""
    out = []
    for seed in seeds:
        rnd = random.Random(seed)
        s = new_game(rules, seed)
        while s.to_move >= 0:
            if s.ply % every == 2:
                out.append(s)
            acts = legal_actions(s)
            s, _ = step(s, acts[rnd.randrange(len(acts))])
    return out


def secret_objectives(rules: Rules, seat: int) -> Rules:
    """The same rules with every other actor's private objectives and base score changed."""
    always = Condition(text="true", fn=lambda s, c: 1, deps=0)

    def changed(a: ActorSpec) -> ActorSpec:
        if a.index == seat:
            return a
        extra = Objective(id="secret", text="A private aim", when=always, points=9)
        return dataclasses.replace(a, objectives=(*a.objectives, extra), score=always)

    return dataclasses.replace(rules, actors=tuple(changed(a) for a in rules.actors))


def hidden_changed(s: GameState, rnd: random.Random) -> GameState:
    """``s`` with everything its mover may not see changed: hidden meters and flags, the random stream,
    the seed, and the other actors' private objectives and base scores."""
    rules, seat = s.rules, s.to_move
    meters = list(s.meters)
    flags = s.flags
    for m in rules.meters:
        for o in range(len(rules.actors)) if m.per_actor else (-1,):
            if not rules.meter_visible(m, o, seat):
                meters[m.slot + max(o, 0)] = rnd.randint(m.low, m.high)
    for f in rules.flags:
        if not rules.flag_visible(f, seat):
            flags ^= (rnd.random() < 0.5) << f.index
    return s._replace(
        rules=secret_objectives(rules, seat),
        meters=tuple(meters),
        flags=flags,
        rng=rnd.getrandbits(64),
        seed=rnd.getrandbits(32),
    )


@pytest.mark.parametrize("path", [STANDOFF, DEC2021], ids=["standoff", "dec2021"])
def test_the_information_set_is_the_same_whatever_the_seat_may_not_see(path: Path) -> None:
    rules = load(path)
    rnd = random.Random(5)
    samples = states(rules, range(12))
    changed_something = 0
    for s in samples:
        other = hidden_changed(s, rnd)
        changed_something += other.meters != s.meters or other.rng != s.rng
        seat = s.rules.actors[s.to_move].id
        a, b = information_set(s, seat), information_set(other, seat)
        assert a == b and a.rules.actors == b.rules.actors, seat
        # What the seat may know of the others' aims: their public objectives only.
        for actor in a.rules.actors:
            if actor.id != seat:
                assert actor.score is None and all(o.public for o in actor.objectives)
    assert changed_something == len(samples)


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("path", [STANDOFF, DEC2021], ids=["standoff", "dec2021"])
def test_no_bot_decision_depends_on_what_its_seat_may_not_see(path: Path, spec: str) -> None:
    rules = load(path)
    rnd = random.Random(11)
    checked = 0
    for s in states(rules, range(4), every=7):
        other = hidden_changed(s, rnd)
        if legal_actions(other) != legal_actions(s):
            continue  # legality itself revealed it (never the case for these scenarios' decisions)
        actor = s.rules.actors[s.to_move].id
        first = make_bot(spec, actor, 3).decide(observe(s))
        second = make_bot(spec, actor, 3).decide(observe(other))
        assert (first.action, first.why) == (second.action, second.why), (spec, actor, s.ply)
        checked += 1
    assert checked >= 8


def test_a_bot_never_holds_the_true_state() -> None:
    rules = load(STANDOFF)
    for s in states(rules, range(3)):
        obs = observe(s)
        assert obs.state is not s and obs.state.rng == 0 and obs.state.seed == 0
        assert obs.rules == public_rules(rules, obs.seat)
        assert obs.legal == legal_actions(s)


def audit(rules: Rules, spec: str, games: int) -> tuple[int, int]:
    """(decisions taken, moves a declared constraint forbade) over ``games`` games with ``spec`` in every seat."""
    people = {a.id: Persona(rules, a.index) for a in rules.seats()}
    decisions = forbidden = 0
    for seed in range(games):
        bots = {a.id: make_bot(spec, a.id, seed) for a in rules.seats()}
        s = new_game(rules, seed)
        while s.to_move >= 0:
            actor = s.rules.actors[s.to_move].id
            action = bots[actor].decide(observe(s)).action
            allowed = people[actor].allowed(s, legal_actions(s))
            decisions += 1
            forbidden += people[actor].refusal(s, action) is not None and action not in allowed
            s, _ = step(s, action, log=False)
    return decisions, forbidden


@pytest.mark.parametrize(
    ("spec", "games"),
    [("heuristic:samples=1,horizon=0", 500), ("mcts:sims=3,depth=0,prior=none", 500), ("mcts:sims=6,depth=8", 40)],
)
def test_across_a_thousand_games_no_bot_plays_a_move_its_constraints_forbid(spec: str, games: int) -> None:
    # The constraint filter is the same at every strength; these settings make the games cheap
    # (mcts with its default prior asks the full heuristic every decision: fewer games).
    rules = load(DEC2021)
    assert sum(len(a.bot_rules) for a in rules.actors) >= 5
    decisions, forbidden = audit(rules, spec, games)
    assert decisions > games * 60 and forbidden == 0


def test_the_constraints_bind_where_a_baseline_breaks_them() -> None:
    # The greedy baseline ignores constraints: on the same games it does play forbidden moves,
    # so the audit above can fail.
    rules = load(DEC2021)
    people = {a.id: Persona(rules, a.index) for a in rules.seats()}
    broken = 0
    for seed in range(40):
        s = new_game(rules, seed)
        bots = {a.id: make_bot("random", a.id, seed) for a in rules.seats()}
        while s.to_move >= 0:
            actor = s.rules.actors[s.to_move].id
            action = bots[actor].decide(observe(s)).action
            broken += people[actor].refusal(s, action) is not None
            s, _ = step(s, action, log=False)
    assert broken > 0


def test_constraints_say_why_a_move_was_forgone() -> None:
    rules = load(DEC2021)
    # Russia's demand to withdraw the Bucharest promise, on the table in the North Atlantic Council.
    for seed in range(60):
        s = new_game(rules, seed)
        while s.to_move >= 0:
            acts = legal_actions(s)
            if s.rules.actors[s.to_move].id in ("usa", "poland") and any(
                getattr(a, "response", None) == "accept" and s.item(a.item).card == rules.card_index["ru_bucharest"]  # type: ignore[union-attr]
                for a in acts
            ):
                d = make_bot("heuristic:samples=2", s.rules.actors[s.to_move].id, 1).decide(observe(s))
                assert getattr(d.action, "response", None) != "accept"
                assert "accepting is ruled out: NATO cannot accept most of the Russian demands" in d.why
                return
            s, _ = step(s, acts[random.Random(seed * 1000 + s.ply).randrange(len(acts))])
    pytest.fail("no game reached an allied answer to the Bucharest demand")


@pytest.mark.parametrize("spec", SPECS)
def test_every_decision_says_why_in_words(spec: str) -> None:
    rules = load(STANDOFF)
    s = new_game(rules, 2)
    bots = {a.id: make_bot(spec, a.id, 2) for a in rules.seats()}
    while s.to_move >= 0:
        d = bots[s.rules.actors[s.to_move].id].decide(observe(s))
        assert d.action in legal_actions(s)
        assert len(d.why) > 10 and "\n" not in d.why
        s, _ = step(s, d.action)


def test_mcts_reports_the_expected_score_of_its_move_and_of_the_best_alternative() -> None:
    rules = load(DEC2021)
    s = new_game(rules, 4)
    d = make_bot("mcts:sims=60,prior=none", "russia", 4).decide(observe(s))
    assert "expected score" in d.why and " against " in d.why and "(60 simulations)" in d.why
    # With the heuristic's move as prior, part of the budget is kept to check a challenger: at most 60.
    d = make_bot("mcts:sims=60", "russia", 4).decide(observe(s))
    found = re.search(r"\((\d+) simulations\)", d.why)
    assert "expected score" in d.why and " against " in d.why and found and 0 < int(found.group(1)) <= 60


def test_mcts_plays_the_heuristic_move_unless_its_search_finds_one_clearly_better() -> None:
    rules = load(DEC2021)
    kept = changed = 0
    for s in states(rules, range(3), every=9):
        obs = observe(s)
        actor = obs.seat
        heuristic = make_bot("heuristic", actor, 5).decide(obs).action
        # Beyond any plausible margin, the search never overrules the heuristic's move...
        sure = make_bot("mcts:sims=40,depth=10,z=100", actor, 5).decide(obs)
        assert sure.action == heuristic
        kept += "not clearly better" in sure.why
        # ... and without the prior it is a plain search, which often disagrees.
        free = make_bot("mcts:sims=40,depth=10,prior=none", actor, 5).decide(obs)
        changed += free.action != heuristic
    assert kept > 0 and changed > 0


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("heuristic", "heuristic"),
        ("MCTS:Hard", "mcts:hard"),
        ("mcts:level=easy", "mcts:easy"),
        ("mcts:sims=400", "mcts:sims=400"),
        ("mcts: sims = 50 , depth = 9", "mcts:sims=50,depth=9"),
    ],
)
def test_bot_specs_read_in_canonical_form(text: str, canonical: str) -> None:
    assert str(spec_of(text)) == canonical


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("wizard", "unknown bot 'wizard'; use one of random, passive, greedy, heuristic, mcts, line"),
        ("mcts:sims=x", "sims must be a whole number (got 'x')"),
        ("mcts:sims=0", "sims must be between 1 and 1e+06 (got 0)"),
        ("mcts:level=brutal", "level must be one of easy, normal, hard (got 'brutal')"),
        (
            "mcts:bogus=1",
            "mcts has no option 'bogus' (it takes level, sims, depth, c, prior, z, greedy, time)",
        ),
        ("mcts:prior=greedy", "prior must be one of heuristic, none (got 'greedy')"),
        ("mcts:greedy=2", "greedy must be between 0 and 1 (got 2)"),
        ("random:fast", "random takes key=value options, not 'fast'"),
        ("mcts:sims=3,sims=4", "option 'sims' given twice"),
        ("mcts:time=2", "time is for negsim play only"),
    ],
)
def test_bad_bot_specs_are_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(SpecError) as e:
        spec_of(text)
    assert message in str(e.value)


def test_a_time_budget_is_allowed_in_play_and_marked_not_reproducible() -> None:
    spec = spec_of("mcts:time=0.05", in_play=True)
    assert not spec.reproducible and spec_of("mcts:hard").reproducible
    assert set(POLICIES) == {"random", "passive", "greedy", "heuristic", "mcts", "line"}


def test_run_json_carries_each_bot_decision_s_reason_the_same_in_any_process() -> None:
    outputs = []
    for hash_seed in ("1", "2"):
        proc = subprocess.run(
            [sys.executable, "-m", "negsim", "run", str(STANDOFF), "--seed", "3", "--json", *BOT_SEATS],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    events = [json.loads(line) for line in outputs[0].splitlines()]
    decisions = [e for e in events if e["type"] in ("card_played", "passed", "answered")]
    assert decisions and all(e["why"] for e in decisions)
    assert not any("why" in e for e in events if e["type"] not in ("card_played", "passed", "answered"))
