"""Small dialogs: the hot-seat hand-over screen and yes/no questions.

(Decisions themselves are made on the board: see ``negsim.tui.decisions``.)
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Static

from negsim.tui.screens.modal import Dialog

CLOSE_HINT = "Esc closes"
"""What a dialog's title line says about closing it (the footer is hidden under a dialog)."""


def title_line(title: str, text: str = "") -> Static:
    """A dialog's title line: the title, the key that closes the dialog and, below, ``text``."""
    t = Text.assemble((title, "bold"), (f"  ·  {CLOSE_HINT}", "dim"))
    if text:
        t.append("\n" + text, style="italic")
    return Static(t, classes="dialog-head")


class HandoverScreen(Dialog[str]):
    """Hot seat: a blank screen until the next person is at the keyboard.

    Dismissed with ``ready`` (the next person is here), ``undo`` (the person who just decided
    takes the decision back, before handing over) or ``quit``.
    """

    BINDINGS = [
        Binding("enter,space", "ready", "I am ready"),
        Binding("u", "undo", "Undo your last decision"),
        Binding("q", "quit_game", "Quit (saved)"),
    ]

    def __init__(self, name: str, previous: str | None = None) -> None:
        """Hand over to the player of ``name``; ``previous`` names the seat that decided last (it may undo)."""
        super().__init__()
        self.actor_name = name
        self.previous = previous

    def compose(self) -> ComposeResult:
        """The message only: nothing of the previous seat shows."""
        keys = "Enter: ready" + (f" · u: {self.previous} takes the last decision back" if self.previous else "")
        with Vertical(id="handover"):
            yield Static(Text(f"Pass the keyboard to {self.actor_name}.", style="bold"), classes="dialog-title")
            yield Static(
                f"{self.actor_name}: press Enter when you are ready. The previous player's cards and objectives stay hidden."
            )
            yield Static(Text(f"{keys} · q: quit (the game is saved)", style="dim"), classes="hint")
            yield Button(f"I am {self.actor_name}", variant="primary", id="ready", compact=True)

    @on(Button.Pressed, "#ready")
    def action_ready(self) -> None:
        """Show the board to the next player."""
        self.dismiss("ready")

    def action_undo(self) -> None:
        """The person who decided last takes it back, if they may (not once another person has decided)."""
        if self.previous is None:
            self.notify(
                "Nothing to take back here: the last decision was not the previous player's.", severity="warning"
            )
            return
        self.dismiss("undo")

    def action_quit_game(self) -> None:
        """Quit; the board autosaves the game first."""
        self.dismiss("quit")


class ChoiceScreen(Dialog[str | None]):
    """A question with several answers, one button each; Escape answers ``None`` (cancel)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        """Ask ``question``; ``choices`` are (label, value) pairs, the first the default button."""
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        """The question and a button per answer."""
        with Vertical(classes="dialog small"):
            yield Static(self.question, classes="dialog-title")
            with Vertical(classes="buttons"):
                for i, (label, _) in enumerate(self.choices):
                    yield Button(label, variant="primary" if i == 0 else "default", id=f"choice-{i}", compact=True)

    @on(Button.Pressed)
    def chosen(self, event: Button.Pressed) -> None:
        """Answer with the pressed button's value."""
        index = int((event.button.id or "choice-0").removeprefix("choice-"))
        self.dismiss(self.choices[index][1])

    def action_cancel(self) -> None:
        """No answer."""
        self.dismiss(None)


class ConfirmScreen(Dialog[bool]):
    """A yes/no question."""

    BINDINGS = [Binding("escape", "no", "No"), Binding("y", "yes", "Yes")]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        """Ask ``question``."""
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(classes="dialog small"):
            yield Static(Text(self.question), classes="dialog-title")  # plain text: a title or path may hold [brackets]
            with Vertical(classes="buttons"):
                yield Button(self.yes, variant="primary", id="yes", compact=True)
                yield Button(self.no, id="no", compact=True)

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        """Yes."""
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        """No."""
        self.dismiss(False)
