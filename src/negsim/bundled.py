"""Where the bundled scenarios are: the working copy's ``scenarios/``, or the installed copy."""

from __future__ import annotations

import sys
from pathlib import Path

DEFAULT_SCENARIO = "scenarios/dec2021.yaml"
"""The scenario ``negsim play`` opens when none is named, relative to the working directory."""

INSTALLED = Path(sys.prefix) / "share" / "negsim"
"""Where a wheel installs ``scenarios/`` (with its ``sources/``): ``<prefix>/share/negsim``."""

CHECKOUT = Path(__file__).resolve().parents[2]
"""The clone an editable install (``pip install -e .``) runs from: ``src/negsim/`` is two levels down."""


def default_scenario() -> Path:
    """``scenarios/dec2021.yaml`` here if there is one, else the installed copy, else the clone's.

    Returns the relative path when none exists, so the error names what was looked for.
    """
    here = Path(DEFAULT_SCENARIO)
    if here.is_file():
        return here
    for base in (INSTALLED, CHECKOUT):
        if (base / DEFAULT_SCENARIO).is_file():
            return base / DEFAULT_SCENARIO
    return here
