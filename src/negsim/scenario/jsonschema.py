"""The scenario format as a JSON Schema (draft-07, which yaml-language-server reads)."""

from __future__ import annotations

from typing import Any

SCHEMA_ID = "https://negsim.invalid/schema/scenario-1.json"
"""Identifier of the schema (format version 1)."""


def _to_draft7(node: Any) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for k, v in node.items():
            if k == "$defs":
                out["definitions"] = _to_draft7(v)
            elif k == "$ref" and isinstance(v, str):
                out[k] = v.replace("#/$defs/", "#/definitions/")
            elif k == "discriminator":
                continue
            elif k == "prefixItems":
                out["items"] = _to_draft7(v)
            else:
                out[k] = _to_draft7(v)
        return out
    if isinstance(node, list):
        return [_to_draft7(x) for x in node]
    return node


def scenario_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of scenario files, with descriptions from the format's docstrings."""
    from negsim.scenario.schema import Scenario

    raw = Scenario.model_json_schema(by_alias=True)
    schema = _to_draft7(raw)
    head = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "negsim scenario",
    }
    head.update({k: v for k, v in schema.items() if k not in ("title",)})
    return head
