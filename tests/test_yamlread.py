"""Unit tests of the safe YAML reader: YAML 1.2 scalars, refused YAML 1.1 forms, locations."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from negsim.errors import InputError, Issue
from negsim.scenario.yamlread import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_ISSUES,
    MAX_VALUES,
    Document,
    Located,
    Mark,
    format_path,
    parse,
    read_file,
    read_text,
)


def value(text: str) -> Any:
    """The value of ``v`` in a one-key document ``v: text``."""
    return parse(f"v: {text}\n", "t.yaml").data["v"]


def problems(text: str) -> list[Issue]:
    """The issues ``parse`` raises for ``text``."""
    with pytest.raises(InputError) as info:
        parse(text, "t.yaml")
    return info.value.issues


def only_problem(text: str) -> Issue:
    issues = problems(text)
    assert len(issues) == 1, [str(i) for i in issues]
    return issues[0]


# ------------------------------------------------------------------ YAML 1.2 scalars


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("7", 7),
        ("-3", -3),
        ("+12", 12),
        ("-0", 0),
        ("123456789012345678901234567890", 123456789012345678901234567890),
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("~", None),
        ("", None),
    ],
)
def test_plain_scalars_resolve_as_yaml_1_2(text: str, expected: Any) -> None:
    got = value(text)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.5", 1.5), ("-0.25", -0.25), (".5", 0.5), ("2.", 2.0), ("1.5e3", 1500.0), ("-1.5E-2", -0.015)],
)
def test_floats(text: str, expected: float) -> None:
    got = value(text)
    assert isinstance(got, float)
    assert got == expected


def test_special_floats() -> None:
    assert value(".inf") == math.inf
    assert value(".Inf") == math.inf
    assert value("-.inf") == -math.inf
    assert math.isnan(value(".nan"))
    assert math.isnan(value(".NaN"))


@pytest.mark.parametrize(
    "text",
    ["'1'", '"2"', "'true'", '"false"', "'null'", "'no'", '"on"', "'010'", "'1:30'", "'1e3'", "'0x1F'", "'1_000'"],
)
def test_quoted_scalars_stay_text(text: str) -> None:
    assert value(text) == text[1:-1]


@pytest.mark.parametrize(
    "text", ["2021-1-5", "2021-12-15x", "15 Dec 2021", "Week 1", "ru_treaty", "S01", "1.2.3", "=", "<<", "a-b"]
)
def test_plain_text_stays_text(text: str) -> None:
    # Also forms that look like dates but that YAML 1.1 does not read as one (one-digit month).
    assert value(text) == text


def test_block_scalars_are_text() -> None:
    doc = parse("a: |\n  no\n  010\nb: >\n  on\n  off\n", "t.yaml")
    assert doc.data == {"a": "no\n010\n", "b": "on off\n"}


def test_collections() -> None:
    doc = parse("a: [1, x, {b: null}]\nc:\n  - true\n  - d: 2\n", "t.yaml")
    assert doc.data == {"a": [1, "x", {"b": None}], "c": [True, {"d": 2}]}


def test_long_numbers_are_refused_not_converted() -> None:
    # Python refuses (or takes very long) to convert numbers of thousands of digits.
    issue = only_problem("v: " + "9" * 5000)
    assert (issue.line, issue.column, issue.path) == (1, 4, "v")
    assert "too long" in issue.message
    assert "too long" in only_problem("v: 0" + "1" * 5000).message


# --------------------------------------------------------------- YAML 1.1 surprises

BOOL11 = ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]


@pytest.mark.parametrize("text", BOOL11)
def test_yaml11_booleans_are_refused(text: str) -> None:
    issue = only_problem(f"v: {text}\n")
    assert (issue.line, issue.column, issue.path) == (1, 4, "v")
    meaning = "true" if text.lower() in ("y", "yes", "on") else "false"
    assert f"{text!r} is a boolean ({meaning}) to YAML 1.1 tools but text to YAML 1.2" in issue.message
    assert f"quote it ('{text}')" in issue.message


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("010", "leading zero, which YAML 1.1 reads as octal; write 10"),
        ("-07", "leading zero"),
        ("00", "leading zero"),
        ("1:30", "base-60 number"),
        ("190:20:30", "base-60 number"),
        ("-1:30", "base-60 number"),
        ("0x1F", "write numbers in decimal"),
        ("0o17", "write numbers in decimal"),
        ("0b101", "write numbers in decimal"),
        ("1_000", "disagree on '_' in numbers"),
        ("1_000.5", "disagree on '_' in numbers"),
        ("1e3", "write it with a decimal point"),
        ("-2E10", "write it with a decimal point"),
    ],
)
def test_yaml11_numbers_are_refused(text: str, part: str) -> None:
    issue = only_problem(f"v: {text}\n")
    assert (issue.line, issue.column) == (1, 4)
    assert part in issue.message
    assert text in issue.message


@pytest.mark.parametrize(
    "text", ["2021-12-13", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-1-2T3:04:05Z"]
)
def test_yaml11_dates_are_refused(text: str) -> None:
    issue = only_problem(f"v: {text}\n")
    assert (issue.line, issue.column, issue.path) == (1, 4, "v")
    assert issue.message == f"{text!r} is a date to YAML 1.1 tools but text to YAML 1.2; quote it ('{text}')"
    assert value(f"'{text}'") == text


def test_yaml11_forms_are_refused_as_keys_and_list_items_too() -> None:
    issues = problems("x:\n  - yes\n  - 1:30\nno: 1\n")
    assert [(i.line, i.column, i.path) for i in issues] == [(2, 5, "x[0]"), (3, 5, "x[1]"), (4, 1, "")]
    # The key is reported once, as a YAML 1.1 boolean (not again as a non-text key).
    assert "'no' is a boolean" in issues[2].message


# ------------------------------------------------------------ reading on (keep_going)


def lenient(text: str) -> Document:
    """The document ``parse`` reads from ``text`` when it goes on after problems that allow it."""
    return parse(text, "t.yaml", keep_going=True)


def test_yaml11_forms_are_kept_as_written_and_marked_suspect() -> None:
    doc = lenient("a: no\nb: [010, 1:30]\nc: 2021-12-13\non: 1\nd: 3\n")
    assert doc.data == {"a": "no", "b": ["010", "1:30"], "c": "2021-12-13", "on": 1, "d": 3}
    assert [(i.line, i.column, i.path) for i in doc.issues] == [
        (1, 4, "a"),
        (2, 5, "b[0]"),
        (2, 10, "b[1]"),
        (3, 4, "c"),
        (4, 1, ""),
    ]
    assert doc.suspect == {("a",), ("b", 0), ("b", 1), ("c",), ("on",)}


def test_keys_that_are_not_text_are_kept_as_written() -> None:
    doc = lenient("a:\n  10: x\n  true: z\n")
    assert doc.data == {"a": {"10": "x", "true": "z"}}
    assert [i.message for i in doc.issues] == [
        "mapping keys must be text; got 10 (quote it)",
        "mapping keys must be text; got True (quote it)",
    ]
    assert doc.suspect == {("a", "10"), ("a", "true")}


def test_duplicate_keys_keep_the_first_value() -> None:
    doc = lenient("a: 1\nb: 2\na: 3\n")
    assert doc.data == {"a": 1, "b": 2}
    assert [(i.line, i.path) for i in doc.issues] == [(3, "a")]
    assert doc.suspect == {("a",)}


def test_anchors_tags_and_aliases_of_plain_values_are_read_on() -> None:
    doc = lenient("a: &x 1\nb: *x\nc: !!str d\nd: 2\n")
    assert doc.data == {"a": 1, "b": 1, "c": "d", "d": 2}
    assert [i.message.split(" (")[0] for i in doc.issues] == ["anchors", "aliases", "tags"]
    assert doc.suspect == {("c",)}


def test_a_second_document_is_ignored() -> None:
    doc = lenient("a: 1\n---\nb: 2\n")
    assert doc.data == {"a": 1}
    assert [i.message for i in doc.issues] == ["only one YAML document is allowed per file"]


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("a: &x [1]\nb: *x\nc: no\n", "aliases (*x) are not allowed; write the value out"),
        ("a: no\nb: c: d\n", "YAML syntax: mapping values are not allowed in this context"),
        ("a: no\nb: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n", f"nesting deeper than {MAX_DEPTH} levels"),
    ],
    ids=["alias-of-a-list", "syntax", "nesting"],
)
def test_problems_that_stop_reading_still_raise(text: str, last: str) -> None:
    # An alias of a list is never expanded (an alias bomb would explode); the problems before
    # the one that stops reading are reported with it, none after.
    with pytest.raises(InputError) as info:
        lenient(text)
    issues = info.value.issues
    assert issues[-1].message == last
    assert "no" not in [i.path for i in issues[1:]]


def test_without_keep_going_every_problem_raises() -> None:
    assert problems("a: no\n")[0].path == "a"
    assert lenient("a: 1\n").issues == []


# ------------------------------------------------------------------- refused syntax


def test_anchor_and_alias() -> None:
    issues = problems("a: &x 1\nb: *x\nc: &y [1]\n")
    assert [(i.line, i.column, i.path) for i in issues] == [(1, 4, "a"), (2, 4, "b"), (3, 4, "c")]
    assert issues[0].message == "anchors (&x) are not allowed; write the value out"
    assert issues[1].message == "aliases (*x) are not allowed; write the value out"
    assert issues[2].message == "anchors (&y) are not allowed; write the value out"


def test_merge_key_with_alias_is_refused() -> None:
    issues = problems("base: &b {a: 1}\nchild:\n  <<: *b\n")
    assert [(i.line, i.column) for i in issues] == [(1, 7), (3, 7)]


@pytest.mark.parametrize(
    "text",
    [
        "!!python/object/apply:os.system ['echo hi']",
        "!!python/object/new:subprocess.Popen [[ls]]",
        "!!python/name:builtins.eval",
        "!!int '3'",
        "!!str 3",
        "!!set {a, b}",
        "!local x",
    ],
)
def test_tags_are_refused(text: str) -> None:
    issue = only_problem(f"v: {text}\n")
    assert (issue.line, issue.column, issue.path) == (1, 4, "v")
    assert issue.message.startswith("tags (")
    assert issue.message.endswith(") are not allowed")


def test_duplicate_keys_name_the_first() -> None:
    issues = problems("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert [(i.line, i.column, i.path) for i in issues] == [(4, 3, "b.c"), (5, 1, "a")]
    assert issues[0].message == "duplicate key 'c' (first at line 3)"
    assert issues[1].message == "duplicate key 'a' (first at line 1)"


@pytest.mark.parametrize(("key", "shown"), [("1", "1"), ("true", "True"), ("null", "None"), ("1.5", "1.5")])
def test_keys_must_be_text(key: str, shown: str) -> None:
    issue = only_problem(f"a:\n  {key}: x\n")
    assert (issue.line, issue.column, issue.path) == (2, 3, "a")
    assert issue.message == f"mapping keys must be text; got {shown} (quote it)"


def test_quoted_number_keys_are_text() -> None:
    assert parse("'1': x\n", "t.yaml").data == {"1": "x"}


@pytest.mark.parametrize("key", ["[a, b]", "{a: 1}"])
def test_collection_keys_are_refused(key: str) -> None:
    issue = only_problem(f"? {key}\n: x\n")
    assert (issue.line, issue.column) == (1, 3)
    assert issue.message == "mapping keys must be text, not a mapping or list"


def test_several_documents() -> None:
    issue = only_problem("a: 1\n---\nb: 2\n")
    assert (issue.line, issue.column) == (2, 1)
    assert issue.message == "only one YAML document is allowed per file"
    assert only_problem("a: 1\n...\n---\nb: 2\n").line == 3


def test_explicit_single_document_is_fine() -> None:
    assert parse("---\na: 1\n...\n", "t.yaml").data == {"a": 1}


@pytest.mark.parametrize(
    ("text", "line", "col", "code"),
    [
        ("a: x\x00y\n", 1, 5, "0000"),
        ("a: 1\nb: \x07\n", 2, 4, "0007"),
        ("a: 1\n\x1b[31mb: 2\n", 2, 1, "001B"),
        ("a: x\x7f\n", 1, 5, "007F"),
        ("a: 1\x0c\n", 1, 5, "000C"),
    ],
)
def test_control_characters(text: str, line: int, col: int, code: str) -> None:
    issue = only_problem(text)
    assert (issue.line, issue.column) == (line, col)
    # Found before parsing; the path is of the value around it (the ESC begins a continuation of a's text).
    assert issue.path == ("a" if line == 1 or code == "001B" else "b")
    assert issue.message == f"control character U+{code} is not allowed"


def test_tabs_and_crlf_are_not_control_characters() -> None:
    assert parse("a: x\ty\r\nb: 2\r\n", "t.yaml").data == {"a": "x\ty", "b": 2}


def test_control_characters_are_reported_at_most_ten() -> None:
    assert len(problems("a: \x01\n" * 50)) == 10


@pytest.mark.parametrize(
    ("text", "line", "col", "part"),
    [
        ("a: b: c\n", 1, 5, "mapping values are not allowed"),
        ("a: [1, 2\nb: 3\n", 2, 2, "expected ',' or ']'"),
        # A truncated file: the error points just past its last character, not at the line
        # after its end that the parser reached.
        ("a: 'x\n", 1, 6, "found unexpected end of stream"),
        ("a:\n\t- 1\n", 2, 1, "cannot start any token"),
        ("a: 1\n b: 2\n", 2, 3, "mapping values are not allowed"),
    ],
)
def test_syntax_errors_are_located(text: str, line: int, col: int, part: str) -> None:
    issue = only_problem(text)
    assert (issue.line, issue.column) == (line, col)
    # The path is of the value being read when the parser stopped.
    assert issue.path == {"a: [1, 2\nb: 3\n": "a[1]"}.get(text, "a")
    assert issue.message.startswith("YAML syntax: ")
    assert part in issue.message


def test_every_problem_is_reported_in_order() -> None:
    text = "a: &x yes\nb: 010\nb: 1:30\nc: !!str d\n"
    issues = problems(text)
    assert [(i.line, i.column) for i in issues] == [(1, 4), (1, 4), (2, 4), (3, 1), (3, 4), (4, 4)]
    assert "anchors" in issues[0].message
    assert "boolean" in issues[1].message
    assert "octal" in issues[2].message
    assert "duplicate key 'b'" in issues[3].message
    assert "base-60" in issues[4].message
    assert "tags" in issues[5].message


def test_problems_are_capped() -> None:
    issues = problems("".join(f"k{i}: yes\n" for i in range(MAX_ISSUES * 3)))
    assert len(issues) == MAX_ISSUES


def test_depth_limit() -> None:
    ok = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert parse(ok, "t.yaml").data is not None
    issue = only_problem("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert (issue.line, issue.column) == (1, 4 + MAX_DEPTH - 1)
    assert issue.message == f"nesting deeper than {MAX_DEPTH} levels"
    assert issue.path == "a" + "[0]" * (MAX_DEPTH - 1)


def test_too_many_values_is_a_problem_of_the_whole_file() -> None:
    # Each item is a mapping holding two keys and two values: 5 values; the list and the root are 2 more.
    items = MAX_VALUES // 5
    ok = "a:\n" + "".join(f"  - {{id: x{i}, v: 1}}\n" for i in range(items - 1))
    assert len(parse(ok, "t.yaml").data["a"]) == items - 1
    # Over the limit deep inside the list, and after a problem that lets reading go on: at the
    # file's start, with no path (not at the value that happens to be one too many), then the other.
    text = "a:\n" + "".join(f"  - {{id: x{i}, v: 1}}\n" for i in range(items)) + "b: yes\n"
    text = text.replace("v: 1}\n", "v: 010}\n", 1)
    assert [str(i) for i in problems(text)] == [
        f"t.yaml:1:1: more than {MAX_VALUES:,} values: too large for a scenario (real ones hold a few thousand)",
        "t.yaml:2:17: a[0].v: '010' has a leading zero, which YAML 1.1 reads as octal; write 10 or quote it",
    ]


def test_empty_and_comment_only_documents() -> None:
    for text in ("", "# nothing\n", "---\n"):
        doc = parse(text, "t.yaml")
        assert doc.data is None


# ----------------------------------------------------------------- bytes and files


def test_read_text_decodes_utf8_and_drops_a_bom() -> None:
    assert read_text("a: é\n".encode(), "t.yaml") == "a: é\n"
    assert read_text(b"\xef\xbb\xbfa: 1\n", "t.yaml") == "a: 1\n"


def test_read_text_locates_the_first_bad_byte() -> None:
    with pytest.raises(InputError) as info:
        read_text("a: 1\nbé: \xe9\n".encode("latin-1"), "t.yaml")
    [issue] = info.value.issues
    # The bad byte is in a key: the path names that key (the byte shown as U+FFFD).
    assert (issue.file, issue.line, issue.column, issue.path) == ("t.yaml", 2, 2, "b\ufffd")
    assert issue.message == "not UTF-8: byte 0xe9 cannot be decoded"
    with pytest.raises(InputError) as info:
        read_text("a:\n  b: [x, \xff]\n".encode("latin-1"), "t.yaml")
    assert info.value.issues[0].path == "a.b[1]"


def test_read_text_size_limit() -> None:
    assert read_text(b"#" * MAX_BYTES, "t.yaml") == "#" * MAX_BYTES
    with pytest.raises(InputError) as info:
        read_text(b"#" * (MAX_BYTES + 1), "t.yaml")
    assert info.value.issues[0].message == "file is 2,097,153 bytes; the limit is 2,097,152 (2 MiB)"


def test_read_file(tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("a: [1, 2]\n", encoding="utf-8")
    doc = read_file(f)
    assert doc.data == {"a": [1, 2]}
    assert doc.file == str(f)
    assert read_file(f, "shown.yaml").file == "shown.yaml"


def test_read_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_file(tmp_path / "missing.yaml")
    assert "cannot read" in info.value.issues[0].message
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(InputError) as info:
        read_file(big)
    assert "the limit is 2,097,152" in info.value.issues[0].message
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: \xff\n")
    with pytest.raises(InputError) as info:
        read_file(bad)
    assert (info.value.issues[0].line, info.value.issues[0].column) == (1, 4)


# ------------------------------------------------------------------------ locations

NESTED = """\
# comment
top:
  list:
    - plain
    - 'single'
    - {k: "double"}
  block: |
    text
  'quoted key': 5
