"""The facilitator's console language: each command's request, and a clear message for a bad line."""

from __future__ import annotations

import pytest

from negsim.net.console import USAGE, parse_command


def test_each_command_becomes_its_request() -> None:
    meter = parse_command("meter resolve.green 5 Green steels itself")
    assert meter["type"] == "override"
    assert meter["action"] == {
        "type": "override",
        "actor": "umpire",
        "kind": "meter",
        "id": "resolve",
        "owner": "green",
        "value": 5,
        "reason": "Green steels itself",
    }
    assert parse_command("flag open_door off the communiqué drops it")["action"]["value"] == 0
    assert parse_command("event ev_leak the memo leaks")["action"]["kind"] == "event"
    assert parse_command("rollback 12 a wrong key") == {"type": "rollback", "before": 12, "reason": "a wrong key"}
    assert parse_command("pause") == {"type": "pause"} and parse_command("RESUME") == {"type": "resume"}
    assert parse_command("timer 90") == {"type": "timer", "seconds": 90.0}
    assert parse_command("seat usa heuristic") == {"type": "seat", "actor": "usa", "to": "heuristic"}


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("", "type a command"),
        ("meter cohesion high why", "not a whole number"),
        ("flag open_door maybe why", "neither on nor off"),
        ("timer soon", "not a number"),
        ("rollback 12", "unknown or incomplete"),
        ("meter cohesion 4", "unknown or incomplete"),
        ("launch", "unknown or incomplete"),
    ],
)
def test_a_bad_line_says_what_is_wrong_and_how_to_write_it(line: str, words: str) -> None:
    with pytest.raises(ValueError) as e:
        parse_command(line)
    assert words in str(e.value)
    assert USAGE in str(e.value) or words != "unknown or incomplete"
