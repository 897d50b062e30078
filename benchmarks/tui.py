"""TUI benchmark: time to the first interactive board, and time from a key press to the rendered update.

    python benchmarks/tui.py [--json] [--runs N]

(a) launch: the whole-process wall time of ``negsim play --seat poland=human --seed 1`` in a
    pseudo-terminal of 80x24, from spawning it to its exit, with NEGSIM_EXIT_WHEN_READY=1 (the
    board exits right after its first render) and NEGSIM_HOME a temporary folder; median of N
    runs (default 7). The same for a bare Textual app (one Static, exits after its first render)
    shows Textual's own share.
(b) key press to rendered update, in-process with ``App.run_test`` at 80x24: from posting the key
    to the last frame the app renders for it (the headless driver writes nothing, so every frame
    is rendered to terminal escape codes here and timestamped):
    - navigate: down/up through the hand (about 200 presses);
    - play: Enter on a card (the hand pane lists where it can go and the card pane previews it),
      Enter again (the board shows the move); bots wait meanwhile, then Space lets them move on to
      the next human decision, whose wait is reported separately (``to_next_decision``), with any
      answers on the way (``answer``: Down highlights an answer, Enter asks to confirm it, Enter
      again answers).
    Median and 95th percentile in milliseconds of the last frame (the update complete: targets
    apply to it), and of the first frame (the first visible response).
(c) while a bot thinks: Down/Up through the hand while every other seat's mcts:normal bot searches
    for its move in the board's worker thread (bots move as soon as they have chosen, so one is
    nearly always thinking); keys are posted as a terminal would, without Pilot's wait for the
    process to idle (which never comes while a bot thinks), and a press counts only if the same
    bot thought throughout. ``--only-thinking`` runs this part alone.

Targets (issues #4, #8, #10): launch <= 1.0 s; key press to render median <= 30 ms, p95 <= 60 ms,
play and answer keys included, and p95 <= 60 ms while a bot thinks.
The machine may be shared: the load average is reported with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import json
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import negsim.tui  # noqa: E402, F401  (before Textual, as in negsim play: it sets Textual's frame rate)

BARE_APP = """
from textual.app import App
from textual.widgets import Static


class Bare(App[None]):
    def compose(self):
        yield Static("ready")

    def on_mount(self):
        self.call_after_refresh(self.exit)


Bare().run()
"""

TARGETS = {"launch_s": 1.0, "key_median_ms": 30.0, "key_p95_ms": 60.0}


# ---------------------------------------------------------------- (a) launch


def run_in_pty(argv: list[str], env: dict[str, str], timeout: float = 60.0) -> float:
    """Wall seconds from spawning ``argv`` on an 80x24 pseudo-terminal until it exits (output drained)."""
    elapsed, code, _ = measure_in_pty(argv, env, timeout)
    if code != 0:
        raise RuntimeError(f"{argv} exited with {code}")
    return elapsed


def measure_in_pty(argv: list[str], env: dict[str, str], timeout: float = 60.0) -> tuple[float, int, float]:
    """Run ``argv`` on an 80x24 pseudo-terminal until it exits (output drained): wall seconds, exit
    status and the process's peak memory (resident set, MB).
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True)
    os.close(slave)
    try:
        while True:
            if time.perf_counter() - start > timeout:
                proc.kill()
                raise RuntimeError(f"{argv} did not exit within {timeout} s")
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    if not os.read(master, 1 << 16):
                        break
                except OSError:  # EIO: every writer has gone
                    break
            elif os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                break  # exited (not reaped yet: wait4 below reads its resource usage)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
    finally:
        os.close(master)
    return elapsed, code, usage.ru_maxrss / 1024


def launch_times(runs: int) -> dict[str, Any]:
    """Median (and all) launch times of negsim and of a bare Textual app."""
    negsim = Path(sys.executable).with_name("negsim")
    command = [str(negsim)] if negsim.exists() else [sys.executable, "-c", "from negsim.cli.main import main; main()"]
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "NEGSIM_EXIT_WHEN_READY": "1", "NEGSIM_HOME": home, "TERM": "xterm-256color"}
        env.pop("TEXTUAL", None)
        bare_script = Path(home) / "bare.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        play = [*command, "play", "--seat", "poland=human", "--seed", "1"]
        run_in_pty(play, env)  # warm the file cache and bytecode
        run_in_pty([sys.executable, str(bare_script)], env)
        negsim_s = [run_in_pty(play, env) for _ in range(runs)]
        bare_s = [run_in_pty([sys.executable, str(bare_script)], env) for _ in range(runs)]
    return {
        "launch_s": statistics.median(negsim_s),
        "launch_runs_s": [round(t, 3) for t in negsim_s],
        "bare_textual_s": statistics.median(bare_s),
        "bare_textual_runs_s": [round(t, 3) for t in bare_s],
    }


# ---------------------------------------------------------------- (b) key press to render


def percentiles(samples: list[tuple[float, float]]) -> dict[str, float]:
    """Count, median and 95th percentile (milliseconds) of the first and of the last frame after a key."""

    def p95(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    first = [f for f, _ in samples]
    last = [lt for _, lt in samples]
    return {
        "n": len(samples),
        "median_ms": round(statistics.median(last), 2),
        "p95_ms": round(p95(last), 2),
        "first_frame_median_ms": round(statistics.median(first), 2),
        "first_frame_p95_ms": round(p95(first), 2),
    }


async def key_latencies(navigate: int, plays: int) -> dict[str, Any]:
    """Key press to rendered update, by kind of key press (milliseconds)."""
    from rich.console import RenderableType
    from textual._compositor import CompositorUpdate
    from textual.pilot import Pilot
    from textual.screen import Screen

    from negsim.core.rules import PhaseKind
    from negsim.scenario.load import load
    from negsim.session import HUMAN, Session
    from negsim.tui.app import NegsimApp
    from negsim.tui.screens.board import BoardScreen
    from negsim.tui.screens.debrief import DebriefScreen

    frames: list[float] = []

    def display(screen: Screen[Any], renderable: RenderableType | None) -> None:
        """Instead of the headless driver's nothing: render the frame to escape codes, and time it."""
        if renderable is None:
            return
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(console)
        frames.append(time.perf_counter())

    scenario = ROOT / "scenarios" / "dec2021.yaml"
    rules = load(scenario)
    text = scenario.read_text(encoding="utf-8")
    samples: dict[str, list[tuple[float, float]]] = {"navigate": [], "play": [], "answer": []}
    to_next_decision: list[float] = []

    async def idle(pilot: Pilot[None]) -> None:
        app = pilot.app
        while True:
            with contextlib.suppress(Exception):
                await app.workers.wait_for_complete()
            await pilot.pause()
            board = next(s for s in app.screen_stack if isinstance(s, BoardScreen))
            if not board.bot_thinking and board.pending is None:
                return
            if board.pending is not None:  # a bot waits for its turn to be shown: let it
                await pilot.press("space")

    async def timed(pilot: Pilot[None], key: str) -> tuple[float, float]:
        """Milliseconds from posting ``key`` to the first and to the last frame rendered for it."""
        await pilot.pause()
        frames.clear()
        start = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        if not frames:
            return 0.0, 0.0
        return (frames[0] - start) * 1000, (frames[-1] - start) * 1000

    seed = 0
    while len(samples["play"]) < 2 * plays or len(samples["navigate"]) < navigate:
        seed += 1
        session = Session.new(rules, seed, {"poland": HUMAN}, text, str(scenario))
        # Bots wait 10 s before their moves are shown, so a measurement sees only the human's update;
        # Space then skips to the next human decision.
        app = NegsimApp(session=session, bot_delay=10.0, autosave=False, briefings=False)
        console = app.console
        setattr(app, "_display", display)  # noqa: B010
        async with app.run_test(size=(80, 24)) as pilot:
            board = next(s for s in app.screen_stack if isinstance(s, BoardScreen))
            await idle(pilot)
            while not session.is_over and len(samples["play"]) < 2 * plays:
                screen = app.screen
                if isinstance(screen, DebriefScreen):
                    break
                if screen is board and board.mode == "answer":
                    # No answer is highlighted at first; Enter asks for confirmation, Enter again answers.
                    for key in ("down", "enter", "enter"):
                        samples["answer"].append(await timed(pilot, key))
                elif screen is board and board.my_turn():
                    if rules.phases[session.state.phase].kind is PhaseKind.ANSWER:
                        await pilot.press("a")
                        continue
                    if len(samples["navigate"]) < navigate and len(board.current_view().hand) > 1:
                        for key in ("down", "down", "up", "up") * 5:
                            samples["navigate"].append(await timed(pilot, key))
                    if any(c.playable for c in board.current_view().hand):
                        samples["play"].append(await timed(pilot, "enter"))
                        assert board.mode == "play", board.mode
                        samples["play"].append(await timed(pilot, "enter"))
                    else:
                        await pilot.press("p")
                else:
                    await pilot.press("space")
                start = time.perf_counter()
                await idle(pilot)
                if app.screen is board and board.my_turn():
                    to_next_decision.append((time.perf_counter() - start) * 1000)
    out: dict[str, Any] = {kind: percentiles(values) for kind, values in samples.items() if values}
    out["all_keys"] = percentiles(samples["navigate"] + samples["play"] + samples["answer"])
    out["to_next_decision"] = {
        "n": len(to_next_decision),
        "median_ms": round(statistics.median(to_next_decision), 2),
        "max_ms": round(max(to_next_decision), 2),
    }
    return out


async def thinking_latencies(presses: int, bot: str = "mcts:normal") -> dict[str, Any]:
    """Key press to rendered update while a bot thinks: Down/Up through the hand as every other seat's
    ``bot`` searches for its move (milliseconds; a press counts only if the bot thought throughout).
    """
    from textual import events

    from negsim.core.rules import PhaseKind
    from negsim.scenario.load import load
    from negsim.session import HUMAN, Session
    from negsim.tui.app import NegsimApp
    from negsim.tui.screens.board import BoardScreen

    scenario = ROOT / "scenarios" / "dec2021.yaml"
    rules = load(scenario)
    text = scenario.read_text(encoding="utf-8")
    frames: list[float] = []
    samples: list[tuple[float, float]] = []
    decisions: list[float] = []

    def display(screen: Any, renderable: Any) -> None:
        from textual._compositor import CompositorUpdate

        if renderable is None:
            return
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(console)
        frames.append(time.perf_counter())

    async def quiet(since: float, window: float = 0.05, limit: float = 2.0) -> None:
        """Until no frame has been drawn for ``window`` seconds (Pilot's own waits wait for the whole
        process to idle, which it never does while a bot thinks in a thread)."""
        while time.perf_counter() - since < limit:
            await asyncio.sleep(0.002)
            last = frames[-1] if frames else since
            if time.perf_counter() - last > window:
                return

    def send(app: NegsimApp, key: str) -> None:
        """Post ``key`` as a terminal would (without Pilot's wait for the process to idle)."""
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        driver = app._driver
        assert driver is not None
        driver.send_message(event)

    async def timed(app: NegsimApp, key: str) -> tuple[float, float]:
        """Milliseconds from posting ``key`` to the first and last frame drawn for it."""
        await quiet(time.perf_counter())
        frames.clear()
        start = time.perf_counter()
        send(app, key)
        await quiet(start)
        if not frames:
            return 0.0, 0.0
        return (frames[0] - start) * 1000, (frames[-1] - start) * 1000

    seed = 0
    while len(samples) < presses:
        seed += 1
        seats = {a.id: bot for a in rules.seats()} | {"poland": HUMAN}
        session = Session.new(rules, seed, seats, text, str(scenario), in_play=True)
        # Bots move as soon as they have chosen, so one starts thinking as the last one moves.
        app = NegsimApp(session=session, bot_delay=0.0, autosave=False, briefings=False)
        console = app.console
        setattr(app, "_display", display)  # noqa: B010
        async with app.run_test(size=(80, 24)):
            board = next(s for s in app.screen_stack if isinstance(s, BoardScreen))
            keys = ("down", "down", "up", "up")
            started = None
            moves = len(session.actions)
            while not session.is_over and len(samples) < presses:
                await asyncio.sleep(0.005)
                if len(session.actions) != moves:
                    if started is not None and session.is_human(session.actions[-1].actor) is False:
                        decisions.append((time.perf_counter() - started) * 1000)
                    moves, started = len(session.actions), None
                if board.bot_thinking:
                    started = started or time.perf_counter()
                    before = len(session.actions)
                    sample = await timed(app, keys[len(samples) % 4])
                    if board.bot_thinking and len(session.actions) == before:  # the same bot thought throughout
                        samples.append(sample)
                elif app.screen is board and board.mode == "answer":
                    for key in ("down", "enter", "enter"):
                        send(app, key)
                        await quiet(time.perf_counter())
                elif app.screen is board and board.my_turn():
                    answering = rules.phases[session.state.phase].kind is PhaseKind.ANSWER
                    send(app, "a" if answering else "p")
                    await quiet(time.perf_counter())
            with contextlib.suppress(Exception):
                await app.workers.wait_for_complete()
    out: dict[str, Any] = dict(percentiles(samples))
    out["bot"] = bot
    out["decision_median_ms"] = round(statistics.median(decisions), 1) if decisions else None
    return out


# ---------------------------------------------------------------- report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--runs", type=int, default=7, help="launches to time (median)")
    parser.add_argument("--navigate", type=int, default=200, help="hand navigation key presses")
    parser.add_argument("--plays", type=int, default=20, help="cards to play")
    parser.add_argument("--thinking", type=int, default=200, help="key presses while a bot thinks")
    parser.add_argument("--only-thinking", action="store_true", help="measure only the presses while a bot thinks")
    args = parser.parse_args()
    if args.only_thinking:
        print(json.dumps(asyncio.run(thinking_latencies(args.thinking))))
        return 0

    load_before = os.getloadavg()
    result: dict[str, Any] = {"cpus": os.cpu_count(), "load_average_before": [round(x, 2) for x in load_before]}
    result.update(launch_times(args.runs))
    result["keys"] = asyncio.run(key_latencies(args.navigate, args.plays))
    result["while_a_bot_thinks"] = asyncio.run(thinking_latencies(args.thinking))
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    keys = result["keys"]["all_keys"]
    result["targets"] = TARGETS
    result["meets_targets"] = {
        "launch": result["launch_s"] <= TARGETS["launch_s"],
        "key_median": keys["median_ms"] <= TARGETS["key_median_ms"],
        "key_p95": keys["p95_ms"] <= TARGETS["key_p95_ms"],
        "thinking_p95": result["while_a_bot_thinks"]["p95_ms"] <= TARGETS["key_p95_ms"],
    }
    if args.json:
        print(json.dumps(result))
        return 0
    print(
        f"load average {result['load_average_before']} before, {result['load_average_after']} after; {result['cpus']} CPUs"
    )
    print(
        f"launch to interactive board: {result['launch_s']:.3f} s median of {args.runs} "
        f"(target <= {TARGETS['launch_s']} s); bare Textual app: {result['bare_textual_s']:.3f} s"
    )
    print("key press to rendered update (80x24):")
    for kind, stats in result["keys"].items():
        if kind == "to_next_decision":
            continue
        print(
            f"  {kind:<9} n={stats['n']:<4} complete: median {stats['median_ms']:7.2f} ms  p95 {stats['p95_ms']:7.2f} ms"
            f"   first frame: median {stats['first_frame_median_ms']:6.2f} ms  p95 {stats['first_frame_p95_ms']:6.2f} ms"
        )
    think = result["while_a_bot_thinks"]
    print(
        f"  while a {think['bot']} bot thinks (its decisions take {think['decision_median_ms']} ms): n={think['n']}"
        f" complete: median {think['median_ms']:.2f} ms  p95 {think['p95_ms']:.2f} ms"
    )
    nxt = result["keys"]["to_next_decision"]
    print(
        f"  after a decision, bots to the next one: median {nxt['median_ms']:.0f} ms, max {nxt['max_ms']:.0f} ms (n={nxt['n']})"
    )
    print(
        f"targets: median <= {TARGETS['key_median_ms']} ms, p95 <= {TARGETS['key_p95_ms']} ms; met: {result['meets_targets']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
