"""The scenario format: every key a scenario file may hold, with its meaning.

These models are the single source of the JSON Schema (``negsim schema``) and of the
reference in ``docs/scenario-format.md``: their docstrings are what designers read.
"""

from __future__ import annotations

from typing import Annotated, Literal, Protocol

from pydantic import Field, StringConstraints

from negsim.scenario.schema_base import Expr, Id, Model, Name, Provenance, Text
from negsim.scenario.schema_effects import Effect

Short = Annotated[str, StringConstraints(min_length=1, max_length=4)]
"""A label of one to four characters."""


class Identified(Protocol):
    """Anything with an id."""

    @property
    def id(self) -> str:
        """Identifier."""


class Source(Model):
    """The analysis a scenario encodes; ``quote`` keys refer to its numbered sentences."""

    title: Name = Field(examples=["Russia Demands Security Guarantees from the U.S. and NATO (PISM Spotlight 214)"])
    """Title of the source."""
    url: Text | None = Field(
        default=None, examples=["https://pism.pl/publications/russia-demands-security-guarantees-from-the-us-and-nato"]
    )
    """Where to read it."""
    date: Name | None = Field(default=None, examples=["15 December 2021"])
    """When it was published."""
    sentences: Text | None = Field(default=None, examples=["sources/pism-spotlight-214.md"])
    """Path, relative to the scenario file, of its sentence index: a text file with one line per sentence, ``- **S01** The sentence.`` Quotes are checked against it."""


class Objective(Provenance):
    """A scored condition of an actor's victory, checked when the game ends."""

    id: Id = Field(examples=["divide_allies"])
    """Identifier."""
    text: Text = Field(examples=["Divide the allies: Alliance cohesion at 4 or below."])
    """What the actor wants, in words players read."""
    when: Expr = Field(examples=["cohesion <= 4"])
    """Condition met at the end of the game (may use ``ended(...)``)."""
    points: int = Field(examples=[3])
    """Points added to the actor's score when met (may be negative)."""
    public: bool = Field(default=False, examples=[True])
    """Whether other seats see it; objectives are private by default."""


class Victory(Model):
    """How an actor is scored at the end of the game and what score wins."""

    score: Expr | None = Field(default=None, examples=["leverage - 5"])
    """Base score: an integer expression (default 0); ``self.meter`` reads the actor's own per-actor meter."""
    objectives: list[Objective] = Field(
        default_factory=list,
        examples=[
            [{"id": "no_war", "text": "No war in Ukraine.", "when": "not ended(war)", "points": 3, "public": True}]
        ],
    )
    """Scored conditions, added to the base score."""
    win_at: int = Field(examples=[5])
    """The actor wins when its final score is at least this."""


class Never(Provenance):
    """A declared constraint of the actor: a move its bots never choose, however well it scores."""

    never: Literal["play", "accept", "reject", "counter", "silence"] = Field(examples=["accept"])
    """What the actor never does: ``play`` a card, or give an answer (``accept``, ``reject``, ``counter``, ``silence``)."""
    cards: list[Id] = Field(default_factory=list, examples=[["ru_bucharest"]])
    """The cards it applies to: the cards played, or the cards on the table answered. Empty: every card."""
    forums: list[Id] = Field(default_factory=list, examples=[["us_ru"]])
    """Only in these forums (where the card is played or the item was tabled). Empty: anywhere."""
    when: Expr | None = Field(default=None, examples=["not nato_consulted"])
    """Only while this holds (``self`` is the actor; for answers ``proposer`` and ``target`` are the item's)."""
    text: Text = Field(examples=["No ally accepts the withdrawal of the Bucharest promise."])
    """Why, in words: a bot that forgoes a move for this constraint says so."""


