"""Saves survive hostile and broken files (issue #11): every bad save is refused with a located
message naming the value, tampered rules never load without the player being told, and a replay
that does not reproduce the recorded event log is refused at the first action where it diverges.

tests/fixtures/saves/ holds small saves (of tests/scenarios/standoff.yaml) broken in one way each;
the inputs too big to keep (a 100,000-deep save, 9 MiB of text, a device, a FIFO) are made here.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import ROOT, TEST_SCENARIOS
from negsim import load
from negsim.cli.main import main
from negsim.errors import SaveFileError
from negsim.savefile import MAX_BYTES, MAX_DEPTH, MAX_VALUES, format_save, parse_save, read_save
from negsim.saverules import MODIFIED, UNVERIFIED, Verdict
from negsim.session import Session, open_save

SAVES = ROOT / "tests" / "fixtures" / "saves"
STANDOFF = TEST_SCENARIOS / "standoff.yaml"

FIXTURES: dict[str, tuple[int, int, str]] = {
    # name: (line, column, the message after "file:line:col: ")
    "version_true.json": (3, 13, "version: save format version true; this negsim reads versions 1, 2"),
    "version_float.json": (3, 13, "version: save format version 1.0; this negsim reads versions 1, 2"),
    "seed_5000_digits.json": (
        6,
        10,
        "not a negsim save: a whole number of 5000 digits is too long; the limit is 20",
    ),
    "seed_nan.json": (6, 10, "not a negsim save: NaN is not a number a save can hold"),
    "duplicate_version.json": (4, 2, "not a negsim save: duplicate key 'version'"),
    "surrogate_in_scenario.json": (5, 208, "not a negsim save: a lone surrogate (\\ud800-\\udfff) is not text"),
    "swapped_action.json": (
        14,
        3,
        "actions[2]: action 3 of 7 (green plays green_mediate) does not give the events this save recorded:"
        " the save was altered, or written by a negsim whose rules engine differs",
    ),
    "digest_missing.json": (20, 13, "digests: 6 digests for 7 actions"),
}


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``$NEGSIM_HOME`` in a temporary folder, and the repository as the working directory (saves
    record the scenario's path relative to it).
    """
    monkeypatch.setenv("NEGSIM_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(ROOT)
    return tmp_path / "home"


def refusal(path: Path | str) -> str:
    """The one-line message a save is refused with."""
    with pytest.raises(SaveFileError) as info:
        Session.load(path)
    assert len(info.value.issues) == 1
    return str(info.value.issues[0])


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_each_broken_save_is_refused_with_its_located_message(name: str) -> None:
    line, col, message = FIXTURES[name]
    assert refusal(SAVES / name) == f"{SAVES / name}:{line}:{col}: {message}"


def test_every_fixture_is_in_the_table() -> None:
    assert sorted(p.name for p in SAVES.glob("*.json")) == sorted(
        [*FIXTURES, "good.json", "doctored_rules.json", "doctored_rules_no_reference.json"]
    )


def test_the_good_fixture_loads_by_verified_rules() -> None:
    loaded = open_save(SAVES / "good.json")
    assert loaded.check.verdict is Verdict.SAME
    assert loaded.session.rules_note == ""
    assert len(loaded.session.actions) == 7


# ------------------------------------------------------------------ files of every kind


def test_a_device_is_refused_at_once() -> None:
    assert (
        refusal("/dev/zero") == "/dev/zero:1:1: is a device, not a file: give a regular file, or - for standard input"
    )


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "game.json"
    os.mkfifo(fifo)
    assert refusal(fifo).endswith(
        ":1:1: is a named pipe (FIFO), not a file: give a regular file, or - for standard input"
    )


def test_a_folder_a_dangling_symlink_and_a_symlink_loop_are_refused(tmp_path: Path) -> None:
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    assert refusal(tmp_path).endswith(":1:1: is a folder, not a file: give a regular file, or - for standard input")
    assert refusal(tmp_path / "dangling.json").endswith(":1:1: cannot read: No such file or directory")
    assert refusal(tmp_path / "a.json").endswith(":1:1: cannot read: Too many levels of symbolic links")


def test_a_huge_save_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_BYTES + 1))
    assert refusal(big).endswith(f":1:1: file is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,} (8 MiB)")


