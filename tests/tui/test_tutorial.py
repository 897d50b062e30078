"""The guided first round (negsim play --tutorial): played to its end at 80×24, and never started
where nobody can follow it (under CI, without a terminal).
"""

from __future__ import annotations

import asyncio

from click.testing import CliRunner
from tui_helpers import (
    DEC2021,
    SMALL,
    board_of,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    screen_text,
    settle,
)

from negsim.cli.main import cli
from negsim.core.actions import Answer, Play
from negsim.core.rules import PhaseKind
from negsim.tui.app import NegsimApp
from negsim.tui.tutorial import STEPS
from negsim.tui.widgets.hand import HandList


def test_the_guided_round_is_played_to_its_end_at_80x24() -> None:
    """Every step shows whole at 80×24 with its panel lit up; the player does what each says (tables a
    demand or offer in a forum, answers with a confirmed answer); then the guide closes and the game goes on.
    """

    async def run() -> None:
        app = NegsimApp(scenario=str(DEC2021), bot_delay=0, autosave=False, tutorial=True)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            board = board_of(app)
            session = board.session
            assert board.viewer == "poland" and board.tutorial
            seen: list[str] = []
            for _ in range(300):
                await settle(pilot)
                if not board.tutorial:
                    break
                step = board.coach().step
                if not seen or seen[-1] != step.id:
                    seen.append(step.id)
                    last_word = step.text.split()[-1]
                    assert last_word in screen_text(app), (step.id, last_word)  # nothing cut
                    if step.target:
                        assert board.query_one(f"#{step.target}").has_class("coached")
                if step.done is None:
                    await pilot.press("n")
                elif board.mode == "answer":
                    await pilot.press("down", "enter", "enter")
                elif board.mode == "play":
                    await pilot.press("enter")
                elif board.my_turn() and board.rules.phases[board.state.phase].kind is PhaseKind.ANSWER:
                    await pilot.press("a")
                elif board.my_turn() and step.id == "cards":
                    hand = board.query_one(HandList)
                    tableable = [
                        i
                        for i, c in enumerate(board.current_view().hand)
                        if c.playable and c.kind in ("demand", "offer")
                    ]
                    await pilot.press(*["down"] * (tableable[0] - (hand.highlighted or 0)), "enter")
                elif board.my_turn():
                    await pilot.press("p")
            assert seen == [s.id for s in STEPS]
            assert not board.tutorial and not board.query("#coach")
            mine = [a for a in session.actions if a.actor == "poland"]
            assert any(isinstance(a, Play) and board.rules.cards[board.rules.card_index[a.card]].protocol for a in mine)
            assert any(isinstance(a, Answer) for a in mine)
            assert not session.is_over  # the game goes on, the player's own

    asyncio.run(run())


def test_the_guided_round_never_starts_under_ci_or_without_a_terminal(monkeypatch: object) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["play", "--tutorial", str(DEC2021)], env={"CI": "1"})
    assert result.exit_code == 2 and "interactive terminal" in result.output
    result = runner.invoke(cli, ["play", "--tutorial", str(DEC2021)], env={"CI": ""})  # CliRunner: no TTY
    assert result.exit_code == 2 and "interactive terminal" in result.output
