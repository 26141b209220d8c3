"""`stance schema`: the data files' JSON Schema, with the current ids, for an editor."""

from __future__ import annotations

from stancecli.cli import DataOpt, NoCacheOpt, _dataset, _write


def schema(data: DataOpt = None, no_cache: NoCacheOpt = False) -> None:
    """Print a JSON Schema (draft 2020-12) of the data files, with the current ids as choices.

    With it an editor (the YAML language server, as in VS Code) completes actor, topic and source
    ids as you type and flags a wrong one. Regenerate it after adding ids.

    Examples:

      stance schema > stance.schema.json

      stance schema --data @shipped --data my-data/ > my-data/stance.schema.json
    """
    import json

    from stancecli.schema import data_schema

    _write(json.dumps(data_schema(_dataset(data, no_cache)), indent=2, ensure_ascii=False) + "\n")
