"""Stage 1 of loading: check a parsed document against the schema and turn every
pydantic error into a located ``Issue`` a designer can act on; when it fails, keep what
still validates so the cross-references among those parts can be checked too.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel, ValidationError

from negsim.errors import Issue
from negsim.scenario.hints import did_you_mean
from negsim.scenario.schema_base import ID_PATTERN, PERCENT_PATTERN
from negsim.scenario.schema_effects import EFFECT_KEYS
from negsim.scenario.yamlread import MAX_ISSUES, Document, Path_

M = TypeVar("M", bound=BaseModel)

_EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def describe(value: Any) -> str:
    """A value as a designer would name it: ``text '2'``, ``the number 3``, ``a list``."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


@dataclass(slots=True)
class Salvaged(Generic[M]):
    """What of a document that fails the schema still validates, for later stages to check."""

    model: M
    """Built without validation from the parts that validate: list elements with problems are left out."""
    positions: dict[Path_, tuple[int, ...]] = field(default_factory=dict)
    """For each list some elements of which were left out: where each remaining element is in the file."""
    dropped: dict[Path_, frozenset[str] | None] = field(default_factory=dict)
    """Each part that is not as written: for a list, the valid ids of the elements left out (``None`` if unknown)."""
    unnamed: dict[Path_, tuple[int, ...]] = field(default_factory=dict)
    """For each list some elements of which were left out without a valid id: where those are in the file."""


def validate(doc: Document, model: type[M]) -> tuple[M | None, list[Issue]]:
    """Validate ``doc.data`` against ``model``: the model, or ``None`` and every issue."""
    found, issues, _ = _validate(doc, model, salvage=False)
    return found, issues


def validate_parts(doc: Document, model: type[M]) -> tuple[M | None, list[Issue], Salvaged[M] | None]:
    """Like ``validate``; when ``doc`` fails, also what of it validates (``None`` if nothing does)."""
    return _validate(doc, model, salvage=True)


def _validate(doc: Document, model: type[M], *, salvage: bool) -> tuple[M | None, list[Issue], Salvaged[M] | None]:
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"{describe(doc.data)}"
        return None, [doc.issue((), f"expected a mapping of keys at the top of the file; the file is {what}")], None
    try:
        return model.model_validate(doc.data), [], None
    except ValidationError as e:
        errors = e.errors(include_url=False)
        issues = [_issue(doc, model, err) for err in errors[:MAX_ISSUES]]
        issues.sort(key=lambda i: (i.line, i.column))
        issues = _alternatives(_dedupe(issues))
        if len(errors) > MAX_ISSUES:
            last = issues[-1]
            issues.append(
                Issue(
                    file=doc.file,
                    line=last.line,
                    column=last.column,
                    message=f"... and {len(errors) - MAX_ISSUES:,} more problems",
                )
            )
        if not salvage:
            return None, issues, None
        parts = _Salvager()
        built = parts.build(model, doc.data, [(tuple(err["loc"]), err["type"]) for err in errors], ())
        return None, issues, Salvaged(cast("M", built), parts.positions, parts.dropped, parts.unnamed)


_Errors = list[tuple[tuple[int | str, ...], str]]
"""Pydantic errors as (location, kind), relative to the value they are passed with."""
_MISSING: Any = object()


class _Salvager:
    """Rebuilds a model from the parts of its data that validate (see ``Salvaged``)."""

    def __init__(self) -> None:
        self.positions: dict[Path_, tuple[int, ...]] = {}
        self.dropped: dict[Path_, frozenset[str] | None] = {}
        self.unnamed: dict[Path_, tuple[int, ...]] = {}

    def build(self, model: type[BaseModel], data: Any, errors: _Errors, path: Path_) -> BaseModel:
        """``model`` from ``data``: fields in error get their default (or ``None``), lists keep their valid elements."""
        if not isinstance(data, dict) or any(not loc for loc, _ in errors):
            self.dropped[path] = None
            data = {}
        by_key: dict[int | str, _Errors] = {}
        for loc, kind in errors:
            if loc:
                by_key.setdefault(loc[0], []).append((loc[1:], kind))
        values: dict[str, Any] = {}
        for name, f in model.model_fields.items():
            key = f.alias or name
            here = (*path, key)
            errs = by_key.get(key, [])
            raw = data.get(key, _MISSING)
            item = _item_model(f.annotation)
            if item is not None and (raw is not _MISSING or f.is_required()):
                values[name] = self.items(item, raw, errs, here)
            elif errs and isinstance(f.annotation, type) and issubclass(f.annotation, BaseModel):
                values[name] = self.build(f.annotation, raw, errs, here)
            elif errs or raw is _MISSING:
                if errs:
                    self.dropped[here] = None
                if f.is_required():
                    values[name] = None
            else:
                values[name] = _validated(f.annotation, raw)
        return model.model_construct(**values)

    def items(self, model: type[BaseModel], raw: Any, errors: _Errors, path: Path_) -> list[BaseModel]:
        """The elements of a list that validate on their own (an element with only unknown keys is kept without them)."""
        if not isinstance(raw, list):
            self.dropped[path] = None
            return []
        by_index: dict[int, _Errors] = {}
        for loc, kind in errors:
            if loc and isinstance(loc[0], int):
                by_index.setdefault(loc[0], []).append((loc[1:], kind))
            else:
                self.dropped[path] = frozenset()  # the list itself: too short or too long
        kept: list[BaseModel] = []
        positions: list[int] = []
        left: set[str] = set()
        unnamed: list[int] = []
        for i, x in enumerate(raw):
            errs = by_index.get(i, [])
            element = _element(model, x, errs)
            if element is not None:
                kept.append(element)
                positions.append(i)
            elif isinstance(x, dict) and isinstance(x.get("id"), str) and all(loc[:1] != ("id",) for loc, _ in errs):
                left.add(x["id"])
            else:
                unnamed.append(i)
        if len(kept) < len(raw):
            self.positions[path] = tuple(positions)
            self.dropped[path] = frozenset(left)
        if unnamed:
            self.unnamed[path] = tuple(unnamed)
        return kept


