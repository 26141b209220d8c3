"""Markdown reads with names, not ids (issue 20): in the headings and in the lines under the tables
(`opposite sides: China vs United States`, the stale topics, the descriptive topics left out), as
the tables already do; ids stay only in commands to type (in backticks) and in source ids.

The expected texts of the commands tests/unit/test_markdown_views.py does not cover are beside its
own (tests/unit/markdown/, named after the arguments, on tests/data/small.yaml); regenerate one with
`stance --data tests/data/small.yaml ARGS --format markdown` and read the diff."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import stancecli as st
from tests.conftest import SMALL, run

EXPECTED = Path(__file__).with_name("markdown")


@pytest.mark.parametrize("args", [
    ["drivers", "russia", "china"], ["trend", "russia", "china"], ["trend", "russia"],
    ["timeline", "russia"], ["diff", "--source", "doc-2022"], ["matrix", "--blocs"],
    ["show", "russia", "china", "--drivers"],
])
def test_markdown_view(args: list[str]) -> None:
    result = run("--data", str(SMALL), *args, "--format", "markdown")
    assert (result.returncode, result.stderr) == (0, "")
    name = "-".join(a.strip("-") for a in args)
    assert result.stdout == (EXPECTED / f"{name}.md").read_text(encoding="utf-8")


COMMANDS = [
    ["show", "russia"], ["show", "russia", "china", "us", "--drivers"], ["diff", "russia", "us"],
    ["diff", "--topic", "nato"], ["diff", "--topic", "olympics-boycott"], ["diff"],
    ["matrix", "--people", "--blocs"], ["drivers", "russia", "china"], ["trend", "russia", "china"],
    ["trend", "russia"], ["timeline", "russia"], ["diff", "--source", "globalnews-2022-02-04"],
]


@pytest.fixture(scope="module")
def ids() -> set[str]:
    data = st.load().dataset
    return set(data.actors) | set(data.topics)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_id_outside_the_tables_and_the_commands(args: list[str], ids: set[str]) -> None:
    """On the curated data: every heading and note names its actors and topics."""
    result = run(*args, "--format", "markdown")
    assert result.returncode in (0, 1), result.stderr
    said = [line for line in result.stdout.splitlines()
            if line and not line.startswith(("|", "[^"))]
    assert said
    for line in said:
        words = set(re.findall(r"[a-z][a-z0-9-]*", re.sub(r"`[^`]*`", "", line)))
        assert not words & ids, f"ids {sorted(words & ids)} in: {line}"


def test_the_terminal_keeps_the_ids() -> None:
    text = run("diff", "--topic", "olympics-boycott").stdout
    assert "Diplomatic boycott of the Beijing 2022 Olympics (olympics-boycott)\n" in text
    assert "opposite sides: us vs china, us vs russia\n" in text
    named = run("diff", "--topic", "olympics-boycott", "--format", "markdown").stdout
    assert "### Diplomatic boycott of the Beijing 2022 Olympics\n" in named
    assert "opposite sides: United States vs China, United States vs Russia  \n" in named


def test_a_topic_name_with_a_comma_stays_one_item() -> None:
    text = run("show", "russia", "china", "--format", "markdown").stdout
    assert "*A deep Russia-China partnership, not a marriage of convenience*" in text
