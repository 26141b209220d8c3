"""`stance codebook`: the data rules, shipped with the tool (docs/CODEBOOK.md in the checkout)."""

from __future__ import annotations

from stancecli.cli.streams import write


def codebook() -> None:
    """Print the codebook: how positions, bases, dates, speakers and quotes are coded.

    The rules `validate`, `verify` and `add` check are its rules; their warnings point here.

    Examples:

      stance codebook | less

      stance codebook > CODEBOOK.md
    """
    from stancecli.codebook import text

    write(text())
