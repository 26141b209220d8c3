"""The rules of `stance scan` and of the sentence splitter, in process (the mutation tests' layer)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from stancecli.codebook import near, sentence_starts
from stancecli.model import Actor, Dataset, Person, Topic
from stancecli.scan import (
    _FOLD,
    HELD,
    SHINGLE,
    STRIDE,
    Candidate,
    Index,
    Recorded,
    _folded,
    _folded_all,
    demonyms,
    scan,
    shell_quote,
    speakers,
    stem,
    stubs,
    yaml_string,
)
from stancecli.sentences import MAX_QUOTED, sentences, spans, starts
from stancecli.verify import normalise


def texts(text: str) -> list[str]:
    return [s for _, s in sentences(text)]


def dataset() -> Dataset:
    actors = {a.id: a for a in (
        Actor("russia", "Russia", "state", ("Moscow", "Kremlin")),
        Actor("china", "China", "state", ("Beijing",)),
        Actor("us", "United States", "state", ("Washington", "U.S.")),
        Actor("nato", "NATO", "alliance"),
        Actor("diesen", "Glenn Diesen", "analyst"))}
    topics = {t.id: t for t in (
        Topic("nato-expansion", "NATO expansion", "NATO should keep expanding eastward.",
              ("nato enlargement",)),
        Topic("dollar-trade", "Trade in dollars",
              "Trade should move from the dollar to national currencies.", ("dollar",),
              keywords=("de-dollarisation", "yuan settlements")),
        Topic("taiwan", "Taiwan", "Taiwan is part of China.", ("one China",)),
        Topic("gas-deals", "Gas deals", "Russia and China should expand pipeline gas supply deals."))}
    people = {p.id: p for p in (
        Person("putin", "Vladimir Putin", "russia", "President"),
        Person("xi", "Xi Jinping", "china", "President", ("Xi",)),
        Person("ghost", "Nobody Known", "atlantis"))}  # an actor the data lacks: ignored
    return Dataset(actors, topics, {}, [], people)


# -- the splitter ---------------------------------------------------------------------------------
def test_sentences_end_at_full_stops_and_keep_offsets() -> None:
    text = "Russia spoke. China listened! Did the US?  Yes.\n"
    found = sentences(text)
    assert [s for _, s in found] == ["Russia spoke.", "China listened!", "Did the US?", "Yes."]
    assert [o for o, _ in found] == [0, 14, 30, 43]
    assert spans(text)[0] == (0, 13)


@pytest.mark.parametrize("text", [
    'Mr. Wang came. Dr. Li left.', "Gen. Ivanov spoke. Sept. came.", "J. Smith spoke. Prof. Lee wrote.",
    "Corp. Ltd. Inc. the end. Capt. Kirk.",
])
def test_titles_and_initials_end_nothing(text: str) -> None:
    found = texts(text)
    assert all(not s.endswith(("Mr.", "Dr.", "Gen.", "Sept.", "J.", "Prof.", "Capt.")) for s in found), found
    assert len(found) == 2 or text.startswith("Corp")


def test_an_initialism_ends_a_sentence_only_before_a_word_that_opens_one() -> None:
    assert texts("Sanctions by the U.S. The measures bite. U.S. President Biden spoke.") == [
        "Sanctions by the U.S.", "The measures bite.", "U.S. President Biden spoke."]
    assert texts("The U.S. Congress met.") == ["The U.S. Congress met."]


def test_quotations_ellipses_and_lower_case_keep_a_sentence_whole() -> None:
    assert texts('"We oppose this. It must stop," Putin said. Then he left.') == [
        '"We oppose this. It must stop," Putin said.', "Then he left."]
    assert texts("\u201cWe will never \u2026 accept it. Never,\u201d he said. Xi nodded.") == [
        "\u201cWe will never \u2026 accept it. Never,\u201d he said.", "Xi nodded."]
    assert texts('He said: "Never." Then left.') == ['He said: "Never."', "Then left."]
    assert texts("He paused... and left. Then. . . more. Fin.") == ["He paused... and left.",
                                                                   "Then. . . more.", "Fin."]
    assert texts("It ended, e.g. the talks. \u00c9lan. Fin. \u00e9lan.") == [
        "It ended, e.g. the talks.", "\u00c9lan.", "Fin. \u00e9lan."]
    # a straight quote after a letter closes (a quote never seen open): it holds nothing together
    assert texts('He said no." Then left. Done.') == ['He said no."', "Then left.", "Done."]
    assert texts('A "b" c. D.') == ['A "b" c.', "D."]



@pytest.mark.parametrize("opening", [' "', ' ("', ' ["', " \u201c"])
def test_a_quotation_opened_after_a_space_or_a_bracket_holds_its_sentences(opening: str) -> None:
    closing = {' "': '"', ' ("': '")', ' ["': '"]', " \u201c": "\u201d"}[opening]
    text = f"He said{opening}We go. Then we stay.{closing} It ended."
    assert texts(text) == [f"He said{opening}We go. Then we stay.{closing}", "It ended."]


@pytest.mark.parametrize("ellipsis", ["\u2026", "...", ". . ."])
def test_an_ellipsis_before_a_capital_ends_nothing(ellipsis: str) -> None:
    assert texts(f"He paused{ellipsis} Then he left. Fin.") == [f"He paused{ellipsis} Then he left.", "Fin."]

def test_an_unclosed_quotation_holds_a_sentence_together_only_so_far() -> None:
    near_text = '"' + "a" * 10 + ". B."
    assert texts(near_text) == [near_text]
    far = '"' + "a" * (MAX_QUOTED + 10) + ". B."
    assert len(texts(far)) == 2
    assert len(texts("\u201c" + "a" * (MAX_QUOTED - 10) + ". B.")) == 1


@pytest.mark.parametrize("brk", ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"])
def test_every_line_break_ends_a_sentence(brk: str) -> None:
    text = f"Russia spoke{brk}China listened{brk}{brk}Both left"
    assert texts(text) == ["Russia spoke", "China listened", "Both left"]
    for offset, sentence in sentences(text):
        assert text[offset:].startswith(sentence)


def test_a_hard_wrapped_line_goes_on_and_crlf_reads_as_lf() -> None:
    lf = "This is wrapped\nover lines. Next one.\n\u00e9tude goes on.\nEnd\n\nPara.\n"
    assert texts(lf) == ["This is wrapped over lines.", "Next one.", "\u00e9tude goes on.", "End", "Para."]
    assert texts("Russia said\n\u00e9tude.\nMore") == ["Russia said \u00e9tude.", "More"]
    crlf = lf.replace("\n", "\r\n")
    assert texts(crlf) == texts(lf)
    assert all("\r" not in s and "\n" not in s for s in texts(crlf))


def test_runs_of_punctuation_are_one_token() -> None:
    assert texts("." * 40_000) == ["." * 40_000]
    assert len(spans(". " * 1000)) == 1
    assert texts("!" * 1000 + "x") == ["!" * 1000 + "x"]
    assert texts("Stop!? Now.") == ["Stop!?", "Now."]
    assert texts("   \n\n  ") == []


def test_the_codebook_uses_the_same_splitter() -> None:
    text = '"We will never ... accept that," Putin said. Xi nodded. Later the U.S. President spoke.'
    assert sentence_starts(text) == starts(text) == [0, 45, 56]
    # white space before the first sentence is part of it, not a sentence of its own
    assert starts("  Putin spoke. Xi nodded.") == [0, 15]
    assert starts("\n\nPutin spoke.\nXi nodded.") == [0, 15]
    assert near(text, 0, 10) == text[:56]  # the quotation is one sentence: its neighbour is Xi's


# -- actors and topics ----------------------------------------------------------------------------
def test_people_name_their_state_in_every_form() -> None:
    index = Index(dataset())
    for sentence in ("Mr Putin spoke", "President Xi spoke", "Putin's plan", "Putin\u2019s plan",
                     "Vladimir Putin spoke", "Xi Jinping spoke"):
        actors = index.read(sentence).actors
        assert len(actors) == 1 and set(actors) <= {"russia", "china"}, sentence
    assert index.read("Mr Putin spoke").actors == {"russia": 0.9}  # a surname: 0.9
    assert index.read("Vladimir Putin spoke").actors == {"russia": 1.0}
    assert index.read("Diesen wrote").actors == {"diesen": 0.9}
    assert index.read("Nobody Known spoke").actors == {}


def test_derived_forms() -> None:
    index = Index(dataset())
    assert index.read("Russian officials").actors == {"russia": 0.8}
    assert index.read("the Chinese side").actors == {"china": 0.8}
    assert index.read("the US and the U.S.").actors == {"us": 1.0}
    assert index.read("NATO met").actors == {"nato": 1.0}
    assert demonyms("Cuba") == ["Cuban", "Cubans"] and demonyms("China") == ["Chinese", "Sino"]
    assert demonyms("Peru") == [] and demonyms("South Africa") == [] and demonyms("iota") == []


def test_topics_by_name_alias_keyword_or_proposition_words() -> None:
    index = Index(dataset())
    assert index.read("Russia fears NATO expansion").topics == {"nato-expansion": 1.0}
    assert index.read("Russia fears nato enlargement").topics == {"nato-expansion": 1.0}
    assert index.read("Russia backs de-dollarisation").topics == {"dollar-trade": 0.9}
    assert index.read("Russia wants more yuan settlement").topics == {"dollar-trade": 0.9}
    by_words = index.read("Russia wants to trade in national currencies").topics
    assert by_words == {"dollar-trade": 0.5 + 0.5 * 3 / 4}
    assert index.read("Russia wants more trade").topics == {}  # one key word is not enough
    assert stem("expansion") == stem("expand") and stem("sanctions") == stem("sanctioned")
    assert stem("Deals") == "deal" and stem("ring") == "ring"


# -- whose position -------------------------------------------------------------------------------
def test_the_speaker_is_preferred_over_actors_merely_named() -> None:
    index = Index(dataset())
    quoted = index.read('"There is one China," Putin said, adding that Moscow backs Beijing.')
    assert quoted.subject == ["russia"] and set(quoted.actors) == {"russia", "china"}
    assert index.read("Moscow's envoy told Washington that China backs it.").subject == ["russia"]
    assert index.read("Moscow and Beijing signed the deal.").subject == ["russia", "china"]
    assert index.read("Talks between Moscow and Beijing ended.").subject == []  # no reporting verb
    assert index.read("It is said nothing.").subject == []


def test_group_phrases_and_pronouns_take_the_actors_before_them() -> None:
    index = Index(dataset())
    before = ["russia", "china", "us"]
    group = index.read("The two countries said they oppose NATO expansion.")
    assert (group.group, group.group_in_subject) == (2, True)
    assert speakers(group, before) == ["russia", "china"]
    assert speakers(group, ["us"]) == ["nato"]  # one actor before: no group
    own = index.read("Moscow and Beijing met; the two sides agreed on NATO expansion.")
    assert own.ahead == ["russia", "china"] and speakers(own, ["us", "nato"]) == ["russia", "china"]
    nations = index.read("The nations also agreed to trade in yuan.")
    assert nations.group == 3 and speakers(nations, before) == before
    later = index.read("Washington said talks between the two countries failed.")
    assert speakers(later, before) == ["us"]  # the group is not the subject
    they = index.read("They declared a new era.")
    assert they.pronoun == "they" and speakers(they, before) == ["russia", "china"]
    he = index.read("He added more.")
    assert he.pronoun == "he" and speakers(he, before) == ["russia"]
    assert speakers(index.read("They met."), []) == []
    assert speakers(index.read("NATO and Washington met."), before) == ["nato", "us"]


def test_scan_resolves_across_sentences_and_prefers_the_speaker() -> None:
    data = dataset()
    text = ("President Xi met Mr Putin in Moscow. The two countries said they oppose NATO expansion. "
            'Trade in yuan grows. "We reject NATO expansion," Putin said of Beijing\'s view. '
            "Will NATO expansion stop? Beijing and Moscow discussed a gas pipeline supply deal.")
    found = scan(text, data, [])
    assert [(c.actors, c.topics) for c in found] == [
        (["china", "russia"], ["nato-expansion"]), (["russia"], ["nato-expansion"]),
        (["china", "russia"], ["gas-deals"])]
    assert found[1].named == ["nato", "china", "russia"] and found[1].confidence == 0.9  # Putin: 0.9
    assert found[0].confidence == 0.9  # a group: 0.9
    assert found[2].confidence == 0.88  # three key words: 0.5 + 0.5 * 3 / 4


def test_group_resolution_looks_two_sentences_back() -> None:
    data = dataset()
    text = "Moscow and Beijing met. Beijing hosted. The two countries oppose NATO expansion."
    assert [c.actors for c in scan(text, data, [])] == [["russia", "china"]]
    far = "Moscow and Beijing met. Beijing hosted. It rained. The two countries oppose NATO expansion."
    assert [c.actors for c in scan(far, data, [])] == [["nato"]]  # no group: the actor named


# -- recorded quotes ------------------------------------------------------------------------------
def test_recorded_quotes_are_found_by_shared_trigrams_either_way() -> None:
    sentences_ = ["Russia firmly opposes NATO expansion toward its borders, the Kremlin said.",
                  "China backs Russia.", "Russia rejects NATO expansion."]
    recorded = Recorded(["opposes NATO expansion toward its borders",  # inside sentence 0
                         "China backs Russia. It also backs the deal, Beijing added.",  # holds 1
                         "short", "   tiny quote   "], sentences_)
    assert set(recorded.near) == {0}  # a sentence of fewer than SHINGLE words: looked for apart
    assert recorded.covers(0, sentences_[0]) and recorded.covers(1, sentences_[1])
    assert not recorded.covers(2, sentences_[2])
    two = Recorded(["NATO enlargement"], ["Russia fears NATO enlargement."])
    assert two.covers(0, "Russia fears NATO enlargement.")
    assert not Recorded(["China backs Russia strongly"], ["China backs Russia."]).covers(
        0, "China backs Russian.")
    assert not Recorded(["a b c d e f g h i j"], [".,"]).covers(0, ".,")
    assert Recorded(["the talks ended and China backs Russia"], ["China backs Russia."]).covers(
        0, "China backs Russia.")


def test_runs_of_a_long_quote_are_looked_up_every_stride_and_at_its_end() -> None:
    # SHINGLE and STRIDE 5: a 27-word quote is looked up by its runs at 0, 5, 10, 15, 20 and 22
    assert (SHINGLE, STRIDE, HELD) == (5, 5, 9)
    words = [f"w{i}" for i in range(27)]
    quote = " ".join(words)
    for start in range(23):
        sentence = " ".join(words[start:start + 5]) + "."
        assert (0 in Recorded([quote], [sentence]).near) is (start % 5 == 0 or start == 22), start
    # by runs of SHINGLE words only: a sentence sharing the quote's last two words is not near it
    assert 0 not in Recorded([quote], ["W25 w26."]).near
    exact = " ".join(words[:5])  # a quote of exactly SHINGLE words is its own one run
    assert 0 in Recorded([exact + "!"], [exact.upper() + "."]).near


def test_quotes_of_several_words_stay_one_text_each() -> None:
    # folded together and cut at the NULs between them, never at their spaces (as many words as
    # quotes would pass a count of the pieces)
    assert _folded_all(["Le Monde", "Pravda"]) == ["le monde", "pravda"]


def test_quotes_are_folded_together_or_one_by_one_alike() -> None:
    quotes = ["Moscow: NO to \u201cNATO\u201d!", "Stra\u00dfe \u2014 \u0130stanbul's", "x\x00y z-z"]
    assert _folded_all(quotes) == [q.casefold().translate(_FOLD)
                                   for q in quotes]  # a NUL inside a quote: one at a time
    assert _folded_all(quotes[:2]) == [q.casefold().translate(_FOLD) for q in quotes[:2]]
    assert [f.split() for f in _folded_all(quotes)] == [_folded(q) for q in quotes]
    assert _folded_all([]) == []


def test_scan_leaves_out_what_a_recorded_quote_covers() -> None:
    text = "Moscow opposes NATO expansion. Moscow rejects NATO expansion now."
    found = scan(text, dataset(), ["Moscow opposes NATO expansion"], show_quoted=True)
    assert [c.quoted for c in found] == [True, False]
    assert [c.sentence for c in scan(text, dataset(), ["Moscow opposes NATO expansion"])] == [
        "Moscow rejects NATO expansion now."]


# -- stubs ----------------------------------------------------------------------------------------
HOSTILE = ("Russia \u009b31m opposes \u202eNATO\u202c expansion\x7f \u2028next\x85 \"q\" \\ 'a' "
           "\ufeff\U0001f600 \u00a0end")


def test_stubs_are_valid_yaml_that_reads_back_exactly() -> None:
    candidate = Candidate(7, HOSTILE, ["russia"], ["nato-expansion", "taiwan"], 0.8,
                          matched=["Russia", "\u202eNATO"])
    text = stubs([candidate], "src-1", "2022-02-04", "doc\nstances: injected\u009b.txt")
    records = yaml.safe_load(text)["stances"]
    assert [r["quote"] for r in records] == [HOSTILE, HOSTILE]
    assert [(r["actor"], r["topic"], r["date"], r["source"]) for r in records] == [
        ("russia", "nato-expansion", "2022-02-04", "src-1"), ("russia", "taiwan", "2022-02-04", "src-1")]
    assert "injected" not in yaml.safe_load(text) and len(yaml.safe_load(text)) == 1
    for line in text.splitlines():
        assert all(ch.isprintable() for ch in line), repr(line)
    assert text.isascii() is False  # printable text stays as it is (the emoji), only hidden ones escaped
    assert "\\x9b" in text and "\\u202e" in text and "\\u2028" in text and "\\x85" in text
    assert "doc\\x0astances: injected\\x9b.txt" in text.splitlines()[0]
    default = yaml.safe_load(stubs([candidate], None, None, "d"))["stances"][0]
    assert (default["source"], default["date"]) == ("SOURCE-ID", "YYYY-MM-DD")


def test_yaml_string_escapes() -> None:
    assert yaml_string('a "b" \\ c') == '"a \\"b\\" \\\\ c"'
    assert yaml_string("\u2028\U000e0001\x00") == '"\\u2028\\U000e0001\\x00"'
    for text in (HOSTILE, "", "plain", "\ufffe\uffff", "tab\there"):
        assert yaml.safe_load(yaml_string(text)) == text


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for $'...' words")
@pytest.mark.parametrize("text", [HOSTILE, "it's \"plain\" $HOME `x`", "a\\b"])
def test_shell_quoted_words_give_the_sentence_back(text: str) -> None:
    word = shell_quote(text)
    assert all(ch.isprintable() for ch in word)
    done = subprocess.run(["bash", "-c", f"printf %s {word}"], capture_output=True, check=True,
                          env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    assert done.stdout.decode("utf-8") == text


def test_a_stub_line_shell_quotes_the_sentence() -> None:
    candidate = Candidate(0, "It's Russia's view", ["russia"], ["taiwan"], 1.0)
    assert "-q 'It'\"'\"'s Russia'\"'\"'s view'" in stubs([candidate], "s", "2022", "d")


# -- each rule of the matching at its edge (issue 24: what mutation found untested) ----------------
@pytest.mark.parametrize(("word", "expected"), [
    ("formations", "form"), ("formation", "form"), ("meetings", "meet"), ("meeting", "meet"),
    ("opinions", "opin"), ("opinion", "opin"), ("stories", "stor"), ("crises", "cris"),
    ("backed", "back"), ("formal", "form"), ("firmly", "firm"), ("actions", "actio"),
])
def test_each_suffix_comes_off_a_stem_of_four_letters(word: str, expected: str) -> None:
    assert stem(word) == expected
    assert stem(word.upper()) == expected


def _one(actors: tuple[Actor, ...] = (), topics: tuple[Topic, ...] = (),
         people: tuple[Person, ...] = ()) -> Index:
    return Index(Dataset({a.id: a for a in actors}, {t.id: t for t in topics}, {}, [],
                         {p.id: p for p in people}))


def test_a_short_id_in_capitals_names_its_actor_a_long_or_odd_one_does_not() -> None:
    index = _one((Actor("nato", "North Atlantic Treaty Organization", "alliance"),
                  Actor("us", "United States", "state"),
                  Actor("asean", "Association of Southeast Asian Nations", "bloc"),
                  Actor("g7", "Group of Seven", "bloc")))
    assert index.read("NATO met").actors == {"nato": 1.0}
    assert index.read("US troops left").actors == {"us": 1.0}
    assert index.read("they told us so").actors == {}  # a pronoun in lower case
    assert index.read("ASEAN met").actors == {}  # five letters: its name, not its id
    assert index.read("G7 leaders met").actors == {}  # not letters only


def test_an_initialism_names_its_actor_with_and_without_its_stops() -> None:
    index = _one((Actor("united-states", "United States", "state", ("U.S.",)),))
    assert index.read("US officials said so").actors == {"united-states": 1.0}
    assert index.read("U.S. officials said so").actors == {"united-states": 1.0}
    assert index.read("United States officials said so").matched == ["United States"]


def test_a_person_or_analyst_actor_is_named_by_surname() -> None:
    index = _one((Actor("sullivan", "Jake Sullivan", "person"),
                  Actor("modi-inc", "Ravi Modi", "organization"), Actor("india", "India", "state"),
                  Actor("turkey", "Turkey", "state"), Actor("japan", "Japan", "state")),
                 people=(Person("modi", "Narendra Modi", "india"),
                         Person("erdogan", "Recep Tayyip Erdogan", "turkey"),
                         Person("abe", "Shinzo Abe", "japan")))
    assert index.read("Sullivan said so").actors == {"sullivan": 0.9}
    assert index.read("Modi said so").actors == {"india": 0.9}  # four letters: a surname
    assert index.read("Erdogan said so").actors == {"turkey": 0.9}  # the last word of the name
    assert index.read("Tayyip said so").actors == {}
    assert index.read("Abe said so").actors == {}  # three letters: too short to be sure


def test_labels_of_up_to_eight_words_are_looked_for() -> None:
    eight, nine = "Uno Dos Six Ten Red Sky Sea Day", "Far Uno Dos Six Ten Red Sky Sea Ban"  # no key words
    index = _one((Actor("eight", eight, "organization", (nine,)),), (Topic("t8", eight, "p.", (nine,)),))
    assert (index.read(eight).actors, index.read(eight).topics) == ({"eight": 1.0}, {"t8": 1.0})
    assert (index.read(nine).actors, index.read(nine).topics) == ({}, {})  # nine words: never looked for


def test_the_strongest_way_an_actor_or_topic_is_named_counts() -> None:
    index = _one((Actor("russia", "Russia", "state", ("Putin",)), Actor("china", "China", "state")),
                 (Topic("nato", "NATO", "NATO is a threat.", keywords=("NATO",)),
                  Topic("taiwan", "Taiwan", "Taiwan is part of China.", keywords=("independence",))),
                 (Person("putin", "Vladimir Putin", "russia"),))
    assert index.read("Putin said so").actors == {"russia": 1.0}  # an alias beats a surname
    assert index.read("Russia fears NATO").topics == {"nato": 1.0}  # a name beats a key word
    assert index.read("China opposed Taiwan independence").topics == {"taiwan": 1.0}


def test_key_words_of_a_proposition_are_long_words_that_are_not_stop_words() -> None:
    index = _one((Actor("russia", "Russia", "state"),),
                 (Topic("gas", "Energy", "Sanctions on gas would hurt exports.", ("Pipeline ties",)),
                  Topic("arms", "Arms", "Weapons should flow freely.")))
    # the first word of the proposition and of an alias count as any other
    assert set(index.read("Russia said sanctions hurt").topics) == {"gas"}
    assert set(index.read("Russia said pipeline exports").topics) == {"gas"}
    assert index.read("Russia said gas would hurt").topics == {}  # `gas` is short, `would` a stop word
    assert index.read("Russia said weapons").topics == {}
    assert index.read("Russia said weapons should flow freely").topics == {"arms": 0.875}  # k = 3


def test_a_proposition_of_one_key_word_needs_only_that_one() -> None:
    # stop words and short words are no key words: they neither count nor raise the number needed
    index = _one((Actor("russia", "Russia", "state"),), (Topic("t", "Zzz", "Sanctions would be bad."),))
    assert index.read("Russia backs sanctions").topics == {"t": 0.625}


def test_a_stop_word_in_the_text_never_counts_even_as_a_key_words_stem() -> None:
    index = _one((Actor("russia", "Russia", "state"),), (Topic("t", "Zzz", "They wouldn't accept defeat."),))
    assert index.read("Russia would accept").topics == {}  # `would` is a stop word; `wouldn` a key word
    assert index.read("Russia will accept defeat").topics == {"t": 0.75}


def test_a_topic_found_by_more_key_words_is_surer_up_to_four() -> None:
    index = _one((Actor("russia", "Russia", "state"),),
                 (Topic("t", "Zzz", "Alpha bravo charlie delta foxtrot golfs."),))
    assert index.read("Russia alpha bravo").topics == {"t": 0.75}
    assert index.read("Russia alpha bravo charlie delta foxtrot").topics == {"t": 1.0}


def test_a_key_word_of_four_topics_still_marks_them_of_five_none() -> None:
    four = tuple(Topic(f"t{i}", f"T{i}", f"Pipeline matters {i}x.") for i in range(4))
    index = _one((Actor("russia", "Russia", "state"),), four)
    assert set(index.read("Russia pipeline matters").topics) == {t.id for t in four}
    five = (*four, Topic("t4", "T4", "Pipeline matters 4x."))
    assert _one((Actor("russia", "Russia", "state"),), five).read("Russia pipeline matters").topics == {}


@pytest.mark.parametrize(("sentence", "group"), [
    ("Trade grew between the two countries", 2),  # the phrase at the very end
    ("Both Russia and China oppose sanctions", 0),  # `both` before a name is no group phrase
    ("The countries agreed", 0),  # `the` makes a group only of `the nations`
    ("The nations agreed", 3),
])
def test_a_group_phrase_and_where_it_is(sentence: str, group: int) -> None:
    assert Index(dataset()).read(sentence).group == group


def test_a_subject_pronoun_outside_a_quotation() -> None:
    index = Index(dataset())
    assert index.read("Russia fears NATO expansion").matched == ["Russia", "NATO", "NATO expansion"]
    # words inside each of two quotations are not the reporting verb; an odd mark closes nothing
    assert index.read('"We agree," "we said," Russia warned about NATO expansion').subject == ["russia"]
    assert index.read('Russia said "NATO expansion is a threat').subject == ["russia"]
    assert index.read('They "strongly oppose" NATO expansion').pronoun == "they"
    assert index.read("He said NATO expansion is a threat").pronoun == "he"
    assert index.read("She said NATO expansion is a threat").pronoun == "he"  # the one before
    assert index.read('"They oppose NATO expansion," Putin said').pronoun is None


def test_a_reporting_word_inside_a_name_is_not_the_verb() -> None:
    # "Said" of Said Jalili (Iran's negotiator) is his name, the second "said" the verb
    base = dataset()
    data = Dataset({**base.actors, "iran": Actor("iran", "Iran", "state")}, base.topics, {}, [],
                   {**base.people, "jalili": Person("jalili", "Said Jalili", "iran", "Secretary")})
    index = Index(data)
    assert index.read("Said Jalili said NATO expansion is a threat").subject == ["iran"]
    assert index.read("Russia told Said Jalili that NATO expansion is a threat").subject == ["russia"]
    assert index.read("Said Jalili on NATO expansion").subject == []  # no verb: no subject
    # a name of one word that is a reporting word: Edward Said, an analyst, is the subject
    one = Index(Dataset({**base.actors, "said": Actor("said", "Said", "analyst")}, base.topics, {}, [],
                        base.people))
    assert one.read("Said warned that NATO expansion is a threat").subject == ["said"]


def test_a_group_phrase_beyond_the_subject_when_the_subject_is_named() -> None:
    # the two countries after the verb, a named subject: the subject speaks
    reading = Index(dataset()).read("Russia said the two countries oppose NATO expansion")
    assert speakers(reading, ["china", "us"]) == ["russia"]
    # the two countries in the subject, beside a named actor: both speak
    reading = Index(dataset()).read("The two countries and Russia said NATO expansion must stop")
    assert speakers(reading, ["china", "us"]) == ["china", "us", "russia"]
    # the strongest named actor first when nobody is the subject
    reading = Index(dataset()).read("Talks on Taiwan involved Russian diplomats and China")
    assert speakers(reading, []) == ["china", "russia"]


def test_he_refers_to_the_first_actor_of_the_sentence_before() -> None:
    # "he": the sentence just before, even when it names one actor and the one before it two
    text = "China and Russia met. Putin arrived on Monday. He rejected NATO expansion."
    assert [c.actors for c in scan(text, dataset(), [])] == [["russia"]]
    assert [c.actors for c in scan("Putin arrived. He rejected NATO expansion.", dataset(), [])] == [
        ["russia"]]
    # "they", when no sentence before names two: the one just before
    assert [c.actors for c in scan("Putin arrived. They rejected NATO expansion.", dataset(), [])] == [
        ["russia"]]


def test_a_question_in_quotation_marks_takes_no_position() -> None:
    text = 'Russia asked: "Will NATO expansion stop?" Putin said NATO expansion must stop.'
    assert [c.sentence for c in scan(text, dataset(), [])] == ["Putin said NATO expansion must stop."]


def test_topics_found_nearly_as_strongly_as_the_best_strongest_first() -> None:
    data = dataset()
    text = "Moscow rejects de-dollarisation and backs NATO expansion."
    candidates = scan(text, data, [])
    assert candidates[0].topics == ["nato-expansion", "dollar-trade"]  # 1.0, then 0.9 (>= 0.85)
    text = "Moscow said national currencies and NATO expansion matter."
    assert scan(text, data, [])[0].topics == ["nato-expansion"]  # key words (0.75) fall short


def test_a_recorded_quote_covers_what_holds_it_and_nothing_merely_near_it() -> None:
    data = dataset()
    text = "Russia opposes the expansion of NATO eastward, officials said."
    far = "the expansion of NATO eastward would be a grave mistake for everyone involved here, he said"
    assert [c.quoted for c in scan(text, data, [far], show_quoted=True)] == [False]  # 5 words shared
    assert scan(text, data, ["NATO eastward, officials said"], show_quoted=True)[0].quoted is True
    word = "Russia firmly rejects NATO expansion and sovereignty claims today."
    assert scan(word, data, ["sovereignty"], show_quoted=True)[0].quoted is True  # one word, 11 letters
    assert scan(word, data, ["No to NATO"], show_quoted=True)[0].quoted is False
    ten = "Russia said no to NATO expansion today."
    assert scan(ten, data, ["No to NATO"], show_quoted=True)[0].quoted is True  # ten characters


def test_stubs_say_what_to_do_and_what_matched() -> None:
    candidate = Candidate(3, "Russia backs China.", ["russia"], ["taiwan"], 0.8, matched=["Russia", "China"])
    lines = stubs([candidate], "s1", "2024-01-01", "doc.txt").splitlines()
    assert lines[1:3] == [
        "# basis), trim each quote to the words that carry the stance, delete the rest; then paste",
        "# the records under `stances:` in your data folder, or run the `stance add` line above each."]
    assert lines[4] == "  # offset 3, confidence 0.80; matched: Russia, China"
    assert "    position: unclear  # set it" in lines and "    basis: reported" in lines


@pytest.mark.parametrize(("text", "quoted"), [
    ("a\x80b", "$'a\\u0080b'"),  # past ASCII: the character, not a byte
    ("a\tb", "$'a\\x09b'"),
    ("a\u2028b", "$'a\\u2028b'"),
    ("a\U000f0000b", "$'a\\U000f0000b'"),
    ("it's a\\b\x01", "$'it\\'s a\\\\b\\x01'"),
    ("it's a\\b", "'it'\"'\"'s a\\b'"),  # nothing hidden: plain single quotes
])
def test_a_shell_word_escapes_what_is_hidden(text: str, quoted: str) -> None:
    assert shell_quote(text) == quoted


def test_only_hidden_characters_are_escaped_for_yaml() -> None:
    assert yaml_string("X-ray \ufeff\u00a0") == '"X-ray \\ufeff\\xa0"'
    assert demonyms("Russia") == ["Russo", "Russian", "Russians"]  # the listed forms and the rule's


def test_a_sentence_a_longer_quote_holds_is_covered_wherever_it_sits() -> None:
    """Every sentence of 1 to 20 words cut from a 30-word quote at any place is covered: one of
    HELD words or more shares a run looked up, a shorter one is found in the quotes' text (a
    sentence of 5 to 13 words was proposed as new when the runs were looked up one in ten)."""
    words = [f"w{i}" for i in range(30)]
    quote = " ".join(words)
    for length in range(1, 21):
        for start in range(30 - length + 1):
            sentence = " ".join(words[start:start + length]).capitalize() + "."
            assert Recorded(["An unrelated quote of some length here.", quote],
                            [sentence]).covers(0, normalise(sentence)), (length, start)
    # held means every word in order: a sentence of fewer than HELD words with one word changed
    # or two swapped is not covered by the text search
    assert not Recorded([quote], ["w3 w4 w5 w6 w7 w9."]).covers(0, "w3 w4 w5 w6 w7 w9.")
    assert not Recorded([quote], ["w3 w4 w5 w7 w6 w8."]).covers(0, "w3 w4 w5 w7 w6 w8.")
    # the search is by words, case and punctuation folded, below HELD words; from HELD words on,
    # only the fuzzy comparison of the near quotes counts (which shouting defeats)
    for length, covered in ((HELD - 1, True), (HELD, False)):
        shouted = " ".join(words[3:3 + length]).upper() + "!"
        assert Recorded([quote], [shouted]).covers(0, normalise(shouted)) is covered, length
    # a quote of no words (punctuation alone) covers nothing, not even a sentence of punctuation
    assert not Recorded(["..........,,"], [".,"]).covers(0, ".,")
