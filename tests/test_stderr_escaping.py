"""Issue 11, class "text that reaches the terminal raw through stderr": every piece of data text and
every file name in a note, an error or a located problem goes through the escaping stdout uses; and
YAML anchors and aliases are refused wherever libyaml would accept them, a byte-order mark included.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import SMALL, no_traceback, run

from stancecli.errors import DataError
from stancecli.loader import load_dataset

# what must never reach a terminal raw: C0 (newline only between lines), DEL, C1, bidi controls
NEVER = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
OSC52 = "\x1b]52;c;SGVsbG8=\x07"
TEXT = SMALL.read_text(encoding="utf-8")


def test_the_taken_as_note_escapes_the_name(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text(TEXT.replace("name: Russia", f'name: "Russia {OSC52}\\u202e Federation"'
                                 .replace(OSC52, "\\e]52;c;SGVsbG8=\\a")))
    result = run("--data", str(data), "timeline", "federation")
    assert result.returncode == 0, result.stderr
    assert "taken as actor 'russia'" in result.stderr
    assert not NEVER.search(result.stderr), repr(result.stderr)
    assert "(Russia \\x1b]52;c;SGVsbG8=\\x07\\u202e Federation)" in result.stderr


def test_validation_messages_escape_what_they_quote(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text(
        'actors:\n'
        '  russia: {name: Russia, kind: "st\\e[2Jate\\u202e"}\n'
        '  china: {name: China, kind: state, "bad\\e]52;c;SGVsbG8=\\akey": 1}\n'
        'stances:\n'
        '  - {actor: "ru\\u202essia", topic: "t\\r\\x9b31m", position: support, date: "2020",'
        ' source: "s\\nforged.yaml:1:1: fake", basis: stated, quote: q}\n')
    result = run("--data", str(data), "validate")
    assert result.returncode == 2 and no_traceback(result.stderr)
    assert not NEVER.search(result.stderr), repr(result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 6 and all(line.startswith((str(data), "stance: ")) for line in lines)
    assert "unknown kind 'st\\x1b[2Jate\\u202e'" in result.stderr
    assert "unknown source 's\\nforged.yaml:1:1: fake'" in result.stderr


def test_a_newline_in_a_file_name_cannot_forge_a_line(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    name = "a\nforged.yaml:1:1: all is well\x1b[2J.yaml"
    (folder / name).write_text("actors:\n  x: {name: X, kind: nope}\n")
    result = run("--data", str(folder), "validate")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(str(folder) + "/a\\nforged.yaml:1:1: all is well\\x1b[2J.yaml:2:")
    assert not NEVER.search(result.stderr)


def test_a_file_name_that_is_not_utf8_is_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / os.fsdecode(b"bad-\xff.yaml")).write_text("actors:\n  x: {name: X, kind: nope}\n")
    result = run("--data", str(folder), "validate")
    assert result.returncode == 2 and no_traceback(result.stderr)
    assert "bad-\\udcff.yaml:2:" in result.stderr


def test_errors_quoting_arguments_escape_them() -> None:
    for args in (["show", "\x1b[2J"], ["timeline", "russia", "--topic", "x\u202ey"],
                 ["show", "russia", "--basis", "st\x1bated"]):
        result = run("--data", str(SMALL), *args)
        assert result.returncode == 2
        assert not NEVER.search(result.stderr), (args, result.stderr)


# -- anchors and aliases: the byte-order mark --------------------------------------------------------
BOM = "\ufeff"
HIDDEN = {
    "anchor then alias": f"a: 1\nb:\n{BOM}&x [1, 2]\nc:\n{BOM}*x\n",
    "alias only": f"a:\n{BOM}*x\n",
    "flow": f"k: [1,\n{BOM}&a 2,\n{BOM}*a]\n",
    "flow key": "k: [1,?&a 2]\nl: [?*a]\n",  # no BOM: a flow key indicator needs no space
}


@pytest.mark.parametrize("text", list(HIDDEN.values()), ids=list(HIDDEN))
def test_anchors_and_aliases_behind_a_bom_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "hidden.yaml"
    path.write_text(TEXT + text.replace("a:", "extra-a:").replace("b:", "extra-b:")
                    .replace("c:", "extra-c:").replace("k:", "extra-k:"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset([path])
    assert any("YAML a" in p.message and "is not allowed" in p.message
               for p in caught.value.problems), caught.value.problems


def test_a_bom_hidden_billion_laughs_is_refused_fast(tmp_path: Path) -> None:
    lines = ['l0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}:\n{BOM}&a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join([*lines, f"stances:\n{BOM}*a9"]) + "\n", encoding="utf-8")
    result = run("--data", str(path), "export", "--format", "json", timeout=30)
    assert result.returncode == 2 and result.stdout == ""
    assert "is not allowed" in result.stderr and len(result.stderr.splitlines()) == 1


# -- shell completion: the shell shows the names beside the ids, and inserts what it offers ---------
@pytest.mark.parametrize("shell", ["zsh", "fish", "bash"])
def test_completion_offers_no_raw_control_character(shell: str) -> None:
    hostile = str(SMALL.parent / "hostile.yaml")
    for typed in ("", "e", "\u202e", "g"):
        words = f"stance --data {hostile} show {typed}"
        env = {"_STANCE_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": words,
               "COMP_WORDS": words, "COMP_CWORD": "4"}
        result = run(env=env)
        assert result.returncode == 0, result.stderr
        assert not NEVER.search(result.stdout), (shell, typed, result.stdout)
    zsh = run(env={"_STANCE_COMPLETE": "complete_zsh",
                   "_TYPER_COMPLETE_ARGS": f"stance --data {hostile} show "}).stdout
    assert "evil" in zsh and "\\x1b]52;c;SGVsbG8=\\x07" in zsh  # shown, escaped
