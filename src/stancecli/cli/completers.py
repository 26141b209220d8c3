"""Completers for ids and names, and the switch that turns typer's completion protocol on.

The shells call `stance` back with `_STANCE_COMPLETE=complete_<shell>` (typer's protocol); the
dataset comes from the load cache, so a completion costs one small read, not a parse.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

import typer

COMPLETE_VAR = "_STANCE_COMPLETE"


def enable() -> None:
    """Register typer's bash, zsh and fish completion classes (done by add_completion otherwise).

    A bash request that lacks COMP_WORDS, or whose COMP_CWORD is not a word's position (a broken
    or hand-made call), completes nothing: exit 0, no output, rather than a crash."""
    import sys

    from typer.completion import completion_init

    if os.environ.get(COMPLETE_VAR) == "complete_bash" and not _bash_request_sane(os.environ):
        sys.exit(0)
    completion_init()


def _bash_request_sane(env: os._Environ[str] | dict[str, str]) -> bool:
    """Whether a bash completion request has the words and a position typer can read."""
    word = env.get("COMP_CWORD", "").strip()
    return "COMP_WORDS" in env and word.isdecimal() and word.isascii()


def _records(ctx: typer.Context, section: str) -> list[Any]:
    from stancecli import cache
    from stancecli.layers import ENV, layer_files, layer_specs

    data = None
    context: Any = ctx
    while context is not None and not data:  # --data after or before the command
        data = context.params.get("data")
        context = context.parent
    try:
        dataset = cache.load(layer_files(layer_specs(data, os.environ.get(ENV))))
    except Exception:  # bad data or a bad --data: complete nothing rather than print an error
        return []
    return list(getattr(dataset, section).values())


def _complete(ctx: typer.Context, section: str, incomplete: str) -> list[tuple[str, str]]:
    from stancecli.completion import candidates

    return candidates(_records(ctx, section), incomplete)


def actors(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _complete(ctx, "actors", incomplete)


def topics(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _complete(ctx, "topics", incomplete)


def sources(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Source ids (sources are named by id alone), shown with their titles."""
    from stancecli.render.escape import visible

    return [(s.id, visible(s.title)) for s in _records(ctx, "sources") if s.id.startswith(incomplete)]


def formats(choices: Iterable[Enum]) -> Callable[[typer.Context, str], list[str]]:
    """A completer of --format: the `choices` that start with what is typed, the pictures only
    where the command draws them (render.PICTURES): `show -f ` offers no svg that show refuses."""
    values = [c.value for c in choices]

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from stancecli.render import PICTURES

        drawn = {fmt.value for fmt, commands in PICTURES.items()
                 if ctx.info_name in _commands_named(commands)}
        pictures = {fmt.value for fmt in PICTURES}
        return [v for v in values if v.startswith(incomplete.casefold())
                and (v not in pictures or v in drawn)]
    return complete


def _commands_named(said: str) -> set[str]:
    """The commands a PICTURES text names: `matrix, diff --topic and trend` -> matrix, diff, trend."""
    return {part.split()[0] for part in said.replace(" and ", ", ").split(", ") if part.strip()}
