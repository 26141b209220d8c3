"""Issue 11, class "empty values": an empty string given to an option or as an argument is refused
with exit 2 (an unset shell variable is a mistake, never "use the default"); an empty environment
variable counts as unset (NO_COLOR's convention).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SMALL, no_traceback, run

DATA = ["--data", str(SMALL)]
EMPTY = {
    "data": (["--data", "", "actors"], "--data: an empty value is not allowed"),
    "data=": (["--data=", "actors"], "--data: an empty value is not allowed"),
    "data after the command": (["actors", "--data", ""], "--data: an empty value is not allowed"),
    "diff topic": ([*DATA, "diff", "--topic", ""], "--topic: an empty value is not allowed"),
    "short topic": ([*DATA, "show", "russia", "-t", ""], "-t: an empty value is not allowed"),
    "basis": ([*DATA, "show", "russia", "--basis", ""], "--basis: an empty value is not allowed"),
    "basis=": ([*DATA, "show", "russia", "--basis="], "--basis: an empty value is not allowed"),
    "as-of": ([*DATA, "timeline", "russia", "--as-of", ""], "--as-of: an empty value is not allowed"),
    "actors": ([*DATA, "matrix", "--actors", ""], "--actors: an empty value is not allowed"),
    "kind": ([*DATA, "matrix", "--kind", ""], "--kind: an empty value is not allowed"),
    "metric": ([*DATA, "matrix", "--metric", ""], "--metric: an empty value is not allowed"),
    "sources": ([*DATA, "verify", "--sources", ""], "--sources: an empty value is not allowed"),
    "actor argument": ([*DATA, "show", ""], "an empty argument is not allowed"),
    "after --": ([*DATA, "show", "--", ""], "an empty argument is not allowed"),
}


@pytest.mark.parametrize(("args", "message"), list(EMPTY.values()), ids=list(EMPTY))
def test_an_empty_value_is_refused(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert result.stdout == "" and no_traceback(result.stderr)
    assert result.stderr == f"stance: {message}\n"


def test_an_empty_stance_data_means_the_shipped_data() -> None:
    shipped = run("actors", "--format", "ids")
    empty = run("actors", "--format", "ids", env={"STANCE_DATA": ""})
    assert empty.returncode == 0 and empty.stderr == ""
    assert empty.stdout == shipped.stdout and "russia" in empty.stdout.split()


def test_an_empty_stance_no_cache_does_not_bypass_the_cache(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI run with a cache that counts every file as settled: an entry is written unless the
    cache is bypassed."""
    from stancecli import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)
    for value, cached in (("", True), ("1", False)):
        home = tmp_path / f"xdg-{value}"
        result = run("--data", str(SMALL), "actors",
                     env={"XDG_CACHE_HOME": str(home), "STANCE_NO_CACHE": value})
        assert result.returncode == 0, result.stderr
        assert bool(list(home.glob("stancecli/*.marshal"))) is cached, value


def test_an_empty_no_color_does_not_turn_colour_off() -> None:
    result = run(*DATA, "show", "russia", "china", env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[" in result.stdout
    result = run(*DATA, "show", "russia", "china", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert "\x1b[" not in result.stdout
