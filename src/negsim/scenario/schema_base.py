"""Shared pieces of the scenario format's schema: the base model, id and expression types."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
"""Ids are lower-case letters, digits and underscores, starting with a letter."""


class Model(BaseModel):
    """Base of every scenario model: strict types, unknown keys refused, immutable."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        use_attribute_docstrings=True,
        populate_by_name=False,
        allow_inf_nan=False,
    )


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=48)]
"""An identifier: ``cohesion``, ``ru_treaty``, ``us_ru_talks``."""

Expr = Annotated[str, StringConstraints(min_length=1, max_length=500)]
"""An expression of the scenario expression language, e.g. ``troops >= 150 and not talks_open``."""

PERCENT_PATTERN = r"%\s*$"
"""A chance expression ends with ``%``."""

Percent = Annotated[str, StringConstraints(min_length=2, max_length=500, pattern=PERCENT_PATTERN)]
"""An integer expression of a percentage, ending with ``%``: ``"5 * escalation %"``."""

Number = int | Expr
"""A whole number, or an integer expression read when the rule runs (``"escalation - 4"``)."""

Text = Annotated[str, StringConstraints(max_length=4000)]
"""Free text shown to players."""

Name = Annotated[str, StringConstraints(min_length=1, max_length=80)]
"""A short name shown to players."""


class Provenance(Model):
    """Mixin: where an element comes from. Every element of a scenario may carry it."""

    quote: dict[Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=16)], Text] | None = (
        Field(
            default=None,
            examples=[
                {
                    "S29": "Refusal will be used in Russian propaganda and may be used to justify military action against Ukraine."
                }
            ],
        )
    )
    """Sentence id of the scenario's ``source`` to the verbatim text this element encodes (a whole sentence or an exact part of it). Checked against the source when the scenario declares one."""
    reference: list[Text] | None = Field(
        default=None,
        examples=[
            [
                "26 Jan 2022: U.S. and NATO written replies reject an end to the Open Door (https://www.bostonglobe.com/2022/01/26/world/us-delivers-written-response-russias-demands/)"
            ]
        ],
    )
    """Public facts this element rests on, each with its source (a URL or a citation)."""