class LineAnswer(Model):
    """How a line answers the items that match: its preferred answers, first available first."""

    proposers: list[Id] = Field(default_factory=list, examples=[["russia"]])
    """Only items tabled by these actors (empty: by anyone)."""
    cards: list[Id] = Field(default_factory=list, examples=[["ru_treaty"]])
    """Only items of these cards (empty: any)."""
    prefer: list[Literal["accept", "reject", "counter", "silence"]] = Field(
        min_length=1, examples=[["counter", "reject"]]
    )
    """Answers in order of preference: the first one legal is given (``counter`` with the first counter-offer
    available)."""
    counters: list[Id] = Field(default_factory=list, examples=[["us_written_reply", "nato_written_reply"]])
    """The counter-offers it may use, in order of preference (empty: any)."""


class LinePlay(Model):
    """A card a line plays when it can, optionally only while a condition holds."""

    card: Id = Field(examples=["us_open_talks"])
    """The card (played in its first forum and to its first target available)."""
    when: Expr | None = Field(default=None, examples=["nato_consulted"])
    """Only while this holds (``self`` is the actor)."""


class Line(Provenance):
    """A named line of play: a policy that reacts to what is on the table, selectable as the bot ``line:ID``.

    Lines are analytic counterfactuals (the historical West, a West that refuses everything...):
    they play what they say, and ignore the actors' declared constraints.
    """

    id: Id = Field(examples=["consult_counter"])
    """Identifier: the bot is ``line:<id>``."""
    name: Name = Field(examples=["Consult, then counter"])
    """Name shown to players."""
    text: Text = Field(default="", examples=["An internal NATO discussion first; then counter where a counter exists."])
    """What the line does and why."""
    answers: list[LineAnswer] = Field(
        default_factory=list,
        examples=[[{"proposers": ["russia"], "prefer": ["counter", "reject"]}, {"prefer": ["accept"]}]],
    )
    """How it answers: the first rule that matches the item decides; without a match, silence."""
    plays: list[Id | LinePlay] = Field(
        default_factory=list, examples=[["nato_internal", {"card": "us_open_talks", "when": "nato_consulted"}]]
    )
    """Cards it plays, first playable first; when none is, it passes."""


class Bot(Model):
    """How bots that play this actor weigh the game beyond its score, and what they never do (a persona)."""

    weights: dict[Id, int] = Field(default_factory=dict, examples=[{"cohesion": 2, "escalation": -1, "talks_open": 10}])
    """Meter or flag id to weight: a bot prefers moves that raise ``weight * value`` of a meter (for per-actor
    meters, the bot's own track) or that raise a flag of positive weight."""
    never: list[Never] = Field(
        default_factory=list,
        examples=[[{"never": "accept", "cards": ["ru_bucharest"], "text": "No ally accepts it."}]],
    )
    """The actor's declared constraints as data: moves its ``heuristic``, ``mcts`` and ``line`` bots
    never choose (the prose ``constraints`` stay as briefing text). The ``random``, ``greedy`` and
    ``passive`` baselines ignore them."""


class Actor(Provenance):
    """A party to the crisis: a seat a human or bot plays, or an affected party."""

    id: Id = Field(examples=["poland"])
    """Identifier used in rules."""
    name: Name = Field(examples=["Poland"])
    """Full name."""
    short: Short = Field(examples=["PL"])
    """Two- to four-letter label for narrow boards."""
    seat: bool = Field(default=True, examples=[False])
    """Whether a human or bot takes decisions for it; affected parties (``false``) never decide."""
    text: Text = Field(
        default="",
        examples=[
            "A frontline ally and 2022 OSCE chair: supports diplomacy, but warns that talks on Russia's terms would divide Europe into zones of influence."
        ],
    )
    """Who it is, for help and briefing."""
    goals: list[Text] = Field(
        default_factory=list,
        examples=[
            ["Avoid divisions that damage NATO's cohesion and credibility [S38].", "Keep Ukraine at the centre [S40]."]
        ],
    )
    """Public goals, for help and briefing."""
    constraints: list[Text] = Field(
        default_factory=list, examples=[["Not among the powers Russia wants at its conference table [S18]."]]
    )
    """What limits it, for help and briefing."""
    victory: Victory | None = Field(
        default=None,
        examples=[
            {
                "score": "leverage",
                "objectives": [
                    {"id": "divided_allies", "text": "Divide the allies.", "when": "cohesion <= 4", "points": 3}
                ],
                "win_at": 10,
            }
        ],
    )
    """How it is scored; seats usually have one."""
    bot: Bot | None = Field(default=None, examples=[{"weights": {"leverage": 2, "pretext": 1, "cohesion": -1}}])
    """Persona for bots playing it."""


