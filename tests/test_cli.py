"""The negsim command: exit status 0 / 1 / 2, no tracebacks for user errors, validate, schema and run.

Most tests call ``negsim.cli.main.main`` in-process (it maps exceptions to exit codes exactly as
the installed command does); a few run a real subprocess where that matters (tracebacks,
``PYTHONHASHSEED``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, TEST_SCENARIOS, negsim
from negsim.cli.main import main
from negsim.cli.serve import is_loopback

STANDOFF = TEST_SCENARIOS / "standoff.yaml"
CLEAN = TEST_SCENARIOS / "brink.yaml"
"""A scenario that validates with no error or warning."""
BAD = Path(__file__).resolve().parent / "fixtures" / "bad"

# Valid, but with warnings (nothing moves the meter, the seat holds no cards and cannot win).
WARNINGS_ONLY = """\
negsim: 1
id: tiny
title: Tiny
actors:
  - {id: red, name: Red, short: R}
meters:
  - {id: pressure, name: Pressure, min: 0, max: 10, start: 2}
turn:
  rounds: [{label: Week 1}]
  phases: [{id: moves, name: Moves, kind: play, actors: [red]}]
endings:
  - {id: stalemate, name: Stalemate, final: true}
"""

SCRIPT = """\
- {actor: red, card: red_demand, forum: direct}
- {actor: blue, pass: true}
- {actor: green, pass: true}
- {actor: blue, card: red_demand, response: counter, counter: blue_offer}
- {actor: red, card: blue_offer, response: accept}
"""

Result = tuple[int, str, str]


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Result:
    """Run ``negsim ARGS`` in-process: (exit status, stdout, stderr)."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    code = info.value.code
    assert isinstance(code, int)
    return code, out, err


def json_lines(out: str) -> list[dict[str, Any]]:
    lines = out.splitlines()
    assert lines, "no output"
    assert out.endswith("\n")
    return [json.loads(line) for line in lines]


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["validate", "--help"], ["schema", "--help"], ["run", "--help"]])
def test_help_exits_0(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = cli(capsys, *args)
    assert code == 0
    assert out.startswith("Usage: negsim")
    assert err == ""


def test_help_lists_the_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(capsys, "--help")
    for name in ("validate", "schema", "run"):
        assert name in out


def test_run_help_lists_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(capsys, "run", "--help")
    for option in ("--seed", "--bots", "--seat", "--script", "--json", "--rounds"):
        assert option in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "--version")
    assert code == 0
    assert out.startswith("negsim, version ")


def test_help_in_a_subprocess() -> None:
    r = negsim("--help")
    assert r.returncode == 0
    assert "validate" in r.stdout
    assert r.stderr == ""


# -------------------------------------------------------------------------- usage


@pytest.mark.parametrize(
    ("args", "part"),
    [
        (["frob"], "No such command 'frob'"),
        (["validate"], "Missing argument 'FILES...'"),
        (["run"], "Missing argument 'SCENARIO'"),
        (["run", str(STANDOFF), "--bots", "smart"], "Invalid value for --bots: 'smart': unknown bot 'smart'"),
        (["run", str(STANDOFF), "--bots", "mcts:sims=0"], "'mcts:sims=0': sims must be between 1 and"),
        (["run", str(STANDOFF), "--bots", "mcts:wild"], "'mcts:wild': level must be one of easy, normal, hard"),
        (["run", str(STANDOFF), "--bots", "mcts:time=2"], "time is for negsim play only"),
        (["run", str(STANDOFF), "--bots", "random:sims=3"], "random has no option 'sims'"),
        (["run", str(STANDOFF), "--rounds", "0"], "Invalid value for '--rounds'"),
        (["run", str(STANDOFF), "--seed", "x"], "Invalid value for '--seed'"),
        (["run", str(STANDOFF), "--seat", "bogus=random"], "'bogus=random': expected ACTOR=BOT"),
        (["run", str(STANDOFF), "--seat", "bogus=x"], "'bogus=x': expected ACTOR=BOT"),
        (["run", str(STANDOFF), "--seat", "red=x"], "'red=x': unknown bot 'x'"),
        (["run", str(STANDOFF), "--seat", "red"], "'red': expected ACTOR=BOT"),
        (["run", str(STANDOFF), "--seat", "grey=random"], "'grey=random'"),
        (["validate", "--nope", str(STANDOFF)], "No such option"),
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str], part: str) -> None:
    code, out, err = cli(capsys, *args)
    assert code == 2
    assert part in err
    assert "Traceback" not in out + err
    assert out == ""