def _element(model: type[BaseModel], data: Any, errors: _Errors) -> BaseModel | None:
    """One list element, validated on its own; unknown keys are dropped, any other problem leaves it out."""
    for loc, kind in errors:
        path = _data_path(data, loc)
        if kind != "extra_forbidden" or not path or path[-1] != loc[-1]:
            return None
        data = _without(data, path)
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def _without(data: Any, path: Path_) -> Any:
    """A copy of ``data`` without the key at ``path`` (containers on the way are copied, nothing is changed)."""
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        copy = dict(data)
        if not rest:
            copy.pop(head, None)
        elif head in copy:
            copy[head] = _without(copy[head], rest)
        return copy
    if isinstance(data, list) and isinstance(head, int) and rest:
        items = list(data)
        items[head] = _without(items[head], rest)
        return items
    return data


def _item_model(tp: Any) -> type[BaseModel] | None:
    """``X`` for a list of models ``list[X]`` (also inside Optional/Annotated), else ``None``."""
    for t in _unwrap(tp):
        if typing.get_origin(t) is list:
            args = _unwrap(typing.get_args(t)[0])
            if len(args) == 1 and isinstance(args[0], type) and issubclass(args[0], BaseModel):
                return args[0]
    return None


def _validated(tp: Any, raw: Any) -> Any:
    """The value of a field that passed validation: its model built again, or the plain value as it is."""
    if isinstance(raw, dict):
        for t in _unwrap(tp):
            if isinstance(t, type) and issubclass(t, BaseModel):
                return t.model_validate(raw)
    return raw


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for i in issues:
        k = (i.line, i.column, i.message)
        if k not in seen:
            seen.add(k)
            out.append(i)
    return out


_EXPECTED_GOT = re.compile(r"^expected (?P<what>.+?), got (?P<got>.+?)(?P<tail> \(write it without quotes\))?$")


def _alternatives(issues: list[Issue]) -> list[Issue]:
    """One issue per value that failed every branch of a union (``int | expression``).

    Where a branch of the right type failed only its constraint (``at least 1``), that is the
    problem; otherwise the types expected are said together: ``expected a whole number or a
    mapping, got text '2'``.
    """
    groups: dict[tuple[int, int, str], list[Issue]] = {}
    for i in issues:
        groups.setdefault((i.line, i.column, i.path), []).append(i)
    out: list[Issue] = []
    for group in groups.values():
        if len(group) == 1:
            out.extend(group)
            continue
        matches = [_EXPECTED_GOT.match(i.message) for i in group]
        constraints = [i for i, m in zip(group, matches, strict=True) if m is None]
        if constraints:
            out.extend(constraints)
            continue
        found = [m for m in matches if m is not None]
        whats = [m.group("what") for m in found]
        tail = next((m.group("tail") for m in found if m.group("tail")), "")
        message = f"expected {' or '.join(whats)}, got {found[0].group('got')}{tail}"
        out.append(replace(group[0], message=message))
    return out


def _data_path(data: Any, loc: tuple[int | str, ...]) -> Path_:
    """The part of a pydantic ``loc`` that exists in the data (union tags are skipped)."""
    path: list[str | int] = []
    cur = data
    for el in loc:
        if isinstance(cur, dict):
            if isinstance(el, str) and el in cur:
                cur = cur[el]
                path.append(el)
        elif isinstance(cur, list) and isinstance(el, int) and 0 <= el < len(cur):
            cur = cur[el]
            path.append(el)
    return tuple(path)


