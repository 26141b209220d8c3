"""Every command as a user runs it: the installed `stance`, every format parsed back."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from stancecli.cli.app import app_for
from tests.conftest import SMALL, no_traceback, run

DATA = ("--data", str(SMALL))
COMMANDS = ["validate", "actors", "topics", "sources", "export", "verify", "show", "diff", "drivers",
            "matrix", "timeline", "trend", "completion", "schema", "add", "scan", "codebook"]


def stance(*args: str, code: int = 0) -> str:
    result = run(*args, *DATA)
    assert result.returncode == code, result.stderr
    assert no_traceback(result.stderr)
    return result.stdout


def markdown_rows(text: str) -> list[list[str]]:
    """The rows of the first GitHub table in `text`, split on unescaped pipes."""
    rows = []
    for line in text.splitlines():
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        rows.append([c.strip().replace("\\|", "|") for c in cells])
    return [rows[0], *rows[2:]]  # drop the |---| rule


def test_every_command_is_registered_and_has_help_with_examples() -> None:
    app = app_for([])
    names = sorted([*(c.name or c.callback.__name__ for c in app.registered_commands),
                    *(g.name for g in app.registered_groups)])
    assert names == sorted(COMMANDS)
    for command in COMMANDS:
        result = run(command, "--help")
        assert result.returncode == 0, command
        assert "Examples" in result.stdout and f"stance {command}" in result.stdout, command
    for group in ("actors", "topics", "sources"):  # `stance sources` lists, `sources add` adds
        result = run(group, "add", "--help")
        assert result.returncode == 0 and f"stance {group} add" in result.stdout, group


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_shows_metavars_not_python_types(command: str) -> None:
    """typer 0.29 prints `<list[str]>`, `<bool>`, `{ACTOR...}...` unless every parameter says how it reads."""
    result = run(*filter(None, [command]), "--help")
    assert result.returncode == 0 and result.stderr == ""
    assert not re.search(r"<[\w\[\]|, ]+>", result.stdout), command  # <bool>, <list[str]>, <a|b>
    for placeholder in ("{", "}", "[[", "]]...", "list["):
        assert placeholder not in result.stdout, (command, placeholder)
    assert "\x1b" not in result.stdout and "│" not in result.stdout  # plain text, no panels


def test_no_arguments_shows_help() -> None:
    result = run()
    assert "Usage" in result.stdout + result.stderr and "show" in result.stdout + result.stderr


def test_show_pair_json() -> None:
    doc = json.loads(stance("show", "russia", "china", "--format", "json"))
    assert doc["schema_version"] == 2 and doc["actors"] == ["russia", "china"]
    rows = {r["topic"]: r["positions"] for r in doc["rows"]}
    assert rows["taiwan"]["russia"]["position"] == "support"
    assert rows["taiwan"]["china"]["score"] == 2
    assert rows["aukus"]["china"]["position"] == "unclear"
    (pair,) = doc["alignment"]
    # scored shared topics: taiwan (1 vs 2), nato (-2 vs -1), dollar (1 vs 1): Σd = 2, n = 3
    assert (pair["a"], pair["b"], pair["n"]) == ("russia", "china", 3)
    assert pair["agreement"] == pytest.approx(1 - 2 / 12, abs=1e-4)
    assert pair["s_score"] == pytest.approx(1 - 4 / 12, abs=1e-4)
    # the three topics rest on one document: no interval, and it says why
    assert (pair["ci_low"], pair["ci_high"], pair["ci_note"]) == (None, None, "one source")
    assert (pair["sources"], pair["verdict"]) == (1, "too-little-evidence")
    assert pair["sides"] == {"same": 3, "opposite": 0, "one_neutral": 0}
    assert pair["low_confidence"] is False


def test_show_table_marks_differences_and_pairs() -> None:
    out = stance("show", "russia", "china", "us")
    taiwan = next(line for line in out.splitlines() if line.startswith("taiwan"))
    assert re.search(r"\+ support 2022 +\+\+ strongly-support 2022 +- oppose 2022 \(i\) +opposite sides",
                     taiwan)  # us's position is inferred: marked
    dollar = next(line for line in out.splitlines() if line.startswith("dollar-trade"))
    assert dollar.split() == ["dollar-trade", "+", "support", "2015", "+", "support", "2015", "·"]
    pair = stance("show", "russia", "china", "--topic", "taiwan")
    assert re.search(r"^taiwan .* degree only$", pair, re.M)
    dollar = next(line for line in out.splitlines() if line.startswith("dollar-trade"))
    assert "≠" not in dollar
    assert re.search(r"russia ~ china\s+3\s+1\s+0\.83\s+\+0\.67", out)  # n, documents; agreement unsigned


def test_show_evidence_is_one_flag_away() -> None:
    out = stance("show", "russia", "china", "--evidence")
    assert "[1]" in out and "Russia backs China on Taiwan." in out and "doc-2022" in out


def test_show_one_actor_lists_its_stances_with_dates() -> None:
    out = stance("show", "us")
    assert re.search(r"taiwan\s+- oppose \(i\)\s+2022-02-04", out)
    assert "(i) rests on an inferred record" in out
    assert "aukus" not in out


def test_show_markdown_with_citations() -> None:
    out = stance("show", "russia", "us", "--format", "markdown", "--cite")
    rows = markdown_rows(out)
    assert rows[0] == ["Topic", "Proposition", "Russia", "United States", "difference"]
    assert all(len(r) == 5 for r in rows)
    assert rows[1][:2] == ["Taiwan", "Taiwan is part of China."]
    label = re.search(r"\+ support 2022\[\^(russia-taiwan-[0-9a-f]{8}-[0-9a-f]{6})\]", rows[1][2]).group(1)
    assert (f'[^{label}]: Russia on Taiwan (support, reported): "Russia backs China on Taiwan." — '
            "*A test document*, Test Outlet, published 2022-02-04, <https://example.org/doc>") in out
    assert out.count("Russia backs China on Taiwan.") == 1  # the quote once, in its footnote


def test_show_csv_is_tidy() -> None:
    rows = list(csv.DictReader(io.StringIO(stance("show", "russia", "china", "--format", "csv"))))
    assert {(r["actor"], r["topic"]) for r in rows} >= {("russia", "taiwan"), ("china", "aukus")}
    assert next(r for r in rows if r["actor"] == "russia" and r["topic"] == "nato-expansion")[
        "score"] == "-2"


def test_names_resolve_by_alias_and_never_short_into_long() -> None:
    assert json.loads(stance("show", "Kremlin", "--format", "json"))["actors"] == ["russia"]
    assert json.loads(stance("show", "us", "--format", "json"))["actors"] == ["us"]
    result = run("show", "rusia", *DATA, "--format", "json")
    assert result.returncode == 0 and "taken as actor 'russia'" in result.stderr
    assert json.loads(result.stdout)["actors"] == ["russia"]
    result = run("show", "ru", *DATA)
    assert result.returncode == 2 and result.stdout == ""
    assert "unknown actor 'ru'" in result.stderr and no_traceback(result.stderr)


def test_diff_topic_by_alias_json() -> None:
    doc = json.loads(stance("diff", "--topic", "nato", "--format", "json"))
    assert doc["topic"]["id"] == "nato-expansion"
    assert doc["topic"]["proposition"] == "NATO should keep expanding."
    assert [p["actor"] for p in doc["positions"]] == ["us", "china", "russia"]
    assert doc["spread"] == 3 and doc["polarized"] is True
    assert sorted(map(tuple, doc["opposed_pairs"])) == [("us", "china"), ("us", "russia")]


def test_diff_topic_actors_restriction() -> None:
    doc = json.loads(stance("diff", "--topic", "nato", "--actors", "russia,china",
                            "--format", "json"))
    assert [p["actor"] for p in doc["positions"]] == ["china", "russia"]
    assert doc["polarized"] is False and doc["opposed_pairs"] == []


def test_diff_pair_rows_and_all() -> None:
    doc = json.loads(stance("diff", "russia", "us", "--format", "json"))
    assert doc["actors"] == ["russia", "us"]
    assert [(r["topic"], r["distance"]) for r in doc["rows"]] == [("nato-expansion", 3),
                                                                  ("taiwan", 2)]
    same = json.loads(stance("diff", "russia", "china", "--all", "--format", "json"))
    assert "dollar-trade" in [r["topic"] for r in same["rows"]]


@pytest.mark.parametrize(("args", "code"), [
    (["diff", "--topic", "nato", "--exit-code"], 1),
    (["diff", "--topic", "dollar", "--exit-code"], 0),
    (["diff", "russia", "us", "--exit-code"], 1),
    (["diff", "--topic", "nato"], 0),
    (["diff", "--exit-code"], 1),
    (["diff", "--topic", "nope", "--exit-code"], 2),
    (["diff", "russia", "--exit-code"], 2),
])
def test_diff_exit_codes(args: list[str], code: int) -> None:
    result = run(*args, *DATA)
    assert result.returncode == code, result.stderr
    assert no_traceback(result.stderr)


def test_diff_ranking_tsv() -> None:
    rows = list(csv.DictReader(io.StringIO(stance("diff", "--format", "tsv")), delimiter="\t"))
    assert [r["topic"] for r in rows][:2] == ["nato-expansion", "taiwan"]
    assert rows[0]["polarized"] == "true"


def test_matrix_json_and_csv() -> None:
    doc = json.loads(stance("matrix", "--format", "json"))
    assert doc["metric"] == "s_score" and sorted(doc["actors"]) == ["china", "russia", "us"]
    cells = {(c["a"], c["b"]): c for c in doc["cells"]}
    assert len(cells) == 9
    assert cells[("russia", "china")]["n"] == 3
    assert cells[("russia", "china")]["value"] == pytest.approx(0.6667, abs=1e-4)
    assert cells[("russia", "us")]["low_confidence"] is True
    rows = list(csv.DictReader(io.StringIO(stance("matrix", "--metric", "agreement",
                                                  "--format", "csv"))))
    assert {r["a"] for r in rows} == {"russia", "china", "us"}
    assert float(next(r for r in rows if r["a"] == "china" and r["b"] == "russia")["value"]) == \
        pytest.approx(0.8333, abs=1e-4)


def test_matrix_blocs_and_filters() -> None:
    doc = json.loads(stance("matrix", "--blocs", "--format", "json"))
    assert sorted(map(sorted, doc["blocs"])) == [["china", "russia"]]
    assert (doc["unaligned"], doc["unplaced"]) == ([], ["us"])  # us shares under 3 topics with each
    assert stance("matrix", "--format", "ids", "--actors", "us,china").split() in (
        ["us", "china"], ["china", "us"])
    result = run("matrix", "--metric", "tau", *DATA)
    assert result.returncode == 2 and result.stderr == (
        "stance: invalid value for '--metric' / '-m': 'tau' is not one of 'agreement', 's_score', "
        "'kappa', 'pi', 'verdict' (`stance matrix -h` for help)\n")


def test_timeline_marks_changes(tmp_path) -> None:
    data = tmp_path / "t.yaml"
    data.write_text(SMALL.read_text() + "  - {actor: russia, topic: taiwan, position: neutral, "
                    "date: 2010, source: doc-2022, basis: inferred, quote: q}\n")
    result = run("timeline", "russia", "--topic", "taiwan", "--data", str(data), "--format", "json")
    doc = json.loads(result.stdout)
    assert [(s["date"], s["position"], s["changed"]) for s in doc["stances"]] == [
        ("2010", "neutral", False), ("2022-02-04", "support", True)]
    assert doc["stances"][1]["previous"] == "neutral"
    as_of = json.loads(run("show", "russia", "--topic", "taiwan", "--as-of", "2015",
                           "--data", str(data), "--format", "json").stdout)
    assert as_of["rows"][0]["positions"]["russia"]["position"] == "neutral"


@pytest.mark.parametrize("listing", ["actors", "topics", "sources"])
def test_listings_json_csv_ids_agree(listing: str) -> None:
    doc = json.loads(stance(listing, "--format", "json"))
    ids = [item["id"] for item in doc[listing]]
    assert stance(listing, "--format", "ids").split("\n")[:-1] == ids
    rows = list(csv.DictReader(io.StringIO(stance(listing, "--format", "csv"))))
    assert [r["id"] for r in rows] == ids
    md = markdown_rows(stance(listing, "--format", "markdown"))
    assert [r[0] for r in md[1:]] == ids


def test_export_reads_back_with_every_field() -> None:
    doc = json.loads(stance("export", "--format", "json"))
    assert len(doc["stances"]) == 10
    first = doc["stances"][0]
    assert set(first) == {"actor", "topic", "position", "score", "date", "source", "basis",
                          "speaker", "quote", "note"}
    rows = list(csv.DictReader(io.StringIO(stance("export"))))
    assert [r["quote"] for r in rows] == [s["quote"] for s in doc["stances"]]
    assert [int(r["score"]) if r["score"] else None for r in rows] == [
        s["score"] for s in doc["stances"]]


def test_validate_summary_json() -> None:
    doc = json.loads(stance("validate", "--format", "json"))
    assert doc["counts"] == {"actors": 3, "topics": 4, "sources": 1, "stances": 10}


def test_verify_finds_quotes_and_reports_missing(tmp_path) -> None:
    seeds = SMALL.parent
    assert stance("verify", "--sources", str(seeds)) == (
        "verified: all 10 quotes found in their documents, every source cited\n")
    broken = tmp_path / "b.yaml"
    broken.write_text(SMALL.read_text().replace("Taiwan is ours.", "Taiwan is surely ours."))
    result = run("verify", "--sources", str(seeds), "--data", str(broken), "--format", "json")
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["kind"] == "quote-not-found" and "Taiwan is ours" in finding["detail"]
    assert 60 < finding["similarity"] < 100
    result = run("verify", "--sources", str(tmp_path), *DATA, "--format", "json")
    assert result.returncode == 0  # an absent document is no failed quote: not checked
    doc = json.loads(result.stdout)
    assert doc["findings"][0]["kind"] == "missing-document"
    assert (doc["checked"], doc["found"], doc["not_checked"], doc["documents_not_found"]) == (0, 0, 10, 1)
    assert run("verify", "--sources", str(tmp_path), *DATA, "--strict").returncode == 1


def test_bad_options_exit_2() -> None:
    for args in (["show", "russia", "--as-of", "2022-02-30"], ["show", "russia", "--basis", "x"],
                 ["show", "russia", "--format", "xml"], ["export", "--format", "ids"]):
        result = run(*args, *DATA)
        assert result.returncode == 2, args
        assert result.stdout == "" and no_traceback(result.stderr), args


def test_data_from_environment_and_python_m() -> None:
    import subprocess
    import sys

    result = run("actors", "--format", "ids", env={"STANCE_DATA": str(SMALL)})
    assert result.stdout.split() == ["russia", "china", "us"]
    module = subprocess.run([sys.executable, "-m", "stancecli", "actors", "--format", "ids",
                             *DATA], capture_output=True, text=True)
    assert module.stdout == result.stdout


def test_version() -> None:
    from stancecli import __version__

    result = run("--version")
    assert result.returncode == 0 and result.stdout == f"stance {__version__}\n"


ANALYSES = {
    "show": ["show", "russia", "china", "us"],
    "diff-topic": ["diff", "--topic", "taiwan"],
    "diff-pair": ["diff", "russia", "us", "--all"],
    "diff-ranking": ["diff"],
    "matrix": ["matrix", "--metric", "kappa"],
    "timeline": ["timeline", "china"],
}


def _json_records(name: str, doc: dict) -> list[dict]:
    """The observations each command's tidy formats carry, taken from its JSON."""
    if name == "show":
        return [p for row in doc["rows"] for p in row["positions"].values() if p]
    if name == "diff-topic":
        return doc["positions"]
    if name == "diff-pair":
        return [{"topic": r["topic"], "distance": r["distance"]} for r in doc["rows"]]
    if name == "diff-ranking":
        return doc["topics"]
    if name == "matrix":
        return doc["cells"]
    return doc["stances"]


