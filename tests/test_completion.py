"""Shell completion, driven as bash, zsh and fish drive it: `stance` called back with typer's variables."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from stancecli.completion import candidates
from stancecli.model import Actor
from tests.conftest import SMALL, run

VAR = "_STANCE_COMPLETE"


def bash(line: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash's completion function receives for `line` (the last word is being completed)."""
    words = line.split(" ")
    result = run(env={VAR: "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1),
                      **(env or {})})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout.split()


def test_commands_and_options() -> None:
    assert bash("stance ti") == ["timeline"]
    assert {"add", "scan", "schema", "show", "completion"} <= set(bash("stance "))
    assert "--evidence" in bash("stance show --e")


def test_actor_ids_and_names_in_the_case_typed() -> None:
    assert bash("stance show ") [:3] == ["russia", "china", "us"]
    assert bash("stance show mo") == ["moscow"]
    assert bash("stance show Mos") == ["Moscow"]
    assert bash("stance timeline Rus") == ["Russia", "Russian-public", "Russel", "Russians"]


def test_topics_and_sources_and_the_data_given() -> None:
    assert bash("stance diff --topic nat") == ["nato-expansion", "nato"]
    assert bash(f"stance --data {SMALL} show --topic d") == ["dollar-trade", "dollar"]
    assert bash("stance show --topic d", env={"STANCE_DATA": str(SMALL)}) == ["dollar-trade", "dollar"]


def test_the_options_of_add_and_scan() -> None:
    assert bash("stance add --actor Mos") == ["Moscow"]
    assert bash("stance add --topic tai") == ["taiwan-part-of-china", "taiwan"]  # id, then old id
    assert bash("stance add --source glob") == ["globalnews-2022-02-04"]
    assert bash("stance add --position strongly-s") == ["strongly-support"]
    assert bash("stance add --basis s") == ["stated"]
    assert bash(f"stance --data {SMALL} scan doc.txt --source d") == ["doc-2022"]


def test_bad_data_completes_nothing_and_says_nothing(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors: [\n", encoding="utf-8")
    assert bash(f"stance --data {bad} show r") == []


def test_zsh_gets_values_with_descriptions() -> None:
    result = run(env={VAR: "complete_zsh", "_TYPER_COMPLETE_ARGS": "stance diff --topic tai"})
    assert result.returncode == 0
    assert '"taiwan-part-of-china":"Taiwan as part of China"' in result.stdout


def test_fish_gets_values_with_descriptions() -> None:
    result = run(env={VAR: "complete_fish", "_TYPER_COMPLETE_ARGS": "stance timeline chi",
                      "_TYPER_COMPLETE_FISH_ACTION": "get-args"})
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "china\tChina"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_script_calls_stance_back(shell: str) -> None:
    result = run("completion", shell)
    assert result.returncode == 0 and f"{VAR}=complete_{shell}" in result.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_itself_completes_an_actor(tmp_path) -> None:
    script = run("completion", "bash").stdout
    program = script + '\nCOMP_WORDS=(stance show Bei); COMP_CWORD=2; _stance_completion stance; ' \
                       'printf "%s\\n" "${COMPREPLY[@]}"\n'
    env = {**os.environ, "PATH": os.pathsep.join([os.path.dirname(shutil.which("stance") or ""),
                                                  os.environ["PATH"]])}
    out = subprocess.run(["bash", "--norc", "-c", program], capture_output=True, text=True, env=env)
    assert out.stdout.split() == ["Beijing"], out.stderr


def test_candidates_rules() -> None:
    records = [Actor("us", "United States", "state", ("USA", "U.S.", "United States of America")),
               Actor("uk", "United Kingdom", "state", ("Britain",))]
    assert candidates(records, "") == [("us", "United States"), ("uk", "United Kingdom")]
    assert candidates(records, "u") == [("us", "United States"), ("uk", "United Kingdom"),
                                        ("uSA", "us"), ("u.S.", "us")]
    assert candidates(records, "bri") == [("britain", "uk")]
    assert candidates(records, "United") == []  # several words: the shell would split them
