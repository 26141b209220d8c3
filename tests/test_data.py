"""The curated dataset: valid, every quote found in its document, and the answers the documents give."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from stancecli.align import current_stances
from stancecli.load import data_files, load_dataset
from stancecli.resolve import resolve
from stancecli.verify import verify
from stancecli.views import camp
from tests.conftest import CURATED, SEEDS, run

REQUIRED_TOPICS = ("taiwan", "nato-expansion", "aukus", "dollar-trade")


@pytest.fixture(scope="module")
def data():
    return load_dataset(data_files(CURATED))


def seeds() -> Path:
    path = Path(os.environ.get("STANCE_SEEDS", SEEDS))
    if not path.is_dir():
        pytest.fail(f"the seed documents are not at {path} (set STANCE_SEEDS)")
    return path


def test_every_quote_is_in_its_document(data) -> None:
    findings, checked = verify(data, seeds())
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


def test_documents_record_divergence_between_partners(data) -> None:
    """The 2015 articles name differences (Vietnam, Central Asia): some topic must split them."""
    current = current_stances(data.stances)
    shared = [t for t in data.topics if ("russia", t) in current and ("china", t) in current]
    assert any(current[("russia", t)].position != current[("china", t)].position for t in shared)


def test_change_over_time_is_recorded(data) -> None:
    years = {s.date[:4] for s in data.stances}
    assert len(years) >= 3


def test_installed_cli_answers_from_the_curated_data() -> None:
    show = run("show", "russia", "china", "--format", "json")
    assert show.returncode == 0, show.stderr
    doc = json.loads(show.stdout)
    (pair,) = doc["alignment"]
    assert pair["n"] >= 5 and pair["s_score"] > 0
    nato = run("diff", "--topic", "nato", "--format", "json")
    assert json.loads(nato.stdout)["topic"]["id"] == "nato-expansion"
    result = run("verify", "--sources", str(seeds()))
    assert result.returncode == 0, result.stdout