class Band(Model):
    """A named range of a meter's values, e.g. a rung group of an escalation ladder."""

    from_: int = Field(alias="from", examples=[4])
    """Lowest value in the band."""
    to: int = Field(examples=[6])
    """Highest value in the band."""
    name: Name = Field(examples=["Traditional crisis"])
    """Name shown to players next to the value."""
    text: Text = Field(default="", examples=["Shows of force and mobilization, short of violence."])
    """Longer description."""


class Threshold(Model):
    """A named value on a meter, drawn on its gauge."""

    at: int = Field(examples=[150])
    """The value."""
    name: Name = Field(examples=["Invasion force"])
    """Name shown on the gauge."""
    text: Text = Field(default="", examples=["The ladder climbs a rung; Russia can recognise the Donbas republics."])
    """What reaching it means."""


class Meter(Provenance):
    """A bounded integer track: every change is clamped to its bounds and recorded with its cause."""

    id: Id = Field(examples=["cohesion"])
    """Identifier used in rules and expressions."""
    name: Name = Field(examples=["Alliance cohesion"])
    """Name shown to players."""
    short: Annotated[str, StringConstraints(min_length=1, max_length=12)] | None = Field(
        default=None, examples=["Cohesion"]
    )
    """Label of at most 12 characters for narrow boards; defaults to the id, capitalised."""
    text: Text = Field(
        default="", examples=["NATO's political cohesion and credibility: how far the allies act as one."]
    )
    """What it measures."""
    min: int = Field(examples=[0])
    """Smallest value."""
    max: int = Field(examples=[10])
    """Largest value."""
    start: int | dict[Id, int] = Field(examples=[7])
    """Value at the start; for a per-actor meter, either one value for every track or a mapping
    giving each actor with a track its own (``{usa: 6, ussr: 4}``; every actor with a track listed)."""
    per_actor: bool = Field(default=False, examples=[True])
    """One track per actor (read as ``actor.meter`` or ``self.meter``) instead of one global track."""
    actors: list[Id] | None = Field(default=None, examples=[["usa", "ussr"]])
    """For a per-actor meter: the actors that have a track (default: every actor). Others have none:
    naming one's track is an error; effects on it through ``self``, ``target`` or ``proposer``
    do nothing, and reading it there gives the meter's ``min``."""
    visibility: Literal["public", "private"] = Field(default="public", examples=["private"])
    """``private``: a global meter is seen only by ``visible_to``; a per-actor meter by its owner and ``visible_to``."""
    visible_to: list[Id] = Field(default_factory=list, examples=[["russia"]])
    """Actors who see a private meter."""
    higher_is: Literal["good", "bad", "neutral"] = Field(default="neutral", examples=["good"])
    """How the board colours a rise (from the point of view of the status quo)."""
    bands: list[Band] = Field(
        default_factory=list,
        examples=[
            [
                {"from": 0, "to": 3, "name": "Divided"},
                {"from": 4, "to": 6, "name": "Strained"},
                {"from": 7, "to": 10, "name": "United"},
            ]
        ],
    )
    """Named ranges, in order, covering the track."""
    thresholds: list[Threshold] = Field(
        default_factory=list,
        examples=[[{"at": 4, "name": "Dangerous divisions", "text": "At 4 or below Russia has divided the allies."}]],
    )
    """Named values."""


