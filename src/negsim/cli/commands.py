"""The subcommands ``validate``, ``schema`` and ``run``."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from negsim.core.rules import Rules
    from negsim.session import LoadedSave
    from negsim.sim import ScenarioBytes

BOT_HELP = "a bot spec: NAME or NAME:key=value,... with NAME random, passive, greedy, heuristic or mcts (e.g. mcts:hard, mcts:sims=400)"


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 2 if there are any).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with every file's issues.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems, not the per-file summary.")
def validate(files: tuple[Path, ...], strict: bool, as_json: bool, quiet: bool) -> int:
    """Check scenario FILES: every error and warning, as file:line:col: path: message.

    Exit status 0 if every file is valid, 2 if any has an error (or a warning, with --strict).
    """
    from negsim.jsonio import dumps
    from negsim.scenario.load import check

    failed = False
    results = []
    for f in files:
        report = check(f)
        bad = bool(report.errors) or (strict and bool(report.warnings))
        failed |= bad
        if as_json:
            results.append(
                {
                    "file": report.file,
                    "ok": not bad,
                    "issues": [
                        {
                            "severity": i.severity,
                            "line": i.line,
                            "column": i.column,
                            "path": i.path,
                            "message": i.message,
                        }
                        for i in report.issues
                    ],
                }
            )
            continue
        for issue in report.issues:
            click.echo(str(issue))
        if not quiet:
            e, w = len(report.errors), len(report.warnings)
            status = "invalid" if report.errors else ("fails --strict" if bad else "ok")
            click.echo(f"{report.file}: {status} ({e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)})")
    if as_json:
        click.echo(dumps({"files": results}))
    return 2 if failed else 0


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to a file (atomically) instead of stdout.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "markdown"]),
    default="json",
    show_default=True,
    help="json: the JSON Schema; markdown: the format reference (docs/scenario-format.md).",
)
def schema(output: Path | None, fmt: str) -> int:
    """Print the scenario format's JSON Schema (draft-07, for editors such as yaml-language-server),
    or with --format markdown its reference documentation.

    \b
    In VS Code with the YAML extension, put this first line in a scenario:
      # yaml-language-server: $schema=./scenario.schema.json
    """
    import json

    from negsim.files import check_output
    from negsim.scenario.jsonschema import scenario_schema

    if output is not None:
        check_output(output)

    if fmt == "markdown":
        from negsim.scenario.docs import render_reference

        text = render_reference()
    else:
        text = json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
    write_or_echo(text, output)
    return 0


def write_or_echo(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` atomically and say so on standard error."""
    from negsim.files import write_atomic

    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)


