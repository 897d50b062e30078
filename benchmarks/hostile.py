"""Hostile-input benchmark (issue #11): every bad file answered at once, in bounded memory; long games bounded.

    python benchmarks/hostile.py [--json]

(a) Each hostile input of issue #11 through the command that read it, in a process of its own:
    wall time, peak memory (resident set), exit status, and whether a traceback was printed.
    The ``play`` start-up cases run on an 80x24 pseudo-terminal with NEGSIM_EXIT_WHEN_READY=1
    (the board exits once drawn) and a NEGSIM_HOME full of bad entries.
(b) A session at the default action cap: tests/fixtures/marathon.yaml played to its 10,000
    actions in one process (every action through ``Session.play``, as the TUI does), its memory
    (tracemalloc: what the session holds), save size and time, and the time to load the save.

Targets (issue #11): every input answered with exit 2 within 1 s and <= 100 MB, no traceback
(the app started with a bad NEGSIM_HOME: compared with a clean start, whose own target is
benchmarks/tui.py's); a session at 10,000 actions under 200 MB whose save loads in <= 1 s.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from negsim.scenario.load import load  # noqa: E402
from negsim.session import Session  # noqa: E402
from tui import measure_in_pty  # noqa: E402

TARGETS = {"answer_s": 1.0, "answer_mb": 100.0, "session_mb": 200.0, "save_load_s": 1.0}
SAVES = ROOT / "tests" / "fixtures" / "saves"
STANDOFF = ROOT / "tests" / "scenarios" / "standoff.yaml"
MARATHON = ROOT / "tests" / "fixtures" / "marathon.yaml"
NEGSIM = [sys.executable, "-c", "from negsim.cli.main import main; main()"]


TIME = shutil.which("time", path="/usr/bin:/bin")
"""GNU time, which reports a command's own peak memory. (A child's resource usage read by its parent
counts the memory the parent had when it forked: that is why the command runs under ``time``.)"""


def peak_memory(argv: list[str], report: Path) -> list[str]:
    """``argv`` run so that its peak memory (KiB) is written to ``report``."""
    return [TIME, "-f", "%M", "-o", str(report), *argv] if TIME else argv


def read_peak(report: Path) -> float:
    """The peak memory ``peak_memory`` wrote (MB), or NaN without GNU time."""
    try:
        return round(int(report.read_text(encoding="utf-8").split()[-1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        return float("nan")


def measure(argv: list[str], env: dict[str, str], timeout: float = 60.0) -> dict[str, Any]:
    """Run ``argv``: wall seconds, exit status, peak memory (MB), and whether it printed a traceback."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "peak"
        out = Path(tmp) / "out"
        start = time.perf_counter()
        with out.open("wb") as sink:
            try:
                code = subprocess.run(
                    peak_memory(argv, report), stdin=subprocess.DEVNULL, stdout=sink, stderr=sink, env=env, cwd=ROOT,
                    timeout=timeout, check=False,
                ).returncode  # fmt: skip
            except subprocess.TimeoutExpired:
                code = -1
        elapsed = time.perf_counter() - start
        text = out.read_text(encoding="utf-8", errors="replace")
        return {
            "s": round(elapsed, 3),
            "mb": read_peak(report),
            "exit": code,
            "traceback": "Traceback" in text,
            "said": (text.strip().splitlines() or [""])[0][:150],
        }


