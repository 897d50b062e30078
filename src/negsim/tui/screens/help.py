"""Help generated from the scenario: how a round works, actors, meters, forums, and the keys."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Markdown, OptionList
from textual.widgets.option_list import Option

from negsim.bots import BOT_HELP
from negsim.briefing import briefing_markdown
from negsim.core.rules import PhaseKind, PhaseSpec, Rule, Rules
from negsim.describe import bands_text, forum_words
from negsim.tui.screens.dialogs import title_line
from negsim.tui.widgets.board_parts import forum_label

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
    ("m", "go to the meters (↑ ↓ scroll them); Enter on one, or on an actor's row, shows its history"),
    ("f", "go to the flags (↑ ↓ scroll them); Enter on one says what it means"),
    ("i", "the actors as you know them, your objectives and your score so far"),
    ("c", "the highlighted card in full, when it is too long for its pane"),
    ("t", "the whole table: every item on it in full, who must still answer and the answers so far"),
    ("l", "the whole log in a full-screen window (End: the newest entry)"),
    ("w", "why the bots did what they did: this round's bot decisions with their reasons (Enter on an earlier round)"),
    ("b", "your briefing again: your objectives, your score and your cards"),
    ("space", "skip the bots' moves to your next decision (pause/resume when only bots play)"),
    ("+ / -", "bots move faster / slower"),
    ("Ctrl+S / Ctrl+O", "save / load a game (a save is also a replay)"),
    ("Ctrl+P", "command palette: play a card by name, save, load, undo, help…"),
    ("Tab", "move between panels"),
    ("d", "debrief (when the game is over)"),
    ("F1 / ?", "this help (c: contents, /: search, ← →: pages)"),
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


LEGEND = """Every symbol on the board, from the top.

**The status line.** `R3/10 3–9 Jan 2022 · Western capitals · ▶ PL: your move · score 6 · wins at 5`:
round 3 of 10 and its calendar label, the phase, whose decision it is (▶ when it is yours) and your
score if the game ended now, then the score that wins.

**Meters.** `Cohesion ██┃███░░╎ 10▲2 Resolute`: the bar is filled up to the value; `┃` and `╎` mark
the meter's thresholds (solid once the value has reached them, dashed before); then the value, its
change since the round began (`▲2` up 2, `▼1` down 1, green when the change is good for the status
quo, red when it is bad) and the band the value is in (for escalation, the rung of Kahn's ladder).
A meter kept per actor is a table: a row per actor, by name, a column per meter, each cell the
value and its change (`6▲1`); `·` is a value hidden from you, and a blank cell a meter not kept for
that actor. `m` goes to the meters; Enter on one (or on a row of the table) shows its history and
what moved it. When they do not all fit, the panel's title says how many lines are out of view
(`Meters · ↓ 3 more (m)`): `m`, then ↑ ↓, scrolls them.

**Flags.** `● Hotline open` is raised (true), `○ Talks open` lowered (false), raised flags first; a
flag kept per actor names whose it is: `● Mobilised (East)`. Only the flags you may see are listed.
The title counts the raised ones and, as for the meters, how many are out of view (`f` goes there;
Enter on a flag says what it means).

**The actors line.** `you PL 5 · others US 6 · bots RU 18 DE 6`: every seat grouped by who plays it
(*you*; *others*: the other people at this keyboard, in hot seat; *bots*), each with **the number
of cards it can still play** (not a score). The seat to move is highlighted; affected parties, who
do not play, follow in italics when there is room. On a wide board: `RU greedy bot (6 cards)`.

**Your cards.** A letter gives each card's kind: **D** demand and **O** offer (they go on the table
and must be answered), **R** response (also a counter-offer), **A** action (acts at once), **E**
event (drawn by chance). A dimmed card cannot be played now; the reason follows `·`, in words
(`requires round 6 or later`). `c` shows the highlighted card whole.

**The table.** `#2 RU ⏳US,PL @NAC “Card”`: item 2, tabled by Russia (actors by name where every item
fits on its line, else by short name); ⏳ who must still answer; the forum (`@` and a short label
from its name on a narrow board); the answers so far (`US:accept`); `↩#1` marks a counter-offer to
item 1. When not every item fits, the last line says `… and 2 more`: `t` shows the whole table.

**The log.** Every line says what happened; `←` gives a change's cause; `why:` under a bot's move is
the bot's reason (`w` lists this round's). A recap closes each round. When you have scrolled up,
the log's lower border counts the new entries waiting below (End goes there). `l` opens the
whole log. Chance is always given as a percentage: `35% chance … rolled 62% (needed under 35%) → no`.

**Answers.** Accept, reject, counter with a card of your own, or stay silent. In a forum that
decides by consensus, silence is **no objection**: the item passes if the others accept. Each
answer's preview shows what it does and your score as if the game ended then; an answer is taken
only once you confirm it.
"""
"""The legend of the board's symbols: the first page of help."""


def silence_words(rule: Rule, members: int) -> str:
    """What staying silent means in a forum with this rule (and this many members)."""
    if rule is Rule.CONSENSUS and members > 2:
        return "silence is no objection: the item passes if the others accept, and only if nobody answers does silence decide"
    if rule is Rule.MAJORITY:
        return "silence is not a yes: more than half must accept"
    if rule is Rule.WEIGHTED:
        return "silence is not a yes: it withholds the member's weight"
    return "silence is an answer of its own, with its own consequences"


def help_sections(rules: Rules | None) -> list[tuple[str, str]]:
    """The help's pages, in order: (title, Markdown). The legend comes first; without a scenario
    (``rules`` ``None``) only the legend and the keys.
    """
    keys = "\n".join(["| key | does |", "|---|---|", *(f"| {k} | {v} |" for k, v in KEYS)])
    bots = "\n".join(
        [
            "A seat is played by a person at this keyboard or by a bot. Every bot decision says why in the log.",
            "",
            *(f"- **{name}**: {text}" for name, text in BOT_HELP.items()),
            "",
            "A bot given a time budget (`mcts:time=2`) is marked **not reproducible**: how far it searches "
            "depends on the machine, so the same seed may not give the same game.",
        ]
    )
    if rules is None:
        return [("Legend: the board's symbols", LEGEND), ("Keys", keys), ("Seats and bots", bots)]
    intro = [f"# {rules.title}", "", rules.summary, ""]
    if rules.source_title:
        src = f"[{rules.source_title}]({rules.source_url})" if rules.source_url else rules.source_title
        intro += [f"*Based on {src}. Every card shows the sentence of the source it encodes.*", ""]
    return [
        ("Legend: the board's symbols", LEGEND),
        ("About this scenario", "\n".join(intro)),
        ("How a round works", _round_markdown(rules)),
        ("Actors", briefing_markdown(rules)),
        ("Meters", _meters_markdown(rules)),
        ("Forums", _forums_markdown(rules)),
        ("How it can end", _endings_markdown(rules)),
        ("Keys", keys + "\n\nThe full rules are in docs/rules.md."),
        ("Seats and bots", bots),
    ]


def help_markdown(rules: Rules) -> str:
    """The whole help text of a scenario, in Markdown (every page, in order)."""
    return "\n\n".join(f"## {title}\n\n{text}" for title, text in help_sections(rules))


def _round_markdown(rules: Rules) -> str:
    out = [f"The game lasts {len(rules.rounds)} rounds, from {rules.rounds[0]} to {rules.rounds[-1]}. Each round:", ""]
    out += [f"{i}. **{ph.name}**: {phase_words(rules, ph)}" for i, ph in enumerate(rules.phases, 1)]
    one, two, three = ([s.short for s in rules.seats()] * 3)[:3]  # three seats, for the examples
    out += [
        "",
        "Demands and offers go **on the table** in a forum the player chooses and are answered in the answer "
        "phase: accept, reject, counter with a card of your own, or stay silent. Each answer has its own "
        "consequences; the card shows them before you commit. **The table** lists each item with who tabled "
        "it, who must still answer (⏳) and its forum (by its short name, as in Forums, when the board "
        "is narrow).",
        "",
        f"Under the meters, **the actors line** names every seat with who plays it and how many cards it "
        f"still holds: `{one} greedy bot (6 cards)` on a wide board, `{one} greedy (6)` on a narrower one, "
        f"and on the narrowest the seats grouped by who plays them, `you {two} 5 · others {three} 4 · bots {one} 6 …`.",
    ]
    return "\n".join(out)


def _meters_markdown(rules: Rules) -> str:
    out = []
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
    return "\n".join(out) or "This scenario has no meters."


def _forums_markdown(rules: Rules) -> str:
    out = []
    for f in rules.forums:
        members = ", ".join(rules.actors[x].name for x in f.members)
        mem = f" Members: {members}." if members else ""
        out.append(
            f"- **{f.name}** (`@{forum_label(rules, f.id)}`): {forum_words(f)}; "
            f"{silence_words(f.rule, len(f.members))}.{mem} {f.text}"
        )
    return "\n".join(out) or "This scenario has no forums: cards are addressed to an actor."


def _endings_markdown(rules: Rules) -> str:
    out = []
    for e in rules.endings:
        when = f" (as soon as {e.when.text})" if e.when else " (after the last round)" if e.final else ""
        out.append(f"- **{e.name}**{when}. {e.text}")
    return "\n".join(out)


