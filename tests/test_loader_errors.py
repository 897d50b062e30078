"""Every kind of bad scenario is refused with a located message, and every problem is reported at once.

Each file in tests/fixtures/bad/ is a small scenario broken in one way (or, for the ``many_*``
files, in several). The table below gives, for each, every error the loader must report:
its exact line and column and a part of its message.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from negsim.cli.main import main
from negsim.errors import InputError, Issue, ScenarioError
from negsim.scenario.load import check, check_bytes, load
from negsim.scenario.yamlread import MAX_BYTES, MAX_DEPTH

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"

Expected = tuple[int, int, str]
"""(line, column, part of the message)."""

CASES: dict[str, list[Expected]] = {
    # ------------------------------------------------------------------ YAML level
    "anchor.yaml": [(4, 8, "anchors (&t) are not allowed")],
    "alias.yaml": [(7, 11, "anchors (&who) are not allowed"), (10, 11, "aliases (*who) are not allowed")],
    "duplicate_key.yaml": [(15, 5, "duplicate key 'start' (first at line 14)")],
    "yaml11_no.yaml": [(8, 12, "'no' is a boolean (false) to YAML 1.1 tools")],
    "yaml11_on.yaml": [(4, 8, "'on' is a boolean (true) to YAML 1.1 tools")],
    "sexagesimal.yaml": [(11, 14, "'1:30' is a base-60 number")],
    "octal.yaml": [(13, 10, "'010' has a leading zero, which YAML 1.1 reads as octal; write 10")],
    "yaml11_date.yaml": [(11, 14, "'2021-12-13' is a date to YAML 1.1 tools but text to YAML 1.2; quote it")],
    "tag.yaml": [(4, 8, "tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed")],
    "nontext_key.yaml": [(15, 5, "mapping keys must be text; got 10")],
    "control_char.yaml": [(4, 12, "control character U+0007 is not allowed")],
    # Characters that could act on a terminal, also when written as double-quoted escapes (issue #11).
    "escape_sequence.yaml": [(11, 22, "control character U+001B (written \\e) is not allowed")],
    "bidi_override.yaml": [(7, 15, "bidirectional override U+202E is not allowed")],
    "c1_control.yaml": [(4, 12, "control character U+0085 is not allowed")],
    "noncharacter.yaml": [(4, 14, "noncharacter U+FFFF (written \\uFFFF) is not allowed")],
    "multiple_documents.yaml": [(16, 1, "only one YAML document is allowed per file")],
    "syntax_error.yaml": [(4, 12, "YAML syntax: mapping values are not allowed")],
    # ---------------------------------------------------------------- schema level
    "empty.yaml": [(1, 1, "expected a mapping of keys at the top of the file; the file is empty")],
    "top_level_list.yaml": [(2, 1, "the file is a list")],
    "unknown_key.yaml": [(15, 5, "unknown key 'higher' (did you mean 'higher_is'?)")],
    "missing_key.yaml": [(10, 5, "missing required key 'max'")],
    "wrong_type.yaml": [(14, 12, "expected a whole number or a mapping, got text '2' (write it without quotes)")],
    "bad_effect.yaml": [(14, 15, "an effect is a mapping with one of the keys: shift, set, raise")],
    # ---------------------------------------------------------- cross-references
    "unknown_meter.yaml": [(14, 23, "unknown meter 'presure' (did you mean 'pressure'?)")],
    "unknown_actor.yaml": [(13, 12, "unknown actor 'rde' (did you mean 'red'?)")],
    "unknown_card.yaml": [(22, 17, "unknown card 'red_strik' (did you mean 'red_strike'?)")],
    "unknown_forum.yaml": [(17, 23, "unknown forum 'councl' (did you mean 'council'?)")],
    "unknown_flag.yaml": [(15, 16, "unknown flag 'talk_open' (did you mean 'talks_open'?)")],
    "unknown_ending.yaml": [(13, 14, "unknown ending 'wr' (did you mean 'war'?)")],
    "duplicate_id.yaml": [(13, 9, "duplicate meter id 'pressure' (first is meters[0])")],
    # Expression errors point inside the expression: the quote is column 15, ')' is 13 characters in.
    "expr_syntax.yaml": [(14, 29, "syntax error: unmatched ')'")],
    "expr_type.yaml": [(14, 16, "a condition must be true or false, but 'pressure + 1' is a number")],
    "expr_unknown_name.yaml": [(16, 33, "unknown name 'talks_opn' (did you mean 'talks_open'?)")],
    "per_actor_no_actor.yaml": [(15, 9, "resolve is a per-actor meter: say whose track with actor")],
    "bilateral_three.yaml": [(13, 14, "a bilateral forum has exactly two members, not 3")],
    "demand_no_answers.yaml": [(9, 5, "a demand goes on the table: give it answers")],
    "no_final.yaml": [(13, 3, "exactly one ending must have final: true (the end of the last round); found 0")],
    "no_answer_phase.yaml": [(22, 5, "some cards go on the table but no phase is an answer phase")],
    "start_out_of_bounds.yaml": [(12, 12, "start (12) must be within 0..10")],
    "private_meter_unknown_viewer.yaml": [(15, 18, "unknown actor 'bleu' (did you mean 'blue'?)")],
    "swapped_range.yaml": [(11, 10, "max (0) must be greater than min (10)")],
    "too_many_actors.yaml": [(6, 3, "at most 32 actors (got 33)")],
    "unknown_actor_meter.yaml": [
        (9, 23, "unknown meter 'pressur' (did you mean 'pressure'? it is a global meter: write pressure)"),
        (10, 56, "unknown meter 'resolv' (did you mean 'resolve'?)"),
    ],
    "unnamed_meter.yaml": [(8, 10, "expected text, got the number 5"), (13, 12, "unknown actor 'rde'")],
    "overlapping_bands.yaml": [(15, 16, "band 'Crisis' overlaps the band before it")],
    "quote_not_verbatim.yaml": [
        (15, 12, "meter pressure: quote is not verbatim in S01: 'Pressure rises slowly when talks stall.'"),
        (16, 7, "meter pressure: the source has no sentence S09"),
    ],
    # --------------------------------------------------------- several at once
    "many_yaml.yaml": [
        (4, 8, "anchors (&t) are not allowed"),
        (8, 12, "'no' is a boolean (false)"),
        (13, 10, "'010' has a leading zero"),
        (15, 5, "duplicate key 'start' (first at line 14)"),
    ],
    "many_schema.yaml": [
        (3, 5, "'Tiny' is not a valid id"),
        (6, 5, "missing required key 'name'"),
        (7, 5, "unknown key 'nmae' (did you mean 'name'?)"),
        (13, 10, "expected a whole number, got text '10'"),
        (19, 66, "at least 1 (got 0)"),
        (21, 45, "expected true or false, got text 'true'"),
    ],
    # One of each stage: YAML forms kept as written, elements that fail the schema left out, and
    # the references among the rest checked (a reference to a meter left out is no news).
    "all_stages.yaml": [
        (8, 12, "'no' is a boolean (false) to YAML 1.1 tools"),
        (12, 5, "unknown key 'colour'"),
        (18, 12, "expected a whole number or a mapping, got text '2' (write it without quotes)"),
        (28, 12, "unknown actor 'redd' (did you mean 'red'?)"),
        (29, 49, "unknown meter 'unitty' (did you mean 'unity'?)"),
        (32, 14, "'2021-12-13' is a date to YAML 1.1 tools"),
    ],
    "many_problems.yaml": [
        (10, 14, "unknown name 'pressur' (did you mean 'pressure'?)"),
        (13, 60, "start (11) must be within 0..10"),
        (18, 24, "unknown card 'red_strik'"),
        (23, 12, "unknown actor 'rde' (did you mean 'red'?)"),
        (24, 23, "unknown meter 'presure' (did you mean 'pressure'?)"),
        (31, 39, "unknown ending 'wr' (did you mean 'war'?)"),
    ],
}

PATHS: dict[str, list[str]] = {
    "anchor.yaml": ["title"],
    "duplicate_key.yaml": ["meters[0].start"],
    "unknown_key.yaml": ["meters[0].higher"],
    "missing_key.yaml": ["meters[0]"],
    "wrong_type.yaml": ["meters[0].start"],
    "unknown_meter.yaml": ["cards[0].effects[0].shift"],
    "unknown_forum.yaml": ["cards[0].forums[1]"],
    "expr_unknown_name.yaml": ["cards[0].requires"],
    "per_actor_no_actor.yaml": ["cards[0].effects[0]"],
    "no_final.yaml": ["endings"],
    "quote_not_verbatim.yaml": ["meters[0].quote.S01", "meters[0].quote.S09"],
    "many_problems.yaml": [
        "actors[0].victory.score",
        "meters[0].start",
        "triggers[0].effects[0].unlock",
        "cards[0].owner",
        "cards[0].effects[0].shift",
        "endings[0].when",
    ],
    "all_stages.yaml": [
        "actors[0].short",
        "actors[1].colour",
        "meters[0].start",
        "cards[0].owner",
        "cards[0].effects[1].shift",
        "turn.rounds[0].label",
    ],
    "yaml11_date.yaml": ["turn.rounds[0].label"],
    # visible_to is given: its only entry being unknown is one problem, not also "needs visible_to".
    "private_meter_unknown_viewer.yaml": ["meters[0].visible_to[0]"],
    # What the parser was reading when it stopped.
    "syntax_error.yaml": ["title"],
    "control_char.yaml": ["title"],
    "escape_sequence.yaml": ["turn.rounds[0].label"],
    "bidi_override.yaml": ["actors[0].name"],
    "empty.yaml": [""],
}
"""The dotted path each error names, for a sample of the fixtures."""

EXACT: dict[str, list[str]] = {
    "private_meter_unknown_viewer.yaml": [
        "15:18: meters[0].visible_to[0]: unknown actor 'bleu' (did you mean 'blue'?)"
    ],
    # The meter left out may be any meter named: one warning instead of five "unknown meter 'pressure'".
    # References to other kinds are still checked.
    "unnamed_meter.yaml": [
        "8:10: meters[0].id: expected text, got the number 5",
        "8:10: warning: meters[0].id: 5 references to meters not checked until this meter has a valid id",
        "13:12: cards[0].owner: unknown actor 'rde' (did you mean 'red'?)",
    ],
    # Not also: start, each band and the threshold outside 10..0.
    "swapped_range.yaml": ["11:10: meters[0].max: max (0) must be greater than min (10)"],
    # In words a designer uses, not pydantic's ("list should have at most 32 items after validation, not 33").
    "too_many_actors.yaml": ["6:3: actors: at most 32 actors (got 33)"],
    # An actor's meter is suggested like every other unknown id, global or not.
    "unknown_actor_meter.yaml": [
        "9:23: actors[0].victory.score: unknown meter 'pressur'"
        " (did you mean 'pressure'? it is a global meter: write pressure)",
        "10:56: actors[1].victory.score: unknown meter 'resolv' (did you mean 'resolve'?)",
    ],
}
"""For some fixtures, everything the loader says (warnings too), word for word, after the file name."""


def _errors(name: str) -> list[Issue]:
    report = check(BAD / name)
    assert report.rules is None
    return report.errors


def test_every_fixture_has_expectations() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_fixture_reports_exact_locations(name: str) -> None:
    errors = _errors(name)
    got = [(i.line, i.column) for i in errors]
    assert got == [(line, col) for line, col, _ in CASES[name]], [str(i) for i in errors]
    for issue, (_, _, part) in zip(errors, CASES[name], strict=True):
        assert part in issue.message, str(issue)
        assert issue.file == str(BAD / name)
        assert issue.severity == "error"


@pytest.mark.parametrize("name", sorted(EXACT))
def test_bad_fixture_messages_word_for_word(name: str) -> None:
    path = BAD / name
    assert [str(i).removeprefix(f"{path}:") for i in check(path).issues] == EXACT[name]


@pytest.mark.parametrize("name", sorted(PATHS))
def test_bad_fixture_names_the_path(name: str) -> None:
    assert [i.path for i in _errors(name)] == PATHS[name]


@pytest.mark.parametrize("name", sorted(CASES))
def test_load_raises_scenario_error_with_the_same_issues(name: str) -> None:
    path = BAD / name
    with pytest.raises(ScenarioError) as info:
        load(path)
    issues = info.value.issues
    assert [(i.line, i.column) for i in issues] == [(line, col) for line, col, _ in CASES[name]]
    for issue in issues:
        text = str(issue)
        prefix = f"{path}:{issue.line}:{issue.column}: "
        assert text.startswith(prefix)
        rest = text.removeprefix(prefix)
        assert rest == (f"{issue.path}: {issue.message}" if issue.path else issue.message)
    # The exception's own text lists every issue, one a line.
    assert str(info.value).splitlines() == [str(i) for i in issues]


@pytest.mark.parametrize("name", ["many_yaml.yaml", "many_schema.yaml", "many_problems.yaml", "all_stages.yaml"])
def test_several_problems_are_all_reported_sorted_by_line(name: str) -> None:
    errors = _errors(name)
    assert len(errors) == len(CASES[name]) >= 4
    assert errors == sorted(errors, key=lambda i: (i.line, i.column))
    assert len({i.line for i in errors}) == len(errors)


def test_validate_reports_every_stage_at_once_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD / "all_stages.yaml"
    with pytest.raises(SystemExit) as info:
        main(["validate", "-q", str(path)])
    assert info.value.code == 2
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{path}:{ln}:{col}" for ln, col, _ in CASES["all_stages.yaml"]
    ]


# ------------------------------------------- later stages check what earlier ones passed


def _check_text(text: str) -> list[Issue]:
    return check_bytes(text.encode(), "t.yaml").errors


def _summary(errors: list[Issue]) -> list[tuple[int, int, str]]:
    return [(e.line, e.column, e.path) for e in errors]


def test_references_to_an_element_that_failed_the_schema_are_not_reported() -> None:
    # Actor red fails the schema: the phase naming it and the empty list of seats are no news.
    errors = _check_text(_skeleton().replace("short: R", "short: TOOLONG"))
    assert _summary(errors) == [(8, 12, "actors[0].short")]
    assert "at most 4 characters" in errors[0].message


@pytest.mark.parametrize(
    ("meters", "more", "expected", "messages"),
    [
        # An expression naming a meter left out is no news; one naming nothing known is.
        (
            ["{id: pressure, name: Pressure, min: 0, max: 10, start: '2'}"],
            "triggers:\n"
            "  - {id: t, name: T, when: pressure >= 8, effects: [{shift: pressure, by: 1}]}\n"
            "  - {id: u, name: U, when: presure >= 8}\n",
            [(17, 60, "meters[0].start"), (20, 28, "triggers[1].when")],
            {1: "unknown name 'presure'"},
        ),
        # Meters after one left out are checked, and located in the file.
        (
            [
                "{id: bad, name: Bad, min: 0, max: 10, start: '2'}",
                "{id: pressure, name: Pressure, min: 0, max: 10, start: 11}",
                "{id: pressure, name: Again, min: 0, max: 10, start: 1}",
            ],
            "",
            [(17, 50, "meters[0].start"), (18, 60, "meters[1].start"), (19, 10, "meters[2].id")],
            {1: "start (11) must be within 0..10", 2: "duplicate meter id 'pressure' (first is meters[1])"},
        ),
    ],
    ids=["expression", "after-one-left-out"],
)
def test_what_passed_the_schema_is_still_checked(
    meters: list[str], more: str, expected: list[tuple[int, int, str]], messages: dict[int, str]
) -> None:
    text = _skeleton() + "meters:\n" + "".join(f"  - {m}\n" for m in meters) + more
    errors = _check_text(text)
    assert _summary(errors) == expected
    for i, message in messages.items():
        assert message in errors[i].message


def test_references_that_may_name_any_of_several_elements_without_a_valid_id_are_counted_once() -> None:
    meters = ["{id: 5, name: P, min: 0, max: 9, start: 0}", "{name: U, min: 0, max: 9, start: 0}"]
    more = "triggers:\n  - {id: t, name: T, when: pressure >= 8, effects: [{shift: unity, by: 1}]}\n"
    text = _skeleton() + "meters:\n" + "".join(f"  - {m}\n" for m in meters) + more
    issues = check_bytes(text.encode(), "t.yaml").issues
    assert [str(i) for i in issues] == [
        "t.yaml:17:10: meters[0].id: expected text, got the number 5",
        "t.yaml:17:10: warning: meters[0].id: 2 references to meters not checked until meters[0] and meters[1] have valid ids",
        "t.yaml:18:5: meters[1]: missing required key 'id'",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("short: R", "short: TOOLONG", "8:12: actors[0].short: at most 4 characters (got 7)"),
        ("name: Red", "name: ''", "7:11: actors[0].name: at least 1 character (got 0)"),
        ("  rounds:\n    - label: Week 1\n", "  rounds: []\n", "10:11: turn.rounds: at least 1 round (got 0)"),
        ("actors: [red]}", "actors: [red], plays: 0}", "13:66: turn.phases[0].plays: at least 1 (got 0)"),
    ],
    ids=["long-text", "empty-text", "empty-list", "number"],
)
def test_limits_are_said_in_the_designers_words(old: str, new: str, expected: str) -> None:
    assert [str(e) for e in _check_text(_skeleton().replace(old, new))] == [f"t.yaml:{expected}"]


def test_an_element_with_only_unknown_keys_is_still_checked() -> None:
    errors = _check_text(_skeleton().replace("short: R", "short: R\n    colour: red").replace("[red]}", "[red, rde]}"))
    assert _summary(errors) == [(9, 5, "actors[0].colour"), (14, 58, "turn.phases[0].actors[1]")]
    assert "unknown actor 'rde' (did you mean 'red'?)" in errors[1].message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A value YAML 1.1 reads otherwise, with a tag, or under a duplicate key: one message, not two.
        ("final: true", "final: yes", [(15, 45, "endings[0].final")]),
        ("title: Tiny", "title: !!int 3", [(4, 8, "title")]),
        ("    short: R", "    short: R\n    short: 5", [(9, 5, "actors[0].short")]),
        # A whole list unusable, or missing: nothing more about what it should hold.
        ("actors:\n  - id: red\n    name: Red\n    short: R\n", "actors: {}\n", [(5, 9, "actors")]),
        ("endings:\n  - {id: stalemate, name: Stalemate, final: true}\n", "", [(2, 1, "")]),
        ("turn:\n  rounds:\n", "turn: 3\n  rounds:\n", None),
    ],
    ids=["yaml11", "tag", "duplicate-key", "bad-list", "missing-list", "syntax"],
)
def test_no_problem_is_reported_twice(old: str, new: str, expected: list[tuple[int, int, str]] | None) -> None:
    text = _skeleton().replace(old, new)
    assert text != _skeleton()
    errors = _check_text(text)
    if expected is None:
        assert len(errors) == 1
        return
    assert _summary(errors) == expected, [str(e) for e in errors]


def test_issue_str_format() -> None:
    issue = Issue(file="a.yaml", line=3, column=7, path="meters[0].start", message="too big")
    assert str(issue) == "a.yaml:3:7: meters[0].start: too big"
    assert str(Issue(file="a.yaml", line=1, column=1, message="empty")) == "a.yaml:1:1: empty"
    warning = Issue(file="a.yaml", line=2, column=3, path="x", message="m", severity="warning")
    assert str(warning) == "a.yaml:2:3: warning: x: m"


def test_quote_check_needs_the_sentence_index_next_to_the_file(tmp_path: Path) -> None:
    # Copied without its sentence index, the scenario cannot be checked against its source.
    copy = tmp_path / "quote_not_verbatim.yaml"
    copy.write_bytes((BAD / "quote_not_verbatim.yaml").read_bytes())
    errors = check(copy).errors
    assert len(errors) == 1
    assert (errors[0].line, errors[0].column, errors[0].path) == (5, 41, "source.sentences")
    assert "cannot read the sentence index" in errors[0].message


def test_verbatim_quotes_pass(tmp_path: Path) -> None:
    (tmp_path / "quote_sentences.md").write_bytes((BAD / "quote_sentences.md").read_bytes())
    text = (BAD / "quote_not_verbatim.yaml").read_text(encoding="utf-8")
    # A quote may be part of a sentence and may be folded over several lines.
    text = text.replace("Pressure rises fast when", "Pressure rises slowly\n        when")
    text = text.replace("S09: Talks stall.", "S02: side may end")
    (tmp_path / "ok.yaml").write_text(text, encoding="utf-8")
    report = check(tmp_path / "ok.yaml")
    assert report.errors == [], [str(i) for i in report.errors]
    assert report.rules is not None


# ------------------------------------------------------------------ generated inputs


def _skeleton() -> str:
    return (BAD / "anchor.yaml").read_text(encoding="utf-8").replace("&t ", "")


def test_skeleton_is_valid() -> None:
    # The generated cases below break this otherwise valid scenario.
    assert check_bytes(_skeleton().encode(), "ok.yaml").errors == []


def test_nesting_deeper_than_the_limit(tmp_path: Path) -> None:
    depth = MAX_DEPTH
    text = _skeleton() + "summary: " + "[" * depth + "]" * depth + "\n"
    f = tmp_path / "deep.yaml"
    f.write_text(text, encoding="utf-8")
    errors = check(f).errors
    assert len(errors) == 1
    # Line 16 is the summary. The top mapping is level 1, so the 64th '[' (column 10 + 63) opens level 65.
    assert (errors[0].line, errors[0].column) == (16, 10 + MAX_DEPTH - 1)
    assert f"nesting deeper than {MAX_DEPTH} levels" in errors[0].message
    # The list opened there: the 64th of summary's nested lists.
    assert errors[0].path == "summary" + "[0]" * (MAX_DEPTH - 1)


def test_nesting_at_the_limit_is_read() -> None:
    # 64 levels in all: the top mapping and 63 lists.
    depth = MAX_DEPTH - 1
    text = _skeleton() + "summary: " + "[" * depth + "]" * depth + "\n"
    errors = check_bytes(text.encode(), "ok.yaml").errors
    assert [e.message for e in errors] == ["expected text, got a list"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # libyaml gives up at its own limit (1,000 levels) scanning ahead; the error still points
        # at negsim's first level too deep (the mapping is level 1: the 64th '[' opens level 65).
        ("x: " + "[" * 1_000_000, (1, 3 + MAX_DEPTH)),
        ("x: " + "{a: " * 250_000, (1, 256)),
        ("- " * 500_000, (1, 129)),
        ("".join(" " * i + "a:\n" for i in range(1400)), (65, 65)),
        ("".join(" " * i + "-\n" for i in range(1400)), (65, 65)),
    ],
    ids=["flow-lists", "flow-maps", "compact-lists", "block-maps", "block-lists"],
)
def test_absurd_nesting_is_refused_quickly(text: str, where: tuple[int, int] | None) -> None:
    # About a megabyte of openers: refused at the first level too deep without building the rest.
    t0 = time.perf_counter()
    report = check_bytes(text.encode(), "deep.yaml")
    elapsed = time.perf_counter() - t0
    assert len(report.errors) == 1
    assert "nesting" in report.errors[0].message
    first = report.errors[0]
    if where is None:
        assert first.line == 1
    else:
        assert (first.line, first.column) == where
    assert elapsed < 5


def test_file_over_two_mib(tmp_path: Path) -> None:
    f = tmp_path / "big.yaml"
    f.write_bytes(_skeleton().encode() + b"# " + b"x" * MAX_BYTES + b"\n")
    size = f.stat().st_size
    errors = check(f).errors
    # A problem of the whole file: at its start, with no path.
    assert [(e.line, e.column, e.path) for e in errors] == [(1, 1, "")]
    assert f"file is {size:,} bytes; the limit is {MAX_BYTES:,} (2 MiB)" in errors[0].message
    with pytest.raises(ScenarioError):
        load(f)


def test_bytes_over_two_mib_without_a_file() -> None:
    errors = check_bytes(b"x" * (MAX_BYTES + 1), "big.yaml").errors
    assert len(errors) == 1
    assert "the limit is 2,097,152 (2 MiB)" in errors[0].message


def test_file_of_exactly_two_mib_is_read(tmp_path: Path) -> None:
    head = _skeleton().encode() + b"# "
    f = tmp_path / "edge.yaml"
    f.write_bytes(head + b"x" * (MAX_BYTES - len(head) - 1) + b"\n")
    assert f.stat().st_size == MAX_BYTES
    assert check(f).errors == []


def test_non_utf8_bytes(tmp_path: Path) -> None:
    raw = _skeleton().encode().replace(b"title: Tiny", b"title: Tin\xff")
    f = tmp_path / "latin.yaml"
    f.write_bytes(raw)
    errors = check(f).errors
    assert len(errors) == 1
    assert (errors[0].line, errors[0].column, errors[0].path) == (4, 11, "title")
    assert "not UTF-8: byte 0xff cannot be decoded" in errors[0].message


def test_utf16_file_is_not_utf8(tmp_path: Path) -> None:
    f = tmp_path / "utf16.yaml"
    f.write_bytes(_skeleton().encode("utf-16"))
    errors = check(f).errors
    assert len(errors) == 1
    assert "not UTF-8" in errors[0].message


def test_utf8_bom_is_allowed() -> None:
    assert check_bytes(b"\xef\xbb\xbf" + _skeleton().encode(), "bom.yaml").errors == []


def test_python_tag_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = _skeleton().replace("title: Tiny", f'title: !!python/object/apply:os.system ["touch {marker}"]')
    f = tmp_path / "evil.yaml"
    f.write_text(text, encoding="utf-8")
    errors = check(f).errors
    assert [(e.line, e.column) for e in errors] == [(4, 8)]
    assert "tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed" in errors[0].message
    assert not marker.exists()


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/new:os.system [echo]",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!!str Tiny",
        "!custom Tiny",
    ],
)
def test_every_explicit_tag_is_refused(value: str) -> None:
    errors = check_bytes(_skeleton().replace("title: Tiny", f"title: {value}").encode(), "t.yaml").errors
    assert [(e.line, e.column) for e in errors] == [(4, 8)]
    assert "tags (" in errors[0].message


def test_billion_laughs_is_refused_without_expanding() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    report = check_bytes("\n".join(lines).encode(), "lol.yaml")
    assert report.rules is None
    messages = [e.message for e in report.errors]
    assert "anchors (&a) are not allowed; write the value out" in messages
    assert "aliases (*a) are not allowed; write the value out" in messages


def test_problem_count_is_bounded() -> None:
    text = "\n".join(f"k{i}: no" for i in range(5000))
    report = check_bytes(text.encode(), "many.yaml")
    assert 0 < len(report.errors) <= 200


def test_missing_file_and_folder(tmp_path: Path) -> None:
    missing = check(tmp_path / "nope.yaml").errors
    assert [(e.line, e.column, e.path) for e in missing] == [(1, 1, "")]
    assert str(missing[0]) == f"{tmp_path / 'nope.yaml'}:1:1: cannot read: No such file or directory"
    folder = check(tmp_path).errors
    assert [(e.line, e.column, e.path) for e in folder] == [(1, 1, "")]
    assert "is a folder" in folder[0].message


NEGSIM_VALIDATE_STDIN = [sys.executable, "-c", "from negsim.cli.main import main; main()", "validate", "-"]


def test_a_device_is_refused_without_reading_it() -> None:
    # /dev/zero says its size is 0 and never ends: it is refused as what it is, before any read.
    errors = check("/dev/zero").errors
    assert [(e.line, e.column, e.path) for e in errors] == [(1, 1, "")]
    assert errors[0].message == "is a device, not a file: give a regular file, or - for standard input"


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    # Opening a FIFO for reading waits for a writer; negsim opens it without blocking and refuses it.
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    errors = check(fifo).errors
    assert [(e.line, e.column, e.path) for e in errors] == [(1, 1, "")]
    assert errors[0].message == "is a named pipe (FIFO), not a file: give a regular file, or - for standard input"


def test_standard_input_within_the_limit_is_read(tmp_path: Path) -> None:
    src = tmp_path / "s.yaml"
    src.write_text(_skeleton(), encoding="utf-8")
    with src.open("rb") as stdin:
        r = subprocess.run(NEGSIM_VALIDATE_STDIN, stdin=stdin, capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.endswith("<stdin>: ok (0 errors, 2 warnings)\n")
    assert r.stdout.startswith("<stdin>:6:5: warning: ")


def test_standard_input_over_the_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (2 * MAX_BYTES))
    with big.open("rb") as stdin:
        r = subprocess.run(NEGSIM_VALIDATE_STDIN, stdin=stdin, capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 2
    assert r.stdout.startswith(
        f"<stdin>:1:1: file is more than {MAX_BYTES:,} bytes; the limit is {MAX_BYTES:,} (2 MiB)\n"
    )


def test_scenario_error_is_an_input_error() -> None:
    with pytest.raises(InputError):
        load(BAD / "anchor.yaml")


def test_a_truncated_file_is_reported_at_its_end_under_the_key_being_read() -> None:
    # Issue #11: cut inside the title's quotes, the error pointed a line past the end, under `id`.
    text = 'negsim: 1\nid: tiny\ntitle: "Tiny\n'
    (issue,) = check_bytes(text.encode(), "cut.yaml").errors
    assert str(issue) == (
        "cut.yaml:3:13: title: YAML syntax: while scanning a quoted scalar found unexpected end of stream"
    )
