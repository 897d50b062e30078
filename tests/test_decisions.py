"""Decision rules (issue 12, item 2): weighted voting on several dimensions with a blocking
minority, the addressee's consent whatever the vote, and each member's answer readable in
expressions (``answer(card, actor)``). Played on ``tests/scenarios/council.yaml``."""

from __future__ import annotations

import pytest

import negsim
from conftest import TEST_SCENARIOS
from negsim import Answer, GameState, Pass, Play, Response, Rules, step
from negsim.core.events import Event, ItemResolved, MeterChanged, Note
from negsim.core.forums import ACCEPT, REJECT, SILENCE, responders, weighted
from negsim.core.rules import ForumSpec, Rule, VoteWeightSpec
from negsim.describe import forum_words
from negsim.scenario.expr import ExprError, compile_expr, names_of
from negsim.scenario.load import check_bytes

MEMBERS = ("germany", "france", "italy", "poland", "hungary")


@pytest.fixture(scope="module")
def council() -> Rules:
    return negsim.load(TEST_SCENARIOS / "council.yaml")


def votes(rules: Rules, **answers: int) -> tuple[tuple[int, int, int], ...]:
    return tuple((rules.actor_index[a], r, -1) for a, r in answers.items())


def test_a_double_majority_needs_both_thresholds(council: Rules) -> None:
    """R0.6: "`weighted`: accepted if, on every dimension of `weights`, the members who accept (the
    proposer among them, if it is a member) hold at least `threshold` percent of all the members'
    weight, or if fewer than `blocking` members withhold acceptance"."""
    f = council.forums[council.forum_index["council"]]
    commission = council.actor_index["commission"]
    # 3 of 5 states (60% >= 55%) holding 211 of 258 (82% >= 65%) of the population.
    assert (
        weighted(
            f, commission, votes(council, germany=ACCEPT, france=ACCEPT, italy=ACCEPT, poland=REJECT, hungary=REJECT)
        )
        == ACCEPT
    )
    # 3 of 5 states, but 106 of 258 (41%): Germany and France are a blocking minority of two.
    assert (
        weighted(
            f, commission, votes(council, germany=REJECT, france=REJECT, italy=ACCEPT, poland=ACCEPT, hungary=ACCEPT)
        )
        == REJECT
    )
    # 2 of 5 states (40%), though 152 of 258 (59%): silence withholds a member's weight too.
    assert (
        weighted(
            f, commission, votes(council, germany=ACCEPT, france=ACCEPT, italy=SILENCE, poland=SILENCE, hungary=SILENCE)
        )
        == SILENCE
    )


def test_fewer_members_than_the_blocking_minority_cannot_block() -> None:
    a, b, c, d = range(4)
    f = ForumSpec(
        index=0,
        id="f",
        name="F",
        rule=Rule.WEIGHTED,
        members=(a, b, c, d),
        weights=(VoteWeightSpec(name="Population", weights=(50, 20, 20, 10), threshold=65),),
        blocking=2,
    )
    # ``a`` alone holds 50%: the others' 50% misses 65%, but one member is no blocking minority.
    assert weighted(f, -1, ((b, ACCEPT, -1), (c, ACCEPT, -1), (d, ACCEPT, -1), (a, REJECT, -1))) == ACCEPT
    assert weighted(f, -1, ((b, ACCEPT, -1), (c, REJECT, -1), (d, ACCEPT, -1), (a, REJECT, -1))) == REJECT
    # The proposer, a member, counts as accepting its own item: 50 + 20 = 70%.
    unblocked = ForumSpec(index=0, id="f", name="F", rule=Rule.WEIGHTED, members=f.members, weights=f.weights)
    assert weighted(unblocked, a, ((b, ACCEPT, -1), (c, REJECT, -1), (d, REJECT, -1))) == ACCEPT
    assert weighted(unblocked, -1, ((a, ACCEPT, -1), (b, REJECT, -1), (c, REJECT, -1), (d, REJECT, -1))) == REJECT


def test_forums_say_how_they_decide(council: Rules) -> None:
    assert forum_words(council.forums[council.forum_index["council"]]) == (
        "every other member answers; accepted with 55% of States and 65% of Population (the proposer's included); "
        "it takes at least 2 members to block"
    )
    assert forum_words(council.forums[council.forum_index["energy_talks"]]) == (
        "every other member answers; more than half must accept; the addressee must itself accept"
    )


def play_round(
    s: GameState, plays: dict[str, Play], answers: dict[tuple[str, str], Response], log: list[Event]
) -> GameState:
    """One round: the given plays (others pass), then the given answers by (card, actor) (others silent)."""
    while s.phase_id == "moves":
        who = s.actor_to_move or ""
        s, events = step(s, plays.pop(who, Pass(actor=who)))
        log.extend(events)
    while s.phase_id == "vote" and not s.is_over and s.queue:
        item = s.item(s.queue[0][0])
        assert item is not None
        who = s.actor_to_move or ""
        r = answers.get((s.rules.cards[item.card].id, who), Response.SILENCE)
        s, events = step(s, Answer(actor=who, item=item.id, response=r))
        log.extend(events)
    return s


