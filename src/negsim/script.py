"""Move scripts: a YAML or JSON list of moves, each used in order whenever its actor must decide.

A move names at least the ``actor`` and the ``card`` (for an answer, the card on the table
being answered), plus ``forum``, ``target``, ``response`` and ``counter`` where the decision
needs them; ``pass: true`` passes. Every problem is reported with the move's line.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from negsim.core.actions import Action, Answer, Pass, Play
from negsim.core.engine import check
from negsim.core.rules import Response, Rules
from negsim.core.state import GameState
from negsim.errors import IllegalActionError, InputError, Issue, ScriptError
from negsim.scenario.schema_base import Id, Model
from negsim.scenario.validate import validate
from negsim.scenario.yamlread import Document, read_file


class Move(Model):
    """One scripted decision."""

    actor: Id
    """Who decides."""
    card: Id | None = None
    """Card to play, or (with ``response``) the card on the table being answered."""
    forum: Id | None = None
    """Forum to play the card in."""
    target: Id | None = None
    """Actor to address it to."""
    response: Literal["accept", "reject", "counter", "silence"] | None = None
    """Answer to the tabled ``card``."""
    counter: Id | None = None
    """For ``response: counter``: the card answered with."""
    pass_: bool = Field(default=False, alias="pass")
    """Pass instead of playing."""
    note: str = ""
    """Free comment (ignored), e.g. the date and source of a historical move."""


class Moves(Model):
    """A script file: a list of moves, or a mapping with ``moves``."""

    moves: list[Move]
    """The moves, in order."""


@dataclass(frozen=True, slots=True)
class ScriptedMove:
    """A move with where it is in its file."""

    move: Move
    """The move."""
    index: int
    """0-based position in the script."""
    issue_at: Issue
    """A located issue template (file, line, column) for messages about it."""

    def issue(self, message: str) -> Issue:
        """A located issue about this move."""
        i = self.issue_at
        return Issue(file=i.file, line=i.line, column=i.column, path=i.path, message=message)

    def error(self, message: str) -> ScriptError:
        """A ``ScriptError`` located at this move."""
        return ScriptError([self.issue(message)])


class Script:
    """Per-actor queues of scripted moves."""

    def __init__(self, moves: list[ScriptedMove]) -> None:
        """Queue the moves by actor, in order."""
        self.queues: dict[str, deque[ScriptedMove]] = {}
        for m in moves:
            self.queues.setdefault(m.move.actor, deque()).append(m)

    def has_move(self, actor: str) -> bool:
        """Whether the script still has a move for ``actor``."""
        q = self.queues.get(actor)
        return bool(q)

    def check(self, rules: Rules, seats: Iterable[str]) -> None:
        """Check every move's ids against the rules before play; raise ``ScriptError`` listing every problem."""
        issues = [i for m in self.remaining() for i in _unknown_ids(m, rules, tuple(seats))]
        if issues:
            raise ScriptError(issues)

    def remaining(self) -> list[ScriptedMove]:
        """Moves never used, in script order."""
        return sorted((m for q in self.queues.values() for m in q), key=lambda m: m.index)

    def next_action(self, state: GameState) -> Action:
        """Take the next move of the actor to move and turn it into a checked action."""
        actor = state.actor_to_move
        assert actor is not None
        sm = self.queues[actor].popleft()
        action = to_action(state, sm)
        try:
            check(state, action)
        except IllegalActionError as e:
            raise sm.error(
                f"move {sm.index + 1} ({action}): illegal in round {state.round + 1} ({state.round_label}), phase {state.phase_id}: [{e.rule}] {e.reason}"
            ) from None
        return action


def _unknown_ids(sm: ScriptedMove, rules: Rules, seats: tuple[str, ...]) -> list[Issue]:
    """Problems with the ids a move names: an actor that is no seat, an unknown card, forum or target."""
    m = sm.move
    out = []
    if m.actor not in seats:
        out.append(sm.issue(f"unknown actor {m.actor!r}; seats are {', '.join(seats)}"))
    for key, value in (("card", m.card), ("counter", m.counter)):
        if value is not None and value not in rules.card_index:
            out.append(sm.issue(f"unknown {key} {value!r}: no card of {rules.id} has this id"))
    if m.forum is not None and m.forum not in rules.forum_index:
        out.append(sm.issue(f"unknown forum {m.forum!r}; forums are {', '.join(f.id for f in rules.forums)}"))
    if m.target is not None and m.target not in rules.actor_index:
        out.append(sm.issue(f"unknown target {m.target!r}; actors are {', '.join(a.id for a in rules.actors)}"))
    return out


def to_action(state: GameState, sm: ScriptedMove) -> Action:
    """The action a move stands for in ``state``."""
    m = sm.move
    if m.pass_:
        if m.card or m.response:
            raise sm.error("a pass names no card or response")
        return Pass(actor=m.actor)
    if m.card is None:
        raise sm.error("a move names a card (or pass: true)")
    if m.response is not None or m.counter is not None:
        if m.response is None:
            raise sm.error("counter is only given with response: counter")
        if m.forum is not None or m.target is not None:
            raise sm.error("an answer names no forum or target (those are for playing a card)")
        rules = state.rules
        if not state.queue:
            raise sm.error(
                f"move {sm.index + 1}: answers {m.card}, but nothing is waiting for an answer "
                f"(round {state.round + 1}, phase {state.phase_id}): [R3] answers are given only in answer phases"
            )
        item = state.item(state.queue[0][0])
        assert item is not None
        on_table = rules.cards[item.card].id
        if on_table != m.card:
            raise sm.error(
                f"move {sm.index + 1}: answers {m.card}, but {actor_name(state)} must now answer {on_table} "
                f"(item #{item.id}): [R9] items are answered in the order they were tabled"
            )
        return Answer(actor=m.actor, item=item.id, response=Response(m.response), counter=m.counter)
    return Play(actor=m.actor, card=m.card, forum=m.forum, target=m.target)


def actor_name(state: GameState) -> str:
    """Id of the actor to move, for messages."""
    return state.actor_to_move or "nobody"


def parse_script(doc: Document) -> Script:
    """Validate a parsed script document; raise ``ScriptError`` listing every problem."""
    if isinstance(doc.data, list):
        root = doc.where.get(())
        doc = Document(
            file=doc.file,
            data={"moves": doc.data},
            where={("moves", *k): v for k, v in doc.where.items()},
            text=doc.text,
        )
        if root is not None:
            doc.where[()] = root
    model, issues = validate(doc, Moves)
    if model is None:
        raise ScriptError(issues)
    out = []
    for i, mv in enumerate(model.moves):
        iss = doc.issue(("moves", i), "")
        out.append(
            ScriptedMove(mv, i, Issue(file=iss.file, line=iss.line, column=iss.column, path=f"moves[{i}]", message=""))
        )
    return Script(out)


def load_script(path: str | Path) -> Script:
    """Read a YAML or JSON move script."""
    try:
        doc = read_file(path)
    except InputError as e:
        raise ScriptError(e.issues) from None
    if not doc.where:
        raise ScriptError(
            [Issue(file=str(path), line=1, column=1, message="the script is empty: give a list of moves")]
        )
    return parse_script(doc)
