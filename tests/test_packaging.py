"""What pyproject.toml promises: every lower bound is one CI tests (ci/lowest.txt pins it)."""

from __future__ import annotations

import re

from tests.conftest import TESTS

ROOT = TESTS.parent


def _lower_bounds(text: str) -> dict[str, str]:
    return {name.lower(): version for name, version in re.findall(r'"([A-Za-z0-9_.-]+)>=([0-9.]+)', text)}


def test_ci_pins_every_declared_lower_bound() -> None:
    declared = _lower_bounds((ROOT / "pyproject.toml").read_text())
    build = {"hatchling"}  # the build backend is not installed into the test environment
    lowest = (ROOT / "ci" / "lowest.txt").read_text()
    pinned = {name.lower(): version for name, version in re.findall(r"^([\w.-]+)==([0-9.]+)$", lowest, re.M)}
    assert {n: v for n, v in declared.items() if n not in build} == pinned
    # a pin of what our lowest dependencies need (not a bound of ours) says so, and is not declared
    transitive = re.findall(r"^([\w.-]+)==[0-9.]+  # transitive$", lowest, re.M)
    assert transitive == ["numpy"] and not set(transitive) & set(declared)