def test_the_addressee_must_consent_whatever_the_vote(council: Rules) -> None:
    """R0.6: "In a forum with `target_consents`, an item with a target that the forum's rule accepts
    is accepted only if the target itself accepted; otherwise the target's own answer is the result." """
    s = negsim.new_game(council, 0)
    deal = Play(actor="germany", card="energy_deal", forum="energy_talks", target="poland")
    assert deal in negsim.legal_actions(step(s, Pass(actor="commission"))[0])
    log: list[Event] = []
    a, r = Response.ACCEPT, Response.REJECT
    s = play_round(
        s,
        {"germany": deal},
        {("energy_deal", "france"): a, ("energy_deal", "italy"): a, ("energy_deal", "poland"): r},
        log,
    )
    # France and Italy outvote Poland (2 of 3), but Poland is the addressee: its rejection stands.
    assert [e.result for e in log if isinstance(e, ItemResolved)] == ["reject"]
    assert responders(
        council, council.actor_index["germany"], council.forum_index["energy_talks"], council.actor_index["poland"]
    ) == (
        council.actor_index["france"],
        council.actor_index["italy"],
        council.actor_index["poland"],
    )


def test_effects_read_who_voted_how(council: Rules) -> None:
    """R0.6: "Before the card's effects for the result run, each responder's answer is recorded for
    `answer(card, actor)` (the answers on the card's earlier items are forgotten)." """
    s = negsim.new_game(council, 0)
    log: list[Event] = []
    yes = {("sanctions_package", m): Response.ACCEPT for m in MEMBERS[:4]}
    package = Play(actor="commission", card="sanctions_package", forum="council")
    s = play_round(s, {"commission": package}, {**yes, ("sanctions_package", "hungary"): Response.REJECT}, log)
    assert [e.result for e in log if isinstance(e, ItemResolved)] == ["accept"]
    assert any(isinstance(e, Note) and e.text == "Hungary is outvoted." for e in log)
    fall = [e for e in log if isinstance(e, MeterChanged) and e.meter == "standing"]
    assert [(e.owner, e.new - e.old) for e in fall] == [("hungary", -1)]
    names = names_of(council)
    assert compile_expr("answer(sanctions_package, hungary) == reject", names, "bool")(s) is True
    assert compile_expr("answer(sanctions_package, poland) != accept", names, "bool")(s) is False
    assert compile_expr("answer(sanctions_package, commission) == none", names, "bool")(s) is True
    # Only the answers some rule of the scenario reads are recorded: a later expression cannot ask for others.
    with pytest.raises(ExprError, match="the answers on energy_deal are not recorded"):
        compile_expr("answer(energy_deal, poland) == none", names, "bool")
    # The next resolution of the card replaces the answers.
    s = play_round(s, {"commission": package}, {("sanctions_package", "germany"): Response.REJECT}, log)
    assert compile_expr("answer(sanctions_package, hungary) == silence", names, "bool")(s) is True
    assert compile_expr("answer(sanctions_package, germany) == reject", names, "bool")(s) is True


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("answer(sanctions_package, hungary)", "answer(card, actor) is compared with == or != to accept"),
        ("answer(sanctions_package, hungary) == yes", "answer(card, actor) is compared with == or != to accept"),
        ("answer(sanctions_package, hungary) < accept", "answer(card, actor) is compared with == or != to accept"),
        ("answer(sanctions, hungary) == accept", "unknown card 'sanctions'"),
        ("answer(sanctions_package, unity) == accept", "answer() needs an actor"),
        ("answer(sanctions_package) == accept", "answer() takes a card and an actor"),
    ],
)
def test_answer_is_checked(council: Rules, text: str, message: str) -> None:
    with pytest.raises(ExprError) as info:
        compile_expr(text, names_of(council), "bool")
    assert message in info.value.message


LAB = """\
negsim: 1
id: lab
title: Lab
actors:
  - {id: a, name: Alpha, short: A}
  - {id: b, name: Bravo, short: B}
  - {id: c, name: Charlie, short: C}
forums:
  - {id: maj, name: Majority, rule: majority, members: [a, b, c], blocking: 2}
  - id: w
    name: Weighted
    rule: weighted
    members: [a, b, c]
    blocking: 3
    weights:
      - {name: Votes, weights: {a: 1, b: 2}, threshold: 50}
      - {name: Zero, weights: {a: 0, b: 0, c: 0}, threshold: 50}
  - {id: w2, name: Weighted too, rule: weighted, members: [a, b]}
turn:
  rounds: [{label: One}]
  phases: [{id: moves, name: Moves, kind: play, actors: [a]}]
endings:
  - {id: fin, name: Finish, final: true}
"""


def test_weighted_forums_are_checked_at_load() -> None:
    report = check_bytes(LAB.encode(), "lab.yaml")
    assert [(i.line, i.column, i.message) for i in report.errors] == [
        (9, 67, "blocking is for weighted forums (this one is majority)"),
        (14, 15, "a blocking minority of 3 needs more than 3 members; this forum has 3"),
        (16, 32, "no weight for c: give every member one"),
        (17, 31, "every weight is 0: the dimension could decide nothing"),
        (18, 40, "a weighted forum needs weights: at least one dimension of its vote"),
    ]


def test_a_forum_whose_addressee_consents_needs_a_target(council: Rules) -> None:
    """R8: "In a forum with `target_consents` it must name one too (the addressee whose consent the
    item needs)."."""
    s, _ = step(negsim.new_game(council, 0), Pass(actor="commission"))
    with pytest.raises(negsim.IllegalActionError) as info:
        step(s, Play(actor="germany", card="energy_deal", forum="energy_talks"))
    assert info.value.rule == "R8"
