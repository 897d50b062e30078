"""At 80×24 no board text is cut without a key that shows it whole: every card of dec2021 (its title,
why it cannot be played) and every item that goes on the table (its card, who tabled it, who must
still answer)."""

from __future__ import annotations

import asyncio

from tui_helpers import (
    DEC2021,
    SMALL,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_session,
    on_board,
    pane_lines,
    press,
    top,
)

from negsim.core.view import view
from negsim.describe import reason_words
from negsim.narrate import card_name
from negsim.scenario.load import load
from negsim.session import Session
from negsim.tui.screens.actors import TextScreen
from negsim.tui.widgets.board_parts import TablePanel
from negsim.tui.widgets.detail import CardDetail
from negsim.tui.widgets.hand import HandList


def test_every_card_of_every_seat_is_shown_whole_by_the_card_pane_or_c() -> None:
    rules = load(DEC2021)

    async def run(seat: str) -> None:
        session = new_session(human(seat), seed=1)
        async with on_board(session, SMALL) as (app, pilot, board):
            hand = board.query_one(HandList)
            detail = board.query_one(CardDetail)
            cards = board.current_view().hand
            for i, card in enumerate(cards):
                hand.highlighted = i
                await pilot.pause()
                whole = detail.full.plain  # the hand's line may cut the title and the reason: not this
                assert card.name in whole, (seat, card.name)
                if card.reason and not card.playable:
                    assert reason_words(rules, card.reason) in whole, (seat, card.name, card.reason)
                shown = "\n".join(pane_lines(app, detail))
                if not all(line.strip() in shown for line in whole.splitlines()[:3]):
                    assert "press c for the whole card" in shown
            # c shows the highlighted card whole, however long.
            hand.highlighted = max(range(len(cards)), key=lambda i: len(cards[i].name))
            await press(pilot, "c")
            screen = top(app)
            assert isinstance(screen, TextScreen) and screen.text.plain == detail.full.plain

    async def every_seat() -> None:
        for seat in rules.seats():
            await run(seat.id)

    asyncio.run(every_seat())


def tabled_views() -> list[tuple[Session, int]]:
    """States of random dec2021 games in which items are on the table, until every card that can be
    tabled has been (session, index of the state)."""
    rules = load(DEC2021)
    tableable = {c.id for c in rules.cards if c.protocol is not None}
    seen: set[str] = set()
    out: list[tuple[Session, int]] = []
    seed = 0
    while not tableable <= seen and seed < 200:
        seed += 1
        session = new_session({}, seed=seed)
        while not session.is_over:
            session.play(session.bot_action())
            if session.state.table:
                new = {rules.cards[t.card].id for t in session.state.table} - seen
                if new or len(session.state.table) >= 5:
                    seen |= new
                    out.append((session, len(session.actions)))
    assert tableable <= seen, tableable - seen
    return out


def test_every_item_on_the_table_is_shown_whole_by_t() -> None:
    """Every card that goes on the table, in the states it was there: the whole table (t) names it in full,
    who tabled it and who must still answer; on the board at 80×24 a table too long for its three lines
    ends with how many more and the key."""
    found = tabled_views()
    for session, k in found:
        state = session.state_at(k)
        rules = session.rules
        v = view(state, "poland")
        whole = TablePanel.whole(rules, v).plain
        for item in v.table:
            assert f"#{item.id} “{card_name(rules, item.card)}”" in whole
            assert f"tabled by {rules.actors[rules.actor_index[item.proposer]].name}" in whole
            for who in item.waiting_for:
                assert rules.actors[rules.actor_index[who]].name in whole

    crowded = max(found, key=lambda f: len(f[0].state_at(f[1]).table))
    session, k = crowded
    replay = new_session(human("poland"), seed=session.seed)
    replay.seats.update({a: s for a, s in session.seats.items() if a != "poland"})
    for action in session.actions[:k]:
        replay.play(action)
    assert len(replay.state.table) > 3

    async def run() -> None:
        async with on_board(replay, SMALL) as (app, pilot, board):
            lines = pane_lines(app, board.query_one(TablePanel))
            assert lines[-1].startswith("… and ") and lines[-1].endswith("t shows all")
            await press(pilot, "t")
            screen = top(app)
            assert isinstance(screen, TextScreen)
            for item in board.current_view().table:
                assert f"“{card_name(board.rules, item.card)}”" in screen.text.plain

    asyncio.run(run())
