"""Bot specs: ``NAME`` or ``NAME:key=value,...`` (``mcts:sims=400``, ``mcts:hard``), checked with clear messages.

A spec names a policy and its options; the bare word after the colon is the policy's level
where it has levels (``mcts:normal`` is ``mcts:level=normal``). ``str(spec)`` is its canonical
form, which saves, JSON output and tables use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from negsim.bots.base import Option


@dataclass(frozen=True, slots=True, kw_only=True)
class Param:
    """An option a policy accepts."""

    kind: type
    """``int``, ``float`` or ``str``."""
    help: str
    """What it does."""
    low: float | None = None
    """Smallest value (numbers)."""
    high: float | None = None
    """Largest value (numbers)."""
    choices: tuple[str, ...] = ()
    """Allowed words (``str``)."""
    play_only: bool = False
    """Allowed only in ``negsim play`` (the option makes a game not reproducible)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    """A bot policy: its name, one line of help and the options it accepts."""

    name: str
    """Name used in specs."""
    help: str
    """One line for help screens."""
    params: dict[str, Param] = field(default_factory=dict)
    """Options by name."""
    level: str | None = None
    """The option a bare word after the colon sets (``mcts:hard``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BotSpec:
    """A policy name and its options, e.g. ``mcts:level=hard,depth=60``."""

    name: str
    """Policy name."""
    options: tuple[tuple[str, Option], ...] = ()
    """Options in the order given."""

    def __str__(self) -> str:
        """Canonical text: ``mcts:hard`` for a bare level, else ``name:key=value,...``."""
        if not self.options:
            return self.name
        if len(self.options) == 1 and self.options[0][0] == "level":
            return f"{self.name}:{self.options[0][1]}"
        return self.name + ":" + ",".join(f"{k}={v}" for k, v in self.options)

    @property
    def reproducible(self) -> bool:
        """Whether the same game inputs give the same moves (a time budget does not)."""
        return not any(k == "time" for k, _ in self.options)


class SpecError(ValueError):
    """A bot spec that names no policy or gives a bad option; the message says what is allowed."""


def parse_spec(
    text: str,
    policies: dict[str, Policy],
    *,
    in_play: bool = False,
    extra: Callable[[str], Policy | None] | None = None,
) -> BotSpec:
    """Check ``text`` against ``policies`` (and ``extra`` for scenario-defined names) and return its spec."""
    raw = text.strip()
    name, _, rest = raw.partition(":")
    name = name.strip().casefold()
    policy = policies.get(name) or (extra(name) if extra is not None else None)
    if policy is None:
        known = ", ".join(policies)
        raise SpecError(f"unknown bot {name!r}; use one of {known}")
    options: list[tuple[str, Option]] = []
    for part in [p.strip() for p in rest.split(",")] if rest.strip() else []:
        key, eq, value = part.partition("=")
        key, value = key.strip().casefold(), value.strip()
        if not eq:
            if policy.level is None:
                raise SpecError(f"{name} takes key=value options, not {part!r}")
            key, value = policy.level, part
        param = policy.params.get(key)
        if param is None:
            allowed = ", ".join(policy.params) or "no options"
            raise SpecError(f"{name} has no option {key!r} (it takes {allowed})")
        if any(k == key for k, _ in options):
            raise SpecError(f"option {key!r} given twice")
        if param.play_only and not in_play:
            raise SpecError(f"{key} is for negsim play only (it makes a game not reproducible)")
        options.append((key, _value(raw, key, value, param)))
    return BotSpec(name=policy.name, options=tuple(options))


def _value(raw: str, key: str, value: str, param: Param) -> Option:
    if param.kind is str:
        if param.choices and value.casefold() not in param.choices:
            raise SpecError(f"{key} must be one of {', '.join(param.choices)} (got {value!r})")
        return value.casefold()
    try:
        number: int | float = int(value) if param.kind is int else float(value)
    except ValueError:
        kind = "a whole number" if param.kind is int else "a number"
        raise SpecError(f"{key} must be {kind} (got {value!r})") from None
    if (param.low is not None and number < param.low) or (param.high is not None and number > param.high):
        raise SpecError(f"{key} must be between {param.low:g} and {param.high:g} (got {value})")
    return number
