"""Safe YAML reading with locations, for scenarios, scripts and other user files.

Builds plain Python values (dict, list, str, int, float, bool, None) straight from the
parser's event stream, so nothing in the file is ever constructed or executed, depth is
checked before anything deep is built, and every value keeps its line and column.

Scalars follow YAML 1.2 (the core schema). Plain scalars that YAML 1.1 tools (including
PyYAML) read differently -- ``no``/``on``/``y``, ``010``, ``1:30``, ``1_000``, ``0x1F``,
``1e3``, dates such as ``2021-12-13`` -- are rejected with a located message asking to quote
them or write them plainly. Anchors, aliases, tags, duplicate keys, non-text keys, several
documents, nesting deeper than 64, files over 2 MiB, non-UTF-8 bytes and characters that could
act on a terminal (``negsim.printable.UNSAFE``: controls, noncharacters, bidirectional
overrides), written as such or as a double-quoted escape such as ``"\\e"``, are rejected too.

Most of these problems leave the document meaningful (a YAML 1.1 form is kept as the text
written, the first of duplicate keys is kept, ...): ``parse(..., keep_going=True)`` reports
them in ``Document.issues`` and lets later stages check the rest. Only problems after which
nothing sensible can be read (syntax, nesting, size, encoding, control characters, an alias
of a list or mapping) stop reading.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

import yaml

from negsim.errors import InputError, Issue
from negsim.inputs import decode_utf8, display_name, read_input, too_big
from negsim.printable import UNSAFE, kind_of

MAX_BYTES = 2 * 1024 * 1024
"""Largest file accepted."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted."""
MAX_ISSUES = 200
"""At most this many problems are reported for one file."""
MAX_VALUES = 50_000
"""Most values (scalars, mappings, lists) a document may hold; real scenarios hold a few thousand."""

try:
    from yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]

    _Parser: Any = _CParser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader as _PyReader
    from yaml.scanner import Scanner as _PyScanner

    class _Parser(_PyReader, _PyScanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _PyReader.__init__(self, stream)
            _PyScanner.__init__(self)
            _PyParser.__init__(self)


Path_ = tuple[str | int, ...]
"""Location of a value inside a document: keys and list indices."""


class Mark(NamedTuple):
    """A 1-based line and column."""

    line: int
    """Line."""
    column: int
    """Column."""


class Located(NamedTuple):
    """Where one value of a document is."""

    key: Mark
    """The key that holds it (the value's own mark for list items and the root)."""
    value: Mark
    """The value itself."""
    style: str | None = None
    """For scalars: ``None`` (plain), ``'`` or ``"`` (quoted), ``|`` or ``>`` (block)."""


@dataclass(slots=True)
class Document:
    """A parsed YAML document: its data and where each part of it is."""

    file: str
    """File name for messages."""
    data: Any
    """The plain Python value."""
    where: dict[Path_, Located] = field(default_factory=dict)
    """Location of every value by path."""
    text: str = ""
    """The decoded text."""
    issues: list[Issue] = field(default_factory=list)
    """Problems already found that did not stop reading (see ``parse``'s ``keep_going``)."""
    suspect: set[Path_] = field(default_factory=set)
    """Paths whose value is not what the file meant (reported in ``issues``): later stages say nothing more of them."""
    positions: dict[Path_, tuple[int, ...]] = field(default_factory=dict)
    """For a list that later stages see with some elements left out: where each remaining element is in the file."""

    def original(self, path: Path_) -> Path_:
        """The path in the file of ``path`` as later stages see it (see ``positions``)."""
        for lp, kept in self.positions.items():
            n = len(lp)
            if len(path) > n and path[:n] == lp and isinstance(i := path[n], int) and 0 <= i < len(kept):
                return (*lp, kept[i], *path[n + 1 :])
        return path

    def locate(self, path: Path_, *, key: bool = False) -> Mark:
        """Best mark for a path: the deepest known prefix."""
        p = tuple(path)
        while p not in self.where and p:
            p = p[:-1]
        loc = self.where.get(p)
        if loc is None:
            return Mark(1, 1)
        return loc.key if key and p == tuple(path) else loc.value

    def issue(self, path: Path_, message: str, *, key: bool = False, offset: int | None = None) -> Issue:
        """An issue located at ``path`` (``offset`` characters into a scalar's text, if given)."""
        if self.positions:
            path = self.original(path)
        mark = self.locate(path, key=key)
        col = mark.column
        loc = self.where.get(tuple(path))
        if offset is not None and loc is not None and loc.style in (None, "'", '"'):
            col += offset + (1 if loc.style else 0)
        return Issue(file=self.file, line=mark.line, column=col, path=format_path(path), message=message)


def format_path(path: Path_) -> str:
    """``('cards', 3, 'effects')`` -> ``cards[3].effects``."""
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += f".{p}" if out else str(p)
    return out


_BOOL11 = frozenset(["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"])
_NULL = frozenset(["", "~", "null", "Null", "NULL"])
_TRUE = frozenset(["true", "True", "TRUE"])
_FALSE = frozenset(["false", "False", "FALSE"])
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf")}
_NAN = frozenset([".nan", ".NaN", ".NAN"])
_OCTAL = re.compile(r"[-+]?0[0-9]+")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_PREFIXED = re.compile(r"[-+]?0[xXoObB][0-9a-fA-F_]+")
_UNDERSCORED = re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?")
_EXP_NO_DOT = re.compile(r"[-+]?[0-9]+[eE][-+]?[0-9]+")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)
"""YAML 1.1's timestamps (``2021-12-13``, ``2001-12-14t21:59:43.10-05:00``), which its tools read as dates."""
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
"""An escape in a double-quoted scalar (``\\\\`` is one, so escapes pair up as YAML reads them)."""
_SHORT_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "e": "\x1b", "N": "\x85"}


