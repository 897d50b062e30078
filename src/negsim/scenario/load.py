"""Load a scenario file: read safely, validate (schema, then cross-references), compile,
check provenance and lint. Every problem is reported at once, each with its location.

No stage hides the next: YAML problems after which the file still reads are reported with
the schema's, and the cross-references among the parts that pass the schema are checked
too. A later stage says nothing about a value an earlier one already reported.
"""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from negsim.core.rules import Rules
from negsim.errors import InputError, Issue, ScenarioError
from negsim.inputs import display_name
from negsim.scenario.compile import compile_scenario
from negsim.scenario.lint import check_quotes, lint
from negsim.scenario.schema import Scenario
from negsim.scenario.validate import validate_parts
from negsim.scenario.yamlread import Document, format_path, parse, read_bytes, read_text


@dataclass(slots=True)
class Report:
    """The result of checking a scenario: its rules (if valid), every issue, its text."""

    file: str
    """The file as named by the user."""
    rules: Rules | None
    """The compiled rules, or ``None`` if there are errors."""
    issues: list[Issue] = field(default_factory=list)
    """Errors and warnings, in file order."""
    text: str = ""
    """The decoded scenario text (kept so saves can carry a copy)."""

    @property
    def errors(self) -> list[Issue]:
        """Only the errors."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        """Only the warnings."""
        return [i for i in self.issues if i.severity == "warning"]


def check_bytes(
    raw: bytes, file: str, base: Path | None = None, *, warnings: bool = True, provenance: bool = True
) -> Report:
    """Check scenario bytes; ``base`` is the folder relative paths (the source index) start from.

    ``warnings=False`` skips lint; ``provenance=False`` skips checking quotes against the source
    (for a scenario copy inside a save, far from its source files).
    """
    # Loading allocates thousands of small objects and frees none of them: the cyclic
    # garbage collector would only slow it down.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_bytes(raw, file, base, warnings=warnings, provenance=provenance)
    finally:
        if enabled:
            gc.enable()


def _check_bytes(
    raw: bytes, file: str, base: Path | None = None, *, warnings: bool = True, provenance: bool = True
) -> Report:
    try:
        text = read_text(raw, file)
        doc = parse(text, file, keep_going=True)
    except InputError as e:
        return Report(file, None, list(e.issues))
    model, issues, parts = validate_parts(doc, Scenario)
    dropped = unnamed = None
    if model is None:
        if parts is None:
            return Report(file, None, _unseen(doc, issues), text)
        model, dropped, unnamed = parts.model, parts.dropped, parts.unnamed
        doc.positions = parts.positions
    rules, more, facts = compile_scenario(model, doc, hashlib.sha256(raw).hexdigest(), dropped, unnamed)
    issues.extend(more)
    if provenance and ("source",) not in (dropped or ()):
        issues.extend(check_quotes(model, doc, base))
    issues = _unseen(doc, issues)
    if rules is not None and warnings and not any(i.severity == "error" for i in issues):
        issues.extend(lint(model, doc, rules, facts))
    issues.sort(key=lambda i: (i.line, i.column))
    has_errors = any(i.severity == "error" for i in issues)
    return Report(file, None if has_errors else rules, issues, text)


def _unseen(doc: Document, issues: list[Issue]) -> list[Issue]:
    """The document's YAML problems and those of ``issues`` not about a value they already concern."""
    if not doc.suspect:
        return [*doc.issues, *issues]
    seen = [text for p in doc.suspect if (text := format_path(p)) or not p]
    return [
        *doc.issues,
        *(i for i in issues if not any(i.path == p or i.path.startswith((f"{p}.", f"{p}[")) or not p for p in seen)),
    ]


def check(path: str | Path, *, warnings: bool = True) -> Report:
    """Check a scenario file (``-``: standard input): errors, warnings, and the rules when it is valid."""
    name = display_name(path)
    try:
        raw = read_bytes(path, name)
    except InputError as e:
        return Report(name, None, list(e.issues))
    return check_bytes(raw, name, Path(path).parent, warnings=warnings)


def load(path: str | Path) -> Rules:
    """Load a scenario file; raise ``ScenarioError`` listing every error."""
    report = check(path, warnings=False)
    if report.rules is None:
        raise ScenarioError(report.errors)
    return report.rules
