"""Issue 11, class "Ctrl-C at any moment": from the start-up imports to the output, SIGINT ends
`stance` with 130, nothing on stdout and no traceback.

The moment is chosen exactly, not by sleeping: a sitecustomize (on PYTHONPATH, test-only) hooks the
import system and sends the process SIGINT as a given module starts to import. Everything before
the script's first line (the interpreter's own start-up) is Python's, not ours.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from conftest import SMALL, no_traceback, stance_executable

HOOK = """
import os, signal, sys

class _InterruptAt:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ.get("STANCE_TEST_SIGINT_AT"):
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, _InterruptAt())
"""

COLD = ["--data", str(SMALL), "--no-cache"]
MOMENTS = [
    ("stancecli.cli.streams", ["--data", str(SMALL), "actors"]),  # the first import after the handler
    ("typer", ["--data", str(SMALL), "actors"]),  # start-up: the CLI framework
    ("stancecli.render", ["--help"]),
    ("stancecli.cache", ["--data", str(SMALL), "actors"]),  # the command has begun
    ("yaml", [*COLD, "validate"]),  # the parse
    ("stancecli.resolve", [*COLD, "show", "rusia", "china"]),  # resolving names
    ("stancecli.align", [*COLD, "matrix"]),  # the analysis
    ("stancecli.render.table", [*COLD, "show", "russia", "china"]),  # the output
    ("stancecli.render.jsondoc", [*COLD, "export", "--format", "json"]),
]


def _run(tmp_path: Path, module: str, args: list[str], ignore: bool = False):
    (tmp_path / "sitecustomize.py").write_text(HOOK)
    env = {"PYTHONPATH": str(tmp_path), "STANCE_TEST_SIGINT_AT": module,
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    def ignore_sigint() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # as for `stance ... &` in a script

    def default_sigint() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # as from a terminal, whatever the runner's

    return subprocess.run([stance_executable(), *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env},
                          preexec_fn=ignore_sigint if ignore else default_sigint)


@pytest.mark.parametrize(("module", "args"), MOMENTS, ids=[m for m, _ in MOMENTS])
def test_ctrl_c_exits_130_quietly_at_every_moment(tmp_path: Path, module: str, args: list[str]) -> None:
    result = _run(tmp_path, module, args)
    assert result.returncode == 130, (result.returncode, result.stderr)
    assert result.stdout == ""
    assert result.stderr == "" and no_traceback(result.stderr)


def test_the_hook_fires_only_where_it_is_told(tmp_path: Path) -> None:
    """The harness itself: without a matching module the run is untouched."""
    result = _run(tmp_path, "no.such.module", ["--data", str(SMALL), "actors", "--format", "ids"])
    assert result.returncode == 0 and "russia" in result.stdout.split()


def test_an_ignored_sigint_stays_ignored(tmp_path: Path) -> None:
    """A background job of a non-interactive shell ignores SIGINT; stance must not undo that."""
    result = _run(tmp_path, "typer", ["--data", str(SMALL), "actors", "--format", "ids"], ignore=True)
    assert result.returncode == 0, result.stderr
    assert "russia" in result.stdout.split()
