"""The compiled rules of a scenario: what the engine runs on.

The scenario loader (``negsim.scenario``) turns YAML into these values once; the engine
never looks at YAML. Ids are kept for messages and output; the hot paths use indices.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from negsim.core.effects import Effect
    from negsim.core.state import Tabled
    from negsim.core.tables import Tables


class StateLike(Protocol):
    """What a compiled expression may read: a game state or the engine's working copy (``Transition``)."""

    @property
    def round(self) -> int:
        """0-based round index."""

    @property
    def meters(self) -> tuple[int, ...] | list[int]:
        """Meter values by slot."""

    @property
    def flags(self) -> int:
        """Flag bits."""

    @property
    def locked(self) -> int:
        """Bits of locked cards."""

    @property
    def uses(self) -> tuple[int, ...] | list[int]:
        """Plays of each card so far."""

    @property
    def resolved(self) -> tuple[int, ...] | list[int]:
        """Per card, counts of accepted, rejected, countered and silent resolutions."""

    @property
    def table(self) -> tuple[Tabled, ...] | list[Tabled]:
        """Items on the negotiation table."""

    @property
    def ending(self) -> int:
        """Index of the ending reached, or -1."""

    @property
    def phase(self) -> int:
        """Index of the current phase in the round."""

    @property
    def votes(self) -> tuple[int, ...]:
        """Per card and actor, the actor's answer on the card's last resolved item (0 none, else 1 + response)."""


Ctx = tuple[int, int, int]
"""Context of an expression: indices of the acting actor, the target and the proposer (-1 = none)."""

NO_CTX: Ctx = (-1, -1, -1)
"""The context of rules that belong to no actor (triggers, endings)."""

OTHER = 1 << 62
"""Change bit for anything but a meter slot (flags, plays, the table, the round...)."""

Fn = Callable[[StateLike, Ctx], int]
"""A compiled expression: reads a state and a context, returns an int (bools are 0/1)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition:
    """A compiled expression with the source text it came from."""

    text: str
    """The expression as the designer wrote it."""
    fn: Fn = field(compare=False, repr=False)
    """The compiled closure."""
    deps: int = field(default=-1, compare=False, repr=False)
    """Bits of the meter slots it reads, plus ``OTHER`` if it reads anything else (-1: everything)."""

    def __call__(self, state: StateLike, ctx: Ctx = NO_CTX) -> int:
        """Evaluate on a state."""
        return self.fn(state, ctx)


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where a rule comes from: verbatim source sentences and/or public facts."""

    quote: Mapping[str, str] = field(default_factory=dict)
    """Sentence id (e.g. ``S28``) to the verbatim text it encodes."""
    reference: tuple[str, ...] = ()
    """Public facts with their sources."""


class CardKind(StrEnum):
    """What a card is."""

    DEMAND = "demand"
    """Asks others for something; goes on the table and must be answered."""
    OFFER = "offer"
    """Proposes something; goes on the table and must be answered."""
    RESPONSE = "response"
    """An answer card: played on one's turn or used to counter a demand or offer."""
    ACTION = "action"
    """Acts at once, unless it has a response protocol."""
    EVENT = "event"
    """Drawn by chance in a draw phase; no actor plays it."""


class Rule(IntEnum):
    """How a forum decides on what is tabled in it."""

    UNILATERAL = 0
    """The addressee alone decides."""
    BILATERAL = 1
    """The other of the two members decides."""
    CONSENSUS = 2
    """Every other member answers; any rejection blocks."""
    MAJORITY = 3
    """Every other member answers; more than half must accept."""
    WEIGHTED = 4
    """Every other member answers; the accepting weight must reach a threshold on every dimension."""


class PhaseKind(StrEnum):
    """What happens in a phase."""

    PLAY = "play"
    """Listed actors take turns playing cards or passing."""
    ANSWER = "answer"
    """Everything on the table is answered by those who must answer it."""
    DRAW = "draw"
    """Event cards are drawn at random and take effect."""


class Response(StrEnum):
    """An answer to something on the table."""

    ACCEPT = "accept"
    """Agree."""
    REJECT = "reject"
    """Refuse (in a consensus forum this blocks)."""
    COUNTER = "counter"
    """Answer with a counter-offer card."""
    SILENCE = "silence"
    """Give no answer."""


RESPONSES: tuple[Response, ...] = tuple(Response)
"""Responses in their fixed order (the order of ``GameState.resolved`` counters)."""

