"""The shell contract, proven on the installed `stance` run as a process: stdout carries only the
output, exit codes mean what they say, `| head -1` is quiet, colour only on a terminal.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import SMALL, TESTS, no_traceback, run, run_into_head, run_pty, run_terminal, stance_executable

DATA = ("--data", str(SMALL))
PIPE_BUFFER = 65536  # Linux's default; the big outputs below are at least twice this
SGR = re.compile(r"\x1b\[[0-9;]*m")

# -- a dataset big enough that every command's output overflows the pipe buffer --------------------
STATES = [f"state-{i:02d}-" + "x" * 140 for i in range(80)]
PEOPLE = [f"person-{i:03d}-" + "w" * 240 for i in range(300)]
TOPICS = [f"topic-{i:03d}-" + "y" * 240 for i in range(300)]
SOURCES = [f"src-{i:03d}-" + "s" * 240 for i in range(300)]
POSITIONS = ["support", "oppose", "neutral", "strongly-support", "strongly-oppose", "unclear"]


def _stance(actor: str, topic: int, k: int) -> dict[str, str]:
    return {"actor": actor, "topic": TOPICS[topic], "position": POSITIONS[k % 6],
            "date": f"{2000 + k % 20}-01-01", "source": SOURCES[topic], "basis": "stated",
            "quote": f"Quote {k} of {actor} on topic {topic}: " + "words " * 25}


def _big_dataset() -> dict:
    actors = {a: {"name": f"State {i} " + "long name " * 10, "kind": "state"}
              for i, a in enumerate(STATES)}
    actors |= {p: {"name": f"Person {i} " + "surname " * 18, "kind": "person"}
               for i, p in enumerate(PEOPLE)}
    topics = {t: {"name": f"Topic {i} " + "z" * 140, "proposition": f"Proposition {i}. " + "p" * 200}
              for i, t in enumerate(TOPICS)}
    sources = {SOURCES[i]: {"title": f"Source {i} " + "title " * 30, "published": "2020",
                                "file": "doc.txt"} for i in range(300)}
    stances, k = [], 0
    for j, actor in enumerate(STATES):  # every state on the first ten topics
        for topic in range(10):
            stances.append(_stance(actor, topic, j + topic))
    for topic in range(10, 300):  # the first two states on every topic, mostly apart
        for j in (0, 1):
            k += 1
            stances.append(_stance(STATES[j], topic, topic * (j + 2)))
    for i, person in enumerate(PEOPLE):  # the people on the first topic only, all neutral
        stances.append(_stance(person, 0, 2 + 6 * i))
    return {"actors": actors, "topics": topics, "sources": sources, "stances": stances}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("big")
    path = root / "big.yaml"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: the same YAML, sooner
    path.write_text(yaml.dump(_big_dataset(), Dumper=dumper, sort_keys=False), encoding="utf-8")
    docs = root / "docs"
    docs.mkdir()
    (docs / "doc.txt").write_text("A short document that holds none of the quotes. " * 10)
    cache = tmp_path_factory.mktemp("bigcache")
    # the cache written now (a file changed less than 3 s ago is not cached, lest a second change
    # go unseen; this one will not change): else every run of the next 3 s parses it again
    from stancecli import cache as load_cache

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load_cache, "RACY_NS", 0)
        patch.setenv("XDG_CACHE_HOME", str(cache))
        load_cache.load([path])
    return {"data": str(path), "docs": str(docs), "cache": str(cache), "small": str(SMALL)}


A0, A1 = STATES[0], STATES[1]
COMMANDS: dict[str, list[str]] = {
    "actors": ["actors"],
    "topics": ["topics"],
    "sources": ["sources"],
    "export": ["export"],
    "validate": ["validate", "{small}"],  # a fresh parse each time: the small file will do
    "show": ["show", A0, A1, "--evidence"],
    "show-one": ["show", A0, "--evidence"],
    "timeline": ["timeline", A0, "--evidence"],
    "diff-ranking": ["diff"],
    "diff-topic": ["diff", "--topic", TOPICS[0]],
    "diff-pair": ["diff", A0, A1],
    "matrix": ["matrix", "--kind", "state", "--blocs"],
    # two sources' quotes (160, each a finding): 0.2 MB of output, and a tenth of the matching
    "verify": ["verify", "--sources", "{docs}", "--source", SOURCES[1], "--source", SOURCES[2]],
}
WITH_IDS = {"actors", "topics", "sources", "diff-ranking", "matrix"}
FORMATS = ["table", "json", "csv", "tsv", "markdown", "ids"]
CASES = [(c, f) for c in COMMANDS for f in FORMATS if f != "ids" or c in WITH_IDS]
SMALL_OUTPUT = {("validate", f) for f in FORMATS} | {("matrix", "ids")}  # nothing big to say
EXPECTED_CODE = {"verify": 1}  # every quote is a finding


def _args(big: dict[str, str], command: str, fmt: str) -> list[str]:
    return ["--data", big["data"], *(a.format(**big) for a in COMMANDS[command]), "--format", fmt]


def _pipe_to_head(big: dict[str, str], case: tuple[str, str]) -> subprocess.CompletedProcess[bytes]:
    line = " ".join(f"'{a}'" for a in [stance_executable(), *_args(big, *case)])
    return subprocess.run(["bash", "-c", f"set -o pipefail; {line} | head -1"], capture_output=True,
                          env={**os.environ, "XDG_CACHE_HOME": big["cache"]}, timeout=120)


_OUTPUTS: dict[tuple[str, str, str], bytes] = {}


def _output(big: dict[str, str], command: str, fmt: str) -> bytes:
    """The whole output, in-process, checked big enough that an early close proves something
    (once a case: both tests of a case compare with it)."""
    key = (big["data"], command, fmt)
    if key not in _OUTPUTS:
        _OUTPUTS[key] = _whole_output(big, command, fmt)
    return _OUTPUTS[key]


def _whole_output(big: dict[str, str], command: str, fmt: str) -> bytes:
    from typer.testing import CliRunner

    from stancecli.cli.app import app_for

    app = app_for([])

    full = CliRunner().invoke(app, _args(big, command, fmt), env={"XDG_CACHE_HOME": big["cache"]})
    assert full.exit_code == EXPECTED_CODE.get(command, 0), full.output
    if (command, fmt) not in SMALL_OUTPUT:  # otherwise the early close would prove nothing
        assert len(full.stdout_bytes) > PIPE_BUFFER, len(full.stdout_bytes)
    return full.stdout_bytes


@pytest.mark.parametrize(("command", "fmt"), CASES)
def test_head_1_is_quiet_for_every_command_and_format(
        big: dict[str, str], monkeypatch: pytest.MonkeyPatch, command: str, fmt: str) -> None:
    """In-process, stdout a real pipe that its reader closes after the first line (the writes
    after it fail with EPIPE, as in a process); the process itself: test_head_1_is_quiet_in_a_real_pipe.
    The whole output is what the command gave streams.write (one run: rendering twice cost more)."""
    from stancecli.cli import streams

    given: list[str] = []
    write = streams.write

    def recording(text: str, symbols: bool = True) -> None:
        given.append(text)
        write(text, symbols)

    monkeypatch.setattr(streams, "write", recording)
    code, first, stderr = run_into_head(*_args(big, command, fmt), env={"XDG_CACHE_HOME": big["cache"]})
    assert code == EXPECTED_CODE.get(command, 0), stderr  # a reader going away is not an error
    assert stderr == ""
    whole = "".join(given).encode("utf-8")
    if (command, fmt) not in SMALL_OUTPUT:  # otherwise the early close would prove nothing
        assert len(whole) > PIPE_BUFFER, len(whole)
    assert first == whole.split(b"\n", 1)[0] + b"\n"


# each command once as a real process into `| head -1`, every format at least twice (chosen with
# an output that overflows the pipe, but validate's): the interpreter's exit after the reader left,
# and the producer's status as the shell sees it (pipefail)
IN_A_PROCESS = [("actors", "ids"), ("topics", "table"), ("sources", "json"), ("export", "csv"),
                ("validate", "table"), ("show", "tsv"), ("show-one", "markdown"),
                ("timeline", "tsv"), ("diff-ranking", "ids"), ("diff-topic", "json"),
                ("diff-pair", "csv"), ("matrix", "table"), ("verify", "markdown")]


def test_each_command_and_format_goes_into_a_real_pipe_once() -> None:
    assert [c for c, _ in IN_A_PROCESS] == list(COMMANDS) and set(IN_A_PROCESS) <= set(CASES)
    assert all(sum(f == g for _, g in IN_A_PROCESS) >= 2 for f in FORMATS)


@pytest.mark.parametrize(("command", "fmt"), IN_A_PROCESS)
def test_head_1_is_quiet_in_a_real_pipe(big: dict[str, str], command: str, fmt: str) -> None:
    first = _output(big, command, fmt).split(b"\n", 1)[0] + b"\n"  # the cache is warm after it
    head = _pipe_to_head(big, (command, fmt))
    # the producer's own status (pipefail): a reader going away is not an error
    assert head.returncode == EXPECTED_CODE.get(command, 0), head.stderr.decode()
    assert head.stderr == b"", head.stderr.decode()
    assert head.stdout == first


def test_head_1_on_help() -> None:
    for args in (["--help"], ["show", "--help"], ["export", "--help"]):
        result = subprocess.run(["bash", "-c", "set -o pipefail; \"$0\" \"$@\" | head -1",
                                 stance_executable(), *args], capture_output=True, text=True)
        assert result.returncode == 0 and result.stderr == ""
        assert result.stdout.count("\n") == 1  # rich's help starts with a blank line


def test_help_into_a_pipe_whose_reader_is_already_gone() -> None:
    # `stance --help | true`: the first write fails; typer's exit 1 for it is no finding
    for args in (["--help"], ["show", "--help"], ["--version"]):
        read, write = os.pipe()
        os.close(read)
        try:
            result = subprocess.run([stance_executable(), *args], stdout=write,
                                    stderr=subprocess.PIPE, timeout=60)
        finally:
            os.close(write)
        assert (result.returncode, result.stderr) == (0, b""), args


def test_piped_table_has_no_escapes_and_no_ellipsis(big: dict[str, str]) -> None:
    for command in ("actors", "topics", "matrix", "diff-topic"):
        result = run(*_args(big, command, "table"), env={"COLUMNS": "40",
                                                         "XDG_CACHE_HOME": big["cache"]})
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "…" not in result.stdout
    listing = run(*_args(big, "actors", "table"), env={"XDG_CACHE_HOME": big["cache"]}).stdout
    for i, actor in enumerate(STATES):  # ids and names whole, however narrow the terminal claims
        assert actor in listing and f"State {i} " + "long name " * 9 + "long name" in listing
    matrix = run(*_args(big, "matrix", "table"), env={"XDG_CACHE_HOME": big["cache"]}).stdout
    assert all(matrix.count(a) >= 2 for a in STATES)  # as a row and as a column


# -- exit codes and streams ------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ["show"],  # missing argument
    ["show", "russia", "--no-such-option"],
    ["no-such-command"],
    ["show", "russia", "--format", "yaml"],
    ["matrix", "--min-n", "0"],
])
def test_usage_errors_exit_2_with_nothing_on_stdout(args: list[str]) -> None:
    result = run(*DATA, *args)
    assert result.returncode == 2, result.stderr
    assert result.stdout == "" and result.stderr.strip() and no_traceback(result.stderr)


@pytest.mark.parametrize("args", [
    ["show", "atlantis"],
    ["diff", "--topic", "astrology"],
    ["timeline", "russia", "--topic", "zzzzzz"],
    ["matrix", "--metric", "vibes"],
    ["matrix", "--kind", "planet"],
    ["show", "russia", "--as-of", "2022-13"],
    ["show", "russia", "--basis", "rumour"],
    ["diff", "russia"],
    ["export", "--format", "ids"],
])
def test_unknown_names_and_bad_values_exit_2_with_one_line(args: list[str]) -> None:
    result = run(*DATA, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("stance: ")


def test_bad_data_exit_2_with_located_problems_on_stderr(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.read_text().replace("kind: state", "kind: planet", 1)
                   .replace("position: support", "position: maybe", 1))
    for args in (["actors"], ["validate"], ["export", "--format", "json"]):
        result = run("--data", str(bad), *args)
        assert result.returncode == 2 and result.stdout == ""
        lines = result.stderr.splitlines()
        assert [ln.split(":")[1] for ln in lines[:2]] == ["5", "39"], result.stderr
        assert lines[-1] == "stance: 2 problems in the data" and no_traceback(result.stderr)


def test_notes_go_to_stderr_and_output_to_stdout() -> None:
    result = run(*DATA, "show", "Rusia", "chinna", "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["actors"] == ["russia", "china"]  # stdout is the document alone
    assert "russia" in result.stderr and "china" in result.stderr  # the fuzzy matches, said apart


@pytest.mark.parametrize(("args", "code"), [
    (["diff", "--topic", "taiwan", "--exit-code"], 1),
    (["diff", "--topic", "dollar", "--exit-code"], 0),
    (["diff", "russia", "china", "--exit-code"], 0),  # differences of degree only
    (["diff", "russia", "china", "--exit-code", "--any-difference"], 1),
    (["diff", "--topic", "taiwan"], 0),  # findings without --exit-code are still success
    (["verify", "--sources", str(TESTS / "data")], 0),
])
def test_findings_exit_1_only_when_asked(args: list[str], code: int) -> None:
    result = run(*DATA, *args)
    assert result.returncode == code, result.stderr
    assert result.stderr == "" and result.stdout


def test_verify_findings_exit_1(tmp_path: Path) -> None:
    result = run(*DATA, "verify", "--sources", str(tmp_path))
    assert result.returncode == 0 and "missing-document" in result.stdout and result.stderr == ""
    result = run(*DATA, "verify", "--sources", str(tmp_path), "--strict")
    assert result.returncode == 1 and "missing-document" in result.stdout and result.stderr == ""
    broken = tmp_path / "broken.yaml"
    broken.write_text(SMALL.read_text().replace("AUKUS is dangerous.", "AUKUS is very dangerous."))
    result = run("--data", str(broken), "verify", "--sources", str(TESTS / "data"))
    assert result.returncode == 1 and "quote-not-found" in result.stdout


# -- colour ----------------------------------------------------------------------------------------
def test_colour_on_a_terminal() -> None:
    code, out, err = run_pty(*DATA, "show", "russia", "china")
    assert code == 0 and err == ""
    assert "\x1b[" in out and "strongly-support" in out


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_colour_on_a_terminal_when_told(env: dict[str, str]) -> None:
    # in-process on a real terminal (tests/test_layout.py checks a process lays out the same)
    code, out, err = run_terminal(*DATA, "show", "russia", "china", env=env)
    assert code == 0 and err == ""
    assert "\x1b" not in out and "strongly-support" in out


def test_force_colour_in_a_pipe_and_none_by_default() -> None:
    plain = run(*DATA, "show", "russia", "china")
    forced = run(*DATA, "show", "russia", "china", env={"FORCE_COLOR": "1"})
    assert "\x1b" not in plain.stdout and "\x1b[" in forced.stdout
    assert SGR.sub("", forced.stdout).count("strongly-support") == 1
    both = run(*DATA, "show", "russia", "china", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b" not in both.stdout  # NO_COLOR wins


def test_only_the_table_is_coloured() -> None:
    for fmt in ("json", "csv", "tsv", "markdown"):
        result = run(*DATA, "show", "russia", "china", "--format", fmt, env={"FORCE_COLOR": "1"})
        assert result.returncode == 0 and "\x1b" not in result.stdout


HOSTILE_ACTOR = ('evil: {name: "Evil \\e[2J\\e]52;c;SGVsbG8=\\a \\u202eRTL\\u2069 \\r\\b [bold]x[/]", '
                 'kind: state}')


def test_data_control_characters_are_escaped_on_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text(SMALL.read_text().replace("actors:\n", "actors:\n  " + HOSTILE_ACTOR + "\n", 1))
    code, out, err = run_terminal("--data", str(path), "actors", cols=200)  # a real terminal
    assert code == 0, err
    assert "\x1b[" in out  # coloured: this is the rich path
    assert "\x1b" not in SGR.sub("", out)  # every ESC starts a style, none comes from the data
    for raw in ("\x07", "\x08", "\r", "\u202e", "\u2069"):
        assert raw not in out
    text = SGR.sub("", out)
    assert "\\x1b[2J\\x1b]52;c;SGVsbG8=\\x07 \\u202eRTL\\u2069 \\r\\x08 [bold]x[/]" in text


# Ctrl-C (exit 130, quietly, at every moment from start-up on): tests/test_interrupts.py
