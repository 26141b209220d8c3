"""`stance completion SHELL` in process (issue 24): the script each shell is given, and what is
refused. The script must call `stance` back with _STANCE_COMPLETE=complete_<shell> (the variable
cli.completers reads), name the program `stance`, and end in one line break."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import run


def script(shell: str) -> str:
    done = run("completion", shell)
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout


def test_the_bash_script_registers_its_function_for_stance() -> None:
    text = script("bash")
    assert text.startswith("_stance_completion() {\n") and text.endswith("\n") and not text.endswith("\n\n")
    assert "_STANCE_COMPLETE=complete_bash $1 )" in text
    assert text.splitlines()[-1] == "complete -o default -F _stance_completion stance"


def test_the_bash_script_is_one_bash_reads_and_registers() -> None:
    bash = shutil.which("bash")
    assert bash, "bash is needed to read the bash script"
    done = subprocess.run([bash, "--norc", "--noprofile", "-c", script("bash") + "complete -p stance\n"],
                          capture_output=True, text=True, timeout=30)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "complete -o default -F _stance_completion stance\n"


def test_the_zsh_script_is_a_compdef_for_stance() -> None:
    text = script("zsh")
    lines = text.splitlines()
    assert (lines[0], lines[-1]) == ("#compdef stance", "compdef _stance_completion stance")
    assert "_STANCE_COMPLETE=complete_zsh stance)" in text
    assert text.endswith("stance\n")


def test_the_fish_script_is_one_complete_line_for_stance() -> None:
    text = script("fish")
    assert text.count("\n") == 1 and text.endswith("\n")
    assert text.startswith("complete --command stance --no-files --arguments ")
    assert text.count("_STANCE_COMPLETE=complete_fish ") == 2


def test_each_shell_gets_its_own_script() -> None:
    texts = {shell: script(shell) for shell in ("bash", "zsh", "fish")}
    for shell, text in texts.items():
        assert f"complete_{shell}" in text
        assert all(f"complete_{other}" not in text for other in texts if other != shell)


@pytest.mark.parametrize(("args", "message"), [
    (["tcsh"], "stance: invalid value for 'SHELL': 'tcsh' is not one of 'bash', 'zsh', 'fish'"),
    (["BASH"], "stance: invalid value for 'SHELL': 'BASH' is not one of 'bash', 'zsh', 'fish'"),
    ([], "stance: missing argument 'SHELL'. Choose from: bash, zsh, fish (`"),  # not \\n\\t
    (["bash", "zsh"], "stance: got unexpected extra argument(s) (zsh)"),
])
def test_another_shell_or_none_is_a_usage_error(args: list[str], message: str) -> None:
    done = run("completion", *args)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(message) and done.stderr.count("\n") == 1
    assert done.stderr.endswith(" (`stance completion -h` for help)\n")
