"""Whose rules a save is played by: its own copy of the scenario, checked against the scenario on disk.

A save carries the scenario it was played with, and anyone can edit that copy (and recompute
its hash). So on load the copy is compared with a reference: the scenario file named on the
command line, else the file at the path the save records, else a bundled scenario of the same
id. If a reference has the same text, the rules are verified. If it differs, the player chooses
which rules to play by, and a game played by the save's copy says "modified rules"; with no
reference at all it says "rules not verified".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from negsim.bundled import CHECKOUT, INSTALLED
from negsim.core.rules import Rules
from negsim.errors import InputError
from negsim.inputs import decode_utf8, read_input
from negsim.savefile import SaveFile
from negsim.scenario.yamlread import MAX_BYTES

MODIFIED = "modified rules"
"""What the board and the debrief say of a game played by a save's copy that differs from its scenario."""
UNVERIFIED = "rules not verified"
"""What they say of a game played by a save's copy with no scenario to compare it with."""


class Verdict(Enum):
    """How a save's copy of its scenario compares with the reference found."""

    SAME = "same"
    """A reference has exactly the save's text."""
    DIFFERS = "differs"
    """A valid scenario of the same id differs from the save's copy."""
    NONE = "none"
    """No usable reference was found."""


@dataclass(frozen=True, slots=True)
class RulesCheck:
    """The outcome of comparing a save's scenario copy with a reference."""

    verdict: Verdict
    """Same, differs, or nothing to compare with."""
    reference: str = ""
    """The reference file (for ``SAME`` and ``DIFFERS``)."""
    rules: Rules | None = None
    """For ``DIFFERS``: the reference's rules, which the player may choose instead."""
    text: str = ""
    """For ``DIFFERS``: the reference's text."""

    @property
    def note(self) -> str:
        """What a game played by the save's own copy says of its rules ("" when verified)."""
        return {Verdict.SAME: "", Verdict.DIFFERS: MODIFIED, Verdict.NONE: UNVERIFIED}[self.verdict]


def bundled_scenario(scenario_id: str) -> Path | None:
    """The bundled scenario file of that id (``scenarios/<id>.yaml`` installed or in the clone), if any."""
    for base in (INSTALLED, CHECKOUT):
        path = base / "scenarios" / f"{scenario_id}.yaml"
        if path.is_file():
            return path
    return None


def references(save: SaveFile, scenario_id: str, given: Path | None = None) -> list[Path]:
    """Where to look for the scenario to compare with, in order (without duplicates)."""
    found: list[Path] = []
    for p in (given, Path(save.scenario_path) if save.scenario_path else None, bundled_scenario(scenario_id)):
        if p is not None and str(p) != "-" and all(not _same_file(p, q) for q in found):
            found.append(p)
    return found


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a == b


def check_rules(save: SaveFile, scenario_id: str, given: Path | None = None) -> RulesCheck:
    """Compare the save's copy of its scenario with the first reference that exists (see the module)."""
    from negsim.scenario.load import check_bytes

    for path in references(save, scenario_id, given):
        try:
            raw = read_input(path, MAX_BYTES)
            text = decode_utf8(raw, str(path))
        except InputError:
            continue  # missing, unreadable, not a regular file: not a reference
        if text == save.scenario_text:
            return RulesCheck(Verdict.SAME, str(path))
        report = check_bytes(raw, str(path), path.parent, warnings=False)
        if report.rules is not None and report.rules.id == scenario_id:
            return RulesCheck(Verdict.DIFFERS, str(path), report.rules, report.text)
    return RulesCheck(Verdict.NONE)
