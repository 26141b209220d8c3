"""What every command needs besides its own options: the global options (kept in typer's ctx.obj),
the data they name, and the format asked for."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from stancecli.cli.streams import note
from stancecli.errors import StanceError

if TYPE_CHECKING:
    from stancecli.api import Data
    from stancecli.codebook import CodebookWarning
    from stancecli.render import Format


@dataclass
class State:
    """The options given before the command (`stance --data mine/ show ...`)."""

    data: list[str] | None = None
    no_cache: bool = False


def state(ctx: typer.Context) -> State:
    return ctx.ensure_object(State)


def layers(ctx: typer.Context, data: list[str] | None) -> list[str]:
    """The command's --data layers, else those given before the command, else STANCE_DATA's."""
    from stancecli.layers import ENV, layer_specs

    return layer_specs(data or state(ctx).data, os.environ.get(ENV))


def load(ctx: typer.Context, data: list[str] | None, no_cache: bool = False) -> Data:
    """The dataset the options name, through the public API. Its records live until the process
    ends: frozen, the cycle collector never walks them again (refcounting still frees them)."""
    import gc

    from stancecli import api

    found = api.load(layers(ctx, data), no_cache=no_cache or state(ctx).no_cache)
    gc.freeze()
    return found


def source_folders(given: Sequence[Path] | None) -> list[Path]:
    """The folders of source documents: the --sources values, else $STANCE_SOURCES split on
    os.pathsep (as STANCE_DATA), in the order given; none when neither is set."""
    if given:
        return list(given)
    env = os.environ.get("STANCE_SOURCES") or ""
    return [Path(part).expanduser() for part in env.split(os.pathsep) if part.strip()]


def output_format(choice: Enum | str, cite: bool = False, raw: bool = False,
                  pictures: Sequence[Format] = ()) -> Format:
    """The renderer's Format for a --format choice (`md` is markdown); a picture format this command
    does not draw (`pictures`) is one line naming the commands that do. Says on stderr when a flag
    does nothing in the format."""
    from stancecli.render import PICTURES, Format, no_picture

    value = choice.value if isinstance(choice, Enum) else choice
    fmt = Format({"md": "markdown"}.get(value.casefold(), value.casefold()))
    if fmt in PICTURES and fmt not in pictures:
        raise no_picture(fmt)
    if cite and fmt is not Format.markdown:
        note(f"--cite only applies to --format markdown; ignored with {fmt.value}")
    if raw and fmt not in (Format.csv, Format.tsv):
        note(f"--raw only applies to --format csv and tsv; ignored with {fmt.value}")
    return fmt


def values(choices: Sequence[Enum] | None) -> list[str] | None:
    """The values of repeated enum options, or None when none was given."""
    return [c.value for c in choices] if choices else None


def strict(warnings: Sequence[CodebookWarning | str], on: bool) -> None:
    """Under --strict a warning is trouble (exit 2); called after the output, which lists them."""
    if on and warnings:
        count = len(warnings)
        raise StanceError(f"{count} codebook warning{'s' if count != 1 else ''} (--strict)")
