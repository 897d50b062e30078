"""The subcommands ``validate``, ``schema`` and ``run``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from negsim.session import LoadedSave

BOT_NAMES = ("random", "greedy", "passive")


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

    from negsim.files import check_output, write_atomic
    from negsim.scenario.jsonschema import scenario_schema

    if output is not None:
        check_output(output)

    if fmt == "markdown":
        from negsim.scenario.docs import render_reference

        text = render_reference()
    else:
        text = json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    return 0


@click.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the game's chance and of the bots.")
@click.option(
    "--bots",
    type=click.Choice(BOT_NAMES),
    default="random",
    show_default=True,
    help="Policy of every seat not given by --seat or the script.",
)
@click.option(
    "--seat",
    "seats",
    multiple=True,
    metavar="ACTOR=BOT",
    help="Policy for one seat, e.g. --seat russia=greedy or --seat RU=greedy (id or short name; repeatable).",
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
def run(
    scenario: Path,
    seed: int,
    bots: str,
    seats: tuple[str, ...],
    script: Path | None,
    as_json: bool,
    rounds: int | None,
) -> int:
    """Play a headless game of SCENARIO and print its log (or JSON lines) and outcome.

    Same scenario, seed, bots and script give byte-identical output.
    """
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

    if as_json:

        def emit(e: Event) -> None:
            d = event_dict(e)
            if cut is not None and isinstance(e, GameEnd):
                d["cut_short"] = cut
            out.write(dumps(d) + "\n")

    else:
        click.echo(f"{rules.title} · seed {seed}")
        header: list[str] = []

        def emit(e: Event) -> None:
            line = describe(rules, e)
            if line is None:
                return
            text = "  " * indent(e) + escape(line) + "\n"
            if isinstance(e, PhaseStarted):
                header[:] = [text]  # printed only if something happens in the phase
                return
            if header and not isinstance(e, RoundStarted):
                out.write(header.pop())
            header.clear()
            out.write(text)

    final = play_out(rules, seed, players, moves, emit)
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


def _policy(rules: object, default: str, seats: tuple[str, ...], kinds: tuple[str, ...] = BOT_NAMES) -> dict[str, str]:
    """Who plays each seat: ``default``, or what ``--seat ACTOR=KIND`` says (ACTOR: id or short name, any case)."""
    from negsim.core.rules import Rules

    assert isinstance(rules, Rules)
    policy = {a.id: default for a in rules.seats()}
    names = {a.short.casefold(): a.id for a in rules.seats()} | {a.id.casefold(): a.id for a in rules.seats()}
    for spec in seats:
        name, sep, kind = spec.partition("=")
        actor = names.get(name.strip().casefold())
        kind = kind.strip().casefold()
        if not sep or actor is None or kind not in kinds:
            word = "BOT" if kinds == BOT_NAMES else "KIND"
            valid = ", ".join(f"{a.id} ({a.short})" for a in rules.seats())
            raise click.BadParameter(
                f"{spec!r}: expected ACTOR={word} with ACTOR one of {valid} (any case)"
                f" and {word} one of {', '.join(kinds)}",
                param_hint="--seat",
            )
        policy[actor] = kind
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
@click.option("--bots", type=click.Choice(BOT_NAMES), default="random", show_default=True, help="Policy of every seat.")
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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from negsim.jsonio import dumps
    from negsim.runner import with_rounds
    from negsim.scenario.load import load
    from negsim.sim import run_batch, summarise, summary_json

    if games_out is not None:
        from negsim.files import check_output

        check_output(games_out)  # before the run, not after it
    rules = load(scenario)
    if rounds is not None:
        rules = with_rounds(rules, rounds)
    policy = _policy(rules, bots, seats)
    err = Console(stderr=True)
    with Progress(
        TextColumn("simulating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task("games", total=games)
        results = run_batch(
            scenario,
            rules,
            games,
            seed,
            policy,
            workers=workers,
            rounds=rounds,
            progress=lambda k: bar.advance(task, k),
        )
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
    help="Who plays a seat: human, random, greedy or passive, e.g. --seat RU=human (ACTOR: an actor's id or short name, any case; repeatable). Seats not given are played by the greedy bot. Without any --seat a new-game screen asks.",
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
    no_autosave: bool,
) -> int:
    """Play SCENARIO (default scenarios/dec2021.yaml, here or as installed) in the terminal, against bots or hot-seat.

    \b
    Examples:
      negsim play                                   # new-game screen
      negsim play --seat poland=human --seed 7      # you are Poland, bots play the rest
      negsim play --seat usa=human --seat russia=human   # hot seat, two players
      negsim play --seat russia=greedy --seat usa=greedy --seat poland=greedy \\
                  --seat germany=greedy --seat nato=greedy   # watch the bots
      negsim play --load game.json                  # continue a saved game
    """
    import random as _random

    from negsim.bundled import default_scenario
    from negsim.session import HUMAN, Session

    loaded = _open_save(load_path, scenario, seats, seed) if load_path is not None else None
    if scenario is None:
        scenario = default_scenario()

    session = None
    if loaded is None and seats:
        from negsim.scenario.load import check

        report = check(scenario, warnings=False)
        if report.rules is None:
            from negsim.errors import ScenarioError

            raise ScenarioError(report.errors)
        rules = report.rules
        chosen = _policy(rules, "greedy", seats, (HUMAN, *BOT_NAMES))
        game_seed = seed if seed is not None else _random.randrange(1, 1_000_000)
        session = Session.new(rules, game_seed, chosen, report.text, str(scenario))
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
