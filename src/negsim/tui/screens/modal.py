"""Screens that close only themselves, and only once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.await_complete import AwaitComplete
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, OptionList

ResultT = TypeVar("ResultT")

LATE_INPUT = (
    events.InputEvent,
    OptionList.OptionHighlighted,
    OptionList.OptionSelected,
    Button.Pressed,
    Input.Submitted,
    Input.Changed,
)
"""Messages from input that a dialog ignores once it has been dismissed."""

if TYPE_CHECKING:
    _ScreenBase = Screen[Any]
else:
    _ScreenBase = object


class DismissGuard(_ScreenBase):
    """Mixin for a screen that closes only while on top, and ignores input once dismissed.

    Input queued while the app is busy reaches a screen late. Textual's ``dismiss`` pops whatever
    screen is on top, so a late choice closed a screen opened over the dialog meanwhile (the
    command palette, which then crashed); a late click on an answer, handled after Enter had
    already given one, previewed an item no longer on the table (an assertion error); and a
    double-click on a palette command dismissed the board under the palette.
    """

    dismissed = False
    """Whether the screen has been dismissed (it is closing)."""

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """Close with ``result``, if this screen is on top and not already closing."""
        if self.dismissed or not self.is_active:
            return AwaitComplete()  # already complete: nothing to wait for
        self.dismissed = True
        return super().dismiss(result)

    async def _on_message(self, message: Message) -> None:
        if self.dismissed and isinstance(message, LATE_INPUT):
            return
        await super()._on_message(message)


class Dialog(DismissGuard, ModalScreen[ResultT]):
    """A modal screen that closes itself only while on top, and ignores input once dismissed."""
