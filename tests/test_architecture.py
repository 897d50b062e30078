"""The import direction DESIGN.md promises: core <- scenario <- (session, bots, sim, net) <- (cli, tui).

- The core imports nothing outside ``negsim.core`` and the standard library.
- The scenario loader imports the core, never the shell above it.
- Bots, sessions and batch runs never import the CLI or the TUI.
- The TUI reaches the core through views and the session: at run time it imports from
  ``negsim.core`` only the view and the value types (actions, events, rules, errors); states
  may be named in type annotations only.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "negsim"
TUI_CORE = {"negsim.core.view", "negsim.core.actions", "negsim.core.events", "negsim.core.rules", "negsim.core.errors"}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, bool]]:
    """(module imported, whether only for type checking) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, id(node) in typing_only) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, id(node) in typing_only))
    return out


FILES = sorted(SRC.rglob("*.py"))


def test_the_scan_sees_the_package() -> None:
    names = {module_name(p) for p in FILES}
    assert {"negsim.core.engine", "negsim.scenario.load", "negsim.bots.mcts", "negsim.tui.app"} <= names


@pytest.mark.parametrize("path", [p for p in FILES if module_name(p).startswith("negsim.core")], ids=module_name)
def test_core_imports_only_the_core_and_the_standard_library(path: Path) -> None:
    for mod, _ in imports(path):
        top = mod.split(".")[0]
        assert mod.startswith("negsim.core") or (top != "negsim" and top in sys.stdlib_module_names), mod


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        (
            "negsim.scenario",
            ("negsim.session", "negsim.bots", "negsim.sim", "negsim.runner", "negsim.cli", "negsim.tui"),
        ),
        ("negsim.bots", ("negsim.session", "negsim.sim", "negsim.runner", "negsim.cli", "negsim.tui")),
        ("negsim.session", ("negsim.cli", "negsim.tui")),
        ("negsim.sim", ("negsim.cli", "negsim.tui")),
        ("negsim.runner", ("negsim.cli", "negsim.tui")),
        ("negsim.tournament", ("negsim.cli", "negsim.tui")),
        # Networked play (issue #13): the game host, server and client sit below the CLI and the TUI.
        ("negsim.net", ("negsim.cli", "negsim.tui")),
        # Saves, the state folder, and the reading and writing everything shares (issue #11).
        ("negsim.savefile", ("negsim.session", "negsim.bots", "negsim.sim", "negsim.cli", "negsim.tui")),
        ("negsim.saverules", ("negsim.session", "negsim.bots", "negsim.sim", "negsim.cli", "negsim.tui")),
        ("negsim.statefolder", ("negsim.session", "negsim.scenario", "negsim.cli", "negsim.tui")),
        *(
            (base, ("negsim.scenario", "negsim.session", "negsim.bots", "negsim.cli", "negsim.tui"))
            for base in ("negsim.inputs", "negsim.files", "negsim.printable")
        ),
    ],
)
def test_layers_import_downwards_only(layer: str, forbidden: tuple[str, ...]) -> None:
    checked = 0
    for path in FILES:
        if not (module_name(path) == layer or module_name(path).startswith(layer + ".")):
            continue
        checked += 1
        for mod, _ in imports(path):
            assert not mod.startswith(forbidden), f"{module_name(path)} imports {mod}"
    assert checked


@pytest.mark.parametrize("path", [p for p in FILES if module_name(p).startswith("negsim.tui")], ids=module_name)
def test_the_tui_reaches_the_core_through_views_and_the_session(path: Path) -> None:
    for mod, typing_only in imports(path):
        if mod.startswith("negsim.core") and not typing_only:
            assert mod in TUI_CORE, f"{module_name(path)} imports {mod}: go through the session or the view"
