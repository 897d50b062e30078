"""The debrief that teaches: for one saved game per ending of dec2021, the ending's cause and, for each
other ending, its nearest approach; whose decisions mattered; the comparison with what happened.

The games are saves (each carries its copy of the scenario, so they replay whatever dec2021 becomes):
`negsim run scenarios/dec2021.yaml --save FILE` with --bots heuristic --seed 5 (war by the pre-emptive
card), random --seed 3207296026000306913 (breakthrough), random --seed 1 (fracture), greedy --seed 1
(no war by the end of February).
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from conftest import ROOT
from negsim.analysis.debrief import debrief
from negsim.analysis.endings import ending_cause, near_misses
from negsim.analysis.influence import deciding_meters, influence
from negsim.core.actions import Play
from negsim.session import Session
from negsim.tui.screens.debrief import debrief_text

ENDINGS = ROOT / "tests" / "fixtures" / "endings"
GAMES = {
    "war": ENDINGS / "war_by_force_heuristic_seed5.json",
    "breakthrough": ENDINGS / "breakthrough_random.json",
    "fracture": ENDINGS / "fracture_random_seed1.json",
    "no_war": ENDINGS / "no_war_greedy_seed1.json",
}
"""One saved game per ending of dec2021."""


def peak(session: Session, meter: str, sign: int) -> tuple[int, int]:
    """The highest (sign 1) or lowest (sign -1) value a meter reached, and the 1-based round it first did."""
    slot = session.rules.slot(meter)
    states = [session.state_at(i) for i in range(len(session.actions) + 1)]
    best = max(sign * s.meters[slot] for s in states)
    first = next(s.round + 1 for s in states if sign * s.meters[slot] == best)
    return sign * best, first


@pytest.mark.parametrize("ending", list(GAMES))
def test_the_debrief_names_the_cause_and_every_other_endings_nearest_approach(ending: str) -> None:
    session = Session.load(GAMES[ending])
    rules = session.rules
    assert rules.endings[session.state.ending].id == ending

    cause = ending_cause(session).how
    expected = {
        "war": 'Russia played “"Pre-emptive" use of force” in round',
        "breakthrough": "Its condition was met: RU leverage ≥ 10",
        "fracture": "Its condition was met: Cohesion ≤ 0",
        "no_war": "The last round (21–27 Feb 2022) ended with no other ending reached",
    }[ending]
    assert cause.startswith(expected), cause

    misses = {m.name: m for m in near_misses(session)}
    others = {e.name for e in rules.endings if e.id != ending and not e.final}
    assert set(misses) == others
    # Each condition's nearest approach is the real extreme of its meter, with its round and gap.
    conditions = {"War": ("escalation", 1, 12), "Russia's diplomatic breakthrough": ("leverage", 1, 10)}
    conditions["Alliance fracture"] = ("cohesion", -1, 0)
    for name, miss in misses.items():
        meter, sign, at = conditions[name]
        value, round_ = peak(session, meter, sign)
        (approach,) = miss.condition
        assert (approach.value, approach.round, approach.gap) == (value, round_, abs(at - value))
        verb = "peaked at" if sign > 0 else "was lowest at"
        assert f"{verb} {value} in round {round_} ({abs(at - value)} short)" in miss.summary()
    # War through the force card: which of its requirements were never met together, and how close each came.
    if "War" in misses:
        (route,) = misses["War"].cards
        assert route.card == '"Pre-emptive" use of force' and not route.played and not route.together
        assert [a.text for a in route.needs] == ["RU troops ≥ 175", "Escalation ≥ 8"]
        assert [a.text for a in route.unlock] == ["RU pretext ≥ 6"]
        troops, _ = peak(session, "troops", 1)
        needs = {a.text: a for a in route.needs}
        assert needs["RU troops ≥ 175"].met or needs["RU troops ≥ 175"].value == troops
        assert any(not a.met for a in (*route.needs, *route.unlock)) or not route.together
        assert '“"Pre-emptive" use of force” (Russia) needs RU troops ≥ 175 and Escalation ≥ 8' in route.words()


def test_war_by_force_is_told_with_the_cards_requirements_as_they_held() -> None:
    session = Session.load(GAMES["war"])
    assert isinstance(session.actions[-1], Play) and session.actions[-1].card == "ru_preemptive"
    cause = ending_cause(session)
    assert cause.card is not None and cause.card.played
    assert "once RU troops ≥ 175 and Escalation ≥ 8 and RU pretext ≥ 6 held" in cause.how


def test_whose_decisions_mattered_counts_decisions_on_the_deciding_meters_by_seat() -> None:
    session = Session.load(GAMES["breakthrough"])
    rules = session.rules
    deciding = deciding_meters(rules, session.state)
    assert {"escalation", "leverage", "cohesion", "troops", "pretext"} <= deciding and "support" not in deciding
    seats = influence(session)
    assert [s.weight for s in seats] == sorted((s.weight for s in seats), reverse=True)
    names = {rules.meters[rules.meter_index[m]].short for m in deciding}
    for s in seats:
        for move in s.moves:
            assert {name for name, _ in move.changes} <= names
    # The breakthrough came by accepted treaties: the tabler and those who accepted are both answerable.
    top = seats[0]
    assert top.seat == "russia" and "accepted" in top.moves[0].what


def test_the_debrief_sets_the_game_beside_the_record_and_says_what_the_model_does_not_claim() -> None:
    session = Session.load(GAMES["no_war"])
    d = debrief(session)
    invasion = next(c for c in d.record if c.date == "24 Feb 2022")
    assert invasion.game == "in this game: No war by the end of February, not War"
    troops = next(c for c in d.record if c.date == "18 Feb 2022")
    assert troops.game.startswith("Russian troops near Ukraine (thousands) ") and "(really 180)" in troops.game
    assert d.notes.not_claimed and d.notes.not_claimed[0].startswith("It predicts branches, not outcomes.")

    console = Console(width=80, file=io.StringIO(), record=True)
    console.print(debrief_text(session))
    text = " ".join(console.export_text().split())
    for heading in (
        "Why this ending",
        "The other endings: how near each came",
        "No War:",
        "Whose decisions mattered most",
        "Beside what really happened",
        "What the model does not claim",
    ):
        assert heading in text, heading
