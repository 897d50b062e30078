"""The docs a newcomer reads stay true: the format reference matches the schema, the README's
commands match CI, and every key of the format is documented."""

from __future__ import annotations

import json
import re
import typing
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from conftest import ROOT
from negsim.scenario import yamlread
from negsim.scenario.docs import MODELS, example_yaml, render_reference
from negsim.scenario.jsonschema import scenario_schema
from negsim.scenario.schema import Scenario
from negsim.scenario.schema_base import Model
from negsim.scenario.schema_effects import EFFECT_KEYS, Effect

KEYS = [
    (f"{model.__name__}.{field.alias or name}", field)
    for model in (*MODELS, *EFFECT_KEYS.values())
    for name, field in model.model_fields.items()
]
"""Every key of the format, named as a designer writes it, with its field."""


def test_format_reference_is_generated_from_the_schema() -> None:
    """docs/scenario-format.md is exactly what the schema generates (regenerate with
    ``negsim schema --format markdown -o docs/scenario-format.md``)."""
    committed = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    assert committed == render_reference()


def test_every_key_of_the_format_has_a_description() -> None:
    for model in (*MODELS, *EFFECT_KEYS.values()):
        assert model.__doc__, model.__name__
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no docstring"


def test_the_reference_presents_every_object_of_the_format() -> None:
    reachable: set[type[BaseModel]] = set()
    todo: list[Any] = [Scenario]
    while todo:
        tp = todo.pop()
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp not in reachable:
                reachable.add(tp)
                todo.extend(f.annotation for f in tp.model_fields.values())
        else:
            todo.extend(typing.get_args(tp))
    assert reachable == {*MODELS, *EFFECT_KEYS.values()}


def test_every_key_of_the_format_has_an_example() -> None:
    assert [key for key, field in KEYS if not field.examples] == []


def _check_example(key: str, field: FieldInfo) -> None:
    """Parse the example as the reference prints it, with the scenario reader, and validate it
    strictly against the key's type (constraints included)."""
    assert field.examples, f"{key} has no example"
    text = example_yaml(field)
    data = yamlread.parse(text, key).data
    assert data == field.examples[0], f"{key}: the page shows {text!r}"
    tp: Any = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    TypeAdapter(tp).validate_python(data, strict=True)


@pytest.mark.parametrize(("key", "field"), KEYS, ids=[key for key, _ in KEYS])
def test_every_example_is_valid_yaml_of_its_keys_type(key: str, field: FieldInfo) -> None:
    _check_example(key, field)


class _Mistyped(Model):
    """Keys whose examples are wrong, to show the check above refuses them."""

    points: int = Field(examples=["2"])
    """A quoted number is text."""
    effects: list[Effect] = Field(default_factory=list, examples=[[{"shift": "Cohesion", "by": 1}]])
    """Ids are lower case."""
    amount: int = Field(gt=0, examples=[0])
    """Out of range."""


@pytest.mark.parametrize("name", list(_Mistyped.model_fields))
def test_a_mistyped_example_is_refused(name: str) -> None:
    with pytest.raises(ValidationError):
        _check_example(name, _Mistyped.model_fields[name])


def test_json_schema_is_draft07_with_descriptions() -> None:
    schema = scenario_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    text = json.dumps(schema)
    assert "$defs" not in text
    refs = set(re.findall(r'"\$ref": "#/definitions/(\w+)"', text))
    assert refs <= set(schema["definitions"])
    assert schema["definitions"]["Meter"]["properties"]["min"]["description"] == "Smallest value."


def test_readme_opens_with_the_play_and_test_commands_and_ci_runs_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in readme[:12] if line.startswith("    ")]
    assert len(commands) == 2
    play, test = commands
    assert "scenarios/dec2021.yaml" in play
    assert "-e '.[serve]'" in play  # networked play (negsim serve, join) works from the first set-up
    assert "pytest" in test and "mypy" in test and "ruff check" in test
    assert "-e '.[dev,serve]'" in test  # the networked tests need the extra
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in [line.strip() for line in ci]


def test_docs_link_to_files_that_exist() -> None:
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+\.md)\)", text):
            assert (doc.parent / target).exists(), f"{doc.name} links to missing {target}"


def test_tutorial_example_is_a_valid_scenario_without_warnings() -> None:
    from negsim.scenario.load import check

    for path in sorted((ROOT / "docs" / "examples").glob("*.yaml")):
        report = check(path)
        assert report.rules is not None, [str(i) for i in report.issues]
        assert report.issues == [], [str(i) for i in report.issues]


@pytest.mark.parametrize(
    ("first", "end", "example", "count"),
    [
        ("12", "14", "brink.yaml", 7),  # numbers from the state, per-actor data; deadlines
        ("14", "15", "council.yaml", 3),  # weighted votes, the addressee's consent, answer()
        ("15", None, "backchannel.yaml", 5),  # secrets; sealed moves
    ],
    ids=["sections-12-13", "section-14", "sections-15-16"],
)
def test_tutorial_sections_quote_their_example_scenario(first: str, end: str | None, example: str, count: int) -> None:
    """Each YAML block of a run of the tutorial's sections is an excerpt of its example in tests/scenarios/."""
    tutorial = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    section = tutorial.split(f"## {first}. ", 1)[1]
    if end is not None:
        section = section.split(f"## {end}. ", 1)[0]
    text = (ROOT / "tests" / "scenarios" / example).read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == count
    for block in blocks:
        assert block in text, block