def hostile_inputs(folder: Path) -> dict[str, tuple[list[str], Callable[[], None]]]:
    """Each case: the command, and how to put its input in ``folder`` first."""
    f = folder

    def fifo(name: str) -> Callable[[], None]:
        return lambda: os.mkfifo(f / name)

    def text(name: str, content: str) -> Callable[[], None]:
        def make() -> None:
            (f / name).write_text(content, encoding="utf-8")

        return make

    def copy(name: str, fixture: str) -> Callable[[], None]:
        def make() -> None:
            shutil.copy(SAVES / fixture, f / name)

        return make

    def escape_label() -> None:
        scenario = STANDOFF.read_text(encoding="utf-8").replace(
            "{label: Week 1}", '{label: "Week 1 \\e]0;title\\a"}', 1
        )
        (f / "escape.yaml").write_text(scenario, encoding="utf-8")

    def many_values() -> None:
        (f / "many.json").write_text("[" + "{}," * 2_000_000 + "{}]", encoding="utf-8")

    return {
        "play --load /dev/zero": ([*NEGSIM, "play", "--load", "/dev/zero"], lambda: None),
        "play --load FIFO": ([*NEGSIM, "play", "--load", str(f / "save.fifo")], fifo("save.fifo")),
        "validate FIFO": ([*NEGSIM, "validate", str(f / "s.fifo")], fifo("s.fifo")),
        "run --script FIFO": ([*NEGSIM, "run", str(STANDOFF), "--script", str(f / "m.fifo")], fifo("m.fifo")),
        "play --load save 100,000 deep": (
            [*NEGSIM, "play", "--load", str(f / "deep.json")],
            text("deep.json", '{"format": "negsim-save", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ),
        "play --load 5,000-digit seed": (
            [*NEGSIM, "play", "--load", str(f / "digits.json")],
            copy("digits.json", "seed_5000_digits.json"),
        ),
        "play --load lone surrogate": (
            [*NEGSIM, "play", "--load", str(f / "surrogate.json")],
            copy("surrogate.json", "surrogate_in_scenario.json"),
        ),
        "play --load 9 MiB save": (
            [*NEGSIM, "play", "--load", str(f / "huge.json")],
            text("huge.json", " " * (9 * 1024 * 1024)),
        ),
        "play --load 2,000,000 values": ([*NEGSIM, "play", "--load", str(f / "many.json")], many_values),
        "play --load version true": (
            [*NEGSIM, "play", "--load", str(f / "vtrue.json")],
            copy("vtrue.json", "version_true.json"),
        ),
        "play --load action swapped": (
            [*NEGSIM, "play", "--load", str(f / "swapped.json")],
            copy("swapped.json", "swapped_action.json"),
        ),
        "play --load --seat --seed": (
            [*NEGSIM, "play", "--load", str(SAVES / "good.json"), "--seat", "red=human", "--seed", "1"],
            lambda: None,
        ),
        'validate "\\e]0;title\\a" label': ([*NEGSIM, "validate", str(f / "escape.yaml")], escape_label),
        "schema -o FIFO": ([*NEGSIM, "schema", "-o", str(f / "out.fifo")], fifo("out.fifo")),
        "simulate --games-out missing/": (
            [*NEGSIM, "simulate", str(STANDOFF), "--games", "1000000", "--games-out", str(f / "no" / "g.jsonl")],
            lambda: None,
        ),
    }


def bad_home(home: Path) -> None:
    """A state folder holding every kind of bad autosave and save."""
    saves = home / "saves"
    saves.mkdir(parents=True)
    for folder, prefix in ((home, "autosave-"), (saves, "")):
        (folder / f"{prefix}dangling.json").symlink_to(folder / "nowhere.json")
        (folder / f"{prefix}loop.json").symlink_to(folder / f"{prefix}loop.json")
        os.mkfifo(folder / f"{prefix}fifo.json")
        (folder / f"{prefix}deep.json").write_text('{"x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
        shutil.copy(SAVES / "seed_5000_digits.json", folder / f"{prefix}digits.json")
        shutil.copy(SAVES / "surrogate_in_scenario.json", folder / f"{prefix}surrogate.json")
    os.mkfifo(home / "autosave-standoff.json")  # the autosave the game started below would replace


def run_hostile() -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        env = {**os.environ, "NEGSIM_HOME": str(base / "home"), "PYTHONPATH": str(ROOT / "src")}
        measure([*NEGSIM, "validate", str(STANDOFF)], env)  # warm the file cache and bytecode
        for name, (argv, make) in hostile_inputs(base).items():
            make()
            results[name] = measure(argv, env)
        home = base / "bad-home"
        bad_home(home)
        pty_env = {**env, "NEGSIM_HOME": str(home), "NEGSIM_EXIT_WHEN_READY": "1", "TERM": "xterm-256color"}
        play = [*NEGSIM, "play", str(STANDOFF), "--seat", "red=human"]
        for name, folder in (
            ("play start-up, clean NEGSIM_HOME", base / "clean-home"),
            ("play start-up, bad NEGSIM_HOME", home),
        ):
            report = base / "peak"
            elapsed, code, _ = measure_in_pty(peak_memory(play, report), {**pty_env, "NEGSIM_HOME": str(folder)})
            aside = (
                sorted(p.name for p in folder.glob("*.bad-*") if not p.name.endswith(".txt")) if folder.is_dir() else []
            )
            results[name] = {
                "s": round(elapsed, 3),
                "mb": read_peak(report),
                "exit": code,
                "traceback": False,
                "said": f"board drawn; set aside: {aside}",
            }
    return results


def session_at_the_cap() -> dict[str, Any]:
    rules = load(MARATHON)
    gc.collect()
    tracemalloc.start()
    session = Session.new(
        rules, 1, {"east": "human", "west": "human"}, MARATHON.read_text(encoding="utf-8"), str(MARATHON)
    )
    t0 = time.perf_counter()
    while not session.is_over:
        session.play(session.legal()[0])
    play_s = time.perf_counter() - t0
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "marathon.json"
        t0 = time.perf_counter()
        session.save(path)
        save_s = time.perf_counter() - t0
        size = path.stat().st_size
        loads = []
        for _ in range(3):
            t0 = time.perf_counter()
            loaded = Session.load(path)
            loads.append(time.perf_counter() - t0)
        assert loaded.state == session.state
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        script = f"from negsim.session import Session; Session.load({str(path)!r})"
        process = measure([sys.executable, "-c", script], env)
    return {
        "actions": len(session.actions),
        "cut_short": session.state.cut,
        "play_s": round(play_s, 3),
        "session_mb": round(held / 1e6, 1),
        "snapshots": len(session.snapshots),
        "save_mb": round(size / 1e6, 2),
        "save_s": round(save_s, 3),
        "load_s": round(min(loads), 3),
        "load_process": process,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result: dict[str, Any] = {"load_average_before": [round(x, 2) for x in os.getloadavg()]}
    result["hostile"] = run_hostile()
    result["session"] = session_at_the_cap()
    result["targets"] = TARGETS
    hostile = result["hostile"].values()
    refused = [r for r in hostile if r["exit"] == 2]
    starts = result["hostile"]
    result["startup_cost_of_a_bad_home_s"] = round(
        starts["play start-up, bad NEGSIM_HOME"]["s"] - starts["play start-up, clean NEGSIM_HOME"]["s"], 3
    )
    result["meets_targets"] = {
        "answered": all(r["exit"] in (0, 2) and not r["traceback"] for r in hostile),
        "answer_s": max(r["s"] for r in refused) <= TARGETS["answer_s"],
        "answer_mb": max(r["mb"] for r in hostile) <= TARGETS["answer_mb"],
        "session_mb": result["session"]["session_mb"] <= TARGETS["session_mb"],
        "save_load_s": result["session"]["load_s"] <= TARGETS["save_load_s"],
    }
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"load average before: {result['load_average_before']}")
    print(f"{'input':<36} {'exit':>4} {'s':>6} {'MB':>6}  what it said")
    for name, r in result["hostile"].items():
        tb = " TRACEBACK" if r["traceback"] else ""
        print(f"{name:<36} {r['exit']:>4} {r['s']:>6.3f} {r['mb']:>6.1f}  {r['said'][:90]}{tb}")
    s = result["session"]
    print(
        f"session at the cap: {s['actions']} actions (cut short: {s['cut_short']}) played in {s['play_s']} s;"
        f" the session holds {s['session_mb']} MB ({s['snapshots']} snapshots); save {s['save_mb']} MB in"
        f" {s['save_s']} s; load {s['load_s']} s (a whole process: {s['load_process']['s']} s,"
        f" {s['load_process']['mb']} MB)"
    )
    print(
        f"the app's start-up with every kind of bad entry in NEGSIM_HOME takes {result['startup_cost_of_a_bad_home_s']} s"
        " more than with a clean one (the launch itself: benchmarks/tui.py)"
    )
    print(f"targets {TARGETS} (answer_s: the inputs answered with exit 2); met: {result['meets_targets']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
