"""dec2021 sweeps: the measured shares behind the scenario's designer's notes (issue #9).

    python benchmarks/dec2021_sweeps.py lines   [--russia BOT] [--games N] [-j W] [--json]
    python benchmarks/dec2021_sweeps.py bounds  [--bots BOT] [--games N] [-j W] [--json]
    python benchmarks/dec2021_sweeps.py history [--seeds N] [--json]
    python benchmarks/dec2021_sweeps.py all     [-j W] [--json]        # the figures of the notes

``--log FILE`` keeps every finished game in FILE (JSON lines) and skips the games already there
on a rerun, so a long sweep that is interrupted goes on where it stopped; a game is reused only
for the same job of the same scenario (its SHA-256), so after an edit every game is played again.

- lines: every Western seat plays one named line (line:consult_counter, line:refuse,
  line:accept) or stays silent (passive), against one Russian bot, on the same seeds for every
  line: the share of games that end in war or in a Russian win, mean final cohesion, the
  endings, and the paired difference of the war-or-Russian-win share between consult_counter
  and each other line with its 95% confidence interval.
- bounds: one bot in every seat; for every meter, the share of games ending at its lowest and
  highest value (more than 40% at a bound is marked, unless an ending is defined by it) and
  its spread (p10, median, p90); endings and win rates.
- history: the historical and Polish scripted lines on N seeds: how the war comes, cohesion,
  and in how many seeds Poland's line builds the pretext a round later or keeps cohesion 2
  higher.

Targets (issue #9): consult_counter at least 15 points below each other line in war-or-Russian
-win share, against heuristic Russia (1,000 games) and mcts:normal Russia (300 games), with
higher mean final cohesion; no meter at one bound in more than 40% of 10,000 games of random
and of heuristic play, except cohesion 0, leverage 10 and escalation 12.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from negsim.scenario.load import load  # noqa: E402
from negsim.sim import GameResult, Job, ScenarioBytes, run_jobs  # noqa: E402
from negsim.tournament import paired  # noqa: E402

SCENARIO = ROOT / "scenarios" / "dec2021.yaml"
LINES = ("line:consult_counter", "line:refuse", "line:accept", "passive")
ENDING_BOUNDS = {("cohesion", "low"), ("leverage", "high"), ("escalation", "high")}
"""Bounds an ending is defined by: ending there is no saturation."""


OPTIONS: dict[str, Path | None] = {"log": None}
"""``log`` (``--log``): a JSON-lines file of finished games, appended to as they finish and reused on a rerun."""


def _key(tag: str, index: int, seed: int, policy: Any, scenario: str) -> str:
    """A logged game's identity: its job and the scenario's digest (a game of an edited scenario is played again)."""
    return json.dumps([tag, index, seed, [list(p) for p in policy], scenario])


def _job(j: Job, scenario: str) -> list[Any]:
    return [j.tag, j.index, j.seed, [list(p) for p in j.policy], scenario]


def _logged() -> dict[str, GameResult]:
    """The games already in the log, by job."""
    log = OPTIONS["log"]
    if log is None or not log.exists():
        return {}
    out: dict[str, GameResult] = {}
    for line in log.read_text().splitlines():
        try:
            d = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short when a sweep was killed mid-write: that game is played again
        job = d.pop("job")
        if len(job) != 5:
            continue  # a log written before games carried their scenario's digest
        for k in ("winners", "played"):
            d[k] = tuple(d[k])
        for k in ("scores", "meters"):
            d[k] = tuple(tuple(x) for x in d[k])
        out[_key(*job)] = GameResult(**d)
    return out


def _games(jobs: list[Job], workers: int) -> list[GameResult]:
    """Play the jobs (in ``workers`` processes); with ``--log``, only those not logged yet, logging each."""
    rules = load(SCENARIO)
    source = ScenarioBytes(raw=SCENARIO.read_bytes(), name=str(SCENARIO))
    log = OPTIONS["log"]
    digest = hashlib.sha256(source.raw).hexdigest()
    have = _logged()
    todo = [j for j in jobs if _key(*_job(j, digest)) not in have]
    done = len(jobs) - len(todo)

    def progress(k: int) -> None:
        nonlocal done
        done += k
        print(f"\r  {done}/{len(jobs)} games", end="", file=sys.stderr, flush=True)

    # With a log, play in slices (10 games, or 50 a worker when each slice starts its worker
    # processes anew), so an interrupted sweep keeps what it played.
    step = len(todo) if log is None else 10 if workers <= 1 else 50 * workers
    if log is not None and log.exists() and not log.read_bytes().endswith(b"\n"):
        with log.open("a") as f:
            f.write("\n")  # end a line cut short, so the next game starts a line of its own
    for i in range(0, len(todo), step):
        part = todo[i : i + step]
        results = run_jobs(source, rules, part, workers, progress, chunk=10)
        if log is not None:
            with log.open("a") as f:
                for j, r in zip(part, results, strict=True):
                    row = {"job": _job(j, digest), **dataclasses.asdict(r)}
                    f.write(json.dumps(row) + "\n")
        for j, r in zip(part, results, strict=True):
            have[_key(*_job(j, digest))] = r
    print(file=sys.stderr)
    return [have[_key(*_job(j, digest))] for j in jobs]


def bad(r: GameResult) -> int:
    """1 if the game ended in war or Russia won."""
    return int(r.ending == "war" or "russia" in r.winners)


def lines(russia: str, games: int, workers: int, seed: int = 11) -> dict[str, Any]:
    """Every Western line against one Russian bot, on the same seeds."""
    rules = load(SCENARIO)
    jobs = []
    for line in LINES:
        policy = tuple((a.id, russia if a.id == "russia" else line) for a in rules.seats())
        jobs += [Job(index=i, seed=seed, policy=policy, tag=line) for i in range(games)]
    t = time.time()
    results = _games(jobs, workers)
    by_line = {line: sorted((r for r in results if r.tag == line), key=lambda r: r.index) for line in LINES}
    out: dict[str, Any] = {"russia": russia, "games": games, "seconds": round(time.time() - t), "lines": {}}
    base = [bad(r) for r in by_line["line:consult_counter"]]
    for line, rs in by_line.items():
        endings: dict[str, int] = {}
        for r in rs:
            endings[r.ending] = endings.get(r.ending, 0) + 1
        entry: dict[str, Any] = {
            "war_or_russian_win": round(statistics.fmean(bad(r) for r in rs), 4),
            "mean_cohesion": round(statistics.fmean(dict(r.meters)["cohesion"] for r in rs), 3),
            "endings": endings,
        }
        if line != "line:consult_counter":
            diff, ci = paired([bad(r) for r in rs], base)
            entry["minus_consult_counter"] = {"diff": round(diff, 4), "ci95": [round(ci[0], 4), round(ci[1], 4)]}
        out["lines"][line] = entry
    return out


def bounds(bots: str, games: int, workers: int, seed: int = 5) -> dict[str, Any]:
    """Meter distributions and endings with one bot in every seat."""
    rules = load(SCENARIO)
    policy = tuple((a.id, bots) for a in rules.seats())
    t = time.time()
    results = _games([Job(index=i, seed=seed, policy=policy) for i in range(games)], workers)
    endings: dict[str, int] = {}
    for r in results:
        endings[r.ending] = endings.get(r.ending, 0) + 1
    meters: dict[str, Any] = {}
    for m in rules.meters:
        values = [dict(r.meters)[m.id] for r in results]
        low = sum(v == m.low for v in values) / games
        high = sum(v == m.high for v in values) / games
        q = statistics.quantiles(values, n=10, method="inclusive")
        saturated = [
            side for side, share in (("low", low), ("high", high)) if share > 0.4 and (m.id, side) not in ENDING_BOUNDS
        ]
        meters[m.id] = {
            "at_min": round(low, 4),
            "at_max": round(high, 4),
            "p10": q[0],
            "median": statistics.median(values),
            "p90": q[8],
            "saturated": saturated,
        }
    return {
        "bots": bots,
        "games": games,
        "seconds": round(time.time() - t),
        "endings": {k: round(v / games, 4) for k, v in sorted(endings.items())},
        "win_rates": {a.id: round(sum(a.id in r.winners for r in results) / games, 4) for a in rules.seats()},
        "mean_scores": {a.id: round(statistics.fmean(dict(r.scores)[a.id] for r in results), 3) for a in rules.seats()},
        "meters": meters,
    }


def history(seeds: int) -> dict[str, Any]:
    """The historical and Polish scripted lines on ``seeds`` seeds."""
    import test_dec2021 as T

    hist = [T.replay(T.PLAYTHROUGHS / "historical.yaml", s) for s in range(1, seeds + 1)]
    pol = [T.replay(T.PLAYTHROUGHS / "poland_line.yaml", s) for s in range(1, seeds + 1)]
    later = closer = either = 0
    for h, p in zip(hist, pol, strict=True):
        h6, p6 = h.first_round("pretext", 6), p.first_round("pretext", 6)
        is_later = h6 is not None and (p6 is None or p6 >= h6 + 1)
        is_closer = p.final("cohesion") >= h.final("cohesion") + 2
        later += is_later
        closer += is_closer
        either += is_later or is_closer
    return {
        "seeds": seeds,
        "historical": {
            "war_by_the_force_card": sum(g.ending == "war" and bool(g.played("ru_preemptive")) for g in hist),
            "war_round": sorted({g.end["round"] for g in hist}),
            "final_cohesion": sorted({g.final("cohesion") for g in hist}),
            "pretext_6_round": sorted({g.first_round("pretext", 6) or 0 for g in hist}),
        },
        "poland_line": {
            "endings": sorted({g.ending for g in pol}),
            "final_cohesion": sorted({g.final("cohesion") for g in pol}),
            "pretext_6_round": sorted({g.first_round("pretext", 6) or 0 for g in pol}),
            "pretext_later": later,
            "cohesion_2_higher": closer,
            "either": either,
        },
    }


def show(title: str, data: dict[str, Any]) -> None:
    """Print one result as an indented block."""
    print(f"\n== {title}")
    print(json.dumps(data, indent=1, ensure_ascii=False))


def main() -> int:
    """Run the chosen sweep and print its figures (or one JSON object)."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("what", choices=["lines", "bounds", "history", "all"])
    ap.add_argument("--russia", default="heuristic", help="Russia's bot for 'lines'")
    ap.add_argument("--bots", default="heuristic", help="the bot in every seat for 'bounds'")
    ap.add_argument("--games", type=int, default=0, help="games per line or per bound sweep")
    ap.add_argument("--seeds", type=int, default=40, help="seeds for 'history'")
    ap.add_argument("-j", "--workers", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--log", type=Path, help="JSON-lines file of finished games: appended to, and reused on a rerun")
    args = ap.parse_args()
    OPTIONS["log"] = args.log
    out: dict[str, Any] = {}
    if args.what == "lines":
        out["lines"] = lines(args.russia, args.games or 1000, args.workers)
    elif args.what == "bounds":
        out["bounds"] = bounds(args.bots, args.games or 10_000, args.workers)
    elif args.what == "history":
        out["history"] = history(args.seeds)
    else:
        out["lines_heuristic"] = lines("heuristic", args.games or 1000, args.workers)
        out["lines_mcts"] = lines("mcts:normal", max(1, (args.games or 1000) * 3 // 10), args.workers)
        out["bounds_random"] = bounds("random", 10_000, args.workers)
        out["bounds_heuristic"] = bounds("heuristic", args.games * 10 if args.games else 10_000, args.workers)
        out["history"] = history(args.seeds)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        for k, v in out.items():
            show(k, v)
    return 0


if __name__ == "__main__":
    sys.exit(main())
