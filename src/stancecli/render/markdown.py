"""Markdown: GitHub tables ready to paste into notes, optionally with footnoted evidence."""

from __future__ import annotations

from stancecli.render.escape import visible
from stancecli.views import Cell, Citation, View


def md(text: str) -> str:
    """A table cell's text: pipes escaped, newlines as <br>, controls made visible."""
    return visible(text.replace("\r\n", "\n").replace("\n", "<br>")).replace("|", "\\|")


def render_markdown(view: View, cite: bool = False) -> str:
    notes: dict[int, int] = {}  # id(citation) -> footnote number
    cited: list[Citation] = []

    def cell(c: Cell) -> str:
        text = md(c.text)
        if cite and c.cite is not None:
            if id(c.cite) not in notes:
                notes[id(c.cite)] = len(notes) + 1
                cited.append(c.cite)
            text += f"[^{notes[id(c.cite)]}]"
        return text

    blocks = []
    for section in view.sections:
        lines = []
        if section.title:
            lines.append(f"### {md(section.title)}\n")
        lines += [md(line) + "\n" for line in section.lines]
        header = [md(c) or " " for c in section.columns]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join("---" for _ in header) + "|")
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in section.rows]
        if section.notes:
            lines.append("")
            lines += [md(note) + "  " for note in section.notes]
        blocks.append("\n".join(lines))
    if cited:
        blocks.append("\n".join(_footnote(n, c) for n, c in enumerate(cited, 1)))
    return "\n\n".join(blocks) + "\n"


def _footnote(number: int, c: Citation) -> str:
    parts = [f'"{md(c.quote)}"']
    if c.source is not None:
        parts.append(f"*{md(c.source.title)}*")
        if c.source.outlet:
            parts.append(md(c.source.outlet))
    parts.append(md(c.date))
    if c.source is not None and c.source.url:
        parts.append(f"<{md(c.source.url)}>")
    return f"[^{number}]: {md(c.actor)} on {md(c.topic)}: " + ", ".join(parts)
