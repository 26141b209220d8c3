"""The commands, one module per group (typer's one-file-per-command pattern), joined in cli.app."""
