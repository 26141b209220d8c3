"""What bash, zsh and fish offer after an option with fixed choices (issue 20), in process, by typer's
completion protocol (`_STANCE_COMPLETE=complete_<shell>`, as the scripts of `stance completion`
call it): `--format` offers the formats that command prints (the pictures only where drawn),
and every other enum option its values."""

from __future__ import annotations

import re

import pytest

from tests.conftest import run

VAR = "_STANCE_COMPLETE"
TEXT = ["table", "json", "csv", "tsv", "markdown", "md"]


def offered(shell: str, line: str) -> list[str]:
    """The values `shell` would offer for the last word of `line` (empty: a new word)."""
    if shell == "bash":
        words = line.split(" ")
        env = {VAR: "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    elif shell == "zsh":
        env = {VAR: "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    else:
        env = {VAR: "complete_fish", "_TYPER_COMPLETE_ARGS": line,
               "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = run(env=env)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    if shell == "bash":
        return result.stdout.split()
    if shell == "zsh":  # _arguments '*: :(("a"\n"b":"its description"\n...))'
        return re.findall(r'^"([^"]*)"', result.stdout.split("((", 1)[-1], re.M)
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


SHELLS = ["bash", "zsh", "fish"]


@pytest.mark.parametrize("shell", SHELLS)
def test_show_format_offers_the_text_formats_and_no_picture(shell: str) -> None:
    assert offered(shell, "stance show russia --format ") == TEXT
    assert offered(shell, "stance show russia -f m") == ["markdown", "md"]


@pytest.mark.parametrize("shell", SHELLS)
def test_the_pictures_are_offered_where_they_are_drawn(shell: str) -> None:
    assert offered(shell, "stance matrix --format ") == [*TEXT, "ids", "svg", "html", "graphml",
                                                          "gexf"]
    assert offered(shell, "stance trend russia china --format ") == [*TEXT, "svg", "html"]
    assert offered(shell, "stance diff --topic nato --format ") == [*TEXT, "ids", "svg", "html"]
    assert offered(shell, "stance timeline russia --format ") == TEXT
    assert offered(shell, "stance actors --format ") == [*TEXT, "ids"]


@pytest.mark.parametrize("shell", SHELLS)
def test_the_other_choices(shell: str) -> None:
    assert offered(shell, "stance matrix --metric ") == ["agreement", "s_score", "kappa", "pi",
                                                          "verdict"]
    assert offered(shell, "stance trend russia china --every ") == ["year", "quarter"]
    assert offered(shell, "stance show russia --basis ") == ["stated", "reported", "inferred"]
    assert offered(shell, "stance add --position strongly") == ["strongly-oppose",
                                                                 "strongly-support"]
    assert offered(shell, "stance scan doc.txt --format y") == ["yaml", "yml"]
