"""What a client knows of a served game, as a session the board can show.

The server sends a seat its information set and the events it may see; ``Mirror`` compiles the
rules from the scenario text the seat was sent and keeps a ``RemoteSession`` up to date: the
same ``Session`` the board plays locally, whose moves go to the server instead of ``step``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from negsim.core.actions import Action
from negsim.core.events import Event
from negsim.core.state import GameState, Tabled
from negsim.errors import NegsimError, SaveFileError
from negsim.jsonio import action_from_dict, event_from_dict
from negsim.savefile import parse_save
from negsim.scenario.load import check_bytes
from negsim.session import Session

Sender = Callable[[Action], None]
"""Sends a move to the server."""


class ProtocolError(NegsimError):
    """The server sent something the client cannot read."""


@dataclass(slots=True)
class RemoteSession(Session):
    """A served game as one seat knows it: moves are sent to the server, which alone changes the game."""

    send: Sender | None = None
    """Where the board's moves go (set by the client)."""
    by: list[str] | None = None
    """Beside each action, who took it: ``human``, ``bot``, ``timer`` or ``umpire``."""

    def play(self, action: Action, why: str | None = None) -> tuple[Event, ...]:
        """Send the move to the server; the game changes when its update arrives."""
        if self.send is not None:
            self.send(action)
        return ()

    def can_undo(self, seat: str | None = None) -> bool:
        """A served game has no undo (the facilitator can roll back)."""
        return False

    def undo(self, seat: str | None = None) -> int:
        """Nothing to undo here."""
        return 0


class Mirror:
    """Keeps a ``RemoteSession`` in step with the server's updates."""

    def __init__(self, welcome: dict[str, Any]) -> None:
        """From the server's welcome: the role and the scenario as the seat may read it."""
        self.role: str = str(welcome.get("role"))
        self.seat: str | None = welcome.get("seat")
        text = welcome.get("scenario")
        if not isinstance(text, str):
            raise ProtocolError("the server sent no scenario")
        report = check_bytes(text.encode("utf-8"), "served scenario", None, warnings=False, provenance=False)
        if report.rules is None:
            raise ProtocolError(f"the served scenario does not compile: {report.errors[0].message}")
        self.rules = report.rules
        self.session: RemoteSession | None = None
        self.text = text
        self.rules_note = str(welcome.get("rules_note") or "")
        self.seats: dict[str, dict[str, str]] = {}
        self.paused = False
        self.timer: float | None = None
        self.moves = 0
        self.reset = False
        """Whether the last update replaced the whole log (the first one, and after a rollback)."""

    def apply(self, update: dict[str, Any]) -> RemoteSession:
        """Take in an update; the session, changed in place (made on the first update)."""
        try:
            state = self._state(update["state"])
            seats = update["seats"]
            log = update["log"]
        except (KeyError, TypeError, ValueError) as e:
            raise ProtocolError(f"an update the client cannot read: {e}") from None
        self.seats = seats
        self.paused = bool(update.get("paused"))
        timer = update.get("timer")
        self.timer = float(timer) if timer else None
        self.moves = int(update.get("moves", 0))
        s = self.session
        if s is None:
            s = self.session = RemoteSession(
                rules=self.rules,
                seed=0,
                seats={},
                scenario_text=self.text,
                rules_note=self.rules_note,
                by=[],
            )
        self.reset = bool(update.get("reset"))
        if self.reset:
            s.actions.clear()
            s.events.clear()
            s.whys.clear()
            assert s.by is not None
            s.by.clear()
        s.seats.clear()
        s.seats.update({a: str(v.get("player", "")) for a, v in seats.items()})
        try:
            for entry in log:
                self._entry(s, entry)
        except (KeyError, TypeError, ValueError) as e:
            raise ProtocolError(f"a log entry the client cannot read: {e}") from None
        s.current = state
        s.snapshots[:] = [state]
        save = update.get("save")
        if isinstance(save, str) and not s.digests:
            self._reveal(s, save)
        return s

    def _reveal(self, s: RemoteSession, text: str) -> None:
        """The game is over: replay the whole save the server sent, so the debrief sees every state."""
        try:
            whole = Session.from_save(parse_save(text.encode("utf-8"), "the served game"))
        except SaveFileError as e:
            raise ProtocolError(f"the server's final save does not replay: {e}") from None
        for f in dataclasses.fields(Session):
            setattr(s, f.name, getattr(whole, f.name))
        self.rules = s.rules

    def _entry(self, s: RemoteSession, entry: dict[str, Any]) -> None:
        events = tuple(event_from_dict(e) for e in entry.get("events", ()))
        if "action" not in entry:
            s.events.append(events)
            return
        s.actions.append(action_from_dict(entry["action"]))
        s.whys.append(entry.get("why"))
        assert s.by is not None
        s.by.append(str(entry.get("by", "")))
        s.events.append(events)

    def _state(self, fields: dict[str, Any]) -> GameState:
        """The state the server sent (the seat's information set), with the client's rules."""
        values: dict[str, Any] = {k: _tuples(v) for k, v in fields.items() if k in GameState._fields}
        values["table"] = tuple(Tabled(*t) for t in values.get("table", ()))
        return GameState(rules=self.rules, **values)

    def status(self, actor: str) -> str:
        """A seat's status: thinking, waiting or disconnected."""
        return self.seats.get(actor, {}).get("status", "")


def _tuples(v: Any) -> Any:
    """JSON lists back to tuples, all the way down."""
    if isinstance(v, list):
        return tuple(_tuples(x) for x in v)
    return v
