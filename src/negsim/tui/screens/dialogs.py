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


class HandoverScreen(Dialog[None]):
    """Hot seat: a blank screen until the next person is at the keyboard."""

    BINDINGS = [Binding("enter,space", "ready", "I am ready")]

    def __init__(self, name: str) -> None:
        """Hand over to the player of ``name``."""
        super().__init__()
        self.actor_name = name

    def compose(self) -> ComposeResult:
        """The message only: nothing of the previous seat shows."""
        with Vertical(id="handover"):
            yield Static(Text(f"Pass the keyboard to {self.actor_name}.", style="bold"), classes="dialog-title")
            yield Static(
                f"{self.actor_name}: press Enter when you are ready. The previous player's cards and objectives stay hidden."
            )
            yield Button(f"I am {self.actor_name}", variant="primary", id="ready", compact=True)

    @on(Button.Pressed, "#ready")
    def action_ready(self) -> None:
        """Show the board to the next player."""
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