"""


def test_marks_of_nested_paths() -> None:
    doc = parse(NESTED, "n.yaml")
    w = doc.where
    assert w[()] == Located(Mark(2, 1), Mark(2, 1), None)
    assert w[("top",)] == Located(Mark(2, 1), Mark(3, 3), None)
    assert w[("top", "list")] == Located(Mark(3, 3), Mark(4, 5), None)
    assert w[("top", "list", 0)] == Located(Mark(4, 7), Mark(4, 7), None)
    assert w[("top", "list", 1)] == Located(Mark(5, 7), Mark(5, 7), "'")
    assert w[("top", "list", 2)] == Located(Mark(6, 7), Mark(6, 7), None)
    assert w[("top", "list", 2, "k")] == Located(Mark(6, 8), Mark(6, 11), '"')
    assert w[("top", "block")] == Located(Mark(7, 3), Mark(7, 10), "|")
    assert w[("top", "quoted key")] == Located(Mark(9, 3), Mark(9, 17), None)


def test_locate_uses_the_deepest_known_prefix() -> None:
    doc = parse(NESTED, "n.yaml")
    assert doc.locate(("top", "list", 2, "k")) == Mark(6, 11)
    assert doc.locate(("top", "list", 2, "k"), key=True) == Mark(6, 8)
    # Unknown tails fall back to the deepest known value (never to its key).
    assert doc.locate(("top", "list", 2, "missing")) == Mark(6, 7)
    assert doc.locate(("top", "list", 2, "missing"), key=True) == Mark(6, 7)
    assert doc.locate(("nowhere", 3)) == Mark(2, 1)
    assert doc.locate(()) == Mark(2, 1)


def test_locate_in_an_empty_document() -> None:
    assert parse("", "e.yaml").locate(("a",)) == Mark(1, 1)
    assert Document(file="x", data=None).locate(()) == Mark(1, 1)


def test_issue_offsets_point_inside_scalars() -> None:
    doc = parse("a: plain text\nb: \"quoted text\"\nc: 'single'\nd: |\n  block text\n", "o.yaml")
    assert doc.issue(("a",), "m", offset=6) == Issue(file="o.yaml", line=1, column=10, path="a", message="m")
    # Quoted: one more for the opening quote, also at offset 0.
    assert doc.issue(("b",), "m", offset=7).column == 4 + 1 + 7
    assert doc.issue(("b",), "m", offset=0).column == 5
    assert doc.issue(("c",), "m", offset=2).column == 7
    # No offset: the value's own mark (the opening quote).
    assert doc.issue(("b",), "m").column == 4
    # Block scalars: offsets are not mapped; the mark is the indicator.
    assert doc.issue(("d",), "m", offset=3).column == 4
    # key=True points at the key.
    assert doc.issue(("b",), "m", key=True).column == 1
    # Offsets apply only to the exact scalar, never to a fallback prefix.
    assert doc.issue(("a", "x"), "m", offset=5).column == 4


def test_issue_text() -> None:
    doc = parse("a:\n  - b: 1\n", "x.yaml")
    issue = doc.issue(("a", 0, "b"), "bad")
    assert str(issue) == "x.yaml:2:8: a[0].b: bad"
    assert issue.severity == "error"


@pytest.mark.parametrize(
    ("path", "text"),
    [((), ""), (("a",), "a"), (("cards", 3, "effects"), "cards[3].effects"), ((0, "x", 1, 2), "[0].x[1][2]")],
)
def test_format_path(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text


def test_problems_carry_the_path() -> None:
    issue = only_problem("cards:\n  - id: x\n    effects:\n      - {shift: a, by: 010}\n")
    assert issue.path == "cards[0].effects[0].by"
    assert (issue.line, issue.column) == (4, 24)