class Flag(Provenance):
    """A named yes/no state, e.g. a track being open."""

    id: Id = Field(examples=["nrc_track_open"])
    """Identifier used in rules and expressions."""
    name: Name = Field(examples=["NATO-Russia Council track open"])
    """Name shown to players."""
    text: Text = Field(
        default="", examples=["NATO has renewed its invitation to a NATO-Russia Council meeting; the NRC can meet."]
    )
    """What it means."""
    start: bool = Field(default=False, examples=[True])
    """Value at the start."""
    visible_to: list[Id] | None = Field(default=None, examples=[["russia"]])
    """If given, only these actors see it (and, for a per-actor flag, each actor its own)."""
    per_actor: bool = Field(default=False, examples=[True])
    """One flag per actor, read as ``actor.flag`` or ``self.flag`` and set with ``raise``/``lower``
    and ``actor``, instead of one global flag."""


class VoteWeight(Model):
    """One dimension of a weighted vote: each member's weight and the share that must accept."""

    name: Name = Field(examples=["Population"])
    """Name shown to players."""
    weights: dict[Id, Annotated[int, Field(ge=0)]] = Field(examples=[{"germany": 84, "france": 68, "poland": 37}])
    """Each member's weight (every member listed)."""
    threshold: int = Field(ge=1, le=100, examples=[65])
    """Percent of the members' total weight that the accepting members must hold."""


class Forum(Provenance):
    """A place where demands and offers are tabled and decided by its decision rule."""

    id: Id = Field(examples=["osce"])
    """Identifier used in rules."""
    name: Name = Field(examples=["OSCE Permanent Council"])
    """Name shown to players."""
    text: Text = Field(
        default="",
        examples=[
            "All the participating states decide by consensus, so Russia can block Western proposals and any Western state can block Russia's."
        ],
    )
    """What it is."""
    rule: Literal["unilateral", "bilateral", "consensus", "majority", "weighted"] = Field(examples=["consensus"])
    """``unilateral``: the addressee alone answers. ``bilateral``: the other of two members answers. ``consensus``: every other member answers and any rejection blocks. ``majority``: every other member answers and more than half must accept. ``weighted``: every other member answers, and the accepting members (the proposer among them) must hold each dimension's threshold of ``weights``."""
    members: list[Id] = Field(default_factory=list, examples=[["russia", "usa", "poland", "germany"]])
    """Member actors (seats); who answers is derived from them and the rule."""
    open_when: Expr | None = Field(default=None, examples=["nrc_track_open"])
    """When the forum can be used; always if omitted."""
    on_split: list[Effect] = Field(
        default_factory=list, examples=[[{"chance": 0.35, "then": [{"shift": "cohesion", "by": -1}]}]]
    )
    """Effects when its members are divided on an item: someone rejects while others accept or counter (``self`` is the proposer)."""
    weights: list[VoteWeight] = Field(
        default_factory=list,
        max_length=8,
        examples=[
            [
                {"name": "States", "weights": {"germany": 1, "france": 1, "poland": 1}, "threshold": 55},
                {"name": "Population", "weights": {"germany": 84, "france": 68, "poland": 37}, "threshold": 65},
            ]
        ],
    )
    """For a ``weighted`` forum: the dimensions of its vote (a double majority has two); every one must be met."""
    blocking: int | None = Field(default=None, ge=1, examples=[4])
    """For a ``weighted`` forum: the blocking minority, the fewest members who must withhold acceptance
    (reject, counter or stay silent) to block an item; with fewer, it is accepted whatever the weights."""
    target_consents: bool = Field(default=False, examples=[True])
    """An item addressed to a target is accepted only if the target itself accepts, whatever the
    vote (otherwise its own answer stands); a target that is not a member is asked too."""
    visibility: Literal["public", "members"] = Field(default="public", examples=["members"])
    """``members``: a closed forum (a back channel): what is tabled, played, answered and decided in it,
    and the cause of what that changes, is seen only by its members, the actors in ``visible_to``
    and the item's addressee; others see public meters move, not why."""
    visible_to: list[Id] = Field(default_factory=list, examples=[["cuba"]])
    """For a ``members`` forum: actors who are not members but see it."""


