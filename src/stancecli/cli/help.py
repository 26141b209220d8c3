"""Help that reads the same on every typer version pyproject.toml allows.

typer 0.29 started printing Python types in plain help (`<list[str]>`, `<bool>`) and wrapping
argument metavars again in the usage line (`{ACTOR...}...`, `[[ACTOR ACTOR]]...`). A `Command` gives
every option that takes a value a metavar (its own, else click's classic NAME) and prints arguments
by their metavar alone, as written.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from stancecli.errors import StanceError


def _argument_metavar(param: TyperArgument) -> str:
    """The argument's metavar as written, else click's classic NAME, [NAME], NAME... ."""
    if param.metavar:
        return param.metavar
    name = (param.name or "arg").upper()
    name = name if param.required else f"[{name}]"
    return name if param.nargs == 1 else f"{name}..."


class OneLine:
    """Usage errors in one line."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """A usage error is one line (`stance: invalid value for '--format' ...`), as every other
        error, instead of click's usage block: StanceError carries it to the CLI's one handler."""
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        except Exception as exc:
            raise _one_line(exc, ctx) from None

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """A group's unknown command (`stance shwo`) in one line too, with click's suggestion."""
        try:
            return super().resolve_command(ctx, args)  # type: ignore[misc]
        except Exception as exc:
            raise _one_line(exc, ctx) from None


def _one_line(exc: Exception, ctx: Any) -> Exception:
    """click's usage error as one StanceError line; any other exception (the help that `stance`
    alone prints is one too) as it is."""
    if (getattr(exc, "exit_code", None) != 2 or not hasattr(exc, "format_message")
            or type(exc).__name__ == "NoArgsIsHelpError"):
        return exc
    message = exc.format_message().replace("Value error, ", "").rstrip(".")
    if type(exc).__name__ == "MissingParameter":  # its choices one a line: no value of the user's
        message = message.replace(":\n\t", ": ").replace(",\n\t", ", ")
    return StanceError(f"{message[:1].lower()}{message[1:]} (`{ctx.command_path} -h` for help)")


class Command(OneLine, TyperCommand):
    """A command whose usage line and argument list show each argument's metavar verbatim."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperOption) and param.metavar is None and not param.is_flag:
                param.metavar = (param.name or "value").upper()

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                pieces.append(_argument_metavar(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                extra = "  [required]" if param.required else ""
                arguments.append((_argument_metavar(param), (param.help or "") + extra))
            else:
                record = param.get_help_record(ctx)
                if record:
                    options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class Group(OneLine, TyperGroup):
    """A command with subcommands (`stance sources` lists, `stance sources add` adds) whose usage
    errors are one line, as a Command's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperOption) and param.metavar is None and not param.is_flag:
                param.metavar = (param.name or "value").upper()


class App(typer.Typer):
    """A Typer app whose commands are `Command`s unless they say otherwise."""

    def command(self, *args: Any, cls: type[TyperCommand] | None = None, **kwargs: Any) -> Any:
        return super().command(*args, cls=cls or Command, **kwargs)