@pytest.mark.parametrize("name", sorted(ANALYSES))
def test_every_format_of_every_analysis_carries_the_same_answer(name: str) -> None:
    args = ANALYSES[name]
    records = _json_records(name, json.loads(stance(*args, "--format", "json")))
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        rows = list(csv.DictReader(io.StringIO(stance(*args, "--format", fmt)), delimiter=delimiter))
        assert len(rows) == len(records), fmt
        for row, record in zip(rows, records, strict=True):
            for key in set(row) & set(record):
                expected = record[key]
                if isinstance(expected, bool):
                    expected = "true" if expected else "false"
                elif isinstance(expected, float):
                    assert float(row[key]) == pytest.approx(expected), (fmt, key)
                    continue
                assert row[key] == ("" if expected is None else str(expected)), (fmt, key)
    table = markdown_rows(stance(*args, "--format", "markdown"))
    width = len(table[0])
    assert all(len(r) == width for r in table)
    if name in ("diff-topic", "diff-pair", "diff-ranking", "timeline"):
        assert len(table) - 1 == len(records)


def test_verify_reports_uncited_sources_and_sources_without_a_file(tmp_path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(SMALL.read_text().replace(
        "sources:\n", "sources:\n  unused: {title: Never cited, published: 2020}\n"
                      "  nofile: {title: No file, published: 2021}\n", 1)
        + "  - {actor: us, topic: aukus, position: support, date: 2021, source: nofile, "
          "basis: inferred, quote: q}\n")
    result = run("verify", "--sources", str(SMALL.parent), "--data", str(extra), "--format", "json")
    assert result.returncode == 0
    assert run("verify", "--sources", str(SMALL.parent), "--data", str(extra), "--strict").returncode == 1
    kinds = sorted((f["kind"], f["source"]) for f in json.loads(result.stdout)["findings"])
    assert kinds == [("no-file", "nofile"), ("no-file", "unused"), ("uncited-source", "unused")]


# -- honest formats ------------------------------------------------------------------------------
def test_ids_is_offered_only_where_it_means_something() -> None:
    assert "ids" in run("actors", "--help").stdout and "ids" in run("matrix", "--help").stdout
    for command in (["show", "russia"], ["timeline", "russia"], ["export"]):
        assert "ids" not in run(*command, "--help").stdout.split("--format")[1].split("--")[0]
        result = run(*command, "--format", "ids", *DATA)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr == (
            "stance: invalid value for '--format' / '-f': 'ids' is not one of 'table', 'json', "
            f"'csv', 'tsv', 'markdown', 'md', 'svg', 'html', 'graphml', 'gexf' (`stance {command[0]} -h` "
            "for help)\n")


def test_a_wrong_format_gets_one_clean_line_and_md_is_markdown() -> None:
    result = run("show", "russia", "-f", "xml", *DATA)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "'xml' is not one of 'table'," in result.stderr
    assert "Value error" not in result.stderr
    assert stance("show", "russia", "-f", "md").startswith("\n| Topic | Proposition | Russia |")


@pytest.mark.parametrize(("args", "said"), [
    (["show", "russia", "--cite"], "--cite only applies to --format markdown; ignored with table"),
    (["show", "russia", "--raw", "-f", "json"], "--raw only applies to --format csv and tsv"),
    (["diff", "--topic", "nato", "--any-difference"], "--any-difference only changes --exit-code"),
])
def test_a_flag_the_format_ignores_is_said_on_stderr(args: list[str], said: str) -> None:
    result = run(*args, *DATA)
    assert result.returncode == 0 and said in result.stderr and result.stdout


def test_show_csv_gives_the_alignment_on_request() -> None:
    rows = list(csv.DictReader(io.StringIO(stance("show", "russia", "china", "us", "--format", "csv",
                                                  "--alignment"))))
    assert [(r["a"], r["b"]) for r in rows] == [("russia", "china"), ("russia", "us"), ("china", "us")]
    assert rows[0]["n"] == "3" and rows[0]["agreement"] == "0.8333"
    assert rows[1]["low_confidence"] == "true"


def test_tsv_escapes_instead_of_quoting(tmp_path) -> None:
    data = tmp_path / "t.yaml"
    data.write_text(SMALL.read_text().replace('"Taiwan is ours. It is inviolable."',
                                              '"Taiwan\\tis \\"ours\\",\\nsaid \\\\ they."'))
    out = run("export", "--format", "tsv", "--data", str(data)).stdout
    lines = out.split("\n")
    assert all(line.count("\t") == 9 for line in lines[:-1])  # cut -f works: ten fields a line
    assert '\tTaiwan\\tis "ours",\\nsaid \\\\ they.\t' in out  # no CSV quoting, escapes instead


def test_agreement_has_no_sign_and_json_fields_keep_one_meaning() -> None:
    doc = json.loads(stance("diff", "--format", "json"))
    nato = next(t for t in doc["topics"] if t["topic"] == "nato-expansion")
    assert nato["opposed_pairs"] == [["us", "china"], ["us", "russia"]]  # a list, as in diff --topic
    assert nato["scored_actors"] == 3 and nato["difference"] == "opposite" and nato["divergent"]
    show = json.loads(stance("show", "russia", "china", "--format", "json"))
    assert show["actors"] == ["russia", "china"]
    assert re.search(r"^agreement \(0\.\.1\)\n(.*\n){2}russia +1\.00 +0\.83", stance(
        "matrix", "--metric", "agreement", "--actors", "russia,china"), re.M)


def test_divergence_exit_codes_mean_opposite_sides() -> None:
    assert run("diff", "--topic", "taiwan", "--actors", "russia,china", "--exit-code", *DATA
               ).returncode == 0  # + against ++: the same side
    assert run("diff", "--topic", "taiwan", "--actors", "russia,china", "--exit-code",
               "--any-difference", *DATA).returncode == 1
    # unclear: a difference, not a divergence, in both forms
    for args in (["diff", "--topic", "aukus", "--actors", "russia,china"],
                 ["diff", "russia", "china", "--topic", "aukus"]):
        assert run(*args, "--exit-code", *DATA).returncode == 0
        assert run(*args, "--exit-code", "--any-difference", *DATA).returncode == 1
    ranking = stance("diff")
    assert re.search(r"^nato-expansion +opposite sides +3 +2 ", ranking, re.M)
    assert re.search(r"^dollar-trade +2 +0 ", ranking, re.M)


def test_as_of_answers_are_labelled() -> None:
    for args in (["show", "russia", "china"], ["diff", "--topic", "dollar"], ["matrix"],
                 ["timeline", "russia"], ["diff"]):
        out = stance(*args, "--as-of", "2016")
        assert "as of 2016-01-01 (--as-of 2016: its first day): only stances dated on or before it" in out
        assert json.loads(stance(*args, "--as-of", "2016", "--format", "json"))["as_of"] == "2016"
    assert "as of" not in stance("show", "russia", "china")


def test_matrix_compares_political_actors_unless_asked(tmp_path) -> None:
    data = tmp_path / "p.yaml"
    data.write_text(SMALL.read_text().replace(
        "topics:\n", "  pundit: {name: A Pundit, kind: analyst}\ntopics:\n", 1) +
        "  - {actor: pundit, topic: taiwan, position: oppose, date: 2022, source: doc-2022, "
        "basis: stated, quote: q}\n")
    assert "pundit" not in run("matrix", "--format", "ids", "--data", str(data)).stdout
    assert "pundit" in run("matrix", "--people", "--format", "ids", "--data", str(data)).stdout


def test_did_you_mean_offers_only_close_candidates_and_speakers_find_their_actor(tmp_path) -> None:
    result = run("show", "brtain", *DATA)  # nothing is close: no weak guess
    assert result.returncode == 2 and "did you mean" not in result.stderr
    data = tmp_path / "s.yaml"
    quote = "quote: \"NATO must stop. Its expansion is unacceptable.\""
    data.write_text(SMALL.read_text().replace(f"basis: stated, {quote}",
                                              f"basis: stated, speaker: Vladimir Putin, {quote}"))
    for name in ("putin", "Vladimir Putin"):
        result = run("show", name, "--topic", "taiwan", "--data", str(data), "--format", "json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["actors"] == ["russia"]
        assert "for which Vladimir Putin speaks" in result.stderr


def test_weak_fuzzy_matches_offer_no_candidate() -> None:
    from stancecli.errors import StanceError
    from stancecli.model import Actor, Topic
    from stancecli.resolve import resolve

    actors = [Actor("uk", "United Kingdom", "state", ("Britain", "London")),
              Actor("russia", "Russia", "state", ("Moscow",))]
    topics = [Topic("south-china-sea", "South China Sea", "p"), Topic("taiwan", "Taiwan", "p")]
    for query, records, what in (("putin", actors, "actor"), ("us-china-thaw", topics, "topic")):
        with pytest.raises(StanceError) as caught:
            resolve(query, records, what)
        assert "did you mean" not in str(caught.value)
    assert resolve("Britian", actors, "actor").id == "uk"  # a close typo still resolves
    assert resolve("Putin", actors, "actor", {"russia": ("Vladimir Putin",)}).id == "russia"
