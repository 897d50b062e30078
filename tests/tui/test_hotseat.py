"""Hot seat: two people at one keyboard; a hand-over screen hides one seat's cards from the next."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import OptionList
from tui_helpers import (
    SMALL,
    Notes,
    Player,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    press,
    screen_text,
    settle,
)

from negsim.core.actions import Answer
from negsim.core.view import view
from negsim.session import Session
from negsim.tui.screens.board import BoardScreen
from negsim.tui.screens.dialogs import HandoverScreen
from negsim.tui.widgets.detail import CardDetail
from negsim.tui.widgets.hand import PASS


def test_the_decision_passing_to_the_other_person_hides_the_board_until_they_are_ready() -> None:
    async def run() -> None:
        session = new_session(human("usa", "poland"), seed=3)
        rules = session.rules
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            player = Player(pilot)
            handovers = boards_shown = 0
            for _ in range(200):
                await settle(pilot)
                if not isinstance(app.screen, HandoverScreen):
                    assert await player.step()
                    continue
                handovers += 1
                board = board_of(app)
                old = board.viewer
                new = session.to_move
                assert old is not None and new is not None and {old, new} == {"usa", "poland"}
                old_view, new_view = view(session.state, old), view(session.state, new)
                only_old = {c.id for c in old_view.hand} - {c.id for c in new_view.hand}
                assert only_old
                secrets = [rules.cards[rules.card_index[c]].name for c in only_old] + [
                    o.text for o in rules.actors[rules.actor_index[old]].objectives if not o.public
                ]

                # The hand-over screen is on top, opaque, and the board behind it still belongs to
                # the previous seat: nothing of it may show.
                assert app.screen_stack[-1] is app.screen
                assert isinstance(app.screen_stack[-2], BoardScreen)
                assert app.screen.styles.background.a == 1
                assert board.viewer == old
                text = screen_text(app)
                assert rules.actors[rules.actor_index[new]].name in text
                for secret in secrets:
                    assert secret not in text
                assert "Cards" not in text and "Log" not in text

                await pilot.press("enter")
                await settle(pilot)
                assert board.viewer == new
                hand = board.query_one("#hand", OptionList)
                ids = [str(hand.get_option_at_index(i).id) for i in range(hand.option_count)]
                if board.mode == "cards":
                    assert ids == [c.id for c in view(session.state, new).hand] + [PASS]
                else:  # the new seat must answer: the hand pane lists its answers
                    assert board.mode == "answer"
                    assert all(i.startswith("choice:") for i in ids)
                    assert all(isinstance(a, Answer) and a.actor == new for a in board.choices)
                assert not only_old & set(ids)
                detail = str(board.query_one(CardDetail).text)
                assert not any(rules.cards[rules.card_index[c]].name in detail for c in only_old)
                text = screen_text(app)
                if isinstance(app.screen, BoardScreen) and board.mode == "cards":
                    boards_shown += 1
                    assert f"Cards · {rules.actors[rules.actor_index[new]].name}" in text
                for objective in secrets[len(only_old) :]:
                    assert objective not in text
                if handovers == 4:
                    break
            assert handovers == 4
            assert boards_shown >= 1
            assert player.tally.handovers == 0

    asyncio.run(run())


def test_in_hot_seat_u_undoes_only_your_own_decision() -> None:
    """User audit: Russia passed; on the US turn ``u`` undid Russia's pass and handed the keyboard back."""

    def after(seat: str, mover: str) -> Callable[[Session], bool]:
        def holds(s: Session) -> bool:
            last = s.last_human_decision()
            return s.to_move == mover and last is not None and s.actions[last].actor == seat

        return holds

    async def run() -> None:
        session = new_session(human("russia", "usa"), seed=3)
        notes = Notes()
        app = new_app(session)
        async with app.run_test(size=SMALL, message_hook=notes) as pilot:
            player = Player(pilot)
            await player.play(until=after("russia", "usa"))
            if isinstance(app.screen, HandoverScreen):
                await press(pilot, "enter")
            board = board_of(app)
            assert app.screen is board and board.viewer == "usa" and board.my_turn()
            n_actions, state = len(session.actions), session.state
            await press(pilot, "u")
            assert (len(session.actions), session.state) == (n_actions, state)
            assert app.screen is board and board.viewer == "usa"
            assert notes.items[-1].message == "The last decision was Russia's: you can undo only your own."

            await player.play(until=after("usa", "usa"))  # the US's own decision can be undone
            last = session.last_human_decision()
            assert last is not None and app.screen is board and board.viewer == "usa"
            if board.mode != "cards":
                await press(pilot, "escape")
            await press(pilot, "u")
            assert len(session.actions) == last and session.to_move == "usa"
            assert app.screen is board and board.viewer == "usa"

    asyncio.run(run())
