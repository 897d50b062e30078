"""Round recaps: what changed in a round and why, in two or three lines, for the log and reports."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from negsim.core.events import Cause, Event, ItemResolved, MeterChanged
from negsim.core.rules import Rules
from negsim.core.secrecy import shown
from negsim.describe import signed
from negsim.narrate import PAST as _PAST
from negsim.narrate import actor_name, card_name, cause_text


def round_recap(rules: Rules, events: Iterable[Event], round_: int, seat: str | None = None) -> list[str]:
    """Two or three lines on round ``round_`` (1-based) as ``seat`` may see it: the meters' net
    changes, the causes that moved them most, and what the table decided.
    """
    tracks: dict[tuple[str, str | None], list[MeterChanged]] = defaultdict(list)
    causes: dict[Cause, float] = defaultdict(float)
    cause_changes: dict[Cause, dict[str, int]] = defaultdict(dict)
    decided: list[tuple[str, str]] = []
    for event in events:
        if event.round != round_:
            continue
        e = shown(rules, event, seat)
        if isinstance(e, MeterChanged):
            spec = rules.meters[rules.meter_index[e.meter]]
            tracks[(e.meter, e.owner)].append(e)
            causes[e.cause] += abs(e.new - e.old) / max(1, spec.high - spec.low)
            name = spec.short + (f" ({actor_name(rules, e.owner)})" if e.owner else "")
            cause_changes[e.cause][name] = cause_changes[e.cause].get(name, 0) + e.new - e.old
        elif isinstance(e, ItemResolved):
            decided.append((e.result, f"“{card_name(rules, e.card)}”"))
    moved = []
    for (meter, owner), changes in tracks.items():
        spec = rules.meters[rules.meter_index[meter]]
        old, new = changes[0].old, changes[-1].new
        if old != new:
            name = spec.short + (f" ({actor_name(rules, owner)})" if owner else "")
            moved.append((abs(new - old) / max(1, spec.high - spec.low), f"{name} {old} → {new}"))
    lines = []
    head = f"Round {round_} recap: "
    if moved:
        lines.append(head + ", ".join(text for _, text in sorted(moved, key=lambda m: -m[0])[:4]) + ".")
    else:
        lines.append(head + "no meter moved.")
    top = [c for c, _ in sorted(causes.items(), key=lambda kv: -kv[1])[:2]]
    if top:
        parts = []
        for c in top:
            said = ", ".join(f"{n} {signed(d)}" for n, d in cause_changes[c].items() if d)
            if said:
                parts.append(f"{cause_text(rules, c)}: {said}")
        if parts:
            lines.append("Mostly: " + "; ".join(parts) + ".")
    if decided:
        accepted = [name for result, name in decided if result == "accept"]
        others = Counter(result for result, _ in decided if result != "accept")
        parts = ["accepted " + ", ".join(accepted)] if accepted else []
        parts += [f"{n} {_PAST[r]}" for r, n in sorted(others.items(), key=lambda kv: list(_PAST).index(kv[0]))]
        lines.append("On the table: " + "; ".join(parts) + ".")
    return lines
