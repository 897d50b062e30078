"""A served game's authority: who may do what, what each seat is sent, and the autosave.

``Host`` holds the session and applies every change through it (so through ``step``); it knows
nothing of sockets or threads. Each change must be autosaved atomically (``save``) *before*
anyone is told of it, so a move a client has seen is never lost when the server is killed. What a seat is sent
is its information set (never the seed, the random stream or what is hidden from it), the
events it may see, and the reasons only for its own seat's bot moves (a bot's reason may speak
of its seat's private aims); the facilitator is sent everything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from negsim.bots import Bot, SpecError, check_spec, make_bot
from negsim.core.actions import UMPIRE, Action, Answer, Override, Pass
from negsim.core.infoset import information_set
from negsim.core.rules import Response
from negsim.core.secrecy import decision_hidden, shown
from negsim.core.umpire import check_reason
from negsim.errors import IllegalActionError
from negsim.files import write_atomic
from negsim.jsonio import action_dict, event_dict
from negsim.net.redact import scenario_for
from negsim.net.tokens import FACILITATOR, TokenBook
from negsim.savefile import format_save
from negsim.session import HUMAN, Session

TIMER_WHY = "The turn timer ran out: the heuristic bot moved for this seat."
"""How a move the turn timer made is explained (its first sentence)."""
TIMER_BOT = "heuristic"
"""The bot that moves for a seat whose turn timer ran out."""
HIDDEN_RULING = "a ruling on what this seat may not see"
"""The reason a seat is given for an override of a meter or flag hidden from it."""
SERVER_STATE = 1
"""Version of the server's state file (beside the autosave: token digests, timer, pause)."""


class Refusal(Exception):
    """A client asked for something it may not do; the message says why (the connection stays open)."""


def made_by(action: Action, why: str | None) -> str:
    """Who took an action: ``umpire``, ``human``, ``timer`` (the heuristic bot on a timed-out turn) or ``bot``."""
    if isinstance(action, Override):
        return "umpire"
    if why is None:
        return HUMAN
    return "timer" if why.startswith(TIMER_WHY) else "bot"


def public_why(by: str) -> str | None:
    """What other seats are told of why a bot moved (never its reasons)."""
    if by == "timer":
        return TIMER_WHY
    if by == "bot":
        return "Played by a bot."
    return None


