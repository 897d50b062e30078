"""Save files: their JSON form, read under limits into a checked ``SaveFile``, and written compactly.

A save records the scenario (id, title, path, SHA-256 and a copy of its text), the seed, the
seats, every action, and digests of the event log (``events``: of the opening and of the whole
log; ``digests``: one per action, each chained to the one before), so a replay that does not
reproduce the log is refused at the first action where it diverges.

Reading goes through ``negsim.inputs`` (regular files only, at most ``MAX_BYTES``), then the
JSON is held to a shape no real save exceeds: at most ``MAX_VALUES`` values, nesting at most
``MAX_DEPTH`` deep, integers of at most ``MAX_DIGITS`` digits, no ``NaN``/``Infinity``, no
duplicate keys, no lone surrogates. Every problem is a ``SaveFileError`` naming the file,
the line and column when the JSON gives them, and the path of the value (``actions[17]``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from negsim.core.actions import Action
from negsim.core.events import Event
from negsim.errors import InputError, Issue, SaveFileError
from negsim.inputs import MiB, decode_utf8, display_name, read_input
from negsim.jsonio import action_from_dict, event_dict
from negsim.printable import escape
from negsim.scenario.yamlread import format_path

SAVE_FORMAT = "negsim-save"
"""The ``format`` field of a save file."""
SAVE_VERSION = 2
"""The version of the save format this code writes (version 2 added the event-log digest)."""
READS = (1, 2)
"""Versions this code reads (a version 1 save has no event-log digest to check)."""
MAX_BYTES = 8 * MiB
"""Largest save read: enough for a game at the default action cap (10,000 actions) many times over."""
MAX_ACTIONS = 50_000
"""Most actions a save holds (a longer game cannot be saved: it could not be read back)."""
MAX_VALUES = 500_000
"""Most JSON values (strings, numbers, lists, objects) a save may hold."""
MAX_DEPTH = 64
"""Deepest nesting of JSON lists and objects accepted."""
MAX_DIGITS = 20
"""Longest integer accepted (a 64-bit seed has 20 digits)."""
DIGEST_CHARS = 16
"""Hex characters kept of each action's chained event-log digest."""

Path_ = tuple[str | int, ...]
"""Where a value is in the save: keys and list indices."""

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


# ---------------------------------------------------------------- event-log digests


def opening_digest(events: Iterable[Event]) -> bytes:
    """The digest of a game's opening events: the start of the chain."""
    return chain_digest(b"negsim-event-log", events)


