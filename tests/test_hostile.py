"""Hostile data: markup, terminal escapes and formulas from the YAML are shown, never obeyed; hostile
files (aliases, python tags, deep nesting, odd encodings, odd paths) are refused cleanly, exit 2.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SMALL, TESTS, no_traceback, run, stance_executable, tsv_rows

from stancecli.loader import load_dataset

HOSTILE = TESTS / "data" / "hostile.yaml"
DATA = ("--data", str(HOSTILE))
LOADED = load_dataset([HOSTILE])
SGR = re.compile(r"\x1b\[[0-9;]*m")
# what must never reach the output raw: C0 but newline (and tab, which CSV and TSV quote), DEL,
# C1, and the bidi marks, embeddings, overrides and isolates
NEVER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NO_TAB = re.compile("\t")

COMMANDS = {
    "actors": ["actors"],
    "topics": ["topics"],
    "sources": ["sources"],
    "export": ["export"],
    "show": ["show", "evil", "good", "--evidence"],
    "show-one": ["show", "evil", "--evidence"],
    "timeline": ["timeline", "evil", "--evidence"],
    "diff-topic": ["diff", "--topic", "pipes"],
    "diff-pair": ["diff", "evil", "good", "--all"],
    "diff-ranking": ["diff"],
    "matrix": ["matrix", "--min-n", "1"],
}
FORMATS = ["table", "json", "csv", "tsv", "markdown"]


def stance(*args: str, env: dict[str, str] | None = None) -> str:
    result = run(*DATA, *args, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_raw_control_character_in_any_format(command: str, fmt: str) -> None:
    out = stance(*COMMANDS[command], "--format", fmt)
    assert out.endswith("\n")
    assert not NEVER.search(out), repr(NEVER.search(out))
    if fmt not in ("csv", "tsv"):
        assert not NO_TAB.search(out)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_rich_table_on_a_forced_terminal_escapes_data(command: str) -> None:
    out = stance(*COMMANDS[command], "--format", "table", env={"FORCE_COLOR": "1", "COLUMNS": "400"})
    assert "\x1b[" in out  # styled: the rich path
    text = SGR.sub("", out)
    assert not NEVER.search(text) and "\x1b" not in text  # every ESC left is a style of ours


def test_markup_is_printed_literally() -> None:
    for env in (None, {"FORCE_COLOR": "1", "COLUMNS": "400"}):
        listing = SGR.sub("", stance("actors", "--format", "table", env=env))
        assert "[bold red]Evil[/] [link=https://evil.example]click[/link] :fire: " in listing
        assert "[/]; =HYPERLINK(\"http://evil.example\")" in listing
        assert "🔥" not in listing
        quotes = SGR.sub("", stance("export", "--format", "table", env=env))
        assert "-2+3 [bold]q[/bold] :fire: " in quotes
    assert "\\[bold red\\]Evil\\[/\\] \\[link=https://evil.example\\]click\\[/link\\] :fire: " in stance(
        "actors", "--format", "markdown")  # brackets escaped: in markdown too it reads as written


def test_table_shows_control_characters_escaped() -> None:
    listing = stance("actors")
    assert ":fire: \\x1b[2J\\x1b]52;c;SGVsbG8=\\x07" in listing
    assert "Good \\u2066isolate\\u2069 \\r\\x08" in listing
    assert "\\u202eesrever\\u202c" in listing
    quotes = stance("export", "--format", "table")
    assert "\\x1b[2J \\x1b]52;c;SGVsbG8=\\x07 \\x9b31m \\r\\n|x|\\t\\u202edone\\u202c \\x08" in quotes


def test_json_keeps_hostile_text_byte_identical() -> None:
    exported = json.loads(stance("export", "--format", "json"))["stances"]
    assert [s["quote"] for s in exported] == [s.quote for s in LOADED.stances]
    assert [(s["speaker"], s["note"]) for s in exported] == [(s.speaker, s.note)
                                                             for s in LOADED.stances]
    actors = json.loads(stance("actors", "--format", "json"))["actors"]
    assert [(a["name"], a["aliases"]) for a in actors] == [(a.name, list(a.aliases))
                                                           for a in LOADED.actors.values()]
    (topic,) = json.loads(stance("topics", "--format", "json"))["topics"]
    assert (topic["name"], topic["proposition"]) == ("pipe | topic\nsecond line",
                                                     "=1+2 [i]italic[/i] \x9b31m C1 CSI")
    (source,) = json.loads(stance("sources", "--format", "json"))["sources"]
    assert source["title"] == "@title \x1b[31mred\x1b[0m | piped"
    assert LOADED.actors["evil"].name.endswith(":fire: \x1b[2J\x1b]52;c;SGVsbG8=\x07")  # the fixture


def _rows(text: str, delimiter: str) -> list[dict[str, str]]:
    if delimiter == "\t":  # TSV: no quoting, backslash escapes
        header, *rows = tsv_rows(text)
        return [dict(zip(header, row, strict=True)) for row in rows]
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_delimited_neutralises_formulas_unless_raw(fmt: str, delimiter: str) -> None:
    rows = _rows(stance("export", "--format", fmt), delimiter)
    assert [r["quote"] for r in rows] == [
        "'-2+3 [bold]q[/bold] :fire: \\x1b[2J \\x1b]52;c;SGVsbG8=\\x07 \\x9b31m \\r\n|x|\t"
        "\\u202edone\\u202c \\x08",
        "'\tTab first | pipe",
        "'=cmd|' /C calc'!A0"]
    assert [r["score"] for r in rows] == ["1", "-1", "-2"]  # numbers stay numbers
    assert (rows[0]["speaker"], rows[0]["note"]) == ("'-Speaker", "\\rnote")  # \r made visible
    raw = _rows(stance("export", "--format", fmt, "--raw"), delimiter)
    assert [r["quote"][:6] for r in raw] == ["-2+3 [", "\tTab f", "=cmd|'"]
    assert raw[0]["speaker"] == "-Speaker"
    assert not NEVER.search(stance("export", "--format", fmt, "--raw"))  # raw: no formulas, still no ESC
    actors = _rows(stance("actors", "--format", fmt), delimiter)
    assert actors[1]["aliases"] == "'+1; @sum"
    (topic,) = _rows(stance("topics", "--format", fmt), delimiter)
    assert topic["proposition"] == "'=1+2 [i]italic[/i] \\x9b31m C1 CSI"
    (source,) = _rows(stance("sources", "--format", fmt), delimiter)
    assert (source["title"], source["outlet"]) == ("'@title \\x1b[31mred\\x1b[0m | piped",
                                                   "'\tTabbed outlet")


_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@pytest.mark.parametrize("command", list(COMMANDS))
def test_markdown_rows_keep_their_column_count(command: str) -> None:
    out = stance(*COMMANDS[command], "--format", "markdown", "--cite") if command in (
        "show", "show-one", "timeline", "diff-topic", "diff-pair") else stance(
        *COMMANDS[command], "--format", "markdown")
    tables = 0
    expected = None
    for line in out.split("\n"):
        if not line.startswith("|"):
            expected = None
            continue
        count = len(_UNESCAPED_PIPE.findall(line))
        if expected is None:
            expected, tables = count, tables + 1
        assert count == expected, line
        assert line.endswith("|") and "\r" not in line
    assert tables >= 1
    if command in ("topics", "diff-topic", "diff-ranking"):  # the topic's name: a pipe and a newline
        assert "pipe \\| topic<br>second line" in out


# -- hostile files ---------------------------------------------------------------------------------
def _refused(*args: str, memory: int | None = None, timeout: float = 30) -> str:
    """Run `stance` expecting a clean refusal: exit 2, nothing on stdout, no traceback."""
    def limit() -> None:
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    # the time bound is subprocess.run's timeout: a run that hangs raises TimeoutExpired (a failure)
    result = subprocess.run([stance_executable(), *args], capture_output=True, text=True,
                            timeout=timeout, preexec_fn=limit)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == "" and no_traceback(result.stderr)
    return result.stderr


def test_billion_laughs_fails_fast_with_bounded_memory(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join([*lines, "stances: *a9"]) + "\n")
    # refused at the first anchor, before any expansion: within 1 GB and the 20 s timeout
    err = _refused("--data", str(path), "export", "--format", "json", memory=1 << 30, timeout=20)
    assert err.splitlines() == [f"{path}:1:5: YAML anchor '&a0' is not allowed: write values out"]
    alias_only = tmp_path / "alias.yaml"  # an alias without an anchor of its own on the line
    alias_only.write_text(SMALL.read_text() + "extra: *nothing\n")
    assert "alias" in _refused("--data", str(alias_only), "actors")


@pytest.mark.parametrize("payload", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:subprocess.call [['touch', '{marker}']]",
    "!!python/name:os.system",
    "!!python/object/apply:builtins.exec ['open(\"{marker}\", \"w\")']",
])
def test_python_tags_are_refused_and_nothing_runs(tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "ran"
    payload = payload.format(marker=marker)
    for text in (f"actors: {payload}\n",
                 SMALL.read_text().replace('quote: "Taiwan is ours. It is inviolable."',
                                           f"quote: {payload}")):
        path = tmp_path / "tagged.yaml"
        path.write_text(text)
        result = run("--data", str(path), "export", "--format", "json")  # what ran, ran here
        assert result.returncode == 2 and result.stdout == "", result.stderr
        err = result.stderr
        assert no_traceback(err) and err.startswith(str(path)) and len(err.splitlines()) == 1, err
        assert not marker.exists()


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.read_text().replace("\n", "\r\n").encode())
    result = run("--data", str(path), "export", "--format", "json")
    assert result.returncode == 0 and result.stderr == ""
    expected = json.loads(run("--data", str(SMALL), "export", "--format", "json").stdout)
    assert json.loads(result.stdout) == expected  # no \r, no BOM in any value


@pytest.mark.parametrize("shape", ["flow", "flow-lines", "flow-mapping-lines", "block", "compact"])
def test_deep_nesting_is_refused_cleanly(tmp_path: Path, shape: str) -> None:
    depth = 50_000
    text = {
        "flow": "stances: " + "[" * depth + "]" * depth + "\n",
        "flow-lines": "stances: [\n" + "  [\n" * depth + "  ]\n" * depth + "  ]\n",
        "flow-mapping-lines": "stances: {\n" + "  a: {\n" * depth + "  }\n" * depth + "  }\n",
        "block": "".join(" " * i + f"k{i}:\n" for i in range(3000)),
        "compact": "stances:\n" + "- " * 5000 + "x\n",
    }[shape]
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    err = _refused("--data", str(path), "validate", memory=1 << 30)
    assert len(err.splitlines()) == 1 and "nested more than 32 levels deep" in err


def _unreadable(tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "locked.yaml"
    path.write_text(SMALL.read_text())
    path.chmod(0)
    if os.geteuid() != 0:
        return path, []
    # root reads anything: run without the capabilities that let it ignore file modes
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("running as root: setpriv (util-linux) is needed to make a file unreadable")
    return path, [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


@pytest.mark.parametrize("case", ["missing", "directory", "dir-of-dirs", "unreadable", "not-utf8",
                                  "latin1", "binary"])
def test_bad_paths_give_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    prefix: list[str] = []
    path = tmp_path / "data.yaml"
    if case == "directory":
        path.mkdir()
    elif case == "dir-of-dirs":  # a directory of "yaml" entries that are directories
        path = tmp_path / "data"
        (path / "sub.yaml").mkdir(parents=True)
    elif case == "unreadable":
        path, prefix = _unreadable(tmp_path)
    elif case == "not-utf8":
        path.write_bytes(SMALL.read_bytes().replace(b"Taiwan is ours.", b"Ta\xefwan is ours."))
    elif case == "latin1":
        path.write_bytes(SMALL.read_text().replace("Russia backs", "Rüssia backs").encode("latin-1"))
    elif case == "binary":
        path.write_bytes(bytes(range(256)) * 4)
    for args in (["actors"], ["validate"], ["export", "--format", "json"]):
        # a process where root must drop its capabilities to be refused a read; else in-process
        result = subprocess.run([*prefix, stance_executable(), "--data", str(path), *args],
                                capture_output=True, text=True, timeout=30,
                                env={**os.environ, "STANCE_NO_CACHE": "1"},
                                ) if prefix else run("--data", str(path), *args)
        assert result.returncode == 2, result.stderr
        assert result.stdout == "" and no_traceback(result.stderr)
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert str(path) in result.stderr
    if case == "unreadable":
        assert "cannot read" in result.stderr and "Permission denied" in result.stderr
    if case == "not-utf8":  # located at the bad byte, counted independently of the loader
        data = path.read_bytes()
        bad = data.index(b"\xef")
        line, col = data.count(b"\n", 0, bad) + 1, bad - data.rfind(b"\n", 0, bad)
        assert result.stderr.rstrip("\n").endswith(f"{path}:{line}:{col}: not valid UTF-8 (byte 0xef)")
