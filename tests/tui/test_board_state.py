"""The board shows the state richer scenarios have (issue 12, item 6): a meters panel that scrolls, the
flags the seat may see, per-actor meters as a table of actors by meters, names and never ids, and
requirements in words.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
import tui_helpers as tui
from tui_helpers import negsim_home  # noqa: F401  (autouse: a temporary NEGSIM_HOME)

from conftest import ROOT
from negsim.core.view import view
from negsim.describe import Context, in_words, reason_words
from negsim.scenario.load import load
from negsim.tui.app import NegsimApp
from negsim.tui.screens.actors import TextScreen
from negsim.tui.screens.board import BoardScreen
from negsim.tui.widgets.detail import CardDetail
from negsim.tui.widgets.flags import FlagsPanel
from negsim.tui.widgets.hand import HandList
from negsim.tui.widgets.meters import HIDDEN_CELL, MetersPanel

SCENARIOS = ROOT / "tests" / "scenarios"
Check = Callable[[NegsimApp, tui.Driver, BoardScreen], Awaitable[None]]
"""What a test checks on a board."""
BRINK = SCENARIOS / "brink.yaml"
SUMMIT = SCENARIOS / "summit.yaml"
COUNCIL = SCENARIOS / "council.yaml"
CUBA = ROOT / "scenarios" / "cuba1962.yaml"


def on_board_of(path: Path, seat: str, size: tuple[int, int], check: Check) -> None:
    """Run ``check`` on the board of a new game of ``path`` (seed 1) in which ``seat`` is a person (the
    other seats random bots), at ``size``, once the person must decide.
    """
    session = tui.new_session(tui.human(seat), seed=1, path=path)

    async def run() -> None:
        async with tui.on_board(session, size) as (app, pilot, board):
            await check(app, pilot, board)

    asyncio.run(run())


@pytest.mark.parametrize(
    ("path", "seat"),
    [
        (SUMMIT, "north"),
        (COUNCIL, "poland"),
        (tui.STANDOFF, "red"),
        (BRINK, "west"),
        (tui.DEC2021, "poland"),
        (CUBA, "ussr"),
    ],
    ids=["summit", "council", "standoff", "brink", "dec2021", "cuba1962"],
)
@pytest.mark.parametrize("size", [tui.SMALL, tui.LARGE], ids=["80x24", "160x50"])
def test_the_meters_panel_scrolls_to_its_last_line_and_says_what_is_out_of_view(
    path: Path, seat: str, size: tuple[int, int]
) -> None:
    async def check(app: NegsimApp, pilot: tui.Driver, board: BoardScreen) -> None:
        meters = board.query_one(MetersPanel)
        shown = meters.scrollable_content_region.height
        out_of_view = meters.lines > shown
        assert ("↓" in str(meters.border_title)) == out_of_view, (meters.border_title, meters.lines, shown)
        await tui.press(pilot, "m")
        assert meters.has_focus
        last = meters.option_count - 1
        for _ in range(meters.option_count):  # the keyboard scrolls it, down to the last line
            await tui.press(pilot, "down")
            if meters.highlighted == last:
                break
        assert meters.highlighted == last
        lines = tui.pane_lines(app, meters)
        assert lines[-1].strip() == str(meters.get_option_at_index(last).prompt).splitlines()[-1].strip()
        assert "↓" not in str(meters.border_title)
        assert ("↑" in str(meters.border_title)) == out_of_view
        # Every meter is on some line of the panel: none is cut off.
        text = "\n".join(str(meters.get_option_at_index(i).prompt) for i in range(meters.option_count))
        for mv in board.current_view().meters:  # those the seat sees a track of (R13: no others are named)
            spec = board.rules.meters[board.rules.meter_index[mv.id]]
            assert spec.name in text or spec.short in text, spec.name

    on_board_of(path, seat, size, check)


def test_a_small_board_has_room_for_the_log_beside_the_meters_and_flags() -> None:
    async def check(app: NegsimApp, pilot: tui.Driver, board: BoardScreen) -> None:
        assert board.query_one("#log").content_size.height >= 3
        assert board.query_one(MetersPanel).region.height <= 8

    on_board_of(SUMMIT, "north", tui.SMALL, check)


@pytest.mark.parametrize(
    ("seat", "listed", "not_listed"),
    [
        # Each power sees its own Mobilised flag only; the ally sees both.
        ("east", ["Hotline open", "Mobilised (East)"], ["Mobilised (West)", "Mobilised (Small ally)"]),
        ("west", ["Hotline open", "Mobilised (West)"], ["Mobilised (East)", "Mobilised (Small ally)"]),
        ("ally", ["Hotline open", "Mobilised (East)", "Mobilised (West)", "Mobilised (Small ally)"], []),
    ],
)
def test_the_flags_panel_lists_the_flags_the_seat_may_see_by_name_and_no_other(
    seat: str, listed: list[str], not_listed: list[str]
) -> None:
    async def check(app: NegsimApp, pilot: tui.Driver, board: BoardScreen) -> None:
        flags = board.query_one(FlagsPanel)
        lines = [line.strip() for line in tui.pane_lines(app, flags) if line.strip()]
        names = [line[2:] for line in lines]
        assert [x for x in listed if x not in names] == [], lines
        assert [x for x in not_listed if x in names] == [], lines
        assert all(line[0] in "●○" for line in lines), lines
        # From the seat's view, never the true state: exactly the flags it gives a value.
        seen = [f for f in view(board.state, seat).flags if f.value is not None]
        assert sorted(flags.shown, key=lambda f: (f.id, f.owner or "")) == sorted(
            seen, key=lambda f: (f.id, f.owner or "")
        )
        assert len(lines) == len(seen)
        raised = sum(1 for f in seen if f.value)
        assert f"{raised} raised" in str(flags.border_title)

    on_board_of(BRINK, seat, tui.LARGE, check)


def test_a_flag_hidden_from_the_seat_is_nowhere_on_its_board() -> None:
    """standoff: "Red warned" is Red's own; Blue never sees its name."""

    async def check(app: NegsimApp, pilot: tui.Driver, board: BoardScreen) -> None:
        flags = board.query_one(FlagsPanel)
        assert [f.name for f in flags.shown] == ["Talks open"]
        assert "Red warned" not in "\n".join(tui.pane_lines(app, flags))
        assert "red_warned" not in tui.screen_text(app)

    on_board_of(tui.STANDOFF, "blue", tui.LARGE, check)


