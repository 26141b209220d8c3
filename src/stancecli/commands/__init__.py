"""Commands with a module of their own (typer's one-file-per-command pattern), joined to cli.app.

Each module defines its command function with the shared options of cli.py; cli.py registers them.
"""
