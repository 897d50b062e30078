"""The docs a newcomer reads stay true: the format reference matches the schema, the README's
commands match CI, and every key of the format is documented."""

from __future__ import annotations

import json
import re

from conftest import ROOT
from negsim.scenario.docs import MODELS, render_reference
from negsim.scenario.jsonschema import scenario_schema
from negsim.scenario.schema_effects import EFFECT_KEYS


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


def test_json_schema_is_draft07_with_descriptions() -> None:
    schema = scenario_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    text = json.dumps(schema)
    assert "$defs" not in text
    refs = set(re.findall(r'"\$ref": "#/definitions/(\w+)"', text))
    assert refs <= set(schema["definitions"])
    assert schema["definitions"]["Meter"]["properties"]["start"]["description"] == "Value at the start."


def test_readme_opens_with_the_play_and_test_commands_and_ci_runs_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in readme[:12] if line.startswith("    ")]
    assert len(commands) == 2
    play, test = commands
    assert "scenarios/dec2021.yaml" in play
    assert "pytest" in test and "mypy" in test and "ruff check" in test
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
