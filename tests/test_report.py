"""The after-action report (negsim report), headless games saved (negsim run --save), and the
scenario keys the debrief compares a game with (record:, not_claimed:)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, TEST_SCENARIOS
from negsim.cli.main import main
from negsim.report import SECTIONS, render_report
from negsim.scenario.load import check_bytes
from negsim.session import Session

WAR = ROOT / "tests" / "fixtures" / "endings" / "war_by_force_heuristic_seed5.json"
STANDOFF = TEST_SCENARIOS / "standoff.yaml"


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert isinstance(info.value.code, int)
    return info.value.code, out, err


class Page(HTMLParser):
    """What a browser would fetch, the sections, and the charts of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []
        self.ids: list[str] = []
        self.svgs = 0
        self.polylines = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "link", "img", "iframe", "object", "embed") or a.get("src") or tag == "use":
            self.fetches.append(tag)
        if a.get("href") and not str(a["href"]).startswith("#"):
            self.fetches.append(str(a["href"]))
        if a.get("id"):
            self.ids.append(str(a["id"]))
        self.svgs += tag == "svg"
        self.polylines += tag == "polyline"


def test_the_html_report_is_one_page_with_every_section_and_a_chart_per_meter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "war.html"
    code, _, err = cli(capsys, "report", WAR, "-o", out)
    assert code == 0 and f"wrote {out}" in err
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert page.fetches == []  # opens offline: nothing to fetch
    assert [i for i in page.ids if i in SECTIONS] == list(SECTIONS)
    session = Session.load(WAR)
    tracks = sum(len(session.rules.seats()) if m.per_actor else 1 for m in session.rules.meters)
    assert page.svgs == page.polylines == tracks
    text = out.read_text(encoding="utf-8")
    for expected in (
        "War — round 10",
        "Russia played",  # the cause of the ending
        "heuristic bot",  # who played each seat
        "In reality:",  # the round's real week beside the story
        "Round 1 recap:",
        "why:",  # the bots' reasons
        "24 Feb 2022",  # the record
        "What the model does not claim",
        "S29: “",  # a source quoted
    ):
        assert expected in text, expected


def test_the_markdown_report_has_the_same_sections_and_stdout_is_the_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = cli(capsys, "report", WAR)
    assert code == 0
    assert out == render_report(Session.load(WAR), "md")
    headings = [line[3:] for line in out.splitlines() if line.startswith("## ")]
    assert headings == list(SECTIONS.values())
    assert out.count("**Escalation (Kahn's ladder)** (0–12): S 5,") == 1


def test_a_report_of_a_missing_or_broken_save_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "report", tmp_path / "none.json")
    assert code == 2 and err.startswith(f"{tmp_path / 'none.json'}:1:1: cannot read")
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    code, _, err = cli(capsys, "report", bad)
    assert code == 2 and "not a negsim save" in err


def test_run_save_writes_the_headless_game_as_a_save_with_the_bots_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save = tmp_path / "g.json"
    code, out, _ = cli(capsys, "run", STANDOFF, "--seed", "4", "--bots", "greedy", "--save", save)
    assert code == 0
    code, plain, _ = cli(capsys, "run", STANDOFF, "--seed", "4", "--bots", "greedy")
    assert out == plain  # the log is the same with or without --save
    session = Session.load(save)
    assert session.is_over and session.seed == 4 and set(session.seats.values()) == {"greedy"}
    data = json.loads(save.read_text(encoding="utf-8"))
    assert all(isinstance(a.get("why"), str) for a in data["actions"])
    assert f"Ending: {session.outcome().name}" in out  # type: ignore[union-attr]
    code, _, err = cli(capsys, "run", STANDOFF, "--rounds", "1", "--save", save)
    assert code == 2 and "--rounds" in err


RECORD = """\
record:
  - {date: 1 May, round: 9, text: Talks fail., ending: peace, meters: {pressure: 11, nosuch: 1}}
not_claimed: ["It is a toy."]
"""


def test_the_record_is_checked_against_the_scenario() -> None:
    """A record names real endings, rounds and meters, in their units (the debrief reads it)."""
    raw = STANDOFF.read_bytes() + b"\n" + RECORD.encode()
    report = check_bytes(raw, "s.yaml", warnings=False, provenance=False)
    messages = sorted(f"{i.path}: {i.message}" for i in report.errors)
    assert any(m.startswith("record[0].round: round 9 is past the last round") for m in messages), messages
    assert any(m.startswith("record[0].ending: unknown ending 'peace'") for m in messages), messages
    assert any(m.startswith("record[0].meters.pressure: 11 is outside pressure's range 0..10") for m in messages)
    assert any(m.startswith("record[0].meters.nosuch: unknown meter 'nosuch'") for m in messages), messages
