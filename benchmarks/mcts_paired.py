"""Paired comparison of a bot against the all-heuristic games, seat by seat (a quick strength check).

Each line is a game: its index, the bot's score, the heuristic's score on the same seed; the last
line is a JSON summary (means, win rates, i.e. a final score at or above the seat's ``win_at``,
and the mean paired difference with its 95% CI).

    python benchmarks/mcts_paired.py SEAT BOT [--games N] [--first I] [--cache FILE] [--scenario FILE]

Game ``i`` uses the seed ``derive(0, i)`` and the ``heuristic`` field in every other seat, as
``negsim tournament`` does, so the figures are the same as its ``BOT vs heuristic`` cell on the
same games. The all-heuristic games (the heuristic cell of every seat) are played once and
cached in ``--cache``; one worker, one process.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from negsim.scenario.load import load  # noqa: E402
from negsim.sim import Job, play_one  # noqa: E402
from negsim.tournament import paired  # noqa: E402


def main() -> None:
    """Play the games and print the paired difference with its 95% CI."""
    ap = argparse.ArgumentParser()
    ap.add_argument("seat")
    ap.add_argument("bot")
    ap.add_argument("--games", type=int, default=40)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--cache", default="/tmp/negsim-heuristic-dec2021.json")
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "dec2021.yaml"))
    args = ap.parse_args()
    rules = load(Path(args.scenario))
    seats = [a.id for a in rules.seats()]
    cache = Path(args.cache)
    base: dict[str, dict[str, int]] = json.loads(cache.read_text()) if cache.exists() else {}
    idx = range(args.first, args.first + args.games)
    missing = [i for i in idx if str(i) not in base]
    for i in missing:
        r = play_one(rules, Job(index=i, seed=0, policy=tuple((s, "heuristic") for s in seats)))
        base[str(i)] = dict(r.scores)
        cache.write_text(json.dumps(base))
    xs: list[float] = []
    ys: list[float] = []
    t0 = time.perf_counter()
    for i in idx:
        policy = tuple((s, args.bot if s == args.seat else "heuristic") for s in seats)
        r = play_one(rules, Job(index=i, seed=0, policy=policy))
        xs.append(dict(r.scores)[args.seat])
        ys.append(base[str(i)][args.seat])
        print(i, xs[-1], ys[-1], flush=True)
    mean, (lo, hi) = paired(xs, ys)
    win_at = rules.actors[rules.actor_index[args.seat]].win_at
    wins = [sum(v >= win_at for v in vs) / len(vs) if win_at is not None else None for vs in (xs, ys)]
    secs = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "seat": args.seat,
                "bot": args.bot,
                "games": len(xs),
                "mean_bot": sum(xs) / len(xs),
                "mean_heuristic": sum(ys) / len(ys),
                "win_rate_bot": wins[0],
                "win_rate_heuristic": wins[1],
                "diff": round(mean, 4),
                "ci95": [round(lo, 4), round(hi, 4)],
                "seconds": round(secs, 1),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