def test_per_actor_meters_are_a_table_of_actors_by_meters() -> None:
    """summit: political capital is North's own to see (· elsewhere); everyone sees morale; both are kept
    for every actor, so every actor has a row, by name."""

    async def check(app: NegsimApp, pilot: tui.Driver, board: BoardScreen) -> None:
        meters = board.query_one(MetersPanel)
        prompts = {
            str(meters.get_option_at_index(i).id): meters.get_option_at_index(i).prompt
            for i in range(meters.option_count)
        }
        head = str(prompts["#head0"])
        assert head.split() == ["Political", "capital", "Morale"], head
        rules, v = board.session.rules, board.current_view()
        values = {(mv.id, mv.owner): mv.value for mv in v.meters if mv.owner is not None}
        for actor in rules.actors:
            row = str(prompts[f"@{actor.id}#0"])
            assert row.startswith(actor.name), row
            cells = row[len(actor.name) :].split()
            capital, morale = values[("capital", actor.id)], values[("morale", actor.id)]
            assert cells[0] == HIDDEN_CELL if capital is None else cells[0].startswith(str(capital)), row
            assert cells[1].startswith(str(morale)), row
            assert (capital is None) == (actor.id != "north")
        # A row's Enter shows the history of what the seat may see of that actor's meters.
        assert meters.tracks("@north#0") == ("capital.north", "morale.north")
        assert meters.tracks("@south#0") == ("morale.south",)

    on_board_of(SUMMIT, "north", tui.LARGE, check)


