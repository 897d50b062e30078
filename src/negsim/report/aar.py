"""The after-action report of a game: the setting, the seats and who played them, the round-by-round
story, meter charts, the turning points, the debrief's analysis and the sources cited.
"""

from __future__ import annotations

from collections import defaultdict

from negsim.analysis.debrief import Debrief, debrief
from negsim.analysis.endings import near_misses
from negsim.analysis.recap import round_recap
from negsim.analysis.turning import swing_text, track_values
from negsim.briefing import public_briefing, seats_text
from negsim.core.events import CardPlayed, Event, EventDrawn, ItemResolved, TriggerFired, UmpireRuling
from negsim.core.rules import Provenance, Rules
from negsim.narrate import card_name, describe
from negsim.report.blocks import Block, Bullets, Chart, Heading, Para, Table, bullets
from negsim.report.render import html, markdown
from negsim.scenario.notes import Notes, scenario_notes
from negsim.session import Session

SECTIONS = {
    "setting": "The setting",
    "seats": "The seats",
    "story": "Round by round",
    "meters": "The meters over the game",
    "ending": "How it ended",
    "analysis": "Analysis",
    "record": "Beside what really happened",
    "sources": "Sources cited",
}
"""The report's sections, by anchor (in order)."""


def report_blocks(session: Session) -> list[Block]:
    """The report of ``session`` (finished or not) as blocks."""
    rules = session.rules
    notes = scenario_notes(session.scenario_text, session.scenario_path or "scenario")
    d = debrief(session) if session.is_over else None
    out: list[Block] = [Heading(1, f"After-action report: {rules.title}", "top")]
    state = session.state
    status = (
        f"{rules.endings[state.ending].name}, round {state.round + 1} ({state.round_label})"
        if state.is_over
        else f"not over: round {state.round + 1} of {len(rules.rounds)} ({state.round_label})"
    )
    out.append(Para(f"Seed {session.seed} · {status}.", "strong"))
    out += _setting(rules, notes)
    out += _seats(session)
    out += _story(session, notes)
    out += _meters(session)
    out += _ending(session, d)
    out += _analysis(session, d)
    out += _record(d, notes)
    out += _sources(session, notes)
    return out


def render_report(session: Session, fmt: str = "md") -> str:
    """The report as Markdown (``md``) or one self-contained HTML page (``html``)."""
    blocks = report_blocks(session)
    if fmt == "html":
        return html(blocks, f"After-action report: {session.rules.title}")
    return markdown(blocks)


def _heading(anchor: str) -> Heading:
    return Heading(2, SECTIONS[anchor], anchor)


def _setting(rules: Rules, notes: Notes) -> list[Block]:
    out: list[Block] = [_heading("setting")]
    if rules.summary:
        out.append(Para(rules.summary))
    if rules.source_title:
        when = f", {notes.source_date}" if notes.source_date else ""
        where = f" ({rules.source_url})" if rules.source_url else ""
        out.append(Para(f"Based on {rules.source_title}{when}{where}.", "em"))
    out.append(Para(f"{len(rules.rounds)} rounds, from {rules.rounds[0]} to {rules.rounds[-1]}."))
    return out


def _seats(session: Session) -> list[Block]:
    rules = session.rules
    briefs = {b.name: b for b in public_briefing(rules)}
    rows = []
    for name, player in seats_text(rules, session.seats):
        b = briefs[name]
        rows.append((name, player, b.goals[0] if b.goals else b.text, b.wins))
    return [_heading("seats"), Table(("seat", "played by", "its first goal", "how it wins"), tuple(rows))]


def _story(session: Session, notes: Notes) -> list[Block]:
    rules = session.rules
    by_round: dict[int, list[tuple[Event, str | None]]] = defaultdict(list)
    for k, batch in enumerate(session.events):
        why = session.why(k - 1)
        for i, e in enumerate(batch):
            by_round[e.round].append((e, why if i == 0 else None))
    events = session.all_events()
    out: list[Block] = [_heading("story")]
    for r in sorted(by_round):
        if r < 1:
            continue
        label = rules.rounds[min(r, len(rules.rounds)) - 1]
        out.append(Heading(3, f"Round {r} · {label}"))
        if r - 1 < len(notes.rounds) and notes.rounds[r - 1]:
            out.append(Para(f"In reality: {notes.rounds[r - 1]}", "em"))
        items: list[tuple[str, tuple[str, ...]]] = []
        for e, why in by_round[r]:
            if isinstance(e, (CardPlayed, EventDrawn, ItemResolved, UmpireRuling)):
                line = describe(rules, e)
                if line is not None:
                    items.append((line, (f"why: {why}",) if why else ()))
        if items:
            out.append(Bullets(tuple(items)))
        out.append(Para(" ".join(round_recap(rules, events, r)), "strong"))
    return out


