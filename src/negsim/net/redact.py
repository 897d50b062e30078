"""The scenario as one seat may read it: other actors' private objectives and base scores removed.

A client compiles the rules from this text; it matches what ``negsim.core.infoset.public_rules``
keeps of the others, so a client holds no more of their aims than a bot in its seat.
"""

from __future__ import annotations

from typing import Any

import yaml


def scenario_for(text: str, seat: str | None) -> str:
    """The scenario ``text`` as ``seat`` may read it (``None``: the facilitator, who reads it all)."""
    if seat is None:
        return text
    data: Any = yaml.safe_load(text)
    for actor in data.get("actors", []):
        if not isinstance(actor, dict) or actor.get("id") == seat:
            continue
        victory = actor.get("victory")
        if isinstance(victory, dict):
            victory.pop("score", None)
            objectives = victory.get("objectives")
            if isinstance(objectives, list):
                victory["objectives"] = [o for o in objectives if isinstance(o, dict) and o.get("public") is True]
    out: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return out
