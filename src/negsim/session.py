"""A game session: seats (human or bot), history for undo, saves that are also replays.

The session is the shell around the pure core: it asks bots for their moves, records every
action, and can undo to before the last human decision. Nothing here changes the game except
through ``step``. Memory stays flat in long games: the session keeps the actions, their events
and a snapshot every ``SNAPSHOT_EVERY`` actions, not every state.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from negsim.bots import Bot, Decision, SpecError, check_spec, make_bot, observe
from negsim.core.actions import Action
from negsim.core.engine import Outcome, legal_actions, outcome, start, step
from negsim.core.events import Event
from negsim.core.rules import Rules
from negsim.core.state import GameState
from negsim.errors import IllegalActionError, Issue, SaveFileError
from negsim.files import write_atomic
from negsim.jsonio import action_dict
from negsim.savefile import (
    MAX_ACTIONS,
    SAVE_FORMAT,
    SAVE_VERSION,
    SaveFile,
    chain_digest,
    format_save,
    opening_digest,
    read_save,
    short,
)
from negsim.saverules import RulesCheck, check_rules

HUMAN = "human"
"""The seat kind of a person at the keyboard."""
SNAPSHOT_EVERY = 100
"""The session keeps the state after every this many actions (and the current one), not every state:
any earlier state is the nearest snapshot plus at most this many steps replayed."""


@dataclass(slots=True)
class Session:
    """One game in progress: its rules, seats, every action and event, and a few states to go back to."""

    rules: Rules
    """The compiled scenario."""
    seed: int
    """The game's seed."""
    seats: dict[str, str]
    """Actor id to ``human`` or a bot policy name, for every seat."""
    scenario_text: str
    """The scenario file's text (a save carries a copy)."""
    scenario_path: str = ""
    """Where the scenario was loaded from."""
    actions: list[Action] = field(default_factory=list)
    """Every action taken, in order."""
    events: list[tuple[Event, ...]] = field(default_factory=list)
    """The events of the opening, then of each action."""
    whys: list[str | None] = field(default_factory=list)
    """Beside each action, the reason the bot that took it gave (``None`` for a person's)."""
    bots: dict[str, Bot] = field(default_factory=dict)
    """The bot playing each bot seat."""
    rules_note: str = ""
    """What the board and the debrief say of the rules: "" (the scenario's own), ``modified rules``
    or ``rules not verified`` (a loaded save's copy; see ``negsim.saverules``)."""
    snapshots: list[GameState] = field(default_factory=list)
    """The state after 0, ``SNAPSHOT_EVERY``, 2 × ``SNAPSHOT_EVERY`` ... actions."""
    round_starts: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    """(actions taken, meter values at the round's start) for the start of the game and each new round."""
    digests: list[bytes] = field(default_factory=list)
    """Chained digests of the event log: of the opening, then after each action (see ``negsim.savefile``)."""
    current: GameState | None = None
    """The current state (``state`` reads it)."""

    @classmethod
    def new(
        cls,
        rules: Rules,
        seed: int,
        seats: Mapping[str, str],
        scenario_text: str,
        scenario_path: str = "",
        *,
        in_play: bool = False,
    ) -> Session:
        """Start a game; seats not named are played by the heuristic bot (``in_play``: bot options
        for ``negsim play`` only, such as a time budget, are allowed).
        """
        full = {a.id: seats.get(a.id, "heuristic") for a in rules.seats()}
        for actor, kind in full.items():
            if kind != HUMAN:
                try:
                    full[actor] = str(check_spec(kind, rules, in_play=in_play))
                except SpecError as e:
                    raise ValueError(f"seat {actor}: {e}; or human") from None
        unknown = set(seats) - set(full)
        if unknown:
            raise ValueError(f"not seats of this scenario: {', '.join(sorted(unknown))}")
        state, events = start(rules, seed)
        s = cls(rules=rules, seed=seed, seats=full, scenario_text=scenario_text, scenario_path=scenario_path)
        s.current = state
        s.snapshots.append(state)
        s.round_starts.append((0, state.round_start))
        s.events.append(events)
        s.digests.append(opening_digest(events))
        s.bots = {a: make_bot(k, a, seed, in_play=in_play) for a, k in full.items() if k != HUMAN}
        return s

    # ------------------------------------------------------------ queries

    @property
    def state(self) -> GameState:
        """The current state."""
        assert self.current is not None
        return self.current

    def state_at(self, i: int) -> GameState:
        """The state after the first ``i`` actions (the nearest snapshot, then the actions since)."""
        if not 0 <= i <= len(self.actions):
            raise IndexError(f"no state after {i} actions: the game has {len(self.actions)}")
        if i == len(self.actions):
            return self.state
        k = i // SNAPSHOT_EVERY
        state = self.snapshots[k]
        for action in self.actions[k * SNAPSHOT_EVERY : i]:
            state, _ = step(state, action, log=False)
        return state

    @property
    def to_move(self) -> str | None:
        """The actor who must decide, or ``None`` once the game is over."""
        return self.state.actor_to_move

    @property
    def is_over(self) -> bool:
        """Whether the game has ended."""
        return self.state.is_over

    def is_human(self, actor: str | None) -> bool:
        """Whether a person plays ``actor``."""
        return actor is not None and self.seats.get(actor) == HUMAN

    @property
    def humans(self) -> list[str]:
        """The human seats, in actor order."""
        return [a for a, k in self.seats.items() if k == HUMAN]

    def all_events(self) -> list[Event]:
        """Every event so far, in order."""
        return [e for batch in self.events for e in batch]

    def legal(self) -> tuple[Action, ...]:
        """Legal actions of the actor to move."""
        return legal_actions(self.state)

    # ------------------------------------------------------------ moves

    def outcome(self) -> Outcome | None:
        """How the game ended, or ``None`` while it goes on."""
        return outcome(self.state)

    def play(self, action: Action, why: str | None = None) -> tuple[Event, ...]:
        """Take an action, with the deciding bot's reason if a bot took it (raises ``IllegalActionError``
        and changes nothing if illegal).
        """
        before = self.state
        state, events = step(before, action)
        self.current = state
        self.actions.append(action)
        self.events.append(events)
        self.whys.append(why)
        self.digests.append(chain_digest(self.digests[-1], events))
        if len(self.actions) % SNAPSHOT_EVERY == 0:
            self.snapshots.append(state)
        if state.round != before.round:
            self.round_starts.append((len(self.actions), state.round_start))
        return events

    def bot_decision(self) -> Decision:
        """What the bot to move would play, and why (the session is not changed). The bot sees only
        its seat's information set.
        """
        actor = self.to_move
        if actor is None or actor not in self.bots:
            raise RuntimeError("it is not a bot's turn")
        return self.bots[actor].decide(observe(self.state))

    def bot_task(self) -> Callable[[], Decision]:
        """The decision of the bot to move, as a function to run later or in another thread: it holds
        only the bot and its seat's observation, never the session or the true state.
        """
        actor = self.to_move
        if actor is None or actor not in self.bots:
            raise RuntimeError("it is not a bot's turn")
        bot, obs = self.bots[actor], observe(self.state)
        return lambda: bot.decide(obs)

    def bot_action(self) -> Action:
        """What the bot to move would play (the session is not changed)."""
        return self.bot_decision().action

    def play_bot(self) -> tuple[Event, ...]:
        """Let the bot to move decide, and take its move with its reason."""
        d = self.bot_decision()
        return self.play(d.action, d.why)

    def why(self, index: int) -> str | None:
        """The reason given for ``actions[index]`` (``None`` for a person's move)."""
        return self.whys[index] if 0 <= index < len(self.whys) else None

    def last_human_decision(self) -> int | None:
        """The index in ``actions`` of the last decision a person took, or ``None``."""
        return next((i for i in range(len(self.actions) - 1, -1, -1) if self.is_human(self.actions[i].actor)), None)

    def can_undo(self, seat: str | None = None) -> bool:
        """Whether there is a human decision to undo, taken by ``seat`` if given (not another person's)."""
        i = self.last_human_decision()
        return i is not None and (seat is None or self.actions[i].actor == seat)

    def undo(self, seat: str | None = None) -> int:
        """Go back to before the last human decision (if ``seat``, when given, took it); return how many actions went."""
        if not self.can_undo(seat):
            return 0
        i = self.last_human_decision()
        assert i is not None
        return self.rollback(i)

    def rollback(self, i: int) -> int:
        """Go back to the state after the first ``i`` actions, dropping every later one (the umpire's
        rollback to before action ``i + 1``); return how many actions went.
        """
        self.current = self.state_at(i)
        n = len(self.actions) - i
        del self.actions[i:]
        del self.whys[i:]
        del self.events[i + 1 :]
        del self.digests[i + 1 :]
        del self.snapshots[i // SNAPSHOT_EVERY + 1 :]
        self.round_starts[:] = [r for r in self.round_starts if r[0] <= i]
        return n

    # ------------------------------------------------------------ saves

    def to_save(self) -> dict[str, Any]:
        """The session as a save: scenario hash and copy, seed, seats, actions and event-log digests (also a replay)."""
        return {
            "format": SAVE_FORMAT,
            "version": SAVE_VERSION,
            "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "scenario": {
                "id": self.rules.id,
                "title": self.rules.title,
                "path": self.scenario_path,
                "sha256": hashlib.sha256(self.scenario_text.encode("utf-8")).hexdigest(),
                "text": self.scenario_text,
            },
            "seed": self.seed,
            "seats": dict(self.seats),
            "round": self.state.round + 1,
            "over": self.is_over,
            "events": {"opening": short(self.digests[0]), "final": self.digests[-1].hex()},
            "actions": [_with_why(action_dict(a), w) for a, w in zip(self.actions, self.whys, strict=True)],
            "digests": [short(d) for d in self.digests[1:]],
        }

    def save(self, path: str | Path) -> None:
        """Write the save atomically (the old file stays intact if anything fails)."""
        if len(self.actions) > MAX_ACTIONS:
            message = f"cannot save: a save holds at most {MAX_ACTIONS:,} actions; this game has {len(self.actions):,}"
            raise SaveFileError([Issue(file=str(path), line=1, column=1, message=message)])
        write_atomic(path, format_save(self.to_save()))

    @classmethod
    def load(cls, path: str | Path) -> Session:
        """Read a save and replay it by its own copy of the scenario; raise ``SaveFileError`` (located) if
        it cannot be. ``rules_note`` says whether that copy matched the scenario on disk (see
        ``negsim.saverules``; the TUI lets the player choose the disk's rules instead).
        """
        return open_save(path).session

    @classmethod
    def from_save(cls, save: SaveFile, rules: Rules | None = None, text: str = "", path: str = "") -> Session:
        """Replay a checked save: by its own copy of the scenario, or by ``rules`` (with their ``text``
        and ``path``) if given. Its own copy must reproduce the event log it recorded: the first action
        where it does not is named.
        """
        if rules is None:
            from negsim.scenario.load import check_bytes

            base = Path(save.scenario_path).parent if save.scenario_path else None
            name = f"{save.file} (scenario copy)"
            report = check_bytes(save.scenario_text.encode("utf-8"), name, base, warnings=False, provenance=False)
            if report.rules is None:
                raise SaveFileError(report.errors)
            rules, text, path = report.rules, save.scenario_text, save.scenario_path
            digests = save.digests
        else:
            digests = None  # recorded under the save's own rules: another scenario's log differs
        try:
            s = cls.new(rules, save.seed, save.seats, text, path, in_play=True)
        except ValueError as e:
            raise save.error(("seats",), str(e)) from None
        if digests is not None and save.opening is not None and short(s.digests[0]) != save.opening:
            raise save.error(("events",), "the game's opening does not give the events this save recorded")
        n = len(save.actions)
        for i, action in enumerate(save.actions):
            try:
                s.play(action, save.whys[i])
            except IllegalActionError as e:
                raise save.error(("actions", i), f"action {i + 1} of {n} cannot be replayed: {e}") from None
            if digests is not None and short(s.digests[-1]) != digests[i]:
                raise save.error(
                    ("actions", i),
                    f"action {i + 1} of {n} ({action}) does not give the events this save recorded: the save"
                    " was altered, or written by a negsim whose rules engine differs",
                )
        if digests is not None and save.final is not None and s.digests[-1].hex() != save.final:
            raise save.error(("events", "final"), "the event log does not give the digest this save recorded")
        return s