def _decode_escape(body: str) -> str:
    """The character a double-quoted scalar's escape (without its backslash) stands for, if it is one of
    those ``UNSAFE`` may forbid; otherwise a harmless character.
    """
    if len(body) > 1:
        code = int(body[1:], 16)
        return chr(code) if code <= 0x10FFFF else " "
    return _SHORT_ESCAPES.get(body, " ")


_MAX_DIGITS = 100
"""Longest whole number accepted (Python refuses, or is slow, to convert very long ones)."""


def _scalar(value: str) -> tuple[Any, str | None]:
    """Resolve a plain scalar: (value, None) or (None, problem)."""
    if value in _NULL:
        return None, None
    if value in _TRUE:
        return True, None
    if value in _FALSE:
        return False, None
    if value in _BOOL11:
        v = value.lower() in ("y", "yes", "on")
        return None, (
            f"{value!r} is a boolean ({str(v).lower()}) to YAML 1.1 tools but text to YAML 1.2; "
            f"quote it ('{value}') for text or write {str(v).lower()}"
        )
    if len(value) > _MAX_DIGITS and (_INT.fullmatch(value) or _OCTAL.fullmatch(value)):
        return None, f"a whole number of {len(value)} characters is too long; the limit is {_MAX_DIGITS}"
    if _INT.fullmatch(value):
        return int(value), None
    if _OCTAL.fullmatch(value):
        return None, f"{value!r} has a leading zero, which YAML 1.1 reads as octal; write {int(value)} or quote it"
    if _SEXAGESIMAL.fullmatch(value):
        return None, f"{value!r} is a base-60 number to YAML 1.1 tools; quote it ('{value}') if it is text"
    if _PREFIXED.fullmatch(value):
        return None, f"{value!r}: write numbers in decimal, or quote it if it is text"
    if "_" in value and _UNDERSCORED.fullmatch(value):
        return None, f"{value!r}: YAML 1.1 and 1.2 disagree on '_' in numbers; write it without '_' or quote it"
    if _EXP_NO_DOT.fullmatch(value):
        return (
            None,
            f"{value!r} is text to YAML 1.1 tools but a number to YAML 1.2; write it with a decimal point or quote it",
        )
    if _FLOAT.fullmatch(value):
        return float(value), None
    if value in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[value], None
    if value in ("-.inf", "-.Inf", "-.INF"):
        return float("-inf"), None
    if value in _NAN:
        return float("nan"), None
    if value[4:5] == "-" and _TIMESTAMP.fullmatch(value):
        return None, f"{value!r} is a date to YAML 1.1 tools but text to YAML 1.2; quote it ('{value}')"
    return value, None


