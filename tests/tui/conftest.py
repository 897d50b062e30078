"""Every UI test gets its own state folder (autosaves and saves), never the user's."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def negsim_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``$NEGSIM_HOME`` in a temporary folder, for every test in tests/tui."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("NEGSIM_HOME", str(home))
    monkeypatch.delenv("NEGSIM_EXIT_WHEN_READY", raising=False)
    return home
