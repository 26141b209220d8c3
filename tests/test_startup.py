"""Startup stays fast: a warm command imports no YAML parser, no fuzzy matcher and no rich."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SMALL

WARM = """
import stancecli.cache as cache
from stancecli.loader import data_files
cache.RACY_NS = 0  # cache the fixture even if its files were written a moment ago
cache.load(data_files(__import__("pathlib").Path({path!r})))
"""
RUN = """
import contextlib, io, json, sys
sys.argv = ["stance", "--data", {path!r}, *{args!r}]
from stancecli.cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit as exc:
        assert not exc.code, exc.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("yaml", "rapidfuzz", "rich"))
print(json.dumps(heavy))
"""


@pytest.mark.parametrize("args", [
    ["show", "russia", "china", "--format", "json"],
    ["diff", "--topic", "nato"],
    ["matrix", "--format", "csv"],
    ["actors", "--format", "ids"],
])
def test_warm_commands_import_nothing_heavy(args: list[str]) -> None:
    subprocess.run([sys.executable, "-c", WARM.format(path=str(SMALL))], check=True)
    out = subprocess.run([sys.executable, "-c", RUN.format(path=str(SMALL), args=args)],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []
