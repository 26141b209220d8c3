"""Tables for people: rich with colour on a terminal, plain aligned text everywhere else.

The plain layout needs no rich import (fast in pipes) and never wraps or ellipsises a value.
"""

from __future__ import annotations

from typing import Any

from stancecli.render import Options
from stancecli.render.escape import visible
from stancecli.views import Cell, Section, View

STYLES = {
    "strongly-support": "bold green",
    "support": "green",
    "neutral": "yellow",
    "oppose": "red",
    "strongly-oppose": "bold red",
    "unclear": "magenta",
    "missing": "dim",
    "differs": "bold yellow",
    "dim": "dim",
}


def render_table(view: View, options: Options) -> str:
    if options.color:
        return _rich(view, options.width)
    return "\n".join(_plain_section(s) for s in view.sections)


def _plain_section(section: Section) -> str:
    header = [visible(c) for c in section.columns]
    body = [[visible(c.text) for c in row] for row in section.rows]
    widths = [max([len(header[i]), *(len(r[i]) for r in body)]) for i in range(len(header))]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = []
    if section.title:
        out.append(visible(section.title))
    out += [visible(text) for text in section.lines]
    out.append(line(header))
    out.append(line(["-" * w for w in widths]))
    out += [line(r) for r in body]
    out += [visible(note) for note in section.notes]
    return "\n".join(out) + "\n"


def _heat_style(value: float) -> Any:
    from rich.color import Color
    from rich.style import Style

    # red (opposed) through yellow to green (aligned)
    red = int(255 * min(1.0, 2 * (1 - value)))
    green = int(255 * min(1.0, 2 * value))
    return Style(color="black", bgcolor=Color.from_rgb(red, green, 60))


def _rich(view: View, width: int) -> str:
    import io

    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def text(cell: Cell) -> Text:
        if cell.heat is not None:
            return Text(visible(cell.text), style=_heat_style(cell.heat))
        return Text(visible(cell.text), style=STYLES.get(cell.style or "", ""))

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=width, markup=False, emoji=False,
                      highlight=False, soft_wrap=False)
    for section in view.sections:
        if section.title:
            console.print(Text(visible(section.title), style="bold"))
        for line in section.lines:
            console.print(Text(visible(line)))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for column in section.columns:
            table.add_column(Text(visible(column)), overflow="fold")
        for row in section.rows:
            table.add_row(*(text(c) for c in row))
        console.print(table)
        for note in section.notes:
            console.print(Text(visible(note), style="dim"))
        console.print()
    return out.getvalue()
