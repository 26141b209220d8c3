"""Markdown: GitHub tables ready to paste into notes, optionally with footnoted evidence.

Notes tables use names (Russia, Taiwan) where the terminal uses ids, and so do the headings and the
lines under the tables (views.Note carries a line's named form). With --cite each cited cell
gets a footnote labelled `LABEL-OUTPUT`: LABEL derived from its stance alone (see footnote_label:
different stances never share one), OUTPUT a digest of the output's own text (output_suffix), so
that outputs appended to one notes file never define a label twice (pandoc warns of a duplicate
note, and keeps only the first): the same question on the same data gives the same output, labels
included, and another output gives other labels. The quote is given once, in the footnote. The
output starts with a blank line and ends with one, so that it never continues the paragraph it is
appended to, nor is continued by what follows.
"""

from __future__ import annotations

import hashlib
import re

from stancecli.render.escape import visible
from stancecli.views import Cell, Citation, Markup, Section, View, markdown_literal

_UNSAFE = re.compile(r"[^a-z0-9-]+")


def md(text: str) -> str:
    """Text from the data (a cell, a heading, a line over a table, a footnote's parts), shown as
    written: its markup escaped (views.markdown_literal), then as _plain."""
    return _plain(markdown_literal(text))


def _plain(text: str) -> str:
    """Pipes escaped (a table's cells), newlines as <br>, controls made visible."""
    return visible(text.replace("\r\n", "\n").replace("\n", "<br>")).replace("|", "\\|")


# a start that opens a heading, a quote or a list: `#`, `>`, `* x`, `1.`, and pandoc's lists `(i)`,
# `a)`, `B.` (fancy_lists), which would take `(i) rests on an inferred record` for item i
_BLOCK_START = re.compile(r"^(?:([#+>*(-])|(\d+|[A-Za-z])([.)])(?=\s|$))")


def _paragraph(text: str) -> str:
    """A line of its own (over or under a table) whose start would open a heading, a quote or a
    list, escaped: it is read as written."""
    return _BLOCK_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else f"{m.group(2)}\\{m.group(3)}",
                            text)


_CODE = re.compile(r"(`[^`]*`)")


def _note(text: str) -> str:
    """A note under a table: the tool's words, with markup of its own (code spans, names in
    italics, escaped already by views); `--` outside code kept from pandoc's en dash (`--window`
    must stay an option a reader can copy)."""
    parts = _CODE.split(text)  # odd parts: code spans, where a backslash would show
    return _plain("".join(p if k % 2 else p.replace("--", "-\\-") for k, p in enumerate(parts)))


def footnote_label(c: Citation) -> str:
    """`actor-topic-hash`: readable, and unique per stance (the hash covers every field that tells
    two stances apart: source, actor, topic, date, position, basis, speaker and quote)."""
    s = c.stance
    key = "\x1f".join([s.source, s.actor, s.topic, s.date, s.position, s.basis, s.speaker or "",
                       s.quote])
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    slug = _UNSAFE.sub("-", f"{s.actor}-{s.topic}".casefold()).strip("-")[:60]
    return f"{slug}-{digest}" if slug else digest


def output_suffix(body: str) -> str:
    """6 hex of a SHA-256 of the output's text without its footnotes: the same for the same output,
    another for any other (one in 16 million shares it)."""
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:6]


_PENDING = "\x00]"  # a label's end until the output's suffix is known (md() never leaves a NUL)


def _columns(section: Section, cite: bool) -> list[int]:
    return [i for i, c in enumerate(section.columns)
            if c.kind != "terminal" and not (cite and c.kind == "quote")]


def render_markdown(view: View, *, cite: bool) -> str:
    cited: dict[str, Citation] = {}

    def cell(c: Cell) -> str:
        shown = c.label if c.label is not None else c.text
        text = _plain(shown) if isinstance(shown, Markup) else md(shown)
        if cite and c.cite is not None:
            label = footnote_label(c.cite)
            cited.setdefault(label, c.cite)
            if text.endswith("!"):  # `![^x]` is an image: the contested mark, escaped (md()
                text = text[:-1] + "\\!"  # escapes the old mark, ^, as it escapes every ^)
            text += f"[^{label}{_PENDING}"
        return text

    blocks = []
    for section in view.sections:
        if cite and section.evidence:
            continue  # the footnotes carry the evidence
        keep = _columns(section, cite)
        lines = []
        if section.title:
            lines.append(f"### {md(section.heading or section.title)}\n")
        lines += [_paragraph(md(line)) + "\n" for line in section.lines]
        if section.columns:
            shown = [section.columns[i] for i in keep]
            header = [md(c.name if c.label is None else c.label) or " " for c in shown]
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "|".join("---" for _ in header) + "|")
            lines += ["| " + " | ".join(cell(row[i]) for i in keep) + " |" for row in section.rows]
        if section.notes:
            if lines and not lines[-1].endswith("\n"):  # after a table: a blank line between
                lines.append("")
            lines += [_paragraph(_note(getattr(note, "named", note))) + "  " for note in section.notes]
        blocks.append("\n".join(lines).rstrip("\n"))
    body = "\n\n".join(blocks)
    if cited:
        suffix = output_suffix(body)
        body = body.replace(_PENDING, f"-{suffix}]")
        body += "\n\n" + "\n".join(_footnote(f"{label}-{suffix}", c) for label, c in cited.items())
    # a blank line first and last: never part of the paragraph before, nor of what follows
    return "\n" + body + "\n\n"


def _footnote(label: str, c: Citation) -> str:
    """Who said what on which topic, the quote, and the source: title, outlet, its kind unless plain
    reporting, publication date, URL (or that none is known); the stance's own date where it differs
    from publication, its basis unless `stated`; last, the note of a contested coding."""
    s = c.stance
    about: list[str] = [s.position]
    if s.basis != "stated":
        about.append(s.basis)
    if s.speaker:
        about.append(f"speaker {md(s.speaker)}")
    published = c.source.published if c.source is not None else None
    if s.date != published:
        about.append(f"stance dated {md(s.date)}")
    parts = []
    if c.source is not None:
        parts.append(f"*{md(c.source.title)}*")
        if c.source.outlet:
            parts.append(md(c.source.outlet))
        if c.source_kind:
            parts.append(md(c.source_kind))
        parts.append(f"published {md(c.source.published)}")
        parts.append(f"<{_plain(c.source.url)}>" if c.source.url else "no URL known")
    else:
        parts.append(f"source {md(s.source)}")
    caveat = f". {md(c.contested)}" if c.contested else ""
    # a quote that holds straight double quotes goes in typographic ones, so that both pairs close
    opening, closing = ("\u201c", "\u201d") if '"' in s.quote else ('"', '"')
    return (f"[^{label}]: {md(c.actor_name)} on {md(c.topic_name)} ({', '.join(about)}): "
            f"{opening}{md(s.quote)}{closing} — " + ", ".join(parts) + caveat)
