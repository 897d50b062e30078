"""Where the bundled scenarios are: the working copy's ``scenarios/``, or the installed copy."""

from __future__ import annotations

import sys
from pathlib import Path

DEFAULT_SCENARIO = "scenarios/dec2021.yaml"
"""The scenario ``negsim play`` opens when none is named, relative to the working directory."""

INSTALLED = Path(sys.prefix) / "share" / "negsim"
"""Where a wheel installs ``scenarios/`` (with its ``sources/``): ``<prefix>/share/negsim``."""


def default_scenario() -> Path:
    """``scenarios/dec2021.yaml`` here if there is one (a clone), else the installed copy.

    Returns the relative path when neither exists, so the error names what was looked for.
    """
    here = Path(DEFAULT_SCENARIO)
    if here.is_file():
        return here
    installed = INSTALLED / DEFAULT_SCENARIO
    return installed if installed.is_file() else here
