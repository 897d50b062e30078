"""The cuba1962 scenario: it validates clean, every bot finishes a game, and every ending is
reached by a line of play a player could make.

The lines are move scripts (the ``negsim run --script`` format), built round by round below and
played in-process with the passive bot taking every decision a script leaves open. The endings
asserted here come from the scenario's rules; where chance could change a line's story, the
test sweeps seeds.
"""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, SCENARIOS, negsim
from negsim.bots import make_bot
from negsim.core.engine import Outcome, outcome
from negsim.core.rules import Rules
from negsim.jsonio import event_dict
from negsim.runner import play_out
from negsim.scenario.load import load
from negsim.script import load_script

SCENARIO = SCENARIOS / "cuba1962.yaml"
NOTES = ROOT / "docs" / "scenarios" / "cuba1962.md"
SEATS = ("usa", "ussr", "cuba")


@functools.cache
def rules() -> Rules:
    return load(SCENARIO)


# ------------------------------------------------------------------------------ scripts

Move = dict[str, Any]


def day(
    *,
    ussr_sea: str | None = None,
    usa_sea: str | None = None,
    usa: tuple[Move, ...] = (),
    ussr: tuple[Move, ...] = (),
    cuba: tuple[Move, ...] = (),
    answers: tuple[Move, ...] = (),
) -> list[Move]:
    """One round's decisions in the order they are asked: the USSR then the U.S. at the
    quarantine line, the U.S., the USSR and Cuba in the capitals (up to two cards each; a
    pass ends a turn), then the answers. Cards are given as ``{card: ..., forum: ..., target: ...}``."""
    out: list[Move] = []
    out.append({"actor": "ussr", "card": ussr_sea} if ussr_sea else {"actor": "ussr", "pass": True})
    out.append({"actor": "usa", "card": usa_sea} if usa_sea else {"actor": "usa", "pass": True})
    for actor, plays in (("usa", usa), ("ussr", ussr), ("cuba", cuba)):
        out.extend({"actor": actor, **p} for p in plays)
        if len(plays) < 2:
            out.append({"actor": actor, "pass": True})
    out.extend(answers)
    return out


def quiet(n: int) -> list[Move]:
    """``n`` rounds in which every seat passes (the table is empty)."""
    return [m for _ in range(n) for m in day()]


def card(cid: str, **where: str) -> Move:
    return {"card": cid, **where}


def answer(actor: str, cid: str, response: str, counter: str | None = None) -> Move:
    m: Move = {"actor": actor, "card": cid, "response": response}
    if counter:
        m["counter"] = counter
    return m


HISTORICAL: list[Move] = [
    # 16–21 Oct: the ExComm deliberates in secret; the invasion force gathers; work goes on.
    *day(usa=(card("us_prepare_invasion"),), ussr=(card("ussr_work_sites"),)),
    # 22 Oct: Kennedy's address; Acheson briefs the allies; Cuba's combat alarm.
    *day(
        usa=(card("us_address"), card("us_consult_allies", forum="nac")),
        ussr=(card("ussr_work_sites"),),
        cuba=(card("cuba_mobilise"),),
    ),
    # 23 Oct: the OAS; low-level flights; Khrushchev's letter; Cuba at the Security Council.
    *day(
        usa=(card("us_oas"), card("us_low_level")),
        ussr=(card("ussr_denounce"), card("ussr_work_sites")),
        cuba=(card("cuba_un_appeal"),),
    ),
    # 24 Oct: the ships turn back at the line; Strategic Air Command at DEFCON 2.
    *day(ussr_sea="ussr_turn_back", usa_sea="us_enforce", usa=(card("us_defcon2"),)),
    # 25 Oct: the Bucharest let through; Stevenson; Moscow takes up U Thant's standstill, Washington refuses.
    *day(
        usa_sea="us_let_pass",
        usa=(card("us_stevenson"),),
        ussr=(card("ussr_un_standstill", forum="un", target="usa"),),
        answers=(answer("usa", "ussr_un_standstill", "reject"), answer("cuba", "ussr_un_standstill", "accept")),
    ),
    # 26 Oct: the Marucla boarded; Khrushchev's first letter; Castro's letter in the night.
    *day(
        usa_sea="us_enforce",
        ussr=(card("ussr_letter_26", forum="letters"),),
        cuba=(card("cuba_castro_letter", forum="havana_moscow"),),
        answers=(answer("usa", "ussr_letter_26", "silence"), answer("ussr", "cuba_castro_letter", "silence")),
    ),
    # 27 Oct: the ultimatum and the secret assurance; the broadcast letter, answered with the reply
    # to the first; Cuban guns fire on the low-flying jets.
    *day(
        usa=(card("us_rfk_deadline", forum="back_channel"), card("us_jupiter_assurance", forum="back_channel")),
        ussr=(card("ussr_letter_27", forum="radio", target="usa"),),
        cuba=(card("cuba_aa_fire"),),
        answers=(
            answer("ussr", "us_rfk_deadline", "silence"),
            answer("ussr", "us_jupiter_assurance", "accept"),
            answer("usa", "ussr_letter_27", "counter", "us_reply_27"),
            answer("ussr", "us_reply_27", "silence"),
        ),
    ),
    # 28 Oct: Khrushchev accepts on the radio, before the deadline runs out; Castro's five points.
    *day(cuba=(card("cuba_five_points"),), answers=(answer("ussr", "us_rfk_deadline", "accept"),)),
]

PLEDGE: list[Move] = [
    *quiet(5),
    *day(ussr=(card("ussr_letter_26", forum="letters"),), answers=(answer("usa", "ussr_letter_26", "accept"),)),
]

PUBLIC_TRADE: list[Move] = [
    *quiet(5),
    *day(
        ussr=(card("ussr_letter_27", forum="radio", target="usa"),),
        answers=(answer("usa", "ussr_letter_27", "accept"),),
    ),
]

STRIKE: list[Move] = [
    *day(usa=(card("us_prepare_invasion"),)),
    *day(usa=(card("us_low_level"),)),
    *quiet(1),
    *day(usa=(card("us_strike"),)),
]

ULTIMATUM_RUNS_OUT: list[Move] = [
    *day(usa=(card("us_prepare_invasion"),)),
    *quiet(4),
    *day(usa=(card("us_rfk_deadline", forum="back_channel"),), answers=(answer("ussr", "us_rfk_deadline", "silence"),)),
    *day(answers=(answer("ussr", "us_rfk_deadline", "silence"),)),
]

CONFRONTATION: list[Move] = [
    *day(usa=(card("us_prepare_invasion"),)),
    *day(usa=(card("us_address"),)),
    *day(ussr=(card("ussr_denounce"),)),
    *day(ussr_sea="ussr_run_line", usa_sea="us_enforce", usa=(card("us_defcon2"),)),
    *day(ussr_sea="ussr_run_line", usa_sea="us_enforce"),
]


def script_file(tmp_path: Path, name: str, moves: list[Move]) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"moves": moves}, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def replay(script: Path, seed: int) -> tuple[Outcome, list[dict[str, Any]]]:
    """Play a script in-process, the passive bot deciding whatever it leaves open."""
    events: list[dict[str, Any]] = []
    bots = {a.id: make_bot("passive", a.id, seed) for a in rules().actors}
    state = play_out(rules(), seed, bots, load_script(script), lambda e, _why: events.append(event_dict(e)))
    result = outcome(state)
    assert result is not None
    return result, events


def endings(script: Path, seeds: range) -> Counter[str]:
    return Counter(replay(script, seed)[0].ending for seed in seeds)


# ------------------------------------------------------------------------------ validity


def test_the_property_suite_covers_it() -> None:
    import test_properties

    assert SCENARIO in test_properties.SCENARIO_FILES


def test_it_is_installed_with_the_bundled_scenarios() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"scenarios/cuba1962.yaml"' in text


def test_every_element_names_its_documents_and_no_url_or_quotation() -> None:
    """Provenance by title and date only: nothing in a reference that cannot be checked here."""
    scenario = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))

    def walk(node: Any) -> list[Any]:
        if isinstance(node, dict):
            assert "quote" not in node
            return [node.get("reference"), *(x for v in node.values() for x in walk(v))]
        if isinstance(node, list):
            return [x for v in node for x in walk(v)]
        return []

    refs = [r for group in walk(scenario) if group for r in group]
    assert len(refs) >= 100
    for r in refs:
        assert "http" not in r and "www." not in r and '"' not in r and "“" not in r
        assert "1962" in r or "1961" in r or "1963" in r, r
    for group in ("meters", "flags", "forums", "cards", "triggers", "endings", "actors"):
        for element in scenario[group]:
            assert element.get("reference"), f"{group} {element['id']} has no reference"


def test_the_seats_and_the_calendar() -> None:
    r = rules()
    assert [a.id for a in r.actors if a.seat] == list(SEATS)
    labels = list(r.rounds)
    assert labels[0] == "16–21 Oct 1962" and labels[-1] == "28 Oct 1962" and len(labels) == 8


# ------------------------------------------------------------------------------ bots


@pytest.mark.parametrize("bot", ["random", "passive", "greedy", "heuristic", "mcts:easy"])
def test_a_headless_game_with_each_bot_finishes(bot: str) -> None:
    result = negsim("run", SCENARIO, "--seed", "1", "--bots", bot)
    assert result.returncode == 0, result.stderr
    assert "Ending: " in result.stdout and "Scores: " in result.stdout


@pytest.mark.parametrize("line", ["kennedy", "hardline"])
def test_each_named_line_plays_the_us_seat(line: str) -> None:
    result = negsim("run", SCENARIO, "--seed", "2", "--bots", "heuristic", "--seat", f"usa=line:{line}")
    assert result.returncode == 0, result.stderr
    assert "Ending: " in result.stdout


# ------------------------------------------------------------------------------ endings


def test_the_historical_line_ends_in_a_deal_with_a_secret_trade(tmp_path: Path) -> None:
    """16–28 October as it happened: the quarantine, the ships turned back, the two letters, the
    ultimatum and the secret assurance; Khrushchev accepts on 28 October. Chance (the news, the
    guns firing on the jets at the brink) turns it into war on few seeds."""
    script = script_file(tmp_path, "historical", HISTORICAL)
    result, events = replay(script, 1)
    assert result.ending == "secret_trade" and result.round == 8
    assert result.meters["allies"] >= 5
    assert "usa" in result.winners and "cuba" not in result.winners
    # Secrecy: everything of the back channel is seen by Washington and Moscow only; the U.S.
    # never sees what passes between Havana and Moscow.
    back = [e for e in events if e.get("forum") == "back_channel" or e.get("card") == "us_jupiter_assurance"]
    assert back and all(e["seen_by"] == ["usa", "ussr"] for e in back)
    havana = [e for e in events if e.get("forum") == "havana_moscow"]
    assert havana and all(e["seen_by"] == ["ussr", "cuba"] for e in havana)
    # Sealed: at the quarantine line both sides choose blind, every day.
    sealed = [(e["round"], e["actor"]) for e in events if e["type"] == "choice_sealed"]
    assert sealed == [(r, a) for r in range(1, 9) for a in ("ussr", "usa")]
    seen = endings(script, range(1, 41))
    assert seen["secret_trade"] >= 36 and set(seen) <= {"secret_trade", "war"}


def test_the_first_letter_accepted_is_missiles_out_for_a_pledge(tmp_path: Path) -> None:
    result, _ = replay(script_file(tmp_path, "pledge", PLEDGE), 1)
    assert result.ending == "pledge_deal" and result.round == 6


def test_the_broadcast_letter_accepted_is_a_public_trade_that_shakes_the_allies(tmp_path: Path) -> None:
    result, _ = replay(script_file(tmp_path, "public", PUBLIC_TRADE), 1)
    assert result.ending == "public_trade"
    assert result.meters["allies"] <= 3
    # The U.S. loses its allies' confidence, and scores less than for the first letter's terms.
    assert result.scores["usa"] < replay(script_file(tmp_path, "pledge", PLEDGE), 1)[0].scores["usa"]


def test_a_public_trade_after_consulting_nato_keeps_the_allies(tmp_path: Path) -> None:
    consulted: list[Move] = [
        *quiet(5),
        *day(
            usa=(card("us_nato_trade", forum="nac"),),
            ussr=(card("ussr_letter_27", forum="radio", target="usa"),),
            answers=(answer("usa", "ussr_letter_27", "accept"),),
        ),
    ]
    result, _ = replay(script_file(tmp_path, "consulted", consulted), 1)
    assert result.ending == "public_trade"
    assert result.meters["allies"] == 5
    public, _ = replay(script_file(tmp_path, "public", PUBLIC_TRADE), 1)
    assert result.scores["usa"] > public.scores["usa"]


def test_an_early_strike_on_unready_sites_is_an_invasion(tmp_path: Path) -> None:
    script = script_file(tmp_path, "strike", STRIKE)
    assert endings(script, range(1, 21)) == Counter({"invasion": 20})


def test_an_ultimatum_that_runs_out_brings_the_strike(tmp_path: Path) -> None:
    """The deadline's ``expire`` branch: silence in two answer phases, then the strike at the round's end."""
    script = script_file(tmp_path, "expire", ULTIMATUM_RUNS_OUT)
    result, events = replay(script, 1)
    expired = [e for e in events if e.get("result") == "expire"]
    assert [(e["card"], e["round"]) for e in expired] == [("us_rfk_deadline", 7)]
    assert result.round == 7
    assert endings(script, range(1, 21)).keys() <= {"invasion", "war"}


def test_a_confrontation_at_the_line_is_nuclear_war(tmp_path: Path) -> None:
    script = script_file(tmp_path, "confrontation", CONFRONTATION)
    seen = endings(script, range(1, 21))
    assert seen == Counter({"war": 20})
    result, _ = replay(script, 1)
    assert all(v == 0 for v in result.scores.values())


def test_doing_nothing_lets_the_crisis_run_out(tmp_path: Path) -> None:
    seen = endings(script_file(tmp_path, "nothing", []), range(1, 21))
    assert seen["unresolved"] >= 15


def test_every_ending_is_reached_by_some_line(tmp_path: Path) -> None:
    reached = {
        replay(script_file(tmp_path, name, moves), 1)[0].ending
        for name, moves in (
            ("historical", HISTORICAL),
            ("pledge", PLEDGE),
            ("public", PUBLIC_TRADE),
            ("strike", STRIKE),
            ("confrontation", CONFRONTATION),
            ("nothing", []),
        )
    }
    assert reached == {e.id for e in rules().endings}


# ------------------------------------------------------------------------------ docs


def test_the_designers_notes_exist_and_name_the_mechanics() -> None:
    text = NOTES.read_text(encoding="utf-8")
    for word in ("back channel", "quarantine line", "ultimatum", "accident", "not claim", "tournament"):
        assert word in text.lower(), word
    assert "cuba1962" in (ROOT / "README.md").read_text(encoding="utf-8")
