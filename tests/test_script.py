"""Move scripts: YAML or JSON lists of moves, used in order whenever their actor must decide."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TEST_SCENARIOS
from negsim import Answer, Pass, Play, Response, Rules, load, new_game
from negsim.bots import make_bot
from negsim.core.events import Event
from negsim.errors import InputError, ScriptError
from negsim.jsonio import event_dict
from negsim.runner import play_out, with_rounds
from negsim.script import Script, load_script

STANDOFF = TEST_SCENARIOS / "standoff.yaml"

OPENING = """\
# A scripted opening: red's demand is countered by blue's offer, which red accepts.
- {actor: red, card: red_demand, forum: direct}
- {actor: blue, pass: true}
- {actor: green, pass: true}

# the talks phase
- actor: blue
  card: red_demand
  response: counter
  counter: blue_offer
- {actor: red, card: blue_offer, response: accept, note: "Red takes the measures."}
"""


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load(STANDOFF)


def write(tmp_path: Path, name: str, text: str) -> Path:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def play(rules: Rules, script: Script, rounds: int = 1, seed: int = 0) -> list[dict[str, object]]:
    """Play ``rounds`` rounds with random bots for unscripted decisions; the events as JSON objects."""
    events: list[Event] = []
    cut = with_rounds(rules, rounds)
    bots = {a.id: make_bot("random", a.id, seed) for a in cut.seats()}
    play_out(cut, seed, bots, script, lambda e, _why: events.append(e))
    return [event_dict(e) for e in events]


def run_script(script: Path) -> subprocess.CompletedProcess[str]:
    """``negsim run standoff.yaml --script SCRIPT`` in a subprocess."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from negsim.cli.main import main; main()",
            "run",
            str(STANDOFF),
            "--script",
            str(script),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def script_error(rules: Rules, script: Script) -> ScriptError:
    with pytest.raises(ScriptError) as info:
        play(rules, script)
    return info.value


# --------------------------------------------------------------------------- reading


def test_yaml_script_is_queued_by_actor_with_lines(tmp_path: Path) -> None:
    f = write(tmp_path, "opening.yaml", OPENING)
    script = load_script(f)
    moves = script.remaining()
    assert [m.move.actor for m in moves] == ["red", "blue", "green", "blue", "red"]
    assert [m.index for m in moves] == [0, 1, 2, 3, 4]
    assert [(m.issue_at.line, m.issue_at.column) for m in moves] == [(2, 3), (3, 3), (4, 3), (7, 3), (11, 3)]
    assert all(m.issue_at.file == str(f) for m in moves)
    assert [m.issue_at.path for m in moves] == [f"moves[{i}]" for i in range(5)]
    assert moves[1].move.pass_ is True
    assert moves[3].move.response == "counter"
    assert moves[3].move.counter == "blue_offer"
    assert script.has_move("red")
    assert not script.has_move("grey")


def test_json_script(tmp_path: Path) -> None:
    moves = [
        {"actor": "red", "card": "red_demand", "forum": "direct"},
        {"actor": "blue", "pass": True},
        {"actor": "green", "pass": True},
        {"actor": "blue", "card": "red_demand", "response": "counter", "counter": "blue_offer"},
        {"actor": "red", "card": "blue_offer", "response": "accept"},
    ]
    f = write(tmp_path, "opening.json", json.dumps(moves, indent=1))
    script = load_script(f)
    assert [m.move.actor for m in script.remaining()] == ["red", "blue", "green", "blue", "red"]
    # json.dumps(indent=1) puts each move's "{" on its own line: 2, 7, 11, ...
    assert [m.issue_at.line for m in script.remaining()][:3] == [2, 7, 11]


def test_mapping_with_moves_key(tmp_path: Path) -> None:
    f = write(tmp_path, "s.yaml", "moves:\n  - {actor: red, pass: true}\n")
    [m] = load_script(f).remaining()
    assert m.move.pass_ is True
    assert (m.issue_at.line, m.issue_at.column) == (2, 5)


