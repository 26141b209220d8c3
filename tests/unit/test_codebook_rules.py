"""The codebook's intensity markers and joint-call rule, the source-kind filter and the default
actors of a comparison, on hand-built records and at their boundaries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stancecli import codebook
from stancecli.align import current_stances, of_source_kinds, political_actors, topic_divergence
from stancecli.errors import StanceError
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
    ("strongly-support", "support", True),
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


# -- the rules that compare two records, the locations they print, word boundaries (issue 24) -----
def at(actor: str, topic: str, position: str, date: str, quote: str, where: tuple[str, int, int] | None,
       source: str = "s1") -> Stance:
    return Stance(actor, topic, position, date, source, "reported", quote, where=where)


def test_a_warning_prints_as_a_located_line_and_as_json() -> None:
    (w,) = codebook.strength_without_marker(Dataset(stances=[
        at("a", "t", "strongly-oppose", "2022", "no marker", ("d/x.yaml", 7, 5))]))
    assert str(w).startswith("d/x.yaml:7:5: warning: a/t: strongly-oppose, but the quote carries no "
                             "intensity marker (unacceptable, inviolable, any form of, ")
    assert w.as_json() == {"check": "strength-without-marker", "path": "d/x.yaml", "line": 7,
                           "col": 5, "message": w.message}
    (bare,) = codebook.strength_without_marker(Dataset(stances=[
        at("a", "t", "strongly-oppose", "2022", "no marker", None)]))
    assert str(bare).startswith("<unknown>:0:0: warning: a/t: ")


@pytest.mark.parametrize(("first", "second", "where"), [
    (("d/a.yaml", 3, 5), ("d/a.yaml", 9, 5), "line 3"),  # the same file: the line
    (("d/a.yaml", 3, 5), ("d/b.yaml", 9, 5), "d/a.yaml:3"),  # across files: the path too
    (None, ("d/b.yaml", 9, 5), "another record"),  # the first one has no location
    (("d/a.yaml", 3, 5), None, "d/a.yaml:3"),  # the later one has none: still the first's path
])
def test_same_quote_under_two_topics_names_the_first_record(first, second, where) -> None:  # type: ignore[no-untyped-def]
    data = Dataset(stances=[at("ru", "t1", "oppose", "2022", "“We  reject it.”", first),
                            at("ru", "t2", "oppose", "2022", '"we reject IT."', second)])
    (w,) = codebook.quote_under_two_topics(data)
    assert w.check == "quote-under-two-topics"
    assert w.message == f"ru/t2: the same quote already codes ru under 't1' ({where})"
    assert (w.path, w.line) == ((second[0], second[1]) if second else ("<unknown>", 0))


def test_same_quote_is_one_actor_and_the_first_record_is_the_coding() -> None:
    data = Dataset(stances=[at("ru", "t1", "oppose", "2022", "q", ("a", 1, 1)),
                            at("cn", "t2", "oppose", "2022", "q", ("a", 2, 1)),  # another actor
                            at("ru", "t1", "support", "2023", "q", ("a", 3, 1)),  # the same topic
                            at("ru", "t3", "oppose", "2022", "q", ("a", 4, 1)),
                            at("ru", "t2", "oppose", "2022", "q", ("a", 5, 1))])
    assert [w.message for w in codebook.quote_under_two_topics(data)] == [
        "ru/t3: the same quote already codes ru under 't1' (line 1)",
        "ru/t2: the same quote already codes ru under 't1' (line 1)"]


@pytest.mark.parametrize(("wide", "narrow", "warned"), [
    ("2015", "2015-03", True), ("2015-03", "2015-03-10", True), ("2015", "2015-03-10", True),
    ("2015", "2016-03", False),  # another year
    ("2015-03", "2015-04-10", False), ("2015-0", "2015-03", False),
    ("2015-03", "2015-03", False),  # identical dates: the current-stance rule orders them
    ("2015", "20150", False),  # a period contains only its own dates: "2015-" starts them
])
def test_ambiguous_order(wide: str, narrow: str, warned: bool) -> None:
    data = Dataset(stances=[at("ru", "t", "support", wide, "a", ("d/a.yaml", 2, 3)),
                            at("ru", "t", "oppose", narrow, "b", ("d/b.yaml", 8, 3))])
    found = codebook.ambiguous_order(data)
    if not warned:
        assert found == []
        return
    (w,) = found
    assert (w.check, w.path, w.line) == ("ambiguous-order", "d/a.yaml", 2)  # the vague one
    assert w.message == (f"ru/t: support dated {wide} and oppose dated {narrow} (d/b.yaml:8) "
                         "cannot be put in order; date this stance more precisely")


def test_same_day_conflict_warns_where_only_file_order_decides() -> None:
    from dataclasses import replace

    first = at("ru", "t", "support", "2022-02-04", "q1", ("d/a.yaml", 2, 3))
    second = at("ru", "t", "oppose", "2022-02-04", "q2", ("d/a.yaml", 9, 3))
    (w,) = codebook.same_day_conflict(Dataset(stances=[first, second]))
    assert (w.check, w.path, w.line) == ("same-day-conflict", "d/a.yaml", 9)  # the one made current
    assert w.message == ("ru/t: oppose, and support (line 2), both reported and dated 2022-02-04: "
                         "only the files' order makes this one current; keep one, or date them apart")
    for other in (replace(second, position="support"),  # the same position: nothing to decide
                  replace(second, basis="stated"),  # the stronger basis decides (rule 3)
                  replace(second, date="2022-02-05"), replace(second, actor="cn"),
                  replace(second, topic="u")):
        assert codebook.same_day_conflict(Dataset(stances=[first, other])) == []
    third = at("ru", "t", "neutral", "2022-02-04", "q3", ("e/b.yaml", 4, 3))
    assert [(w.line, w.message.split(",")[0]) for w in codebook.same_day_conflict(
        Dataset(stances=[first, second, third]))] == [(9, "ru/t: oppose"), (4, "ru/t: neutral")]


def test_duplicate_record_warns_on_the_second_copy() -> None:
    from dataclasses import replace

    first = at("ru", "t", "support", "2022", "Moscow said \u201cyes\u201d.", ("d/a.yaml", 2, 3))
    pasted = at("ru", "t", "support", "2022", 'Moscow  said "yes".', ("e/b.yaml", 5, 3))
    (w,) = codebook.duplicate_record(Dataset(stances=[first, pasted, replace(pasted, basis="stated")]))[:1]
    assert (w.check, w.path, w.line, w.message) == (
        "duplicate-record", "e/b.yaml", 5, "ru/t: the same record as d/a.yaml:2")
    twice = Dataset(stances=[first, pasted, replace(pasted, basis="stated")])
    assert len(codebook.duplicate_record(twice)) == 2
    for field, value in (("actor", "cn"), ("topic", "u"), ("position", "oppose"), ("date", "2021"),
                         ("source", "s2"), ("quote", "Moscow said no.")):
        assert codebook.duplicate_record(Dataset(stances=[first, replace(pasted, **{field: value})])) == []


def test_ambiguous_order_needs_one_actor_one_topic_and_another_position() -> None:
    s = [at("us", "t", "support", "2015", "x", ("f", 0, 1)),  # one date only: nothing to order
         at("ru", "t", "support", "2015", "a", ("f", 1, 1)),
         at("ru", "t", "support", "2015-03", "b", ("f", 2, 1)),  # the same position: no doubt
         at("cn", "t", "oppose", "2015-03", "c", ("f", 3, 1)),  # another actor
         at("ru", "u", "oppose", "2015-03", "d", ("f", 4, 1))]  # another topic
    assert codebook.ambiguous_order(Dataset(stances=s)) == []
    both = [*s, at("ru", "t", "oppose", "2015-03", "e", ("f", 5, 1)),
            at("ru", "t", "neutral", "2015-03", "g", ("f", 6, 1))]
    # each vague record is warned about once, against the first precise one of another position
    assert [str(w) for w in codebook.ambiguous_order(Dataset(stances=both))] == [
        "f:1:1: warning: ru/t: support dated 2015 and oppose dated 2015-03 (line 5) cannot be put "
        "in order; date this stance more precisely"]
    assert len(codebook.ambiguous_order(Dataset(stances=[
        at("ru", "t", "support", "2015", "a", ("f", 1, 1)),
        at("ru", "t", "neutral", "2015", "b", ("f", 2, 1)),
        at("ru", "t", "oppose", "2015-01", "c", ("f", 3, 1))]))) == 2  # each of two vague ones


@pytest.mark.parametrize(("date", "published", "warned"), [
    ("2022-02-05", "2022-02-04", True), ("2022-03", "2022-02-04", True), ("2023", "2022-02-04", True),
    ("2022-02", "2022-02-04", False),  # compared at the coarser precision
    ("2022-02-04", "2022-02-04", False), ("2022", "2022-02", False), ("2021-12-31", "2022", False),
    ("2022-02-05", "2022-02", False),
])
def test_after_publication(date: str, published: str, warned: bool) -> None:
    data = Dataset(sources={"s1": Source("s1", "T", published)},
                   stances=[at("ru", "t", "oppose", "2099", "q", ("f", 3, 2), source="unknown"),
                            at("ru", "t", "oppose", date, "q", ("f", 4, 2))])
    found = codebook.after_publication(data)
    assert [(w.check, w.line, w.message) for w in found] == ([(
        "after-publication", 4,
        f"ru/t: dated {date}, after its source 's1' was published ({published})")] if warned else [])


def test_after_publication_reads_a_range_from_its_start_and_an_open_source_as_no_bound() -> None:
    # a stance dated 2015-06/2015-09 in a source of 2015-06-30 starts before publication: no
    # warning; a source published on or after a day bounds nothing, and the next record is still read
    data = Dataset(sources={"s1": Source("s1", "T", "2015-06-30"), "open": Source("open", "T", "2015/..")},
                   stances=[at("ru", "t", "oppose", "2016", "q", ("f", 3, 2), source="open"),
                            at("ru", "t", "oppose", "2015-06/2015-09", "q", ("f", 4, 2)),
                            at("ru", "u", "oppose", "2015-07/2015-09", "q", ("f", 5, 2))])
    assert [(w.line, w.message) for w in codebook.after_publication(data)] == [
        (5, "ru/u: dated 2015-07/2015-09, after its source 's1' was published (2015-06-30)")]


def test_the_codebook_text_comes_from_the_package_then_the_checkout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.resources

    installed, checkout = tmp_path / "site" / "stancecli", tmp_path / "repo"
    installed.mkdir(parents=True)
    (checkout / "docs").mkdir(parents=True)
    (installed / "CODEBOOK.md").write_text("# Codebook — installed\n", encoding="utf-8")
    (checkout / "docs" / "CODEBOOK.md").write_text("# Codebook — checkout\n", encoding="utf-8")
    monkeypatch.setattr(importlib.resources, "files", lambda package: installed)
    monkeypatch.setattr(codebook, "__file__", str(checkout / "src" / "stancecli" / "codebook.py"))
    assert codebook.text() == "# Codebook — installed\n"  # the wheel carries it
    (installed / "CODEBOOK.md").unlink()
    assert codebook.text() == "# Codebook — checkout\n"  # a source checkout: its docs/
    (checkout / "docs" / "CODEBOOK.md").unlink()
    with pytest.raises(StanceError) as caught:
        codebook.text()
    assert str(caught.value) == "the codebook is missing from this installation (reinstall stancecli)"


def test_the_codebook_text_is_read_as_utf8_whatever_the_locale() -> None:
    """A terminal in a POSIX locale whose codeset is ASCII (PYTHONUTF8=0, PYTHONCOERCECLOCALE=0,
    LANG=C: old servers, some containers) still gets the codebook, whose text has "communiqué":
    the file is UTF-8 whatever the reader's locale."""
    import locale

    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")  # open()'s default codec is now ASCII, unless UTF-8 mode
    try:
        text = codebook.text()
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    assert "a communiqué or an outlet's sentence" in text


