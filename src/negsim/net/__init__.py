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


def require_websockets() -> None:
    """Raise ``MissingExtraError`` naming the extra if the ``websockets`` package is missing."""
    try:
        import websockets  # noqa: F401
    except ImportError:
        raise MissingExtraError(
            f"networked play needs the websockets package: pip install '{EXTRA}' (from a clone: pip install -e '.[serve]')"
        ) from None