def test_a_meter_not_kept_for_an_actor_leaves_its_cell_blank_and_an_actor_without_any_has_no_row() -> None:
    """brink: resolve is kept for East and West only; the small ally has no row."""

    async def check(app: NegsimApp, pilot: tui.Driver, board: BoardScreen) -> None:
        meters = board.query_one(MetersPanel)
        ids = [str(meters.get_option_at_index(i).id) for i in range(meters.option_count)]
        assert [i for i in ids if i.startswith("@")] == ["@east#0", "@west#0"]

    on_board_of(BRINK, "west", tui.SMALL, check)


def test_enter_on_a_row_of_the_table_shows_that_actors_meters_by_name() -> None:
    async def check(app: NegsimApp, pilot: tui.Driver, board: BoardScreen) -> None:
        meters = board.query_one(MetersPanel)
        await tui.press(pilot, "m")
        meters.highlighted = [str(meters.get_option_at_index(i).id) for i in range(meters.option_count)].index(
            "@north#0"
        )
        await tui.press(pilot, "enter")
        text = tui.screen_text(app)
        assert "Political capital of North, Morale of North" in text
        assert "(north)" not in text

    on_board_of(SUMMIT, "north", tui.LARGE, check)


IDS = re.compile(r"[a-z_][a-z0-9_]*")


@pytest.mark.parametrize("seat", ["east", "ally"])
@pytest.mark.parametrize("size", [tui.SMALL, tui.LARGE], ids=["80x24", "160x50"])
def test_no_raw_ids_on_the_board_of_a_per_actor_scenario(seat: str, size: tuple[int, int]) -> None:
    """Every panel but the log and the card's prose: no id of an actor, meter, flag, forum, card or ending
    that is not also a word of the names shown (brink's ``ally`` is the last word of “Reassure the ally”)."""
    rules = load(BRINK)
    ids = {a.id for a in rules.actors} | {m.id for m in rules.meters} | {f.id for f in rules.flags}
    ids |= {f.id for f in rules.forums} | {c.id for c in rules.cards} | {e.id for e in rules.endings}
    named = " ".join([*(c.name for c in rules.cards), *(a.name for a in rules.actors)])
    ids -= set(IDS.findall(named))

    async def check(app: NegsimApp, pilot: tui.Driver, board: BoardScreen) -> None:
        for panel in ("#status", "#meters", "#flags", "#actors", "#table", "#hand"):
            words = set(IDS.findall("\n".join(tui.pane_lines(app, board.query_one(panel)))))
            assert words & ids == set(), panel
            assert set(IDS.findall(str(board.query_one(panel).border_title or ""))) & ids == set(), panel
        detail = board.query_one(CardDetail).full.plain
        assert not re.search(r"\((east|west|ally)\)", detail), detail
        await tui.press(pilot, "t")  # the whole table
        screen = tui.top(app)
        assert isinstance(screen, TextScreen)
        assert set(IDS.findall(screen.text.plain)) & ids == set()

    on_board_of(BRINK, seat, size, check)


def test_a_requirement_is_in_words_in_the_hand_and_the_card_pane() -> None:
    """brink: East's “Hotline call” requires ``hotline`` (a flag) at the start."""

    async def check(app: NegsimApp, pilot: tui.Driver, board: BoardScreen) -> None:
        hand = board.query_one(HandList)
        cards = [c.id for c in board.current_view().hand]
        hand.highlighted = cards.index("hotline_call")
        await pilot.pause()
        line = next(x for x in tui.pane_lines(app, hand) if "Hotline call" in x)
        assert "requires Hotline open is raised" in line, line
        detail = board.query_one(CardDetail).full.plain
        assert "Not playable now: requires Hotline open is raised" in detail
        assert "Needs: Hotline open is raised" in detail
        assert "requires hotline" not in detail

    on_board_of(BRINK, "east", tui.LARGE, check)