def chain_digest(previous: bytes, events: Iterable[Event]) -> bytes:
    """The digest after one more action's events: SHA-256 of the previous digest and their JSON form."""
    text = json.dumps([event_dict(e) for e in events], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(previous + text.encode("utf-8", "surrogatepass")).digest()


def short(digest: bytes) -> str:
    """The part of a digest a save keeps per action."""
    return digest.hex()[:DIGEST_CHARS]


# ---------------------------------------------------------------- the checked contents


@dataclass(frozen=True, slots=True, kw_only=True)
class SaveFile:
    """A save as read and checked, before its actions are replayed."""

    file: str
    """The file as named in messages."""
    version: int
    """Its format version."""
    scenario_id: str
    """The scenario's id as recorded."""
    scenario_path: str
    """Where the scenario was loaded from when the game started ("" if not recorded)."""
    scenario_text: str
    """The copy of the scenario the save carries."""
    seed: int
    """The game's seed."""
    seats: dict[str, str]
    """Actor id to ``human`` or a bot."""
    actions: list[Action]
    """Every action, in order."""
    whys: list[str | None]
    """Beside each action, the reason the bot that took it gave (``None`` for a person's), any character
    that could act on a terminal escaped (it is shown in the log)."""
    opening: str | None
    """Short digest of the opening's events (``None`` in a version 1 save)."""
    final: str | None
    """Digest of the whole event log (``None`` in a version 1 save)."""
    digests: list[str] | None
    """Short chained digest after each action (``None`` in a version 1 save)."""
    text: str = ""
    """The save's JSON text (to locate problems found while replaying)."""

    def issue(self, path: Path_, message: str) -> Issue:
        """A problem with the value at ``path``, located in the file as well as the JSON allows."""
        line, col = locate(self.text, path) if self.text else (1, 1)
        return Issue(file=self.file, line=line, column=col, path=format_path(path), message=message)

    def error(self, path: Path_, message: str) -> SaveFileError:
        """A ``SaveFileError`` about the value at ``path``."""
        return SaveFileError([self.issue(path, message)])


def read_save(path: str | Path) -> SaveFile:
    """Read and check a save file (nothing is replayed yet); ``SaveFileError`` if it cannot be used."""
    name = display_name(path)
    try:
        raw = read_input(path, MAX_BYTES, name)
    except InputError as e:
        raise SaveFileError(e.issues) from None
    return parse_save(raw, name)


def parse_save(raw: bytes, name: str) -> SaveFile:
    """Check the bytes of a save file (see ``read_save``)."""
    try:
        text = decode_utf8(raw, name)
    except InputError as e:
        raise SaveFileError([_prefixed(i, "not a negsim save: ") for i in e.issues]) from None
    data = _loads(text, name)
    return _check(data, text, name)


def _prefixed(issue: Issue, prefix: str) -> Issue:
    return Issue(file=issue.file, line=issue.line, column=issue.column, message=prefix + issue.message)


# ---------------------------------------------------------------- JSON under limits


class _Refused(Exception):
    """A value the save's JSON may not hold; ``at`` finds it in the text."""

    def __init__(self, message: str, pattern: str = "", key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pattern = pattern
        self.key = key

    def at(self, text: str) -> int | None:
        """Where in ``text`` the refused value is (a duplicate key: its second occurrence as a key)."""
        if self.key is not None:
            seen = 0
            for m in _STRING.finditer(text):
                if json.loads(m.group()) == self.key and text[_skip(text, m.end()) : _skip(text, m.end()) + 1] == ":":
                    seen += 1
                    if seen == 2:
                        return m.start()
            return None
        return _outside_strings(text, self.pattern) if self.pattern else None


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _Refused(
            f"a whole number of {len(digits.lstrip('-'))} digits is too long; the limit is {MAX_DIGITS}",
            rf"-?[0-9]{{{MAX_DIGITS + 1},}}",
        )
    return int(digits)


def _constant(word: str) -> Any:
    raise _Refused(f"{word} is not a number a save can hold", re.escape(word))


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"duplicate key {key!r}", key=key)
        out[key] = value
    return out


def _outside_strings(text: str, pattern: str) -> int | None:
    """Offset of the first match of ``pattern`` that is not inside a JSON string."""
    for m in re.finditer(f"{_STRING.pattern}|(?P<hit>{pattern})", text, re.DOTALL):
        if m.group("hit") is not None:
            return m.start()
    return None


def _deep_offset(text: str) -> int | None:
    """Offset of the first list or object nested deeper than ``MAX_DEPTH``."""
    depth = 0
    for m in _TOKEN.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return m.start()
        elif c in "]}":
            depth -= 1
    return None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


def _whole(name: str, message: str, text: str = "", offset: int | None = None) -> SaveFileError:
    line, col = _line_col(text, offset) if offset is not None else (1, 1)
    return SaveFileError([Issue(file=name, line=line, column=col, message=message)])


def _loads(text: str, name: str) -> Any:
    # Values first, counted without building anything: commas and openers bound them from above.
    if text.count(",") + text.count("[") + text.count("{") > MAX_VALUES:
        bare = _STRING.sub("", text)
        if bare.count(",") + bare.count("[") + bare.count("{") > MAX_VALUES:
            raise _whole(name, f"not a negsim save: more than {MAX_VALUES:,} values")
    try:
        data = json.loads(text, parse_int=_int, parse_constant=_constant, object_pairs_hook=_pairs)
    except json.JSONDecodeError as e:
        raise SaveFileError(
            [Issue(file=name, line=e.lineno, column=e.colno, message=f"not a negsim save: {e.msg}")]
        ) from None
    except RecursionError:
        data = None
    except _Refused as e:
        raise _whole(name, f"not a negsim save: {e.message}", text, e.at(text)) from None
    if data is None or (text.count("[") + text.count("{") > MAX_DEPTH and _deep_offset(text) is not None):
        raise _whole(name, f"not a negsim save: nesting deeper than {MAX_DEPTH} levels", text, _deep_offset(text))
    if _has_surrogate(data):
        m = _LONE_ESCAPE.search(text)
        raise _whole(name, "not a negsim save: a lone surrogate (\\ud800-\\udfff) is not text", text, m and m.start())
    return data


def _has_surrogate(data: Any) -> bool:
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, str):
            if _SURROGATE.search(x):
                return True
        elif isinstance(x, dict):
            stack.extend(x.keys())
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return False


# ---------------------------------------------------------------- locating a value


