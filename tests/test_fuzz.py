"""The fuzz suite (issue #11): hostile and broken input through every entry point, never a crash.

- mutations of every shipped scenario: a report whose every issue is located in the file, or
  rules that play;
- random expressions: compiled, or refused at a character of the text;
- random move scripts and mutated saves: played, or refused with a located message; a save
  that loads replays exactly the actions it was written with;
- files of every kind (FIFO, device, dangling symlink, symlink loop, folder, huge, deep, empty,
  not UTF-8) through every command that reads a file: exit status 2 and a one-line message.

Each example is small; how many run is ``NEGSIM_FUZZ_EXAMPLES`` (default 40; CI derandomizes them
through hypothesis's ``ci`` profile). Run it heavier locally, e.g.
``NEGSIM_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/test_fuzz.py``. A failure found becomes a
fixture with its expected message (tests/fixtures/saves/, tests/fixtures/bad/, tests/test_expr.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SCENARIOS, TEST_SCENARIOS
from negsim.cli.main import main
from negsim.core.engine import legal_actions, new_game, step
from negsim.core.rules import Rules
from negsim.errors import Issue, SaveFileError
from negsim.printable import UNSAFE
from negsim.savefile import format_save, parse_save
from negsim.scenario.expr import ExprError, compile_expr
from negsim.scenario.load import check, check_bytes, load
from negsim.session import Session
from test_expr import names_for

EXAMPLES = int(os.environ.get("NEGSIM_FUZZ_EXAMPLES", "40"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SHIPPED = [
    *sorted(SCENARIOS.glob("*.yaml")),
    *sorted(TEST_SCENARIOS.glob("*.yaml")),
    *sorted((ROOT / "docs" / "examples").glob("*.yaml")),
]
IDS = [str(p.relative_to(ROOT)) for p in SHIPPED]
GOOD_SAVE = ROOT / "tests" / "fixtures" / "saves" / "good.json"

JUNK = [
    b"\x00",
    b"\x1b",
    b"\x7f",
    b"\xc2\x85",
    b"\xe2\x80\xae",
    b"\xef\xbf\xbf",
    b"\xff",
    b"\xed\xa0\x80",
    b"\t",
    b"\r",
    b"\n",
]
YAML_BITS = [
    b"&a ",
    b"*a",
    b"!!python/object ",
    b"? ",
    b": ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b'"',
    b"'",
    b"\\e",
    b"#",
    b"|",
    b">",
]
VALUES = [
    b"no",
    b"010",
    b"1:30",
    b"1e3",
    b"0x1F",
    b"2021-12-13",
    b"99999999999999999999999",
    b"-1",
    b"~",
    b"true",
    b"1.5",
]


def mutated(data: st.DataObject, raw: bytes, extra: list[bytes]) -> bytes:
    """``raw`` mutated a few times: spans deleted, duplicated or moved, bytes and tokens inserted, cut short."""
    out = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        n = len(out)
        i = data.draw(st.integers(0, n), label="at")
        j = data.draw(st.integers(i, min(n, i + 200)), label="to")
        kind = data.draw(st.sampled_from(["delete", "duplicate", "insert", "token", "cut", "swap"]), label="kind")
        if kind == "delete":
            del out[i:j]
        elif kind == "duplicate":
            out[i:i] = out[i:j]
        elif kind == "insert":
            out[i:i] = data.draw(st.binary(max_size=8), label="bytes")
        elif kind == "token":
            out[i:j] = data.draw(st.sampled_from(JUNK + extra), label="token")
        elif kind == "cut":
            del out[i:]
        else:
            k = data.draw(st.integers(0, n), label="elsewhere")
            piece = bytes(out[i:j])
            del out[i:j]
            out[min(k, len(out)) : min(k, len(out))] = piece
    return bytes(out)


def assert_located(issues: Sequence[Issue], lines: int) -> None:
    """Every issue names a line of the file (or just past its last), a column, and a message that is safe to print."""
    for issue in issues:
        text = str(issue)
        assert UNSAFE.search(text) is None, text
        line, column = issue.line, issue.column
        assert 1 <= line <= lines + 1 and column >= 1, text
        assert issue.message, text


def short_game(rules: Rules, seed: int) -> None:
    """A few hundred actions of a game: the rules that loaded also play."""
    state = new_game(rules, seed)
    for _ in range(300):
        acts = legal_actions(state)
        if not acts:
            break
        state, _ = step(state, acts[seed % len(acts)])


# ------------------------------------------------------------------ scenarios


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
@fuzz
@given(data=st.data())
def test_a_mutated_scenario_is_reported_located_or_plays(path: Path, data: st.DataObject) -> None:
    raw = mutated(data, path.read_bytes(), YAML_BITS + VALUES)
    report = check_bytes(raw, "mutant.yaml", path.parent)
    assert_located(report.issues, raw.count(b"\n") + 1)
    if report.rules is not None:
        short_game(report.rules, data.draw(st.integers(0, 2**64 - 1), label="seed"))
    else:
        assert report.errors


# ------------------------------------------------------------------ expressions

STANDOFF_RULES = load(TEST_SCENARIOS / "standoff.yaml")
NAMES = [
    "pressure", "unity", "talks_open", "red", "self", "target", "resolve", "round", "rounds", "true", "false",
    "played", "accepted", "ended", "war", "min", "max", "abs", "red_demand", "and", "or", "not", "if", "else",
    "True", "None", "lambda", "in", "is",
]  # fmt: skip
SYMBOLS = [*"0123456789()+-*,.<>=! \t\n#\\'\"/%[]:_xbeＡ\u00a0", "<=", ">=", "==", "!=", "**", "0x10", "1_000"]


@fuzz
@given(parts=st.lists(st.sampled_from(NAMES + SYMBOLS), max_size=30), want=st.sampled_from(["int", "bool"]))
def test_a_random_expression_compiles_or_is_refused_at_a_character(parts: list[str], want: str) -> None:
    text = " ".join(parts) if len(parts) % 2 else "".join(parts)
    try:
        cond = compile_expr(text, names_for(STANDOFF_RULES), want, frozenset({"self", "target", "proposer"}))  # type: ignore[arg-type]
    except ExprError as e:
        assert 0 <= e.offset <= len(text), (text, e.offset, e.message)
        assert e.message
        return
    value = cond(new_game(STANDOFF_RULES, 1), (0, 1, 0))
    assert isinstance(value, bool if want == "bool" else int)


# ------------------------------------------------------------------ scripts

SCRIPT_KEYS = ["actor", "card", "forum", "target", "response", "counter", "pass", "note", "bogus"]
SCRIPT_VALUES = [
    "red", "blue", "green", "grey", "red_demand", "red_mass", "green_mediate", "direct", "council", "press",
    "accept", "reject", "counter", "silence", True, False, 3, None, "", "\x1b[2J", [1], {"a": 1},
]  # fmt: skip


def quiet_main(args: list[str]) -> tuple[int, str, str]:
    """Exit status, standard output and error output of ``negsim ARGS`` in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as info:
        main(args)
    code = info.value.code
    assert isinstance(code, int)
    return code, out.getvalue(), err.getvalue()


