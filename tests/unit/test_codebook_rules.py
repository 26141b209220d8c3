"""The codebook's intensity markers and joint-call rule, the source-kind filter and the default
actors of a comparison, on hand-built records and at their boundaries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stancecli import codebook
from stancecli.align import current_stances, of_source_kinds, political_actors, topic_divergence
from stancecli.model import Dataset, Source, Stance

ROOT = Path(__file__).resolve().parents[2]


def st(actor: str, position: str, quote: str, topic: str = "t", source: str = "s1") -> Stance:
    return Stance(actor, topic, position, "2022-02-04", source, "reported", quote)


@pytest.mark.parametrize(("quote", "found"), [
    ("any attempt ... is unacceptable", ["unacceptable"]),
    ("UNACCEPTABLE", ["unacceptable"]),  # any case
    ("an “inviolable” part", ["inviolable"]),  # typography folded
    ("opposes any\n  form of independence", ["any form of"]),  # white space folded
    ("central issues in Moscow's confrontation", ["central issue"]),
    ("Xi has taken strong positions", ["strong position"]),
    ("the most detailed and decisive statement yet", ["decisive"]),
    ("an indecisive statement", []),  # a marker starts a word
    ("This shift is deeply concerning for Moscow.", []),  # a feeling's adverb is no marker
    ("Putin has been extremely aggressive over eastern Ukraine", []),  # nor conduct's
    ("publicly project a united front", []),
])
def test_intensity_markers(quote: str, found: list[str]) -> None:
    assert codebook.intensity_markers(quote) == found


def test_strongly_needs_a_marker_in_its_quote_and_plain_needs_none() -> None:
    data = Dataset(stances=[st("a", "strongly-oppose", "is unacceptable"),
                            st("b", "strongly-support", "deeply concerning"),
                            st("c", "support", "deeply concerning"),
                            st("d", "unclear", "deeply concerning")])
    (warning,) = codebook.strength_without_marker(data)
    assert warning.check == "strength-without-marker" and warning.message.startswith("b/t: ")


def test_the_codebook_lists_the_markers_the_tool_checks() -> None:
    """docs/CODEBOOK.md section 6 gives the list on one line; it is the tool's list, in its order."""
    text = (ROOT / "docs" / "CODEBOOK.md").read_text(encoding="utf-8")
    (line,) = [x for x in text.splitlines() if x.startswith("- Intensity markers (")]
    assert tuple(re.findall(r'"([^"]+)"', line)) == codebook.INTENSITY_MARKERS


@pytest.mark.parametrize(("first", "second", "warned"), [
    ("strongly-oppose", "oppose", True),  # one side, two strengths
    ("support", "strongly-support", True),
    ("oppose", "oppose", False),
    ("support", "oppose", False),  # a clash: opposite sides from one quote
    ("neutral", "support", False),  # neutral is on no side
    ("unclear", "support", False),
])
def test_one_call_one_strength(first: str, second: str, warned: bool) -> None:
    data = Dataset(stances=[st("a", first, "They call for an end."),
                            st("b", second, "they  call for an END.")])  # white space and case aside
    found = codebook.joint_call_strength(data)
    assert [w.message.split(":")[0] for w in found] == (["b/t"] if warned else [])


def test_one_call_is_one_source_one_topic_one_quote() -> None:
    data = Dataset(stances=[st("a", "strongly-oppose", "q"), st("b", "oppose", "q", source="s2"),
                            st("c", "oppose", "q", topic="u"), st("d", "oppose", "q2"),
                            st("e", "oppose", "q")])
    (warning,) = codebook.joint_call_strength(data)
    assert warning.message.startswith("e/t: oppose, but the same words code a as strongly-oppose")


def test_source_kind_filter() -> None:
    stances = [st("a", "support", "q", source="wire"), st("b", "support", "q", source="op"),
               st("c", "support", "q", source="nokind"), st("d", "support", "q", source="gone")]
    kinds = {"wire": "wire", "op": "opinion", "nokind": None}
    assert list(of_source_kinds(stances, kinds, None)) == stances
    assert list(of_source_kinds(stances, kinds, [])) == stances
    assert [s.actor for s in of_source_kinds(stances, kinds, ["wire", "newspaper"])] == ["a"]
    assert [s.actor for s in of_source_kinds(stances, kinds, ["opinion", "wire"])] == ["a", "b"]
    # composes with the current-stance rule, like --basis
    current = current_stances(of_source_kinds(stances, kinds, ["opinion"]))
    assert list(current) == [("b", "t")]


def test_analysts_and_publics_are_left_out_of_a_comparison_by_default() -> None:
    kinds = {"ru": "state", "eu": "bloc", "nato": "alliance", "un": "organization",
             "feng": "analyst", "pub": "public", "xi": "person"}
    assert political_actors(kinds) == ["ru", "eu", "nato", "un"]
    # "opposite sides" on a descriptive topic was mostly states against analysts
    current = current_stances([st("ru", "strongly-support", "q"), st("cn", "support", "q"),
                               st("feng", "oppose", "r"), st("russel", "oppose", "s")])
    everyone = topic_divergence(current, "t")
    assert len(everyone.opposed_pairs) == 4 and everyone.divergent
    states = topic_divergence(current, "t", political_actors(
        {"ru": "state", "cn": "state", "feng": "analyst", "russel": "analyst"}))
    assert states.opposed_pairs == [] and not states.divergent


def test_sources_without_a_kind_or_url_still_cite() -> None:
    from stancecli.views import Citation

    bare = Citation(st("a", "support", "q"), Source("s1", "T", "2022"), "A", "B")
    assert (bare.source_kind, bare.contested) == (None, None)
    web = Citation(Stance("a", "t", "support", "2022", "s1", "inferred", "q", note="Contested: x"),
                   Source("s1", "T", "2022", kind="unattributed-web"), "A", "B")
    assert (web.source_kind, web.contested) == ("unattributed-web", "Contested: x")
