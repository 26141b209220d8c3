"""Name resolution, each rule at its boundary: exact before word before fuzzy; a typo is taken only
when it is long enough, close enough and clearly closer than the runner-up.

The fuzzy scores are rapidfuzz's ratio, 200·M / (len(a) + len(b)) with M the longest common
subsequence: the labels below are built so that each score lands exactly on, or just beside, a
threshold (query "abcdefghi" vs "abcdef": M = 6, 200·6 / 15 = 80.0).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from stancecli import resolve as resolve_module
from stancecli.errors import StanceError
from stancecli.resolve import resolve, suggest


@dataclass(frozen=True)
class Rec:
    id: str
    name: str
    aliases: tuple[str, ...] = ()


def rec(id_: str, name: str | None = None, *aliases: str) -> Rec:
    return Rec(id_, name if name is not None else id_, aliases)


ACTORS = [rec("russia", "Russia", "Moscow", "Kremlin"), rec("us", "United States", "USA", "U.S."),
          rec("china", "China", "Beijing")]


def refused(query: str, records: list[Rec], what: str = "actor") -> str:
    with pytest.raises(StanceError) as caught:
        resolve(query, records, what)
    assert caught.value.exit_code == 2
    return str(caught.value)


def test_thresholds_are_the_documented_ones() -> None:
    assert (resolve_module.FUZZ_CUTOFF, resolve_module.FUZZ_MARGIN, resolve_module.MIN_FUZZ_LENGTH) == (
        75.0, 8.0, 4)


# -- exact ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["russia", "Russia", "RUSSIA", "moscow", "MOSCOW", "Kremlin",
                                   "  russia  ", "\tMoscow\n"])
def test_exact_id_name_or_alias_in_any_case_and_padding_is_silent(query: str) -> None:
    assert resolve(query, ACTORS, "actor") == ("russia", None)


def test_case_folding_is_full_casefold_not_lower() -> None:
    # "Straße".casefold() is "strasse"; .lower() would keep the ß
    records = [rec("strasse", "Straße")]
    assert resolve("STRASSE", records, "topic") == ("strasse", None)


def test_exact_label_case_is_folded_too() -> None:
    records = [rec("x1", "Alpha", "BETA")]
    assert resolve("beta", records, "actor") == ("x1", None)


def test_an_exact_match_beats_a_word_match() -> None:
    records = [rec("china", "China"), rec("china-taiwan", "China and Taiwan")]
    assert resolve("china", records, "topic") == ("china", None)


def test_two_exact_matches_are_ambiguous_listed_sorted() -> None:
    records = [rec("zeta", "Same"), rec("alpha", "Same")]
    assert refused("same", records) == "actor 'same' is ambiguous: it could be alpha, zeta"


# -- whole words ----------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["expansion", "EXPANSION", "nato"])
def test_a_whole_word_of_a_label_is_taken_and_said(query: str) -> None:
    records = [rec("nato-expansion", "NATO expansion"), rec("taiwan", "Taiwan")]
    assert resolve(query, records, "topic") == (
        "nato-expansion", f"'{query}' taken as topic 'nato-expansion' (NATO expansion)")


def test_words_split_on_hyphens_and_underscores() -> None:
    # three-letter queries never fuzz: only the word rule can find these
    records = [rec("trade_war", "Money"), rec("eastward-nato-expansion", "Alliance")]
    assert resolve("war", records, "topic") == ("trade_war", "'war' taken as topic 'trade_war' (Money)")
    assert resolve("NATO", records, "topic").id == "eastward-nato-expansion"
    assert "unknown topic 'de_w'" in refused("de_w", records, "topic")


def test_a_word_must_be_whole_not_a_part() -> None:
    records = [rec("nato-expansion", "NATO expansion")]
    assert "unknown topic 'expan'" in refused("expan", records, "topic")


def test_a_word_in_two_records_is_ambiguous() -> None:
    records = [rec("trade-war", "Trade war"), rec("dollar-trade", "Dollar trade"), rec("x", "X")]
    assert refused("trade", records, "topic") == (
        "topic 'trade' is ambiguous: it could be dollar-trade, trade-war")


# -- fuzzy: length ----------------------------------------------------------------------------------
def test_a_query_of_four_characters_may_fuzz() -> None:
    # 'abce' vs 'abcd': 200·3/8 = 75.0, alone: taken
    assert resolve("abce", [rec("abcd")], "actor") == ("abcd", "'abce' taken as actor 'abcd' (abcd)")


def test_a_query_of_three_characters_never_fuzzes() -> None:
    # 'abd' vs 'abcd' scores 85.7, above the cutoff, alone: only the length refuses it
    assert refused("abd", [rec("abcd")]) == (
        "unknown actor 'abd'; did you mean 'abcd'? (`stance actors` lists them)")


def test_length_is_counted_after_stripping() -> None:
    assert "unknown actor" in refused("  abd  ", [rec("abcd")])


def test_us_never_becomes_russia() -> None:
    assert "unknown actor 'us'" in refused("us", [rec("russia", "Russia")])
    assert resolve("us", ACTORS, "actor") == ("us", None)
    # three letters or more that start one id alone are that id (issue 20), said on stderr
    assert resolve("rus", [rec("russia", "Russia")], "actor") == (
        "russia", "'rus' taken as actor 'russia' (Russia), the only id that begins so")


# -- fuzzy: cutoff --------------------------------------------------------------------------------
def test_a_score_of_exactly_the_cutoff_is_taken() -> None:
    assert resolve("abcdefzy", [rec("abcdefgzy")], "actor").id == "abcdefgzy"  # 200·7/17 = 82.4
    assert resolve("abce", [rec("abcd")], "actor").id == "abcd"  # 75.0 exactly


def test_a_score_just_under_the_cutoff_is_refused() -> None:
    # 'abcdefgh' vs 'zyxwvuabcdefgh': 200·8/22 = 72.7 (the id does not start with it)
    message = refused("abcdefgh", [rec("zyxwvuabcdefgh")])
    assert message == ("unknown actor 'abcdefgh'; did you mean 'zyxwvuabcdefgh'? "
                       "(`stance actors` lists them)")


def test_the_best_label_of_a_record_counts() -> None:
    records = [rec("zzzz", "Qqqq", "Moskva")]
    assert resolve("moskwa", records, "actor") == ("zzzz", "'moskwa' taken as actor 'zzzz' (Qqqq)")


# -- fuzzy: margin over the runner-up -----------------------------------------------------------------
def test_a_lead_of_exactly_the_margin_is_taken() -> None:
    # 80.0 against 72.0
    records = [rec("zyxwvutabcdefghi"), rec("abcdef")]
    assert resolve("abcdefghi", records, "actor").id == "abcdef"


def test_a_lead_just_over_the_margin_is_taken() -> None:
    # 84.21 against 76.19: a lead of 8.02
    records = [rec("abcdefghzyxwv"), rec("abcdefghzyx")]
    assert resolve("abcdefgh", records, "actor").id == "abcdefghzyx"


def test_a_lead_just_under_the_margin_is_refused_with_both_candidates() -> None:
    # 85.71 against 77.78: a lead of 7.94, both above the cutoff
    records = [rec("abcdefgzyx"), rec("abcdef")]
    assert refused("abcdefgh", records) == (
        "unknown actor 'abcdefgh'; did you mean 'abcdef' or 'abcdefgzyx'? (`stance actors` lists them)")


def test_a_tie_is_refused() -> None:
    records = [rec("abcdx"), rec("abcdy")]
    assert "did you mean 'abcdx' or 'abcdy'?" in refused("abcdz", records)


# -- the hint -------------------------------------------------------------------------------------
def test_hint_lists_at_most_three_best_first_ties_by_id() -> None:
    # 'abcdefghij' against 'abcdefghzyxw' (200·8/22 = 72.7) and three at 'abcdefgzyx' (70.0)
    records = [rec("q3", "abcdefgzyx"), rec("q1", "abcdefgzyx"), rec("q2", "abcdefgzyx"),
               rec("q9", "abcdefghzyxw")]
    message = refused("abcdefghij", records)
    assert message == ("unknown actor 'abcdefghij'; did you mean 'q9' or 'q1' or 'q2'? "
                       "(`stance actors` lists them)")


def test_hint_includes_a_score_of_exactly_seventy() -> None:
    assert resolve_module.SUGGEST_CUTOFF == 70.0
    assert "did you mean 'abcdefgzyx'?" in refused("abcdefghij", [rec("abcdefgzyx")])  # 70.0


def test_hint_leaves_out_a_score_under_seventy() -> None:
    # 200·9/26 = 69.2: a guess this far off is more often wrong than right
    assert refused("abcdefghij", [rec("abcdefghizyxwvut")]) == (
        "unknown actor 'abcdefghij' (`stance actors` lists them)")


def test_unknown_names_the_listing_command_for_the_kind() -> None:
    assert refused("qqqqqq", [rec("abcd")], "topic") == "unknown topic 'qqqqqq' (`stance topics` lists them)"


# -- suggest (did-you-mean in the loader) -----------------------------------------------------------
def test_suggest_takes_the_closest_at_or_over_sixty() -> None:
    assert suggest("suport", ["support", "oppose"]) == "support"
    # 'abcde' vs 'abcxyz': 200·3/11 = 54.5 < 60; 'abcdefgh' vs 'abcdefzyxw': 200·6/18 = 66.7
    assert suggest("abcde", ["abcxyz"]) is None
    assert suggest("abcdefgh", ["abcdefzyxw"]) == "abcdefzyxw"


def test_suggest_cutoff_is_inclusive_at_sixty() -> None:
    # 'abc' vs 'abcxy': 200·3/8 = 75; 'abcdef' vs 'abcdefzyxwvuts' ... 200·6/20 = 60.0 exactly
    assert suggest("abcdef", ["abcdefzyxwvuts"]) == "abcdefzyxwvuts"
    # 200·6/21 = 57.1
    assert suggest("abcdef", ["abcdefzyxwvutsr"]) is None


def test_suggest_ignores_case_and_punctuation() -> None:
    assert suggest("SUPPORT!", ["support"]) == "support"


# -- people quoted for an actor -------------------------------------------------------------------------
def test_speakers_of_keeps_people_quoted_for_one_actor_only() -> None:
    from stancecli.resolve import speakers_of

    pairs = [("Vladimir Putin", "russia"), ("Lavrov", "russia"), ("Biden", "us"), ("Smith", "us"),
             ("Smith", "uk"), (None, "china"), ("", "china"), ("Lavrov", "russia")]
    assert speakers_of(pairs) == {"russia": ("Lavrov", "Vladimir Putin"), "us": ("Biden",)}


def test_a_speakers_name_or_a_word_of_it_finds_the_actor() -> None:
    speakers = {"russia": ("Vladimir Putin",), "us": ("Joe Biden",)}
    assert resolve("putin", ACTORS, "actor", speakers) == (
        "russia", "'putin' taken as actor 'russia' (Russia), for which Vladimir Putin speaks")
    assert resolve("VLADIMIR PUTIN", ACTORS, "actor", speakers).id == "russia"
    assert "unknown actor 'puti'" in refused_with("puti", speakers)
    assert resolve("us", ACTORS, "actor", speakers) == ("us", None)  # names first


def test_a_speaker_name_shared_by_two_actors_is_ambiguous() -> None:
    speakers = {"russia": ("Ivan Smith",), "us": ("John Smith",)}
    assert refused_with("smith", speakers) == "actor 'smith' is ambiguous: it could be russia, us"


def refused_with(query: str, speakers: dict[str, tuple[str, ...]]) -> str:
    with pytest.raises(StanceError) as caught:
        resolve(query, ACTORS, "actor", speakers)
    return str(caught.value)