class Cost(Model):
    """A price paid from a meter when a card is played; the card is playable only if it can be paid."""

    meter: Id = Field(examples=["capital"])
    """Meter paid from (for a per-actor meter, the player's own track)."""
    amount: int = Field(gt=0, examples=[2])
    """How much is paid."""


class Answers(Model):
    """The response protocol of a card that goes on the table: what each answer does."""

    accept: list[Effect] = Field(
        default_factory=list,
        examples=[[{"shift": "leverage", "by": 2}, {"shift": "cohesion", "by": -2}, {"lower": "open_door"}]],
    )
    """Effects when accepted (``self`` is the proposer, ``target`` the addressee)."""
    reject: list[Effect] = Field(default_factory=list, examples=[[{"shift": "pretext", "by": 1}, {"raise": "refused"}]])
    """Effects when rejected (in a consensus forum, one rejection blocks)."""
    counter: list[Effect] = Field(
        default_factory=list,
        examples=[[{"shift": "escalation", "by": -1}, {"say": "Washington answers with an offer of its own."}]],
    )
    """Effects when answered with a counter-offer, before the counter card's own effects."""
    silence: list[Effect] = Field(
        default_factory=list, examples=[[{"if": "troops >= 120", "then": [{"shift": "escalation", "by": 1}]}]]
    )
    """Effects when nobody answers (everyone stays silent); not for a card that ``stays``."""
    expire: list[Effect] = Field(default_factory=list, examples=[[{"shift": "escalation", "by": 2}]])
    """For a card with ``expires_after``: effects when it expires unanswered (an ultimatum's deadline)."""


class Card(Provenance):
    """A card: a demand, offer, response, action or event."""

    id: Id = Field(examples=["ru_treaty"])
    """Identifier used in rules and scripts."""
    name: Name = Field(examples=["Treaty on security guarantees"])
    """Title shown to players."""
    kind: Literal["demand", "offer", "response", "action", "event"] = Field(examples=["demand"])
    """``demand`` and ``offer`` go on the table and need ``answers``; ``response`` cards answer others (``counters``) or are played; ``action`` acts at once; ``event`` is drawn in draw phases."""
    owner: Id | None = Field(default=None, examples=["russia"])
    """The actor who holds it (events have none)."""
    owners: list[Id] = Field(default_factory=list, examples=[["usa", "nato"]])
    """Several actors who each hold it (instead of ``owner``)."""
    text: Text = Field(
        default="",
        examples=[
            "Russia's draft treaty with the U.S.: legally binding guarantees that NATO will not enlarge eastward."
        ],
    )
    """Card text: what it represents."""
    requires: Expr | None = Field(default=None, examples=["troops >= 150"])
    """Precondition: playable only when true (``self`` is the player)."""
    limit: int | None = Field(default=None, ge=1, examples=[1])
    """Plays allowed per game; unlimited if omitted."""
    per_round: int | None = Field(default=None, ge=1, examples=[1])
    """Plays allowed per round; unlimited if omitted."""
    locked: bool = Field(default=False, examples=[True])
    """Starts unplayable until an ``unlock`` effect."""
    cost: list[Cost] = Field(default_factory=list, examples=[[{"meter": "capital", "amount": 2}]])
    """Prices paid when played."""
    forums: list[Id] = Field(default_factory=list, examples=[["us_ru", "nrc", "osce"]])
    """Forums the player may choose to table or play it in."""
    targets: list[Id] = Field(default_factory=list, examples=[["usa", "nato"]])
    """Actors the player may address it to (needed when tabled with no forum or in a unilateral one)."""
    counters: list[Id] = Field(default_factory=list, examples=[["ru_treaty", "ru_bucharest"]])
    """Cards on the table this card can answer as a counter-offer."""
    weight: Annotated[int, Field(ge=1)] | Expr = Field(default=1, examples=[2])
    """For events: relative odds of being drawn; or an integer expression read at each draw
    (``"escalation - 3"``), counted as 0 (and logged) when below 0; one never above 0 is an error."""
    stays: bool = Field(default=False, examples=[True])
    """A card that goes on the table stays there when everyone is silent, to be answered at the next
    answer phase, until it is answered, or withdrawn by its proposer (a ``withdraw`` effect)."""
    expires_after: int | None = Field(default=None, ge=1, le=200, examples=[2])
    """Makes it stay (as ``stays``) with a deadline: if everyone is still silent at an answer phase
    this many rounds after the round it was tabled in (that round counting as the first), it
    expires and its ``expire`` answers run (an expiry counts for ``silenced(card)``)."""
    secret: bool = Field(default=False, examples=[True])
    """Its play, its place on the table, the answers and the decision, and the cause of what it
    changes, are seen only by its player, its addressee, whoever must answer it and ``visible_to``;
    others see public meters move, not why."""
    visible_to: list[Id] = Field(default_factory=list, examples=[["ussr"]])
    """For a ``secret`` card: other actors who see it played."""
    phases: list[Id] = Field(default_factory=list, examples=[["moves"]])
    """Phases in which it may be played (empty: any phase of the right kind); shown as
    ``in_phase(...)`` among its requirements."""
    effects: list[Effect] = Field(
        default_factory=list,
        examples=[[{"shift": "pretext", "by": 1}, {"if": "troops >= 120", "then": [{"shift": "escalation", "by": 1}]}]],
    )
    """Effects when played (``self`` is the player, ``target`` the addressee)."""
    answers: Answers | None = Field(
        default=None,
        examples=[
            {
                "accept": [{"shift": "leverage", "by": 3}, {"shift": "cohesion", "by": -1}],
                "reject": [{"shift": "pretext", "by": 1}, {"raise": "refused"}],
            }
        ],
    )
    """Its response protocol: present if the card goes on the table to be answered."""


