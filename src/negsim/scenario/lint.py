"""Checks beyond validity: provenance against the source, and warnings about rules that
can never matter (a meter nothing moves, a card nobody can play, an unreachable ending).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from negsim.core.rules import PhaseKind, Rules
from negsim.core.secrecy import hidden_ids, reads_hidden
from negsim.errors import InputError, Issue
from negsim.inputs import decode_utf8, read_input
from negsim.scenario import schema as S
from negsim.scenario.compile import Facts
from negsim.scenario.schema_base import Provenance
from negsim.scenario.yamlread import Document, Path_

_SENTENCE = re.compile(r"^\s*[-*]\s*\*\*([A-Za-z][A-Za-z0-9_.-]*)\*\*\s+(.+?)\s*$")
_WS = re.compile(r"\s+")
SOURCE_LIMIT = 2 * 1024 * 1024
"""Largest sentence index read (the same cap as a scenario's)."""


def normalise(text: str) -> str:
    """Collapse runs of whitespace, so line breaks in YAML do not break a verbatim match."""
    return _WS.sub(" ", text).strip()


def read_sentences(path: Path) -> dict[str, str]:
    """A sentence index: lines ``- **S01** text`` to ``{"S01": "text"}``."""
    out: dict[str, str] = {}
    text = decode_utf8(read_input(path, SOURCE_LIMIT), str(path))
    for line in text.splitlines():
        m = _SENTENCE.match(line)
        if m:
            out[m.group(1)] = normalise(m.group(2))
    return out


def provenanced(model: S.Scenario) -> Iterator[tuple[Path_, str, Provenance]]:
    """Every element that can carry provenance: (path, description, element)."""
    for i, a in enumerate(model.actors):
        yield ("actors", i), f"actor {a.id}", a
        if a.victory is not None:
            for j, o in enumerate(a.victory.objectives):
                yield ("actors", i, "victory", "objectives", j), f"objective {a.id}.{o.id}", o
    for group, what in (
        ("meters", "meter"),
        ("flags", "flag"),
        ("forums", "forum"),
        ("cards", "card"),
        ("triggers", "trigger"),
        ("endings", "ending"),
    ):
        for i, x in enumerate(getattr(model, group)):
            yield (group, i), f"{what} {x.id}", x


def check_quotes(model: S.Scenario, doc: Document, base: Path | None) -> list[Issue]:
    """Errors for quotes that are not verbatim in the declared source's sentences."""
    issues: list[Issue] = []
    src = model.source
    if src is None or src.sentences is None:
        if any(x.quote for _, _, x in provenanced(model)):
            issues.append(
                _warn(
                    doc, ("source",), "quotes cannot be checked: declare source.sentences (the source's sentence index)"
                )
            )
        return issues
    where = (base or Path(".")) / src.sentences
    try:
        sentences = read_sentences(where)
    except InputError as e:
        why = e.issues[0].message
        return [doc.issue(("source", "sentences"), f"cannot read the sentence index {where}: {why}")]
    if not sentences:
        return [doc.issue(("source", "sentences"), f"{where} holds no sentences (lines like '- **S01** text')")]
    for path, what, x in provenanced(model):
        for sid, text in (x.quote or {}).items():
            qp = (*path, "quote", sid)
            if sid not in sentences:
                issues.append(doc.issue(qp, f"{what}: the source has no sentence {sid}", key=True))
            elif normalise(text) not in sentences[sid]:
                issues.append(doc.issue(qp, f"{what}: quote is not verbatim in {sid}: {sentences[sid][:90]!r}..."))
    return issues


def _warn(doc: Document, path: Path_, message: str) -> Issue:
    i = doc.issue(path, message)
    return Issue(file=i.file, line=i.line, column=i.column, path=i.path, message=i.message, severity="warning")


def lint(model: S.Scenario, doc: Document, rules: Rules, facts: Facts) -> list[Issue]:
    """Warnings about a valid scenario."""
    out: list[Issue] = []
    if model.source is not None:
        for path, what, x in provenanced(model):
            if not x.quote and not x.reference:
                out.append(_warn(doc, path, f"{what} has no provenance: add quote (from the source) or reference"))
    for i, m in enumerate(model.meters):
        if m.id not in facts.written_meters:
            out.append(_warn(doc, ("meters", i), f"meter {m.id} never changes: no effect moves it"))
    for i, f in enumerate(model.flags):
        if ("flag", f.id) not in facts.reads:
            out.append(_warn(doc, ("flags", i), f"flag {f.id} is never read by any condition"))
        elif f.id not in facts.set_flags:
            out.append(_warn(doc, ("flags", i), f"flag {f.id} never changes: no effect raises or lowers it"))
    for name in model.define:
        if ("define", name) not in facts.reads:
            out.append(_warn(doc, ("define", name), f"define {name} is never used"))
    in_play = {a for ph in model.turn.phases if ph.kind == "play" for a in ph.actors}
    used_forums = {f for c in model.cards for f in c.forums}
    for i, c in enumerate(model.cards):
        if c.kind == "event":
            continue
        if c.locked and c.id not in facts.unlocked:
            out.append(_warn(doc, ("cards", i), f"card {c.id} starts locked and nothing unlocks it"))
        owners = [c.owner] if c.owner else c.owners
        plays_somewhere = any(o in in_play for o in owners)
        if not c.counters and not plays_somewhere:
            out.append(_warn(doc, ("cards", i), f"card {c.id} can never be played: its owner plays in no phase"))
        elif not c.counters and facts.playable.get(c.id, 0) == 0:
            out.append(
                _warn(doc, ("cards", i), f"card {c.id} has no legal way to be played (check its forums and targets)")
            )
        if c.kind == "response" and not c.counters and not c.effects and c.answers is None:
            out.append(_warn(doc, ("cards", i), f"card {c.id} does nothing: no effects, counters or answers"))
    for i, forum in enumerate(model.forums):
        if forum.id not in used_forums:
            out.append(_warn(doc, ("forums", i), f"forum {forum.id} is never used by any card"))
    for i, e in enumerate(model.endings):
        if not e.final and e.when is None and e.id not in facts.ended:
            out.append(
                _warn(doc, ("endings", i), f"ending {e.id} can never be reached: no when, and no effect ends with it")
            )
    for i, a in enumerate(model.actors):
        if not a.seat:
            continue
        if a.victory is None:
            out.append(_warn(doc, ("actors", i), f"seat {a.id} has no victory conditions, so it can never win"))
        if not rules.hands[i]:
            out.append(_warn(doc, ("actors", i), f"seat {a.id} holds no cards"))
    out.extend(_secrets_told(model, doc, rules))
    for i, m in enumerate(model.meters):
        if m.bands:
            covered = sorted((b.from_, b.to) for b in m.bands)
            expect = m.min
            for lo, hi in covered:
                if lo > expect:
                    out.append(
                        _warn(doc, ("meters", i, "bands"), f"meter {m.id}: values {expect}..{lo - 1} are in no band")
                    )
                expect = max(expect, hi + 1)
            if expect <= m.max:
                out.append(_warn(doc, ("meters", i, "bands"), f"meter {m.id}: values {expect}..{m.max} are in no band"))
    return out


def _secrets_told(model: S.Scenario, doc: Document, rules: Rules) -> list[Issue]:
    """Warnings where the rules give a secret away (R13): a public trigger that tests what some seat may
    not see (what it does tells that seat), a sealed play phase with one actor (nobody to hide from).
    """
    out: list[Issue] = []
    seats = rules.seats()
    secret_cards = {c.id for c in rules.cards if c.secret}
    for i, t in enumerate(rules.triggers):
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", t.when.text))
        blind = [a.name for a in seats if reads_hidden(rules, a.index, t.when.text)]
        if words & secret_cards:
            out.append(
                _warn(
                    doc,
                    ("triggers", i, "when"),
                    f"trigger {t.id} tests the secret card {', '.join(sorted(words & secret_cards))}:"
                    " what it does tells every seat whether it was played",
                )
            )
        if blind:
            names = ", ".join(sorted(words & {x for a in seats for x in hidden_ids(rules, a.index)}))
            out.append(
                _warn(
                    doc,
                    ("triggers", i, "when"),
                    f"trigger {t.id} tests {names}, hidden from {', '.join(blind)}: what it does will tell them",
                )
            )
    for i, ph in enumerate(rules.phases):
        if ph.sealed and ph.kind is PhaseKind.PLAY and len(ph.actors) < 2:
            out.append(
                _warn(doc, ("turn", "phases", i, "sealed"), f"phase {ph.id} is sealed but only one actor plays in it")
            )
    return out
