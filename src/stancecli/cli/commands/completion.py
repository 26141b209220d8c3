"""`stance completion SHELL`: the shell's completion script."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from stancecli.cli.completers import COMPLETE_VAR, enable
from stancecli.cli.streams import write


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def completion(
    shell: Annotated[Shell, typer.Argument(metavar="SHELL", help="bash, zsh or fish.")],
) -> None:
    """Print the shell's completion script: commands, options, actor, topic and source ids.

    Examples:

      echo 'eval "$(stance completion bash)"' >> ~/.bashrc

      echo 'eval "$(stance completion zsh)"' >> ~/.zshrc

      stance completion fish > ~/.config/fish/completions/stance.fish
    """
    from typer.completion import get_completion_script

    enable()
    write(get_completion_script(prog_name="stance", complete_var=COMPLETE_VAR, shell=shell.value)
           .strip() + "\n")
