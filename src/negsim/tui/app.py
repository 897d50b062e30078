"""The negsim Textual application."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import App

from negsim.core.rules import Rules
from negsim.session import Session, autosave_path, state_dir
from negsim.tui.commands import GameCommands, GuardedCommandPalette


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
    ) -> None:
        """Start on ``session`` if given, else offer to resume an autosave, else the new-game screen."""
        super().__init__()
        self.scenario = scenario
        self.initial = session
        self.seed = seed
        self.bot_delay = bot_delay
        self.use_autosave = autosave
        self.offer_resume = offer_resume
        self.error = error

    def action_command_palette(self) -> None:
        """Show the command palette (one that ignores input queued behind its closing), unless quitting."""
        if self.return_code is not None:  # exiting: a palette pushed now finds no list to fill (a crash)
            return
        open_already = any(s.has_class("--textual-command-palette") for s in self.screen_stack)
        if self.use_command_palette and not open_already:  # one palette: two would share one id (a crash)
            self.push_screen(GuardedCommandPalette(id="--command-palette"))

    def on_mount(self) -> None:
        """Show the first screen."""
        if self.initial is not None:
            self.show_board(self.initial)
            return
        if self.offer_resume and self.use_autosave and self.resume_offered():
            return
        self.show_new_game()

    def show_new_game(self) -> None:
        """The new-game screen."""
        from negsim.tui.screens.newgame import NewGameScreen

        self.push_screen(NewGameScreen(self.scenario, self.seed, self.error))

    def resume_offered(self) -> bool:
        """If an unfinished game was autosaved, ask whether to resume it."""
        from negsim.errors import NegsimError
        from negsim.tui.screens.dialogs import ConfirmScreen

        folder = state_dir()
        found = folder.glob("autosave-*.json") if folder.is_dir() else []
        candidates = sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)
        for path in candidates:
            try:
                session = Session.load(path)
            except NegsimError:
                continue
            if session.is_over:
                continue
            question = (
                f"An unfinished game of “{session.rules.title}” was saved at round {session.state.round + 1} "
                f"({session.state.round_label}), seed {session.seed}.\nResume it?"
            )

            def answer(yes: bool | None, session: Session = session) -> None:
                if yes:
                    self.show_board(session)
                else:
                    self.show_new_game()

            self.push_screen(ConfirmScreen(question, "Resume", "New game"), answer)
            return True
        return False

    def start_game(self, rules: Rules, text: str, path: str, seed: int, seats: Mapping[str, str]) -> None:
        """Start a new game (from the new-game screen)."""
        session = Session.new(rules, seed, seats, text, path)
        self.show_board(session)

    def show_board(self, session: Session) -> None:
        """Play ``session`` on the board."""
        from negsim.tui.screens.board import BoardScreen

        board = BoardScreen(
            session, bot_delay=self.bot_delay, autosave=autosave_path(session.rules) if self.use_autosave else None
        )
        if len(self.screen_stack) > 1:
            self.switch_screen(board)
        else:
            self.push_screen(board)
