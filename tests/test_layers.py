"""Layered data: one's own file on top of the shipped data, by --data or STANCE_DATA."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import no_traceback, run

MINE = """\
actors:
  kazakhstan: {name: Kazakhstan, kind: state, aliases: [Astana]}
stances:
  - {actor: kazakhstan, topic: end-us-led-order, position: support, date: "2024", source: rt-2021-03,
     basis: inferred, quote: "Greater Eurasia is being organised as a multipolar region"}
"""


def mine(tmp_path: Path, text: str = MINE) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_own_file_on_top_of_the_shipped_data(tmp_path: Path) -> None:
    result = run("--data", "@shipped", "--data", str(mine(tmp_path)), "actors", "--format", "ids")
    assert result.returncode == 0, result.stderr
    ids = result.stdout.split()
    assert ids[0] == "russia" and ids[-1] == "kazakhstan"


def test_layers_after_the_command_and_in_the_environment(tmp_path: Path) -> None:
    path = mine(tmp_path)
    after = run("timeline", "Astana", "--data", "@shipped", "--data", str(path), "--format", "json")
    assert after.returncode == 0, after.stderr
    assert [s["topic"] for s in json.loads(after.stdout)["stances"]] == ["end-us-led-order"]
    env = run("timeline", "kazakhstan", "--format", "json",
              env={"STANCE_DATA": f"@shipped{os.pathsep}{path}"})
    assert env.stdout == after.stdout


def test_an_id_defined_twice_names_both_files(tmp_path: Path) -> None:
    path = mine(tmp_path, "actors:\n  russia: {name: Russia again, kind: state}\n")
    result = run("--data", "@shipped", "--data", str(path), "actors")
    assert result.returncode == 2 and no_traceback(result.stderr)
    line = result.stderr.splitlines()[0]
    assert line.startswith(f"{path}:2:3: duplicate actor id 'russia' (first at ")
    assert "actors.yaml:3)" in line


def test_a_problem_in_a_layer_names_its_file(tmp_path: Path) -> None:
    path = mine(tmp_path, MINE.replace("topic: end-us-led-order", "topic: end-us-led-ordr"))
    result = run("--data", "@shipped", "--data", str(path), "show", "russia")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}:4:") and "did you mean 'end-us-led-order'?" in result.stderr


def test_an_unknown_layer_name_is_refused() -> None:
    result = run("--data", "@builtin", "actors")
    assert result.returncode == 2 and "'@shipped'" in result.stderr
