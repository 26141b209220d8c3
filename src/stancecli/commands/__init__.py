"""The commands, one module per group (typer's one-file-per-command pattern), joined to cli.app.

Each module defines its command functions with the shared options and helpers of cli.py, which
registers them (`cli._register`) once those exist.
"""
