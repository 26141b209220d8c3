"""The `stance` command: parse options, call the public API (stancecli.api), print the result.

Layers, top-down: main (start-up, errors to exit codes: the one place) -> app (global options, the
commands joined) -> commands/ (one module per group) -> options, context, streams, completers,
help. Nothing here is imported by the core or the API. This package imports nothing itself, so
that `stance` reaches its start-up (cli.startup) at once.
"""