def locate(text: str, path: Path_) -> tuple[int, int]:
    """Line and column of the value at ``path`` (as deep as it can be followed), else 1:1."""
    decoder = json.JSONDecoder()
    pos = _skip(text, 0)
    for step in path:
        found = _child(decoder, text, pos, step)
        if found is None:
            break
        pos = found
    return _line_col(text, pos)


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _child(decoder: json.JSONDecoder, text: str, pos: int, step: str | int) -> int | None:
    """Offset of the value at ``step`` in the list or object starting at ``pos``."""
    if pos >= len(text) or text[pos] not in "[{":
        return None
    is_object = text[pos] == "{"
    pos = _skip(text, pos + 1)
    index = 0
    try:
        while pos < len(text) and text[pos] not in "]}":
            key: str | int = index
            if is_object:
                key, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
                pos = _skip(text, pos)
                pos = _skip(text, pos + 1)  # the ':'
            if key == step:
                return pos
            _, pos = decoder.raw_decode(text, pos)
            pos = _skip(text, pos)
            if pos < len(text) and text[pos] == ",":
                pos = _skip(text, pos + 1)
            index += 1
    except (ValueError, RecursionError):
        return None
    return None


# ---------------------------------------------------------------- the save's fields


def _check(data: Any, text: str, name: str) -> SaveFile:
    def fail(path: Path_, message: str) -> SaveFileError:
        line, col = locate(text, path)
        return SaveFileError([Issue(file=name, line=line, column=col, path=format_path(path), message=message)])

    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise fail(("format",) if isinstance(data, dict) else (), 'not a negsim save (no "format": "negsim-save")')
    version = data.get("version")
    if type(version) is not int or version not in READS:
        shown = json.dumps(version)
        raise fail(
            ("version",), f"save format version {shown}; this negsim reads versions {', '.join(map(str, READS))}"
        )
    sc = data.get("scenario")
    if not isinstance(sc, dict) or not isinstance(sc.get("text"), str):
        raise fail(("scenario",), "the save has no copy of its scenario")
    scenario_text: str = sc["text"]
    for key in ("id", "path", "sha256"):
        if key in sc and not isinstance(sc[key], str):
            raise fail(("scenario", key), f"expected text, got {json.dumps(sc[key])[:40]}")
    if sc.get("sha256") != hashlib.sha256(scenario_text.encode("utf-8")).hexdigest():
        raise fail(
            ("scenario", "sha256"), "the scenario copy in the save does not match its hash: the file was altered"
        )
    seed = data.get("seed")
    if type(seed) is not int:
        raise fail(("seed",), "the save has no seed (a whole number)")
    seats = data.get("seats")
    if not isinstance(seats, dict) or not all(isinstance(v, str) for v in seats.values()):
        raise fail(("seats",), "the save's seats are not a mapping of actor to human or bot")
    raw_actions = data.get("actions")
    if not isinstance(raw_actions, list):
        raise fail(("actions",), "the save has no action list")
    if len(raw_actions) > MAX_ACTIONS:
        raise fail(("actions",), f"{len(raw_actions):,} actions; a save holds at most {MAX_ACTIONS:,}")
    actions: list[Action] = []
    whys: list[str | None] = []
    for i, d in enumerate(raw_actions):
        try:
            if not isinstance(d, dict):
                raise ValueError("not an action object")
            actions.append(action_from_dict(d))
            why = d.get("why")
            whys.append(escape(why) if isinstance(why, str) else None)
        except ValueError as e:
            raise fail(("actions", i), f"action {i + 1} of {len(raw_actions)} cannot be read: {e}") from None
    opening, final, digests = _digests(data, len(actions), fail) if version >= 2 else (None, None, None)
    return SaveFile(
        file=name,
        version=version,
        scenario_id=sc.get("id") or "",
        scenario_path=sc.get("path") or "",
        scenario_text=scenario_text,
        seed=seed,
        seats=dict(seats),
        actions=actions,
        whys=whys,
        opening=opening,
        final=final,
        digests=digests,
        text=text,
    )


def _digests(data: dict[str, Any], n: int, fail: Any) -> tuple[str, str, list[str]]:
    log, steps = data.get("events"), data.get("digests")
    if not isinstance(log, dict) or not isinstance(log.get("opening"), str) or not isinstance(log.get("final"), str):
        raise fail(("events",), "the save has no digest of its event log")
    if not isinstance(steps, list) or not all(isinstance(x, str) for x in steps):
        raise fail(("digests",), "the save has no list of per-action digests")
    if len(steps) != n:
        raise fail(("digests",), f"{len(steps)} digests for {n} actions")
    return log["opening"], log["final"], steps


# ---------------------------------------------------------------- writing


def format_save(data: Mapping[str, Any]) -> str:
    """The JSON text of a save: one key per line, and one element per line of its lists (the
    actions and their digests): compact, yet readable and diffable.
    """

    def dump(x: Any) -> str:
        return json.dumps(x, ensure_ascii=False)

    lines = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n  ".join(dump(x) for x in value)
            lines.append(f" {dump(key)}: [\n  {items}\n ]")
        else:
            lines.append(f" {dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"
