"""The report's document model: headings, paragraphs, lists, tables and charts, which the Markdown
and HTML writers render (so both formats say the same things).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Heading:
    """A section title."""

    level: int
    """1 for the title, 2 for a section, 3 for a subsection."""
    text: str
    """The title."""
    anchor: str = ""
    """An id for links (HTML) and tests (``setting``, ``story`` ...)."""


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of plain text."""

    text: str
    """The text."""
    style: str = ""
    """``em`` for a quiet aside, ``strong`` for a key sentence, ``""`` for plain."""


@dataclass(frozen=True, slots=True)
class Bullets:
    """A list; each item may have sub-items."""

    items: tuple[tuple[str, tuple[str, ...]], ...]
    """(item, its sub-items)."""


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a header row."""

    header: tuple[str, ...]
    """Column titles."""
    rows: tuple[tuple[str, ...], ...]
    """The rows."""


@dataclass(frozen=True, slots=True)
class Chart:
    """A meter's values over the game, with its thresholds."""

    title: str
    """The meter's name."""
    values: tuple[int, ...]
    """The value at the start, then at the end of each round."""
    low: int
    """The meter's lowest value."""
    high: int
    """The meter's highest value."""
    thresholds: tuple[tuple[int, str], ...] = field(default_factory=tuple)
    """Named values (drawn as lines)."""


Block = Heading | Para | Bullets | Table | Chart
"""Anything a report is made of."""


def bullets(items: list[str]) -> Bullets:
    """A flat list."""
    return Bullets(tuple((item, ()) for item in items))