# ----------------------------------------------------------------------- validate


def test_validate_good_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "validate", CLEAN)
    assert code == 0
    assert out == f"{CLEAN}: ok (0 errors, 0 warnings)\n"
    assert err == ""


def test_validate_good_and_bad_files_reports_both(capsys: pytest.CaptureFixture[str]) -> None:
    bad = BAD / "many_problems.yaml"
    code, out, _ = cli(capsys, "validate", CLEAN, bad)
    assert code == 2
    lines = out.splitlines()
    assert lines[0] == f"{CLEAN}: ok (0 errors, 0 warnings)"
    assert lines[1:7] == [
        f"{bad}:10:14: actors[0].victory.score: unknown name 'pressur' (did you mean 'pressure'?)",
        f"{bad}:13:60: meters[0].start: start (11) must be within 0..10",
        f"{bad}:18:24: triggers[0].effects[0].unlock: unknown card 'red_strik'",
        f"{bad}:23:12: cards[0].owner: unknown actor 'rde' (did you mean 'red'?)",
        f"{bad}:24:23: cards[0].effects[0].shift: unknown meter 'presure' (did you mean 'pressure'?)",
        f"{bad}:31:39: endings[0].when: unknown ending 'wr' (did you mean 'war'?)",
    ]
    assert lines[7] == f"{bad}: invalid (6 errors, 0 warnings)"
    assert len(lines) == 8


def test_validate_every_bad_fixture_in_one_run(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(BAD.glob("*.yaml"))
    code, out, err = cli(capsys, "validate", "-q", *files)
    assert code == 2
    for f in files:
        assert f"{f}:" in out
    assert "Traceback" not in out + err
    assert "internal error" not in err


def test_validate_bad_files_in_a_subprocess_never_show_a_traceback() -> None:
    files = [CLEAN, *sorted(BAD.glob("*.yaml"))]
    r = negsim("validate", *files)
    assert r.returncode == 2
    assert "Traceback" not in r.stdout + r.stderr
    assert f"{BAD / 'tag.yaml'}:4:8: title: tags (tag:yaml.org,2002:python/object/apply:os.system)" in r.stdout
    assert f"{CLEAN}: ok (0 errors, 0 warnings)" in r.stdout


def test_validate_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = cli(capsys, "validate", tmp_path / "nope.yaml")
    assert code == 2
    assert f"{tmp_path / 'nope.yaml'}:1:1: cannot read" in out


def test_validate_warnings_and_strict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "warn.yaml"
    f.write_text(WARNINGS_ONLY, encoding="utf-8")
    code, out, _ = cli(capsys, "validate", f)
    assert code == 0
    warnings = [line for line in out.splitlines() if ": warning: " in line]
    assert len(warnings) == 3
    assert f"{f}:7:5: warning: meters[0]: meter pressure never changes: no effect moves it" in warnings
    assert out.splitlines()[-1] == f"{f}: ok (0 errors, 3 warnings)"
    code, out, _ = cli(capsys, "validate", "--strict", f)
    assert code == 2
    assert out.splitlines()[-1] == f"{f}: fails --strict (0 errors, 3 warnings)"
    code, out, _ = cli(capsys, "validate", "--strict", CLEAN)
    assert code == 0


def test_validate_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "validate", "-q", CLEAN, BAD / "anchor.yaml")
    assert code == 2
    assert out == f"{BAD / 'anchor.yaml'}:4:8: title: anchors (&t) are not allowed; write the value out\n"


