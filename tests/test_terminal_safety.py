"""Nothing taken from a file reaches the terminal as a raw control sequence (issue #11, item 4).

Scenarios and scripts refuse such characters (tests/test_loader_errors.py); everything else that
is shown escapes them visibly: messages (``Issue``), the CLI's errors, JSON output.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from negsim.cli.main import main
from negsim.errors import Issue
from negsim.jsonio import dumps
from negsim.printable import UNSAFE, escape, escape_json, kind_of
from negsim.savefile import format_save


def forbidden(code: int) -> bool:
    """The issue's list, written out independently of ``UNSAFE``."""
    return (
        (code < 0x20 and code not in (0x09, 0x0A, 0x0D))
        or 0x7F <= code <= 0x9F
        or 0xFDD0 <= code <= 0xFDEF
        or (code & 0xFFFE) == 0xFFFE
        or 0x202A <= code <= 0x202E
        or 0x2066 <= code <= 0x2069
    )


def test_unsafe_is_exactly_the_controls_noncharacters_and_bidi_overrides() -> None:
    wrong = [
        hex(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and bool(UNSAFE.match(chr(c))) != forbidden(c)
    ]
    assert wrong == []


def test_each_kind_is_named() -> None:
    assert kind_of("\x1b") == "control character U+001B"
    assert kind_of("\x9b") == "control character U+009B"
    assert kind_of("\u202e") == "bidirectional override U+202E"
    assert kind_of("\U0010ffff") == "noncharacter U+10FFFF"
    assert kind_of("\ud800") == "lone surrogate U+D800"
    assert unicodedata.category("\ufdd0") == "Cn"


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_escaped_text_has_nothing_a_terminal_would_act_on(text: str) -> None:
    shown = escape(text)
    assert UNSAFE.search(shown) is None
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in shown)
    shown.encode("utf-8")  # what a terminal can be sent
    assert escape(shown) == shown  # escaping twice changes nothing more


@given(st.recursive(st.text() | st.integers(), lambda xs: st.lists(xs) | st.dictionaries(st.text(), xs), max_leaves=8))
def test_json_output_escapes_them_and_means_the_same(value: object) -> None:
    text = dumps(value)
    assert UNSAFE.search(text) is None
    assert json.loads(text) == value


def test_escape_examples() -> None:
    assert escape("title\x1b]0;pwned\x07 \u202eevil") == "title\\x1b]0;pwned\\x07 \\u202eevil"
    assert escape("tab\tnew\nline é “ok”") == "tab\tnew\nline é “ok”"
    assert escape_json('"\\u001b"') == '"\\u001b"'


def test_an_issue_escapes_its_file_name_path_and_message() -> None:
    issue = Issue(file="x\x1b[2J.json", line=1, column=1, path="a", message="bad \u202e value")
    assert str(issue) == "x\\x1b[2J.json:1:1: a: bad \\u202e value"


def test_a_save_with_escape_sequences_in_its_actions_is_refused_without_writing_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    data = json.loads((ROOT / "tests" / "fixtures" / "saves" / "good.json").read_text(encoding="utf-8"))
    data["actions"][0] = {"type": "pass", "actor": "\x1b[2J\x1b]0;pwned\x07red\u202e"}
    bad = tmp_path / "bad.json"
    bad.write_text(format_save(data), encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["play", "--load", str(bad)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert UNSAFE.search(err) is None
    assert "\\x1b[2J" in err
