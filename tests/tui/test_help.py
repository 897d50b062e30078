"""F1: help generated from the scenario, naming every actor, scrollable with the keyboard."""

from __future__ import annotations

import asyncio
import re

from textual.containers import VerticalScroll
from textual.widgets import Input, Markdown, OptionList
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


def test_f1_opens_help_on_the_legend_with_contents_search_and_pages_that_scroll() -> None:
    """Help opens on the legend of the board's symbols; ``c`` lists its pages, ``/`` searches them, ←/→
    turn them; a long page scrolls with the keyboard; Esc, ``?`` and F1 close and open it.
    (User audit: help was 18 screens with no contents and no search, and no word on the actors line,
    the card letters, the gauge marks, ``▲n`` or ``↩``.)
    """
    session = new_session(human("poland"), seed=1)

    async def run() -> None:
        async with on_board(session) as (app, pilot, board):
            await press(pilot, "f1")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)

            def page() -> str:
                markdown = help_screen.query_one("#help-page", Markdown)
                return "\n".join(str(block.content) for block in markdown.query(MarkdownBlock))

            legend = page()
            assert "Legend" in legend
            for symbol in ("actors line", "number of cards it can still play", "D demand", "┃", "▲2", "↩#1", "⏳"):
                assert symbol in legend, symbol

            await press(pilot, "c")
            contents = help_screen.query_one("#help-contents", OptionList)
            titles = [str(contents.get_option_at_index(i).prompt) for i in range(contents.option_count)]
            assert titles[0] == "1. Legend: the board's symbols" and any("Keys" in t for t in titles)
            actors = next(i for i, t in enumerate(titles) if t.endswith("Actors"))
            await press(pilot, *["down"] * actors, "enter")
            for actor in session.rules.actors:
                assert actor.name in page()

            await press(pilot, "slash")
            search = help_screen.query_one("#help-search", Input)
            assert search.has_focus
            search.value = "no objection"  # as typed
            await press(pilot, "enter")
            assert "no objection" in page()
            await press(pilot, "right")
            assert help_screen.page > 0

            scroller = help_screen.query_one("#help", VerticalScroll)
            await press(pilot, "c")
            keys = next(i for i, t in enumerate(titles) if "Keys" in t)
            await press(pilot, *["down"] * keys, "enter")
            assert scroller.has_focus and scroller.max_scroll_y > 0  # longer than the screen
            await press(pilot, "end")
            assert scroller.scroll_y == scroller.max_scroll_y
            assert "docs/rules.md" in screen_text(app)

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
    assert "- **Russian troops near Ukraine (thousands)** (`RU troops` on a narrow board; 60–240" in text
    # The actors line's narrowest form, with this scenario's seats.
    assert "`you US 5 · others PL 4 · bots RU 6 …`" in text
