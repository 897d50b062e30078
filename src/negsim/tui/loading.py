"""Opening saves in the app: bad saves in the state folder set aside, and the choice of rules when a
save's copy of its scenario differs from the scenario on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding

from negsim.errors import NegsimError
from negsim.printable import escape
from negsim.saverules import MODIFIED, Verdict
from negsim.session import LoadedSave, Session, open_save, state_dir
from negsim.statefolder import set_aside
from negsim.tui.screens.dialogs import ConfirmScreen


class RulesChoiceScreen(ConfirmScreen):
    """The save's copy of its scenario differs from the scenario file: which rules to play by?
    Escape keeps the save's own (the board then says "modified rules").
    """

    BINDINGS = [Binding("escape", "no", "The save's rules")]

    def __init__(self, loaded: LoadedSave) -> None:
        """Ask about ``loaded``, whose check found a differing scenario."""
        super().__init__(
            escape(
                f"This save's copy of “{loaded.session.rules.title}” differs from the scenario file "
                f"{loaded.check.reference}: someone changed one of them.\n"
                "Play by the scenario file's rules, or by the save's copy (the board will say “modified rules”)?"
            ),
            "The file's rules",
            "The save's rules",
        )


def in_state_folder(path: Path) -> bool:
    """Whether ``path`` is in the state folder (or a folder in it, such as ``saves/``)."""
    try:
        folder = state_dir().resolve()
        return folder in path.absolute().parent.resolve().parents or path.absolute().parent.resolve() == folder
    except OSError:
        return False


def try_open(app: App[Any], path: Path, notices: list[str] | None = None) -> LoadedSave | None:
    """Open a save the app found in the state folder; one that cannot be used is set aside and the
    player told once (in ``notices`` if given, else at once). Never raises for a bad file.
    """
    try:
        return open_save(path)
    except NegsimError as e:
        message = set_aside_message(path, str(e))
        if notices is not None:
            notices.append(message)
        else:
            app.notify(message, severity="warning", timeout=15, markup=False)
        return None


def set_aside_message(path: Path, reason: str) -> str:
    """Set ``path`` aside and say so (or say it could not be)."""
    new = set_aside(path, reason)
    where = f"renamed {new.name}" if new is not None else "left where it is (it could not be renamed)"
    return escape(f"Set aside {path.name}, which cannot be used ({where}):\n{reason}")


def play_loaded(app: App[Any], loaded: LoadedSave, then: Callable[[Session], None]) -> None:
    """Hand ``then`` the session to play: by the save's own rules, or, if they differ from the scenario
    file, by the rules the player chooses.
    """
    if loaded.check.verdict is not Verdict.DIFFERS:
        then(loaded.session)
        return

    def chosen(use_file: bool | None) -> None:
        if not use_file:
            then(loaded.session)
            return
        try:
            session = loaded.by_reference()
        except NegsimError as e:
            app.notify(
                escape(
                    f"The scenario file's rules cannot replay this game, so it goes on by the save's ({MODIFIED}):\n{e}"
                ),
                severity="warning",
                timeout=15,
                markup=False,
            )
            session = loaded.session
        then(session)

    app.push_screen(RulesChoiceScreen(loaded), chosen)
