"""What the shell offers for an actor, topic or source, in process (issue 24): ids first, in the case
typed; then one-word names and aliases; never a label of several words or with control characters."""

from __future__ import annotations

from stancecli.completion import candidates
from stancecli.model import Actor

RECORDS = [Actor("us", "United States", "state", ("USA", "Washington", "U S")),
           Actor("uk", "UK\x1b[31m", "state", ("Britain", "britannia", "bri\u202e")),
           Actor("ru", "Russia", "state", ("RUS", "Moscow", "rus"))]


def test_before_anything_is_typed_the_ids_with_their_names_escaped() -> None:
    assert candidates(RECORDS, "") == [("us", "United States"), ("uk", "UK\\x1b[31m"),
                                       ("ru", "Russia")]


def test_a_prefix_gives_ids_then_labels_each_once() -> None:
    # "ru" is an id; "Russia", "RUS" are labels of it ("rus", the same word folded, is offered once);
    # what was typed is kept, the rest is the label's
    assert candidates(RECORDS, "ru") == [("ru", "Russia"), ("russia", "ru"), ("ruS", "ru")]
    assert candidates(RECORDS, "Ru") == [("Ru", "Russia"), ("Russia", "ru"), ("RuS", "ru")]


def test_labels_keep_the_case_typed_and_skip_what_a_shell_would_mangle() -> None:
    assert candidates(RECORDS, "bri") == [("britain", "uk"), ("britannia", "uk")]  # not "bri\u202e"
    assert candidates(RECORDS, "BRI") == [("BRItain", "uk"), ("BRItannia", "uk")]
    assert candidates(RECORDS, "u") == [("us", "United States"), ("uk", "UK\\x1b[31m"),
                                        ("uSA", "us")]  # not "U S", not "United States"
    assert candidates(RECORDS, "w") == [("washington", "us")]
    assert candidates(RECORDS, "x") == []


def test_a_label_that_is_an_id_is_not_offered_again() -> None:
    records = [Actor("ru", "Russia", "state", ("RU", "Rus"))]
    assert candidates(records, "r") == [("ru", "Russia"), ("russia", "ru"), ("rus", "ru")]
