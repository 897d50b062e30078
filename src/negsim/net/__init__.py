"""Networked seminar play: an authoritative game server, its clients and the facilitator's console.

The game logic of a served game (``host``) knows nothing of sockets; ``server`` puts it on a
WebSocket, ``client`` speaks to it, ``mirror`` turns what a seat receives into a session the
board can show. The WebSocket library is the optional extra ``negsim[serve]``.
"""

from __future__ import annotations

from negsim.errors import NegsimError

EXTRA = "negsim[serve]"
"""The optional extra that installs what networked play needs."""


class MissingExtraError(NegsimError):
    """Networked play needs a package that is not installed."""


def require_websockets(*, web: bool = False) -> None:
    """Raise ``MissingExtraError`` naming the extra if ``websockets`` (with ``web``: also ``textual-serve``) is missing."""
    import importlib.util

    needed = ["websockets", *(["textual_serve"] if web else [])]
    for module in needed:
        try:
            found = importlib.util.find_spec(module) is not None
            if found:
                __import__(module)
        except ImportError:
            found = False
        if not found:
            raise MissingExtraError(
                f"networked play needs the {module.replace('_', '-')} package: pip install '{EXTRA}'"
                " (from a clone: pip install -e '.[serve]')"
            )