def _issue(doc: Document, model: type[BaseModel], err: Any) -> Issue:
    loc: tuple[int | str, ...] = tuple(err["loc"])
    kind: str = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        key = loc[-1]
        path = _data_path(doc.data, loc[:-1])
        return doc.issue(path, f"missing required key {key!r}")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        path = _data_path(doc.data, loc)
        allowed = _allowed_keys(model, loc[:-1])
        hint = did_you_mean(key, sorted(allowed))
        if not hint and allowed:
            hint = f"; allowed: {', '.join(sorted(allowed))}"
        return doc.issue(path, f"unknown key {key!r}{hint}", key=True)
    path = _data_path(doc.data, loc)
    if kind in _EXPECTED:
        msg = f"expected {_EXPECTED[kind]}, got {describe(value)}"
        if kind == "int_type" and isinstance(value, str) and value.strip().lstrip("-").isdigit():
            msg += " (write it without quotes)"
    elif kind == "literal_error":
        msg = f"expected {ctx.get('expected', 'one of the allowed values')}, got {describe(value)}"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == PERCENT_PATTERN:
        msg = f"a chance expression is a percentage ending with %: write '{str(value).strip()} %'"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        msg = f"{value!r} is not a valid id: use lower-case letters, digits and _, starting with a letter"
    elif kind in _LENGTHS:
        msg = _length(kind, ctx, value, loc)
    elif kind in _BOUNDS:
        bound, words = _BOUNDS[kind]
        msg = f"{words} {ctx[bound]} (got {value})" if isinstance(value, (int, float)) else f"{words} {ctx[bound]}"
    elif kind == "effect_kind":
        msg = str(err["msg"])
        if isinstance(value, dict) and value:
            msg += f" (got keys: {', '.join(map(str, value))})"
    else:
        text = str(err["msg"])
        msg = text[:1].lower() + text[1:]
        if value is not None and not isinstance(value, (dict, list)):
            msg += f" (got {describe(value)})"
    return doc.issue(path, msg)


_LENGTHS = {
    "too_long": "max_length",
    "too_short": "min_length",
    "string_too_long": "max_length",
    "string_too_short": "min_length",
}
"""Pydantic's errors of length: the bound each one names."""
_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "less_than_equal": ("le", "at most"),
    "greater_than": ("gt", "greater than"),
    "less_than": ("lt", "less than"),
}
"""Pydantic's errors of a number out of bounds: the bound each one names, in words."""
_PLURAL = re.compile(r"[a-z]+s")


def _length(kind: str, ctx: dict[str, Any], value: Any, loc: tuple[int | str, ...]) -> str:
    """``at most 32 actors (got 2000)``, ``at least 1 character (got 0)``: a list or text of the wrong length."""
    bound: int = ctx[_LENGTHS[kind]]
    if kind.startswith("string"):
        one, many = "character", "characters"
    else:
        key = next((el for el in reversed(loc) if isinstance(el, str)), "")
        one, many = (key[:-1], key) if _PLURAL.fullmatch(key) else ("item", "items")
    got = ctx.get("actual_length", len(value) if isinstance(value, (str, list, dict)) else None)
    limit = "at most" if _LENGTHS[kind] == "max_length" else "at least"
    return f"{limit} {bound} {one if bound == 1 else many}" + (f" (got {got})" if got is not None else "")


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types inside Annotated / Optional / unions."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        out = []
        for a in typing.get_args(tp):
            out.extend(_unwrap(a))
        return out
    return [tp]


def _allowed_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> set[str]:
    """Keys allowed in the mapping at ``loc`` (for did-you-mean hints)."""
    current: list[Any] = [model]
    for el in loc:
        nxt: list[Any] = []
        for tp in current:
            if isinstance(el, str) and el.startswith("effect:"):
                cls = EFFECT_KEYS.get(el.split(":", 1)[1])
                if cls is not None:
                    nxt.append(cls)
                continue
            if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(el, str):
                for name, f in tp.model_fields.items():
                    if el in (name, f.alias):
                        nxt.extend(_unwrap(f.annotation))
                continue
            origin = typing.get_origin(tp)
            args = typing.get_args(tp)
            if origin is list and isinstance(el, int):
                nxt.extend(_unwrap(args[0]))
            elif origin is dict and isinstance(el, str):
                nxt.extend(_unwrap(args[1]))
        current = [t for x in nxt for t in _unwrap(x)]
    keys: set[str] = set()
    for tp in current:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            keys.update(f.alias or n for n, f in tp.model_fields.items())
    return keys