@fuzz
@given(
    moves=st.lists(
        st.dictionaries(st.sampled_from(SCRIPT_KEYS), st.sampled_from(SCRIPT_VALUES), max_size=5), max_size=12
    ),
    as_json=st.booleans(),
)
def test_a_random_script_plays_or_is_refused_located(
    tmp_path_factory: pytest.TempPathFactory, moves: list[dict[str, object]], as_json: bool
) -> None:
    folder = tmp_path_factory.mktemp("script")
    script = folder / ("moves.json" if as_json else "moves.yaml")
    text = json.dumps(moves) if as_json else "".join("- " + json.dumps(m) + "\n" for m in moves)
    script.write_text(text, encoding="utf-8")
    code, out, err = quiet_main(["run", str(TEST_SCENARIOS / "standoff.yaml"), "--seed", "1", "--script", str(script)])
    assert code in (0, 2), err
    assert UNSAFE.search(out + err) is None
    if code == 2:
        assert err and all(line.startswith(f"{script}:") for line in err.splitlines()), err


# ------------------------------------------------------------------ saves

SAVE_TEXT = GOOD_SAVE.read_text(encoding="utf-8")
SAVE_DATA = json.loads(SAVE_TEXT)
SAVE_BITS = [
    b'"',
    b",",
    b"[",
    b"]",
    b"{",
    b"}",
    b"NaN",
    b"1e400",
    b"-0",
    b"\\ud800",
    b"\\u001b",
    b"true",
    b"null",
    b"9" * 30,
]


JSON_VALUES: st.SearchStrategy[object] = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.sampled_from(["red", "pass", "answer"])),
    lambda xs: st.one_of(st.lists(xs, max_size=3), st.dictionaries(st.sampled_from(["type", "actor", "card"]), xs)),
    max_leaves=6,
)
"""Small JSON values, some shaped like actions."""


def structural(data: st.DataObject) -> bytes:
    """The good save with one of its values replaced, or its actions reordered or cut."""
    d = json.loads(SAVE_TEXT)
    kind = data.draw(st.sampled_from(["value", "action", "swap", "drop", "key"]), label="kind")
    actions = d["actions"]
    if kind == "value":
        key = data.draw(st.sampled_from(sorted(d)), label="key")
        d[key] = data.draw(JSON_VALUES, label="value")
    elif kind == "action":
        actions[data.draw(st.integers(0, len(actions) - 1))] = data.draw(JSON_VALUES, label="action")
    elif kind == "swap":
        i, j = data.draw(st.integers(0, len(actions) - 1)), data.draw(st.integers(0, len(actions) - 1))
        actions[i], actions[j] = actions[j], actions[i]
    elif kind == "drop":
        del actions[data.draw(st.integers(0, len(actions) - 1))]
    else:
        del d[data.draw(st.sampled_from(sorted(d)), label="dropped")]
    return format_save(d).encode("utf-8")


