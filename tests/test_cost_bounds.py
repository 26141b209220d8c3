"""Issue 11, class "inputs that cost too much": at most MAX_PROBLEMS problems are listed (then how
many there were), kept in bounded memory; did-you-mean hints are capped per load; verify's search
for the closest passage is bounded per quote. Counted, not timed (timings belong in benchmarks/).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SMALL, no_traceback, run

from stancecli import loader as load
from stancecli import verify
from stancecli.cli import streams
from stancecli.errors import DataError, Problem, Problems
from stancecli.loader import load_dataset
from stancecli.model import Dataset, Source, Stance

TEXT = SMALL.read_text(encoding="utf-8")


def test_problems_listed_are_capped_with_a_count_of_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "empty-records.yaml"
    path.write_text("stances:\n" + "- {}\n" * 5_000)  # 25 times what is listed
    result = run("--data", str(path), "validate", timeout=120)
    assert result.returncode == 2 and result.stdout == "" and no_traceback(result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == streams.MAX_PROBLEMS + 1
    assert lines[-1] == f"stance: 5000 problems in the data (the first {streams.MAX_PROBLEMS} are listed)"
    located = [int(line.split(":")[1]) for line in lines[:-1]]
    assert located == list(range(2, streams.MAX_PROBLEMS + 2))  # the first ones, in order


def test_few_problems_are_all_listed(tmp_path: Path) -> None:
    path = tmp_path / "three.yaml"
    path.write_text("stances:\n" + "- {}\n" * 3)
    lines = run("--data", str(path), "validate").stderr.splitlines()
    assert len(lines) == 4 and lines[-1] == "stance: 3 problems in the data"


def test_problems_are_kept_in_bounded_memory_in_order() -> None:
    kept = Problems(keep=10)
    peak = 0
    for line in range(1000, 0, -1):  # worst order: every new one is the smallest
        kept.append(Problem("f.yaml", line, 1, "bad"))
        peak = max(peak, len(kept._kept))
    assert peak < 20 and len(kept) == 1000
    assert [p.line for p in kept.first()] == list(range(1, 11))
    error = DataError(kept)
    assert error.total == 1000 and len(error.problems) == 10 and str(error) == "1000 problems in the data"


def test_did_you_mean_is_capped_per_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unknown references (ten times SUGGESTIONS) against many actors: each hint scans every id,
    so only the first SUGGESTIONS of them get one."""
    import stancecli.resolve as resolve

    calls: list[int] = []
    real = resolve.suggest

    def counting(word: str, choices, cutoff: float = 60.0):
        calls.append(len(choices))
        return real(word, choices, cutoff)

    monkeypatch.setattr(resolve, "suggest", counting)
    actors = "".join(f"  actor-{i}: {{name: Actor {i}, kind: state}}\n" for i in range(2000))
    refs = "".join(f"  - {{actor: acto-{i}, topic: taiwan, position: support, date: '2022',"
                   f" source: doc-2022, basis: stated, quote: q}}\n" for i in range(10 * load.SUGGESTIONS))
    path = tmp_path / "many.yaml"
    path.write_text(TEXT.replace("actors:\n", "actors:\n" + actors) + refs)
    with pytest.raises(DataError) as caught:
        load_dataset([path])
    assert caught.value.total == 10 * load.SUGGESTIONS
    assert len(calls) == load.SUGGESTIONS
    hinted = [p for p in caught.value.problems if "did you mean" in p.message]
    assert hinted and "did you mean 'actor-" in hinted[0].message  # the first ones keep their hint


def test_verify_bounds_the_closest_passage_search_per_quote(monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    from rapidfuzz import fuzz

    lengths: list[int] = []
    real = fuzz.partial_ratio_alignment

    def recording(quote: str, text: str, *args, **kwargs):
        lengths.append(len(quote))
        return real(quote, text, *args, **kwargs)

    monkeypatch.setattr(fuzz, "partial_ratio_alignment", recording)
    (tmp_path / "doc.txt").write_text("word " * 20_000)
    quote = "unmatched " * 1000  # 10,000 characters
    data = Dataset(sources={"s": Source("s", "T", "2020", None, None, "doc.txt")},
                   stances=[Stance("a", "t", "support", "2020", "s", "stated", quote)])
    findings, checked = verify.verify(data, tmp_path)
    assert checked == 1 and findings[0]["kind"] == "quote-not-found"
    assert lengths == [verify.MAX_QUOTE_SEARCH]


def test_a_huge_argument_is_not_echoed_whole() -> None:
    result = run("--data", str(SMALL), "show", "russia", "--as-of", "2" * 100_000)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert len(line) < streams.MAX_LINE + 100 and "characters cut) ... 222" in line
    assert line.endswith("is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")  # the reason stays


def test_codebook_warnings_listed_are_capped_too(tmp_path: Path) -> None:
    path = tmp_path / "years.yaml"
    path.write_text(TEXT + "".join(
        f'  - {{actor: russia, topic: aukus, position: oppose, date: "2022", source: doc-2022,'
        f' basis: stated, quote: "q{i}"}}\n' for i in range(300)))
    result = run("--data", str(path), "validate")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == streams.MAX_PROBLEMS + 1 and all("warning" in x for x in lines[:-1])
    assert lines[-1].startswith("stance: ") and "more codebook warnings not listed" in lines[-1]
