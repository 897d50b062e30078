"""Exceptions raised by negsim, all under one base class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from negsim.core.errors import IllegalActionError, NegsimError
from negsim.printable import escape

__all__ = [
    "IllegalActionError",
    "InputError",
    "Issue",
    "NegsimError",
    "OutputError",
    "SaveFileError",
    "ScenarioError",
    "ScriptError",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Issue:
    """One problem found in an input file, with its location."""

    file: str
    """Path of the file as the user gave it."""
    line: int
    """1-based line number (1, with column 1 and no path, when the problem concerns the whole file)."""
    column: int
    """1-based column number."""
    message: str
    """What is wrong, in words a designer can act on."""
    path: str = ""
    """Dotted path of the element inside the document, e.g. ``cards[3].effects``."""
    severity: Literal["error", "warning"] = "error"
    """``error`` stops loading; ``warning`` is reported by lint only."""

    def __str__(self) -> str:
        """Format as ``file:line:col: path: message`` like a compiler, any character that could act on
        a terminal (from the file, its name or a value quoted) escaped visibly.
        """
        where = f"{self.file}:{self.line}:{self.column}"
        kind = "warning: " if self.severity == "warning" else ""
        path = f"{self.path}: " if self.path else ""
        return escape(f"{where}: {kind}{path}{self.message}")


class InputError(NegsimError):
    """Bad input from a file: carries every issue found, each with its location."""

    def __init__(self, issues: list[Issue]) -> None:
        """Keep the issues; the message is their formatted list."""
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


class ScenarioError(InputError):
    """A scenario file could not be loaded: every problem, each with its location."""


class ScriptError(InputError):
    """A move script could not be read or one of its moves is illegal."""


class SaveFileError(InputError):
    """A save file could not be read, or does not match its scenario."""


class OutputError(NegsimError):
    """A file cannot be written where asked: not a regular file, or no folder to write it in."""