EXPIRE = 4
"""The resolution of an item that expired unanswered (after ``RESPONSES``; counted as silence)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Band:
    """A named range of a meter's values, e.g. a rung of an escalation ladder."""

    low: int
    """Lowest value in the band."""
    high: int
    """Highest value in the band."""
    name: str
    """Name shown to players."""
    text: str = ""
    """Longer description."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Threshold:
    """A named value of a meter that rules refer to."""

    at: int
    """The value."""
    name: str
    """Name shown on the gauge."""
    text: str = ""
    """What crossing it means."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MeterSpec:
    """A bounded integer track."""

    index: int
    """Position in ``Rules.meters``."""
    id: str
    """Identifier used in rules."""
    name: str
    """Name shown to players."""
    short: str
    """Label for narrow boards."""
    low: int
    """Smallest value."""
    high: int
    """Largest value."""
    start: int
    """Value at the start of a game."""
    slot: int
    """First slot in ``GameState.meters``; per-actor meters take one slot per actor."""
    per_actor: bool = False
    """One track per actor rather than one global track."""
    owners: tuple[int, ...] | None = None
    """For a per-actor meter kept for some actors only, their indices (``None``: every actor).
    The slot of an actor without a track stays at ``low``: nothing changes it and no one sees it."""
    starts: tuple[int, ...] = ()
    """For a per-actor meter, the start value of each actor's slot (empty: ``start`` for all)."""
    visible_to: tuple[int, ...] | None = None
    """Actors who may see it; ``None`` means everyone."""
    owner_sees: bool = False
    """For a private per-actor meter: each actor sees its own track."""
    text: str = ""
    """What the meter measures."""
    bands: tuple[Band, ...] = ()
    """Named ranges."""
    thresholds: tuple[Threshold, ...] = ()
    """Named values."""
    higher_is: str = "neutral"
    """``good``, ``bad`` or ``neutral``: how the UI colours a rise."""
    provenance: Provenance = field(default_factory=Provenance)
    """Where it comes from."""

    def band(self, value: int) -> Band | None:
        """The band holding ``value``, if any."""
        for b in self.bands:
            if b.low <= value <= b.high:
                return b
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class FlagSpec:
    """A named yes/no state."""

    index: int
    """Position in ``Rules.flags``; for a global flag, also its bit in ``GameState.flags``."""
    id: str
    """Identifier used in rules."""
    name: str
    """Name shown to players."""
    start: bool = False
    """Value at the start."""
    visible_to: tuple[int, ...] | None = None
    """Actors who may see it; ``None`` means everyone (a per-actor flag's owner always sees its own)."""
    per_actor: bool = False
    """One flag per actor (``bit + actor index``) rather than one global flag."""
    bit: int = -1
    """For a per-actor flag, the bit of the first actor's flag (global flags use ``index``)."""
    text: str = ""
    """What it means."""
    provenance: Provenance = field(default_factory=Provenance)
    """Where it comes from."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Objective:
    """A scored condition of an actor's victory."""

    id: str
    """Identifier."""
    text: str
    """What the actor wants, in words."""
    when: Condition
    """True at the end of the game when met."""
    points: int
    """Points added to the score when met."""
    public: bool = False
    """Whether other seats may see it (objectives are private by default)."""
    provenance: Provenance = field(default_factory=Provenance)
    """Where it comes from."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BotRule:
    """A declared constraint of an actor: a move its bots never choose."""

    never: str
    """``play``, or the answer never given (``accept``, ``reject``, ``counter``, ``silence``)."""
    response: int
    """For an answer, its index in ``RESPONSES``; -1 for ``play``."""
    cards: frozenset[int] = frozenset()
    """Card indices it applies to (played, or answered on the table); empty: every card."""
    forums: frozenset[int] = frozenset()
    """Forum indices it applies in; empty: anywhere."""
    when: Condition | None = None
    """Only while this holds (context: the actor, the target, the proposer)."""
    text: str = ""
    """Why, in words."""
    provenance: Provenance = field(default_factory=Provenance)
    """Where it comes from."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorSpec:
    """A party to the crisis: a seat, or an affected party that never decides."""

    index: int
    """Position in ``Rules.actors``."""
    id: str
    """Identifier used in rules."""
    name: str
    """Full name."""
    short: str
    """Two- or three-letter label for narrow boards."""
    seat: bool = True
    """Whether a human or bot takes decisions for it."""
    text: str = ""
    """Who it is and what it wants."""
    goals: tuple[str, ...] = ()
    """Public goals, for help and briefing."""
    constraints: tuple[str, ...] = ()
    """What limits it, for help and briefing."""
    score: Condition | None = None
    """Base score expression, evaluated at the end."""
    objectives: tuple[Objective, ...] = ()
    """Scored conditions."""
    win_at: int | None = None
    """The actor wins if its final score reaches this."""
    bot_weights: Mapping[int, int] = field(default_factory=dict)
    """Persona: meter slot to the weight a bot gives it (besides the score)."""
    bot_flag_weights: Mapping[int, int] = field(default_factory=dict)
    """Persona: flag bit to the weight a bot gives it while the flag is raised (a per-actor flag: the actor's own)."""
    bot_rules: tuple[BotRule, ...] = ()
    """Persona: the moves its bots never choose."""
    provenance: Provenance = field(default_factory=Provenance)
    """Where it comes from."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteWeightSpec:
    """One dimension of a weighted vote."""

    name: str
    """Name shown to players (``Population``)."""
    weights: tuple[int, ...]
    """Per actor index, its weight (0 for non-members)."""
    threshold: int
    """Percent of the members' total weight that must accept."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ForumSpec:
    """A place where demands and offers are tabled and decided."""

    index: int
    """Position in ``Rules.forums``."""
    id: str
    """Identifier used in rules."""
    name: str
    """Name shown to players."""
    rule: Rule
    """How it decides."""
    members: tuple[int, ...] = ()
    """Actor indices of its members."""
    open: Condition | None = None
    """When it can be used; always if ``None``."""
    on_split: tuple[Effect, ...] = ()
    """Effects when members answer differently."""
    weights: tuple[VoteWeightSpec, ...] = ()
    """For a weighted forum: the dimensions of its vote."""
    blocking: int = 0
    """For a weighted forum: fewest members who must withhold acceptance to block (0: any number)."""
    target_consents: bool = False
    """An item with a target is accepted only if the target itself accepts, whatever the vote."""
    seen_by: int = 0
    """For a closed forum (``visibility: members``): bits of the actors who see it (members and
    ``visible_to``); 0 for a public forum."""
    text: str = ""
    """What it is."""
    provenance: Provenance = field(default_factory=Provenance)
    """Where it comes from."""

    @property
    def takes_target(self) -> bool:
        """Whether a card with targets played here is addressed to one (unilateral, or the addressee consents)."""
        return self.rule is Rule.UNILATERAL or self.target_consents


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseProtocol:
    """How a demand or offer is answered and what each answer does."""

    on_accept: tuple[Effect, ...] = ()
    """Effects when accepted."""
    on_reject: tuple[Effect, ...] = ()
    """Effects when rejected."""
    on_counter: tuple[Effect, ...] = ()
    """Effects when countered (before the counter card's own effects)."""
    on_silence: tuple[Effect, ...] = ()
    """Effects when nobody answers."""
    on_expire: tuple[Effect, ...] = ()
    """For an item with ``expires_after``: effects when it expires unanswered."""

    def branch(self, response: int) -> tuple[Effect, ...]:
        """Effects of one resolution (index into ``RESPONSES``, or ``EXPIRE``)."""
        return (self.on_accept, self.on_reject, self.on_counter, self.on_silence, self.on_expire)[response]


