"""The scenario format reference (``docs/scenario-format.md``), generated from the schema.

The same docstrings feed the JSON Schema and this page, so the two cannot drift; a test
checks the committed page equals ``render_reference()``. Regenerate with
``negsim schema --format markdown -o docs/scenario-format.md``.
"""

from __future__ import annotations

import textwrap
import types
import typing
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from negsim.scenario import expr
from negsim.scenario import schema as S
from negsim.scenario import schema_effects as E

_INTRO = """\
# Scenario format reference

A negsim scenario is one YAML file. This page lists every key it may hold, with its meaning
and an example. It is generated from the same definitions as the JSON Schema
(`negsim schema`), so it always matches what `negsim validate` accepts.

How the rules run (rounds, tabling, answers, forum decisions, triggers, scoring) is in the
[rulebook](rules.md); a worked example is [the designer's tutorial](tutorial.md).

## Reading rules

- YAML 1.2: `true`/`false` are booleans, numbers are decimal. Words YAML 1.1 tools read
  differently (`yes`, `no`, `on`, `off`, `y`, `n`), numbers with leading zeros (`010`),
  base-60 numbers (`1:30`), `_` in numbers, `0x`/`0o` prefixes, `1e3` and bare dates
  (`2021-12-13`) are refused: quote them if they are text.
- Anchors, aliases, tags, duplicate keys and unknown keys are refused. Types are strict: a
  quoted `"2"` is text, not the number 2.
- At most 2 MiB per file and 64 levels of nesting; the file must be UTF-8. It must be a
  regular file, or `-` for standard input (`cat s.yaml | negsim validate -`): a named pipe,
  a device or a folder is refused.
- No characters that could act on a terminal, written as such or as a `"\\e"`-style escape:
  control characters other than tab, line feed and carriage return, DEL, C1 controls
  (U+0080–U+009F), Unicode noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF, ...) and the
  bidirectional overrides (U+202A–U+202E, U+2066–U+2069). Move scripts follow the same rules.
- Every problem is reported at once, as `file:line:col: path: message`: YAML, schema and
  cross-reference problems together, sorted by line. A problem with the whole file (it cannot
  be read, or is too big) is reported at `file:1:1:` with no path. Nothing is reported twice,
  and an element with an error does not cause more: references to an element that failed are
  not checked until it is fixed (if its id itself is broken, a warning says how many were left
  unchecked).
- Ids are lower-case letters, digits and `_`, starting with a letter (`ru_treaty`).

## Editor support

`negsim schema -o scenario.schema.json` writes a draft-07 JSON Schema. With the YAML
language server (VS Code's YAML extension and others), put this first line in a scenario to
get completion, hover help and checks while you type:

```yaml
# yaml-language-server: $schema=./scenario.schema.json
```
"""


def _grammar() -> str:
    doc = expr.__doc__ or ""
    body = doc.split("::", 1)[1] if "::" in doc else doc
    return body.split("Values are", 1)[0].strip("\n")