@dataclass(slots=True)
class Host:
    """A served game: the session, its tokens, who is connected, pause, timer and autosave."""

    session: Session
    """The game (the only copy of the true state)."""
    tokens: TokenBook
    """Who each token admits."""
    save_path: Path
    """The autosave, written after every change."""
    timer: float | None = None
    """Seconds a person has for a decision before the heuristic bot moves for them (``None``: no timer)."""
    paused: bool = False
    """Whether the facilitator has paused the game (no moves but the umpire's)."""
    connected: dict[str, int] = field(default_factory=dict)
    """Live connections per role (an actor id or ``facilitator``)."""
    thinking: set[str] = field(default_factory=set)
    """Seats whose bot is deciding now."""
    generation: int = 0
    """Counts changes: a bot's decision for an older generation is dropped."""
    human_seats: tuple[str, ...] = ()
    """The seats that have a token (people may hold them, or a bot when the facilitator hands one over)."""
    epoch: int = 0
    """Counts rollbacks: a client whose log is of an older epoch is sent the whole log again."""
    unsaved: bool = False
    """Whether the game has changed since the last autosave."""
    rollbacks: list[dict[str, Any]] = field(default_factory=list)
    """Each rollback: before which move, how many moves it undid, and the umpire's reason."""

    @property
    def state_path(self) -> Path:
        """The server's state file beside the autosave."""
        return self.save_path.with_name(self.save_path.stem + ".server.json")

    # ------------------------------------------------------------ persistence

    def save(self) -> None:
        """Write the autosave atomically (the game: every action, seats)."""
        self.session.save(self.save_path)

    def save_server_state(self) -> None:
        """Write the server's own state atomically: token digests (never tokens), timer, pause."""
        data = {
            "negsim-server": SERVER_STATE,
            "tokens": self.tokens.digests,
            "human_seats": list(self.human_seats),
            "timer": self.timer,
            "paused": self.paused,
            "rollbacks": self.rollbacks,
        }
        write_atomic(self.state_path, json.dumps(data, indent=1, sort_keys=True) + "\n")

    @classmethod
    def start(cls, session: Session, save_path: Path, timer: float | None = None) -> tuple[Host, dict[str, str]]:
        """Serve a new game: fresh tokens for each person's seat and the facilitator (returned, to print
        once), the autosave and the server state written.
        """
        humans = tuple(session.humans)
        tokens, secret = TokenBook.fresh((*humans, FACILITATOR))
        host = cls(session=session, tokens=tokens, save_path=save_path, timer=timer, human_seats=humans)
        host.save()
        host.save_server_state()
        return host, secret

    @classmethod
    def resume(cls, save_path: Path) -> Host:
        """The served game saved at ``save_path`` and its server state (``SaveFileError``/``ValueError`` if unreadable)."""
        session = Session.load(save_path)
        path = save_path.with_name(save_path.stem + ".server.json")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            digests = data["tokens"]
            humans = tuple(data["human_seats"])
            timer = data["timer"]
            paused = bool(data["paused"])
            rollbacks = list(data.get("rollbacks", []))
            if not isinstance(digests, dict) or not all(isinstance(v, str) for v in digests.values()):
                raise TypeError("tokens")
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise ValueError(f"{path}: not a negsim server state file ({e})") from None
        return cls(
            session=session,
            tokens=TokenBook(digests),
            save_path=save_path,
            timer=float(timer) if timer else None,
            paused=paused,
            human_seats=humans,
            rollbacks=rollbacks,
        )

    def changed(self) -> None:
        """Count a change (bots deciding for the old one are dropped); it must be saved (``unsaved``)
        before anyone is told of it.
        """
        self.generation += 1
        self.unsaved = True

    # ------------------------------------------------------------ moves

    def act(self, role: str, action: Action) -> None:
        """A seat's move, checked: only the seat itself, on its turn, not paused, legal by the engine."""
        if role == FACILITATOR:
            raise Refusal("the facilitator does not move for a seat: hand the seat to a bot, or override")
        if action.actor != role:
            raise Refusal(f"you play {role}; you cannot act for {action.actor}")
        if self.paused:
            raise Refusal("the game is paused by the facilitator")
        s = self.session
        if s.is_over:
            raise Refusal("the game is over")
        if s.to_move != role:
            raise Refusal(f"it is {s.to_move}'s decision, not yours")
        if s.seats.get(role) != HUMAN:
            raise Refusal(f"{role} is played by a bot now; the facilitator can hand it back")
        try:
            s.play(action)
        except IllegalActionError as e:
            raise Refusal(str(e)) from None
        self.changed()

    def bot_move(self, actor: str, action: Action, why: str, generation: int) -> bool:
        """Take a bot's decision if the game has not changed since it was asked; whether it was taken."""
        s = self.session
        if generation != self.generation or self.paused or s.to_move != actor:
            return False
        try:
            s.play(action, why)
        except IllegalActionError:
            return False
        self.changed()
        return True

    def timer_bot(self, actor: str) -> Bot:
        """The bot that moves for ``actor`` when its turn timer runs out."""
        return make_bot(TIMER_BOT, actor, self.session.seed + len(self.session.actions))

    # ------------------------------------------------------------ the facilitator

    def override(self, role: str, action: Action) -> None:
        """An umpire's override (R12), from the facilitator only."""
        if role != FACILITATOR:
            raise Refusal("only the facilitator overrides")
        if not isinstance(action, Override) or action.actor != UMPIRE:
            raise Refusal("an override is the umpire's: type override, actor umpire")
        try:
            self.session.play(action)
        except IllegalActionError as e:
            raise Refusal(str(e)) from None
        self.changed()

    def rollback(self, role: str, before: object, reason: object) -> str:
        """Roll back to before move ``before`` (1-based), every later move included, for ``reason``; the
        notice every seat is given. The rollback is kept in the server's state file (the save keeps
        only the moves that stand).
        """
        if role != FACILITATOR:
            raise Refusal("only the facilitator rolls back")
        n = len(self.session.actions)
        if not isinstance(before, int) or isinstance(before, bool) or not 1 <= before <= n:
            raise Refusal(f"roll back to before a move from 1 to {n}, not {before!r}")
        try:
            check_reason(reason)
        except IllegalActionError as e:
            raise Refusal(str(e).replace("an override", "a rollback")) from None
        assert isinstance(reason, str)
        gone = self.session.rollback(before - 1)
        self.rollbacks.append({"before": before, "moves_undone": gone, "reason": reason})
        self.epoch += 1
        self.changed()
        self.save_server_state()
        return f"Umpire: rolled back to before move {before} ({gone} moves undone) — “{reason}”"

    def set_paused(self, role: str, paused: bool) -> None:
        """Pause or resume the game."""
        if role != FACILITATOR:
            raise Refusal("only the facilitator pauses and resumes")
        self.paused = paused
        self.generation += 1
        self.save_server_state()

    def set_timer(self, role: str, seconds: object) -> None:
        """Set the turn timer (``None`` or 0: none)."""
        if role != FACILITATOR:
            raise Refusal("only the facilitator sets the turn timer")
        if seconds is not None and (
            not isinstance(seconds, int | float) or isinstance(seconds, bool) or not 0 <= seconds <= 86400
        ):
            raise Refusal(f"a turn timer is from 0 to 86400 seconds (0: none), not {seconds!r}")
        self.timer = float(seconds) if seconds else None
        self.generation += 1
        self.save_server_state()

    def assign(self, role: str, actor: object, kind: object) -> None:
        """Hand a seat with a token to a bot (``kind`` a bot spec) or back to its person (``human``)."""
        if role != FACILITATOR:
            raise Refusal("only the facilitator hands seats over")
        s = self.session
        if not isinstance(actor, str) or actor not in self.human_seats:
            raise Refusal(f"only a person's seat can be handed over: one of {', '.join(self.human_seats)}")
        if not isinstance(kind, str):
            raise Refusal("hand a seat to human or to a bot")
        if kind == HUMAN:
            s.seats[actor] = HUMAN
            s.bots.pop(actor, None)
        else:
            try:
                spec = str(check_spec(kind, s.rules))
            except SpecError as e:
                raise Refusal(f"{kind!r}: {e}") from None
            s.seats[actor] = spec
            s.bots[actor] = make_bot(spec, actor, s.seed)
        self.changed()

    # ------------------------------------------------------------ what is sent

    def statuses(self) -> dict[str, dict[str, str]]:
        """Each seat's player (``human`` or a bot) and status: thinking, waiting or disconnected."""
        s = self.session
        out: dict[str, dict[str, str]] = {}
        for actor, kind in s.seats.items():
            if kind == HUMAN and not self.connected.get(actor):
                status = "disconnected"
            elif actor in self.thinking or (kind == HUMAN and s.to_move == actor and not self.paused):
                status = "thinking"
            else:
                status = "waiting"
            out[actor] = {"player": kind, "status": status}
        return out

    def welcome(self, role: str) -> dict[str, Any]:
        """The first message to a client: its role and the scenario as it may read it."""
        s = self.session
        seat = None if role == FACILITATOR else role
        return {
            "type": "welcome",
            "role": role,
            "seat": seat,
            "scenario": scenario_for(s.scenario_text, seat),
            "scenario_id": s.rules.id,
            "rules_note": s.rules_note,
        }

    def entry(self, k: int, seat: str | None) -> dict[str, Any]:
        """Log entry ``k`` (0: the opening, then one per action) as ``seat`` may see it."""
        s = self.session
        rules = s.rules
        seen = [e for x in s.events[k] if (e := shown(rules, x, seat)) is not None]
        events = [event_dict(e) for e in seen]
        if k == 0:
            return {"events": events}
        action = s.actions[k - 1]
        why = s.whys[k - 1]
        by = made_by(action, why)
        if seat is not None and action.actor != seat:
            why = public_why(by)
        if not isinstance(action, Override) and decision_hidden(rules, s.events[k], action.actor, seat):
            # A stand-in: this seat may know that the actor decided, not what (a sealed or secret move).
            action = (
                Pass(actor=action.actor)
                if not isinstance(action, Answer)
                else Answer(actor=action.actor, item=action.item, response=Response.SILENCE)
            )
        if isinstance(action, Override) and len(seen) < len(s.events[k]):
            # A ruling on what this seat may not see: that there was one, not its value or reason.
            action = Override(kind=action.kind, id=action.id, owner=action.owner, reason=HIDDEN_RULING)
        return {"action": action_dict(action), "by": by, "why": why, "events": events}

    def update(self, role: str, since: int) -> dict[str, Any]:
        """What ``role`` is sent after a change: its state, the log entries from ``since`` (all of them
        after a rollback: ``reset``), the seats' statuses, pause and timer.
        """
        s = self.session
        seat = None if role == FACILITATOR else role
        state = s.state
        known = state if seat is None else information_set(state, seat)
        fields = {name: _plain(v) for name, v in zip(known._fields[1:], known[1:], strict=True)}
        total = len(s.events)
        reset = since > total or since <= 0
        start = 0 if reset else since
        out = {
            "type": "update",
            "reset": reset,
            "from": start,
            "log": [self.entry(k, seat) for k in range(start, total)],
            "state": fields,
            "seats": self.statuses(),
            "paused": self.paused,
            "timer": self.timer,
            "moves": len(s.actions),
        }
        if s.is_over:
            # Once the game is over everything is revealed (R11): the whole save, for the debrief.
            out["save"] = format_save(s.to_save())
        return out


def _plain(v: object) -> Any:
    """A state field as JSON (tuples as lists, all the way down)."""
    if isinstance(v, tuple):
        return [_plain(x) for x in v]
    return v
