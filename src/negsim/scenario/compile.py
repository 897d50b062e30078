"""Stage 2 of loading: resolve every cross-reference, compile expressions and effects, and
build the engine's ``Rules``. Every problem is reported with its location.

After schema errors this stage still checks the parts that validated; it then says nothing
that could only follow from a part left out (a reference to an element that failed the
schema, a check of a whole list some elements of which are missing) and builds no rules.
When an element left out has no valid id, any unknown reference to its kind may name it:
those references are counted and the count is said once, as a warning at its id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from negsim.core.actions import UMPIRE
from negsim.core.effects import Chance, Effect, EndGame, If, Say, SetFlag, SetLock, SetMeter, Shift, Withdraw
from negsim.core.rules import (
    RESPONSES,
    ActorSpec,
    At,
    Band,
    BotRule,
    CardKind,
    CardSpec,
    Condition,
    EndingSpec,
    FlagSpec,
    ForumSpec,
    LineAnswerSpec,
    LineSpec,
    MeterSpec,
    Objective,
    PhaseKind,
    PhaseSpec,
    Provenance,
    ResponseProtocol,
    Rule,
    Rules,
    Threshold,
    TriggerSpec,
    VoteWeightSpec,
)
from negsim.errors import Issue
from negsim.scenario import schema as S
from negsim.scenario import schema_effects as E
from negsim.scenario.bounds import bounds_of
from negsim.scenario.expr import ExprError, Kind, Names, compile_expr, meter_ref, names_in
from negsim.scenario.exprparse import ParseError, parse
from negsim.scenario.hints import did_you_mean
from negsim.scenario.schema_base import Provenance as Prov
from negsim.scenario.yamlread import Document, Path_, format_path

_CTX_INDEX = {"self": 0, "target": 1, "proposer": 2}
_ALL_CTX = frozenset(_CTX_INDEX)
_SELF = frozenset({"self"})
_NONE: frozenset[str] = frozenset()
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(slots=True)
class Facts:
    """What the compiled scenario reads and writes, for lint."""

    written_meters: set[str] = field(default_factory=set)
    """Meters some effect changes."""
    set_flags: set[str] = field(default_factory=set)
    """Flags some effect raises or lowers."""
    unlocked: set[str] = field(default_factory=set)
    """Cards some effect unlocks."""
    ended: set[str] = field(default_factory=set)
    """Endings some effect reaches."""
    reads: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) read by expressions."""
    playable: dict[str, int] = field(default_factory=dict)
    """Card id to the number of ways its owners can play it."""