def _meters(session: Session) -> list[Block]:
    rules = session.rules
    out: list[Block] = [_heading("meters"), Para("S is the start; then each round's end.", "em")]
    for m in rules.meters:
        owners: list[str | None] = [
            None if k < 0 else rules.actors[k].id for k in rules.tracks(m) if k < 0 or rules.actors[k].seat
        ]
        for owner in owners:
            values = tuple(track_values(session, m.id, owner))
            title = m.name + (f" ({owner})" if owner else "")
            out.append(Chart(title, values, m.low, m.high, tuple((t.at, t.name) for t in m.thresholds)))
    return out


def _ending(session: Session, d: Debrief | None) -> list[Block]:
    rules = session.rules
    out: list[Block] = [_heading("ending")]
    if d is None:
        out.append(Para("The game is not over: what follows is the story so far."))
        return out
    out.append(Para(f"{d.ending} — round {d.round}, {d.label}.", "strong"))
    if d.ending_text:
        out.append(Para(d.ending_text, "em"))
    out.append(Para(d.cause.how))
    t = d.turning
    if t.ending:
        out.append(Para(f"How it ended: {t.ending}, by cause:"))
        out.append(bullets([swing_text(rules, s, names=False) for s in t.decisive]))
    for also in t.also:
        out.append(Para(f"Also met at the end: {also.name}" + (f" ({also.run})" if also.run else "")))
    out.append(Heading(3, "Results"))
    out.append(
        Table(
            ("actor", "played by", "score", "wins at", "result", "objectives met"),
            tuple(
                (
                    r.name,
                    r.player,
                    str(r.score),
                    str(r.win_at),
                    "wins" if r.won else "loses",
                    "; ".join(text for met, text in r.objectives if met) or "none",
                )
                for r in d.results
            ),
        )
    )
    turning = [str(m) for m in t.moves] + [swing_text(rules, s) for s in t.swings]
    if turning:
        out.append(Heading(3, "Turning points"))
        out.append(bullets(turning))
    return out


def _analysis(session: Session, d: Debrief | None) -> list[Block]:
    rules = session.rules
    out: list[Block] = [_heading("analysis"), Heading(3, "The other endings: how near each came")]
    near = d.near if d is not None else tuple(near_misses(session))
    out.append(Bullets(tuple((f"No {m.name}", tuple(m.lines())) for m in near)) if near else Para("None."))
    if d is not None and d.decisions:
        out.append(Heading(3, "Whose decisions mattered most"))
        out.append(
            Bullets(
                tuple(
                    (rules.actors[rules.actor_index[s.seat]].name, tuple(m.words() for m in s.moves))
                    for s in d.decisions
                )
            )
        )
    return out


def _record(d: Debrief | None, notes: Notes) -> list[Block]:
    out: list[Block] = [_heading("record")]
    if d is not None and d.record:
        out.append(
            Bullets(tuple((f"{c.date}: {c.text}", (f"This game: {c.game}.",) if c.game else ()) for c in d.record))
        )
    elif notes.record:
        out.append(bullets([f"{ev.date}: {ev.text}" for ev in notes.record]))
    else:
        out.append(Para("The scenario has no record of real events."))
    if notes.not_claimed:
        out.append(Heading(3, "What the model does not claim"))
        out.append(bullets(list(notes.not_claimed)))
    return out


def _cited(p: Provenance) -> list[str]:
    return [f"{k}: “{v}”" for k, v in p.quote.items()] + list(p.reference)


def _sources(session: Session, notes: Notes) -> list[Block]:
    rules = session.rules
    seen: dict[str, list[str]] = {}
    for e in session.all_events():
        if isinstance(e, CardPlayed | EventDrawn):
            card = rules.cards[rules.card_index[e.card]]
            seen.setdefault(f"“{card_name(rules, e.card)}”", _cited(card.provenance))
        elif isinstance(e, TriggerFired):
            t = next(t for t in rules.triggers if t.id == e.trigger)
            seen.setdefault(f"rule “{t.name}”", _cited(t.provenance))
    if session.is_over:
        ending = rules.endings[session.state.ending]
        seen.setdefault(f"ending “{ending.name}”", _cited(ending.provenance))
    for ev in notes.record:
        seen.setdefault(
            f"record, {ev.date}", [*(ev.reference or ()), *(f"{k}: “{v}”" for k, v in (ev.quote or {}).items())]
        )
    out: list[Block] = [_heading("sources")]
    if rules.source_title:
        out.append(Para(f"{rules.source_title}" + (f" ({rules.source_url})" if rules.source_url else "") + "."))
    out.append(Bullets(tuple((what, tuple(cites)) for what, cites in seen.items() if cites)))
    return out