@pytest.mark.parametrize(("date", "published", "warned"), [
    ("2022", "2022-02-04", True), ("2022", "2022-02", True),
    ("2022", "2022", False),  # the source itself gives only the year
    ("2021", "2022-02-04", False), ("2022-02", "2022-02-04", False),
])
def test_year_only_date(date: str, published: str, warned: bool) -> None:
    data = Dataset(sources={"s1": Source("s1", "T", published)},
                   stances=[at("ru", "t", "oppose", date, "q", ("f", 4, 2)),
                            at("ru", "t", "oppose", "2022", "q", ("f", 5, 2), source="unknown")])
    found = codebook.year_only_date(data)
    assert [(w.check, w.line, w.message) for w in found] == ([(
        "year-only-date", 4,
        f"ru/t: dated only {date}, but its source 's1' is dated {published}; use the day the text "
        "gives, else the publication date")] if warned else [])


def test_check_runs_every_rule_in_file_order() -> None:
    data = Dataset(sources={"s1": Source("s1", "T", "2022-02-04")}, stances=[
        at("ru", "t", "strongly-oppose", "2022", "q", ("b.yaml", 2, 3)),  # year-only, no marker
        at("ru", "u", "oppose", "2023", "q", ("a.yaml", 9, 3)),  # after publication, two topics
        at("ru", "t", "oppose", "2022-02-03", "r", ("a.yaml", 10, 3)),  # ambiguous with the first
        at("cn", "t", "oppose", "2022-02-04", "q", ("a.yaml", 11, 3))])  # one call, two strengths
    assert [(w.path, w.line, w.check) for w in codebook.check(data)] == [
        ("a.yaml", 9, "after-publication"), ("a.yaml", 9, "quote-under-two-topics"),
        ("a.yaml", 11, "joint-call-strength"),
        ("b.yaml", 2, "ambiguous-order"), ("b.yaml", 2, "strength-without-marker"),
        ("b.yaml", 2, "year-only-date")]


