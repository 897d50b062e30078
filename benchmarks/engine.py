"""Engine benchmark: random-playout throughput, step latency and load time per scenario.

    python benchmarks/engine.py [--json] [--seconds S] [SCENARIO ...]

For each scenario (default: every scenarios/*.yaml) it measures, on one core:
- games_per_s, actions_per_s: complete random games (uniform over legal actions, its own RNG),
  each action being legal_actions + a random choice + step (which checks legality and records
  the events);
- search_actions_per_s: the same random games as search plays them (``Playout``: actions
  applied in place, no events);
- bare_loop_per_s and the ratios step_per_bare / search_per_bare (actions per 1,000 iterations
  of a bare Python loop measured in the same run: the machine is noisy, compare ratios);
- mcts_ms_per_1000_sims: one ``mcts`` decision from a mid-game state at the default rollout
  depth, per 1,000 simulations; mcts_pure_ms_per_1000_sims: the same with ``prior=none,greedy=0,depth=40``
  (the search as it was before the heuristic prior and MAST rollouts, issue #8) and
  mcts_vs_pure their ratio; mcts_normal_worst_ms: the slowest ``mcts:normal`` decision of one
  all-heuristic game (every third decision with a choice), in wall time and, less sensitive to
  other work on the machine, in CPU time (mcts_normal_worst_cpu_ms); heuristic_ms: one ``heuristic``
  decision at the mid-game state;
- step_us: the median time of one ``step`` call;
- load_ms: the median time to read, validate (schema and cross-references), compile and lint;
- validate_process_ms: the median wall time of a whole ``negsim validate`` process;
- malformed_ms: the slowest answer to a set of malformed inputs (deep nesting, 2 MiB of
  flow lists, an alias bomb, a huge key list), each run in a subprocess, with its peak memory.

Targets: >= 150,000 dec2021 actions/s in random playouts as search runs them, one mcts
decision at 1,000 simulations <= 1 s and every mcts:normal decision <= 1.5 s (issue #8);
>= 100,000 actions/s and >= 1,000 games/s through the public step (issue #2); load <= 30 ms;
``negsim validate`` <= 0.4 s; any malformed scenario answered in <= 1 s with bounded memory.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from negsim.core.engine import legal_actions, new_game, step  # noqa: E402
from negsim.core.rules import Rules  # noqa: E402
from negsim.core.search import Playout  # noqa: E402
from negsim.scenario.load import check, load  # noqa: E402


def bare_loop(n: int = 300_000) -> float:
    """Iterations per second of a bare Python loop (a yardstick for this machine, measured in the same run)."""
    t = time.process_time()
    x = 0
    for i in range(n):
        x = (x * 31 + i) & 0xFFFF
    return n / (time.process_time() - t)


def _step_games(rules: Rules, games: int, first: int) -> tuple[int, int]:
    """Random games through the public API (legal_actions, a random choice, step with its events)."""
    rnd = random.Random(first).random
    actions = 0
    for g in range(first, first + games):
        s = new_game(rules, g)
        while s.to_move >= 0:
            acts = legal_actions(s)
            s, _ = step(s, acts[int(rnd() * len(acts))])
            actions += 1
    return games, actions


def _search_games(rules: Rules, games: int, first: int) -> tuple[int, int]:
    """Random games as search plays them: one ``Playout`` per game, actions applied in place, no events."""
    rnd = random.Random(first).random
    actions = 0
    for g in range(first, first + games):
        p = Playout(new_game(rules, g))
        while p.to_move >= 0:
            acts = p.legal()
            p.apply(acts[int(rnd() * len(acts))])
            actions += 1
    return games, actions


def playouts(path: Path, seconds: float) -> dict[str, float]:
    """Random games for about ``seconds`` of CPU time, in short alternating chunks of each kind.

    The machine is noisy: each kind's figure is the best chunk (the run least disturbed), and a
    bare Python loop measured between the chunks gives the yardstick for ratios.
    """
    rules = load(path)
    best = {"step": 0.0, "search": 0.0, "bare": 0.0}
    games = {"step": 0, "search": 0}
    actions = {"step": 0, "search": 0}
    t_end = time.process_time() + seconds
    first = 0
    while time.process_time() < t_end:
        for kind, run in (("step", _step_games), ("search", _search_games)):
            t = time.process_time()
            g, n = run(rules, 40, first)
            el = time.process_time() - t
            best[kind] = max(best[kind], n / el)
            games[kind] += g
            actions[kind] += n
        best["bare"] = max(best["bare"], bare_loop())
        first += 40
    return {
        "actions_per_s": best["step"],
        "games_per_s": best["step"] / (actions["step"] / games["step"]),
        "actions_per_game": actions["step"] / games["step"],
        "search_actions_per_s": best["search"],
        "bare_loop_per_s": best["bare"],
        "step_per_bare": best["step"] / best["bare"] * 1000,
        "search_per_bare": best["search"] / best["bare"] * 1000,
    }


def mcts_cost(path: Path, sims: int = 1000, runs: int = 3) -> dict[str, float]:
    """Milliseconds of one ``mcts`` decision per 1,000 simulations, from a mid-game state at the
    default rollout depth (best of ``runs``), and of one ``heuristic`` decision there."""
    from negsim.bots import make_bot, observe

    rules = load(path)
    for seed in range(3, 1000):  # the first random game still going in the middle of the game
        rnd = random.Random(seed)
        s = new_game(rules, seed)
        while s.round < len(rules.rounds) // 2 and s.to_move >= 0:
            acts = legal_actions(s)
            s, _ = step(s, acts[rnd.randrange(len(acts))])
        while s.to_move >= 0 and len(legal_actions(s)) < 3:
            acts = legal_actions(s)
            s, _ = step(s, acts[rnd.randrange(len(acts))])
        if s.to_move >= 0:
            break
    obs = observe(s)
    out: dict[str, float] = {}
    for name, spec, scale in (
        ("mcts_ms_per_1000_sims", f"mcts:sims={sims}", 1000 / sims),
        ("mcts_pure_ms_per_1000_sims", f"mcts:sims={sims},prior=none,greedy=0,depth=40", 1000 / sims),
        ("heuristic_ms", "heuristic", 1.0),
    ):
        times = []
        for r in range(runs):
            bot = make_bot(spec, obs.seat, r)
            t = time.perf_counter()
            bot.decide(obs)
            times.append((time.perf_counter() - t) * 1000 * scale)
        out[name] = min(times)
    out["mcts_vs_pure"] = out["mcts_ms_per_1000_sims"] / out["mcts_pure_ms_per_1000_sims"]
    # The slowest mcts:normal decision of one all-heuristic game (every third decision with a choice).
    s = new_game(rules, 1)
    field = {a.id: make_bot("heuristic", a.id, 1) for a in rules.seats()}
    worst = worst_cpu = 0.0
    k = 0
    while s.to_move >= 0:
        o = observe(s)
        if len(o.legal) > 1:
            k += 1
            if k % 3 == 1:
                t, c = time.perf_counter(), time.process_time()
                make_bot("mcts:normal", o.seat, 1).decide(o)
                worst = max(worst, (time.perf_counter() - t) * 1000)
                worst_cpu = max(worst_cpu, (time.process_time() - c) * 1000)
        s, _ = step(s, field[o.seat].decide(o).action, log=False)
    out["mcts_normal_worst_ms"] = worst
    out["mcts_normal_worst_cpu_ms"] = worst_cpu
    return out


def step_latency(path: Path, samples: int = 20000) -> float:
    """Median microseconds of one ``step`` (legality check included)."""
    rules = load(path)
    rng = random.Random(7)
    times: list[int] = []
    seed = 0
    clock = time.perf_counter_ns
    while len(times) < samples:
        s = new_game(rules, seed)
        seed += 1
        while s.to_move >= 0 and len(times) < samples:
            acts = legal_actions(s)
            a = acts[rng.randrange(len(acts))]
            t = clock()
            s, _ = step(s, a)
            times.append(clock() - t)
    return statistics.median(times) / 1000


def load_time(path: Path, runs: int = 15) -> float:
    """Median milliseconds to check a scenario in-process (read, validate, compile, lint)."""
    check(path)  # warm imports and caches
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        report = check(path)
        times.append(time.perf_counter() - t)
        assert report.rules is not None, report.issues
    return statistics.median(times) * 1000


def _process_ms(args: list[str], runs: int) -> tuple[float, int]:
    times = []
    rss = 0
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                "import resource, sys\nfrom negsim.cli.main import main\nimport atexit\n"
                "atexit.register(lambda: print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr))\nmain()",
                *args,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        times.append(time.perf_counter() - t)
        last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "0"
        rss = max(rss, int(last) if last.isdigit() else 0)
    return statistics.median(times) * 1000, rss


def validate_process(path: Path) -> float:
    """Median wall-clock milliseconds of ``negsim validate FILE`` as a whole process."""
    return _process_ms(["validate", str(path)], 5)[0]


def malformed() -> dict[str, dict[str, float]]:
    """Time and peak memory of ``negsim validate`` on malformed inputs."""
    cases: dict[str, bytes] = {
        "deep_nesting": b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "deep_block": "".join(" " * i + "k:\n" for i in range(200)).encode(),
        "alias_bomb": b"a: &a [x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n".encode()
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "two_mib_flow": b"x: [" + b"1, " * (2 * 1024 * 1024 // 3 - 10) + b"1]\n",
        "oversize": b"#" * (2 * 1024 * 1024 + 10),
        "many_errors": b"negsim: 1\nid: x\n" + b"".join(f"k{i}: 1\n".encode() for i in range(50000)),
        "binary": bytes(range(256)) * 100,
    }
    out = {}
    with tempfile.TemporaryDirectory() as d:
        for name, data in cases.items():
            p = Path(d) / f"{name}.yaml"
            p.write_bytes(data)
            ms, rss = _process_ms(["validate", str(p)], 1)
            out[name] = {"ms": ms, "peak_rss_mb": rss / 1024}
    return out


def main() -> int:
    """Run the benchmark and print a table or one JSON object."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("scenarios", nargs="*", type=Path, help="scenario files (default: scenarios/*.yaml)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--seconds", type=float, default=5.0, help="CPU seconds of random playouts per scenario")
    ap.add_argument("--skip-malformed", action="store_true", help="skip the malformed-input checks")
    args = ap.parse_args()
    paths = args.scenarios or sorted((ROOT / "scenarios").glob("*.yaml"))
    results: dict[str, Any] = {"scenarios": {}}
    for path in paths:
        print(f"benchmarking {path.name} ...", file=sys.stderr, flush=True)
        r = playouts(path, args.seconds)
        r.update(mcts_cost(path))
        r["step_us"] = step_latency(path)
        r["load_ms"] = load_time(path)
        r["validate_process_ms"] = validate_process(path)
        results["scenarios"][path.stem] = {k: round(v, 2) for k, v in r.items()}
    if not args.skip_malformed:
        print("malformed inputs ...", file=sys.stderr, flush=True)
        results["malformed"] = {k: {kk: round(vv, 1) for kk, vv in v.items()} for k, v in malformed().items()}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(
        f"{'scenario':<12}{'games/s':>9}{'actions/s':>11}{'search/s':>11}{'act/game':>9}{'step µs':>9}"
        f"{'mcts ms/1k':>11}{'pure':>7}{'worst ms':>9}{'heur ms':>9}{'load ms':>9}{'validate ms':>12}"
    )
    for name, r in results["scenarios"].items():
        print(
            f"{name:<12}{r['games_per_s']:>9,.0f}{r['actions_per_s']:>11,.0f}{r['search_actions_per_s']:>11,.0f}"
            f"{r['actions_per_game']:>9.1f}{r['step_us']:>9.1f}{r['mcts_ms_per_1000_sims']:>11.0f}"
            f"{r['mcts_pure_ms_per_1000_sims']:>7.0f}{r['mcts_normal_worst_ms']:>9.0f}{r['heuristic_ms']:>9.1f}{r['load_ms']:>9.1f}{r['validate_process_ms']:>12.0f}"
        )
        print(
            f"{'':<12}bare Python loop {r['bare_loop_per_s']:,.0f}/s in the same run: "
            f"{r['step_per_bare']:.2f} step actions and {r['search_per_bare']:.2f} search actions per 1,000 iterations"
        )
    if "malformed" in results:
        print("\nmalformed input       answered in   peak memory")
        for name, m in results["malformed"].items():
            print(f"  {name:<20}{m['ms']:>9.0f} ms{m['peak_rss_mb']:>10.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