_EXPR = """\
## Expressions

Conditions (`requires`, `when`, `open_when`, `if`), scores (`score`) and numbers (`by`, `to`,
an event's `weight`, a `chance` ending with `%`) are written in a small expression language,
parsed and type-checked when the scenario is loaded (never run as code). Conditions must be
true or false; scores and numbers are whole numbers.

```text
GRAMMAR
```

- A global meter is read by its id (`escalation`); a per-actor meter as `actor.meter`
  (`russia.resolve`) or, where there is an acting actor, `self.meter` (`target.meter`,
  `proposer.meter` in answer effects).
- A flag is read by its id and is true or false (`nrc_track_open and not war_declared`).
- `round` is the current round (1 for the first), `rounds` the number of rounds.
- `played(card)`: times played; `accepted(card)`, `rejected(card)`, `countered(card)`,
  `silenced(card)`: times it was resolved that way; `tabled(card)`: on the table now;
  `locked(card)`; `ended(ending)`: the game ended with that ending (for objectives);
  `in_phase(phase, ...)`: the current phase is one of these.
- `answer(card, actor) == reject` (or `accept`, `counter`, `silence`, `none`; also `!=`):
  how that actor answered the card's last resolved item (`none`: it did not answer it, or the
  card was never resolved). In a card's `answers` effects it is the item being resolved:
  `if: "answer(eu_sanctions, hungary) == reject"`.
- An actor (`poland`, or `self`, `target`, `proposer` where they have a meaning) is compared
  with `==` or `!=` (`self == poland`, `target != proposer`) or tested for membership with
  `in`: `self in (poland, germany)`, or `self in nac` for a forum's members.
- A name under `define:` stands for its expression wherever it is used, in that place's
  context: `define: {crisis: "escalation >= 8"}`, then `requires: "crisis and round >= 3"`.
- Numbers from the state: `by: "escalation - 6"`, `to: "max(0, cohesion - 2)"`,
  `weight: "escalation - 3"` (events), `chance: "5 * escalation - 20 %"` (a percentage). At
  load, the meters' ranges give each such number its possible range: a `set` that can never
  land within its meter's range, a `by` that always passes the whole range, a chance never
  strictly between 0% and 100% or a weight never above 0 is an error. At run time a chance
  outside 0..100% is clamped, and a weight below 0 counts as 0, each with a line in the log.
  Such a number may not read a private meter or flag: every seat reads its value in the log.
- Operators: `and`, `or`, `not`, `<`, `<=`, `>`, `>=`, `==`, `!=` (chains like
  `3 <= cohesion <= 6` work), `+`, `-`, `*`, and `min(...)`, `max(...)`, `abs(...)`.
- `A if CONDITION else B` picks one of two values (or conditions), e.g. a score that counts
  only without war: `score: "leverage if not ended(war) else 0"`.
- Precedence, loosest first: `if ... else`, `or`, `and`, `not`, comparisons, `+` and `-`,
  `*`, unary `-`; parentheses group.
- Nothing else is part of the language: no `True`/`False` (write `true`/`false`), no `/`,
  `%` or `**`, no `0x10`, `1_000`, `1e3` or `1.5`, no quotes, `#` comments or backslashes.
  Spaces, tabs and line breaks may separate any two tokens. A mistake is reported at the
  character where the expression leaves the grammar.

Example: `requires: "troops >= 150 and pretext >= 6 and not ended(war)"`.
"""

_CONTEXT = """\
## Who is `self`?

| where | `self` | `target` | `proposer` |
|---|---|---|---|
| card `effects`, `requires` | the player | the actor addressed | the player |
| `answers` effects, forum `on_split` | the proposer | the addressee | the proposer |
| counter card `effects` | the responder who countered | the original proposer | the responder |
| objectives, `score` | the actor scored | — | — |
| triggers, endings, events | — (name actors explicitly) | — | — |
"""


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        base = args[0]
        meta = " ".join(str(m) for m in args[1:])
        if base is str and "pattern" in meta and "a-z" in meta:
            return "id"
        if base is str and "max_length=500" in meta:
            return "expression"
        return _type_name(base)
    if origin in (typing.Union, types.UnionType):
        parts = [a for a in args if a is not type(None)]
        if len(parts) > 3 and all(typing.get_origin(a) is typing.Annotated for a in parts):
            return "effect"
        return " or ".join(_type_name(a) for a in parts)
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"mapping of {_type_name(args[0])} to {_type_name(args[1])}"
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    return {str: "text", int: "integer", float: "number", bool: "true/false"}.get(tp, getattr(tp, "__name__", str(tp)))


def holds_objects(tp: Any) -> bool:
    """Whether a key of this type holds objects (or lists of them): its example is shown as a YAML block."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return True
    return any(holds_objects(a) for a in typing.get_args(tp))


_FLOW_WIDTH = 60
"""In a block example, a list or mapping of plain values up to about this wide is written on one line."""


class _Dumper(yaml.SafeDumper):
    """Indents block lists under their key, as scenarios are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style: str = super().choose_scalar_style()
        text = self.event.value if isinstance(self.event, yaml.ScalarEvent) else ""
        return '"' if style == "'" and '"' not in text else style


