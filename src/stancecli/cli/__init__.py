"""The `stance` command: parse options, call the public API (stancecli.api), print the result.

Layers, top-down: main (errors to exit codes, the one place) -> app (global options, the commands
joined) -> commands/ (one module per group) -> options, context, streams, completers, help.
Nothing here is imported by the core.
"""

from stancecli.cli.main import main

__all__ = ["main"]
