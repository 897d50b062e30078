"""Served-game benchmark (issue #13): how fast a move reaches the other clients, and many games at once.

    python benchmarks/serve.py [--json] [--games N] [--moves N]

(a) Propagation: one dec2021 game served from another process with five human seats; five
    clients and the facilitator's on loopback. Each move is sent by the seat to move (a fixed
    script: its first legal action); for every other client, the time from sending the move to
    receiving the update that holds it. Median and 95th percentile over all (move, client) pairs.
(b) Load: N games (default 50) of heuristic bots served from one other process (one event loop,
    the bots in its worker threads, every move autosaved atomically), one observing client each
    (the facilitator's token) in this process. Each update's delay is from the server's send to
    the client's receipt (one machine's clock); the median of each client, then their median and
    worst, and the moves served per second.

Targets (issue #13): (a) median <= 100 ms; (b) every client's median update <= 250 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import negsim  # noqa: E402
from negsim.net.client import Client  # noqa: E402
from negsim.net.host import Host  # noqa: E402
from negsim.net.server import GameServer  # noqa: E402
from negsim.net.tokens import FACILITATOR  # noqa: E402
from negsim.session import Session  # noqa: E402

DEC2021 = ROOT / "scenarios" / "dec2021.yaml"
SEATS = ("russia", "usa", "poland", "germany", "nato")


def farm(pipe: Connection, games: int, seats: str, folder: str) -> None:
    """Serve ``games`` games in one event loop (``seats``: ``human`` or ``heuristic`` in every seat);
    send back [(port, tokens)], then serve until killed. Each game starts paused.
    """

    async def main() -> None:
        rules = negsim.load(DEC2021)
        text = DEC2021.read_text(encoding="utf-8")
        out = []
        servers = []
        for g in range(games):
            session = Session.new(rules, g + 1, dict.fromkeys(SEATS, seats), text, str(DEC2021), in_play=True)
            host, tokens = Host.start(session, Path(folder) / f"game{g}.json")
            host.paused = True
            server = GameServer(host)
            ready: asyncio.Future[int] = asyncio.get_running_loop().create_future()
            servers.append(asyncio.create_task(server.run("127.0.0.1", 0, ready.set_result)))
            out.append((await ready, tokens))
        pipe.send(out)
        await asyncio.gather(*servers)

    asyncio.run(main())


def start_farm(games: int, seats: str, folder: str) -> tuple[multiprocessing.process.BaseProcess, list[Any]]:
    ctx = multiprocessing.get_context("spawn")
    ours, theirs = ctx.Pipe()
    proc = ctx.Process(target=farm, args=(theirs, games, seats, folder), daemon=True)
    proc.start()
    return proc, ours.recv()


async def propagation(moves: int, folder: str) -> dict[str, Any]:
    proc, [(port, tokens)] = start_farm(1, "human", folder)
    url = f"ws://127.0.0.1:{port}"
    try:
        clients = {seat: await Client.connect(url, tokens[seat]) for seat in SEATS}
        umpire = await Client.connect(url, tokens[FACILITATOR])
        await umpire.request({"type": "resume"})
        await umpire.wait_for(lambda c: not c.mirror.paused)
        delays: list[float] = []
        done = 0
        while done < moves and not umpire.session.is_over:
            n = len(umpire.session.actions)
            seat = umpire.session.to_move
            assert seat is not None
            mover = clients[seat]
            await mover.wait_for(lambda c, n=n: len(c.session.actions) == n)  # type: ignore[misc]
            others = [c for s, c in clients.items() if s != seat] + [umpire]
            start = time.perf_counter()
            legal = mover.session.legal()
            await mover.act(legal[n % len(legal)])  # a fixed script that varies the moves
            for c in others:
                await c.wait_for(lambda c, n=n: len(c.session.actions) > n)  # type: ignore[misc]
                delays.append(next(t for t, moves in c.arrivals if moves > n) - start)
            done += 1
        for c in (*clients.values(), umpire):
            await c.close()
    finally:
        proc.kill()
    return {
        "moves": done,
        "clients": 6,
        "median_ms": round(statistics.median(delays) * 1000, 1),
        "p95_ms": round(sorted(delays)[int(len(delays) * 0.95)] * 1000, 1),
    }


async def load(games: int, folder: str) -> dict[str, Any]:
    proc, served = start_farm(games, "heuristic", folder)
    try:
        clients = [await Client.connect(f"ws://127.0.0.1:{port}", tokens[FACILITATOR]) for port, tokens in served]
        start = time.perf_counter()
        for c in clients:
            await c.request({"type": "resume"})
        for c in clients:
            await c.wait_for(lambda c: c.session.is_over, timeout=600)
        took = time.perf_counter() - start
        medians = [statistics.median(c.delays) for c in clients]
        moves = sum(len(c.session.actions) for c in clients)
        for c in clients:
            await c.close()
    finally:
        proc.kill()
    return {
        "games": games,
        "moves": moves,
        "seconds": round(took, 1),
        "moves_per_s": round(moves / took, 1),
        "median_of_client_medians_ms": round(statistics.median(medians) * 1000, 1),
        "worst_client_median_ms": round(max(medians) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--games", type=int, default=50, help="concurrent games in (b)")
    parser.add_argument("--moves", type=int, default=60, help="moves measured in (a)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        result = {"propagation": asyncio.run(propagation(args.moves, a)), "load": asyncio.run(load(args.games, b))}
    if args.json:
        print(json.dumps(result))
        return
    p, ld = result["propagation"], result["load"]
    print(
        f"(a) a move reaching the 5 other clients: median {p['median_ms']} ms, p95 {p['p95_ms']} ms over {p['moves']} moves (target <= 100 ms)"
    )
    print(
        f"(b) {ld['games']} heuristic games, one observer each: client median updates {ld['median_of_client_medians_ms']} ms"
        f" (worst client {ld['worst_client_median_ms']} ms; target <= 250 ms); {ld['moves']} moves in {ld['seconds']} s"
        f" ({ld['moves_per_s']}/s, each autosaved)"
    )


if __name__ == "__main__":
    main()