@click.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the game's chance and of the bots.")
@click.option(
    "--bots",
    default="random",
    show_default=True,
    metavar="BOT",
    help="Policy of every seat not given by --seat or the script: " + BOT_HELP + ".",
)
@click.option(
    "--seat",
    "seats",
    multiple=True,
    metavar="ACTOR=BOT",
    help="Policy for one seat, e.g. --seat russia=mcts:hard or --seat RU=heuristic (id or short name; repeatable).",
)
@click.option(
    "--script",
    type=click.Path(path_type=Path),
    help="YAML or JSON list of moves, used in order whenever their actor must decide.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON lines: one event per line, the last one the game's end."
)
@click.option(
    "--rounds",
    type=click.IntRange(min=1),
    help="Play only the first N rounds; the scenario's final ending then comes after round N, and the"
    " outcome says the game was cut short.",
)
@click.option(
    "--seat-view",
    "seat_view",
    metavar="ACTOR",
    help="Print the game as one seat sees it (id or short name): what is hidden from it is left out"
    " (a change it sees whose cause it may not know says so), and only its own bot's reasons are kept.",
)
@click.option(
    "--save",
    "save_to",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the game as a save (a replay, with every bot's reasons) for negsim play --load or negsim report.",
)
def run(
    scenario: Path,
    seed: int,
    bots: str,
    seats: tuple[str, ...],
    script: Path | None,
    as_json: bool,
    rounds: int | None,
    seat_view: str | None,
    save_to: Path | None,
) -> int:
    """Play a headless game of SCENARIO and print its log (or JSON lines) and outcome.

    Same scenario, seed, bots and script give byte-identical output.
    """
    if save_to is not None and rounds is not None:
        raise click.BadParameter("a save replays the whole scenario: it cannot be cut short", param_hint="--rounds")
    if save_to is not None:
        from negsim.files import check_output

        check_output(save_to)  # before the game: a path that cannot be written says so at once
    from negsim.bots import make_bot
    from negsim.core.events import Event, GameEnd, PhaseStarted, RoundStarted
    from negsim.jsonio import dumps, event_dict
    from negsim.narrate import describe, indent
    from negsim.printable import escape
    from negsim.runner import play_out, with_rounds
    from negsim.scenario.load import load
    from negsim.script import load_script

    rules = load(scenario)
    total = len(rules.rounds)
    if rounds is not None:
        rules = with_rounds(rules, rounds)
    cut = {"rounds": len(rules.rounds), "of": total} if len(rules.rounds) < total else None
    policy = _policy(rules, bots, seats)
    players = {a: make_bot(b, a, seed) for a, b in policy.items()}
    moves = load_script(script, rules, policy) if script is not None else None
    out = sys.stdout
    viewer = _actor_arg(rules, seat_view, "--seat-view") if seat_view is not None else None

    if as_json:

        def emit(e: Event, why: str | None) -> None:
            if viewer is not None:
                e, why = _seen(rules, viewer, e, why)
                if e is None:
                    return
            d = event_dict(e)
            if why is not None:
                d["why"] = why
            if cut is not None and isinstance(e, GameEnd):
                d["cut_short"] = cut
            out.write(dumps(d) + "\n")

    else:
        click.echo(f"{rules.title} · seed {seed}")
        header: list[str] = []

        def emit(e: Event, why: str | None) -> None:
            if viewer is not None:
                e, why = _seen(rules, viewer, e, why)
                if e is None:
                    return
            line = describe(rules, e)
            if line is None:
                return
            text = "  " * indent(e) + escape(line) + "\n"
            if why is not None:
                text += "  " * (indent(e) + 2) + f"why: {escape(why)}\n"
            if isinstance(e, PhaseStarted):
                header[:] = [text]  # printed only if something happens in the phase
                return
            if header and not isinstance(e, RoundStarted):
                out.write(header.pop())
            header.clear()
            out.write(text)

    if save_to is None:
        final = play_out(rules, seed, players, moves, emit)
    else:
        from negsim.recorded import play_recorded

        text = scenario.read_text(encoding="utf-8")
        final, session = play_recorded(rules, seed, players, policy, text, str(scenario), moves, emit)
        session.save(save_to)
    if moves is not None and moves.remaining() and not as_json:
        left = moves.remaining()
        click.echo(
            f"note: {len(left)} scripted move(s) were not used; the first is at {left[0].issue_at.file}:{left[0].issue_at.line}",
            err=True,
        )
    if not as_json:
        _print_outcome(final)
        if cut is not None:
            click.echo(f"Cut short by --rounds after round {cut['rounds']} of {cut['of']}.")
    return 0


def _seen(rules: object, seat: str, event: object, why: str | None) -> tuple[Any, str | None]:
    """What ``seat`` sees of an event and the reason beside it (only its own decisions' reasons)."""
    from negsim.core.rules import Rules
    from negsim.core.secrecy import shown

    assert isinstance(rules, Rules)
    e = shown(rules, event, seat)  # type: ignore[arg-type]
    return e, why if e is not None and getattr(e, "actor", None) == seat else None


def _find_seat(rules: object, name: str) -> str | None:
    """The seat ``name`` names (its id or short name, any case), if any."""
    from negsim.core.rules import Rules

    assert isinstance(rules, Rules)
    names = {a.short.casefold(): a.id for a in rules.seats()} | {a.id.casefold(): a.id for a in rules.seats()}
    return names.get(name.strip().casefold())


def _seat_list(rules: object) -> str:
    """Every seat as ``id (SHORT)``, for messages."""
    from negsim.core.rules import Rules

    assert isinstance(rules, Rules)
    return ", ".join(f"{a.id} ({a.short})" for a in rules.seats())


def _actor_arg(rules: object, name: str, hint: str) -> str:
    """The seat an option names (id or short name, any case), or a usage error listing the seats."""
    actor = _find_seat(rules, name)
    if actor is None:
        raise click.BadParameter(f"{name!r}: expected one of {_seat_list(rules)} (any case)", param_hint=hint)
    return actor


def _print_outcome(state: object) -> None:
    from negsim.core.engine import outcome
    from negsim.core.state import GameState
    from negsim.narrate import actor_name

    assert isinstance(state, GameState)
    result = outcome(state)
    assert result is not None
    rules = state.rules
    click.echo("")
    click.echo(f"Ending: {result.name} (round {result.round}, {state.round_label})")
    click.echo("Winners: " + (", ".join(actor_name(rules, w) for w in result.winners) or "nobody"))
    parts = []
    for a in rules.actors:
        if a.win_at is not None:
            mark = " ✓" if a.id in result.winners else ""
            parts.append(f"{a.name} {result.scores[a.id]} (needs {a.win_at}){mark}")
    click.echo("Scores: " + " · ".join(parts))
    meters = []
    for m in rules.meters:
        if m.per_actor:
            continue
        v = result.meters[m.id]
        band = m.band(v)
        meters.append(f"{m.name} {v}" + (f" ({band.name})" if band else ""))
    click.echo("Meters: " + " · ".join(meters))


def read_scenario(path: Path, rounds: int | None = None) -> tuple[ScenarioBytes, Rules]:
    """Read and check a scenario once: its bytes (for batch workers) and its rules (cut to ``rounds``)."""
    from negsim.errors import ScenarioError
    from negsim.inputs import display_name
    from negsim.runner import with_rounds
    from negsim.scenario.load import check_bytes
    from negsim.scenario.yamlread import read_bytes
    from negsim.sim import ScenarioBytes

    name = display_name(path)
    raw = read_bytes(path, name)
    report = check_bytes(raw, name, path.parent, warnings=False)
    if report.rules is None:
        raise ScenarioError(report.errors)
    rules = with_rounds(report.rules, rounds) if rounds else report.rules
    return ScenarioBytes(raw=raw, name=name, rounds=rounds), rules


@contextlib.contextmanager
def progress_bar(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on standard error (shown only on a terminal); yields the function to advance it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    err = Console(stderr=True)
    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda k: bar.advance(task, k)


def split_specs(text: str) -> list[str]:
    """A comma-separated list of bot specs, where a piece ``key=value`` without a colon continues the
    previous spec's options: ``random,mcts:sims=400,depth=15`` is ``random`` and ``mcts:sims=400,depth=15``.
    """
    specs: list[str] = []
    for piece in (p.strip() for p in text.split(",")):
        if not piece:
            continue
        if specs and "=" in piece and ":" not in piece:
            specs[-1] += "," + piece
        else:
            specs.append(piece)
    return specs


def _policy(
    rules: object, default: str, seats: tuple[str, ...], *, humans: bool = False, in_play: bool = False
) -> dict[str, str]:
    """Who plays each seat: ``default``, or what ``--seat ACTOR=BOT`` says (ACTOR: id or short name, any
    case; BOT: a bot spec, or ``human`` where ``humans``). Specs are checked and kept in canonical form.
    """
    from negsim.bots import SpecError, check_spec
    from negsim.core.rules import Rules
    from negsim.session import HUMAN

    assert isinstance(rules, Rules)

    def checked(text: str, hint: str, whole: str) -> str:
        if humans and text.strip().casefold() == HUMAN:
            return HUMAN
        try:
            return str(check_spec(text, rules, in_play=in_play))
        except SpecError as e:
            raise click.BadParameter(f"{whole!r}: {e}" + (" (or human)" if humans else ""), param_hint=hint) from None

    base = checked(default, "--bots", default)
    policy = {a.id: base for a in rules.seats()}
    for spec in seats:
        name, sep, kind = spec.partition("=")
        actor = _find_seat(rules, name)
        if not sep or actor is None:
            what = "human or a bot" if humans else "a bot"
            raise click.BadParameter(
                f"{spec!r}: expected ACTOR=BOT with ACTOR one of {_seat_list(rules)} (any case) and BOT {what}",
                param_hint="--seat",
            )
        policy[actor] = checked(kind, "--seat", spec)
    return policy


@click.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option(
    "-n",
    "--games",
    type=click.IntRange(min=1, max=10_000_000),
    default=1000,
    show_default=True,
    help="Number of games.",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Batch seed; game i uses a seed derived from (seed, i)."
)
@click.option(
    "--bots", default="random", show_default=True, metavar="BOT", help="Policy of every seat: " + BOT_HELP + "."
)
@click.option(
    "--seat", "seats", multiple=True, metavar="ACTOR=BOT", help="Policy for one seat, e.g. RU=greedy (repeatable)."
)
@click.option(
    "-j", "--workers", type=click.IntRange(min=1, max=256), default=1, show_default=True, help="Worker processes."
)
@click.option("--rounds", type=click.IntRange(min=1), help="Play only the first N rounds.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option(
    "--games-out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write every game's result as JSON lines (atomically).",
)
def simulate(
    scenario: Path,
    games: int,
    seed: int,
    bots: str,
    seats: tuple[str, ...],
    workers: int,
    rounds: int | None,
    as_json: bool,
    games_out: Path | None,
) -> int:
    """Play many headless games of SCENARIO and show how they end: endings, winners, meters,
    and which cards predict the ending. For balancing a scenario.

    Results depend only on the scenario, --games, --seed, the bots and --rounds, never on --workers.
    """
    from rich.console import Console

    from negsim.jsonio import dumps
    from negsim.sim import run_batch, summarise, summary_json

    if games_out is not None:
        from negsim.files import check_output

        check_output(games_out)  # before the run, not after it
    source, rules = read_scenario(scenario, rounds)
    policy = _policy(rules, bots, seats)
    with progress_bar("simulating", games) as advance:
        results = run_batch(source, rules, games, seed, policy, workers=workers, progress=advance)
    summary = summarise(results)
    if games_out is not None:
        from negsim.files import write_atomic

        lines = [
            dumps(
                {
                    "index": r.index,
                    "seed": r.seed,
                    "ending": r.ending,
                    "round": r.round,
                    "winners": list(r.winners),
                    "scores": dict(r.scores),
                    "meters": dict(r.meters),
                    "played": list(r.played),
                    "actions": r.actions,
                }
            )
            for r in results
        ]
        write_atomic(games_out, "\n".join(lines) + "\n")
    if as_json:
        data = summary_json(summary, rules)
        data.update({"scenario": rules.id, "seed": seed, "bots": policy})
        click.echo(dumps(data))
        return 0
    from negsim.cli.report import print_summary

    print_summary(Console(), rules, summary, seed=seed, policy=policy)
    return 0


@click.command()
@click.argument("scenario", required=False, type=click.Path(path_type=Path))
@click.option(
    "--seat",
    "seats",
    multiple=True,
    metavar="ACTOR=human|BOT",
    help="Who plays a seat: human or a bot spec (random, passive, greedy, heuristic, mcts, mcts:hard, mcts:time=2 ...), e.g. --seat RU=human (ACTOR: an actor's id or short name, any case; repeatable). Seats not given are played by the heuristic bot. Without any --seat a new-game screen asks.",
)
@click.option("--seed", type=int, help="Seed of the game (shown, so a session can be reproduced). Random if omitted.")
@click.option(
    "--load", "load_path", type=click.Path(path_type=Path), help="Continue a saved game (a save is also a replay)."
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0, max=10),
    default=0.4,
    show_default=True,
    help="Seconds between bot moves (+ and - change it in play).",
)
@click.option(
    "--tutorial",
    is_flag=True,
    help="A guided first round of the scenario as Poland: reading the board, tabling a demand, answering, the"
    " preview and the log, then the game goes on. Needs an interactive terminal (never runs under CI).",
)
@click.option(
    "--no-autosave",
    is_flag=True,
    help="Do not autosave, and do not offer to resume an interrupted game. Without it, a new game (also one"
    " started with --seat) whose scenario's autosave holds an unfinished game first offers to resume that one.",
)
def play(
    scenario: Path | None,
    seats: tuple[str, ...],
    seed: int | None,
    load_path: Path | None,
    delay: float,
    tutorial: bool,
    no_autosave: bool,
) -> int:
    """Play SCENARIO (default scenarios/dec2021.yaml, here or as installed) in the terminal, against bots or hot-seat.

    \b
    Examples:
      negsim play                                   # new-game screen
      negsim play --seat poland=human --seed 7      # you are Poland, bots play the rest
      negsim play --seat usa=human --seat russia=human   # hot seat, two players
      negsim play --seat russia=mcts --seat usa=heuristic --seat poland=heuristic \\
                  --seat germany=heuristic --seat nato=heuristic   # watch the bots
      negsim play --load game.json                  # continue a saved game
      negsim play --tutorial                        # a guided first round
    """
    import random as _random

    from negsim.bundled import default_scenario
    from negsim.session import Session, state_dir
    from negsim.tutorial import first_time, interactive

    loaded = _open_save(load_path, scenario, seats, seed) if load_path is not None else None
    if scenario is None:
        scenario = default_scenario()
    if tutorial and (seats or load_path is not None):
        raise click.UsageError("--tutorial starts its own game: leave out --seat and --load")
    if tutorial and not interactive():
        raise click.UsageError("--tutorial needs an interactive terminal, and does not run under CI")

    session = None
    if loaded is None and seats:
        from negsim.scenario.load import check

        report = check(scenario, warnings=False)
        if report.rules is None:
            from negsim.errors import ScenarioError

            raise ScenarioError(report.errors)
        rules = report.rules
        chosen = _policy(rules, "heuristic", seats, humans=True, in_play=True)
        game_seed = seed if seed is not None else _random.randrange(1, 1_000_000)
        session = Session.new(rules, game_seed, chosen, report.text, str(scenario), in_play=True)
    elif loaded is None and not scenario.exists():
        raise click.BadParameter(f"no scenario at {scenario}", param_hint="SCENARIO")
    from negsim.tui.app import NegsimApp

    app = NegsimApp(
        scenario=str(scenario),
        session=session,
        loaded=loaded,
        seed=seed,
        bot_delay=delay,
        autosave=not no_autosave,
        offer_resume=not no_autosave and load_path is None,  # also before a new game that --seat starts
        tutorial=tutorial,
        # A first run in a terminal (no game saved yet) is offered the guided round before the new-game screen.
        offer_tutorial=session is None and not tutorial and interactive() and first_time(state_dir()),
    )
    app.run()
    if session is not None or app.return_code:
        return app.return_code or 0
    return 0


def _open_save(path: Path, scenario: Path | None, seats: tuple[str, ...], seed: int | None) -> LoadedSave:
    """``play --load``: the save read and replayed; usage errors for options it would silently ignore."""
    from negsim.saverules import Verdict
    from negsim.session import open_save

    ignored = [o for o, given in (("--seat", seats), ("--seed", seed is not None)) if given]
    if ignored:
        raise click.UsageError(
            f"{' and '.join(ignored)} cannot be given with --load: a saved game keeps its own seats and seed"
        )
    loaded = open_save(path, scenario)
    if scenario is not None and (loaded.check.verdict is Verdict.NONE or Path(loaded.check.reference) != scenario):
        raise click.UsageError(
            f"{scenario} is not the scenario of {path} ({loaded.session.rules.id}): leave SCENARIO out to continue"
            " the save, or give that scenario's file"
        )
    return loaded


@click.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option(
    "--bots",
    "bot_list",
    default="random,greedy,heuristic,mcts:normal",
    show_default=True,
    metavar="BOT,BOT,...",
    help="The bots to put in each seat, weakest first (each is compared with the one before it), separated by"
    " commas; a spec's own options follow it: random,heuristic,mcts:sims=400,depth=20.",
)
@click.option("--field", default="heuristic", show_default=True, metavar="BOT", help="The bot in every other seat.")
@click.option(
    "-n", "--games", type=click.IntRange(min=2, max=1_000_000), default=500, show_default=True, help="Games per cell."
)
@click.option(
    "--games-for",
    "caps",
    multiple=True,
    metavar="BOT=N",
    help="Fewer games for a slow bot, e.g. --games-for mcts:normal=200 (its first N seeds; repeatable).",
)
@click.option(
    "--seat",
    "only",
    multiple=True,
    metavar="ACTOR",
    help="Only these seats (id or short name; repeatable). Default: every seat.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Batch seed; game i of every cell uses (seed, i).")
@click.option(
    "-j", "--workers", type=click.IntRange(min=1, max=256), default=1, show_default=True, help="Worker processes."
)
@click.option("--json", "as_json", is_flag=True, help="Print the table as one JSON object.")
@click.option("--markdown", "as_markdown", is_flag=True, help="Print the table in Markdown (as in docs/bots.md).")
def tournament(
    scenario: Path,
    bot_list: str,
    field: str,
    games: int,
    caps: tuple[str, ...],
    only: tuple[str, ...],
    seed: int,
    workers: int,
    as_json: bool,
    as_markdown: bool,
) -> int:
    """A strength table: each bot in each seat of SCENARIO against a fixed field, on the same seeds.

    For every seat, every bot plays the same games (seed i, the field in the other seats), so
    two bots are compared game by game: each row gives the mean score, the win rate, and the
    mean paired difference against the bot before it with its 95% confidence interval.
    Results never depend on --workers.
    """
    from negsim import tournament as T
    from negsim.jsonio import dumps
    from negsim.sim import run_jobs

    source, rules = read_scenario(scenario)
    base = _policy(rules, field, ())
    bots = [_policy(rules, b, ())[rules.seats()[0].id] for b in split_specs(bot_list)]
    if len(set(bots)) != len(bots):
        raise click.BadParameter("a bot is listed twice", param_hint="--bots")
    limits: dict[str, int] = {}
    for cap in caps:
        spec, eq, n = cap.rpartition("=")
        checked = _policy(rules, spec, ())[rules.seats()[0].id] if eq and spec else ""
        if checked not in bots or not n.strip().isdigit() or int(n) < 2:
            raise click.BadParameter(
                f"{cap!r}: expected BOT=N with BOT one of --bots and N >= 2", param_hint="--games-for"
            )
        limits[checked] = int(n)
    names = {a.short.casefold(): a.id for a in rules.seats()} | {a.id.casefold(): a.id for a in rules.seats()}
    seats = []
    for s in only:
        if s.strip().casefold() not in names:
            raise click.BadParameter(f"{s!r} is not a seat of {rules.id}", param_hint="--seat")
        seats.append(names[s.strip().casefold()])
    todo = T.jobs(rules, bots, next(iter(base.values())), games, seed, limits, seats or None)
    with progress_bar("tournament", len(todo)) as advance:
        results = run_jobs(source, rules, todo, workers, advance, chunk=10)
    cells = T.table(rules, bots, results)
    if as_json:
        data = T.table_json(cells)
        data.update({"scenario": rules.id, "seed": seed, "field": next(iter(base.values())), "bots": bots})
        click.echo(dumps(data))
    elif as_markdown:
        click.echo(T.table_markdown(rules, cells), nl=False)
    else:
        from rich.console import Console

        from negsim.cli.report import print_tournament

        print_tournament(Console(), rules, cells, seed=seed, field=next(iter(base.values())))
    return 0
