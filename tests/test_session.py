"""Sessions: seats, undo to before the last human decision, and saves that are replays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import TEST_SCENARIOS
from negsim import Pass, SaveFileError, load
from negsim.core.actions import Action
from negsim.session import HUMAN, SNAPSHOT_EVERY, Session

STANDOFF = TEST_SCENARIOS / "standoff.yaml"


def new_session(seats: dict[str, str], seed: int = 4) -> Session:
    return Session.new(load(STANDOFF), seed, seats, STANDOFF.read_text(encoding="utf-8"), str(STANDOFF))


def advance_bots(s: Session) -> None:
    while not s.is_over and not s.is_human(s.to_move):
        s.play(s.bot_action())


def human_move(s: Session) -> Action:
    legal = s.legal()
    return legal[len(legal) // 2]


def test_unnamed_seats_default_to_heuristic_bots_and_bad_seats_are_refused() -> None:
    s = new_session({"red": HUMAN})
    assert s.seats == {"red": HUMAN, "blue": "heuristic", "green": "heuristic"}
    assert new_session({"red": "MCTS:level=hard"}).seats["red"] == "mcts:hard"  # kept in canonical form
    with pytest.raises(ValueError, match="seat red: unknown bot 'genius'"):
        new_session({"red": "genius"})
    with pytest.raises(ValueError, match="seat red: sims must be between 1"):
        new_session({"red": "mcts:sims=-3"})
    with pytest.raises(ValueError, match="not seats"):
        new_session({"grey": HUMAN})


def test_bot_moves_depend_only_on_seed_actor_and_state() -> None:
    a = new_session({}, seed=9)
    b = new_session({}, seed=9)
    advance_bots(a)
    advance_bots(b)
    assert a.actions == b.actions
    assert a.state == b.state


def test_undo_returns_to_just_before_the_last_human_decision() -> None:
    s = new_session({"blue": HUMAN})
    advance_bots(s)
    before = s.state
    n_actions = len(s.actions)
    s.play(human_move(s))
    advance_bots(s)
    total = len(s.actions)
    assert total > n_actions
    undone = s.undo()
    assert undone == total - n_actions
    assert s.state == before
    assert len(s.actions) == n_actions
    assert len(s.events) == len(s.digests) == len(s.actions) + 1


def test_undo_with_no_human_decision_does_nothing() -> None:
    s = new_session({"blue": HUMAN})
    advance_bots(s)
    assert not s.can_undo()
    assert s.undo() == 0


def test_a_seat_undoes_only_its_own_decision_not_another_persons() -> None:
    s = new_session({"red": HUMAN, "blue": HUMAN})
    while not s.is_over:
        advance_bots(s)
        last = s.last_human_decision()
        if last is not None and s.actions[last].actor != s.to_move:
            break
        s.play(human_move(s))
    mover = s.to_move
    assert last is not None and mover is not None
    other = s.actions[last].actor
    n_actions, state = len(s.actions), s.state
    assert not s.can_undo(mover)
    assert s.undo(mover) == 0  # the other person's decision stands
    assert (len(s.actions), s.state) == (n_actions, state)
    assert s.can_undo(other)
    assert s.undo(other) == n_actions - last
    assert s.to_move == other and len(s.actions) == last


def test_save_then_load_replays_to_the_same_state_and_events(tmp_path: Path) -> None:
    s = new_session({"red": HUMAN, "green": HUMAN})
    for _ in range(6):
        advance_bots(s)
        if s.is_over:
            break
        s.play(human_move(s))
    path = tmp_path / "game.json"
    s.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "negsim-save" and data["version"] == 2
    assert data["scenario"]["text"] == STANDOFF.read_text(encoding="utf-8")
    loaded = Session.load(path)
    assert loaded.state == s.state
    assert loaded.all_events() == s.all_events()
    assert loaded.seats == s.seats
    # Continuing both gives the same end.
    for sess in (s, loaded):
        while not sess.is_over:
            sess.play(sess.bot_action() if not sess.is_human(sess.to_move) else sess.legal()[-1])
    assert loaded.state == s.state


def test_a_failed_save_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    s = new_session({"red": HUMAN})
    path = tmp_path / "game.json"
    s.save(path)
    before = path.read_bytes()
    s.scenario_text = "\udcff"  # cannot be encoded: the write fails before replacing the file
    with pytest.raises(UnicodeEncodeError):
        s.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["game.json"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "not a negsim save"),
        (lambda d: d.update(version=99), "version 99"),
        (lambda d: d["scenario"].update(text=d["scenario"]["text"] + "\n# edited\n"), "does not match its hash"),
        (lambda d: d.update(seed="x"), "no seed"),
        (lambda d: d.update(seats={"red": "wizard"}), "seat red: unknown bot 'wizard'"),
        (
            lambda d: (
                d["actions"].append({"type": "play", "actor": "red", "card": "nope"}),
                d["digests"].append("0" * 16),
            ),
            "cannot be replayed",
        ),
        (lambda d: d["actions"].append({"type": "teleport", "actor": "red"}), "unknown action type"),
    ],
)
def test_bad_saves_are_refused_with_a_located_message(tmp_path: Path, mutate: object, message: str) -> None:
    s = new_session({"red": HUMAN})
    advance_bots(s)
    data = s.to_save()
    assert callable(mutate)
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SaveFileError) as err:
        Session.load(path)
    assert message in str(err.value)
    assert str(err.value).startswith(f"{path}:")


def test_a_save_that_is_not_json_points_at_the_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "negsim-save",\n  "version": 1,,}', encoding="utf-8")
    with pytest.raises(SaveFileError) as err:
        Session.load(path)
    assert err.value.issues[0].line == 2


def test_pass_is_recorded_as_an_action() -> None:
    s = new_session({"red": HUMAN}, seed=1)
    advance_bots(s)
    assert s.to_move == "red"
    s.play(Pass(actor="red"))
    assert s.actions[-1] == Pass(actor="red")


# ------------------------------------------------------------------ long games (issue #11)

MARATHON = TEST_SCENARIOS.parent / "fixtures" / "marathon.yaml"


def marathon(seats: dict[str, str]) -> Session:
    """A game of tests/fixtures/marathon.yaml played to its action cap (10,000: the default)."""
    rules = load(MARATHON)
    s = Session.new(rules, 1, seats, MARATHON.read_text(encoding="utf-8"), str(MARATHON))
    while not s.is_over:
        s.play(s.legal()[0])
    return s


def test_a_game_at_the_action_cap_keeps_a_snapshot_every_n_actions_not_every_state() -> None:
    s = marathon({"east": HUMAN, "west": HUMAN})
    assert len(s.actions) == s.rules.max_actions == 10_000
    assert s.state.cut  # cut short at turn.max_actions, with the final ending
    assert len(s.snapshots) == 10_000 // SNAPSHOT_EVERY + 1
    assert [r for r, _ in s.round_starts] == sorted({r for r, _ in s.round_starts})
    assert len(s.round_starts) == s.state.round + 1


def test_any_earlier_state_is_the_state_a_replay_reaches() -> None:
    s = new_session({"red": HUMAN, "blue": HUMAN, "green": HUMAN}, seed=5)
    while not s.is_over:
        s.play(human_move(s))
    replay = Session.new(s.rules, s.seed, s.seats, s.scenario_text)
    assert s.state_at(0) == replay.state
    for i, action in enumerate(s.actions):
        replay.play(action)
        assert s.state_at(i + 1) == replay.state
    with pytest.raises(IndexError):
        s.state_at(len(s.actions) + 1)


def test_undo_deep_in_a_long_game_restores_the_state_snapshots_and_digests() -> None:
    s = marathon({"east": HUMAN, "west": "random"})
    # Undo needs a human decision after a bot's: go back into the game and play on differently.
    s.undo()
    last = len(s.actions)
    before, digests, starts = s.state, list(s.digests), list(s.round_starts)
    s.play(s.legal()[-1])
    while not s.is_over and not s.is_human(s.to_move):
        s.play(s.bot_action())
    assert s.undo() >= 1
    assert len(s.actions) == last
    assert s.state == before
    assert s.digests == digests
    assert s.round_starts == starts
    assert len(s.snapshots) == last // SNAPSHOT_EVERY + 1
