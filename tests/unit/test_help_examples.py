"""Every example in every command's help fits an 80-column terminal whole (issue 20): an example
command broken across two lines cannot be copied, and reads as two commands."""

from __future__ import annotations

import pytest

from tests.conftest import run

WIDTH = 80


def _commands() -> list[list[str]]:
    """Every command path, the root and the subcommands (`sources add`) included, as the app
    registers them (building the app here, at import, would hide it from mutation testing)."""
    from stancecli.cli.app import COMMANDS, GROUPS

    return [[], *([name] for name in COMMANDS), *([name] for name in GROUPS),
            *([name, "add"] for name in GROUPS)]


def _walked() -> list[list[str]]:
    """Every command path of the built app."""
    import typer

    from stancecli.cli.app import app_for

    found: list[list[str]] = []

    def walk(command, path: list[str]) -> None:  # type: ignore[no-untyped-def]
        found.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(typer.main.get_command(app_for([])), [])
    return found


def _examples(help_text: str) -> list[str]:
    """The examples a help text gives: the indented lines under its `Examples:`."""
    lines = help_text.splitlines()
    if "Examples:" not in [line.strip() for line in lines]:
        return []
    start = [line.strip() for line in lines].index("Examples:") + 1
    return [line.strip() for line in lines[start:] if line.strip()]


def _help_of(path: list[str]) -> str:
    import typer

    from stancecli.cli.app import app_for

    command = typer.main.get_command(app_for([]))
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command.help or command.epilog or ""  # type: ignore[attr-defined]


COMMANDS = _commands()


def test_every_command_is_walked() -> None:
    assert sorted(COMMANDS) == sorted(_walked())
    assert {"show", "diff", "matrix", "sources add", "add", "scan"} <= {" ".join(p) for p in COMMANDS}
    assert sum(bool(_examples(_help_of(p))) for p in COMMANDS) >= 15


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "stance")
def test_each_example_is_one_whole_line_at_80_columns(path: list[str]) -> None:
    result = run(*path, "--help", env={"COLUMNS": str(WIDTH)})
    assert result.returncode == 0, result.stderr
    printed = [line.strip() for line in result.stdout.splitlines()]
    assert max(len(line) for line in result.stdout.splitlines()) <= WIDTH
    for example in _examples(_help_of(path)):
        assert example in printed, f"broken across lines at {WIDTH} columns: {example}"
