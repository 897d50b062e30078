"""Reading and writing files safely (issue #11): the guarded reader, atomic writes that never replace
what they should not, the state folder's bad entries set aside, and output checked before a run.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from negsim.cli.main import main
from negsim.errors import InputError, OutputError
from negsim.files import STALE_AFTER, check_output, remove_stale_temporaries, write_atomic
from negsim.inputs import decode_utf8, forget_stdin, read_input
from negsim.statefolder import entries, regular_files, set_aside, tidy

# ------------------------------------------------------------------ reading


def message(path: str | Path, limit: int = 100) -> str:
    with pytest.raises(InputError) as info:
        read_input(path, limit)
    (issue,) = info.value.issues
    assert (issue.line, issue.column, issue.path) == (1, 1, "")
    return issue.message


def test_a_regular_file_and_a_symlink_to_one_are_read(tmp_path: Path) -> None:
    f = tmp_path / "f.txt"
    f.write_bytes(b"hello")
    (tmp_path / "link").symlink_to(f)
    assert read_input(f, 5) == b"hello"
    assert read_input(tmp_path / "link", 5) == b"hello"


def test_what_is_not_a_regular_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    tail = "not a file: give a regular file, or - for standard input"
    assert message(tmp_path / "fifo") == f"is a named pipe (FIFO), {tail}"
    assert message("/dev/zero") == f"is a device, {tail}"
    assert message(tmp_path) == f"is a folder, {tail}"
    assert message(tmp_path / "dangling") == "cannot read: No such file or directory"
    assert message(tmp_path / "loop") == "cannot read: Too many levels of symbolic links"


def test_the_limit_is_counted_as_bytes_are_read(tmp_path: Path) -> None:
    f = tmp_path / "f"
    f.write_bytes(b"x" * 101)
    assert message(f) == "file is 101 bytes; the limit is 100 (100 bytes)"
    f.write_bytes(b"x" * 100)
    assert read_input(f, 100) == b"x" * 100


def test_standard_input_is_read_once_and_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    r, w = os.pipe()
    os.write(w, b"negsim: 1\n")
    os.close(w)
    with os.fdopen(r, "rb") as pipe:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(pipe))
        forget_stdin()
        try:
            assert read_input("-", 100) == b"negsim: 1\n"
            assert read_input("-", 100) == b"negsim: 1\n"  # the same bytes again, not an empty second read
            with pytest.raises(InputError) as info:
                read_input("-", 5)
            assert str(info.value) == "<stdin>:1:1: file is 10 bytes; the limit is 5 (5 bytes)"
        finally:
            forget_stdin()


def test_standard_input_feeds_a_batch_run_with_workers(tmp_path: Path) -> None:
    # Read once, checked once, its bytes sent to the workers: `cat x.yaml | negsim simulate - -j 2`.
    scenario = Path(__file__).resolve().parent / "scenarios" / "standoff.yaml"
    argv = [
        sys.executable,
        "-c",
        "from negsim.cli.main import main; main()",
        "simulate",
        "-",
        "--games",
        "4",
        "-j",
        "2",
    ]
    with scenario.open("rb") as stdin:
        r = subprocess.run([*argv, "--json"], stdin=stdin, capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["scenario"] == "standoff"


def test_utf8_is_decoded_and_a_bad_byte_located() -> None:
    assert decode_utf8(b"\xef\xbb\xbfok", "f") == "ok"
    with pytest.raises(InputError) as info:
        decode_utf8(b"a\nb\xed\xa0\x80", "f")  # an encoded surrogate is not UTF-8
    assert str(info.value) == "f:2:2: not UTF-8: byte 0xed cannot be decoded"


# ------------------------------------------------------------------ writing


def test_a_write_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # a replaced file keeps its mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.json", "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644


def test_a_write_refuses_to_replace_a_fifo_or_a_folder(tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    with pytest.raises(OutputError) as info:
        write_atomic(fifo, "x")
    assert str(info.value) == f"refusing to replace {fifo}: it is a named pipe (FIFO), not a regular file"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    (tmp_path / "dir").mkdir()
    with pytest.raises(OutputError):
        write_atomic(tmp_path / "dir", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir", "out.json"]  # no temporary file left


def test_an_output_is_checked_before_any_work(tmp_path: Path) -> None:
    assert check_output(tmp_path / "new.jsonl") == tmp_path / "new.jsonl"
    with pytest.raises(OutputError, match="there is no folder"):
        check_output(tmp_path / "missing" / "games.jsonl")
    with pytest.raises(OutputError, match="it is a device"):
        check_output("/dev/null")


def test_stale_temporaries_of_ours_are_removed_and_nothing_else(tmp_path: Path) -> None:
    old = time.time() - STALE_AFTER - 60
    stale = tmp_path / ".game.json.ab12cd34.tmp"
    fresh = tmp_path / ".game.json.ef56ab78.tmp"
    other = tmp_path / ".notes.tmp"
    for p in (stale, fresh, other):
        p.write_text("x", encoding="utf-8")
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    assert remove_stale_temporaries(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".game.json.ef56ab78.tmp", ".notes.tmp"]
    os.utime(fresh, (old, old))
    assert tidy(tmp_path, tmp_path / "missing") == [fresh]


def test_cli_output_to_a_device_or_a_missing_folder_exits_2_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(tmp_path / "fifo")
    for args in (
        ["schema", "-o", str(tmp_path / "fifo")],
        [
            "simulate",
            "tests/scenarios/standoff.yaml",
            "--games",
            "10000000",
            "--games-out",
            str(tmp_path / "no" / "g.jsonl"),
        ],
    ):
        with pytest.raises(SystemExit) as info:
            main(args)
        assert info.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"refusing to replace {tmp_path / 'fifo'}: it is a named pipe (FIFO), not a regular file",
        f"cannot write {tmp_path / 'no' / 'g.jsonl'}: there is no folder {tmp_path / 'no'}",
    ]
    assert stat.S_ISFIFO((tmp_path / "fifo").lstat().st_mode)


# ------------------------------------------------------------------ the state folder


def test_listings_never_trip_on_bad_entries(tmp_path: Path) -> None:
    good = tmp_path / "a.json"
    good.write_text("{}", encoding="utf-8")
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "dir.json").mkdir()
    assert len(entries(tmp_path, "*.json")) == 5
    assert regular_files(tmp_path, "*.json") == [good]
    assert entries(tmp_path / "missing", "*.json") == []


def test_a_bad_save_is_set_aside_with_a_note_never_deleted(tmp_path: Path) -> None:
    bad = tmp_path / "autosave-x.json"
    bad.symlink_to(bad)  # a symlink loop is renamed as it is
    new = set_aside(bad, "it is a loop")
    assert new is not None and new.name.startswith("autosave-x.json.bad-")
    assert new.is_symlink() and not bad.exists() and not bad.is_symlink()
    note = new.with_name(new.name + ".txt").read_text(encoding="utf-8")
    assert "it is a loop" in note and "Nothing was deleted" in note
    again = tmp_path / "autosave-x.json"
    again.write_text("{", encoding="utf-8")
    second = set_aside(again, "not JSON")
    assert second is not None and second != new  # a second bad file on the same second keeps both