def _with_why(d: dict[str, Any], why: str | None) -> dict[str, Any]:
    """An action's save entry, with the bot's reason when a bot took it."""
    if why is not None:
        d["why"] = why
    return d


@dataclass(frozen=True, slots=True)
class LoadedSave:
    """A save read and replayed by its own copy of the scenario, with how that copy compares to the scenario on disk."""

    save: SaveFile
    """The save as read."""
    session: Session
    """The game replayed by the save's copy (its ``rules_note`` set from ``check``)."""
    check: RulesCheck
    """The comparison with the scenario on disk; ``DIFFERS`` means the player should choose."""

    def by_reference(self) -> Session:
        """The same actions replayed by the scenario on disk instead (``SaveFileError`` if they cannot be)."""
        assert self.check.rules is not None
        return Session.from_save(self.save, self.check.rules, self.check.text, self.check.reference)


def open_save(path: str | Path, scenario: Path | None = None) -> LoadedSave:
    """Read and replay a save, and compare its scenario copy with ``scenario`` (if given) or the one it
    records or a bundled one (``negsim.saverules``). Raises ``SaveFileError`` if it cannot be played.
    """
    save = read_save(path)
    session = Session.from_save(save)
    check = check_rules(save, session.rules.id, scenario)
    session.rules_note = check.note
    return LoadedSave(save, session, check)


def state_dir() -> Path:
    """Where autosaves live: ``$NEGSIM_HOME``, else ``$XDG_STATE_HOME/negsim``, else ``~/.local/state/negsim``."""
    env = os.environ.get("NEGSIM_HOME")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_STATE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "state") / "negsim"


def autosave_path(rules: Rules) -> Path:
    """The autosave file of a scenario."""
    return state_dir() / f"autosave-{rules.id}.json"