def test_validate_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    warn = tmp_path / "warn.yaml"
    warn.write_text(WARNINGS_ONLY, encoding="utf-8")
    code, out, _ = cli(capsys, "validate", "--json", CLEAN, BAD / "quote_not_verbatim.yaml", warn)
    assert code == 2
    data = json.loads(out)
    good, bad, warned = data["files"]
    assert good == {"file": str(CLEAN), "ok": True, "issues": []}
    assert bad["file"] == str(BAD / "quote_not_verbatim.yaml")
    assert bad["ok"] is False
    assert [(i["severity"], i["line"], i["column"], i["path"]) for i in bad["issues"]] == [
        ("error", 15, 12, "meters[0].quote.S01"),
        ("error", 16, 7, "meters[0].quote.S09"),
    ]
    assert bad["issues"][1]["message"] == "meter pressure: the source has no sentence S09"
    assert warned["ok"] is True
    assert {i["severity"] for i in warned["issues"]} == {"warning"}


def test_validate_json_strict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    warn = tmp_path / "warn.yaml"
    warn.write_text(WARNINGS_ONLY, encoding="utf-8")
    code, out, _ = cli(capsys, "validate", "--json", "--strict", warn)
    assert code == 2
    assert json.loads(out)["files"][0]["ok"] is False
    code, out, _ = cli(capsys, "validate", "--json", CLEAN)
    assert code == 0
    assert json.loads(out)["files"][0]["ok"] is True


# ------------------------------------------------------------------------- schema


def _walk(node: Any) -> list[Any]:
    out = [node]
    if isinstance(node, dict):
        for v in node.values():
            out.extend(_walk(v))
    elif isinstance(node, list):
        for v in node:
            out.extend(_walk(v))
    return out


def test_schema_is_draft07(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "schema")
    assert code == 0
    assert err == ""
    schema = json.loads(out)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) >= {"negsim", "id", "title", "actors", "turn", "endings"}
    defs = schema["definitions"]
    assert {"Actor", "Meter", "Flag", "Forum", "Card", "Trigger", "Ending", "ShiftEffect"} <= set(defs)
    # No draft 2019+/2020 keywords remain, and every reference resolves.
    assert "$defs" not in out
    nodes = _walk(schema)
    refs = [n["$ref"] for n in nodes if isinstance(n, dict) and "$ref" in n]
    assert refs
    for ref in refs:
        assert ref.startswith("#/definitions/"), ref
        assert ref.removeprefix("#/definitions/") in defs
    assert not any(isinstance(n, dict) and ("prefixItems" in n or "discriminator" in n) for n in nodes)


def test_schema_describes_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(capsys, "schema")
    schema = json.loads(out)
    assert schema["definitions"]["Meter"]["properties"]["min"]["description"] == "Smallest value."
    assert "examples" in schema["definitions"]["Meter"]["properties"]["min"]
    assert schema["properties"]["actors"]["description"]
    for name, d in schema["definitions"].items():
        assert d.get("description"), name
        for prop, p in d.get("properties", {}).items():
            assert p.get("description"), f"{name}.{prop}"
    # Aliased keys appear under the name designers write.
    assert "from" in schema["definitions"]["Band"]["properties"]
    assert "raise" in schema["definitions"]["RaiseEffect"]["properties"]


def test_schema_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "scenario.schema.json"
    code, out, err = cli(capsys, "schema", "-o", target)
    assert code == 0
    assert out == ""
    assert f"wrote {target}" in err
    _, printed, _ = cli(capsys, "schema")
    assert target.read_text(encoding="utf-8") == printed


# ---------------------------------------------------------------------------- run