def read_text(raw: bytes, file: str) -> str:
    """Decode UTF-8 (an initial BOM allowed); raise ``InputError`` at the first bad byte."""
    if len(raw) > MAX_BYTES:
        raise too_big(file, MAX_BYTES, len(raw))
    try:
        return decode_utf8(raw, file)
    except InputError as e:
        bad = e.issues[0]
        path = _path_at(raw.decode("utf-8", "replace").removeprefix("\ufeff"), Mark(bad.line, bad.column))
        raise InputError([replace(bad, path=path)]) from None


def read_bytes(path: str | Path, file: str | None = None) -> bytes:
    """A file's bytes (``-``: standard input), refusing anything but a regular file and more than
    ``MAX_BYTES`` (``InputError``); see ``negsim.inputs``.
    """
    return read_input(path, MAX_BYTES, file if file is not None else display_name(path))


def read_file(path: str | Path, file: str | None = None) -> Document:
    """Read and parse a YAML file (see ``parse``)."""
    name = file if file is not None else display_name(path)
    return parse(read_text(read_bytes(path, name), name), name)


def parse(text: str, file: str, *, keep_going: bool = False) -> Document:
    """Parse YAML text into a located ``Document``; raise ``InputError`` listing every problem.

    With ``keep_going``, only problems that stop reading raise; the others are left in the
    document's ``issues`` (see the module's docstring) for the caller to report with its own.
    """
    issues: list[Issue] = []
    if UNSAFE.search(text):
        located = UNSAFE.sub(" ", text)
        for lineno, line in enumerate(text.split("\n"), 1):
            m = UNSAFE.search(line)
            if m:
                mark = Mark(lineno, m.start() + 1)
                message = f"{kind_of(m.group())} is not allowed"
                issues.append(
                    Issue(file=file, line=mark.line, column=mark.column, path=_path_at(located, mark), message=message)
                )
                if len(issues) >= 10:
                    break
        raise InputError(issues)
    doc = Document(file=file, data=None, text=text)
    builder = _Builder(doc, issues)
    stopped = True
    try:
        builder.run(_Parser(text))
        stopped = False
    except yaml.MarkedYAMLError as e:
        at = e.problem_mark or e.context_mark
        deep = _too_deep(text[: at.index], file) if at is not None and "nesting depth" in str(e.problem) else None
        if deep is not None:
            # libyaml scans flow collections ahead and gives up at its own limit (1,000 levels):
            # the text before that holds the first level too deep by negsim's.
            issues.append(deep)
            raise InputError(issues[:MAX_ISSUES]) from None
        eline, ecol = _lc(at)
        msg = " ".join(x for x in (e.context, e.problem) if x) or str(e)
        # The parser looks ahead: read the text only up to the problem to see what it was in.
        path = _path_at(text[: at.index], Mark(eline, ecol)) if at is not None else ""
        end = len(text.rstrip())
        if at is not None and at.index >= end:
            # The file stops short (a truncated file): point just past its last character, not
            # at the line after it that the parser reached.
            eline = text.count("\n", 0, end) + 1
            ecol = end - text.rfind("\n", 0, end)
        issues.append(Issue(file=file, line=eline, column=ecol, path=path, message=f"YAML syntax: {msg}"))
    except yaml.YAMLError as e:
        issues.append(Issue(file=file, line=1, column=1, message=f"YAML: {e}"))
    except _Stop:
        pass
    if stopped or (issues and not keep_going):
        raise InputError(issues[:MAX_ISSUES])
    doc.issues = issues
    return doc


def _too_deep(text: str, file: str) -> Issue | None:
    """The problem of the first collection nested deeper than ``MAX_DEPTH`` in ``text``, if any."""
    issues: list[Issue] = []
    with contextlib.suppress(yaml.YAMLError, _Stop):
        _Builder(Document(file=file, data=None, text=text), issues).run(_Parser(text))
    return next((i for i in issues if i.message.startswith("nesting deeper")), None)


def _path_at(text: str, mark: Mark) -> str:
    """The path of the value at ``mark`` in text already known to be bad, read as far as it can be."""
    doc = Document(file="", data=None)
    builder = _Builder(doc, [])
    with contextlib.suppress(yaml.YAMLError, _Stop):
        builder.run(_Parser(text))
    top = builder.stack[-1] if builder.stack else None
    if top is not None and top.is_map and top.key_mark is not None and not top.bad_key:
        # A key was read and its value was not: the problem is in that value.
        return format_path((*top.path, top.key))
    # Values are recorded in the order they start: the last one starting before the mark holds it.
    found: Path_ = ()
    for path, loc in doc.where.items():
        if loc.key <= mark:
            found = path
    return format_path(found)