def test_joint_call_strength_names_where_the_first_record_is() -> None:
    data = Dataset(stances=[at("a", "t", "strongly-oppose", "2022", "q", ("x.yaml", 3, 5)),
                            at("b", "t", "oppose", "2022", "q", ("y.yaml", 4, 5))])
    (w,) = codebook.joint_call_strength(data)
    assert str(w) == ("y.yaml:4:5: warning: b/t: oppose, but the same words code a as strongly-oppose "
                      "(x.yaml:3): one call, one strength for all who make it")


@pytest.mark.parametrize(("speaker", "words"), [
    ("President Vladimir Putin", ["Vladimir", "Putin"]),
    ("Foreign Minister Wang Yi", ["Wang", "Yi"]),
    ("Charles de Gaulle", ["Charles", "Gaulle"]),  # a lower-case particle is no name
    ("Mohammed bin Salman", ["Mohammed", "Salman"]),
    ("Xi J. Lee", ["Xi", "Lee"]),  # one letter is no name
    ("Secretary-General", ["Secretary-General"]),  # one word, a title with a hyphen, is kept
    ("President", ["President"]),  # nothing but a title: the speaker as given
    ("O'Neill 2nd", ["O'Neill"]),
])
def test_name_words(speaker: str, words: list[str]) -> None:
    assert codebook.name_words(speaker) == words


