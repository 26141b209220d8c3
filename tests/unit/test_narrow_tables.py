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


# -- matrix: headers a reader cannot mistake ---------------------------------------------------------
def _headers(text: str) -> list[list[str]]:
    """The header words of each block of the first table (the line above each rule)."""
    lines = text.splitlines()
    return [lines[i - 1].split() for i, line in enumerate(lines) if line.startswith("----")]


def test_people_matrix_numbers_its_columns_at_80_columns(data: st.Data) -> None:
    """Cut ids read as other actors (`russia` for russian-public beside russia, `chine` beside
    china, `russe` for russel): when three letters do not tell the actors apart, numbers do."""
    result = data.matrix(people=True)
    actors = result.to_dict()["actors"]
    text = result.render(width=WIDTH)
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    numbers = [word for block in _headers(text) for word in block]
    assert numbers == [str(n) for n in range(1, len(actors) + 1)]  # each column once, in order
    rows = [line.split()[:2] for line in text.splitlines() if line[:3].strip().isdigit()]
    assert rows[:len(actors)] == [[str(n), a] for n, a in enumerate(actors, 1)]
    assert "columns: numbered as the rows" in text
    assert not {"russe", "chine", "russian"} & set(text.split())


def test_a_matrix_whose_ids_differ_in_three_letters_keeps_them(data: st.Data) -> None:
    text = data.matrix().render(width=WIDTH)
    headers = [word for block in _headers(text) for word in block]
    assert headers == ["rus", "chi", "us", "eu", "nat", "wes", "vie", "aus", "uk"]
    assert "columns: rus russia, chi china, nat nato, wes west" in " ".join(text.split())


def test_column_keys() -> None:
    from stancecli.views import column_keys

    assert column_keys(["russia", "china", "us"]) == [("russia", "rus", None), ("china", "chi", None),
                                                      ("us", "us", None)]
    assert column_keys(["russia", "russel"]) == [("russia", "1", "1 russia"), ("russel", "2", "2 russel")]
    assert column_keys([f"abc{n}" for n in range(10)])[9] == ("abc9", "10", "10 abc9")
    assert column_keys([f"abc{n}" for n in range(10)])[0] == ("abc0", "1", " 1 abc0")


# -- the ranking of topics: what the window set aside, on the screen -------------------------------
def test_the_ranking_fits_80_columns_and_counts_what_the_window_set_aside(data: st.Data) -> None:
    result = data.diff()
    text = result.render(width=WIDTH)
    lines = text.splitlines()
    assert lines[1].split() == ["topic", "diff", "n", "opp", "st", "spread", "div", "name"]
    assert max(len(line) for line in lines) <= WIDTH
    topics = result.to_dict()["topics"]
    stale = {t["topic"]: len(t["stale_pairs"]) for t in topics}
    nato = next(line for line in lines if line.startswith("nato-expansion "))
    assert nato.split()[1:4] == ["4", "0", str(stale["nato-expansion"])] and stale["nato-expansion"] == 4
    flat = " ".join(text.split())
    assert ("diff: ≠ opposite sides, ~ degree only, ? one unclear; n: actors; opp: opposed pairs; "
            "st: stale pairs; div: division") in flat
    pairs, held = sum(stale.values()), sum(1 for n in stale.values() if n)
    assert held > 1 and (f"stale: {pairs} pairs on {held} topics dated more than 5 years apart, set "
                         "aside: counted in none of the difference, opposed pairs, spread and division "
                         "(`stance diff --topic TOPIC` names them; --window 0 compares them)") in flat


def test_the_ranking_s_stale_note_in_the_singular() -> None:
    from tests.conftest import TESTS

    views = st.load(str(TESTS / "data" / "views.yaml"))
    result = views.diff(window=1)
    assert any(t["stale_pairs"] for t in result.to_dict()["topics"])
    assert "dated more than 1 year apart, set aside" in " ".join(result.render(width=WIDTH).split())
    plain = " ".join(views.diff(window=0).render(width=WIDTH).split())
    assert "stale" not in plain and "opp: opposed pairs; div: division" in plain
