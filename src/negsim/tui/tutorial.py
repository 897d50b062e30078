"""The guided first round: a coach under the board that walks a new player through one round --
reading the board, tabling a demand in a forum, the preview, answering, the log -- then hands over.

Each step names the panel it explains (its border lights up) and either waits for the player to do
what it says (play a card, answer) or for ``n``. The steps read the game only through the board, so
they follow whatever the bots do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from negsim.core.actions import Answer
from negsim.core.events import ItemTabled
from negsim.core.rules import PhaseKind

if TYPE_CHECKING:
    from negsim.tui.screens.board import BoardScreen


def _played(board: BoardScreen) -> bool:
    """The pupil has tabled an item, or has no more plays this round."""
    seat = board.viewer
    tabled = any(isinstance(e, ItemTabled) and e.actor == seat for e in board.session.all_events())
    return tabled or board.state.round > 0 or _answering(board)


def _answering(board: BoardScreen) -> bool:
    """It is the answer phase (or later)."""
    return board.state.round > 0 or board.rules.phases[board.state.phase].kind is PhaseKind.ANSWER


def _answered(board: BoardScreen) -> bool:
    """The pupil has answered something, or the round is over."""
    return board.state.round > 0 or any(
        isinstance(a, Answer) and a.actor == board.viewer for a in board.session.actions
    )


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the guided round."""

    id: str
    """Its name (for tests)."""
    text: str
    """What the coach says (three short lines at most at 80 columns)."""
    target: str = ""
    """The id of the panel it explains, lit up while it shows."""
    done: Callable[[BoardScreen], bool] | None = None
    """When the player has done what it asks (``None``: the player presses n)."""


STEPS = (
    Step(
        "welcome",
        "Welcome. You play Poland through one round of the crisis, step by step. Each step lights up the "
        "panel it explains. Press n for the next step.",
    ),
    Step(
        "status",
        "The top line: the round and its week, the phase, whose move it is, and your score if the game ended "
        "now against the score that wins. Poland starts at its winning score: keep it to the end.",
        "status",
    ),
    Step(
        "meters",
        "The meters: a bar per track, ┃ marks a threshold, then the value, ▲/▼ its change this round and its "
        "band; the title says if more are below. m then Enter shows a meter's history. Under them, the flags: "
        "● raised, ○ lowered.",
        "meters",
    ),
    Step(
        "actors",
        "The actors line: who plays each seat and how many cards it can still play (not scores). "
        "i shows every actor's goals, and your own objectives.",
        "actors",
    ),
    Step(
        "cards",
        "Your cards: D demand and O offer go on the table, A acts at once. ↑↓ highlight a card (the pane below "
        "shows it); pick a D or O card and press Enter to choose where to table it.",
        "hand",
        lambda b: b.mode == "play" or _played(b),
    ),
    Step(
        "forum",
        "Each line is a forum, and each decides its own way. The pane previews every answer the card may get, "
        "with your score as if the game ended then (→ you 6 → 7 ✓). Enter tables it; Esc goes back.",
        "detail",
        _played,
    ),
    Step(
        "bots",
        "The others move now. Each bot's move comes with its reason (why:) in the log; w lists them. "
        "Then come the talks: everything on the table is answered. n: next.",
        "log",
    ),
    Step(
        "answer",
        "Answer: Accept, Reject (its price is Russia's pretext), Counter with a card of yours, or Stay silent "
        "(in a consensus forum, no objection). ↓ picks one and previews it; Enter, then Enter again.",
        "hand",
        _answered,
    ),
    Step(
        "log",
        "The log tells the story: each line what happened, ← what caused it; a recap ends each round. "
        "Scrolled up, its border counts new entries; l opens it whole. n: next.",
        "log",
    ),
    Step(
        "done",
        "That was one round. Play on as Poland: F1 help (the legend of every symbol), b your briefing, "
        "u undo, Ctrl+S save, d debrief at the end. n closes this guide.",
    ),
)
"""The guided round, in order."""


class Coach(Static):
    """The guide's box under the board: the current step, and what to press."""

    def __init__(self, **kwargs: object) -> None:
        """At the first step."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.index = 0
        self.lit: str = ""

    @property
    def step(self) -> Step:
        """The current step."""
        return STEPS[self.index]

    def show_step(self, board: BoardScreen) -> None:
        """Draw the current step and light up its panel."""
        step = self.step
        self.border_title = f"Guided round · step {self.index + 1} of {len(STEPS)}"
        self.border_subtitle = "n: next" if step.done is None else "do as it says"
        self.update(Text(step.text))
        if self.lit:
            board.query_one(f"#{self.lit}").remove_class("coached")
        self.lit = step.target
        if step.target:
            board.query_one(f"#{step.target}").add_class("coached")

    def follow(self, board: BoardScreen) -> None:
        """Move on past every step the player has done."""
        moved = False
        while self.step.done is not None and self.step.done(board) and self.index < len(STEPS) - 1:
            self.index += 1
            moved = True
        if moved:
            self.show_step(board)

    def next(self, board: BoardScreen) -> bool:
        """``n``: past a step that waits for ``n`` (returns ``False`` once the guide is over)."""
        if self.step.done is not None:
            board.notify("Do as the guide says first (or press F1 for help).", severity="warning")
            return True
        if self.index == len(STEPS) - 1:
            if self.lit:
                board.query_one(f"#{self.lit}").remove_class("coached")
            return False
        self.index += 1
        self.show_step(board)
        self.follow(board)
        return True
