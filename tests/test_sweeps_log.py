"""benchmarks/dec2021_sweeps.py's ``--log``: an interrupted sweep goes on where it stopped, with the same figures."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _sweeps() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dec2021_sweeps", ROOT / "benchmarks" / "dec2021_sweeps.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["dec2021_sweeps"] = module
    spec.loader.exec_module(module)
    return module


def test_a_logged_sweep_resumes_and_gives_the_same_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sweep logs each game; a rerun plays only the games missing from the log, and its figures
    equal those of a sweep without a log."""
    sweeps = _sweeps()
    plain = sweeps.lines("random", 3, 1)
    log = tmp_path / "games.jsonl"
    monkeypatch.setitem(sweeps.OPTIONS, "log", log)
    first = sweeps.lines("random", 3, 1)
    rows = log.read_text().splitlines()
    assert len(rows) == 12  # 3 games of each of the 4 lines
    log.write_text("\n".join(rows[:5]) + "\n" + rows[5][:40])  # killed while writing the 6th game
    played: list[int] = []
    real = sweeps.run_jobs

    def counted(*args: Any, **kwargs: Any) -> Any:
        played.append(len(args[2]))
        return real(*args, **kwargs)

    monkeypatch.setattr(sweeps, "run_jobs", counted)
    again = sweeps.lines("random", 3, 1)
    assert sum(played) == 7
    assert len([r for r in log.read_text().splitlines() if r.endswith("}")]) == 12
    for out in (first, again):
        assert json.dumps(out["lines"], sort_keys=True) == json.dumps(plain["lines"], sort_keys=True)
