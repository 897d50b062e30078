"""Events and actions as JSON: one object each, keys in a fixed order, for JSON-lines output and saves."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from negsim.core.actions import Action, Answer, Override, OverrideKind, Pass, Play
from negsim.core.events import EVENT_CLASSES, Cause, Event, GameEnd, event_type, event_type_name
from negsim.core.rules import Response
from negsim.printable import escape_json


def cause_dict(c: Cause) -> dict[str, Any]:
    """A cause as a JSON object."""
    out: dict[str, Any] = {"kind": c.kind, "id": c.id, "actor": c.actor, "branch": c.branch}
    if c.seen_by is not None:
        out["seen_by"] = list(c.seen_by)
    return out


def event_dict(e: Event) -> dict[str, Any]:
    """An event as a JSON object: ``type``, ``round``, ``actor``, then its own fields."""
    out: dict[str, Any] = {"type": event_type(e), "round": e.round, "actor": e.actor}
    for name, value in zip(e._fields[2:], e[2:], strict=True):
        if (name == "cut_short" and not value) or (name == "seen_by" and value is None):
            continue  # said only of a game that was cut short, of what only some seats see
        v: Any = value
        if isinstance(v, Cause):
            v = cause_dict(v)
        elif isinstance(e, GameEnd) and name in ("scores", "meters"):
            v = dict(v)
        elif isinstance(v, tuple):
            v = [list(x) if isinstance(x, tuple) else x for x in v]
        out[name] = v
    return out


def dumps(obj: Any) -> str:
    """Compact, deterministic JSON text (UTF-8, no trailing spaces; characters that could act on a
    terminal written as ``\\u`` escapes).
    """
    return escape_json(json.dumps(obj, ensure_ascii=False, separators=(", ", ": ")))


def action_dict(a: Action) -> dict[str, Any]:
    """An action as a JSON object (the form saves and replays use)."""
    if isinstance(a, Play):
        d: dict[str, Any] = {"type": "play", "actor": a.actor, "card": a.card}
        if a.forum is not None:
            d["forum"] = a.forum
        if a.target is not None:
            d["target"] = a.target
        return d
    if isinstance(a, Pass):
        return {"type": "pass", "actor": a.actor}
    if isinstance(a, Override):
        d = {"type": "override", "actor": a.actor, "kind": a.kind.value, "id": a.id}
        if a.owner is not None:
            d["owner"] = a.owner
        if a.kind is not OverrideKind.EVENT:
            d["value"] = a.value
        d["reason"] = a.reason
        return d
    d = {"type": "answer", "actor": a.actor, "item": a.item, "response": a.response.value}
    if a.counter is not None:
        d["counter"] = a.counter
    return d


def action_from_dict(d: Mapping[str, Any]) -> Action:
    """The action a JSON object stands for; ``ValueError`` if it is not one."""
    kind = d.get("type")
    actor = d.get("actor")
    if not isinstance(actor, str):
        raise ValueError("an action names its actor")
    if kind == "play":
        card, forum, target = d.get("card"), d.get("forum"), d.get("target")
        if (
            not isinstance(card, str)
            or not (forum is None or isinstance(forum, str))
            or not (target is None or isinstance(target, str))
        ):
            raise ValueError("a play names a card (and optionally a forum and target) as text")
        return Play(actor=actor, card=card, forum=forum, target=target)
    if kind == "pass":
        return Pass(actor=actor)
    if kind == "answer":
        item, response, counter = d.get("item"), d.get("response"), d.get("counter")
        if not isinstance(item, int) or isinstance(item, bool) or response not in {r.value for r in Response}:
            raise ValueError("an answer names an item number and a response")
        if not (counter is None or isinstance(counter, str)):
            raise ValueError("a counter names a card as text")
        return Answer(actor=actor, item=item, response=Response(response), counter=counter)
    if kind == "override":
        return _override_from_dict(actor, d)
    raise ValueError(f"unknown action type {kind!r}")


def _override_from_dict(actor: str, d: Mapping[str, Any]) -> Override:
    """The umpire's override a JSON object stands for; ``ValueError`` if it is not one."""
    what, id_, owner, value, reason = d.get("kind"), d.get("id"), d.get("owner"), d.get("value", 0), d.get("reason")
    if what not in {k.value for k in OverrideKind}:
        raise ValueError("an override's kind is meter, flag or event")
    if not isinstance(id_, str) or not (owner is None or isinstance(owner, str)):
        raise ValueError("an override names a meter, flag or card (and optionally an owner) as text")
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("an override's value is a whole number")
    if not isinstance(reason, str):
        raise ValueError("an override gives its reason as text")
    return Override(actor=actor, kind=OverrideKind(what), id=id_, owner=owner, value=value, reason=reason)


_EVENT_TYPES: dict[str, type[Any]] = {event_type_name(cls): cls for cls in EVENT_CLASSES}


def event_from_dict(d: Mapping[str, Any]) -> Event:
    """The event a JSON object from ``event_dict`` stands for (the networked client's log); ``ValueError`` if none."""
    cls = _EVENT_TYPES.get(d.get("type", ""))
    if cls is None:
        raise ValueError(f"unknown event type {d.get('type')!r}")
    values: list[Any] = []
    for name in cls._fields:
        if name not in d:
            if name in cls._field_defaults:
                values.append(cls._field_defaults[name])
                continue
            raise ValueError(f"a {d['type']} event has a {name}")
        v = d[name]
        if name == "cause" and isinstance(v, Mapping):
            who = v.get("seen_by")
            v = Cause(
                kind=v["kind"],
                id=v["id"],
                actor=v.get("actor"),
                branch=v.get("branch"),
                seen_by=tuple(who) if isinstance(who, list) else None,
            )
        elif isinstance(v, Mapping):
            v = tuple(v.items())
        elif isinstance(v, list):
            v = tuple(tuple(x) if isinstance(x, list) else x for x in v)
        values.append(v)
    event: Event = cls(*values)
    return event