class _Stop(Exception):
    """Reading cannot go on; the problem is already recorded."""


class _Frame:
    __slots__ = ("bad_key", "first", "is_map", "key", "key_mark", "obj", "path")

    def __init__(self, obj: Any, path: Path_, is_map: bool) -> None:
        self.obj = obj
        self.path = path
        self.is_map = is_map
        self.key: Any = None
        self.key_mark: Mark | None = None
        self.first: dict[str, int] = {}
        self.bad_key = False


_ScalarEvent = yaml.events.ScalarEvent
_CollectionStartEvent = yaml.events.CollectionStartEvent
_MappingStartEvent = yaml.events.MappingStartEvent
_CollectionEndEvent = yaml.events.CollectionEndEvent
_AliasEvent = yaml.events.AliasEvent
_DocumentStartEvent = yaml.events.DocumentStartEvent
_new_tuple = tuple.__new__


def _lc(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class _Builder:
    """Turns parser events into plain values, recording where each one is."""

    __slots__ = ("anchors", "count", "doc", "issues", "root_set", "stack")

    def __init__(self, doc: Document, issues: list[Issue]) -> None:
        self.doc = doc
        self.issues = issues
        self.stack: list[_Frame] = []
        self.root_set = False
        self.count = 0
        self.anchors: dict[str, Any] = {}

    def problem(self, mark: Mark, path: Path_, message: str) -> None:
        self.issues.append(
            Issue(file=self.doc.file, line=mark.line, column=mark.column, path=format_path(path), message=message)
        )
        if len(self.issues) >= MAX_ISSUES:
            raise _Stop

    def stop(self, mark: Mark, message: str) -> NoReturn:
        """Record a problem after which nothing sensible can be read, and stop."""
        self.problem(mark, self.next_path(), message)
        raise _Stop

    def next_path(self) -> Path_:
        """Path of the value about to be placed (its mapping's, for a key)."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.is_map:
            return (*top.path, top.key) if top.key_mark is not None and not top.bad_key else top.path
        return (*top.path, len(top.obj))

    def misread(self, mark: Mark, message: str, text: str) -> None:
        """A value (or key) that is kept as ``text`` but may not be what the file meant."""
        self.problem(mark, self.next_path(), message)
        stack = self.stack
        if not stack:
            self.doc.suspect.add(())
            return
        top = stack[-1]
        if not top.is_map:
            self.doc.suspect.add((*top.path, len(top.obj)))
        elif top.key_mark is None:
            self.doc.suspect.add((*top.path, text))
        elif not top.bad_key:
            self.doc.suspect.add((*top.path, top.key))

    def place(self, value: Any, mark: Mark, style: str | None) -> Path_ | None:
        """Attach a finished value to its parent; return its path (None for a mapping key)."""
        self.count += 1
        if self.count > MAX_VALUES:
            # A problem of the file as a whole, not of the value that happens to be one too many.
            message = f"more than {MAX_VALUES:,} values: too large for a scenario (real ones hold a few thousand)"
            self.issues.insert(0, Issue(file=self.doc.file, line=1, column=1, message=message))
            raise _Stop
        stack = self.stack
        if not stack:
            self.doc.data = value
            self.root_set = True
            self.doc.where[()] = Located(mark, mark, style)
            return ()
        top = stack[-1]
        if top.is_map:
            if top.key_mark is None:
                # This value is a key.
                if not isinstance(value, str):
                    self.problem(mark, top.path, f"mapping keys must be text; got {value!r} (quote it)")
                    top.bad_key = True
                elif value in top.first:
                    self.problem(
                        mark, (*top.path, value), f"duplicate key {value!r} (first at line {top.first[value]})"
                    )
                    # The first value is kept: what later stages say of it may not be what was meant.
                    self.doc.suspect.add((*top.path, value))
                    top.bad_key = True
                else:
                    top.first[value] = mark.line
                    top.key = value
                    top.bad_key = False
                top.key_mark = mark
                return None
            key_mark = top.key_mark
            top.key_mark = None
            if top.bad_key:
                return None
            key = top.key
            path = (*top.path, key)
            top.obj[key] = value
            self.doc.where[path] = _new_tuple(Located, (key_mark, mark, style))
            return path
        path = (*top.path, len(top.obj))
        top.obj.append(value)
        self.doc.where[path] = _new_tuple(Located, (mark, mark, style))
        return path

    def checks(self, ev: Any, mark: Mark) -> None:
        if ev.anchor is not None:
            self.problem(mark, self.next_path(), f"anchors (&{ev.anchor}) are not allowed; write the value out")
        tag = ev.tag
        if tag is not None and tag != "!":
            implicit = ev.implicit
            if not (implicit if isinstance(implicit, bool) else any(implicit)):
                self.misread(mark, f"tags ({tag}) are not allowed", getattr(ev, "value", ""))

    def unsafe_escape(self, ev: Any, mark: Mark) -> None:
        """A double-quoted scalar whose escapes write a character ``UNSAFE`` forbids: located at the escape."""
        text = self.doc.text
        start = ev.start_mark.index
        for m in _ESCAPE.finditer(text, start, ev.end_mark.index):
            char = _decode_escape(m.group(1))
            if UNSAFE.fullmatch(char):
                at = m.start()
                line = text.count("\n", 0, at) + 1
                where = Mark(line, at - text.rfind("\n", 0, at))
                self.misread(where, f"{kind_of(char)} (written {m.group()}) is not allowed", ev.value)
                return
        bad = UNSAFE.search(ev.value)
        assert bad is not None
        self.misread(mark, f"{kind_of(bad.group())} is not allowed", ev.value)

    def run(self, parser: Any) -> None:
        documents = 0
        stack = self.stack
        get = parser.get_event
        while True:
            ev = get()
            if ev is None:
                break
            if isinstance(ev, _ScalarEvent):
                sm = ev.start_mark
                mark = _new_tuple(Mark, _lc(sm))
                if ev.anchor is not None or ev.tag is not None:
                    self.checks(ev, mark)
                style = ev.style or None
                if style is None and ev.implicit[0]:
                    value, err = _scalar(ev.value)
                    if (
                        err is None
                        and value is not None
                        and not isinstance(value, str)
                        and stack
                        and stack[-1].is_map
                        and stack[-1].key_mark is None
                    ):
                        err = f"mapping keys must be text; got {value!r} (quote it)"
                    if err is not None:
                        # Kept as the text written, so later stages can still check the rest.
                        self.misread(mark, err, ev.value)
                        value = ev.value
                else:
                    value = ev.value
                    if style == '"' and UNSAFE.search(value) is not None:
                        self.unsafe_escape(ev, mark)
                if ev.anchor is not None:
                    self.anchors[ev.anchor] = value
                self.place(value, mark, style)
            elif isinstance(ev, _CollectionStartEvent):
                sm = ev.start_mark
                mark = Mark(*_lc(sm))
                self.checks(ev, mark)
                if len(stack) >= MAX_DEPTH:
                    self.stop(mark, f"nesting deeper than {MAX_DEPTH} levels")
                is_map = isinstance(ev, _MappingStartEvent)
                obj: Any = {} if is_map else []
                if stack and stack[-1].is_map and stack[-1].key_mark is None:
                    self.problem(mark, stack[-1].path, "mapping keys must be text, not a mapping or list")
                    stack[-1].bad_key = True
                    stack[-1].key_mark = mark
                    stack.append(_Frame(obj, ("<key>",), is_map))
                    continue
                path = self.place(obj, mark, None)
                stack.append(_Frame(obj, path if path is not None else ("<key>",), is_map))
            elif isinstance(ev, _CollectionEndEvent):
                stack.pop()
            elif isinstance(ev, _AliasEvent):
                sm = ev.start_mark
                mark = Mark(*_lc(sm))
                anchor = ev.anchor or ""
                message = f"aliases (*{anchor}) are not allowed; write the value out"
                if anchor not in self.anchors:
                    # A list or mapping: never expanded (an alias bomb would explode).
                    self.stop(mark, message)
                self.problem(mark, self.next_path(), message)
                self.place(self.anchors[anchor], mark, None)
            elif isinstance(ev, _DocumentStartEvent):
                documents += 1
                if documents > 1:
                    sm = ev.start_mark
                    self.problem(Mark(*_lc(sm)), (), "only one YAML document is allowed per file")
                    break
