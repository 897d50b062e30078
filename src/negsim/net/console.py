"""The facilitator's console language: one line per request, as typed in ``negsim join``'s console.

meter ID[.OWNER] VALUE REASON     set a meter (a per-actor track as meter.actor)
flag ID on|off REASON             raise or lower a flag
event CARD REASON                 inject an event card
rollback N REASON                 back to before move N (every later move goes too)
pause | resume                    stop and restart the game
timer SECONDS                     a turn timer (0: none)
seat ACTOR BOT|human              hand a person's seat to a bot, or back
"""

from __future__ import annotations

from typing import Any

from negsim.core.actions import UMPIRE, Override, OverrideKind
from negsim.jsonio import action_dict

USAGE = (
    "meter ID[.OWNER] VALUE REASON · flag ID on|off REASON · event CARD REASON · rollback N REASON · pause · resume"
    " · timer SECONDS · seat ACTOR BOT|human"
)
"""One line listing every console command."""

_ON = {"on": 1, "raise": 1, "1": 1, "yes": 1, "off": 0, "lower": 0, "0": 0, "no": 0}


def parse_command(line: str) -> dict[str, Any]:
    """The request a console line stands for; ``ValueError`` saying what is wrong (with the usage) if none."""
    words = line.split()
    if not words:
        raise ValueError(f"type a command: {USAGE}")
    verb, args = words[0].casefold(), words[1:]
    if verb in ("pause", "resume") and not args:
        return {"type": verb}
    if verb == "rollback" and len(args) >= 2 and args[0].isdigit():
        return {"type": "rollback", "before": int(args[0]), "reason": " ".join(args[1:])}
    if verb == "timer" and len(args) == 1:
        try:
            seconds = float(args[0])
        except ValueError:
            raise ValueError(f"timer SECONDS: {args[0]!r} is not a number") from None
        return {"type": "timer", "seconds": seconds}
    if verb == "seat" and len(args) == 2:
        return {"type": "seat", "actor": args[0], "to": args[1]}
    if verb == "meter" and len(args) >= 3:
        meter, _, owner = args[0].partition(".")
        try:
            value = int(args[1])
        except ValueError:
            raise ValueError(f"meter ID VALUE REASON: {args[1]!r} is not a whole number") from None
        return _override(OverrideKind.METER, meter, owner or None, value, args[2:])
    if verb == "flag" and len(args) >= 3:
        on = _ON.get(args[1].casefold())
        if on is None:
            raise ValueError(f"flag ID on|off REASON: {args[1]!r} is neither on nor off")
        return _override(OverrideKind.FLAG, args[0], None, on, args[2:])
    if verb == "event" and len(args) >= 2:
        return _override(OverrideKind.EVENT, args[0], None, 0, args[1:])
    raise ValueError(f"unknown or incomplete command {line.strip()!r}: {USAGE}")


def _override(kind: OverrideKind, id_: str, owner: str | None, value: int, reason: list[str]) -> dict[str, Any]:
    action = Override(actor=UMPIRE, kind=kind, id=id_, owner=owner, value=value, reason=" ".join(reason))
    return {"type": "override", "action": action_dict(action)}
