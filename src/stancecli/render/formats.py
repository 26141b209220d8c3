"""The output formats and the options a renderer reads."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    ids = "ids"
    svg = "svg"  # pictures and networks: only for the commands that have one (render.PICTURES)
    html = "html"
    graphml = "graphml"
    gexf = "gexf"


@dataclass(frozen=True, slots=True)
class Options:
    color: bool = False  # styles and colours: only on a terminal, never with NO_COLOR
    width: int = 100  # the terminal's width
    fit: bool = False  # fit tables to `width` (a terminal without --wide); else print them whole
    cite: bool = False  # markdown: numbered footnotes with each cell's quote and source
    raw: bool = False  # csv/tsv: leave formula-like cells as they are