class Round(Model):
    """One round of the calendar."""

    label: Name = Field(examples=["15–21 Dec 2021"])
    """Calendar label shown to players."""
    text: Text = Field(
        default="", examples=["10 Jan: U.S.–Russia talks in Geneva; 12 Jan: NATO-Russia Council; 13 Jan: OSCE."]
    )
    """What happened then in the real world, for briefing."""


class Phase(Model):
    """One step of every round."""

    id: Id = Field(examples=["moves"])
    """Identifier."""
    name: Name = Field(examples=["Moves"])
    """Name shown to players."""
    kind: Literal["play", "answer", "draw"] = Field(examples=["play"])
    """``play``: the listed actors take turns playing a card or passing. ``answer``: everything on the table is answered. ``draw``: event cards are drawn at random."""
    actors: list[Id] = Field(default_factory=list, examples=[["russia", "usa", "poland", "germany", "nato"]])
    """For play phases: who plays, in order."""
    plays: int = Field(default=1, ge=1, le=20, examples=[1])
    """For play phases: how many cards each actor may play before the next actor (passing ends its turn)."""
    draws: int = Field(default=1, ge=1, le=20, examples=[1])
    """For draw phases: how many event cards are drawn."""
    sealed: bool = Field(default=False, examples=[True])
    """Sealed moves. In a ``play`` phase the listed actors each choose one card or pass without
    seeing each other's choices; the choices are revealed and take effect together, in the listed
    order, once all have chosen (a choice no longer playable then is void). In an ``answer`` phase
    each answer is hidden from the others until the item is decided (a secret ballot)."""
    text: Text = Field(default="", examples=["Russia plays up to two cards."])
    """What happens, for help."""


class Turn(Model):
    """The turn structure: the calendar of rounds and the phases of each round."""

    rounds: list[Round] = Field(
        min_length=1,
        max_length=200,
        examples=[[{"label": "13–19 Dec 2021"}, {"label": "20 Dec 2021 – 2 Jan 2022"}, {"label": "3–9 Jan 2022"}]],
    )
    """Rounds in order."""
    phases: list[Phase] = Field(
        min_length=1,
        max_length=20,
        examples=[
            [
                {"id": "news", "name": "News", "kind": "draw"},
                {"id": "moscow", "name": "Moscow moves", "kind": "play", "actors": ["russia"], "plays": 2},
                {"id": "talks", "name": "Talks", "kind": "answer"},
            ]
        ],
    )
    """Phases of every round, in order."""
    max_actions: int = Field(default=10_000, ge=1, le=1_000_000, examples=[10_000])
    """Actions after which a game that has not ended is cut short: it ends with the final ending and
    its outcome says it was cut short. A bound on games that could otherwise run forever; dec2021
    needs about 120."""


