"""Command palette entries: play a card by name, pass, answer, undo, save, load, help, meters."""

from __future__ import annotations

from functools import partial

from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider

from negsim.core.actions import Play
from negsim.tui.screens.modal import DismissGuard

BOARD_COMMANDS = (
    ("Pass", "End your turn in this phase", "pass_turn"),
    ("Answer", "Answer what is waiting for you", "answer"),
    ("Undo", "Back to before your last decision", "undo"),
    ("Skip bots", "Fast-forward to your next decision", "skip"),
    ("Pause", "Stop the bots (a game only bots play)", "pause"),
    ("Resume", "Let the bots play on", "resume"),
    ("Save game", "Save (a save is also a replay)", "save"),
    ("Load game", "Load a saved game", "load"),
    ("Actors & goals", "Every actor as you know it, and your objectives", "actors"),
    ("Your briefing", "Your objectives, your score and your cards", "briefing"),
    ("Why the bots did it", "Each bot decision with its reason, this round's first", "whys"),
    ("Whole table", "Every item on the table in full", "whole_table"),
    ("Whole log", "The log in a full-screen window", "whole_log"),
    ("Help", "Rules, actors, meters and keys", "help"),
    ("Debrief", "How the game ended and why", "debrief"),
)
"""Palette entries for board keys: name, help, and the board action (listed when it can apply)."""

HANDOVER_COMMANDS = ("help",)
"""The board's commands the palette offers while a hot-seat hand-over hides the board: none that
shows a seat's view (its cards, score, objectives, log or meters)."""


class GameCommands(Provider):
    """Commands for the game on the board."""

    def _commands(self) -> list[tuple[str, str, object]]:
        from negsim.tui.screens.board import BoardScreen

        board = next((s for s in reversed(self.app.screen_stack) if isinstance(s, BoardScreen)), None)
        if board is None:
            return []
        if board.handing_over:  # the board still shows the previous seat's view: nothing of it
            return [(n, h, getattr(board, f"action_{a}")) for n, h, a in BOARD_COMMANDS if a in HANDOVER_COMMANDS]
        rules = board.rules
        out: list[tuple[str, str, object]] = []
        if board.my_turn():
            seen: set[str] = set()
            for a in board.session.legal():
                if isinstance(a, Play) and a.card not in seen:
                    seen.add(a.card)
                    card = rules.cards[rules.card_index[a.card]]
                    out.append((f"Play: {card.name}", card.text or card.kind.value, partial(board.play_card, a.card)))
        for name, help_text, action in BOARD_COMMANDS:
            mine = action not in ("pass_turn", "answer") or board.my_turn()
            if mine and board.check_action(action, ()):  # the board's keys that can apply now
                out.append((name, help_text, getattr(board, f"action_{action}")))
        for m in rules.meters:
            if not m.per_actor:
                out.append((f"Meter history: {m.name}", m.text, partial(_open_meter, board, m.id)))
        return out

    async def discover(self) -> Hits:
        """Every command, for an empty query."""
        for name, help_text, run in self._commands():
            yield DiscoveryHit(name, run, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        """Commands matching ``query``."""
        matcher = self.matcher(query)
        for name, help_text, run in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)  # type: ignore[arg-type]


def _open_meter(board: object, meter: str) -> None:
    from negsim.tui.screens.board import BoardScreen
    from negsim.tui.screens.meter import MeterScreen

    assert isinstance(board, BoardScreen)
    board.app.push_screen(MeterScreen(board.session, meter, board.viewer))


class GuardedCommandPalette(DismissGuard, CommandPalette):
    """Textual's command palette, closing itself only while on top and deaf once dismissed.

    Input queued behind a selection (a double-click on a command while the app is busy) used to
    reach the closing palette: the second selection dismissed the screen under it (the board)
    and ran the command a second time.

    A move through the commands (PageDown, PageUp, Ctrl+End, ...) pressed before the command list
    is laid out is ignored: Textual 8.2 pages by the list's lines, which do not exist yet, and
    crashed with ``KeyError`` (Ctrl+P at once followed by PageDown).
    """

    def _action_command_list(self, action: str) -> None:
        if self.query_one(CommandList).scrollable_content_region:
            super()._action_command_list(action)