def test_run_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "run", STANDOFF, "--seed", "7", "--json")
    assert code == 0
    assert err == ""
    events = json_lines(out)
    for e in events:
        assert {"round", "actor", "type"} <= set(e)
        assert isinstance(e["round"], int)
        assert e["actor"] is None or e["actor"] in ("red", "blue", "green", "grey")
    assert [e["type"] for e in events].count("game_end") == 1
    last = events[-1]
    assert last["type"] == "game_end"
    assert {"ending", "winners", "scores", "meters"} <= set(last)
    assert last["ending"] in ("war", "deal", "stalemate")
    assert set(last["scores"]) == {"red", "blue", "green"}
    assert set(last["winners"]) <= {"red", "blue", "green"}
    assert {"pressure", "unity", "intel", "resolve.red"} <= set(last["meters"])
    rounds = [e["round"] for e in events]
    assert rounds == sorted(rounds)
    assert rounds[0] == 1


def test_run_is_deterministic_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    a = cli(capsys, "run", STANDOFF, "--seed", "11", "--json", "--bots", "greedy")
    b = cli(capsys, "run", STANDOFF, "--seed", "11", "--json", "--bots", "greedy")
    c = cli(capsys, "run", STANDOFF, "--seed", "12", "--json", "--bots", "greedy")
    assert a == b
    assert a[0] == c[0] == 0
    assert a[1] != c[1]


def test_run_is_byte_identical_whatever_the_hash_seed(tmp_path: Path) -> None:
    script = tmp_path / "opening.yaml"
    script.write_text(SCRIPT, encoding="utf-8")
    args = ("run", STANDOFF, "--seed", "5", "--script", script, "--json", "--seat", "green=greedy")
    outs = []
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        r = negsim(*args, env=env)
        assert r.returncode == 0, r.stderr
        outs.append(r.stdout)
    assert outs[0] == outs[1]
    events = json_lines(outs[0])
    assert events[-1]["type"] == "game_end"
    assert any(e["type"] == "answered" and e["counter"] == "blue_offer" for e in events)


def test_run_rounds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "run", STANDOFF, "--rounds", "2", "--json", "--seed", "1")
    assert code == 0
    events = json_lines(out)
    assert max(e["round"] for e in events) == 2
    assert events[-1]["type"] == "game_end"
    assert events[-1]["round"] == 2
    started = [e["round"] for e in events if e["type"] == "round_started"]
    assert started == [1, 2]


def test_run_seats_and_bots(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "run", STANDOFF, "--json", "--seat", "red=greedy", "--seat", "blue=random")
    assert code == 0
    assert json_lines(out)[-1]["type"] == "game_end"
    code, _, _ = cli(capsys, "run", STANDOFF, "--json", "--bots", "greedy")
    assert code == 0


def test_a_seat_is_named_by_its_id_or_its_short_name_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    by_id = cli(capsys, "run", STANDOFF, "--json", "--seed", "4", "--seat", "red=greedy", "--seat", "blue=passive")
    by_short = cli(capsys, "run", STANDOFF, "--json", "--seed", "4", "--seat", "R=Greedy", "--seat", "b=passive")
    assert by_short == by_id and by_id[0] == 0
    assert by_id != cli(capsys, "run", STANDOFF, "--json", "--seed", "4")  # the seats did change the game


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Any]:
    """The sessions ``negsim play`` would open (the app is not run)."""
    from negsim.tui.app import NegsimApp

    monkeypatch.setenv("NEGSIM_HOME", str(tmp_path))
    sessions: list[Any] = []
    monkeypatch.setattr(NegsimApp, "run", lambda app, *_, **__: sessions.append(app.initial))
    return sessions


@pytest.mark.parametrize("name", ["RU", "ru", "russia", "Russia"])
def test_play_takes_a_seat_by_id_or_short_name(
    capsys: pytest.CaptureFixture[str], started: list[Any], name: str
) -> None:
    dec2021 = Path(__file__).resolve().parents[1] / "scenarios" / "dec2021.yaml"
    code, _, err = cli(capsys, "play", dec2021, "--seat", f"{name}=human", "--seat", "US=passive", "--seed", "3")
    assert (code, err) == (0, "")
    [session] = started
    assert session.seats == {
        "russia": "human",
        "usa": "passive",
        "poland": "heuristic",
        "germany": "heuristic",
        "nato": "heuristic",
    }