@pytest.mark.parametrize("text", ["", "# nothing here\n"])
def test_empty_script(tmp_path: Path, text: str) -> None:
    with pytest.raises(ScriptError) as info:
        load_script(write(tmp_path, "empty.yaml", text))
    assert str(info.value) == f"{tmp_path / 'empty.yaml'}:1:1: the script is empty: give a list of moves"


@pytest.mark.parametrize(
    ("text", "line", "col", "part"),
    [
        ("- {actor: red, respons: accept, card: x}\n", 1, 16, "unknown key 'respons' (did you mean 'response'?)"),
        ("- {actor: red, card: x, response: maybe}\n", 1, 35, "expected 'accept', 'reject', 'counter' or 'silence'"),
        ("- {card: x}\n", 1, 3, "missing required key 'actor'"),
        ("- {actor: Red, card: x}\n", 1, 11, "'Red' is not a valid id"),
        ("- {actor: red, pass: 'true'}\n", 1, 22, "expected true or false, got text 'true'"),
        ("- actor: red\n  pass: yes\n", 2, 9, "'yes' is a boolean (true) to YAML 1.1 tools"),
        ("- &a {actor: red, pass: true}\n- *a\n", 1, 3, "anchors (&a) are not allowed"),
        ("- {actor: red, card: x}\n  - oops\n", 2, 3, "YAML syntax"),
        ("[1, 2]\n", 1, 2, "expected a mapping, got the number 1"),
    ],
)
def test_bad_script_files_are_located(tmp_path: Path, text: str, line: int, col: int, part: str) -> None:
    f = write(tmp_path, "bad.yaml", text)
    with pytest.raises(ScriptError) as info:
        load_script(f)
    first = info.value.issues[0]
    assert (first.line, first.column) == (line, col), str(info.value)
    assert part in first.message
    assert str(first).startswith(f"{f}:{line}:{col}: ")


