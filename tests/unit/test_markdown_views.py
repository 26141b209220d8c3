"""What a user reads in every markdown view, line for line, in process: the wording of a difference,
the column order of each actor, the notes under each table (issue 24).

The expected texts (tests/unit/markdown/, one file per command, named after its arguments) are the
output on the small hand-written dataset (tests/data/small.yaml), each read and checked against it:
a change to any of them is a change a reader of the markdown sees. After a deliberate change of
wording, regenerate a file with `stance --data tests/data/small.yaml ARGS --format markdown`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL, run

EXPECTED = Path(__file__).with_name("markdown")


def expected(name: str) -> str:
    return (EXPECTED / f"{name}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [
    ["diff", "us", "russia"], ["diff", "russia", "us"], ["diff", "--topic", "taiwan"], ["diff"],
    ["show", "russia", "china"], ["matrix"],
])
def test_markdown_view(args: list[str]) -> None:
    result = run("--data", str(SMALL), *args, "--format", "markdown")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == expected("-".join(a.strip("-") for a in args))


def test_diff_keeps_each_actor_in_the_column_the_user_named_first() -> None:
    """`diff A B` puts A's position and quote in the first of each pair of columns, B's second."""
    def cells(text: str) -> list[list[str]]:
        return [line[2:-2].split(" | ") for line in text.splitlines() if line.startswith("| ")]

    us_first, russia_first = cells(expected("diff-us-russia")), cells(expected("diff-russia-us"))
    assert us_first[0][2:4] == ["United States", "Russia"]
    assert russia_first[0][2:4] == ["Russia", "United States"]
    assert len(us_first) == len(russia_first) == 3
    for a, b in zip(us_first, russia_first, strict=True):
        assert (a[2], a[3], a[6], a[7]) == (b[3], b[2], b[7], b[6])  # positions and quotes swapped
        assert (a[0], a[1], a[4], a[5]) == (b[0], b[1], b[4], b[5])  # the rest the same
    assert us_first[1][2:4] == ["+ support 2022 (i)", "-\\- strongly-oppose 2022"]  # no en dash
    assert us_first[1][6:] == ["Washington welcomes new NATO members.",
                               "NATO must stop. Its expansion is unacceptable."]