def test_play_with_an_unknown_seat_lists_the_valid_names(
    capsys: pytest.CaptureFixture[str], started: list[Any]
) -> None:
    dec2021 = Path(__file__).resolve().parents[1] / "scenarios" / "dec2021.yaml"
    code, out, err = cli(capsys, "play", dec2021, "--seat", "UA=human")
    assert code == 2 and out == "" and started == []
    assert "'UA=human': expected ACTOR=BOT with ACTOR one of russia (RU), usa (US), poland (PL)" in err
    assert "nato (NATO) (any case) and BOT human or a bot" in err


def test_run_readable_log(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "run", STANDOFF, "--seed", "2", "--rounds", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Standoff (test scenario) · seed 2"
    assert any(line.startswith("Ending: ") for line in lines)
    assert any(line.startswith("Winners: ") for line in lines)
    assert any(line.startswith("Scores: ") for line in lines)
    assert any(line.startswith("Meters: ") for line in lines)
    assert err == ""


def test_run_warns_of_unused_script_moves(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    script = tmp_path / "long.yaml"
    script.write_text(SCRIPT + "- {actor: green, pass: true}\n" * 3, encoding="utf-8")
    code, _, err = cli(capsys, "run", STANDOFF, "--rounds", "1", "--script", script)
    assert code == 0
    assert f"note: 3 scripted move(s) were not used; the first is at {script}:6" in err


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("anchor.yaml", ":4:8: title: anchors (&t) are not allowed"),
        ("tag.yaml", ":4:8: title: tags ("),
        ("many_problems.yaml", ":31:39: endings[0].when: unknown ending 'wr'"),
    ],
)
def test_run_bad_scenario_exits_2(capsys: pytest.CaptureFixture[str], name: str, part: str) -> None:
    code, out, err = cli(capsys, "run", BAD / name, "--json")
    assert code == 2
    assert out == ""
    assert f"{BAD / name}{part}" in err
    assert "Traceback" not in err


def test_run_missing_file_in_a_subprocess(tmp_path: Path) -> None:
    r = negsim("run", tmp_path / "nope.yaml", "--json")
    assert r.returncode == 2
    assert r.stdout == ""
    assert f"{tmp_path / 'nope.yaml'}:1:1: cannot read: No such file or directory" in r.stderr
    assert "Traceback" not in r.stderr


def test_run_bad_seat_in_a_subprocess() -> None:
    r = negsim("run", STANDOFF, "--seat", "bogus=x")
    assert r.returncode == 2
    assert "Invalid value for --seat" in r.stderr
    assert "Traceback" not in r.stdout + r.stderr


# ------------------------------------------------------------------ internal errors


def test_internal_error_exits_1_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import negsim.scenario.load

    def boom(path: object, *, warnings: bool = True) -> None:
        raise RuntimeError("boom")

    monkeypatch.delenv("NEGSIM_DEBUG", raising=False)
    monkeypatch.setattr(negsim.scenario.load, "check", boom)
    code, out, err = cli(capsys, "validate", CLEAN)
    assert code == 1
    assert "negsim: internal error: RuntimeError: boom" in err
    assert "This is a bug in negsim" in err
    assert "Traceback" not in out + err


def test_internal_error_traceback_only_with_debug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import negsim.scenario.load

    def boom(path: object, *, warnings: bool = True) -> None:
        raise RuntimeError("boom")

    monkeypatch.setenv("NEGSIM_DEBUG", "1")
    monkeypatch.setattr(negsim.scenario.load, "check", boom)
    code, _, err = cli(capsys, "validate", STANDOFF)
    assert code == 1
    assert "Traceback" in err


