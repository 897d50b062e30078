"""A game session: seats (human or bot), history for undo, saves that are also replays.

The session is the shell around the pure core: it asks bots for their moves, records every
action, and can undo to before the last human decision. Nothing here changes the game except
through ``step``.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from negsim.bots import Bot, Decision, SpecError, make_bot, observe, spec_of
from negsim.core.actions import Action
from negsim.core.engine import Outcome, legal_actions, outcome, start, step
from negsim.core.events import Event
from negsim.core.rules import Rules
from negsim.core.state import GameState
from negsim.errors import IllegalActionError, Issue, SaveFileError
from negsim.files import write_atomic
from negsim.jsonio import action_dict, action_from_dict

HUMAN = "human"
"""The seat kind of a person at the keyboard."""
SAVE_FORMAT = "negsim-save"
"""The ``format`` field of a save file."""
SAVE_VERSION = 1
"""The version of the save format this code writes and reads."""


@dataclass(slots=True)
class Session:
    """One game in progress: its rules, seats, and every state and event so far."""

    rules: Rules
    """The compiled scenario."""
    seed: int
    """The game's seed."""
    seats: dict[str, str]
    """Actor id to ``human`` or a bot spec (``heuristic``, ``mcts:hard``), for every seat."""
    scenario_text: str
    """The scenario file's text (a save carries a copy)."""
    scenario_path: str = ""
    """Where the scenario was loaded from."""
    states: list[GameState] = field(default_factory=list)
    """Every state, the first being the start of the game."""
    actions: list[Action] = field(default_factory=list)
    """Every action taken; ``states[i + 1]`` follows ``actions[i]``."""
    events: list[tuple[Event, ...]] = field(default_factory=list)
    """The events of the opening, then of each action."""
    whys: list[str | None] = field(default_factory=list)
    """Beside each action, the reason the bot that took it gave (``None`` for a person's)."""
    bots: dict[str, Bot] = field(default_factory=dict)
    """The bot playing each bot seat."""

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
                    full[actor] = str(spec_of(kind, in_play=in_play))
                except SpecError as e:
                    raise ValueError(f"seat {actor}: {e}; or human") from None
        unknown = set(seats) - set(full)
        if unknown:
            raise ValueError(f"not seats of this scenario: {', '.join(sorted(unknown))}")
        state, events = start(rules, seed)
        s = cls(rules=rules, seed=seed, seats=full, scenario_text=scenario_text, scenario_path=scenario_path)
        s.states.append(state)
        s.events.append(events)
        s.bots = {a: make_bot(k, a, seed, in_play=in_play) for a, k in full.items() if k != HUMAN}
        return s

    # ------------------------------------------------------------ queries

    @property
    def state(self) -> GameState:
        """The current state."""
        return self.states[-1]

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
        state, events = step(self.state, action)
        self.states.append(state)
        self.actions.append(action)
        self.events.append(events)
        self.whys.append(why)
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
        n = len(self.actions) - i
        del self.actions[i:]
        del self.whys[i:]
        del self.states[i + 1 :]
        del self.events[i + 1 :]
        return n

    # ------------------------------------------------------------ saves

    def to_save(self) -> dict[str, Any]:
        """The session as a save: scenario hash and copy, seed, seats and actions (also a replay)."""
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
            "actions": [_with_why(action_dict(a), w) for a, w in zip(self.actions, self.whys, strict=True)],
        }

    def save(self, path: str | Path) -> None:
        """Write the save atomically (the old file stays intact if anything fails)."""
        write_atomic(path, json.dumps(self.to_save(), ensure_ascii=False, indent=1) + "\n")

    @classmethod
    def load(cls, path: str | Path) -> Session:
        """Read a save and replay it; raise ``SaveFileError`` (located) if it cannot be."""
        name = str(path)
        try:
            raw = Path(path).read_bytes()
        except OSError as e:
            raise SaveFileError(
                [Issue(file=name, line=1, column=1, message=f"cannot read: {e.strerror or e}")]
            ) from None
        return cls.from_save_bytes(raw, name)

    @classmethod
    def from_save_bytes(cls, raw: bytes, name: str) -> Session:
        """A session from the bytes of a save file."""

        def fail(message: str, line: int = 1) -> SaveFileError:
            return SaveFileError([Issue(file=name, line=line, column=1, message=message)])

        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise fail("not a negsim save: not UTF-8 text") from None
        except json.JSONDecodeError as e:
            raise SaveFileError(
                [Issue(file=name, line=e.lineno, column=e.colno, message=f"not a negsim save: {e.msg}")]
            ) from None
        if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
            raise fail('not a negsim save (no "format": "negsim-save")')
        if data.get("version") != SAVE_VERSION:
            raise fail(f"save format version {data.get('version')!r}; this negsim reads version {SAVE_VERSION}")
        sc = data.get("scenario")
        seed = data.get("seed")
        seats = data.get("seats")
        actions = data.get("actions")
        if not isinstance(sc, dict) or not isinstance(sc.get("text"), str):
            raise fail("the save has no copy of its scenario")
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise fail("the save has no seed")
        if not isinstance(seats, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in seats.items()):
            raise fail("the save's seats are not a mapping of actor to human or bot")
        if not isinstance(actions, list):
            raise fail("the save has no action list")
        text: str = sc["text"]
        if sc.get("sha256") != hashlib.sha256(text.encode("utf-8")).hexdigest():
            raise fail("the scenario copy in the save does not match its hash: the file was altered")
        from negsim.scenario.load import check_bytes

        base = Path(sc["path"]).parent if isinstance(sc.get("path"), str) and sc["path"] else None
        report = check_bytes(text.encode("utf-8"), f"{name} (scenario copy)", base, warnings=False, provenance=False)
        if report.rules is None:
            raise SaveFileError(report.errors)
        try:
            s = cls.new(report.rules, seed, seats, text, sc.get("path") or "", in_play=True)
        except ValueError as e:
            raise fail(str(e)) from None
        for i, d in enumerate(actions):
            try:
                action = action_from_dict(d) if isinstance(d, dict) else None
                if action is None:
                    raise ValueError("not an action object")
                why = d.get("why")
                s.play(action, why if isinstance(why, str) else None)
            except (ValueError, IllegalActionError) as e:
                raise fail(f"action {i + 1} of {len(actions)} cannot be replayed: {e}") from None
        return s


def _with_why(d: dict[str, Any], why: str | None) -> dict[str, Any]:
    """An action's save entry, with the bot's reason when a bot took it."""
    if why is not None:
        d["why"] = why
    return d


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
