"""The negsim Textual application."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from negsim.core.rules import Rules
from negsim.session import LoadedSave, Session, autosave_path, state_dir
from negsim.statefolder import entries, tidy
from negsim.tui.commands import GameCommands, GuardedCommandPalette
from negsim.tui.loading import play_loaded, try_open
from negsim.tui.screens.dialogs import ConfirmScreen
from negsim.tui.screens.files import saves_dir


def unfinished(app: App[None], path: Path, notices: list[str] | None = None) -> LoadedSave | None:
    """The unfinished game autosaved at ``path``, if there is one; a bad autosave is set aside (see ``try_open``)."""
    if not os.path.lexists(path):
        return None
    loaded = try_open(app, path, notices)
    return None if loaded is None or loaded.session.is_over else loaded


class ResumeScreen(ConfirmScreen):
    """Resume an unfinished autosaved game, or start a new one in its place; Escape resumes (loses nothing)."""

    BINDINGS = [Binding("escape", "yes", "Resume")]

    def __init__(self, saved: Session) -> None:
        """Ask whether to resume ``saved``."""
        state = saved.state
        super().__init__(
            f"An unfinished game of “{saved.rules.title}” was saved at round {state.round + 1} "
            f"({state.round_label}), seed {saved.seed}.\nResume it? A new game replaces it.",
            "Resume",
            "New game",
        )


class NegsimApp(App[None]):
    """negsim in the terminal: a new-game screen, the board, dialogs and the debrief."""

    CSS_PATH = "negsim.tcss"
    TITLE = "negsim"
    COMMANDS = App.COMMANDS | {GameCommands}
    ENABLE_COMMAND_PALETTE = True
    ALLOW_SELECT = False
    """No mouse text selection: in Textual 8.2 a mouse-down that starts one on a widget being
    removed (a closing dialog, a list being refilled) crashes the app (found by the monkey test).
    Logs and saves can be had from ``negsim run`` and Ctrl+S instead."""

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save an SVG screenshot (the palette's "Screenshot"), or say why it could not be taken."""
        try:
            return super().deliver_screenshot(filename, path, time_format)
        except TypeError:  # Textual 8.2: a screen pushed but not yet drawn has no lines to export
            self.notify("The screen was changing: take the screenshot again.", severity="warning")
            return None

    def __init__(
        self,
        *,
        scenario: str = "scenarios/dec2021.yaml",
        session: Session | None = None,
        seed: int | None = None,
        bot_delay: float = 0.4,
        autosave: bool = True,
        offer_resume: bool = True,
        error: str | None = None,
        loaded: LoadedSave | None = None,
        briefings: bool = True,
        tutorial: bool = False,
        offer_tutorial: bool = False,
    ) -> None:
        """Start on ``session`` if given, else offer to resume an autosave, else the new-game screen.

        With ``offer_resume``, no unfinished autosaved game is replaced without asking: a new game
        (``session``, or one started on the new-game screen) whose scenario's autosave holds an
        unfinished game is started only once the player has declined to resume that one. A ``loaded``
        save (``play --load``) is started like ``session``, once the player has chosen its rules if
        they differ from the scenario file's.
        """
        super().__init__()
        self.scenario = scenario
        self.initial = session
        self.loaded = loaded
        self.seed = seed
        self.bot_delay = bot_delay
        self.use_autosave = autosave
        self.offer_resume = offer_resume
        self.error = error
        self.briefings = briefings
        """Whether each person's own briefing opens before their first decision."""
        self.tutorial = tutorial
        """Start with the guided first round (``negsim play --tutorial``)."""
        self.offer_tutorial = offer_tutorial
        """Offer the guided round before the new-game screen (a first run, in a terminal)."""
        self.replaceable: set[Path] = set()
        """Autosaves holding an unfinished game the player chose not to resume (a new game may replace them)."""

    async def action_quit(self) -> None:
        """Quit from anywhere (Ctrl+Q, the palette's Quit) as ``q`` does: an unfinished game is autosaved first."""
        from negsim.tui.screens.board import BoardScreen

        boards = [s for s in self.screen_stack if isinstance(s, BoardScreen)]
        if boards:
            boards[-1].action_quit_game()
        else:
            self.exit()

    def action_command_palette(self) -> None:
        """Show the command palette (one that ignores input queued behind its closing), unless quitting."""
        if self.return_code is not None:  # exiting: a palette pushed now finds no list to fill (a crash)
            return
        open_already = any(s.has_class("--textual-command-palette") for s in self.screen_stack)
        if self.use_command_palette and not open_already:  # one palette: two would share one id (a crash)
            self.push_screen(GuardedCommandPalette(id="--command-palette"))

    def on_mount(self) -> None:
        """Show the first screen."""
        self.first_screen()

    def first_screen(self) -> None:
        """Tidy the state folder, then show the first screen: the guided round, a loaded or given game,
        the offer to resume an autosave, or the new-game screen.
        """
        tidy(state_dir(), saves_dir())
        if self.tutorial:
            self.start_tutorial()
            return
        if self.loaded is not None:
            play_loaded(self, self.loaded, self.start_session)
            return
        if self.initial is not None:
            self.start_session(self.initial)
            return
        if self.offer_resume and self.use_autosave and self.resume_offered():
            return
        self.show_new_game()
        if self.offer_tutorial:

            def answer(yes: bool | None) -> None:
                if yes:
                    self.start_tutorial()

            self.push_screen(
                ConfirmScreen(
                    "New to negsim? A guided first round shows the board, how to table a demand, how to "
                    "answer and what the log tells, in about five minutes.",
                    "Take the guided round",
                    "Not now",
                ),
                answer,
            )

    def start_tutorial(self) -> None:
        """The guided first round (of the scenario given, dec2021 by default)."""
        from negsim.tutorial import tutorial_session

        self.tutorial = True
        self.briefings = False  # the guide briefs the player
        self.start_session(tutorial_session(self.scenario))

    def show_new_game(self) -> None:
        """The new-game screen."""
        from negsim.tui.screens.newgame import NewGameScreen

        self.push_screen(NewGameScreen(self.scenario, self.seed, self.error))

    def resume_offered(self) -> bool:
        """If an unfinished game was autosaved, ask whether to resume it."""
        notices: list[str] = []
        try:
            for path in entries(state_dir(), "autosave-*.json"):
                saved = unfinished(self, path, notices)
                if saved is None:
                    continue

                def answer(resume: bool | None, saved: LoadedSave = saved, path: Path = path) -> None:
                    if resume:
                        play_loaded(self, saved, self.show_board)
                    else:
                        self.replaceable.add(path)
                        self.show_new_game()

                self.push_screen(ResumeScreen(saved.session), answer)
                return True
            return False
        finally:
            if notices:  # told once: the files are renamed and not found again
                self.notify("\n\n".join(notices), severity="warning", timeout=20, markup=False)

    def start_game(self, rules: Rules, text: str, path: str, seed: int, seats: Mapping[str, str]) -> None:
        """Start a new game (from the new-game screen)."""
        self.start_session(Session.new(rules, seed, seats, text, path, in_play=True))

    def start_session(self, session: Session) -> None:
        """Play a new game, first offering to resume the unfinished game its autosave would replace."""
        path = autosave_path(session.rules)
        saved = None
        if self.offer_resume and self.use_autosave and path not in self.replaceable:
            saved = unfinished(self, path)
        self.replaceable.discard(path)  # once: the new game's own autosave is not replaceable
        if saved is None:
            self.show_board(session)
            return

        def answer(resume: bool | None) -> None:
            if resume:
                play_loaded(self, saved, self.show_board)
            else:
                self.show_board(session)

        self.push_screen(ResumeScreen(saved.session), answer)

    def show_board(self, session: Session) -> None:
        """Play ``session`` on the board."""
        from negsim.tui.screens.board import BoardScreen

        board = BoardScreen(
            session,
            bot_delay=self.bot_delay,
            autosave=autosave_path(session.rules) if self.use_autosave else None,
            tutorial=self.tutorial,
        )
        self.tutorial = False  # one guided round
        if len(self.screen_stack) > 1:
            self.switch_screen(board)
        else:
            self.push_screen(board)