def test_every_requirement_of_dec2021_is_in_words_in_the_card_pane() -> None:
    """Russia's cards at the start: each one that is not playable says why in words, not as the rule's text."""
    rules = load(tui.DEC2021)

    async def check(app: NegsimApp, pilot: tui.Driver, board: BoardScreen) -> None:
        hand = board.query_one(HandList)
        detail = board.query_one(CardDetail)
        checked = 0
        for i, card in enumerate(board.current_view().hand):
            spec = rules.cards[rules.card_index[card.id]]
            if card.playable or spec.requires is None or not card.reason or not card.reason.startswith("requires"):
                continue
            hand.highlighted = i
            await pilot.pause()
            assert reason_words(rules, card.reason) in detail.full.plain
            assert spec.requires.text not in detail.full.plain, spec.requires.text
            checked += 1
        assert checked >= 3

    on_board_of(tui.DEC2021, "russia", tui.LARGE, check)


@pytest.mark.parametrize(
    ("path", "text", "words"),
    [
        (
            tui.DEC2021,
            "troops >= 150 and not ended(war)",
            "Russian troops near Ukraine (thousands) at least 150 and the game has not ended in War",
        ),
        (tui.DEC2021, "round >= 6", "round 6 or later"),
        (
            tui.DEC2021,
            "round == 7 and played(us_written_reply) + played(nato_written_reply) > 0",
            "round 7 and “U.S. written reply (26 January)” or “NATO written reply (26 January)” has been played",
        ),
        (
            BRINK,
            "((big_power and not self.mobilised) or trust <= 6) and in_phase(moves)",
            "((you are a member of Council and your Mobilised is lowered) or Trust at most 6) and in phase Moves",
        ),
        (BRINK, "not ended(war) and east.resolve >= 5", "the game has not ended in War and East's Resolve at least 5"),
        (BRINK, "tabled(standing_offer)", "“Standing offer” is on the table"),
        (BRINK, "self == ally", "you are Small ally"),
        (SUMMIT, "accepted(n_treaty) == 0", "“Draft treaty” has not been accepted"),
        (SUMMIT, "not summit_open", "Summit open is lowered"),
    ],
)
def test_conditions_in_words(path: Path, text: str, words: str) -> None:
    assert in_words(load(path), text) == words


def test_a_locked_cards_reason_is_in_words() -> None:
    rules = load(SUMMIT)
    reason = "is locked until rule “Boiling over” applies (tension >= 9) or e_leak is played"
    assert reason_words(rules, reason) == (
        "is locked until rule “Boiling over” applies (Tension at least 9) or “Leak the draft” is played"
    )


def test_a_reason_redacted_for_the_seat_says_something_is_hidden() -> None:
    """R13: the view redacts a hidden meter's id as ``(hidden)``; the words say so, and name nothing."""
    rules = load(SUMMIT)
    assert reason_words(rules, "requires (hidden) >= 1") == "requires something hidden from you at least 1"
    assert reason_words(rules, "requires (hidden) and trust >= 3") == (
        "requires something hidden from you and Trust at least 3"
    )


def test_words_never_name_what_is_hidden_from_the_viewer() -> None:
    """summit: Leverage is North's and West's to see; South reads a condition on it as something hidden."""
    rules = load(SUMMIT)
    south = rules.actor_index["south"]
    c = Context(names=("you", "the addressee", "the proposer"), viewer=south)
    assert (
        in_words(rules, "leverage >= 3 and trust >= 3", c)
        == "something hidden from you at least 3 and Trust at least 3"
    )
    assert in_words(rules, "leverage >= 3", Context(viewer=rules.actor_index["north"])) == "Leverage at least 3"
    assert reason_words(rules, "requires leverage >= 3", south) == "requires something hidden from you at least 3"