class Trigger(Provenance):
    """A rule that fires effects when its condition holds."""

    id: Id = Field(examples=["invasion_force"])
    """Identifier."""
    name: Name = Field(examples=["Invasion force assembled"])
    """Name shown in the log."""
    text: Text = Field(
        default="",
        examples=[
            "At 150k troops the crisis climbs a rung (significant mobilization), unless it is already past rung 9."
        ],
    )
    """What the rule means."""
    when: Expr = Field(examples=["troops >= 150"])
    """Condition."""
    at: Literal["action", "round_start", "round_end"] = Field(default="action", examples=["round_end"])
    """When it is checked: after every action, or at the start or end of each round."""
    repeat: bool = Field(default=False, examples=[True])
    """Fire again each time (``action``: each time the condition becomes true; round triggers: every round it holds). Once per game if false."""
    effects: list[Effect] = Field(
        default_factory=list, examples=[[{"if": "escalation <= 9", "then": [{"shift": "escalation", "by": 1}]}]]
    )
    """What it does."""


class Ending(Provenance):
    """A way the game ends."""

    id: Id = Field(examples=["war"])
    """Identifier (used by ``end`` effects and ``ended(...)``)."""
    name: Name = Field(examples=["War"])
    """Name shown to players."""
    text: Text = Field(default="", examples=["Russia attacks Ukraine, citing the West's refusal to talk on its terms."])
    """What it means, for the debrief."""
    when: Expr | None = Field(default=None, examples=["escalation >= 12"])
    """Instant ending: the game ends as soon as this holds."""
    final: bool = Field(default=False, examples=[True])
    """The ending reached when the last round is over (exactly one ending has it). For an ending then
    that depends on the state, a trigger ``at: round_end`` with ``when: "round == rounds and ..."``
    ends the game first with another ending: round-end triggers run before the final ending."""


class RecordEvent(Provenance):
    """A dated real event, for the debrief's comparison of a game with what happened."""

    date: Name = Field(examples=["24 Feb 2022"])
    """When it happened, as players read it."""
    text: Text = Field(examples=["Russia invades Ukraine."])
    """What happened."""
    round: int | None = Field(default=None, ge=1, examples=[10])
    """The round (1-based) whose week it falls in, if any."""
    ending: Id | None = Field(default=None, examples=["war"])
    """The ending this event is the real counterpart of, if any: the debrief says whether the game reached it."""
    meters: dict[Id, int] | None = Field(default=None, examples=[{"troops": 190}])
    """Real values of meters at that date, in the meters' units, compared with the game's in that round."""


