"""The board: what the current seat may see, its cards, the table and the log; drives the game.

Rules stay in the core: the board renders ``view(state, seat)`` and sends actions to the
session. Bots think in thread workers and their moves are shown one at a time at a pace the
player sets (``+``/``-``) and can skip (``space``).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList
from textual.worker import Worker, WorkerState

from negsim.analysis.recap import round_recap
from negsim.bots import Decision
from negsim.core.actions import Action, Answer, Pass, Play
from negsim.core.events import GameEnd, RoundStarted
from negsim.core.rules import PhaseKind, Rules
from negsim.core.view import View, view
from negsim.describe import reason_words
from negsim.errors import NegsimError
from negsim.narrate import card_name
from negsim.printable import escape
from negsim.session import Session, autosave_path, open_save
from negsim.tui.decisions import answer_choice, answer_header, answer_preview, play_choice, play_preview
from negsim.tui.loading import in_state_folder, play_loaded, set_aside_message
from negsim.tui.style import hanging
from negsim.tui.widgets.board_parts import ActorsBar, StatusBar, TablePanel
from negsim.tui.widgets.detail import CardDetail
from negsim.tui.widgets.flags import FlagsPanel
from negsim.tui.widgets.footer import QuietFooter
from negsim.tui.widgets.hand import PASS, HandList
from negsim.tui.widgets.log import EventLog
from negsim.tui.widgets.meters import MetersPanel

if TYPE_CHECKING:
    from negsim.core.state import GameState
    from negsim.tui.tutorial import Coach

SPEEDS = (0.0, 0.15, 0.4, 0.8, 1.5)
"""Seconds between bot moves the player can choose from."""


class BoardScreen(Screen[None]):
    """The game board."""

    BINDINGS = [
        Binding("p", "pass_turn", "Pass"),
        Binding("a", "answer", "Answer"),
        Binding("u", "undo", "Undo"),
        Binding("d", "debrief", "Debrief"),
        Binding("space", "skip", "Skip bots"),
        Binding("space", "pause", "Pause"),
        Binding("space", "resume", "Resume"),
        Binding("n", "next_step", "Next step", show=False),
        Binding("f1,question_mark", "help", "Help"),
        Binding("q", "quit_game", "Quit"),
        # In the help (F1) and the palette (Ctrl+P), not in the footer: at 80 columns it has room
        # for the keys above only.
        Binding("m", "meters", "Meters", show=False),
        Binding("f", "flags", "Flags", show=False),
        Binding("i", "actors", "Actors & goals", show=False),
        Binding("c", "card", "Whole card", show=False),
        Binding("t", "whole_table", "Whole table", show=False),
        Binding("l", "whole_log", "Whole log", show=False),
        Binding("w", "whys", "Why the bots did it", show=False),
        Binding("b", "briefing", "Your briefing", show=False),
        Binding("escape", "back", "Back to your cards", show=False),
        Binding("plus,equals_sign", "faster", "Faster", show=False),
        Binding("minus", "slower", "Slower", show=False),
        Binding("ctrl+s", "save", "Save", show=False),
        Binding("ctrl+o", "load", "Load", show=False),
    ]

    def __init__(
        self, session: Session, *, bot_delay: float = 0.4, autosave: Path | None = None, tutorial: bool = False
    ) -> None:
        """A board for ``session``; bots move every ``bot_delay`` seconds; autosaves to ``autosave``; with
        ``tutorial``, a guide walks the player through the first round.
        """
        super().__init__()
        self.tutorial = tutorial
        self.session = session
        self.bot_delay = bot_delay
        self.autosave = autosave
        self.viewer: str | None = self._first_viewer()
        self.generation = 0
        self.bot_thinking = False
        self.fast = False
        self.paused = False
        self.logged = 0
        self.debriefed = False
        self.pending: Timer | None = None
        self.handing_over = False
        self.seated = len(session.humans) < 2
        """Hot seat: whether the person at the keyboard has taken the displayed seat (after a hand-over)."""
        self.last_decision: tuple[int, str | None] = (-1, None)
        self.mode: str = "cards"
        """``cards``: the hand; ``play``/``answer``: the hand pane lists the choices of a decision."""
        self.choices: list[Action] = []
        self.confirming: int | None = None
        """Answering: the choice Enter was pressed on once (Enter again on it answers)."""
        self._previewed: tuple[int, int, int | None] | None = None
        self.briefed: set[str] = set()
        """Seats whose own briefing has been shown."""

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Status line, meters/actors/table/log on the left, hand and card on the right."""
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield MetersPanel(id="meters")
                yield FlagsPanel(id="flags")
                yield ActorsBar(id="actors")
                yield TablePanel(id="table")
                yield EventLog(id="log", max_lines=5000, wrap=True, markup=False, auto_scroll=True, min_width=20)
            with Vertical(id="right"):
                yield HandList(id="hand")
                yield CardDetail(id="detail")
        if self.tutorial:
            from negsim.tui.tutorial import Coach

            yield Coach(id="coach")
        yield QuietFooter()

    def on_mount(self) -> None:
        """Title the panels, draw the board and start play."""
        self.query_one("#table").border_title = "On the table"
        self.query_one("#log").border_title = "Log"
        self.query_one("#detail").border_title = "Card"
        self.query_one(HandList).on_highlight = self.show_highlighted_card
        if not self.seated:  # hot seat: nobody's cards show before the first hand-over
            self.hand_over(self.viewer)
        self.rebuild_log()
        if self.tutorial:
            self.coach().show_step(self)
        self.refresh_board()
        self.query_one("#hand").focus()
        # The app, the scenario and this board live as long as the game: keep the garbage
        # collector from walking them again and again (its pauses showed as slow key presses).
        gc.collect()
        gc.freeze()
        if os.environ.get("NEGSIM_EXIT_WHEN_READY"):
            # For benchmarks/tui.py: the board is interactive; stop here.
            self.call_after_refresh(self.app.exit)
            return
        self.call_after_refresh(self.drive)

    # ------------------------------------------------------------ queries

    @property
    def rules(self) -> Rules:
        """The scenario's rules."""
        return self.session.rules

    @property
    def state(self) -> GameState:
        """The current state."""
        return self.session.state

    def _first_viewer(self) -> str | None:
        humans = self.session.humans
        to_move = self.session.to_move
        if to_move in humans:
            return to_move
        return humans[0] if humans else None

    def current_view(self) -> View:
        """What the displayed seat may see."""
        return view(self.state, self.viewer)

    def away(self) -> frozenset[str]:
        """Seats whose player is disconnected (none at one keyboard; see the served game's board)."""
        return frozenset()

    def my_turn(self) -> bool:
        """Whether the displayed human seat must decide now."""
        return self.viewer is not None and self.session.to_move == self.viewer

    # ------------------------------------------------------------ drawing

    def who_text(self) -> str:
        """The 'whose decision' part of the status line (in a sealed phase, with the seat's own choice)."""
        text = self._who_text()
        phase = self.rules.phases[self.state.phase]
        if phase.sealed and phase.kind is PhaseKind.PLAY and not self.session.is_over:
            choice = self.current_view().choice
            if choice is not None:
                what = f"“{card_name(self.rules, choice.card)}”" if isinstance(choice, Play) else "a pass"
                text += f" · your sealed choice: {what}"
            elif self.my_turn():
                text += " · sealed: the others see only that you chose"
        return text

    def _who_text(self) -> str:
        s = self.session
        if s.is_over:
            return "Game over — d: debrief"
        actor = s.to_move
        assert actor is not None
        spec = self.rules.actors[self.rules.actor_index[actor]]
        name = spec.name if self.size.width >= 100 else spec.short
        answering = self.rules.phases[self.state.phase].kind is PhaseKind.ANSWER
        if s.is_human(actor):
            if actor == self.viewer:
                if self.mode == "play":
                    return f"▶ {name}: Enter plays · Esc back"
                if self.mode == "answer" and self.confirming is not None:
                    return f"▶ {name}: Enter again to confirm · ↑↓ another"
                if self.mode == "answer":
                    return f"▶ {name}: ↑↓ choose · Enter · Esc cards"
                return f"▶ {name}: answer (a)" if answering else f"▶ {name}: your move"
            return f"{name} (another player) decides"
        bot = s.seats[actor]
        if self.paused:
            return f"{name} ({bot} bot) — paused: space resumes"
        return f"{name} ({bot} bot) {'answers' if answering else 'moves'}…"

    def show_status(self, v: View) -> None:
        """The status line: whose decision it is and, for a seat that scores, its score and the score that wins."""
        win = None if self.viewer is None else self.rules.actors[self.rules.actor_index[self.viewer]].win_at
        score = None if v.score is None or win is None else (v.score, win)
        self.query_one(StatusBar).show(self.rules, v, self.who_text(), score, self.session.rules_note)

    def refresh_board(self) -> None:
        """Redraw every panel from the current view."""
        v = self.current_view()
        rules = self.rules
        self.show_status(v)
        self.query_one(MetersPanel).show(rules, v)
        self.query_one(FlagsPanel).show(rules, v)
        self.query_one(ActorsBar).show(rules, v, self.session.seats, self.viewer, self.away())
        self.query_one(TablePanel).show(rules, v)
        if self.mode == "cards":
            hand = self.query_one(HandList)
            can_play = self.my_turn() and rules.phases[self.state.phase].kind is PhaseKind.PLAY
            hand.border_title = (
                f"Cards · {rules.actors[rules.actor_index[self.viewer]].name}" if self.viewer else "Cards"
            )
            decision = (self.state.ply, self.viewer)
            hand.show(v, can_play, rules, fresh=decision != self.last_decision, with_pass=self.viewer is not None)
            self.last_decision = decision
            self.show_highlighted_card()
        self.log_new_events()
        self.follow_guide()

    def coach(self) -> Coach:
        """The guided round's coach (only in a guided round)."""
        from negsim.tui.tutorial import Coach

        return self.query_one(Coach)

    def follow_guide(self) -> None:
        """In a guided round, move the guide on past what the player has done."""
        if self.tutorial:
            self.coach().follow(self)

    def action_next_step(self) -> None:
        """The guided round's next step (the last one closes the guide: the game goes on)."""
        if self.tutorial and not self.coach().next(self):
            self.coach().remove()
            self.tutorial = False
            self.refresh_bindings()
            self.notify("The guide is closed: the game is yours. F1 for help.")

    def show_highlighted_card(self) -> None:
        """Put the highlighted card (or, deciding, the highlighted choice's preview) in the detail pane."""
        hand = self.query_one(HandList)
        detail = self.query_one(CardDetail)
        opt = hand.highlighted_option
        if self.mode != "cards":
            self.show_choice_preview()
            return
        if self.viewer is None:
            detail.show_text(
                Text(
                    "You are watching: every seat is a bot.\n\nspace pauses or resumes; + and - change the pace.",
                    style="italic",
                )
            )
            return
        if opt is None or opt.id == PASS:
            detail.show_text(Text("Pass: end your turn in this phase without playing a card.", style="italic"))
            return
        me = self.rules.actor_index[self.viewer]
        private = any(m.visible_to is not None for m in self.rules.meters) or any(
            f.visible_to is not None for f in self.rules.flags
        )
        card = next((c for c in self.current_view().hand if c.id == opt.id), None)
        reason = None if card is None or card.playable else card.reason
        detail.show_card(self.rules, str(opt.id), None if private else self.state, me, reason)

    def rebuild_log(self) -> None:
        """Write the whole log again (after undo, load or a change of seat)."""
        log = self.query_one(EventLog)
        log.clear()
        self.logged = 0
        self.log_new_events()
        # RichLog's own scroll to the end can stop a wrapped line short when many lines arrive
        # before the first layout; scroll again once they are laid out.
        self.call_after_refresh(log.scroll_end, animate=False, immediate=True)

    def log_new_events(self) -> None:
        """Append events not yet in the log, with a recap where each round ends."""
        log = self.query_one(EventLog)
        batches = self.session.events
        for k in range(self.logged, len(batches)):
            batch = batches[k]
            why = self.session.why(k - 1)
            actor = self.session.actions[k - 1].actor if k > 0 else None
            start = 0
            for i, e in enumerate(batch):
                ended = e.round if isinstance(e, GameEnd) else e.round - 1 if isinstance(e, RoundStarted) else 0
                if ended < 1:
                    continue
                log.add_events(self.rules, batch[start:i], self.viewer, why if start == 0 else None, actor)
                events = [x for b in batches[: k + 1] for x in b if x.round == ended]
                log.add_recap(round_recap(self.rules, events, ended, self.viewer))
                start = i
            log.add_events(self.rules, batch[start:], self.viewer, why if start == 0 else None, actor)
        self.logged = len(batches)

    # ------------------------------------------------------------ flow

    def after_change(self, events: tuple[object, ...] = ()) -> None:
        """Redraw, autosave at a new round, and move the game on."""
        if self.autosave is not None and any(isinstance(e, RoundStarted) for e in events):
            self.save_autosave()
        self.refresh_board()
        self.drive()

    def drive(self) -> None:
        """Hand the decision to whoever must take it: a dialog for a person, a worker for a bot."""
        s = self.session
        if s.is_over:
            self.fast = False
            if not self.debriefed:
                self.debriefed = True
                if self.autosave is not None:
                    self.save_autosave()
                self.action_debrief()
            return
        if not self.seated:
            self.hand_over(self.viewer)
            return
        actor = s.to_move
        if s.is_human(actor):
            self.fast = False
            if actor != self.viewer:
                self.hand_over(actor)
                return
            if self.brief_first():
                return
            if self.rules.phases[self.state.phase].kind is PhaseKind.ANSWER and self.is_active:
                self.action_answer()
            return
        self.schedule_bot()

    def hand_over(self, actor: str | None) -> None:
        """Hot seat: hide the board, and close whatever the previous seat had open over it (its
        actors and goals, a meter's history, the palette...), until the next person is ready.
        """
        from negsim.tui.screens.dialogs import HandoverScreen

        if self.handing_over or actor is None:
            return
        self.handing_over = True
        name = self.rules.actors[self.rules.actor_index[actor]].name
        while self in self.app.screen_stack and self.app.screen is not self:
            self.app.pop_screen()
        previous = self.viewer if self.seated and self.session.can_undo(self.viewer) else None
        before = None if previous is None else self.rules.actors[self.rules.actor_index[previous]].name

        def ready(answer: str | None) -> None:
            self.handing_over = False
            if answer == "quit":
                self.action_quit_game()
                return
            if answer == "undo" and previous is not None:
                self.action_undo()  # the person who decided last is still at the keyboard
                return
            self.seated = True
            self.leave_choice()
            self.viewer = actor
            self.rebuild_log()
            self.refresh_board()
            self.drive()

        self.app.push_screen(HandoverScreen(name, before), ready)

    def schedule_bot(self) -> None:
        """Ask the bot to move, in a worker thread, unless one is already thinking."""
        if self.bot_thinking or self.paused or self.session.is_over:
            return
        actor = self.session.to_move
        if actor is None or actor not in self.session.bots:
            return
        self.bot_thinking = True
        task = self.session.bot_task()  # the bot sees only its seat's information set
        generation = self.generation

        def think() -> tuple[int, Decision]:
            return generation, task()

        self.run_worker(think, thread=True, group="bot", exit_on_error=True)

    @on(Worker.StateChanged)
    def bot_done(self, event: Worker.StateChanged) -> None:
        """A bot has chosen: show its move after the pause the player set."""
        if event.worker.group != "bot" or event.state is not WorkerState.SUCCESS:
            return
        self.bot_thinking = False
        result = event.worker.result
        assert isinstance(result, tuple)
        generation, decision = result
        if generation != self.generation:
            self.drive()
            return
        delay = 0.0 if self.fast else self.bot_delay
        if delay <= 0:
            self.apply_bot(generation, decision)
        else:
            self.pending = self.set_timer(delay, lambda: self.apply_bot(generation, decision))

    def apply_bot(self, generation: int, decision: Decision) -> None:
        """Play a bot's decision with its reason (unless undo or load made it stale)."""
        self.pending = None
        if generation != self.generation or self.session.is_over:
            return
        events = self.session.play(decision.action, decision.why)
        self.after_change(events)

    def play(self, action: Action | None) -> None:
        """Play a human decision."""
        if action is None:
            return
        try:
            events = self.session.play(action)
        except NegsimError as e:
            self.notify(str(e), severity="error", title="Not allowed")
            return
        self.after_change(events)

    def invalidate_bots(self) -> None:
        """Forget any bot move in flight (after undo or load)."""
        self.generation += 1
        if self.pending is not None:
            self.pending.stop()
            self.pending = None

    # ------------------------------------------------------------ events

    @on(OptionList.OptionSelected, "#hand")
    def card_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or click: on a card, choose how to play it; on a choice, take it."""
        if self.mode != "cards":
            index = event.option_index
            if not 0 <= index < len(self.choices):
                return
            if self.mode == "answer" and self.confirming != index:
                self.confirming = index  # an answer is taken only once confirmed
                self.show_status(self.current_view())
                self.show_choice_preview()
                return
            action = self.choices[index]
            self.leave_choice()
            self.play(action)
            return
        if event.option.id == PASS:
            self.action_pass_turn()
            return
        self.play_card(str(event.option.id))

    @on(OptionList.OptionSelected, "#meters")
    def meter_selected(self, event: OptionList.OptionSelected) -> None:
        """Open a meter's history (on a row of the per-actor table, the history of that actor's meters)."""
        from negsim.tui.screens.meter import MeterScreen

        tracks = self.query_one(MetersPanel).tracks(str(event.option.id))
        if not tracks:
            self.notify("Those meters are hidden from you.", severity="warning")
            return
        self.app.push_screen(MeterScreen(self.session, tracks[0], self.viewer, more=tracks[1:]), self.back_to_cards)

    @on(OptionList.OptionSelected, "#flags")
    def flag_selected(self, event: OptionList.OptionSelected) -> None:
        """Say what a flag means."""
        flag_id = str(event.option.id).partition(".")[0]
        spec = self.rules.flags[self.rules.flag_index[flag_id]]
        self.notify(escape(spec.text or "No description."), title=spec.name, markup=False)

    def back_to_cards(self, _: object = None) -> None:
        """Focus the hand again (after a dialog opened from another panel), so Enter plays a card."""
        self.query_one(HandList).focus()

    def play_card(self, card_id: str) -> None:
        """List the ways to play a card (forum, target) with a preview, or explain why it cannot be played."""
        if not self.my_turn():
            self.notify("It is not your move.", severity="warning")
            return
        if self.rules.phases[self.state.phase].kind is not PhaseKind.PLAY:
            self.notify("This is the answer phase: press a to answer.", severity="warning")
            return
        options = [a for a in self.session.legal() if isinstance(a, Play) and a.card == card_id]
        if not options:
            v = self.current_view()
            reason = next((c.reason for c in v.hand if c.id == card_id), None) or "it cannot be played now"
            self.notify(
                reason_words(self.rules, reason, self.rules.actor_index.get(self.viewer or "", -1)),
                title="Not playable",
                severity="warning",
            )
            return
        card = self.rules.cards[self.rules.card_index[card_id]]
        self.enter_choice("play", options, [play_choice(self.rules, p) for p in options], f"Play “{card.name}”")

    def enter_choice(
        self, mode: str, actions: Sequence[Action], prompts: list[Text], title: str, highlight: int | None = 0
    ) -> None:
        """Show the choices of a decision in the hand pane (``highlight``: the one highlighted first, if
        any) and the preview in the card pane.
        """
        self.mode = mode
        self.choices = list(actions)
        self.confirming = None
        self._previewed = None
        hand = self.query_one(HandList)
        hand.border_title = title
        hand.show_choices(prompts, highlight)
        hand.focus()
        self.show_status(self.current_view())
        self.show_choice_preview()
        self.follow_guide()

    def leave_choice(self) -> None:
        """Back to the hand (the board is redrawn by whoever called)."""
        self.mode = "cards"
        self.choices = []
        self.confirming = None
        self._previewed = None
        self.last_decision = (-1, None)

    def show_choice_preview(self) -> None:
        """What the highlighted choice would do (answering with nothing highlighted yet: the item, and how
        to choose; an answer chosen once: how to confirm it).
        """
        hand = self.query_one(HandList)
        index = hand.highlighted
        if self.confirming is not None and index != self.confirming:
            self.confirming = None  # another answer highlighted: it must be confirmed on its own
            self.show_status(self.current_view())
        detail = self.query_one(CardDetail)
        if index is None and self.mode == "answer" and self.choices:
            first = self.choices[0]
            item = self.state.item(first.item) if isinstance(first, Answer) else None
            if item is not None:
                t = Text(
                    "Choose an answer with ↑ ↓: each shows what it would do. Nothing is chosen for you.\n\n",
                    style="bold",
                )
                detail.show_text(t + answer_header(self.rules, item, self.viewer))
            return
        index = index or 0
        if not self.choices or index >= len(self.choices):
            return
        action = self.choices[index]
        key = (self.state.ply, index, self.confirming)
        if key == self._previewed:
            return
        self._previewed = key
        if isinstance(action, Play):
            detail.show_text(play_preview(self.rules, self.state, action))
        elif isinstance(action, Answer):
            item = self.state.item(action.item)
            if item is not None:
                text = answer_preview(self.rules, self.state, item, action, self.viewer)
                if self.confirming == index:
                    verb = answer_choice(self.rules, action, item).plain
                    text = (
                        Text(f"Enter again to answer: {verb}. ↑↓ or Esc to choose again.\n", style="bold reverse")
                        + text
                    )
                detail.show_text(text)

    def action_back(self) -> None:
        """Leave a decision's choices (playing: cancel; answering: look at your cards, a comes back), or
        from the meters back to the cards (so Enter plays a card again).
        """
        self.query_one(HandList).focus()
        if self.mode == "cards":
            return
        self.leave_choice()
        self.refresh_board()

    # ------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether a key can apply now (the footer shows only those that can)."""
        # No person's decisions when only bots play or the game is over; space skips bots for a
        # person, and pauses or resumes a game only bots play; the debrief once the game is over.
        watching, over = not self.session.humans, self.session.is_over
        match action:
            case "pass_turn" | "answer" | "skip":
                return not watching and not over
            case "undo":
                return not watching
            case "pause" | "resume":
                return watching and not over and self.paused == (action == "resume")
            case "debrief":
                return over
            case "next_step":
                return self.tutorial
        return True

    def action_pass_turn(self) -> None:
        """Pass (end the turn in this play phase)."""
        if self.mode == "cards" and self.my_turn() and self.viewer is not None:
            p = Pass(actor=self.viewer)
            if p in self.session.legal():
                self.play(p)
                return
        self.notify("You cannot pass now.", severity="warning")

    def action_answer(self) -> None:
        """List the answers to the item waiting for the seat's answer, with a preview of each."""
        if not self.my_turn() or self.rules.phases[self.state.phase].kind is not PhaseKind.ANSWER:
            self.notify("Nothing is waiting for your answer.", severity="warning")
            return
        if self.mode == "answer":
            return
        options = [a for a in self.session.legal() if isinstance(a, Answer)]
        item = self.state.item(options[0].item)
        card = self.rules.cards[item.card] if item is not None else None
        title = f"Answer #{options[0].item}" + (f" “{card.name}”" if card is not None else "")
        prompts = [answer_choice(self.rules, a, item) for a in options]
        self.enter_choice("answer", options, prompts, title, highlight=None)  # never a default answer

    def action_undo(self) -> None:
        """Go back to before your last decision (in hot seat, only if no other person has decided since)."""
        last = self.session.last_human_decision()
        if last is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        if not self.session.can_undo(self.viewer):
            actor = self.session.actions[last].actor
            name = self.rules.actors[self.rules.actor_index[actor]].name
            self.notify(f"The last decision was {name}'s: you can undo only your own.", severity="warning")
            return
        self.invalidate_bots()
        self.leave_choice()
        n = self.session.undo(self.viewer)
        self.debriefed = False
        self.rebuild_log()
        self.refresh_board()
        bots = f" and {n - 1} bot move{'s' * (n != 2)}" if n > 1 else ""
        self.notify(f"Back to before your last decision: your move{bots} undone.")
        self.refresh_bindings()  # an ended game may be going again
        self.drive()

    def action_meters(self) -> None:
        """Focus the meters (Enter opens one's history)."""
        self.query_one(MetersPanel).focus()

    def action_flags(self) -> None:
        """Focus the flags (Enter on one says what it means)."""
        self.query_one(FlagsPanel).focus()

    def action_card(self) -> None:
        """The highlighted card in full, in a scrollable dialog."""
        from negsim.tui.screens.actors import TextScreen

        self.app.push_screen(TextScreen(self.query_one(CardDetail).full))

    def action_whole_table(self) -> None:
        """Every item on the table, in full."""
        from negsim.tui.screens.actors import TextScreen

        self.app.push_screen(TextScreen(TablePanel.whole(self.rules, self.current_view()), "The whole table"))

    def action_whole_log(self) -> None:
        """The whole log, at the width of the screen (its newest entry first in view)."""
        from negsim.tui.screens.actors import TextScreen

        entries = self.query_one(EventLog).entries
        # Each entry's wrapped lines stay under its text.
        pads = [len(e.plain) - len(e.plain.lstrip(" ")) for e in entries]
        shown = Group(*(hanging(Text(" " * n), e[n:]) if n else e for e, n in zip(entries, pads, strict=True)))
        self.app.push_screen(TextScreen(Text("\n").join(entries), "The whole log", at_end=True, shown=shown))

    def action_whys(self) -> None:
        """Each bot decision the seat may see, with the bot's reason: this round's first."""
        from negsim.tui.screens.actors import TextScreen
        from negsim.tui.screens.whys import bot_decisions_text

        self.app.push_screen(TextScreen(bot_decisions_text(self.session, self.viewer), "Why the bots did it"))

    def action_briefing(self) -> None:
        """The seat's own briefing: its objectives, score and cards."""
        from negsim.tui.screens.briefing import OwnBriefingScreen

        if self.viewer is None:
            self.notify("You are watching: no seat of yours to brief.", severity="warning")
            return
        self.app.push_screen(OwnBriefingScreen(self.rules, self.current_view()))

    def brief_first(self) -> bool:
        """Before a seat's first decision, show its own briefing once (returns whether it did)."""
        from negsim.tui.screens.briefing import OwnBriefingScreen

        seat = self.viewer
        if seat is None or seat in self.briefed or not getattr(self.app, "briefings", False):
            return False
        self.briefed.add(seat)
        if any(a.actor == seat for a in self.session.actions):  # a game loaded after the seat decided
            return False
        self.app.push_screen(OwnBriefingScreen(self.rules, self.current_view()), lambda _: self.drive())
        return True

    def action_actors(self) -> None:
        """Every actor as you know it, and your objectives."""
        from negsim.tui.screens.actors import ActorsScreen

        self.app.push_screen(ActorsScreen(self.rules, self.current_view(), self.session.seats))

    def action_pause(self) -> None:
        """Pause a game only bots play (the move about to be shown is chosen again on resuming)."""
        self.paused = True
        self.invalidate_bots()  # else resuming before it is shown had two bots move on one state
        self.refresh_bindings()
        self.refresh_board()

    def action_resume(self) -> None:
        """Resume a paused game only bots play."""
        self.paused = False
        self.refresh_bindings()
        self.refresh_board()
        self.drive()

    def action_skip(self) -> None:
        """Skip bot moves to your next decision."""
        self.fast = True
        if self.pending is not None:
            self.pending.stop()
            self.pending = None
            self.bot_thinking = False
            self.schedule_bot()

    def action_faster(self) -> None:
        """Shorter pause between bot moves."""
        slower = [s for s in SPEEDS if s < self.bot_delay]
        self.bot_delay = slower[-1] if slower else SPEEDS[0]
        self.notify(f"Bots: {self.bot_delay:g} s per move")

    def action_slower(self) -> None:
        """Longer pause between bot moves."""
        faster = [s for s in SPEEDS if s > self.bot_delay]
        self.bot_delay = faster[0] if faster else SPEEDS[-1]
        self.notify(f"Bots: {self.bot_delay:g} s per move")

    def action_help(self) -> None:
        """Rules, actors, meters and keys of this scenario."""
        from negsim.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.rules))

    def action_debrief(self) -> None:
        """The end-of-game debrief."""
        from negsim.tui.screens.debrief import DebriefScreen

        self.refresh_bindings()  # the game has ended (or not): the footer's keys follow
        if not self.session.is_over:
            self.notify("The debrief comes when the game is over.", severity="warning")
            return
        self.app.push_screen(DebriefScreen(self.session))

    def action_save(self) -> None:
        """Save the game (a save is also a replay)."""
        from negsim.tui.screens.files import save_dialog

        save_dialog(self, self.session)

    def action_load(self) -> None:
        """Load a saved game (replaces this one)."""
        from negsim.tui.screens.dialogs import ChoiceScreen
        from negsim.tui.screens.files import FileScreen

        def chosen(path: str | None) -> None:
            if not path:
                return
            try:
                loaded = open_save(path)
            except NegsimError as e:
                message = str(e)
                if in_state_folder(Path(path)):  # a bad save of ours: set aside, so it is not offered again
                    message = set_aside_message(Path(path), message)
                self.notify(message, severity="error", title="Cannot load", markup=False)
                return

            def load(answer: str | None = "load") -> None:
                if answer and (answer != "keep" or self.keep_copy()):
                    play_loaded(self.app, loaded, lambda session: self.play_loaded_save(session, path))

            if self.session.is_over or self.session.last_human_decision() is None:  # nothing of a person's to lose
                load()
                return
            self.app.push_screen(
                ChoiceScreen(
                    f"The game in play is unfinished (round {self.state.round + 1}). Loading replaces it, "
                    "and its autosave. Keep a copy of it first?",
                    [("Keep a copy, then load", "keep"), ("Load without a copy", "load"), ("Cancel", "")],
                ),
                load,
            )

        self.app.push_screen(FileScreen("Load game", "", saving=False), chosen)

    def keep_copy(self) -> bool:
        """Save the game in play to the saves folder before another replaces it (whether it could be)."""
        from negsim.tui.screens.files import default_save_path

        copy = default_save_path(self.session)
        try:
            Path(copy).parent.mkdir(parents=True, exist_ok=True)
            self.session.save(copy)
        except OSError as e:
            self.notify(f"Could not keep a copy: {e.strerror or e}; nothing loaded", severity="error", markup=False)
            return False
        self.notify(escape(f"The game in play was saved to {copy}"), markup=False)
        return True

    def play_loaded_save(self, session: Session, path: str) -> None:
        """Play a game loaded with Ctrl+O."""
        if self.autosave is not None:  # a game of another scenario autosaves to its own file
            self.autosave = autosave_path(session.rules)
        self.load_session(session)
        self.refresh_bindings()  # the loaded game may have other seats, or be over
        note = f" ({session.rules_note})" if session.rules_note else ""
        self.notify(escape(f"Loaded {path}{note}"), markup=False)

    def load_session(self, session: Session) -> None:
        """Replace the game in play."""
        self.invalidate_bots()
        self.leave_choice()
        self.session = session
        self.viewer = self._first_viewer()
        self.seated = len(session.humans) < 2
        self.debriefed = session.is_over
        self.rebuild_log()
        self.refresh_board()
        self.drive()

    def save_autosave(self) -> None:
        """Write the autosave (quietly; a failure is shown, not raised)."""
        if self.autosave is None:
            return
        try:
            self.autosave.parent.mkdir(parents=True, exist_ok=True)
            self.session.save(self.autosave)
        except OSError as e:
            self.notify(escape(f"Autosave failed: {e.strerror or e}"), severity="warning", markup=False)
        except NegsimError as e:
            self.notify(escape(f"Autosave failed: {e}"), severity="warning", markup=False)

    def action_quit_game(self) -> None:
        """Quit; an unfinished game is autosaved and offered for resuming next time."""
        self.invalidate_bots()
        if self.autosave is not None:
            self.save_autosave()
        self.app.exit()
