"""benchmarks/dec2021_sweeps.py's ``--log``: an interrupted sweep goes on where it stopped, with the same figures."""

from __future__ import annotations

import importlib.util
import json
import shutil
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


def _count_games(sweeps: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by the number of games each later call of the sweep's ``run_jobs`` plays."""
    played: list[int] = []
    real = sweeps.run_jobs

    def counted(*args: Any, **kwargs: Any) -> Any:
        played.append(len(args[2]))
        return real(*args, **kwargs)

    monkeypatch.setattr(sweeps, "run_jobs", counted)
    return played


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
    played = _count_games(sweeps, monkeypatch)
    again = sweeps.lines("random", 3, 1)
    assert sum(played) == 7
    assert len([r for r in log.read_text().splitlines() if r.endswith("}")]) == 12
    for out in (first, again):
        assert json.dumps(out["lines"], sort_keys=True) == json.dumps(plain["lines"], sort_keys=True)


def test_a_log_is_not_reused_for_an_edited_scenario(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A logged game counts only for the scenario it was played on: after an edit, all are played again."""
    sweeps = _sweeps()
    log = tmp_path / "games.jsonl"
    monkeypatch.setitem(sweeps.OPTIONS, "log", log)
    sweeps.lines("random", 2, 1)
    edited = tmp_path / "edited" / "dec2021.yaml"
    shutil.copytree(ROOT / "scenarios" / "sources", edited.parent / "sources")
    edited.write_text(sweeps.SCENARIO.read_text() + "\n# edited\n")
    monkeypatch.setattr(sweeps, "SCENARIO", edited)
    played = _count_games(sweeps, monkeypatch)
    sweeps.lines("random", 2, 1)
    assert sum(played) == 8
    assert len(log.read_text().splitlines()) == 16
