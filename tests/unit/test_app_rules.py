"""Each run builds only the command it names (typer builds the options of every command an app
holds at each start): the same help and behaviour as the app with every command."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from stancecli.cli import app as cli_app
from tests.conftest import SMALL, run


@pytest.mark.parametrize(("args", "named"), [
    ([], None),
    (["show", "russia", "china"], "show"),
    (["--data", "x.yaml", "--no-cache", "diff", "--topic", "nato"], "diff"),
    (["--data=x.yaml", "matrix"], "matrix"),
    (["--data", "show", "russia"], None),  # `show` is the value of --data; `russia` is no command
    (["actors", "add", "xx"], "actors"),  # a group, with its subcommand
    (["sources"], "sources"),
    (["-h"], None),
    (["--version"], None),
    (["shwo"], None),  # a typo: the app with every command says "did you mean 'show'"
    (["--", "show"], None),
    (["--data"], None),
])
def test_the_command_named_after_the_global_options(args: list[str], named: str | None) -> None:
    assert cli_app.command_named(args) == named


def test_the_global_options_that_take_a_value_are_known() -> None:
    built = typer.main.get_command(cli_app.build())
    taking = {opt for p in built.params if not getattr(p, "is_flag", True) for opt in p.opts}
    assert taking == set(cli_app.GLOBAL_VALUES) == {"--data"}


def test_an_app_of_one_command_holds_that_command_only() -> None:
    every = typer.main.get_command(cli_app.build())
    assert set(every.commands) == set(cli_app.COMMANDS) | set(cli_app.GROUPS)  # type: ignore[attr-defined]
    assert len(every.commands) == 17  # type: ignore[attr-defined]
    for name in (*cli_app.COMMANDS, *cli_app.GROUPS):
        one = typer.main.get_command(cli_app.build(name))
        assert list(one.commands) == [name]  # type: ignore[attr-defined]
    assert cli_app.app_for(["show"]) is cli_app.app_for(["--data", "x", "show"])  # built once
    assert cli_app.app_for([]) is cli_app.app_for(["shwo"])


@pytest.mark.parametrize("name", [*cli_app.COMMANDS, *cli_app.GROUPS])
def test_a_command_s_help_is_the_same_from_either_app(name: str) -> None:
    runner = CliRunner()
    alone = runner.invoke(cli_app.build(name), [name, "-h"], terminal_width=80)
    among = runner.invoke(cli_app.app_for([]), [name, "-h"], terminal_width=80)  # built once
    assert alone.exit_code == among.exit_code == 0
    assert alone.output == among.output and f"Usage: stance {name}" in alone.output


def test_a_run_through_main_uses_the_command_s_own_app() -> None:
    args = ["--data", str(SMALL), "show", "russia", "china", "--format", "json"]
    shown = run(*args)
    among = CliRunner().invoke(cli_app.app_for([]), args)
    assert (shown.returncode, shown.stderr) == (among.exit_code, "") == (0, "")
    assert shown.stdout == among.stdout and '"actors": [\n    "russia",\n    "china"\n  ]' in shown.stdout
    assert "show" in cli_app._BUILT
    typo = run("--data", str(SMALL), "shwo")
    assert typo.returncode == 2 and "Did you mean 'show'?" in typo.stderr


@pytest.mark.parametrize(("args", "line"), [
    (["shwo"], "stance: no such command 'shwo'. Did you mean 'show'? (`stance -h` for help)"),
    (["--bogus"], "stance: no such option: --bogus (`stance -h` for help)"),
    (["--data"], "stance: option '--data' requires an argument (`stance -h` for help)"),
    (["actors", "ad"], "stance: no such command 'ad'. Did you mean 'add'? (`stance actors -h` for help)"),
])
def test_a_usage_error_before_the_command_is_one_line_too(args: list[str], line: str) -> None:
    result = run(*args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", line + "\n")
