"""What a researcher sees in an 80-column terminal (issue 20): a timeline stays one table (the
change in its short form, the source left out and said so) instead of splitting in two blocks."""

from __future__ import annotations

import pytest

import stancecli as st

WIDTH = 80


@pytest.fixture(scope="module")
def data() -> st.Data:
    return st.load()


def _table(text: str) -> tuple[str, list[str]]:
    """The header line and the rows of the first table in `text`."""
    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("----"))
    rows = []
    for line in lines[rule + 1:]:
        if not line or not line[0].isdigit():
            break
        rows.append(line)
    return lines[rule - 1], rows


@pytest.mark.parametrize("actor", ["russia", "china", "us"])
def test_a_timeline_is_one_table_at_80_columns(data: st.Data, actor: str) -> None:
    result = data.timeline(actor)
    text = result.render(width=WIDTH)
    header, rows = _table(text)
    assert header.split() == ["date", "topic", "position", "change"]
    assert len(rows) == len(result.to_dict()["stances"])  # every record, in one block
    assert text.count("date ") == 1  # no second block repeating the key column
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    assert "source left out to fit the terminal (--wide prints every column)" in text


def test_a_change_of_degree_is_short_and_explained(data: st.Data) -> None:
    text = data.timeline("russia").render(width=WIDTH)
    row = next(r for r in _table(text)[1] if "nato-expansion" in r and "2022" in r)
    assert row.split() == ["2022-02-04", "nato-expansion", "--", "degree", "(was", "-)"]
    assert "side (was X) / degree (was X): changed side / degree from X" in text


def test_a_wide_terminal_keeps_the_source_and_the_whole_change(data: st.Data) -> None:
    text = data.timeline("russia").render(width=200)
    header, rows = _table(text)
    assert header.split() == ["date", "topic", "position", "change", "source"]
    assert "changed degree (from oppose)" in text and "left out" not in text
    assert rows[0].split()[-1] == "valuewalk-2015-03"