@pytest.mark.parametrize(
    "args",
    [
        ["run", str(STANDOFF), "--seed", "1", "--json"],
        ["run", str(STANDOFF), "--seed", "1"],
        ["simulate", str(STANDOFF), "--games", "50"],
        ["schema"],
    ],
)
def test_a_reader_that_stops_early_is_not_an_error(args: list[str]) -> None:
    """``negsim ... | head -0``: the command runs to its end quietly with its own status, 0 here (not 1)."""
    with subprocess.Popen(
        [sys.executable, "-c", "from negsim.cli.main import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as p:
        assert p.stdout is not None and p.stderr is not None
        p.stdout.close()  # before the command (still importing) writes its first line
        err = p.stderr.read()
        assert p.wait(timeout=60) == 0
    assert err == ""


def test_run_cut_short_by_rounds_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "run", STANDOFF, "--seed", "1", "--rounds", "1", "--json")
    assert code == 0
    end = json_lines(out)[-1]
    assert end["type"] == "game_end"
    assert end["cut_short"] == {"rounds": 1, "of": 6}
    _, text, _ = cli(capsys, "run", STANDOFF, "--seed", "1", "--rounds", "1")
    assert text.rstrip().endswith("Cut short by --rounds after round 1 of 6.")
    _, whole, _ = cli(capsys, "run", STANDOFF, "--seed", "1", "--rounds", "6", "--json")
    assert "cut_short" not in json_lines(whole)[-1]


def test_a_reader_that_stops_early_does_not_hide_an_invalid_scenario(tmp_path: Path) -> None:
    """``negsim validate bad.yaml | head -0`` still exits 2, so a CI step cannot pass by accident."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("negsim: 1\nid: x\n", encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, "-c", "from negsim.cli.main import main; main()", "validate", str(bad)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as p:
        assert p.stdout is not None and p.stderr is not None
        p.stdout.close()
        p.stderr.read()
        assert p.wait(timeout=60) == 2


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_full_disk_is_not_called_a_bug() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        r = subprocess.run(
            [sys.executable, "-c", "from negsim.cli.main import main; main()", "run", str(STANDOFF), "--seed", "1"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert r.returncode == 1
    assert r.stderr == "negsim: cannot go on: No space left on device\n"


# ------------------------------------------------------------ negsim serve and join (issue #13)

DEC2021 = ROOT / "scenarios" / "dec2021.yaml"


def test_only_loopback_without_behind_proxy(capsys: pytest.CaptureFixture[str]) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
    code, _, err = cli(capsys, "serve", DEC2021, "--host", "0.0.0.0")
    assert code == 2 and "--behind-proxy" in err and "Traceback" not in err


def test_bad_input_is_one_message_and_status_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = cli(capsys, "serve", DEC2021, "--seat", "narnia=human")
    assert code == 2 and "narnia=human" in err
    code, _, err = cli(capsys, "serve", "--resume", "--save", tmp_path / "none.json")
    assert code == 2 and "Traceback" not in err
    code, _, err = cli(capsys, "join", "http://example.org", "--token", "x")
    assert code == 2 and "ws://" in err
    code, _, err = cli(capsys, "join", "ws://127.0.0.1:9", "--token", "x", "--json")
    assert code == 2 and "cannot join" in err and "Traceback" not in err


def test_serve_never_replaces_an_unfinished_served_game_unasked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from negsim.net.host import Host
    from negsim.scenario.load import load
    from negsim.session import Session

    save = tmp_path / "seminar.json"
    rules = load(DEC2021)
    Host.start(Session.new(rules, 1, {"usa": "human"}, DEC2021.read_text(encoding="utf-8")), save)
    before = save.read_bytes()
    code, _, err = cli(capsys, "serve", DEC2021, "--save", save, "--port", "0")
    assert code == 2 and "--resume" in err and "--replace" in err
    assert save.read_bytes() == before
