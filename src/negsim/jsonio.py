"""Events as JSON: one object per event, keys in a fixed order, for JSON-lines output."""

from __future__ import annotations

import json
from typing import Any

from negsim.core.events import Cause, Event, GameEnd, event_type


def cause_dict(c: Cause) -> dict[str, Any]:
    """A cause as a JSON object."""
    return {"kind": c.kind, "id": c.id, "actor": c.actor, "branch": c.branch}


def event_dict(e: Event) -> dict[str, Any]:
    """An event as a JSON object: ``type``, ``round``, ``actor``, then its own fields."""
    out: dict[str, Any] = {"type": event_type(e), "round": e.round, "actor": e.actor}
    for name, value in zip(e._fields[2:], e[2:], strict=True):
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
    """Compact, deterministic JSON text (UTF-8, no trailing spaces)."""
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))
