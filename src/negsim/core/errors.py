"""The exceptions the core raises: the base of every negsim error, and illegal actions."""

from __future__ import annotations


class NegsimError(Exception):
    """Base class of every error negsim raises on purpose."""


class IllegalActionError(NegsimError, ValueError):
    """An action was refused; ``rule`` names the rule of the rulebook that forbids it."""

    def __init__(self, rule: str, message: str) -> None:
        """Record the rule id (e.g. ``R3``) and a message naming the values involved."""
        self.rule = rule
        self.reason = message
        super().__init__(f"[{rule}] {message}")
