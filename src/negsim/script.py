"""Move scripts: a YAML or JSON list of moves, each used in order whenever its actor must decide.

A move names at least the ``actor`` and the ``card`` (for an answer, the card on the table
being answered), plus ``forum``, ``target``, ``response`` and ``counter`` where the decision
needs them; ``pass: true`` passes. Every problem is reported with the move's line.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from pydantic import Field

from negsim.core.actions import Action, Answer, Pass, Play
from negsim.core.engine import check
from negsim.core.rules import Response, Rules
from negsim.core.state import GameState
from negsim.errors import IllegalActionError, InputError, Issue, ScriptError
from negsim.inputs import display_name
from negsim.scenario.hints import did_you_mean
from negsim.scenario.schema_base import Id, Model
from negsim.scenario.validate import validate_parts
from negsim.scenario.yamlread import Document, format_path, parse, read_bytes, read_text


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
    at: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """Line and column of each key's value as written (``card``, ``forum``, ...)."""

    def issue(self, message: str, key: str | None = None) -> Issue:
        """A located issue about this move, at ``key``'s value if given and written."""
        i = self.issue_at
        if key is not None and key in self.at:
            line, column = self.at[key]
            return Issue(file=i.file, line=line, column=column, path=f"{i.path}.{key}", message=message)
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

    def problems(self, rules: Rules, seats: tuple[str, ...]) -> list[Issue]:
        """Every move's problems that show without playing: its shape, and ids the rules do not know."""
        return [i for m in self.remaining() for i in (*map(m.issue, _shape(m.move)), *_unknown_ids(m, rules, seats))]

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
        out.append(
            sm.issue(f"unknown actor {m.actor!r}{did_you_mean(m.actor, seats)}; seats are {', '.join(seats)}", "actor")
        )
    for key, value in (("card", m.card), ("counter", m.counter)):
        if value is not None and value not in rules.card_index:
            hint = did_you_mean(value, rules.card_index)
            out.append(sm.issue(f"unknown {key} {value!r}{hint}: no card of {rules.id} has this id", key))
    if m.forum is not None and m.forum not in rules.forum_index:
        forums = [f.id for f in rules.forums]
        out.append(
            sm.issue(
                f"unknown forum {m.forum!r}{did_you_mean(m.forum, forums)}; forums are {', '.join(forums)}", "forum"
            )
        )
    if m.target is not None and m.target not in rules.actor_index:
        actors = [a.id for a in rules.actors]
        out.append(
            sm.issue(
                f"unknown target {m.target!r}{did_you_mean(m.target, actors)}; actors are {', '.join(actors)}", "target"
            )
        )
    return out


def _shape(m: Move) -> list[str]:
    """What is wrong with a move whatever the game: a pass with a card, an answer with a forum, ..."""
    if m.pass_:
        return ["a pass names no card or response"] if m.card or m.response else []
    if m.card is None:
        return ["a move names a card (or pass: true)"]
    if m.counter is not None and m.response is None:
        return ["counter is only given with response: counter"]
    if m.response is not None and (m.forum is not None or m.target is not None):
        return ["an answer names no forum or target (those are for playing a card)"]
    return []


def to_action(state: GameState, sm: ScriptedMove) -> Action:
    """The action a move stands for in ``state``."""
    m = sm.move
    wrong = _shape(m)
    if wrong:
        raise sm.error(wrong[0])
    if m.pass_:
        return Pass(actor=m.actor)
    assert m.card is not None
    if m.response is not None:
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


def _read_moves(doc: Document) -> tuple[Script, list[Issue]]:
    """The moves that validate, and every problem of the document (reading and schema)."""
    if isinstance(doc.data, list):
        root = doc.where.get(())
        doc = Document(
            file=doc.file,
            data={"moves": doc.data},
            where={("moves", *k): v for k, v in doc.where.items()},
            text=doc.text,
            issues=[replace(i, path=f"moves{i.path}" if i.path.startswith("[") else i.path) for i in doc.issues],
            suspect={("moves", *k) for k in doc.suspect},
        )
        if root is not None:
            doc.where[()] = root
    model, issues, salvaged = validate_parts(doc, Moves)
    issues = [*doc.issues, *(i for i in issues if not _suspect(doc, i))]
    moves = model.moves if model is not None else salvaged.model.moves if salvaged is not None else []
    kept = salvaged.positions.get(("moves",)) if salvaged is not None else None
    out = []
    for n, mv in enumerate(moves):
        i = kept[n] if kept is not None else n
        iss = doc.issue(("moves", i), "")
        raw = doc.data["moves"][i] if isinstance(doc.data, dict) else {}
        at = {k: _line_col(doc, ("moves", i, k)) for k in (raw if isinstance(raw, dict) else {})}
        template = Issue(file=iss.file, line=iss.line, column=iss.column, path=f"moves[{i}]", message="")
        out.append(ScriptedMove(mv, i, template, at))
    return Script(out), sorted(issues, key=lambda x: (x.line, x.column))


def _line_col(doc: Document, path: tuple[str | int, ...]) -> tuple[int, int]:
    """Where ``path``'s value is in the file."""
    i = doc.issue(path, "")
    return i.line, i.column


def _suspect(doc: Document, issue: Issue) -> bool:
    """Whether a schema issue is about a value the reading stage already reported."""
    return any(issue.path == format_path(p) for p in doc.suspect)


def load_script(path: str | Path, rules: Rules | None = None, seats: Iterable[str] = ()) -> Script:
    """Read a YAML or JSON move script; with ``rules``, also check its moves before play.

    Raises ``ScriptError`` listing every problem at once: reading, schema, and (with ``rules``)
    each move's shape and the ids the rules do not know.
    """
    name = display_name(path)
    try:
        doc = parse(read_text(read_bytes(path, name), name), name, keep_going=True)
    except InputError as e:
        raise ScriptError(e.issues) from None
    if not doc.where:
        raise ScriptError([Issue(file=name, line=1, column=1, message="the script is empty: give a list of moves")])
    script, problems = _read_moves(doc)
    if rules is not None:
        problems = sorted([*problems, *script.problems(rules, tuple(seats))], key=lambda x: (x.line, x.column))
    if problems:
        raise ScriptError(problems)
    return script
