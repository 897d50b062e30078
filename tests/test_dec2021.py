"""The dec2021 scenario: provenance, validity, and scripted playthroughs that show the analysis's
causal claims hold in play.

Each playthrough runs the real command line (``negsim run --script ... --bots passive --json``)
in a subprocess and reads its JSON lines. The scripts in ``tests/playthroughs/`` only make moves
a player could make; every decision they leave open is made by the passive bot (it passes and
stays silent). The outcomes asserted here come from the scenario's rules.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, SCENARIOS
from negsim.bots import make_bot
from negsim.core.rules import Rules
from negsim.jsonio import event_dict
from negsim.runner import play_out
from negsim.scenario.load import load
from negsim.script import load_script

SCENARIO = SCENARIOS / "dec2021.yaml"
SENTENCE_INDEX = SCENARIOS / "sources" / "pism-spotlight-214.md"
ANALYSIS = SCENARIOS / "sources" / "pism-spotlight-214.txt"
PLAYTHROUGHS = ROOT / "tests" / "playthroughs"
START = {"cohesion": 8, "escalation": 5, "leverage": 2, "pretext": 2, "troops": 90, "support": 3}
"""The scenario's starting meters (checked against the file by ``test_start_values``)."""

_SENTENCE = re.compile(r"^\s*[-*]\s*\*\*(S\d+)\*\*\s+(.+?)\s*$")
_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse runs of whitespace."""
    return _WS.sub(" ", text).strip()


def negsim(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the ``negsim`` command line as a subprocess of this interpreter."""
    return subprocess.run(
        [sys.executable, "-c", "from negsim.cli.main import main; main()", *(str(a) for a in args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def sentences() -> dict[str, str]:
    """The sentence index: ``S01`` to its text."""
    out: dict[str, str] = {}
    for line in SENTENCE_INDEX.read_text(encoding="utf-8").splitlines():
        m = _SENTENCE.match(line)
        if m:
            out[m.group(1)] = normalise(m.group(2))
    return out


def quotes(node: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    """Every ``quote`` in a parsed scenario: (where, sentence id, quoted text)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "quote" and isinstance(value, dict):
                for sid, text in value.items():
                    yield path, str(sid), str(text)
            else:
                yield from quotes(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            label = item.get("id", i) if isinstance(item, dict) else i
            yield from quotes(item, f"{path}[{label}]")


# ------------------------------------------------------------------------------ provenance


def test_validate_reports_no_errors_and_no_warnings() -> None:
    result = negsim("validate", SCENARIO, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["files"][0]["ok"] is True
    assert report["files"][0]["issues"] == []
    text = negsim("validate", SCENARIO)
    assert "ok (0 errors, 0 warnings)" in text.stdout


def test_every_quote_is_verbatim_in_the_sentence_index() -> None:
    index = sentences()
    scenario = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    found = list(quotes(scenario))
    assert len(found) >= 100
    for where, sid, text in found:
        assert sid in index, f"{where}: no sentence {sid}"
        assert normalise(text) in index[sid], f"{where}: quote is not verbatim in {sid}: {text!r}"


def test_every_sentence_of_the_index_is_in_the_analysis() -> None:
    index = sentences()
    assert list(index) == [f"S{i:02d}" for i in range(1, 41)]
    analysis = normalise(ANALYSIS.read_text(encoding="utf-8"))
    for sid, text in index.items():
        assert text in analysis, f"{sid} is not verbatim in {ANALYSIS.name}"


def test_the_scenario_declares_its_source() -> None:
    scenario = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    source = scenario["source"]
    assert source["sentences"] == "sources/pism-spotlight-214.md"
    assert source["url"].startswith("https://pism.pl/")
    cited = {sid for _, sid, _ in quotes(scenario)}
    # The scenario encodes most of the analysis, not a handful of sentences.
    assert len(cited) >= 35


def test_start_values() -> None:
    scenario = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    assert {m["id"]: m["start"] for m in scenario["meters"]} == START


# ------------------------------------------------------------------------------ playthroughs


@dataclass(frozen=True)
class Game:
    """A finished scripted game, read from ``negsim run --json``."""

    events: tuple[dict[str, Any], ...]

    @property
    def end(self) -> dict[str, Any]:
        """The ``game_end`` event."""
        last = self.events[-1]
        assert last["type"] == "game_end"
        return last

    @property
    def ending(self) -> str:
        """The ending reached."""
        return str(self.end["ending"])

    def final(self, meter: str) -> int:
        """A meter's final value."""
        return int(self.end["meters"][meter])

    def by_round(self, meter: str) -> dict[int, int]:
        """A meter's value at the end of every round played."""
        value = START[meter]
        out: dict[int, int] = {}
        for e in self.events:
            if e["type"] == "meter_changed" and e["meter"] == meter:
                value = e["new"]
            out[e["round"]] = value
        return out

    def changes(self, meter: str, kind: str | None = None, cause: str | None = None) -> list[dict[str, Any]]:
        """The changes of a meter, optionally only those with a given cause kind and id."""
        return [
            e
            for e in self.events
            if e["type"] == "meter_changed"
            and e["meter"] == meter
            and (kind is None or e["cause"]["kind"] == kind)
            and (cause is None or e["cause"]["id"] == cause)
        ]

    def played(self, card: str) -> list[dict[str, Any]]:
        """The times a card was played."""
        return [e for e in self.events if e["type"] == "card_played" and e["card"] == card]

    def first_round(self, meter: str, at_least: int) -> int | None:
        """The first round at whose end a meter stood at ``at_least`` or more."""
        hits = [r for r, v in self.by_round(meter).items() if v >= at_least]
        return min(hits) if hits else None


@functools.cache
def play(script: str, seed: int = 1) -> Game:
    """Play ``tests/playthroughs/<script>.yaml`` with the passive bot for everything unscripted."""
    result = negsim(
        "run", SCENARIO, "--seed", str(seed), "--bots", "passive", "--script", PLAYTHROUGHS / f"{script}.yaml", "--json"
    )
    assert result.returncode == 0, result.stderr
    events = tuple(json.loads(line) for line in result.stdout.splitlines())
    return Game(events)


@functools.cache
def rules() -> Rules:
    """The dec2021 rules, loaded once."""
    return load(SCENARIO)


def replay(script: Path, seed: int) -> Game:
    """Play a script in-process (no subprocess), for sweeps over many seeds."""
    events: list[dict[str, Any]] = []
    bots = {a.id: make_bot("passive", a.id, seed) for a in rules().actors}
    play_out(rules(), seed, bots, load_script(script), lambda e, _why: events.append(event_dict(e)))
    return Game(tuple(events))


SWEEP = range(1, 41)
"""Seeds for the sweeps: chance (news draws, dice) must not change a line's story."""


@pytest.mark.parametrize("script", ["historical", "poland_line"])
def test_war_comes_only_by_russias_decision_on_every_seed(script: str) -> None:
    """However the news falls, war comes on 24 February, when Russia decides [S23], [S29].

    The threat of war and news such as the Donbas shelling climb Kahn's ladder only up to rung
    10 (his "nuclear war is unthinkable" threshold); beyond it only deliberate acts climb. So on
    every seed the Alliance holds [S38], Russia's leverage stays low [S32], and the war is
    Russia's "pre-emptive" card, played in the last round.
    """
    for seed in SWEEP:
        game = replay(PLAYTHROUGHS / f"{script}.yaml", seed)
        assert game.ending == "war", seed
        assert game.end["round"] == 10, seed
        assert [e["cause"]["id"] for e in game.changes("escalation") if e["new"] == 12] == ["ru_preemptive"], seed
        drift = [e for e in game.changes("escalation") if e["by"] > 0 and e["cause"]["kind"] in {"event", "trigger"}]
        assert all(e["new"] <= 10 for e in drift), seed
        assert min(game.by_round("cohesion").values()) >= START["cohesion"], seed
        assert max(game.by_round("leverage").values()) <= 3, seed
        assert "russia" not in game.end["winners"], seed


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_historical_line_alliance_holds_aims_unmet_and_russia_goes_to_war(seed: int) -> None:
    """December 2021 to 24 February 2022 as it happened (public-record.md B2–B4).

    The Alliance holds [S38]: it consults first [S39] and answers together. Russia's diplomatic
    aims stay unmet [S22], [S32]: its leverage stays low. Refusal is used in Russian propaganda
    and to justify military action [S29]: rejections raise the pretext meter, whose threshold
    unlocks the "pre-emptive" use of force [S23], which Russia plays on 24 February.
    """
    game = play("historical", seed)
    assert game.ending == "war"
    assert game.end["round"] == 10
    # War came by Russia's decision, once the pretext had unlocked it.
    assert [e["actor"] for e in game.played("ru_preemptive")] == ["russia"]
    unlocks = [e for e in game.events if e["type"] == "card_lock_changed" and e["card"] == "ru_preemptive"]
    assert [(u["locked"], u["cause"]["id"]) for u in unlocks] == [(False, "pretext_established")]
    # The Alliance holds: cohesion never falls below its start.
    assert min(game.by_round("cohesion").values()) >= START["cohesion"]
    # Russia's aims are unmet: leverage never rises above 3.
    assert max(game.by_round("leverage").values()) <= 3
    # The pretext is high, and refusals fed it.
    assert game.final("pretext") >= 8
    from_refusals = sum(e["new"] - e["old"] for e in game.changes("pretext", "resolution") if e["by"] > 0)
    assert from_refusals >= 4
    assert all(e["cause"]["branch"] == "reject" for e in game.changes("pretext", "resolution") if e["by"] > 0)
    # Neither a breakthrough nor a divided Alliance: Russia loses; NATO and Poland keep their aims.
    assert "russia" not in game.end["winners"]
    assert {"nato", "poland"} <= set(game.end["winners"])


def test_talks_on_russias_terms_raise_leverage_and_divide_the_alliance() -> None:
    """Talks on Russia's terms, opened without prior Alliance consultation.

    Agreeing to such a dialogue moves Russia closer to its interests [S28] and legitimises its
    claimed right to block [S27]; bilateral talks without an internal NATO discussion first
    bring the divisions Poland warns of [S36], [S38].
    """
    game = play("russia_terms")
    history = play("historical")
    # The U.S. opened talks before NATO had agreed a course: the allies felt bypassed.
    assert [e["by"] for e in game.changes("cohesion", "card", "us_open_talks")] == [-2]
    # Accepting Russia's draft treaty: leverage up [S28], cohesion down, more so for bypassing allies [S38].
    assert [e["by"] for e in game.changes("leverage", "resolution", "ru_treaty")] == [3]
    assert sorted(e["by"] for e in game.changes("cohesion", "resolution", "ru_treaty")) == [-1, -1]
    # Leverage rose and cohesion fell, far beyond the historical line.
    assert game.final("leverage") >= 8 > max(history.by_round("leverage").values())
    assert game.final("cohesion") <= 3 < min(history.by_round("cohesion").values())
    assert game.ending in {"breakthrough", "fracture"}
    assert game.end["winners"] == ["russia"]


def test_polands_line_keeps_the_alliance_together() -> None:
    """Poland's recommended line [S37]–[S39], with Russia's historical campaign.

    An internal NATO discussion on a course of action comes first [S39]; Russia's demands are
    answered with the call for the withdrawal of all concentrated forces [S37]; the NRC
    invitation is renewed, incident-avoidance talks offered and readiness to discuss at the
    OSCE shown [S39]. The U.S. talks bilaterally only after that [S38]. Cohesion holds.
    """
    game = play("poland_line")
    consulted = next(e for e in game.events if e["type"] == "flag_changed" and e["flag"] == "nato_consulted")
    talks = game.played("us_open_talks")[0]
    assert game.events.index(consulted) < game.events.index(talks)
    # Talks after consultation divide nobody (cohesion already stood at its maximum).
    assert not any(e["by"] < 0 for e in game.changes("cohesion", "card", "us_open_talks"))
    # The call for withdrawal answered the demands, twice; Russia refused it.
    calls = [e for e in game.events if e["type"] == "item_resolved" and e["card"] == "pl_withdrawal_call"]
    assert [c["result"] for c in calls] == ["reject", "reject"]
    # Cohesion never falls below where it started and ends high.
    assert min(game.by_round("cohesion").values()) >= START["cohesion"]
    assert game.final("cohesion") >= 9
    # Russia gets nowhere at the table.
    assert game.final("leverage") <= 2
    assert {"poland", "nato"} <= set(game.end["winners"])


def test_flat_refusal_feeds_the_pretext_fastest() -> None:
    """Flat refusal of everything [S29], compared with the other lines.

    "Refusal will be used in Russian propaganda and may be used to justify military action
    against Ukraine" [S29]. All lines share Russia's moves in rounds 1–3; only the West's answers
    differ. Flat refusal raises the pretext meter fastest and reaches the threshold that unlocks
    the "pre-emptive" use of force [S23] first; the war then comes a week earlier than in history.
    """
    flat = play("flat_refusal")
    others = {name: play(name) for name in ("historical", "poland_line", "russia_terms", "partial_deal")}
    rise = flat.by_round("pretext")[3] - START["pretext"]
    flat_first = flat.first_round("pretext", 6)
    assert flat_first is not None
    for name, game in others.items():
        assert rise > game.by_round("pretext")[3] - START["pretext"], name
        first = game.first_round("pretext", 6)
        assert first is None or flat_first < first, name
    # Every rise of the pretext from an answer was a refusal: a rejected demand, or the allies'
    # agreed collective "no" (the reaffirmed open door).
    answered = [e for e in flat.changes("pretext", "resolution") if e["by"] > 0]
    assert len(answered) >= 4
    assert all(e["cause"]["branch"] == "reject" or e["cause"]["id"] == "nato_reaffirm" for e in answered)
    assert flat.ending == "war"
    assert flat.end["round"] < others["historical"].end["round"]


def test_an_allied_groups_partial_deal_against_the_same_game_without_it(tmp_path: Path) -> None:
    """The partial deal's effect on the board, against the same line with Germany passing [S34].

    Both games share every move and every draw up to the deal (round 4), so the difference at
    the end of that round is the deal's alone: cohesion is 1 lower and Russian leverage 2
    higher on every seed, and escalation 2 lower on some seeds only, as the chance roll falls.
    """
    script = (PLAYTHROUGHS / "partial_deal.yaml").read_text(encoding="utf-8")
    deal = next(line for line in script.splitlines() if "card: de_partial_deal, forum:" in line)
    answer = next(line for line in script.splitlines() if "card: de_partial_deal, response:" in line)
    without = tmp_path / "no_deal.yaml"
    without.write_text(script.replace(deal, "  - {actor: germany, pass: true}").replace(answer + "\n", ""), "utf-8")
    eased: set[bool] = set()
    for seed in range(1, 21):
        with_deal = replay(PLAYTHROUGHS / "partial_deal.yaml", seed)
        base = replay(without, seed)
        assert not base.played("de_partial_deal")

        def diff(meter: str, a: Game = with_deal, b: Game = base) -> int:
            return a.by_round(meter)[4] - b.by_round(meter)[4]

        assert diff("cohesion") == -1, seed
        assert diff("leverage") == 2, seed
        assert diff("escalation") in {0, -2}, seed
        eased.add(diff("escalation") == -2)
    assert eased == {True, False}


def cause(card: str, kind: str) -> dict[str, Any]:
    """The cause of Germany playing ``card`` (kind ``card``) or of its tabled item's effects."""
    return {"kind": kind, "id": card, "actor": "germany", "branch": None}


def round_one(path: Path, *moves: str) -> Game:
    """Round 1 with seed 1: Russia, the U.S., NATO and Poland pass unless ``moves`` play a card for them."""
    actors = {m.split(",")[0].removeprefix("{actor: ") for m in moves if "response:" not in m}
    passes = [f"{{actor: {a}, pass: true}}" for a in ("russia", "usa", "nato", "poland") if a not in actors]
    path.write_text("".join(f"- {m}\n" for m in (*passes, *moves)), "utf-8")
    return replay(path, 1)


def test_contentious_signals_cost_cohesion_even_when_agreed(tmp_path: Path) -> None:
    """Signals of non-expansion and limits on the Eastern Flank are contentious [S33].

    Raising one "could become" contentious: a chance roll, whatever the allies answer, that
    costs 1 cohesion when it comes up. Agreeing to it always costs 1 cohesion and gives Russia
    leverage [S28]; blocking it spares the Alliance that cost.
    """
    for card in ("de_non_expansion", "de_flank_limits"):
        games = {}
        for answer in ("accept", "reject"):
            games[answer] = round_one(
                tmp_path / f"{card}-{answer}.yaml",
                f"{{actor: germany, card: {card}, forum: nac}}",
                f"{{actor: usa, card: {card}, response: accept}}",
                f"{{actor: poland, card: {card}, response: {answer}}}",
            )
        for game in games.values():
            rolls = [e for e in game.events if e["type"] == "chance_rolled" and e["cause"] == cause(card, "card")]
            assert len(rolls) == 1
            expected = [-1] if rolls[0]["success"] else []
            assert [e["by"] for e in game.changes("cohesion", "card", card)] == expected
        agreed, blocked = games["accept"], games["reject"]
        assert [e["by"] for e in agreed.changes("cohesion", "resolution", card)] == [-1]
        assert [e["by"] for e in agreed.changes("leverage", "resolution", card)] == [2]
        assert blocked.changes("cohesion", "resolution", card) == []
        assert blocked.changes("leverage", "resolution", card) == []


def test_an_allied_groups_partial_deal_only_assumably_limits_escalation() -> None:
    """An allied group's partial deal [S34], and the contention it causes [S33].

    A deal that meets some of Russia's demands is "assumably limiting the risk of escalation"
    [S34]: whether escalation falls is decided by the chance roll, shown in the log, and over a
    dozen seeds it goes both ways. Either way the proposal costs cohesion and its acceptance
    raises Russian leverage [S28].
    """
    outcomes: set[bool] = set()
    for seed in range(1, 13):
        game = play("partial_deal", seed)
        rolls = [e for e in game.events if e["type"] == "chance_rolled" and e["cause"]["id"] == "de_partial_deal"]
        assert len(rolls) == 1
        eases = bool(rolls[0]["success"])
        outcomes.add(eases)
        eased = game.changes("escalation", "resolution", "de_partial_deal")
        assert [e["by"] for e in eased] == ([-2] if eases else []), seed
        assert [e["by"] for e in game.changes("cohesion", "card", "de_partial_deal")] == [-1]
        assert [e["by"] for e in game.changes("leverage", "resolution", "de_partial_deal")] == [2]
    assert outcomes == {True, False}


def test_an_offer_to_moscow_is_answered_by_moscow_alone(tmp_path: Path) -> None:
    """NATO's incident-avoidance talks and Poland's OSCE dialogue are offers to Russia [S39]: only
    Russia answers them, so an ally cannot "refuse" them in Moscow's place (which would make
    Russia's story of a West that will not talk wear thin by mistake).
    """
    for card, owner in (("nato_incident_talks", "nato"), ("pl_osce_dialogue", "poland")):
        for answer in ("accept", "reject"):
            game = round_one(
                tmp_path / f"{card}-{answer}.yaml",
                f"{{actor: {owner}, card: {card}, forum: public, target: russia}}",
                f"{{actor: russia, card: {card}, response: {answer}}}",
            )
            answered = [e["actor"] for e in game.events if e["type"] == "answered"]
            assert answered == ["russia"], (card, answer)
            resolved = [e["result"] for e in game.events if e["type"] == "item_resolved" and e["card"] == card]
            assert resolved == [answer]
            moved = [(e["by"], e["cause"]["branch"]) for e in game.changes("pretext", "resolution", card)]
            assert moved == ([(-1, "reject")] if answer == "reject" else [])