@fuzz
@given(data=st.data())
def test_a_mutated_save_is_refused_located_or_replays_exactly_what_it_recorded(data: st.DataObject) -> None:
    raw = (
        structural(data)
        if data.draw(st.booleans(), label="structural")
        else mutated(data, SAVE_TEXT.encode(), SAVE_BITS)
    )
    try:
        session = Session.from_save(parse_save(raw, "mutant.json"))
    except SaveFileError as e:
        assert_located(e.issues, raw.count(b"\n") + 1)
        return
    # A save that loads is the game it recorded: every action as written (the digests saw to it).
    assert [json.dumps(x, sort_keys=True) for x in session.to_save()["actions"]] == [
        json.dumps(x, sort_keys=True) for x in SAVE_DATA["actions"]
    ]


# ------------------------------------------------------------------ files of every kind

KINDS: dict[str, Callable[[Path], Path]] = {}


def kind(name: str) -> Callable[[Callable[[Path], Path]], Callable[[Path], Path]]:
    def register(make: Callable[[Path], Path]) -> Callable[[Path], Path]:
        KINDS[name] = make
        return make

    return register


@kind("fifo")
def _fifo(d: Path) -> Path:
    os.mkfifo(d / "f.yaml")
    return d / "f.yaml"


@kind("device")
def _device(d: Path) -> Path:
    return Path("/dev/zero")


@kind("dangling")
def _dangling(d: Path) -> Path:
    (d / "f.yaml").symlink_to(d / "nowhere.yaml")
    return d / "f.yaml"


@kind("loop")
def _loop(d: Path) -> Path:
    (d / "f.yaml").symlink_to(d / "f.yaml")
    return d / "f.yaml"


@kind("folder")
def _folder(d: Path) -> Path:
    (d / "f.yaml").mkdir()
    return d / "f.yaml"


@kind("huge")
def _huge(d: Path) -> Path:
    (d / "f.yaml").write_bytes(b"#" * (9 * 1024 * 1024))
    return d / "f.yaml"


@kind("deep")
def _deep(d: Path) -> Path:
    (d / "f.yaml").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return d / "f.yaml"


@kind("empty")
def _empty(d: Path) -> Path:
    (d / "f.yaml").write_bytes(b"")
    return d / "f.yaml"


@kind("binary")
def _binary(d: Path) -> Path:
    (d / "f.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    return d / "f.yaml"


STANDOFF = str(TEST_SCENARIOS / "standoff.yaml")
ENTRY_POINTS: dict[str, Callable[[str], list[str]]] = {
    "validate": lambda f: ["validate", f],
    "run": lambda f: ["run", f],
    "run --script": lambda f: ["run", STANDOFF, "--script", f],
    "simulate": lambda f: ["simulate", f, "--games", "2"],
    "play --seat": lambda f: ["play", f, "--seat", "red=human"],
    "play --load": lambda f: ["play", "--load", f],
    "tournament": lambda f: ["tournament", f, "--games", "2"],
}


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("kind_name", sorted(KINDS))
def test_every_kind_of_file_through_every_entry_point_exits_2_with_a_message(
    entry: str, kind_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEGSIM_HOME", str(tmp_path / "home"))
    f = str(KINDS[kind_name](tmp_path))
    args = ENTRY_POINTS[entry](f)
    if kind_name == "fifo":
        # In a process of its own, with a timeout: a read that waited for a writer would hang.
        r = subprocess.run(
            [sys.executable, "-c", "from negsim.cli.main import main; main()", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, "NEGSIM_HOME": str(tmp_path / "home")},
        )
        code, err = r.returncode, r.stderr + r.stdout
    else:
        code, out, errors = quiet_main(args)
        err = out + errors
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err
    assert f"{f}:" in err, err
    assert UNSAFE.search(err) is None


def test_every_kind_is_refused_by_the_scenario_loader_for_what_it_is(tmp_path: Path) -> None:
    found = {}
    for name, make in KINDS.items():
        folder = tmp_path / name
        folder.mkdir()
        (issue,) = check(make(folder)).errors
        found[name] = (issue.line, issue.column, issue.message)
    tail = "not a file: give a regular file, or - for standard input"
    assert found == {
        "fifo": (1, 1, f"is a named pipe (FIFO), {tail}"),
        "device": (1, 1, f"is a device, {tail}"),
        "dangling": (1, 1, "cannot read: No such file or directory"),
        "loop": (1, 1, "cannot read: Too many levels of symbolic links"),
        "folder": (1, 1, f"is a folder, {tail}"),
        "huge": (1, 1, "file is 9,437,184 bytes; the limit is 2,097,152 (2 MiB)"),
        # The top list is level 1: the 65th '[' opens level 65 (libyaml alone would stop at 1,000).
        "deep": (1, 65, "nesting deeper than 64 levels"),
        "empty": (1, 1, "expected a mapping of keys at the top of the file; the file is empty"),
        "binary": (1, 1, "not UTF-8: byte 0x89 cannot be decoded"),
    }
