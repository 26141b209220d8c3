"""Tables for people: one layout engine for the terminal, coloured or plain, and for pipes.

The engine measures every cell and never breaks a token (ids, positions, dates, numbers). To fit a
terminal it tries, in order, until the section fits:
  1. the full table, with free-text columns (names, aliases) cut with `…` down to a minimum, and
     each quote whole (evidence is not cut to fit a row);
  2. where there are quotes: the other columns as a table, each quote under its row, whole,
     wrapped between words;
  3. 1 and 2 with each cell's short form (e.g. `++` for `++ strongly-support`) and short headers,
     explained in a legend under the table;
  4. 3 without the columns the view lets a narrow terminal leave out (Section.droppable, e.g. a
     timeline's sources), in its order, said under the table;
  5. the columns split into several tables, each repeating the first (key) column;
  6. a vertical record view: one block of `column  value` lines per row, free text wrapped whole.
With no width (a pipe, or `--wide`) every table is printed whole, as wide as it needs.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from stancecli.render.escape import visible
from stancecli.render.formats import Options
from stancecli.views import Cell, ColumnKind, Section, View

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
    "bold": "bold",
}
GAP = 2  # spaces between columns
TEXT_KINDS: tuple[ColumnKind, ...] = ("text", "quote", "terminal")  # free text: cut with … to fit
MIN_TEXT = 20  # the narrowest a free-text column is cut to before the layout changes
ELLIPSIS = "…"
LEFT_OUT = "{columns} left out to fit the terminal (--wide prints every column)"


# -- measuring -----------------------------------------------------------------------------------
def cell_width(text: str) -> int:
    """Terminal cells `text` takes: wide (East Asian) characters 2, combining marks 0."""
    if text.isascii():
        return len(text)
    return sum(_char_width(c) for c in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cut(text: str, width: int) -> str:
    """`text` in at most `width` cells, ending in `…` when shortened."""
    if cell_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = _char_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out).rstrip() + ELLIPSIS


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))


# -- layout --------------------------------------------------------------------------------------
@dataclass(slots=True)
class Segment:
    """A piece of a line with its semantic style (None: plain)."""

    text: str
    style: str | None = None
    heat: float | None = None


Line = list[Segment]


@dataclass(slots=True)
class _Grid:
    headers: list[str]
    rows: list[tuple[list[str], list[Cell]]]  # each row: the texts shown, and the cells they show
    kinds: list[ColumnKind]


def _grid(section: Section, short: bool = False) -> _Grid:
    """The texts a table shows: each header and cell in its short form when `short` and it has one."""
    headers = [visible(c.short if short and c.short is not None else c.name)
               for c in section.columns]
    rows = [([visible(c.short if short and c.short is not None else c.text) for c in row], row)
            for row in section.rows]
    return _Grid(headers, rows, [c.kind for c in section.columns])


def _natural(grid: _Grid) -> list[int]:
    return [max([cell_width(grid.headers[i]), *(cell_width(values[i]) for values, _ in grid.rows)])
            for i in range(len(grid.headers))]


def _fit_widths(grid: _Grid, width: int) -> list[int] | None:
    """Column widths that fit `width`, free-text columns cut down to MIN_TEXT at most (a quote is
    evidence: never cut, it goes under its row instead, _text_under); None if even that is too
    wide."""
    natural = _natural(grid)
    if not natural:
        return natural
    text_cols = [i for i, k in enumerate(grid.kinds) if k in TEXT_KINDS]
    fixed = sum(w for i, w in enumerate(natural) if i not in text_cols)
    room = width - fixed - GAP * (len(natural) - 1)
    floors = {i: natural[i] if grid.kinds[i] == "quote" else
              min(natural[i], max(MIN_TEXT, cell_width(grid.headers[i]))) for i in text_cols}
    if sum(floors.values()) > room:
        return None
    widths = list(natural)
    # share the room out: the narrowest wants first, what is left goes to the wider ones (when
    # everything fits, each gets its natural width: a column no wider than an even share of what
    # is left leaves at least that share to the rest)
    left = room
    wanting = sorted(text_cols, key=lambda i: natural[i])
    for k, i in enumerate(wanting):
        share = max(floors[i], left // (len(wanting) - k))
        widths[i] = min(natural[i], share)
        left -= widths[i]
    return widths


def _table_lines(grid: _Grid, widths: list[int], columns: list[int] | None = None) -> list[Line]:
    columns = list(range(len(widths))) if columns is None else columns
    return _head(grid, widths, columns) + [_row(widths, columns, values, cells)
                                           for values, cells in grid.rows]


def _head(grid: _Grid, widths: list[int], columns: list[int]) -> list[Line]:
    """The header line and the rule under it."""
    return [_row(widths, columns, grid.headers, None),
            [Segment("  ".join("-" * widths[i] for i in columns))]]


def _row(widths: list[int], columns: list[int], values: list[str], cells: list[Cell] | None) -> Line:
    """One line of the table (`cells` None: the header). Every column is padded to its width,
    the last too: output strips what trails a line."""
    line: Line = []
    for i in columns:
        text = cut(values[i], widths[i])  # only free text is ever narrower than its natural width
        cell = cells[i] if cells is not None else None
        if cell is not None and cell.heat is not None:  # the shade covers the whole cell
            line.append(Segment(pad(text, widths[i]), None, cell.heat))
        else:
            line.append(Segment(text, cell.style if cell is not None else "bold"))
            line.append(Segment(" " * (widths[i] - cell_width(text))))
        line.append(Segment(" " * GAP))
    return line


def _chunks(natural: list[int], width: int) -> list[list[int]] | None:
    """The columns after the key column (0) in groups that fit beside it; None if one cannot.
    A key column alone is one group, shown whole however wide."""
    key = natural[0]
    groups = [[0]]
    used = key
    for i in range(1, len(natural)):
        need = GAP + natural[i]
        if key + need > width:
            return None
        if used + need > width:
            groups.append([0])
            used = key
        groups[-1].append(i)
        used += need
    return groups


def _records(grid: _Grid, width: int | None) -> list[Line]:
    """One block per row: each column's header, then its value; free text wrapped to the width."""
    label = max(cell_width(h) for h in grid.headers)
    out: list[Line] = []
    for values, cells in grid.rows:
        if out:
            out.append([])
        for i, header in enumerate(grid.headers):
            cell = cells[i]
            lead = pad(header, label) + " " * GAP
            texts = [values[i]]
            if width is not None and grid.kinds[i] in TEXT_KINDS:
                texts = wrapped(values[i], max(1, width - len(lead)))
            for n, text in enumerate(texts):
                out.append([Segment(lead if n == 0 else " " * len(lead), "dim"),
                            Segment(text, cell.style, cell.heat)])
    return out


