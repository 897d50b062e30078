"""Hot seat: two people at one keyboard; a hand-over screen hides one seat's cards from the next."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.command import CommandList
from textual.widgets import OptionList
from tui_helpers import (
    DEC2021,
    SMALL,
    Notes,
    Player,
    advance,
    board_of,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    press,
    screen_text,
    settle,
    top,
    wait_for_workers,
)

from negsim.core.actions import Answer
from negsim.core.view import view
from negsim.session import Session
from negsim.tui.app import NegsimApp
from negsim.tui.screens.actors import ActorsScreen
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
            await settle(pilot)
            assert isinstance(app.screen, HandoverScreen)  # before the first decision: see below
            await press(pilot, "enter")
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


HARMLESS = ["Help", "Keys", "Maximize", "Quit", "Screenshot", "Theme"]
"""The palette's commands during a hand-over: the scenario's help and Textual's own."""


def palette_commands(app: NegsimApp) -> list[str]:
    """The names of the commands the palette lists now, in alphabetical order."""
    commands = app.screen.query_one(CommandList)
    return sorted(str(commands.get_option_at_index(i).prompt).partition("\n")[0] for i in range(commands.option_count))


def test_the_first_decision_in_hot_seat_waits_for_its_person_too() -> None:
    """User audit: Russia's hand was on the screen as the game started, before anyone said who sits there.
    With one person at the keyboard, there is nobody to hand over to.
    """

    async def run(seats: dict[str, str]) -> None:
        session = new_session(seats, seed=3)
        rules = session.rules
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            board = board_of(app)
            if len(session.humans) == 1:
                assert top(app) is board and board.my_turn()
                return
            assert isinstance(top(app), HandoverScreen) and not session.actions
            text = screen_text(app)
            assert "Pass the keyboard to Russia" in text
            assert not any(rules.cards[rules.card_index[c.id]].name in text for c in view(session.state, "russia").hand)
            await press(pilot, "ctrl+p")
            assert palette_commands(app) == HARMLESS
            await press(pilot, "escape", "enter")
            assert top(app) is board and board.viewer == "russia" and board.my_turn()
            assert "Cards · Russia" in screen_text(app)

    asyncio.run(run(human("russia", "usa")))
    asyncio.run(run(human("russia")))


def test_no_palette_command_shows_the_previous_seat_during_a_hand_over() -> None:
    """User audit: at the hand-over to Russia, Ctrl+P → "Actors & goals" opened the US's actors and goals
    (its score, "— you", its private objectives); meter histories, the whole card and the debrief went
    the same way. The palette offers only what shows no seat (help, keys, quit...).
    """

    async def run() -> None:
        session = new_session(human("usa", "russia"), seed=3)
        rules = session.rules
        app = new_app(session)
        async with app.run_test(size=SMALL) as pilot:
            player = Player(pilot)
            for _ in range(50):  # Russia, then the US decide; the keyboard goes back to Russia
                await settle(pilot)
                if isinstance(top(app), HandoverScreen) and board_of(app).viewer == "usa":
                    break
                await player.step()
            board = board_of(app)
            assert isinstance(top(app), HandoverScreen) and session.to_move == "russia"
            handover = app.screen
            us = rules.actors[rules.actor_index["usa"]]
            secrets = ["— you", "Your score", *(o.text for o in us.objectives if not o.public)]

            await press(pilot, "ctrl+p")
            assert palette_commands(app) == HARMLESS
            for query in ("Actors", "Meter history", "Whole card", "Debrief", "Undo", "Play"):
                await press(pilot, *query)
                assert palette_commands(app) == [], query
                await press(pilot, "enter", *["backspace"] * len(query))
            await press(pilot, "escape")
            assert top(app) is handover and board.viewer == "usa"
            text = screen_text(app)
            assert not any(secret in text for secret in secrets)
            await press(pilot, "i", "c", "m", "d", "enter")
            assert top(app) is board and board.viewer == "russia"
            assert not any(secret in screen_text(app) for secret in secrets)

    asyncio.run(run())


def test_a_hand_over_closes_what_the_previous_seat_had_open_over_the_board() -> None:
    """Russia's actors and goals, opened while the bots moved, stayed open under the hand-over and were
    the first thing the US saw once it pressed Enter.
    """
    session = advance(new_session(human("russia", "usa"), seed=3), lambda s: s.to_move == "usa")
    session.play(session.legal()[0])
    assert not session.is_human(session.to_move)  # the bots move, then the US decides again

    async def run() -> None:
        app = NegsimApp(scenario=str(DEC2021), session=session, bot_delay=3600, autosave=False, briefings=False)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            board = board_of(app)
            assert isinstance(top(app), HandoverScreen)  # the first seat is Russia's (the bots move first)
            await pilot.press("enter")
            await wait_for_workers(app)
            await pilot.pause()
            assert top(app) is board and board.viewer == "russia" and board.pending is not None
            await pilot.press("i")
            await pilot.pause()
            assert isinstance(top(app), ActorsScreen)
            await pilot.press("ctrl+p", *"Skip bots", "enter")  # from the actors and goals
            await settle(pilot)
            assert session.to_move == "usa"
            assert [type(s) for s in app.screen_stack[1:]] == [BoardScreen, HandoverScreen]
            await press(pilot, "enter")
            assert top(app) is board and board.viewer == "usa"

    asyncio.run(run())