def test_a_save_nested_100000_deep_is_refused_at_the_first_level_too_deep(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    head = '{"format": "negsim-save", "x": '
    deep.write_text(head + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    # The top object is level 1: the 64th '[' opens level 65.
    column = len(head) + MAX_DEPTH
    assert refusal(deep) == f"{deep}:1:{column}: not a negsim save: nesting deeper than {MAX_DEPTH} levels"


def test_a_save_of_too_many_values_is_refused_before_they_are_built(tmp_path: Path) -> None:
    many = tmp_path / "many.json"
    many.write_text("[" + "{}," * MAX_VALUES + "{}]", encoding="utf-8")
    assert refusal(many) == f"{many}:1:1: not a negsim save: more than {MAX_VALUES:,} values"


def test_a_save_that_is_not_utf8_points_at_the_byte(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.json"
    bad.write_bytes('{"format": "negsim-save",\n "note": "caf\xe9"}'.encode("latin-1"))
    assert refusal(bad) == f"{bad}:2:14: not a negsim save: not UTF-8: byte 0xe9 cannot be decoded"


# ------------------------------------------------------------------ the fields


def standoff_save() -> dict[str, object]:
    data = json.loads((SAVES / "good.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"version": "2"}, "version", 'save format version "2"'),
        ({"version": 3}, "version", "save format version 3"),
        ({"seed": True}, "seed", "the save has no seed"),
        ({"seed": 1.5}, "seed", "the save has no seed"),
        ({"seats": ["red"]}, "seats", "the save's seats are not a mapping"),
        ({"actions": {}}, "actions", "the save has no action list"),
        ({"digests": None}, "digests", "the save has no list of per-action digests"),
        ({"events": {}}, "events", "the save has no digest of its event log"),
        (
            {"events": {"opening": "0" * 16, "final": "0" * 64}},
            "events",
            "the game's opening does not give the events this save recorded",
        ),
        (
            {"events": {"opening": "86a04f8d845d8b95", "final": "0" * 64}},
            "events.final",
            "the event log does not give the digest this save recorded",
        ),
        ({"seats": {"red": "wizard"}}, "seats", "seat red: unknown bot 'wizard'"),
    ],
)
def test_a_bad_field_is_refused_naming_its_path(
    tmp_path: Path, change: dict[str, object], path: str, message: str
) -> None:
    data = standoff_save()
    data.update(change)
    f = tmp_path / "bad.json"
    f.write_text(format_save(data), encoding="utf-8")
    text = refusal(f)
    assert text.startswith(f"{f}:")
    assert f": {path}: " in text
    assert message in text


def test_an_unreadable_action_is_named_by_its_index(tmp_path: Path) -> None:
    data = standoff_save()
    actions = data["actions"]
    assert isinstance(actions, list)
    actions[4] = {"type": "teleport", "actor": "red"}
    f = tmp_path / "bad.json"
    f.write_text(format_save(data), encoding="utf-8")
    line = format_save(data).splitlines().index('  {"type": "teleport", "actor": "red"},') + 1
    assert refusal(f) == f"{f}:{line}:3: actions[4]: action 5 of 7 cannot be read: unknown action type 'teleport'"


def test_a_version_1_save_has_no_digest_and_still_loads() -> None:
    session = Session.load(ROOT / "tests" / "fixtures" / "war_seed11.json")
    assert session.is_over


# ------------------------------------------------------------------ whose rules


def test_a_doctored_scenario_copy_with_its_hash_recomputed_is_told_apart_from_the_file() -> None:
    # Red's win_at was edited to -1000 and the hash recomputed: the copy is consistent, but it is
    # not the scenario at the path the save records.
    loaded = open_save(SAVES / "doctored_rules.json")
    assert loaded.check.verdict is Verdict.DIFFERS
    assert loaded.check.reference == "tests/scenarios/standoff.yaml"
    assert loaded.session.rules_note == MODIFIED
    assert loaded.session.rules.actors[0].win_at == -1000
    honest = loaded.by_reference()
    assert honest.rules_note == ""
    assert honest.rules.actors[0].win_at == 2
    assert honest.actions == loaded.session.actions


def test_a_copy_with_nothing_to_compare_with_is_not_verified() -> None:
    loaded = open_save(SAVES / "doctored_rules_no_reference.json")
    assert loaded.check.verdict is Verdict.NONE
    assert loaded.session.rules_note == UNVERIFIED


def test_the_bundled_scenario_of_the_same_id_is_a_reference(tmp_path: Path) -> None:
    dec2021 = ROOT / "scenarios" / "dec2021.yaml"
    s = Session.new(load(dec2021), 3, {}, dec2021.read_text(encoding="utf-8"), "moved/away/dec2021.yaml")
    s.save(tmp_path / "g.json")
    loaded = open_save(tmp_path / "g.json")
    assert loaded.check.verdict is Verdict.SAME
    assert Path(loaded.check.reference).resolve() == dec2021.resolve()


def test_the_scenario_given_with_load_is_compared_first(tmp_path: Path) -> None:
    copy = tmp_path / "standoff.yaml"
    copy.write_text(STANDOFF.read_text(encoding="utf-8").replace("Avoid war", "Avoid a war"), encoding="utf-8")
    loaded = open_save(SAVES / "good.json", copy)
    assert loaded.check.verdict is Verdict.DIFFERS
    assert loaded.check.reference == str(copy)


# ------------------------------------------------------------------ through the command line


def run(*args: str | Path) -> tuple[int, str]:
    """Exit status of ``negsim ARGS`` run in this process (the output stays in capsys)."""
    with pytest.raises(SystemExit) as info:
        main([str(a) for a in args])
    code = info.value.code
    assert isinstance(code, int)
    return code, ""


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_play_load_of_a_broken_save_exits_2_with_the_message(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("play", "--load", SAVES / name)
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"{SAVES / name}:{FIXTURES[name][0]}:{FIXTURES[name][1]}: {FIXTURES[name][2]}\n"


GOOD = str(SAVES / "good.json")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--load", GOOD, "--seat", "red=human"], "--seat cannot be given with --load"),
        (["--load", GOOD, "--seed", "3"], "--seed cannot be given with --load"),
        (["--load", GOOD, "--seat", "red=human", "--seed", "3"], "--seat and --seed cannot be given with --load"),
        ([str(ROOT / "scenarios" / "dec2021.yaml"), "--load", GOOD], "is not the scenario of"),
    ],
)
def test_load_with_options_it_would_ignore_is_a_usage_error(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run("play", *args)
    assert code == 2
    assert message in capsys.readouterr().err


def test_parse_save_checks_bytes_as_read_save_checks_a_file() -> None:
    raw = (SAVES / "good.json").read_bytes()
    assert parse_save(raw, "x.json").actions == read_save(SAVES / "good.json").actions
    assert parse_save(raw, "x.json").file == "x.json"