def wrapped(text: str, width: int) -> list[str]:
    """Free text on as many lines of `width` cells as it needs, broken between words; a word
    wider than the line alone is cut with `…` (a line never outgrows the terminal). Narrower than
    MIN_TEXT, a column of a word or two a line reads worse than one line cut short."""
    if width < MIN_TEXT:
        return [cut(text, width)]
    return [cut(line, width) for line in _words(text, width) or [""]]


def _words(text: str, width: int, indent: str = "") -> list[str]:
    """`text` wrapped between words, never inside one nor at a hyphen (ids and dates hold them)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False,
                         subsequent_indent=indent)


def terminal_columns(section: Section) -> Section:
    """The section without its notes-only columns (kind "notes")."""
    return _keep(section, [i for i, c in enumerate(section.columns) if c.kind != "notes"])


def _keep(section: Section, keep: list[int]) -> Section:
    """The section with only these columns."""
    return replace(section, columns=[section.columns[i] for i in keep],
                   rows=[[row[i] for i in keep] for row in section.rows])


def prose(text: str, width: int | None, style: str | None = None) -> list[Line]:
    """A line of prose (title, note, legend), wrapped between words to the width: never inside a
    word, so a token too long for the line stands whole on its own."""
    text = visible(text)
    if width is None:
        return [[Segment(text, style)]]
    return [[Segment(line, style)] for line in _words(text, width, "  ") or [""]]


def layout(section: Section, width: int | None) -> list[Line]:
    """The section's lines: title, lines, table (in the first layout that fits), notes."""
    section = terminal_columns(section)
    out = prose(section.title, width, "bold") if section.title else []
    for text in section.lines:
        out += prose(text, width)
    if section.columns and section.rows:  # a header over no row says nothing: the lines do
        out += _body(section, width)
    for note in section.notes:
        out += prose(note, width, "dim")
    return out


