"""`stance schema`: the data files' JSON Schema, with the current ids, for an editor."""

from __future__ import annotations

import typer

from stancecli.cli.context import load
from stancecli.cli.options import DataOpt, NoCacheOpt
from stancecli.cli.streams import write


def schema(ctx: typer.Context, data: DataOpt = None, no_cache: NoCacheOpt = False) -> None:
    """Print a JSON Schema (draft 2020-12) of the data files, with the current ids as choices.

    With it an editor (the YAML language server, as in VS Code) completes actor, topic and source
    ids as you type and flags a wrong one. Regenerate it after adding ids.

    Examples:

      stance schema > stance.schema.json

      stance schema --data @shipped --data my-data/ > my-data/stance.schema.json
    """
    import json

    from stancecli.schema import data_schema

    write(json.dumps(data_schema(load(ctx, data, no_cache).dataset), indent=2, ensure_ascii=False) + "\n")