class Scenario(Model):
    """A negsim scenario file."""

    negsim: Literal[1] = Field(examples=[1])
    """Format version of this file."""
    id: Id = Field(examples=["dec2021"])
    """Identifier of the scenario."""
    title: Name = Field(examples=["Security guarantees, December 2021"])
    """Title shown to players."""
    summary: Text = Field(
        default="",
        examples=[
            'Moscow has massed troops on Ukraine\'s border and demands legally binding "security guarantees" from the United States and NATO. Every answer has a price.'
        ],
    )
    """One paragraph for the new-game screen."""
    source: Source | None = Field(
        default=None,
        examples=[
            {
                "title": "Russia Demands Security Guarantees from the U.S. and NATO (PISM Spotlight 214)",
                "date": "15 December 2021",
                "sentences": "sources/pism-spotlight-214.md",
            }
        ],
    )
    """The analysis the scenario encodes, if any."""
    actors: list[Actor] = Field(
        min_length=1,
        max_length=32,
        examples=[
            [
                {"id": "russia", "name": "Russia", "short": "RU", "victory": {"score": "leverage", "win_at": 10}},
                {"id": "ukraine", "name": "Ukraine", "short": "UA", "seat": False},
            ]
        ],
    )
    """The actors, seats and affected parties."""
    meters: list[Meter] = Field(
        default_factory=list,
        max_length=64,
        examples=[[{"id": "escalation", "name": "Escalation", "min": 0, "max": 12, "start": 5, "higher_is": "bad"}]],
    )
    """The meters."""
    flags: list[Flag] = Field(
        default_factory=list, max_length=256, examples=[[{"id": "open_door", "name": "Open door", "start": True}]]
    )
    """The flags."""
    forums: list[Forum] = Field(
        default_factory=list,
        max_length=32,
        examples=[
            [
                {
                    "id": "nac",
                    "name": "North Atlantic Council",
                    "rule": "consensus",
                    "members": ["usa", "poland", "germany"],
                }
            ]
        ],
    )
    """The forums."""
    cards: list[Card] = Field(
        default_factory=list,
        max_length=500,
        examples=[
            [
                {
                    "id": "ru_troops",
                    "name": "Concentrate forces near Ukraine",
                    "kind": "action",
                    "owner": "russia",
                    "per_round": 1,
                    "effects": [{"shift": "troops", "by": 10}],
                }
            ]
        ],
    )
    """The cards."""
    turn: Turn = Field(
        examples=[
            {
                "rounds": [{"label": "13–19 Dec 2021"}, {"label": "20 Dec 2021 – 2 Jan 2022"}],
                "phases": [
                    {"id": "moscow", "name": "Moscow moves", "kind": "play", "actors": ["russia"], "plays": 2},
                    {"id": "talks", "name": "Talks", "kind": "answer"},
                ],
            }
        ]
    )
    """Rounds and phases."""
    triggers: list[Trigger] = Field(
        default_factory=list,
        max_length=500,
        examples=[
            [
                {
                    "id": "pretext_established",
                    "name": "Pretext established",
                    "when": "pretext >= 6",
                    "effects": [{"unlock": "ru_preemptive"}],
                }
            ]
        ],
    )
    """The triggers."""
    lines: list[Line] = Field(
        default_factory=list,
        max_length=64,
        examples=[
            [
                {
                    "id": "refuse",
                    "name": "Refuse everything",
                    "answers": [{"proposers": ["russia"], "prefer": ["reject"]}],
                }
            ]
        ],
    )
    """Named lines of play, selectable wherever a bot can sit as ``line:ID``."""
    endings: list[Ending] = Field(
        min_length=1,
        max_length=32,
        examples=[
            [
                {"id": "war", "name": "War", "when": "escalation >= 12"},
                {"id": "no_war", "name": "No war by the end of February", "final": True},
            ]
        ],
    )
    """The endings."""
    record: list[RecordEvent] = Field(
        default_factory=list,
        max_length=200,
        examples=[
            [
                {
                    "date": "24 Feb 2022",
                    "round": 10,
                    "text": "Russia invades Ukraine.",
                    "ending": "war",
                    "reference": ["24 Feb 2022: the invasion (https://example.org/invasion)"],
                }
            ]
        ],
    )
    """What really happened: dated events with their sources, which the debrief and the after-action report set beside the game."""
    define: dict[Id, Expr] = Field(
        default_factory=dict,
        max_length=200,
        examples=[{"crisis": "escalation >= 8 and not talks_open", "accident_odds": "5 * escalation - 20"}],
    )
    """Named expressions: each name may be used in any expression of the scenario (and in other
    defines) as if its text were written there in parentheses; it may use ``self``, ``target`` or
    ``proposer`` only where those have a meaning."""
    not_claimed: list[Text] = Field(
        default_factory=list,
        max_length=50,
        examples=[["It predicts branches, not outcomes: the historical line is one path through it."]],
    )
    """What the model does not claim, one point each: shown in the debrief and the after-action report."""
