"""Join tokens: fresh random secrets, kept only as digests, compared in constant time.

The server prints each token once, in its join command; it writes only their SHA-256 digests
(so a resumed server knows them again) and never logs them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping

from negsim.core.actions import UMPIRE

FACILITATOR = UMPIRE
"""The role of the facilitator's token: the umpire's seat (an id no scenario actor may take, R12)."""


def new_token() -> str:
    """A fresh random token (about 190 bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def digest(token: str) -> str:
    """A token's SHA-256 digest, in hex."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class TokenBook:
    """Who each token admits: a seat's actor id or ``facilitator``, by digest."""

    __slots__ = ("digests",)

    def __init__(self, digests: Mapping[str, str]) -> None:
        """From role to token digest."""
        self.digests = dict(digests)

    @classmethod
    def fresh(cls, roles: Iterable[str]) -> tuple[TokenBook, dict[str, str]]:
        """A book for ``roles`` with new tokens, and the tokens themselves (to print once)."""
        tokens = {r: new_token() for r in roles}
        return cls({r: digest(t) for r, t in tokens.items()}), tokens

    def role(self, token: object) -> str | None:
        """The role a token admits, or ``None``; every digest is compared, in constant time."""
        if not isinstance(token, str) or not token or len(token) > 256:
            return None
        given = digest(token)
        found = None
        for role, known in self.digests.items():
            if hmac.compare_digest(given, known):
                found = role
        return found