@pytest.mark.parametrize(("speaker", "text", "named"), [
    ("President Putin", "putin said", True),  # any case
    ("President Putin", "Putinism grows", False),  # whole words only
    ("President Putin", "the Rasputin story", False),
    ("President Putin", "the president said", False),  # a title does not name anyone
    ("Wang Yi", "Yi told reporters", True),
    ("Wang Yi", "Yield", False),
])
def test_names_is_whole_words(speaker: str, text: str, named: bool) -> None:
    assert codebook.names(speaker, text) is named


def test_near_is_the_sentences_overlapped_and_one_either_side() -> None:
    text = "One. Two. Three. Four. Five."
    starts = codebook.sentence_starts(text)
    assert starts[:5] == [0, 5, 10, 17, 23]
    three = text.index("Three")
    assert codebook.near(text, three, three + 5) == "Two. Three. Four. "
    assert codebook.near(text, three, three + 5, starts) == "Two. Three. Four. "
    assert codebook.near(text, 0, 3) == "One. Two. "
    assert codebook.near(text, text.index("Five"), len(text)) == "Four. Five."
    assert codebook.near(text, 5, 16) == "One. Two. Three. Four. "  # two sentences: one either side
    assert codebook.near(text, 5, 10) == "One. Two. Three. "  # the end is exclusive
    assert codebook.near(text, 5, 11) == "One. Two. Three. Four. "  # one character of Three


def _speaker(speaker: str, quote: str, note: str | None = None, source: str = "s1") -> Stance:
    return Stance("ru", "t", "oppose", "2022", source, "reported", quote, speaker=speaker, note=note,
                  where=("d.yaml", 3, 5))


