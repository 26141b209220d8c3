"""The curated dataset: valid, every quote found in its document, and the answers the documents give."""

from __future__ import annotations

import json

import pytest

from stancecli.align import current_stances, history
from stancecli.loader import data_files, load_dataset
from stancecli.model import date_key
from stancecli.resolve import resolve
from stancecli.verify import verify
from stancecli.views import camp
from tests.conftest import CURATED, run, source_documents

REQUIRED_TOPICS = ("taiwan", "nato-expansion", "aukus", "dollar-trade")


@pytest.fixture(scope="module")
def data():
    return load_dataset(data_files(CURATED))


def test_every_quote_is_in_its_document(data) -> None:
    findings, checked = verify(data, source_documents())
    assert findings == []
    assert checked == len(data.stances)


def test_size_and_coverage(data) -> None:
    assert len(data.stances) > 50
    assert len(data.sources) == 5
    for topic in REQUIRED_TOPICS:
        assert topic in data.topics
    used_actors = {s.actor for s in data.stances}
    used_topics = {s.topic for s in data.stances}
    assert used_actors == set(data.actors) and used_topics == set(data.topics)
    assert {s.basis for s in data.stances} == {"stated", "reported", "inferred"}
    assert any(a.kind == "analyst" for a in data.actors.values())


def test_short_names_resolve(data) -> None:
    assert resolve("nato", data.topics.values(), "topic").id == "nato-expansion"
    assert resolve("dollar", data.topics.values(), "topic").id == "dollar-trade"
    for name in ("Moscow", "Kremlin", "russia"):
        assert resolve(name, data.actors.values(), "actor").id == "russia"
    assert resolve("us", data.actors.values(), "actor").id == "us"
    assert resolve("Beijing", data.actors.values(), "actor").id == "china"


@pytest.mark.parametrize("topic", REQUIRED_TOPICS)
def test_russia_and_china_stand_together_on_the_2022_flashpoints(data, topic: str) -> None:
    """The 2022 joint statement puts both on the same side of each of these."""
    current = current_stances(data.stances)
    russia, china = current[("russia", topic)], current[("china", topic)]
    assert camp(russia) == camp(china) != "unclear"


def test_russia_adopts_chinas_taiwan_position_in_full(data) -> None:
    """Russia "voiced support for China's position that Taiwan is an inviolable part of China, and
    opposes any form of independence": the same position, at the same strength."""
    current = current_stances(data.stances)
    assert current[("russia", "taiwan")].position == current[("china", "taiwan")].position


def test_the_joint_statement_rejects_an_alliance_but_calls_the_friendship_boundless(data) -> None:
    """2022: "superior to any political or military alliance", and "knows no bounds"."""
    current = current_stances(data.stances, as_of="2022-02-04")
    for actor in ("russia", "china"):
        assert camp(current[(actor, "formal-alliance")]) == "oppose"
        assert current[(actor, "durable-alignment")].position == "strongly-support"


def test_surveys_speak_for_publics_not_governments(data) -> None:
    """The 2015 polls are of Russians and of the Chinese public; no government said it."""
    public = [s for s in data.stances if s.topic.startswith("us-threat-to-")]
    assert {s.actor for s in public} == {"russian-public", "chinese-public"}
    assert all(data.actors[s.actor].kind == "public" and s.position == "support" for s in public)


def test_china_does_not_want_russia_defeated_in_2025(data) -> None:
    current = current_stances(data.stances)
    assert camp(current[("china", "russia-defeat")]) == "oppose"
    assert current[("china", "russia-defeat")].date.startswith("2025")


def test_every_date_is_on_or_before_its_source_and_as_precise(data) -> None:
    """A stance is never dated after its document, and never a bare year when the document is dated
    more precisely within that year (a bare year counts from 1 January)."""
    for s in data.stances:
        published = data.sources[s.source].published
        assert s.date_key <= date_key(published) or s.date.startswith(published), s
        assert not (len(s.date) == 4 and len(published) > 4 and published.startswith(s.date)), s


def test_a_speaker_is_named_by_the_quote_or_the_note(data) -> None:
    """Only a person whose own words the quote is; a joint statement or a readout has none."""
    spoken = [s for s in data.stances if s.speaker]
    assert spoken
    for s in spoken:
        surname = s.speaker.split()[-1]
        assert surname in s.quote or surname in (s.note or ""), s
    readouts = [s for s in data.stances if "The Kremlin said" in s.quote or "joint statement" in s.quote]
    assert readouts and all(s.speaker is None for s in readouts)


def test_documents_record_divergence_between_partners(data) -> None:
    """The 2015 articles name differences (Vietnam, Central Asia): some topic must split them."""
    current = current_stances(data.stances)
    shared = [t for t in data.topics if ("russia", t) in current and ("china", t) in current]
    assert any(current[("russia", t)].position != current[("china", t)].position for t in shared)


def test_change_over_time_is_recorded(data) -> None:
    years = {s.date[:4] for s in data.stances}
    assert len(years) >= 3
    # 2015: the Kremlin needs "Beijing's diplomatic support rather than economic assistance";
    # 2025: "Russia's reliance on China for war materials is unprecedented".
    russia = [s.position for s in history(data.stances, "russia", {"china-economic-support"})]
    assert russia[0] == "oppose" and russia[-1] == "support"


def test_installed_cli_answers_from_the_curated_data() -> None:
    show = run("show", "russia", "china", "--format", "json")
    assert show.returncode == 0, show.stderr
    doc = json.loads(show.stdout)
    (pair,) = doc["alignment"]
    assert pair["n"] >= 5 and pair["s_score"] > 0
    nato = run("diff", "--topic", "nato", "--format", "json")
    assert json.loads(nato.stdout)["topic"]["id"] == "nato-expansion"
    result = run("verify", "--sources", str(source_documents()))
    assert result.returncode == 0, result.stdout
