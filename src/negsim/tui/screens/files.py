"""Save and load dialogs: a path to type, and the saves already there to pick from."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from negsim.errors import NegsimError
from negsim.printable import escape
from negsim.session import Session, state_dir
from negsim.statefolder import regular_files
from negsim.tui.screens.modal import Dialog


def saves_dir() -> Path:
    """Where saves go by default."""
    return state_dir() / "saves"


def default_save_path(session: Session) -> str:
    """``<state dir>/saves/<scenario>-seed<seed>-r<round>-<time>.json``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return str(saves_dir() / f"{session.rules.id}-seed{session.seed}-r{session.state.round + 1}-{stamp}.json")


class FileScreen(Dialog[str | None]):
    """Ask for a file to save to or load from."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, default: str, *, saving: bool, list_saves: bool = True) -> None:
        """A dialog titled ``title`` with ``default`` typed in (and the saves listed, with ``list_saves``)."""
        super().__init__()
        self.title_text = title
        self.default = default
        self.saving = saving
        self.list_saves = list_saves

    def compose(self) -> ComposeResult:
        """Path input, existing saves, buttons."""
        # Never trips on a dangling link or a FIFO.
        existing = regular_files(saves_dir(), "*.json") if self.list_saves else []
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(value=self.default, placeholder="path/to/game.json", id="path")
            if existing:
                yield Static(
                    "Saves:" if not self.saving else "Existing saves (choosing one overwrites it):", classes="hint"
                )
                yield OptionList(*[Option(Text(escape(p.name)), id=str(p)) for p in existing[:50]], id="existing")
            elif not self.saving:
                yield Static(f"No saves in {saves_dir()} yet: type the path of a save file.", classes="hint")
            with Vertical(classes="buttons"):
                yield Button("Save" if self.saving else "Load", variant="primary", id="ok", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        """Focus the path."""
        self.query_one("#path", Input).focus()

    @on(OptionList.OptionSelected, "#existing")
    def picked(self, event: OptionList.OptionSelected) -> None:
        """Use a listed save."""
        if self.saving:
            self.query_one("#path", Input).value = str(event.option.id)
        else:
            self.dismiss(str(event.option.id))

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def ok(self) -> None:
        """Use the typed path."""
        value = self.query_one("#path", Input).value.strip()
        if not value:
            self.notify("Type a path.", severity="warning")
            return
        if self.saving:
            try:
                Path(value).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                self.notify(f"Cannot create the folder: {e.strerror or e}", severity="error")
                return
        self.dismiss(str(Path(value).expanduser()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without a file."""
        self.dismiss(None)


def save_dialog(screen: Screen[Any], session: Session, title: str = "Save game") -> None:
    """Ask where to save ``session`` and save it there, telling the player how it went."""

    def chosen(path: str | None) -> None:
        if not path:
            return
        try:
            session.save(path)
        except OSError as e:
            screen.notify(escape(f"Could not save to {path}: {e.strerror or e}"), severity="error", markup=False)
            return
        except NegsimError as e:
            screen.notify(escape(f"Could not save to {path}: {e}"), severity="error", markup=False)
            return
        screen.notify(escape(f"Saved to {path}"), markup=False)

    screen.app.push_screen(FileScreen(title, default_save_path(session), saving=True), chosen)


def export_dialog(screen: Screen[Any], session: Session) -> None:
    """Ask where to write the after-action report of ``session`` (HTML, or Markdown for a ``.md`` path)."""
    from negsim.files import write_atomic
    from negsim.report import render_report

    default = default_save_path(session).removesuffix(".json") + "-report.html"

    def chosen(path: str | None) -> None:
        if not path:
            return
        fmt = "md" if Path(path).suffix.lower() in (".md", ".markdown", ".txt") else "html"
        try:
            write_atomic(path, render_report(session, fmt))
        except OSError as e:
            screen.notify(f"Could not write {path}: {e.strerror or e}", severity="error")
            return
        screen.notify(f"Report written to {path}")

    screen.app.push_screen(FileScreen("Export report (.html or .md)", default, saving=True, list_saves=False), chosen)