def _body(section: Section, width: int | None) -> list[Line]:
    grid = _grid(section)
    if width is None:
        return _table_lines(grid, _natural(grid))
    widths = _fit_widths(grid, width)
    if widths is not None:
        return _table_lines(grid, widths)
    has_short = any(c.short is not None for c in section.columns) or any(
        c.short is not None for row in section.rows for c in row)
    legend = [line for text in section.legend for line in prose(text, width, "dim")]
    quoted = "quote" in grid.kinds
    if quoted and (lines := _text_under(grid, width)) is not None:
        return lines
    if has_short:
        short = _grid(section, short=True)
        widths = _fit_widths(short, width)
        if widths is not None:
            return _table_lines(short, widths) + legend
        if quoted and (lines := _text_under(short, width)) is not None:
            return lines + legend
        grid = short
    for n in range(1, len(section.droppable) + 1):
        gone = section.droppable[:n]
        narrower = _keep(section, [i for i, c in enumerate(section.columns) if c.name not in gone])
        fewer = _grid(narrower, short=has_short)
        widths = _fit_widths(fewer, width)
        if widths is not None:
            said = prose(LEFT_OUT.format(columns=" and ".join(gone)), width, "dim")
            return _table_lines(fewer, widths) + (legend if has_short else []) + said
    if not any(k in TEXT_KINDS for k in grid.kinds):
        natural = _natural(grid)
        groups = _chunks(natural, width)
        if groups is not None:
            out: list[Line] = []
            for n, group in enumerate(groups):
                if n:
                    out.append([])
                out += _table_lines(grid, natural, group)
            return out + (legend if has_short else [])
    return _records(_grid(section), width)


def _text_under(grid: _Grid, width: int) -> list[Line] | None:
    """The token columns as a table, each row's free text (quotes) on indented lines under it,
    wrapped to the width; None if the token columns alone do not fit."""
    tokens = [i for i, k in enumerate(grid.kinds) if k not in TEXT_KINDS]
    texts = [i for i, k in enumerate(grid.kinds) if k in TEXT_KINDS]
    natural = _natural(grid)
    if not tokens or sum(natural[i] for i in tokens) + GAP * (len(tokens) - 1) > width:
        return None
    out = _head(grid, natural, tokens)
    for values, cells in grid.rows:
        out.append(_row(natural, tokens, values, cells))
        for i in texts:
            if values[i]:
                label = f"  {grid.headers[i]}: "
                for n, text in enumerate(wrapped(values[i], max(1, width - cell_width(label)))):
                    out.append([Segment(label if n == 0 else " " * cell_width(label), "dim"),
                                Segment(text, cells[i].style)])
    return out


# -- output --------------------------------------------------------------------------------------
def render_table(view: View, options: Options) -> str:
    width = options.width if options.fit else None
    blocks = [layout(s, width) for s in view.sections]
    if options.color:
        return _colour(blocks)
    return "\n".join("".join(_plain_line(line) + "\n" for line in block) for block in blocks)


def _plain_line(line: Line) -> str:
    return "".join(s.text for s in line).rstrip()


def _heat_style(value: float) -> Any:
    from rich.color import Color
    from rich.style import Style

    # red (opposed) through yellow to green (aligned)
    red = int(255 * min(1.0, 2 * (1 - value)))
    green = int(255 * min(1.0, 2 * value))
    return Style(color="black", bgcolor=Color.from_rgb(red, green, 60))


def _colour(blocks: list[list[Line]]) -> str:
    """The lines with ANSI styles. Soft wrap: the layout has already fitted every line, so rich
    must neither wrap nor crop one (a pipe or `--wide` prints lines wider than any console)."""
    import io

    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, soft_wrap=True)
    text = Text()  # printed at once: a print a line cost most of the time
    for n, block in enumerate(blocks):
        if n:
            text.append("\n")
        for line in block:
            row = Text()
            for segment in line:
                style = (STYLES.get(segment.style or "") if segment.heat is None
                         else _heat_style(segment.heat))
                row.append(segment.text, style=style)
            row.rstrip()
            text.append_text(row)
            text.append("\n")
    console.print(text, end="")
    return out.getvalue()