def test_speaker_not_named() -> None:
    doc = ("Putin spoke first. Filler one. Filler two. Filler three. We reject it. Filler four. "
           "Filler five. Filler six. Lavrov added more. We reject it. Filler eight.")
    documents: dict[str, str | None] = {"s1": doc, "none": None}
    stances = [
        Stance("ru", "t", "oppose", "2022", "s1", "reported", "We reject it."),  # no speaker
        _speaker("Peskov", "We reject it.", source="none"),  # no document
        _speaker("Peskov", "Not in the text."),  # not found: verify reports it
        _speaker("Nobody", ""),  # an empty quote is never found
        _speaker("Lavrov", "We reject it."),  # its second place does
        _speaker("Peskov", "Peskov: we reject it."),  # the quote names him
        _speaker("Peskov", "We reject it.", note="Peskov, to reporters"),  # the note does
        _speaker("Peskov", "Not in the text."),  # not found: verify reports it
        _speaker("Peskov", "We reject it.", source="none"),  # no document
        _speaker("Peskov", "We reject it.", source="gone"),
        _speaker("Putin", "We reject it."),  # neither place names him: the one warning
        Stance("ru", "t", "oppose", "2022", "s1", "reported", "We reject it."),  # no speaker
    ]
    found = codebook.speaker_not_named(Dataset(stances=stances), documents)
    assert [str(w) for w in found] == [
        "d.yaml:3:5: warning: ru/t: speaker 'Putin' is not named in the quote, its note, or the "
        "sentences around it in the document: are these their words? (a joint statement or a "
        "readout has no speaker)"]


def test_speaker_is_looked_for_in_the_first_places_only() -> None:
    place = "Filler. We reject it. Filler. "
    doc = place * codebook.MAX_PLACES + "Lavrov said: We reject it. Filler."
    found = codebook.speaker_not_named(Dataset(stances=[_speaker("Lavrov", "We reject it.")]),
                                       {"s1": doc})
    assert [w.check for w in found] == ["speaker-not-named"]
    doc = place * (codebook.MAX_PLACES - 1) + "Lavrov said: We reject it. Filler."
    assert codebook.speaker_not_named(Dataset(stances=[_speaker("Lavrov", "We reject it.")]),
                                      {"s1": doc}) == []


def test_speaker_is_looked_for_around_every_sentence_of_the_quote() -> None:
    doc = "A. B. We reject it. Fully so. Lavrov spoke. C. D."
    stance = _speaker("Lavrov", "We reject it. Fully so.")
    assert codebook.speaker_not_named(Dataset(stances=[stance]), {"s1": doc}) == []
    stance = _speaker("Lavrov", "A. B.")  # a quote at the very start of its document
    assert [w.check for w in codebook.speaker_not_named(Dataset(stances=[stance]), {"s1": doc})] == [
        "speaker-not-named"]


def test_speaker_named_at_the_first_place_is_enough() -> None:
    doc = "Lavrov: We reject it. Then more. Again more. And more. We reject it. The end."
    stance = _speaker("Lavrov", "We reject it.")
    assert codebook.speaker_not_named(Dataset(stances=[stance]), {"s1": doc}) == []


def test_a_document_is_split_into_sentences_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """However many quotes it has: the cost of the check grows with the documents, not the quotes."""
    calls = []
    split = codebook.sentence_starts

    def counting(text: str) -> list[int]:
        calls.append(text)
        return split(text)

    monkeypatch.setattr(codebook, "sentence_starts", counting)
    doc = "Filler. We reject it. Filler. We refuse it. Filler."
    stances = [_speaker("Lavrov", "We reject it."), _speaker("Lavrov", "We refuse it."),
               _speaker("Lavrov", "We reject it.")]
    assert len(codebook.speaker_not_named(Dataset(stances=stances), {"s1": doc})) == 3
    assert calls == [doc]


def test_validate_runs_the_two_record_checks_on_a_record_pasted_twice(tmp_path: Path) -> None:
    """`stance validate --strict` fails a record pasted twice, and two positions of one day and
    basis (the curator's hand edit `stance add` would have refused)."""
    from tests.conftest import SMALL, run

    text = SMALL.read_text(encoding="utf-8")
    record = next(line for line in text.splitlines(keepends=True) if "actor: russia, topic: taiwan" in line)
    flipped = record.replace("position: support", "position: oppose").replace("backs", "opposes")
    assert text.endswith("\n") and flipped != record
    (tmp_path / "data.yaml").write_text(text + record + flipped, encoding="utf-8")
    done = run("--data", str(tmp_path / "data.yaml"), "validate", "--strict")
    assert done.returncode == 2
    checks = re.findall(r"warning: \S+: (the same record as|\w+, and)", done.stderr)
    assert checks == ["the same record as", "oppose, and"], done.stderr