class _Compiler:
    def __init__(
        self,
        model: S.Scenario,
        doc: Document,
        dropped: Mapping[Path_, frozenset[str] | None],
        unnamed: Mapping[Path_, tuple[int, ...]],
    ) -> None:
        self.m = model
        self.doc = doc
        self.issues: list[Issue] = []
        self.facts = Facts()
        self.dropped = dropped
        self.unnamed = unnamed
        # References not checked because the elements left out of their list include some without a valid id.
        self.unchecked: dict[str, int] = {}
        # Names an expression may use that belong to elements left out (None: any name may).
        groups = [dropped[(g,)] for g in ("actors", "meters", "flags", "cards", "endings") if (g,) in dropped]
        self.left_out_names: frozenset[str] | None = (
            None if None in groups else frozenset().union(*(g for g in groups if g is not None))
        )

    def incomplete(self, *path: str) -> bool:
        """Whether the list at ``path`` had elements left out (or is not as written)."""
        return path in self.dropped

    def left_out(self, what: str, ident: str) -> bool:
        """Whether ``ident`` may name a ``what`` that was left out, so an unknown reference is no news.

        If some ``what`` left out has no valid id, any unknown ``ident`` may name it: it is counted
        in ``unchecked`` (said once, in ``say_unchecked``) rather than reported.
        """
        group = (f"{what}s",)
        if group not in self.dropped:
            return False
        ids = self.dropped[group]
        if ids is None or ident in ids:
            return True
        if group in self.unnamed:
            self.unchecked[what] = self.unchecked.get(what, 0) + 1
            return True
        return False

    def say_unchecked(self) -> None:
        """One warning for each kind of element whose unknown references were not reported (see ``left_out``)."""
        for what, n in self.unchecked.items():
            group = f"{what}s"
            where = self.unnamed[(group,)]
            if len(where) == 1:
                until = f"this {what} has a valid id"
            else:
                until = f"{' and '.join(format_path((group, i)) for i in where)} have valid ids"
            refs = f"{n} reference{'s' if n > 1 else ''} to {group}"
            # Told after the first one's problem with its id. ``where`` is in the file's numbering
            # already: located without ``Document.original``.
            path = (group, where[0], "id")
            mark = self.doc.locate(path)
            self.issues.append(
                Issue(
                    file=self.doc.file,
                    line=mark.line,
                    column=mark.column,
                    path=format_path(path),
                    message=f"{refs} not checked until {until}",
                    severity="warning",
                )
            )

    # ------------------------------------------------------------ reporting

    def error(self, path: Path_, message: str, *, key: bool = False, offset: int | None = None) -> None:
        self.issues.append(self.doc.issue(path, message, key=key, offset=offset))

    def index(self, items: Sequence[S.Identified], path: str, what: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for i, it in enumerate(items):
            ident = it.id
            if ident in out:
                first = format_path(self.doc.original((*path.split("."), out[ident])))
                self.error((path, i, "id"), f"duplicate {what} id {ident!r} (first is {first})")
            else:
                out[ident] = i
        return out

    def ref(self, table: dict[str, int], ident: str, path: Path_, what: str) -> int:
        if ident in table:
            return table[ident]
        if self.dropped and self.left_out(what, ident):
            return -1
        self.error(path, f"unknown {what} {ident!r}{did_you_mean(ident, table)}")
        return -1

    def expr(self, text: str, path: Path_, want: Kind, ctx: frozenset[str]) -> Condition | None:
        try:
            return compile_expr(text, self.names, want, ctx)
        except ExprError as e:
            if self.broken_defines and not self.broken_defines.isdisjoint(_WORD.findall(text)):
                return None  # it uses a define whose own error is reported where it is defined
            if self.dropped:
                if any(self.left_out(k, e.unknown) for k in e.kinds):
                    return None  # it names an element left out
                unsure = self.left_out_names
                if unsure is None or not unsure.isdisjoint(_WORD.findall(text)):
                    return None  # it names an element left out, which could change what it means
            self.error(path, e.message, offset=e.offset)
            return None

    # -------------------------------------------------------------- numbers

    def defines(self) -> None:
        """Parse and check the named expressions; those with errors are left out (and their uses unchecked)."""
        taken = {**self.meter_ix, **self.flag_ix, **self.actor_ix, **self.card_ix, **self.ending_ix}
        reserved = {"round", "rounds", "true", "false", *_CTX_INDEX}
        trees = {}
        for name, text in self.m.define.items():
            p: Path_ = ("define", name)
            if name in taken or name in reserved:
                self.error(p, f"{name!r} already names something in expressions; pick another name", key=True)
                self.broken_defines.add(name)
                continue
            try:
                trees[name] = parse(text)
            except ParseError as e:
                self.error(p, e.message, offset=e.offset)
                self.broken_defines.add(name)
        self.names.defines = trees
        for name, text in self.m.define.items():
            if name not in trees:
                continue
            try:
                compile_expr(text, self.names, None, _ALL_CTX, within=name)
            except ExprError as e:
                self.error(("define", name), e.message, offset=e.offset)
                self.broken_defines.add(name)
        for name in self.broken_defines:
            trees.pop(name, None)

    def percent(self, text: str, path: Path_, ctx: frozenset[str]) -> Condition | None:
        """A chance's percentage expression (``"5 * escalation %"``); one never strictly between 0 and 100 is an error."""
        body = text.rstrip()[:-1]
        cond = self.readable(body, path, ctx)
        if cond is None:
            return None
        lo, hi = bounds_of(body, self.names)
        if hi <= 0 or lo >= 100:
            certain = "never happens" if hi <= 0 else "always happens"
            self.error(path, f"{cond.text!r} % ranges over {_span(lo, hi)}%: the chance {certain}")
            return None
        return cond

    def weight(self, value: int | str, path: Path_) -> int | Condition | None:
        """An event card's weight; an expression never above 0 is an error (the card could never be drawn)."""
        w = self.number(value, path, _NONE)
        if isinstance(w, Condition) and isinstance(value, str) and bounds_of(value, self.names)[1] <= 0:
            self.error(path, f"{w.text!r} is never above 0: the card could never be drawn")
            return None
        return w

    def readable(self, text: str, path: Path_, ctx: frozenset[str]) -> Condition | None:
        """An integer expression whose value every seat may read: the log shows it (in a meter's change,
        a chance's odds), so it may not read a private meter or flag.
        """
        cond = self.expr(text, path, "int", ctx)
        if cond is None:
            return None
        private = {m.id for m in self.meter_specs if m.visible_to is not None}
        private |= {f.id for f in self.m.flags if f.visible_to is not None}
        hidden = sorted(names_in(parse(text), self.names) & private)
        if hidden:
            what = ", ".join(hidden)
            self.error(path, f"reads {what}, which not every seat may see; its value would show in the log")
            return None
        return cond

    def number(
        self, value: int | str, path: Path_, ctx: frozenset[str], within: tuple[int, int] | None = None
    ) -> int | Condition | None:
        """A number or integer expression; an expression that can never give a value in ``within`` is an error."""
        if isinstance(value, int):
            return value
        cond = self.readable(value, path, ctx)
        if cond is None or within is None:
            return cond
        lo, hi = bounds_of(value, self.names)
        if hi < within[0] or lo > within[1]:
            self.error(
                path,
                f"{value.strip()!r} ranges over {_span(lo, hi)}, never within {within[0]}..{within[1]}",
            )
            return None
        return cond

    # -------------------------------------------------------------- compile

    def run(self, digest: str) -> Rules | None:
        m = self.m
        self.actor_ix = self.index(m.actors, "actors", "actor")
        self.meter_ix = self.index(m.meters, "meters", "meter")
        self.flag_ix = self.index(m.flags, "flags", "flag")
        self.card_ix = self.index(m.cards, "cards", "card")
        self.forum_ix = self.index(m.forums, "forums", "forum")
        self.ending_ix = self.index(m.endings, "endings", "ending")
        self.index(m.triggers, "triggers", "trigger")
        self.phase_ix = self.index(m.turn.phases, "turn.phases", "phase")
        self.seats = {a.id for a in m.actors if a.seat}
        for i, f in enumerate(m.flags):
            if f.id in self.meter_ix:
                self.error(
                    ("flags", i, "id"), f"{f.id!r} is both a meter and a flag; expressions could not tell them apart"
                )
        for i, a in enumerate(m.actors):
            if a.id in self.meter_ix or a.id in self.flag_ix:
                self.error(("actors", i, "id"), f"{a.id!r} is also a meter or flag id; pick distinct ids")
            if a.id in _CTX_INDEX:
                self.error(("actors", i, "id"), f"{a.id!r} is reserved in expressions; pick another id")
            if a.id == UMPIRE:
                self.error(("actors", i, "id"), f"{a.id!r} is the facilitator's seat (R12); pick another id")
        meters = self.meters()
        # Global flags keep their index as their bit; each per-actor flag takes one bit per actor after them.
        self.actor_flag_bits: dict[str, int] = {}
        for f in m.flags:
            if f.per_actor and f.id in self.flag_ix:
                self.actor_flag_bits[f.id] = len(m.flags) + len(self.actor_flag_bits) * len(m.actors)
        self.names = Names(
            meters={mm.id: meter_ref(mm) for mm in meters},
            flags={f: k for f, k in self.flag_ix.items() if f not in self.actor_flag_bits},
            actor_flags=self.actor_flag_bits,
            actors=self.actor_ix,
            cards=self.card_ix,
            endings=self.ending_ix,
            rounds=len(m.turn.rounds),
            forums={
                f.id: frozenset(self.actor_ix[a] for a in f.members if a in self.actor_ix)
                for f in m.forums
                if f.id in self.forum_ix
            },
            phases=self.phase_ix,
        )
        self.meter_specs = meters
        self.broken_defines: set[str] = set()
        self.defines()
        flags = self.flags()
        actors = self.actors()
        forums = self.forums()
        cards = self.cards()
        phases = self.phases()
        triggers = self.triggers()
        endings = self.endings()
        lines = self.lines()
        self.record()
        self.facts.reads = self.names.reads
        self.say_unchecked()
        if self.issues or self.dropped:
            return None
        slots = sum(len(m.actors) if mm.per_actor else 1 for mm in meters)
        rules = Rules(
            id=m.id,
            title=m.title,
            digest=digest,
            actors=actors,
            meters=meters,
            flags=flags,
            cards=cards,
            forums=forums,
            phases=phases,
            rounds=tuple(r.label for r in m.turn.rounds),
            triggers=triggers,
            endings=endings,
            lines=lines,
            summary=m.summary,
            source_title=m.source.title if m.source else "",
            source_url=(m.source.url or "") if m.source else "",
            slots=slots,
            max_actions=m.turn.max_actions,
            defines=dict(m.define),
            answered=frozenset(self.card_ix[c] for kind, c in self.names.reads if kind == "answer"),
            actor_index=dict(self.actor_ix),
            card_index=dict(self.card_ix),
            forum_index=dict(self.forum_ix),
            meter_index=dict(self.meter_ix),
            flag_index=dict(self.flag_ix),
        )
        for per_actor in rules.tables.plays:
            for card, options in per_actor:
                self.facts.playable[card.id] = self.facts.playable.get(card.id, 0) + len(options)
        return rules

    def lines(self) -> tuple[LineSpec, ...]:
        """The named lines of play, their cards, actors and conditions resolved."""
        out: list[LineSpec] = []
        self.index(self.m.lines, "lines", "line")
        names = [r.value for r in RESPONSES]
        for i, ln in enumerate(self.m.lines):
            p: Path_ = ("lines", i)
            answers = []
            for j, a in enumerate(ln.answers):
                ap = (*p, "answers", j)
                who = frozenset(
                    self.ref(self.actor_ix, x, (*ap, "proposers", k), "actor") for k, x in enumerate(a.proposers)
                )
                cards = frozenset(self.ref(self.card_ix, c, (*ap, "cards", k), "card") for k, c in enumerate(a.cards))
                prefer = tuple(names.index(r) for r in a.prefer)
                counters = tuple(
                    self.ref(self.card_ix, c, (*ap, "counters", k), "card") for k, c in enumerate(a.counters)
                )
                answers.append(LineAnswerSpec(proposers=who, cards=cards, prefer=prefer, counters=counters))
            plays: list[tuple[int, Condition | None]] = []
            for j, item in enumerate(ln.plays):
                entry = item if isinstance(item, S.LinePlay) else S.LinePlay(card=item)
                path = (*p, "plays", j) if isinstance(item, str) else (*p, "plays", j, "card")
                card = self.ref(self.card_ix, entry.card, path, "card")
                cond = (
                    self.expr(entry.when, (*p, "plays", j, "when"), "bool", _SELF) if entry.when is not None else None
                )
                plays.append((card, cond))
            out.append(
                LineSpec(
                    index=i,
                    id=ln.id,
                    name=ln.name,
                    text=ln.text,
                    answers=tuple(answers),
                    plays=tuple(plays),
                    provenance=self.provenance(ln),
                )
            )
        return tuple(out)

    def bot_rule(self, nv: S.Never, p: Path_) -> BotRule | None:
        """A declared constraint, its cards, forums and condition resolved."""
        cards = frozenset(self.ref(self.card_ix, c, (*p, "cards", j), "card") for j, c in enumerate(nv.cards))
        forums = frozenset(self.ref(self.forum_ix, f, (*p, "forums", j), "forum") for j, f in enumerate(nv.forums))
        when = self.expr(nv.when, (*p, "when"), "bool", _ALL_CTX) if nv.when is not None else None
        if -1 in cards or -1 in forums or (nv.when is not None and when is None):
            return None
        response = -1 if nv.never == "play" else [r.value for r in RESPONSES].index(nv.never)
        return BotRule(
            never=nv.never,
            response=response,
            cards=cards,
            forums=forums,
            when=when,
            text=nv.text,
            provenance=self.provenance(nv),
        )

    def provenance(self, item: Prov) -> Provenance:
        return Provenance(quote=dict(item.quote or {}), reference=tuple(item.reference or ()))

    def actor_list(self, ids: Sequence[str], path: Path_, *, seats: bool = False) -> tuple[int, ...]:
        out = []
        for i, a in enumerate(ids):
            k = self.ref(self.actor_ix, a, (*path, i), "actor")
            if k >= 0:
                if seats and a not in self.seats:
                    self.error((*path, i), f"{a!r} is not a seat (seat: false), so it can never decide")
                out.append(k)
        return tuple(out)

    def meters(self) -> tuple[MeterSpec, ...]:
        out = []
        slot = 0
        n = len(self.m.actors)
        for i, mm in enumerate(self.m.meters):
            p: Path_ = ("meters", i)
            if mm.min >= mm.max:
                self.error((*p, "max"), f"max ({mm.max}) must be greater than min ({mm.min})")
            # With min above max there is no range to check start, bands and thresholds against.
            ranged = mm.min <= mm.max
            owners, starts = self.tracks(mm, p, ranged)
            bands = []
            prev_to = None
            for j, b in enumerate(mm.bands):
                bp = (*p, "bands", j)
                if b.from_ > b.to:
                    self.error((*bp, "to"), f"band {b.name!r}: 'to' ({b.to}) is below 'from' ({b.from_})")
                if ranged and (b.from_ < mm.min or b.to > mm.max):
                    self.error(
                        bp, f"band {b.name!r} ({b.from_}..{b.to}) is outside the meter's range {mm.min}..{mm.max}"
                    )
                if prev_to is not None and b.from_ <= prev_to:
                    self.error(
                        (*bp, "from"), f"band {b.name!r} overlaps the band before it (bands go in increasing order)"
                    )
                prev_to = b.to
                bands.append(Band(low=b.from_, high=b.to, name=b.name, text=b.text))
            thresholds = []
            for j, t in enumerate(mm.thresholds):
                if ranged and not mm.min <= t.at <= mm.max:
                    self.error(
                        (*p, "thresholds", j, "at"), f"threshold {t.name!r} at {t.at} is outside {mm.min}..{mm.max}"
                    )
                thresholds.append(Threshold(at=t.at, name=t.name, text=t.text))
            visible_to = self.actor_list(mm.visible_to, (*p, "visible_to"))
            if mm.visibility == "private" and not mm.per_actor and not mm.visible_to:
                self.error((*p, "visible_to"), "a private global meter needs visible_to (who sees it)")
            if mm.visibility == "public" and mm.visible_to:
                self.error((*p, "visible_to"), "visible_to is for private meters; add visibility: private")
            out.append(
                MeterSpec(
                    index=i,
                    id=mm.id,
                    name=mm.name,
                    short=mm.short or mm.id.replace("_", " ").capitalize(),
                    low=mm.min,
                    high=mm.max,
                    start=mm.start if isinstance(mm.start, int) else mm.min,
                    slot=slot,
                    per_actor=mm.per_actor,
                    owners=owners,
                    starts=starts,
                    visible_to=visible_to if mm.visibility == "private" else None,
                    owner_sees=mm.per_actor and mm.visibility == "private",
                    text=mm.text,
                    bands=tuple(bands),
                    thresholds=tuple(thresholds),
                    higher_is=mm.higher_is,
                    provenance=self.provenance(mm),
                )
            )
            slot += n if mm.per_actor else 1
        return tuple(out)

    def tracks(self, mm: S.Meter, p: Path_, ranged: bool) -> tuple[tuple[int, ...] | None, tuple[int, ...]]:
        """A meter's owners (``actors``, for a per-actor meter kept for some) and per-actor start values."""
        owners = None
        if mm.actors is not None:
            if not mm.per_actor:
                self.error((*p, "actors"), "actors lists who has a track of a per-actor meter: add per_actor: true")
            owners = self.actor_list(mm.actors, (*p, "actors"))
        if isinstance(mm.start, int):
            if ranged and not mm.min <= mm.start <= mm.max:
                self.error((*p, "start"), f"start ({mm.start}) must be within {mm.min}..{mm.max}")
            return owners, ()
        if not mm.per_actor:
            self.error((*p, "start"), "a global meter has one start value; per-actor values need per_actor: true")
            return owners, ()
        kept = owners if owners is not None else tuple(range(len(self.m.actors)))
        starts = self.actor_values(
            mm.start, (*p, "start"), kept, mm.min, f"has no track of {mm.id} (see actors)", ("start value", "track")
        )
        for who, value in mm.start.items():
            if ranged and who in self.actor_ix and self.actor_ix[who] in kept and not mm.min <= value <= mm.max:
                self.error((*p, "start", who), f"start ({value}) must be within {mm.min}..{mm.max}")
        return owners, tuple(starts)

    def actor_values(
        self,
        values: Mapping[str, int],
        p: Path_,
        allowed: Sequence[int],
        default: int,
        outside: str,
        each: tuple[str, str],
    ) -> list[int]:
        """Per actor index, the value a mapping of actor ids gives it (``default`` for the others).

        Naming an actor not ``allowed`` is an error (``outside`` says why), and so is leaving one of
        them out (``each``: what is missing, and for whom: ``("weight", "member")``).
        """
        out = [default] * len(self.m.actors)
        for who, value in values.items():
            a = self.ref(self.actor_ix, who, (*p, who), "actor")
            if a < 0:
                continue
            if a not in allowed:
                self.error((*p, who), f"{who!r} {outside}", key=True)
            out[a] = value
        missing = [self.m.actors[a].id for a in allowed if self.m.actors[a].id not in values]
        if missing:
            self.error(p, f"no {each[0]} for {', '.join(missing)}: give every {each[1]} one")
        return out

    def flags(self) -> tuple[FlagSpec, ...]:
        return tuple(
            FlagSpec(
                index=i,
                id=f.id,
                name=f.name,
                start=f.start,
                visible_to=self.actor_list(f.visible_to, ("flags", i, "visible_to"))
                if f.visible_to is not None
                else None,
                text=f.text,
                provenance=self.provenance(f),
                per_actor=f.per_actor,
                bit=self.actor_flag_bits.get(f.id, -1),
            )
            for i, f in enumerate(self.m.flags)
        )

    def actors(self) -> tuple[ActorSpec, ...]:
        out = []
        for i, a in enumerate(self.m.actors):
            p: Path_ = ("actors", i)
            score = None
            objectives: list[Objective] = []
            win_at = None
            if a.victory is not None:
                v = a.victory
                win_at = v.win_at
                if v.score is not None:
                    score = self.expr(v.score, (*p, "victory", "score"), "int", _SELF)
                seen: set[str] = set()
                for j, o in enumerate(v.objectives):
                    op = (*p, "victory", "objectives", j)
                    if o.id in seen:
                        self.error((*op, "id"), f"duplicate objective id {o.id!r}")
                    seen.add(o.id)
                    cond = self.expr(o.when, (*op, "when"), "bool", _SELF)
                    if cond is not None:
                        objectives.append(
                            Objective(
                                id=o.id,
                                text=o.text,
                                when=cond,
                                points=o.points,
                                public=o.public,
                                provenance=self.provenance(o),
                            )
                        )
            weights: dict[int, int] = {}
            flag_weights: dict[int, int] = {}
            bot_rules: list[BotRule] = []
            if a.bot is not None:
                for mid, w in a.bot.weights.items():
                    if mid in self.flag_ix:
                        # For a per-actor flag, the bot weighs its own.
                        base = self.actor_flag_bits.get(mid)
                        flag_weights[self.flag_ix[mid] if base is None else base + i] = w
                        continue
                    k = self.ref(self.meter_ix, mid, (*p, "bot", "weights", mid), "meter")
                    if k >= 0:
                        spec = self.meter_specs[k]
                        weights[spec.slot + (i if spec.per_actor else 0)] = w
                for j, nv in enumerate(a.bot.never):
                    rule = self.bot_rule(nv, (*p, "bot", "never", j))
                    if rule is not None:
                        bot_rules.append(rule)
            out.append(
                ActorSpec(
                    index=i,
                    id=a.id,
                    name=a.name,
                    short=a.short,
                    seat=a.seat,
                    text=a.text,
                    goals=tuple(a.goals),
                    constraints=tuple(a.constraints),
                    score=score,
                    objectives=tuple(objectives),
                    win_at=win_at,
                    bot_weights=weights,
                    bot_flag_weights=flag_weights,
                    bot_rules=tuple(bot_rules),
                    provenance=self.provenance(a),
                )
            )
        if not any(a.seat for a in self.m.actors) and not self.incomplete("actors"):
            self.error(("actors",), "no actor is a seat: somebody must decide")
        return tuple(out)

    def forums(self) -> tuple[ForumSpec, ...]:
        out = []
        for i, f in enumerate(self.m.forums):
            p: Path_ = ("forums", i)
            rule = Rule[f.rule.upper()]
            members = self.actor_list(f.members, (*p, "members"), seats=True)
            if rule is Rule.BILATERAL and len(f.members) != 2:
                self.error((*p, "members"), f"a bilateral forum has exactly two members, not {len(f.members)}")
            if rule in (Rule.CONSENSUS, Rule.MAJORITY, Rule.WEIGHTED) and len(f.members) < 2:
                self.error((*p, "members"), f"a {f.rule} forum needs at least two members")
            weights = self.vote_weights(f, p, members)
            opened = self.expr(f.open_when, (*p, "open_when"), "bool", _SELF) if f.open_when else None
            out.append(
                ForumSpec(
                    index=i,
                    id=f.id,
                    name=f.name,
                    rule=rule,
                    members=members,
                    open=opened,
                    on_split=self.effects(f.on_split, (*p, "on_split"), _ALL_CTX),
                    weights=weights,
                    blocking=f.blocking or 0,
                    target_consents=f.target_consents,
                    seen_by=self.audience_bits(f.visibility == "members", members, f.visible_to, (*p, "visible_to")),
                    text=f.text,
                    provenance=self.provenance(f),
                )
            )
        return tuple(out)

    def audience_bits(self, closed: bool, members: tuple[int, ...], extra: list[str], p: Path_) -> int:
        """Bits of who sees a closed forum or a secret card (``members`` and ``visible_to``); 0 if public."""
        if not closed:
            if extra:
                self.error(p, "visible_to is for a closed forum (visibility: members) or a secret card", key=True)
            return 0
        bits = 1 << 62  # never 0, even with nobody listed: the parties are added per item
        for a in (*members, *self.actor_list(extra, p)):
            if a >= 0:
                bits |= 1 << a
        return bits

    def vote_weights(self, f: S.Forum, p: Path_, members: tuple[int, ...]) -> tuple[VoteWeightSpec, ...]:
        """A weighted forum's dimensions, each member weighed; the keys only a weighted forum takes."""
        if f.rule != "weighted":
            for key in ("weights", "blocking"):
                if getattr(f, key):
                    self.error((*p, key), f"{key} is for weighted forums (this one is {f.rule})", key=True)
            return ()
        if not f.weights:
            self.error((*p, "rule"), "a weighted forum needs weights: at least one dimension of its vote")
        if f.blocking is not None and f.blocking >= len(f.members):
            self.error(
                (*p, "blocking"),
                f"a blocking minority of {f.blocking} needs more than {f.blocking} members; this forum has {len(f.members)}",
            )
        out = []
        for j, d in enumerate(f.weights):
            dp = (*p, "weights", j, "weights")
            per_actor = self.actor_values(d.weights, dp, members, 0, f"is not a member of {f.id}", ("weight", "member"))
            if (
                members
                and all(self.m.actors[a].id in d.weights for a in members)
                and not any(per_actor[a] for a in members)
            ):
                self.error(dp, "every weight is 0: the dimension could decide nothing")
            out.append(VoteWeightSpec(name=d.name, weights=tuple(per_actor), threshold=d.threshold))
        return tuple(out)

    def cards(self) -> tuple[CardSpec, ...]:
        out = []
        for i, c in enumerate(self.m.cards):
            p: Path_ = ("cards", i)
            kind = CardKind(c.kind)
            if c.owner is not None and c.owners:
                self.error((*p, "owners"), "give either owner or owners, not both")
            owner_ids = [c.owner] if c.owner is not None else list(c.owners)
            if kind is CardKind.EVENT:
                if owner_ids:
                    self.error(
                        (*p, "owner" if c.owner else "owners"),
                        "event cards have no owner: they are drawn in draw phases",
                    )
                owners: tuple[int, ...] = ()
            else:
                if not owner_ids:
                    self.error(p, f"a {c.kind} card needs an owner (or owners)")
                owners = (
                    (self.ref(self.actor_ix, c.owner, (*p, "owner"), "actor"),)
                    if c.owner is not None
                    else self.actor_list(c.owners, (*p, "owners"))
                )
                owners = tuple(o for o in owners if o >= 0)
                for o in owners:
                    if not self.m.actors[o].seat:
                        self.error(
                            (*p, "owner"), f"{self.m.actors[o].id!r} is not a seat, so it can never play this card"
                        )
            requires = self.expr(c.requires, (*p, "requires"), "bool", _SELF) if c.requires else None
            if c.phases:
                known = [self.ref(self.phase_ix, ph, (*p, "phases", j), "phase") >= 0 for j, ph in enumerate(c.phases)]
                limit = (
                    self.expr(f"in_phase({', '.join(c.phases)})", (*p, "phases"), "bool", _SELF) if all(known) else None
                )
                if limit is not None:
                    requires = limit if requires is None else _and(requires, limit)
            weight = self.weight(c.weight, (*p, "weight"))
            effects = list(self.effects(c.effects, (*p, "effects"), _ALL_CTX))
            for j, cost in enumerate(c.cost):
                k = self.ref(self.meter_ix, cost.meter, (*p, "cost", j, "meter"), "meter")
                if k < 0:
                    continue
                spec = self.meter_specs[k]
                rel = 0 if spec.per_actor else -1
                effects.insert(0, Shift(meter=k, slot=spec.slot, rel=rel, by=-cost.amount))
                self.facts.written_meters.add(spec.id)
                need = spec.low + cost.amount
                read = f"self.{spec.id}" if spec.per_actor else spec.id
                text = f"{read} >= {need}"
                cond = self.expr(text, (*p, "cost", j), "bool", _SELF)
                if cond is not None:
                    requires = cond if requires is None else _and(requires, cond)
            forums = tuple(
                k for j, f in enumerate(c.forums) if (k := self.ref(self.forum_ix, f, (*p, "forums", j), "forum")) >= 0
            )
            targets = self.actor_list(c.targets, (*p, "targets"))
            counters = tuple(
                k
                for j, x in enumerate(c.counters)
                if (k := self.ref(self.card_ix, x, (*p, "counters", j), "card")) >= 0
            )
            for j, k in enumerate(counters):
                if self.m.cards[k].answers is None:
                    self.error(
                        (*p, "counters", j),
                        f"{self.m.cards[k].id!r} never goes on the table (it has no answers), so it cannot be countered",
                    )
            protocol = None
            if c.answers is not None:
                a = c.answers
                ap = (*p, "answers")
                protocol = ResponseProtocol(
                    on_accept=self.effects(a.accept, (*ap, "accept"), _ALL_CTX),
                    on_reject=self.effects(a.reject, (*ap, "reject"), _ALL_CTX),
                    on_counter=self.effects(a.counter, (*ap, "counter"), _ALL_CTX),
                    on_silence=self.effects(a.silence, (*ap, "silence"), _ALL_CTX),
                    on_expire=self.effects(a.expire, (*ap, "expire"), _ALL_CTX),
                )
                self._check_lifetime(c, p)
                for j, t in enumerate(targets):
                    if not self.m.actors[t].seat:
                        self.error(
                            (*p, "targets", j), f"{self.m.actors[t].id!r} is not a seat, so it could never answer"
                        )
                self._check_answerable(c, p)
            elif kind in (CardKind.DEMAND, CardKind.OFFER):
                self.error(p, f"a {c.kind} goes on the table: give it answers (accept/reject/counter/silence effects)")
            if kind is CardKind.EVENT and (c.forums or c.targets or c.answers):
                self.error(p, "event cards take effect when drawn: no forums, targets or answers")
            out.append(
                CardSpec(
                    index=i,
                    id=c.id,
                    name=c.name,
                    kind=kind,
                    owners=owners,
                    text=c.text,
                    requires=requires,
                    limit=c.limit if c.limit is not None else 1 << 30,
                    per_round=c.per_round if c.per_round is not None else 1 << 30,
                    locked=c.locked,
                    effects=tuple(effects),
                    protocol=protocol,
                    forums=forums,
                    targets=targets,
                    counters=counters,
                    weight=weight if weight is not None else 1,
                    stays=c.stays or c.expires_after is not None,
                    expires_after=c.expires_after or 0,
                    secret=c.secret,
                    seen_by=self.audience_bits(c.secret, (), c.visible_to, (*p, "visible_to")),
                    provenance=self.provenance(c),
                )
            )
        return tuple(out)

    def _check_lifetime(self, c: S.Card, p: Path_) -> None:
        """``stays``, ``expires_after`` and the branches they make run or never run."""
        a = c.answers
        assert a is not None
        if c.stays and c.expires_after is not None:
            self.error((*p, "stays"), "expires_after already keeps the item on the table: remove stays")
        if (c.stays or c.expires_after is not None) and a.silence:
            self.error(
                (*p, "answers", "silence"),
                "an item that stays on the table is never resolved by silence: use expire (with expires_after)",
                key=True,
            )
        if a.expire and c.expires_after is None:
            self.error((*p, "answers", "expire"), "expire effects run only for a card with expires_after", key=True)

    def _check_answerable(self, c: S.Card, p: Path_) -> None:
        if not c.forums and not c.targets:
            if not c.counters:
                self.error(
                    p,
                    "a card with answers needs forums or targets (somebody must answer it), "
                    "or counters (it is then only played as a counter-offer)",
                )
            return
        for j, fid in enumerate(c.forums):
            k = self.forum_ix.get(fid)
            if k is None:
                continue
            f = self.m.forums[k]
            if f.rule == "unilateral" and not c.targets:
                self.error(
                    (*p, "forums", j), f"in the unilateral forum {fid!r} the addressee answers: give the card targets"
                )

    def phases(self) -> tuple[PhaseSpec, ...]:
        out = []
        for i, ph in enumerate(self.m.turn.phases):
            p: Path_ = ("turn", "phases", i)
            kind = PhaseKind(ph.kind)
            actors = self.actor_list(ph.actors, (*p, "actors"), seats=True)
            if kind is PhaseKind.PLAY and not ph.actors:
                self.error((*p, "actors"), "a play phase needs actors (who plays, in order)")
            if kind is not PhaseKind.PLAY and ph.actors:
                self.error((*p, "actors"), f"only play phases list actors (this is a {ph.kind} phase)")
            if ph.sealed and kind is PhaseKind.DRAW:
                self.error((*p, "sealed"), "a draw phase has no choices to seal", key=True)
            if ph.sealed and kind is PhaseKind.PLAY and ph.plays != 1:
                self.error(
                    (*p, "plays"), f"in a sealed phase each actor makes one sealed choice: plays is 1, not {ph.plays}"
                )
            out.append(
                PhaseSpec(
                    index=i,
                    id=ph.id,
                    name=ph.name,
                    kind=kind,
                    actors=actors,
                    plays=ph.plays,
                    draws=ph.draws,
                    sealed=ph.sealed,
                    text=ph.text,
                )
            )
        if self.incomplete("turn", "phases"):
            return tuple(out)
        has_answers = any(c.answers is not None for c in self.m.cards)
        if has_answers and not any(ph.kind == "answer" for ph in self.m.turn.phases):
            self.error(("turn", "phases"), "some cards go on the table but no phase is an answer phase")
        if any(c.kind == "event" for c in self.m.cards) and not any(ph.kind == "draw" for ph in self.m.turn.phases):
            self.error(("turn", "phases"), "there are event cards but no draw phase to draw them")
        return tuple(out)

    def triggers(self) -> tuple[TriggerSpec, ...]:
        out = []
        for i, t in enumerate(self.m.triggers):
            p: Path_ = ("triggers", i)
            cond = self.expr(t.when, (*p, "when"), "bool", _NONE)
            effects = self.effects(t.effects, (*p, "effects"), _NONE)
            if cond is not None:
                out.append(
                    TriggerSpec(
                        index=i,
                        id=t.id,
                        name=t.name,
                        when=cond,
                        at=At(t.at),
                        repeat=t.repeat,
                        effects=effects,
                        text=t.text,
                        provenance=self.provenance(t),
                    )
                )
        return tuple(out)

    def endings(self) -> tuple[EndingSpec, ...]:
        out = []
        finals = [i for i, e in enumerate(self.m.endings) if e.final]
        if len(finals) > 1 or (not finals and not self.incomplete("endings")):
            self.error(
                ("endings",),
                f"exactly one ending must have final: true (the end of the last round); found {len(finals)}",
            )
        for i, e in enumerate(self.m.endings):
            p: Path_ = ("endings", i)
            cond = self.expr(e.when, (*p, "when"), "bool", _NONE) if e.when else None
            out.append(
                EndingSpec(
                    index=i, id=e.id, name=e.name, text=e.text, when=cond, final=e.final, provenance=self.provenance(e)
                )
            )
        return tuple(out)

    def record(self) -> None:
        """Check the record's references: endings, rounds and meters (the record is read by debriefs,
        not by the engine: it compiles to nothing).
        """
        rounds = len(self.m.turn.rounds)
        for i, ev in enumerate(self.m.record):
            p: Path_ = ("record", i)
            if ev.ending is not None:
                self.ref(self.ending_ix, ev.ending, (*p, "ending"), "ending")
            if ev.round is not None and ev.round > rounds:
                self.error((*p, "round"), f"round {ev.round} is past the last round ({rounds})")
            for meter, value in (ev.meters or {}).items():
                k = self.ref(self.meter_ix, meter, (*p, "meters", meter), "meter")
                if k < 0:
                    continue
                spec = self.meter_specs[k]
                if spec.per_actor:
                    self.error(
                        (*p, "meters", meter), f"meter {meter!r} is per actor: the record compares global meters"
                    )
                elif not spec.low <= value <= spec.high:
                    self.error(
                        (*p, "meters", meter),
                        f"{value} is outside {meter}'s range {spec.low}..{spec.high}: give it in the meter's units",
                    )

    # -------------------------------------------------------------- effects

    def effects(self, items: Sequence[E.Effect], path: Path_, ctx: frozenset[str]) -> tuple[Effect, ...]:
        out: list[Effect] = []
        for j, e in enumerate(items):
            ep = (*path, j)
            r = self.effect(e, ep, ctx)
            if r is not None:
                out.append(r)
        return tuple(out)

    def meter_ref(
        self, meter: str, actor: str | None, p: Path_, key: str, ctx: frozenset[str]
    ) -> tuple[int, int, int] | None:
        k = self.ref(self.meter_ix, meter, (*p, key), "meter")
        if k < 0:
            return None
        spec = self.meter_specs[k]
        self.facts.written_meters.add(meter)
        if not spec.per_actor:
            if actor is not None:
                self.error((*p, "actor"), f"{meter} is a global meter: remove actor")
            return k, spec.slot, -1
        if actor is None:
            self.error(
                p,
                f"{meter} is a per-actor meter: say whose track with actor (an actor id or {', '.join(sorted(ctx)) or 'an actor id'})",
            )
            return None
        if actor in _CTX_INDEX:
            if actor not in ctx:
                self.error((*p, "actor"), f"{actor!r} has no meaning here; name an actor")
                return None
            return k, spec.slot, _CTX_INDEX[actor]
        a = self.ref(self.actor_ix, actor, (*p, "actor"), "actor")
        if a >= 0 and spec.owners is not None and a not in spec.owners:
            self.error((*p, "actor"), f"{actor!r} has no track of {meter} (see the meter's actors)")
            return None
        return (k, spec.slot + a, -1) if a >= 0 else None

    def set_flag(
        self, flag: str, value: bool, actor: str | None, p: Path_, key: str, ctx: frozenset[str]
    ) -> SetFlag | None:
        """A ``raise`` or ``lower``: of a global flag, or of an actor's own flag of a per-actor one."""
        k = self.ref(self.flag_ix, flag, (*p, key), "flag")
        self.facts.set_flags.add(flag)
        if k < 0:
            return None
        base = self.actor_flag_bits.get(flag)
        if base is None:
            if actor is not None:
                self.error((*p, "actor"), f"{flag} is a global flag: remove actor")
                return None
            return SetFlag(flag=k, value=value)
        if actor is None:
            who = ", ".join(sorted(ctx)) or "an actor id"
            self.error(p, f"{flag} is a per-actor flag: say whose with actor (an actor id or {who})")
            return None
        if actor in _CTX_INDEX:
            if actor not in ctx:
                self.error((*p, "actor"), f"{actor!r} has no meaning here; name an actor")
                return None
            return SetFlag(flag=k, value=value, bit=base, rel=_CTX_INDEX[actor])
        a = self.ref(self.actor_ix, actor, (*p, "actor"), "actor")
        return SetFlag(flag=k, value=value, bit=base + a) if a >= 0 else None

    def effect(self, e: E.Effect, p: Path_, ctx: frozenset[str]) -> Effect | None:
        match e:
            case E.ShiftEffect():
                r = self.meter_ref(e.shift, e.actor, p, "shift", ctx)
                span = self.meter_specs[r[0]].high - self.meter_specs[r[0]].low if r else None
                by = self.number(e.by, (*p, "by"), ctx, (-span, span) if span is not None else None)
                return Shift(meter=r[0], slot=r[1], rel=r[2], by=by) if r and by is not None else None
            case E.SetEffect():
                r = self.meter_ref(e.set, e.actor, p, "set", ctx)
                spec = self.meter_specs[r[0]] if r else None
                to = self.number(e.to, (*p, "to"), ctx, (spec.low, spec.high) if spec is not None else None)
                return SetMeter(meter=r[0], slot=r[1], rel=r[2], to=to) if r and to is not None else None
            case E.RaiseEffect():
                return self.set_flag(e.raise_, True, e.actor, p, "raise", ctx)
            case E.LowerEffect():
                return self.set_flag(e.lower, False, e.actor, p, "lower", ctx)
            case E.UnlockEffect():
                k = self.ref(self.card_ix, e.unlock, (*p, "unlock"), "card")
                self.facts.unlocked.add(e.unlock)
                return SetLock(card=k, locked=False) if k >= 0 else None
            case E.LockEffect():
                k = self.ref(self.card_ix, e.lock, (*p, "lock"), "card")
                return SetLock(card=k, locked=True) if k >= 0 else None
            case E.ChanceEffect():
                chance = e.chance if isinstance(e.chance, float) else self.percent(e.chance, (*p, "chance"), ctx)
                then = self.effects(e.then, (*p, "then"), ctx)
                otherwise = self.effects(e.else_, (*p, "else"), ctx)
                return Chance(p=chance, then=then, otherwise=otherwise) if chance is not None else None
            case E.IfEffect():
                cond = self.expr(e.if_, (*p, "if"), "bool", ctx)
                then = self.effects(e.then, (*p, "then"), ctx)
                otherwise = self.effects(e.else_, (*p, "else"), ctx)
                return If(cond=cond, then=then, otherwise=otherwise) if cond else None
            case E.EndEffect():
                k = self.ref(self.ending_ix, e.end, (*p, "end"), "ending")
                self.facts.ended.add(e.end)
                return EndGame(ending=k) if k >= 0 else None
            case E.SayEffect():
                return Say(text=e.say)
            case E.WithdrawEffect():
                k = self.ref(self.card_ix, e.withdraw, (*p, "withdraw"), "card")
                if k < 0:
                    return None
                if "self" not in ctx:
                    self.error((*p, "withdraw"), "withdraw takes back items that self tabled: here there is no self")
                    return None
                if self.m.cards[k].answers is None:
                    self.error((*p, "withdraw"), f"{e.withdraw!r} never goes on the table (it has no answers)")
                    return None
                return Withdraw(card=k)
        return None  # pragma: no cover - the schema admits nothing else


def _span(lo: float, hi: float) -> str:
    """A range in words: ``0..12``, ``-inf..3``."""
    return f"{lo:g}..{hi:g}".replace("inf", "∞")


def _and(a: Condition, b: Condition) -> Condition:
    fa, fb = a.fn, b.fn
    return Condition(text=f"({a.text}) and {b.text}", fn=lambda s, c: fa(s, c) and fb(s, c), deps=a.deps | b.deps)


def compile_scenario(
    model: S.Scenario,
    doc: Document,
    digest: str,
    dropped: Mapping[Path_, frozenset[str] | None] | None = None,
    unnamed: Mapping[Path_, tuple[int, ...]] | None = None,
) -> tuple[Rules | None, list[Issue], Facts]:
    """Resolve and compile a scenario: the rules (or ``None``), every issue, and lint facts.

    ``dropped`` and ``unnamed`` (see ``validate.Salvaged``) say which parts of a scenario that
    failed the schema were left out.
    """
    c = _Compiler(model, doc, dropped or {}, unnamed or {})
    rules = c.run(digest)
    return rules, c.issues, c.facts