def _styled(node: yaml.Node, *, flow: bool, top: bool = False) -> yaml.Node:
    if isinstance(node, yaml.CollectionNode):
        children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
        leaf = all(isinstance(c, yaml.ScalarNode) for c in children)
        width = sum(len(str(c.value)) + 2 for c in children)
        node.flow_style = flow or (leaf and not top and width <= _FLOW_WIDTH)
        for child in children:
            _styled(child, flow=flow)
    return node


def _yaml(value: Any, *, flow: bool) -> str:
    node = _styled(yaml.representer.SafeRepresenter(sort_keys=False).represent_data(value), flow=flow, top=True)
    text = yaml.serialize(node, Dumper=_Dumper, allow_unicode=True, width=10_000)
    return text.removesuffix("...\n").rstrip("\n")


def example_yaml(f: FieldInfo) -> str:
    """A key's first example as YAML: one flow line, or a block (innermost lists and mappings in flow) if it holds objects."""
    return _yaml(f.examples[0], flow=not holds_objects(f.annotation)) if f.examples else ""


def _example_cell(f: FieldInfo) -> str:
    if not f.examples:
        return ""
    if holds_objects(f.annotation):
        return "below"
    return "`" + example_yaml(f).replace("|", "\\|") + "`"


def _example_block(model: type[BaseModel]) -> str:
    entries = []
    for name, f in model.model_fields.items():
        if f.examples and holds_objects(f.annotation):
            entries.append(f"{f.alias or name}:\n" + textwrap.indent(example_yaml(f), "  "))
    if not entries:
        return ""
    return "\nExamples of the keys that hold objects:\n\n```yaml\n" + "\n".join(entries) + "\n```\n"


def _default(f: FieldInfo) -> str:
    if f.is_required():
        return "**required**"
    if f.default_factory is not None:
        return "empty"
    if f.default is None:
        return "—"
    return "`" + _yaml(f.default, flow=True) + "`"


def _field_type(f: FieldInfo) -> str:
    meta = " ".join(str(m) for m in f.metadata)
    if f.annotation is str and "pattern" in meta and "a-z" in meta:
        return "id"
    if f.annotation is str and "max_length=500" in meta:
        return "expression"
    if f.annotation is float and f.metadata:
        return "number"
    return _type_name(f.annotation)


def _model_section(model: type[BaseModel]) -> str:
    doc = (model.__doc__ or "").strip()
    lines = [
        f"### {model.__name__}",
        "",
        doc,
        "",
        "| key | type | default | meaning | example |",
        "|---|---|---|---|---|",
    ]
    for name, f in model.model_fields.items():
        key = f.alias or name
        meaning = (f.description or "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{key}` | {_field_type(f)} | {_default(f)} | {meaning} | {_example_cell(f)} |")
    return "\n".join(lines) + "\n" + _example_block(model)


MODELS: tuple[type[BaseModel], ...] = (
    S.Scenario,
    S.Source,
    S.Actor,
    S.Victory,
    S.Objective,
    S.Bot,
    S.Never,
    S.Meter,
    S.Band,
    S.Threshold,
    S.Flag,
    S.Forum,
    S.VoteWeight,
    S.Card,
    S.Cost,
    S.Answers,
    S.Turn,
    S.Round,
    S.Phase,
    S.Trigger,
    S.Line,
    S.LineAnswer,
    S.LinePlay,
    S.Ending,
    S.RecordEvent,
)
"""The format's objects, in the order the reference presents them."""


def render_reference() -> str:
    """The whole reference page as Markdown."""
    parts = [
        _INTRO,
        "## Objects\n",
        "Every object below may also carry `quote` and `reference` where its table lists them. "
        "Examples are written as in a scenario file; a key that holds objects has its example in a "
        "YAML block under the table.\n",
    ]
    parts.extend(_model_section(m) for m in MODELS)
    parts.append(
        "## Effects\n\nAn effect is a mapping whose key says what it does. Effects run in order; "
        "after the game ends, none run.\n"
    )
    parts.extend(_model_section(cls) for cls in E.EFFECT_KEYS.values())
    parts.append(_CONTEXT)
    parts.append(_EXPR.replace("GRAMMAR", _grammar()))
    return "\n".join(parts)
