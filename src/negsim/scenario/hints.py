"""The "did you mean" hint every message about an unknown id or key ends with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def close_match(name: str, options: Iterable[str]) -> str | None:
    """The option most like ``name``, if one is close enough to be a likely typo."""
    import difflib  # only when a message needs it: loading a valid file stays fast

    found = difflib.get_close_matches(name, list(options), n=1)
    return found[0] if found else None


def did_you_mean(name: str, options: Iterable[str], notes: Mapping[str, str] | None = None) -> str:
    """`` (did you mean 'x'?)`` for the option most like ``name`` (with its note, if any), or ``""`` if none is close."""
    close = close_match(name, options)
    if close is None:
        return ""
    note = (notes or {}).get(close)
    return f" (did you mean {close!r}? {note})" if note else f" (did you mean {close!r}?)"
