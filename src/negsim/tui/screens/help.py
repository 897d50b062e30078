"""Help generated from the scenario: how a round works, actors, meters, forums, and the keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from negsim.core.rules import PhaseKind, PhaseSpec, Rules
from negsim.describe import bands_text, rule_words
from negsim.narrate import forum_short
from negsim.tui.screens.dialogs import title_line

KEYS = [
    ("↑ ↓ / mouse", "move through your cards (the card pane shows the highlighted one)"),
    (
        "Enter / click",
        "play the highlighted card: the hand lists where (and to whom) it can go, the card pane shows what it will do; Enter again confirms",
    ),
    ("Esc", "back from choosing to your cards"),
    ("p", "pass: end your turn in this phase"),
    ("a", "answer what is waiting for your answer"),
    (
        "u",
        "undo back to before your last decision (in hot seat, only your own: not once another person has decided since)",
    ),
    ("m", "go to the meters; Enter on one shows its history and what moved it"),
    ("i", "the actors as you know them, your objectives and your score so far"),
    ("c", "the highlighted card in full, when it is too long for its pane"),
    ("space", "skip the bots' moves to your next decision (pause/resume when only bots play)"),
    ("+ / -", "bots move faster / slower"),
    ("Ctrl+S / Ctrl+O", "save / load a game (a save is also a replay)"),
    ("Ctrl+P", "command palette: play a card by name, save, load, undo, help…"),
    ("Tab", "move between panels"),
    ("d", "debrief (when the game is over)"),
    ("F1 / ?", "this help"),
    ("q", "quit (an unfinished game is autosaved; a new game of the same scenario first offers to resume it)"),
]
"""The key bindings, for help."""

_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count(n: int, noun: str) -> str:
    """``one card``, ``three cards``, ``12 cards``."""
    word = _NUMBERS[n] if n < len(_NUMBERS) else str(n)
    return f"{word} {noun}{'' if n == 1 else 's'}"


def _names(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def phase_words(rules: Rules, phase: PhaseSpec) -> str:
    """What happens in a phase, from its kind, actors and counts: one sentence, no repetition."""
    if phase.kind is PhaseKind.DRAW:
        cards = _count(phase.draws, "event card")
        verb = ("is", "takes") if phase.draws == 1 else ("are", "take")
        return f"{cards} {verb[0]} drawn at random from the events that can happen now and {verb[1]} effect at once."
    if phase.kind is PhaseKind.ANSWER:
        return (
            "every demand and offer on the table is answered, in the order it was tabled, by each actor who must "
            "answer it; counter-offers made now are answered in this phase too."
        )
    who = [rules.actors[a].name for a in phase.actors]
    cards = f"up to {_count(phase.plays, 'card')}"
    if len(who) == 1:
        return f"{who[0]} plays {cards}, one at a time; passing ends the turn."
    return f"{_names(who)} take turns, in that order; on its turn each plays {cards} or passes."


def help_markdown(rules: Rules) -> str:
    """The help text of a scenario, in Markdown."""
    out = [f"# {rules.title}", "", rules.summary, ""]
    if rules.source_title:
        src = f"[{rules.source_title}]({rules.source_url})" if rules.source_url else rules.source_title
        out += [f"*Based on {src}. Every card shows the sentence of the source it encodes.*", ""]
    out += ["## How a round works", ""]
    out.append(f"The game lasts {len(rules.rounds)} rounds, from {rules.rounds[0]} to {rules.rounds[-1]}. Each round:")
    out.append("")
    out += [f"{i}. **{ph.name}**: {phase_words(rules, ph)}" for i, ph in enumerate(rules.phases, 1)]
    one, two, three = ([s.short for s in rules.seats()] * 3)[:3]  # three seats, for the examples
    out += [
        "",
        "Demands and offers go **on the table** in a forum the player chooses and are answered in the answer "
        "phase: accept, reject, counter with a card of your own, or stay silent. Each answer has its own "
        "consequences; the card shows them before you commit. **The table** lists each item with who tabled "
        "it, who must still answer (⏳) and its forum (by its short name, as in Forums below, when the board "
        "is narrow).",
        "",
        f"Under the meters, **the actors line** names every seat with who plays it (you, another person at "
        f"this keyboard, a bot) and how many cards it still holds: `{one} greedy bot (6 cards)` on a wide board, "
        f"`{one} greedy (6)` on a narrower one, and on the narrowest the seats grouped by who plays them, "
        f"`you {two} 5 · others {three} 4 · bots {one} 6 …` (*others*: the other people at this keyboard, in hot "
        "seat), the bots' cards left out if need be. The actor to move is highlighted; affected parties, who "
        "do not play, follow in italics when there is room.",
        "",
        "## Actors",
        "",
    ]
    for a in rules.actors:
        role = "" if a.seat else " *(affected party: does not play)*"
        out.append(f"### {a.name} ({a.short}){role}")
        if a.text:
            out += ["", a.text]
        if a.goals:
            out += ["", "Goals:", *[f"- {g}" for g in a.goals]]
        if a.constraints:
            out += ["", "Constraints:", *[f"- {c}" for c in a.constraints]]
        if a.win_at is not None:
            out += ["", f"Wins with a score of at least {a.win_at} at the end (objectives are private unless public)."]
        out.append("")
    out += ["## Meters", ""]
    for m in rules.meters:
        bands = bands_text(m)
        th = "; ".join(f"{t.at}: {t.name}" for t in m.thresholds)
        short = f"`{m.short}` on a narrow board; " if m.short != m.name else ""
        line = f"- **{m.name}** ({short}{m.low}–{m.high}, starts at {m.start}). {m.text}"
        if bands:
            line += f" Bands: {bands}."
        if th:
            line += f" Thresholds: {th}."
        out.append(line)
    if rules.forums:
        out += ["", "## Forums", ""]
        for f in rules.forums:
            members = ", ".join(rules.actors[x].name for x in f.members)
            mem = f" Members: {members}." if members else ""
            out.append(f"- **{f.name}** (`@{forum_short(f.id)}`): {rule_words(f.rule)}.{mem} {f.text}")
    if rules.endings:
        out += ["", "## How it can end", ""]
        for e in rules.endings:
            when = f" (as soon as {e.when.text})" if e.when else " (after the last round)" if e.final else ""
            out.append(f"- **{e.name}**{when}. {e.text}")
    out += ["", "## Keys", "", "| key | does |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in KEYS]
    out += ["", "The full rules are in docs/rules.md."]
    return "\n".join(out)


class HelpScreen(ModalScreen[None]):
    """Scrollable help for the scenario being played."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close")]

    def __init__(self, rules: Rules) -> None:
        """Help for ``rules``."""
        super().__init__()
        self.rules = rules

    def compose(self) -> ComposeResult:
        """The help text."""
        with Vertical(classes="dialog wide"):
            yield title_line("Help")
            with VerticalScroll(id="help"):
                # A Markdown widget does not scroll or take focus itself: its scrolling container does.
                yield Markdown(help_markdown(self.rules))

    def on_mount(self) -> None:
        """Focus the text so arrows scroll it."""
        self.query_one("#help", VerticalScroll).focus()

    def action_close(self) -> None:
        """Back to the game."""
        self.dismiss(None)