def test_script_files_are_read_safely(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    f = write(tmp_path, "evil.yaml", f'- !!python/object/apply:os.system ["touch {marker}"]\n')
    with pytest.raises(ScriptError) as info:
        load_script(f)
    assert "tags (" in info.value.issues[0].message
    assert not marker.exists()


def test_missing_script_file(tmp_path: Path) -> None:
    with pytest.raises(ScriptError) as info:
        load_script(tmp_path / "nope.yaml")
    assert "cannot read" in str(info.value)
    assert isinstance(info.value, InputError)


# --------------------------------------------------------------------------- playing


def test_scripted_moves_are_played_in_order(tmp_path: Path, rules: Rules) -> None:
    script = load_script(write(tmp_path, "opening.yaml", OPENING))
    events = play(rules, script)
    assert script.remaining() == []
    decided = [(e["type"], e["actor"], e.get("card"), e.get("response")) for e in events if e["actor"]]
    assert ("card_played", "red", "red_demand", None) in decided
    assert ("passed", "blue", None, None) in decided
    assert ("passed", "green", None, None) in decided
    answers = [e for e in events if e["type"] == "answered"]
    assert [(e["actor"], e["card"], e["response"], e["counter"]) for e in answers] == [
        ("blue", "red_demand", "counter", "blue_offer"),
        ("red", "blue_offer", "accept", None),
    ]
    resolved = [(e["card"], e["result"]) for e in events if e["type"] == "item_resolved"]
    assert resolved == [("red_demand", "counter"), ("blue_offer", "accept")]
    assert events[-1]["type"] == "game_end"


def test_scripted_game_is_the_same_whatever_the_bots_seed(tmp_path: Path, rules: Rules) -> None:
    # Every decision of round 1 is scripted, so the bots' seed does not matter; the game's seed does.
    a = play(rules, load_script(write(tmp_path, "a.yaml", OPENING)), seed=5)
    b = play(rules, load_script(write(tmp_path, "b.yaml", OPENING)), seed=5)
    assert a == b


def test_unused_moves_remain(tmp_path: Path, rules: Rules) -> None:
    text = OPENING + "- {actor: green, pass: true}\n" * 20
    script = load_script(write(tmp_path, "long.yaml", text))
    play(rules, script, rounds=1)
    left = script.remaining()
    # Green decides once in round 1 (its scripted pass); the 20 extra passes are never used.
    assert len(left) == 20
    assert left[0].index == 5


def test_next_action_turns_moves_into_actions(tmp_path: Path, rules: Rules) -> None:
    script = load_script(write(tmp_path, "s.yaml", "- {actor: red, card: red_demand, forum: direct, target: blue}\n"))
    state = new_game(rules, 0)
    # (bilateral forums take no target: the engine refuses it, naming the rule)
    with pytest.raises(ScriptError) as info:
        script.next_action(state)
    assert "[R8]" in str(info.value)
    script = load_script(write(tmp_path, "t.yaml", "- {actor: red, card: red_demand, forum: press, target: blue}\n"))
    state = new_game(rules, 0)
    # The press forum opens in round 2.
    with pytest.raises(ScriptError) as info:
        script.next_action(state)
    assert "[R7]" in str(info.value)
    script = load_script(write(tmp_path, "u.yaml", "- {actor: red, card: red_demand, forum: council}\n"))
    assert script.next_action(state) == Play(actor="red", card="red_demand", forum="council")
    script = load_script(write(tmp_path, "v.yaml", "- {actor: red, pass: true}\n"))
    assert script.next_action(state) == Pass(actor="red")


def test_answer_moves_name_the_item_on_the_table(tmp_path: Path, rules: Rules) -> None:
    text = "- {actor: blue, card: red_demand, response: reject}\n"
    script = load_script(write(tmp_path, "s.yaml", text))
    # Bring a game to blue answering red's demand.
    from negsim import step

    s = new_game(rules, 0)
    s, _ = step(s, Play(actor="red", card="red_demand", forum="direct"))
    s, _ = step(s, Pass(actor="blue"))
    s, _ = step(s, Pass(actor="green"))
    action = script.next_action(s)
    assert action == Answer(actor="blue", item=s.queue[0][0], response=Response.REJECT)


# ------------------------------------------------------------------- refused moves


@pytest.mark.parametrize(
    ("text", "line", "part"),
    [
        # red does not hold blue's offer
        ("- {actor: red, card: blue_offer, forum: direct}\n", 1, "[R4] blue_offer is not red's card"),
        # a locked card
        ("# first\n\n- {actor: red, card: red_strike}\n", 3, "[R5]"),
        # red's second move comes in the talks phase, where red must answer
        (OPENING.replace("card: blue_offer, response: accept", "card: red_mass"), 11, "[R3]"),
        # counter with a card that does not counter the demand
        (OPENING.replace("counter: blue_offer", "counter: blue_rally"), 7, "[R10]"),
    ],
)
def test_illegal_moves_name_the_line_and_rule(tmp_path: Path, rules: Rules, text: str, line: int, part: str) -> None:
    f = write(tmp_path, "s.yaml", text)
    e = script_error(rules, load_script(f))
    [issue] = e.issues
    assert issue.line == line
    assert str(e).startswith(f"{f}:{line}:3: moves[")
    assert part in issue.message
    assert "illegal in round 1 (Week 1)" in issue.message


def test_answering_the_wrong_card(tmp_path: Path, rules: Rules) -> None:
    text = OPENING.replace("card: blue_offer, response: accept", "card: red_demand, response: accept")
    f = write(tmp_path, "s.yaml", text)
    e = script_error(rules, load_script(f))
    [issue] = e.issues
    assert (issue.line, issue.column) == (11, 3)
    assert issue.message == (
        "move 5: answers red_demand, but red must now answer blue_offer (item #2): "
        "[R9] items are answered in the order they were tabled"
    )


def test_answering_when_nothing_is_on_the_table(tmp_path: Path, rules: Rules) -> None:
    f = write(tmp_path, "s.yaml", "- {actor: red, card: red_demand, response: accept}\n")
    e = script_error(rules, load_script(f))
    assert e.issues[0].message == (
        "move 1: answers red_demand, but nothing is waiting for an answer (round 1, phase moves): "
        "[R3] answers are given only in answer phases"
    )


@pytest.mark.parametrize(
    ("move", "message"),
    [
        ("{actor: red, pass: true, card: red_mass}", "a pass names no card or response"),
        ("{actor: red}", "a move names a card (or pass: true)"),
        ("{actor: red, card: red_demand, counter: blue_offer}", "counter is only given with response: counter"),
        (
            "{actor: red, card: red_demand, forum: direct, response: accept}",
            "an answer names no forum or target (those are for playing a card)",
        ),
    ],
)
def test_incomplete_moves(tmp_path: Path, rules: Rules, move: str, message: str) -> None:
    f = write(tmp_path, "s.yaml", f"- {move}\n")
    e = script_error(rules, load_script(f))
    assert str(e) == f"{f}:1:3: moves[0]: {message}"


def test_cli_illegal_move_exits_2_naming_line_and_rule(tmp_path: Path) -> None:
    f = write(tmp_path, "s.yaml", "# red tries blue's card\n- {actor: red, card: blue_offer, forum: direct}\n")
    r = run_script(f)
    assert r.returncode == 2
    assert f"{f}:2:3: moves[0]: move 1 (red plays blue_offer in direct)" in r.stderr
    assert "[R4]" in r.stderr
    assert "Traceback" not in r.stderr + r.stdout


def test_cli_unknown_actor_in_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from negsim.cli.main import main

    f = write(
        tmp_path, "s.json", '[\n  {"actor": "red", "pass": true},\n  {"actor": "purple", "card": "red_mass"}\n]\n'
    )
    with pytest.raises(SystemExit) as info:
        main(["run", str(STANDOFF), "--script", str(f)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"{f}:3:13: moves[1].actor: unknown actor 'purple'; seats are red, blue, green" in err


def test_cli_reports_every_unknown_id_in_a_script_before_playing(tmp_path: Path) -> None:
    f = write(
        tmp_path,
        "s.yaml",
        "- {actor: red, card: no_such_card}\n"
        "- {actor: purple, pass: true}\n"
        "- {actor: blue, card: red_demand, response: counter, counter: nope}\n"
        "- {actor: red, card: red_demand, forum: moon, target: pluto}\n",
    )
    r = run_script(f)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.splitlines() == [
        f"{f}:1:22: moves[0].card: unknown card 'no_such_card': no card of standoff has this id",
        f"{f}:2:11: moves[1].actor: unknown actor 'purple'; seats are red, blue, green",
        f"{f}:3:63: moves[2].counter: unknown counter 'nope': no card of standoff has this id",
        f"{f}:4:41: moves[3].forum: unknown forum 'moon'; forums are direct, council, assembly, press",
        f"{f}:4:55: moves[3].target: unknown target 'pluto'; actors are red, blue, green, grey",
    ]


def test_cli_reports_problems_of_every_kind_in_a_script_at_once(tmp_path: Path) -> None:
    """YAML, schema, the moves' shapes and unknown ids: one run lists them all, in line order, before play."""
    f = write(
        tmp_path,
        "s.yaml",
        "- {actor: red, card: red_demand, response: no}\n"
        "- {actor: red}\n"
        "- {actor: blue, pass: true, card: x}\n"
        "- {actor: green, card: red_demand, counter: blue_offer}\n"
        "- {actor: red, card: red_demand, response: accept, forum: direct}\n"
        "- {actor: Red, card: x}\n"
        "- {actor: red, card: red_demandx}\n"
        "- {actor: red, respons: accept, card: red_demand}\n",
    )
    r = run_script(f)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.splitlines() == [
        f"{f}:1:44: moves[0].response: 'no' is a boolean (false) to YAML 1.1 tools but text to YAML 1.2;"
        " quote it ('no') for text or write false",
        f"{f}:2:3: moves[1]: a move names a card (or pass: true)",
        f"{f}:3:3: moves[2]: a pass names no card or response",
        f"{f}:3:35: moves[2].card: unknown card 'x': no card of standoff has this id",
        f"{f}:4:3: moves[3]: counter is only given with response: counter",
        f"{f}:5:3: moves[4]: an answer names no forum or target (those are for playing a card)",
        f"{f}:6:11: moves[5].actor: 'Red' is not a valid id: use lower-case letters, digits and _, starting with a letter",
        f"{f}:7:22: moves[6].card: unknown card 'red_demandx' (did you mean 'red_demand'?): no card of standoff has this id",
        f"{f}:8:16: moves[7].respons: unknown key 'respons' (did you mean 'response'?)",
    ]
