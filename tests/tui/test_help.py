"""F1: help generated from the scenario, naming every actor, scrollable with the keyboard."""

from __future__ import annotations

import asyncio
import re

from textual.containers import VerticalScroll
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock
from tui_helpers import (
    DEC2021,
    ROOT,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_session,
    on_board,
    press,
    screen_text,
    top,
)

from negsim.core.rules import Rules
from negsim.scenario.load import load
from negsim.tui.screens.help import HelpScreen, help_markdown
from negsim.tui.screens.meter import MeterScreen


def test_f1_shows_help_naming_every_actor_that_scrolls_and_closes() -> None:
    """The help names every actor; at 80×24 it scrolls with the keyboard (regression: it was a bare
    Markdown widget, neither focusable nor scrollable, cut off after 20 lines).
    """
    session = new_session(human("poland"), seed=1)

    async def run() -> None:
        async with on_board(session) as (app, pilot, board):
            await press(pilot, "f1")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            markdown = help_screen.query_one(Markdown)
            rendered = "\n".join(str(block.content) for block in markdown.query(MarkdownBlock))
            for actor in session.rules.actors:
                assert actor.name in rendered
            assert session.rules.title in rendered

            scroller = help_screen.query_one("#help", VerticalScroll)
            assert scroller.has_focus
            assert scroller.max_scroll_y > 0  # longer than the screen
            first = screen_text(app)
            assert "Keys" not in first
            await press(pilot, "end")
            assert scroller.scroll_y == scroller.max_scroll_y
            last = screen_text(app)
            assert last != first
            assert "docs/rules.md" in last  # the last line of the help
            await press(pilot, "home")
            assert scroller.scroll_y == 0

            await press(pilot, "escape")
            assert top(app) is board
            await press(pilot, "question_mark")
            assert isinstance(top(app), HelpScreen)
            await press(pilot, "f1")
            assert top(app) is board

    asyncio.run(run())


def round_section(rules: Rules) -> str:
    text = help_markdown(rules)
    start = text.index("## How a round works")
    return text[start : text.index("Demands and offers", start)]


def test_how_a_round_works_says_each_phase_once_from_the_rules() -> None:
    """Each phase is described once, from its kind, actors and counts (regression: the generated
    words and the designer's text said the same thing twice, with "United States, NATO, Poland,
    Germany takes turns" and "(up to 2 cards each). Russia plays up to two cards.").
    """
    section = round_section(load(DEC2021))
    assert "1. **News**: one event card is drawn at random" in section
    assert "2. **Moscow moves**: Russia plays up to two cards, one at a time; passing ends the turn." in section
    assert "3. **Western capitals**: United States, NATO, Poland and Germany take turns, in that order;" in section
    assert "each plays up to one card or passes" in section
    for phrase in ("drawn", "in the order it was tabled", "plays up to two cards", "Each Western seat"):
        assert section.count(phrase) <= 1, phrase
    summit = round_section(load(ROOT / "tests" / "scenarios" / "summit.yaml"))
    assert "two event cards are drawn at random from the events that can happen now and take effect" in summit
    assert "North, South, East and West take turns, in that order; on its turn each plays up to two cards" in summit


def test_a_band_of_one_value_is_shown_as_one_number() -> None:
    """A one-value band reads "5 Show of force", not "5–5 Show of force", in help and in a meter history."""
    session = new_session(human("poland"), seed=1)
    text = help_markdown(session.rules)
    assert "5 Show of force" in text and "0–2 Unconvincing" in text
    history = MeterScreen(session, "escalation", "poland").body().plain
    assert "Bands: 0 Disagreement; 1 Ostensible crisis;" in history
    for shown in (text, history):
        assert not re.search(r"\b(\d+)–\1\b", shown), re.search(r"\b(\d+)–\1\b", shown)


def test_help_names_the_short_labels_a_narrow_board_uses() -> None:
    """The narrow board's labels are explained: each forum's `@` label and each meter's short name."""
    text = help_markdown(load(DEC2021))
    assert "- **North Atlantic Council** (`@NAC`):" in text
    assert "- **Russian troops near Ukraine (thousands)** (`RU troops` on a narrow board; 60–200" in text
    # The actors line's narrowest form, with this scenario's seats.
    assert "`you US 5 · others PL 4 · bots RU 6 …`" in text
