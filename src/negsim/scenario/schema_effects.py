"""The effect vocabulary of the scenario format: what cards, answers, triggers and events do."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag

from negsim.scenario.schema_base import Expr, Id, Model, Number, Percent, Text

ActorRef = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=48)]
"""An actor id, or ``self`` (who acts), ``target`` (who is addressed) or ``proposer`` (who tabled the item)."""


class ShiftEffect(Model):
    """Move a meter up or down; the result is clamped to the meter's bounds."""

    shift: Id = Field(examples=["cohesion"])
    """The meter to move."""
    by: Number = Field(examples=[-2])
    """How much (negative moves it down): a number, or an integer expression read when it runs
    (``"1 + escalation - 6"``); one that always moves the meter past its whole range is an error."""
    actor: ActorRef | None = Field(default=None, examples=["self"])
    """For a per-actor meter: whose track (an actor id, ``self``, ``target`` or ``proposer``)."""


class SetEffect(Model):
    """Set a meter to a value (clamped to its bounds)."""

    set: Id = Field(examples=["escalation"])
    """The meter to set."""
    to: Number = Field(examples=[12])
    """The new value: a number, or an integer expression read when it runs; one that can never be
    within the meter's range is an error."""
    actor: ActorRef | None = Field(default=None, examples=["self"])
    """For a per-actor meter: whose track."""


class RaiseEffect(Model):
    """Raise a flag (make it true)."""

    raise_: Id = Field(alias="raise", examples=["nrc_track_open"])
    """The flag."""
    actor: ActorRef | None = Field(default=None, examples=["self"])
    """For a per-actor flag: whose (an actor id, ``self``, ``target`` or ``proposer``)."""


class LowerEffect(Model):
    """Lower a flag (make it false)."""

    lower: Id = Field(examples=["open_door"])
    """The flag."""
    actor: ActorRef | None = Field(default=None, examples=["target"])
    """For a per-actor flag: whose."""


class UnlockEffect(Model):
    """Make a locked card playable."""

    unlock: Id = Field(examples=["ru_preemptive"])
    """The card."""


class LockEffect(Model):
    """Make a card unplayable until unlocked."""

    lock: Id = Field(examples=["ru_nrc_offer"])
    """The card."""


class ChanceEffect(Model):
    """Run ``then`` with a probability, else ``else``; drawn from the game's own RNG and shown to players as odds."""

    chance: Annotated[float, Field(gt=0.0, lt=1.0)] | Percent = Field(examples=[0.5])
    """Probability of ``then``, strictly between 0 and 1; or an integer expression of a percentage
    ending with ``%``, read when it runs (``"5 * escalation - 20 %"``). An expression that is never
    between 0% and 100% is an error; one that can leave 0..100 is clamped then, and the log says so."""
    then: list[Effect] = Field(
        default_factory=list,
        examples=[[{"shift": "escalation", "by": -2}, {"say": "Moscow eases the pressure."}]],
    )
    """Effects on success."""
    else_: list[Effect] = Field(
        default_factory=list, alias="else", examples=[[{"say": "The deal buys no de-escalation."}]]
    )
    """Effects on failure."""


class IfEffect(Model):
    """Run ``then`` if a condition holds now, else ``else``."""

    if_: Expr = Field(alias="if", examples=["nato_consulted"])
    """The condition (an expression)."""
    then: list[Effect] = Field(default_factory=list, examples=[[{"shift": "cohesion", "by": 1}]])
    """Effects when true."""
    else_: list[Effect] = Field(
        default_factory=list,
        alias="else",
        examples=[[{"shift": "cohesion", "by": -2}, {"shift": "leverage", "by": 1}]],
    )
    """Effects when false."""


class WithdrawEffect(Model):
    """Take off the table the items of a card that ``self`` tabled (a proposer withdrawing its offer)."""

    withdraw: Id = Field(examples=["us_ultimatum"])
    """The card whose items, tabled by ``self``, are withdrawn."""


class EndEffect(Model):
    """End the game at once with one of the scenario's endings."""

    end: Id = Field(examples=["war"])
    """The ending."""


class SayEffect(Model):
    """Write a line of narrative to the game log."""

    say: Text = Field(examples=["Moscow calls the replies a cherry-picking exercise."])
    """The line."""


EFFECT_KEYS: dict[str, type[Model]] = {
    "shift": ShiftEffect,
    "set": SetEffect,
    "raise": RaiseEffect,
    "lower": LowerEffect,
    "unlock": UnlockEffect,
    "lock": LockEffect,
    "chance": ChanceEffect,
    "if": IfEffect,
    "end": EndEffect,
    "say": SayEffect,
    "withdraw": WithdrawEffect,
}
"""The key that names each kind of effect."""


def _effect_tag(v: Any) -> str | None:
    if isinstance(v, dict):
        for k in EFFECT_KEYS:
            if k in v:
                return f"effect:{k}"
        return None
    for k, cls in EFFECT_KEYS.items():
        if isinstance(v, cls):
            return f"effect:{k}"
    return None


Effect = Annotated[
    Annotated[ShiftEffect, Tag("effect:shift")]
    | Annotated[SetEffect, Tag("effect:set")]
    | Annotated[RaiseEffect, Tag("effect:raise")]
    | Annotated[LowerEffect, Tag("effect:lower")]
    | Annotated[UnlockEffect, Tag("effect:unlock")]
    | Annotated[LockEffect, Tag("effect:lock")]
    | Annotated[ChanceEffect, Tag("effect:chance")]
    | Annotated[IfEffect, Tag("effect:if")]
    | Annotated[EndEffect, Tag("effect:end")]
    | Annotated[SayEffect, Tag("effect:say")]
    | Annotated[WithdrawEffect, Tag("effect:withdraw")],
    Discriminator(
        _effect_tag,
        custom_error_type="effect_kind",
        custom_error_message="an effect is a mapping with one of the keys: " + ", ".join(EFFECT_KEYS),
    ),
]
"""One effect: a mapping whose key names what it does."""

ChanceEffect.model_rebuild()
IfEffect.model_rebuild()