class HelpScreen(ModalScreen[None]):
    """Help in pages: it opens on the legend; ``c`` lists the pages, ``/`` searches them all."""

    BINDINGS = [
        Binding("escape,q,f1,question_mark", "close", "Close"),
        Binding("c", "contents", "Contents"),
        Binding("slash", "search", "Search"),
        Binding("left,[", "page(-1)", "Previous page"),
        Binding("right,]", "page(1)", "Next page"),
    ]

    def __init__(self, rules: Rules | None) -> None:
        """Help for ``rules`` (``None``: the legend and the keys only)."""
        super().__init__()
        self.rules = rules
        self.sections = help_sections(rules)
        self.page = 0
        """The page shown (its index in ``sections``), or -1 for the contents."""

    def compose(self) -> ComposeResult:
        """Search box, contents (hidden until asked for) and the page."""
        with Vertical(classes="dialog wide", id="help-dialog"):
            yield title_line("Help", "c: contents · /: search · ← →: pages")
            yield Input(
                placeholder="/ to search: type a word; Enter opens the first page that has it",
                id="help-search",
                compact=True,
            )
            yield OptionList(id="help-contents")
            with VerticalScroll(id="help"):
                # A Markdown widget does not scroll or take focus itself: its scrolling container does.
                yield Markdown(self.page_markdown(0), id="help-page")

    def page_markdown(self, index: int) -> str:
        """A page as Markdown, with its title and where it is among the pages."""
        title, text = self.sections[index]
        return f"**{title}** · *page {index + 1} of {len(self.sections)} · c: contents*\n\n{text}"

    def on_mount(self) -> None:
        """Open on the legend, with the text focused so arrows scroll it."""
        self.query_one("#help-contents").display = False
        self.query_one("#help", VerticalScroll).focus()

    def show_page(self, index: int) -> None:
        """Show page ``index``."""
        self.page = index % len(self.sections)
        self.query_one("#help-contents").display = False
        scroller = self.query_one("#help", VerticalScroll)
        scroller.display = True
        self.query_one("#help-page", Markdown).update(self.page_markdown(self.page))
        scroller.scroll_home(animate=False)
        scroller.focus()

    def show_contents(self, matches: list[tuple[int, int]] | None = None) -> None:
        """The contents: every page, or the pages a search found (with how often each has the words)."""
        contents = self.query_one("#help-contents", OptionList)
        contents.clear_options()
        if matches is None:
            contents.add_options([Option(f"{i + 1}. {t}", id=str(i)) for i, (t, _) in enumerate(self.sections)])
        elif matches:
            contents.add_options([Option(f"{self.sections[i][0]} ({n})", id=str(i)) for i, n in matches])
        else:
            contents.add_option(Option("Nothing found", id="none", disabled=True))
        self.page = -1
        self.query_one("#help", VerticalScroll).display = False
        contents.display = True
        if contents.option_count:
            contents.highlighted = 0

    def search(self, query: str) -> list[tuple[int, int]]:
        """Pages holding ``query`` (any case), with how many times."""
        q = query.strip().casefold()
        if not q:
            return []
        found = [(i, (t + "\n" + text).casefold().count(q)) for i, (t, text) in enumerate(self.sections)]
        return [(i, n) for i, n in found if n]

    @on(Input.Changed, "#help-search")
    def searched(self, event: Input.Changed) -> None:
        """List the pages that have what is typed."""
        if event.value.strip():
            self.show_contents(self.search(event.value))
        else:
            self.show_contents()

    @on(Input.Submitted, "#help-search")
    def open_first(self, event: Input.Submitted) -> None:
        """Open the first page found."""
        found = self.search(event.value)
        if found:
            self.show_page(found[0][0])

    @on(OptionList.OptionSelected, "#help-contents")
    def open_page(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen page."""
        if event.option.id and event.option.id.isdigit():
            self.show_page(int(event.option.id))

    def action_contents(self) -> None:
        """List every page."""
        self.show_contents()
        self.query_one("#help-contents").focus()

    def action_search(self) -> None:
        """Type to search."""
        self.query_one("#help-search", Input).focus()

    def action_page(self, step: int) -> None:
        """The previous or next page."""
        self.show_page((self.page if self.page >= 0 else 0) + step)

    def action_close(self) -> None:
        """Back to the game; Escape in the search box goes back to the page first."""
        search = self.query_one("#help-search", Input)
        if search.has_focus:
            search.value = ""
            self.show_page(max(0, self.page))
            return
        self.dismiss(None)