@dataclass(frozen=True, slots=True, kw_only=True)
class CardSpec:
    """A card: who may play it, when, what it does and how it is answered."""

    index: int
    """Position in ``Rules.cards``."""
    id: str
    """Identifier used in rules."""
    name: str
    """Title shown to players."""
    kind: CardKind
    """Demand, offer, response, action or event."""
    owners: tuple[int, ...] = ()
    """Actors who hold it (empty for events)."""
    text: str = ""
    """Card text."""
    requires: Condition | None = None
    """Precondition; playable only when true."""
    limit: int = 1 << 30
    """Plays allowed per game."""
    per_round: int = 1 << 30
    """Plays allowed per round."""
    locked: bool = False
    """Starts locked; an ``unlock`` effect makes it playable."""
    effects: tuple[Effect, ...] = ()
    """Effects when played."""
    protocol: ResponseProtocol | None = None
    """For cards that go on the table: how answers resolve."""
    forums: tuple[int, ...] = ()
    """Forums it may be tabled or played in (the player chooses)."""
    targets: tuple[int, ...] = ()
    """Actors it may be addressed to (the player chooses)."""
    counters: tuple[int, ...] = ()
    """Cards this one can answer as a counter-offer."""
    weight: int | Condition = 1
    """For events: relative odds of being drawn (an expression is read when drawing; below 0 it counts as 0)."""
    stays: bool = False
    """Once tabled, whether it stays on the table when everyone is silent (until answered, withdrawn or expired)."""
    expires_after: int = 0
    """For an item that stays: the rounds after which silence makes it expire (0: never)."""
    secret: bool = False
    """Whether its play is seen only by the parties to it and ``seen_by``."""
    seen_by: int = 0
    """For a secret card: bits of the other actors who see it (``visible_to``)."""
    provenance: Provenance = field(default_factory=Provenance)
    """Where it comes from."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseSpec:
    """One step of a round."""

    index: int
    """Position in the round."""
    id: str
    """Identifier."""
    name: str
    """Name shown to players."""
    kind: PhaseKind
    """Play, answer or draw."""
    actors: tuple[int, ...] = ()
    """For play phases: who plays, in order."""
    plays: int = 1
    """For play phases: plays each actor may make before the next actor."""
    draws: int = 1
    """For draw phases: how many event cards are drawn."""
    sealed: bool = False
    """Sealed moves: plays revealed together once all have chosen; answers hidden until decided."""
    text: str = ""
    """What happens, for help."""


class At(StrEnum):
    """When a trigger is checked."""

    ACTION = "action"
    """After every action and automatic step."""
    ROUND_START = "round_start"
    """At the start of each round."""
    ROUND_END = "round_end"
    """At the end of each round."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerSpec:
    """A rule that fires effects when its condition holds."""

    index: int
    """Position in ``Rules.triggers``."""
    id: str
    """Identifier."""
    name: str
    """Name shown in the log."""
    when: Condition
    """Condition."""
    at: At = At.ACTION
    """When it is checked."""
    repeat: bool = False
    """Fire every time (``action``: each time it becomes true) rather than once."""
    effects: tuple[Effect, ...] = ()
    """What it does."""
    text: str = ""
    """What the rule means."""
    provenance: Provenance = field(default_factory=Provenance)
    """Where it comes from."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LineAnswerSpec:
    """How a line answers matching items: its answers in order of preference."""

    proposers: frozenset[int] = frozenset()
    """Actor indices whose items it applies to (empty: anyone's)."""
    cards: frozenset[int] = frozenset()
    """Card indices it applies to (empty: any)."""
    prefer: tuple[int, ...] = ()
    """Response indices, first preferred."""
    counters: tuple[int, ...] = ()
    """Counter cards it may use, first preferred (empty: any)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LineSpec:
    """A named line of play (the bot ``line:ID``): how it answers and what it plays."""

    index: int
    """Position in ``Rules.lines``."""
    id: str
    """Identifier."""
    name: str
    """Name shown to players."""
    text: str = ""
    """What the line does."""
    answers: tuple[LineAnswerSpec, ...] = ()
    """Answer rules, first match decides."""
    plays: tuple[tuple[int, Condition | None], ...] = ()
    """(card index, condition or None) in order of preference."""
    provenance: Provenance = field(default_factory=Provenance)
    """Where it comes from."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EndingSpec:
    """A way the game ends."""

    index: int
    """Position in ``Rules.endings``."""
    id: str
    """Identifier."""
    name: str
    """Name shown to players."""
    text: str = ""
    """What it means."""
    when: Condition | None = None
    """Instant ending: the game ends as soon as this holds."""
    final: bool = False
    """The ending reached when the last round is over."""
    provenance: Provenance = field(default_factory=Provenance)
    """Where it comes from."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Rules:
    """A compiled scenario: everything the engine needs, indexed for speed.

    Two ``Rules`` are equal when they come from the same file bytes and keep the same rounds
    (the compiled closures and the engine's tables are not compared).
    """

    id: str
    """Scenario id."""
    title: str
    """Scenario title."""
    digest: str
    """SHA-256 of the scenario file's bytes."""
    actors: tuple[ActorSpec, ...]
    """Actors in file order."""
    meters: tuple[MeterSpec, ...]
    """Meters in file order."""
    flags: tuple[FlagSpec, ...]
    """Flags in file order."""
    cards: tuple[CardSpec, ...]
    """Cards in file order."""
    forums: tuple[ForumSpec, ...]
    """Forums in file order."""
    phases: tuple[PhaseSpec, ...]
    """Phases of a round, in order."""
    rounds: tuple[str, ...]
    """Calendar label of each round."""
    triggers: tuple[TriggerSpec, ...]
    """Triggers in file order."""
    endings: tuple[EndingSpec, ...]
    """Endings in file order."""
    lines: tuple[LineSpec, ...] = ()
    """Named lines of play (bots ``line:ID``)."""
    summary: str = ""
    """One paragraph for the new-game screen."""
    source_title: str = ""
    """Title of the analysis the scenario encodes."""
    source_url: str = ""
    """Where to read it."""
    slots: int = 0
    """Length of ``GameState.meters``."""
    max_actions: int = 10_000
    """Actions after which a game that has not ended is cut short (it ends with the final ending)."""
    actor_index: Mapping[str, int] = field(default_factory=dict)
    """Actor id to index."""
    card_index: Mapping[str, int] = field(default_factory=dict)
    """Card id to index."""
    forum_index: Mapping[str, int] = field(default_factory=dict)
    """Forum id to index."""
    meter_index: Mapping[str, int] = field(default_factory=dict)
    """Meter id to index."""
    flag_index: Mapping[str, int] = field(default_factory=dict)
    """Flag id to index."""
    defines: Mapping[str, str] = field(default_factory=dict)
    """Named expressions (``define:``): name to its text."""
    answered: frozenset[int] = frozenset()
    """Cards whose answers some rule reads with ``answer()``: only theirs are recorded in ``GameState.votes``."""
    hands: tuple[tuple[int, ...], ...] = field(init=False, compare=False, repr=False)
    """Per actor, the indices of the cards it holds."""
    final_ending: int = field(init=False, compare=False, repr=False)
    """Index of the ending reached when time runs out (-1 if the scenario names none)."""
    flag_width: int = field(init=False, compare=False, repr=False)
    """Number of bits ``GameState.flags`` uses (global flags, then each per-actor flag's bits)."""
    tables: Tables = field(init=False, compare=False, repr=False)
    """What the engine derives from these rules to run them fast (see ``negsim.core.tables``)."""

    def __post_init__(self) -> None:
        """Derive the hands, the final ending, the width of the flag bits and the engine's tables."""
        from negsim.core.tables import Tables

        width = max((b + 1 for f in self.flags for _, b in self.flag_bits(f)), default=0)
        object.__setattr__(self, "flag_width", width)
        hands = tuple(tuple(c.index for c in self.cards if a.index in c.owners) for a in self.actors)
        object.__setattr__(self, "hands", hands)
        object.__setattr__(self, "final_ending", next((e.index for e in self.endings if e.final), -1))
        object.__setattr__(self, "tables", Tables(self))

    def __eq__(self, other: object) -> bool:
        """Same scenario bytes and the same calendar."""
        if not isinstance(other, Rules):
            return NotImplemented
        return self is other or (self.digest == other.digest and self.rounds == other.rounds)

    def __hash__(self) -> int:
        """Hash of the scenario bytes and calendar."""
        return hash((self.digest, self.rounds))

    def slot(self, meter: str, actor: str | None = None) -> int:
        """The state slot of a meter (and, for per-actor meters, its owner)."""
        m = self.meters[self.meter_index[meter]]
        if m.per_actor:
            if actor is None:
                raise KeyError(f"meter {meter!r} is per actor: name the actor")
            return m.slot + self.actor_index[actor]
        return m.slot

    def tracks(self, meter: MeterSpec) -> tuple[int, ...]:
        """The owners of a meter's tracks: actor indices for a per-actor meter, ``(-1,)`` for a global one."""
        if not meter.per_actor:
            return (-1,)
        return meter.owners if meter.owners is not None else tuple(range(len(self.actors)))

    def seats(self) -> tuple[ActorSpec, ...]:
        """Actors a human or a bot plays."""
        return tuple(a for a in self.actors if a.seat)

    def meter_visible(self, meter: MeterSpec, owner: int, seat: int | None) -> bool:
        """Whether ``seat`` (``None`` = an observer who sees everything) may see a meter slot."""
        if seat is None or meter.visible_to is None:
            return True
        if meter.owner_sees and owner == seat:
            return True
        return seat in meter.visible_to

    def flag_visible(self, flag: FlagSpec, seat: int | None, owner: int = -1) -> bool:
        """Whether ``seat`` may see a flag (for a per-actor flag, ``owner``'s)."""
        return seat is None or flag.visible_to is None or seat in flag.visible_to or (owner >= 0 and owner == seat)

    def flag_bits(self, flag: FlagSpec) -> tuple[tuple[int, int], ...]:
        """(owner, bit) of each of a flag's bits: ``((-1, index),)`` for a global flag, one per actor otherwise."""
        if not flag.per_actor:
            return ((-1, flag.index),)
        return tuple((a, flag.bit + a) for a in range(len(self.actors)))
