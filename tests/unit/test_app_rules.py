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


def test_app_for_builds_the_named_command_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_app, "_BUILT", {})  # as in a fresh process
    show = cli_app.app_for(["--data", "x", "show", "a"])
    assert [c.callback.__name__ for c in show.registered_commands] == ["show"]  # type: ignore[union-attr]
    assert show.registered_groups == []
    assert cli_app.app_for(["show"]) is show and set(cli_app._BUILT) == {"show"}
    every = cli_app.app_for(["shwo"])
    assert len(every.registered_commands) + len(every.registered_groups) == 17
    assert set(cli_app._BUILT) == {"show", None}


@pytest.mark.parametrize("path", ["", "actors", "actors add", "sources add", "show", "trend"])
def test_a_freshly_built_app_gives_the_pinned_help(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    """build() itself, not an app cached in the process: its settings show in help."""
    from tests.unit.test_cli_mutation import help_file

    monkeypatch.setattr(cli_app, "_BUILT", {})
    done = run(*path.split(), "--help", env={"COLUMNS": "80"})
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == help_file(path).read_text(encoding="utf-8")


def test_a_freshly_built_app_runs_its_groups_and_asks_for_a_command(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_app, "_BUILT", {})
    listing = run("--data", str(SMALL), "actors", "--format", "ids")
    assert (listing.returncode, listing.stdout.split()) == (0, ["russia", "china", "us"])
    bare = run(env={"COLUMNS": "80"})
    assert bare.returncode == 2 and bare.stderr.startswith("Usage: stance [OPTIONS] COMMAND [ARGS]...")
    assert "\n  trend " in bare.stderr and bare.stdout == ""


def test_no_cache_before_the_command_reaches_it(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import os
    import shutil

    from tests.conftest import plant_russia_in_the_cache

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SMALL, data / "small.yaml")
    os.utime(data / "small.yaml", (1_000_000_000, 1_000_000_000))  # settled long ago
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    plant_russia_in_the_cache(data)
    assert "Cached Russia" in run("--data", str(data), "actors").stdout  # the cache is read
    bypassed = run("--data", str(data), "--no-cache", "actors")
    assert bypassed.returncode == 0 and "Russia" in bypassed.stdout and "Cached" not in bypassed.stdout


class _Usage(Exception):
    """A usage error as click makes them: an exit code and a message (duck-typed: the CLI never
    imports click)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def format_message(self) -> str:
        return str(self)


def test_one_line_turns_usage_errors_only() -> None:
    from types import SimpleNamespace

    from stancecli.cli.help import _one_line
    from stancecli.errors import StanceError

    ctx = SimpleNamespace(command_path="stance show")
    turned = _one_line(_Usage("Value error, --window must be 0 or more, not -1 X."), ctx)
    assert isinstance(turned, StanceError)
    assert str(turned) == "--window must be 0 or more, not -1 X (`stance show -h` for help)"
    assert str(_one_line(_Usage("Invalid value for 'A'"), ctx)) == \
        "invalid value for 'A' (`stance show -h` for help)"
    for other in (_Usage("Aborted", exit_code=1), ValueError("a bug"), KeyboardInterrupt()):
        assert _one_line(other, ctx) is other  # type: ignore[arg-type]


def test_tracebacks_under_stance_debug_are_python_s_own() -> None:
    """typer's pretty tracebacks (rich, with every local variable: a user's data) stay off, in
    every app a run can build."""
    for name in (None, "show", "actors"):
        built = cli_app.build(name)
        assert (built.pretty_exceptions_enable, built.pretty_exceptions_show_locals) == (False, False)
