"""Installs that are not a clone: the package carries its stylesheet, and the default scenario is found;
every shipped scenario validates clean."""

from __future__ import annotations

import fnmatch
import json
import shutil
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT, SCENARIOS, negsim
from negsim import bundled
from negsim.scenario.load import check


def test_every_data_file_of_the_package_is_in_the_wheel() -> None:
    """Files under src/negsim that are not Python (the stylesheet, py.typed) must be package data."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["negsim"]
    package = ROOT / "src" / "negsim"
    data = [
        p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"}
    ]
    assert "tui/negsim.tcss" in data
    missing = [f for f in data if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert missing == []


def test_the_bundled_scenarios_are_installed_as_data_files() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    files = config["tool"]["setuptools"]["data-files"]
    installed = {f for group in files.values() for f in group}
    in_repo = {p.relative_to(ROOT).as_posix() for p in (ROOT / "scenarios").rglob("*") if p.is_file()}
    assert installed == in_repo
    for target, group in files.items():
        for f in group:
            assert f"share/negsim/{Path(f).parent.as_posix()}" == target


def test_default_scenario_is_the_working_copy_in_a_clone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert bundled.default_scenario() == Path("scenarios/dec2021.yaml")


def test_default_scenario_falls_back_to_the_installed_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prefix = tmp_path / "share" / "negsim"
    shutil.copytree(ROOT / "scenarios", prefix / "scenarios")
    monkeypatch.setattr(bundled, "INSTALLED", prefix)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    found = bundled.default_scenario()
    assert found == prefix / "scenarios" / "dec2021.yaml"
    # The installed copy validates with its sources beside it (quotes are checked against them).
    report = check(found)
    assert report.rules is not None
    assert report.issues == []


def test_default_scenario_of_an_editable_install_is_the_clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundled, "INSTALLED", tmp_path / "none")
    monkeypatch.chdir(tmp_path)
    assert bundled.CHECKOUT == ROOT
    assert bundled.default_scenario() == ROOT / "scenarios" / "dec2021.yaml"


def test_default_scenario_names_what_it_looked_for_when_nothing_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundled, "INSTALLED", tmp_path / "none")
    monkeypatch.setattr(bundled, "CHECKOUT", tmp_path / "none")
    monkeypatch.chdir(tmp_path)
    assert bundled.default_scenario() == Path("scenarios/dec2021.yaml")


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_scenario_validates_with_no_error_or_warning(path: Path) -> None:
    result = negsim("validate", path, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["files"][0]["ok"] is True
    assert report["files"][0]["issues"] == []
    strict = negsim("validate", path, "--strict")
    assert strict.returncode == 0 and "ok (0 errors, 0 warnings)" in strict.stdout
