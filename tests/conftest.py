"""Shared test set-up: hypothesis profiles and paths."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
TEST_SCENARIOS = Path(__file__).resolve().parent / "scenarios"

# CI loads hypothesis's built-in "ci" profile (derandomized, no database, no deadline);
# local runs use a heavier profile.
settings.register_profile(
    "local",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "local"))


def negsim(
    *args: str | Path, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``negsim ARGS`` as a subprocess of this interpreter (text output captured, never raising)."""
    return subprocess.run(
        [sys.executable, "-c", "from negsim.cli.main import main; main()", *(str(a) for a in args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )
