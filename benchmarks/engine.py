"""Engine benchmark: random-playout throughput, step latency and load time per scenario.

    python benchmarks/engine.py [--json] [--seconds S] [SCENARIO ...]

For each scenario (default: every scenarios/*.yaml) it measures, on one core:
- games_per_s, actions_per_s: complete random games (uniform over legal actions, its own RNG),
  each action being legal_actions + a random choice + step (which checks legality);
- step_us: the median time of one ``step`` call;
- load_ms: the median time to read, validate (schema and cross-references), compile and lint;
- validate_process_ms: the median wall time of a whole ``negsim validate`` process;
- malformed_ms: the slowest answer to a set of malformed inputs (deep nesting, 2 MiB of
  flow lists, an alias bomb, a huge key list), each run in a subprocess, with its peak memory.

Targets (issue #2): >= 100,000 actions/s and >= 1,000 games/s on dec2021; load <= 30 ms;
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
from negsim.scenario.load import check, load  # noqa: E402


def playouts(path: Path, seconds: float) -> dict[str, float]:
    """Random games for about ``seconds`` of CPU time."""
    rules = load(path)
    rnd = random.Random(12345).random
    games = actions = 0
    t0 = time.process_time()
    while True:
        s = new_game(rules, games)
        while s.to_move >= 0:
            acts = legal_actions(s)
            s, _ = step(s, acts[int(rnd() * len(acts))])
            actions += 1
        games += 1
        elapsed = time.process_time() - t0
        if elapsed >= seconds:
            break
    return {"games_per_s": games / elapsed, "actions_per_s": actions / elapsed, "actions_per_game": actions / games}


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
        f"{'scenario':<16}{'games/s':>10}{'actions/s':>12}{'act/game':>10}{'step µs':>10}{'load ms':>10}{'validate ms':>13}"
    )
    for name, r in results["scenarios"].items():
        print(
            f"{name:<16}{r['games_per_s']:>10,.0f}{r['actions_per_s']:>12,.0f}{r['actions_per_game']:>10.1f}"
            f"{r['step_us']:>10.1f}{r['load_ms']:>10.1f}{r['validate_process_ms']:>13.0f}"
        )
    if "malformed" in results:
        print("\nmalformed input       answered in   peak memory")
        for name, m in results["malformed"].items():
            print(f"  {name:<20}{m['ms']:>9.0f} ms{m['peak_rss_mb']:>10.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
