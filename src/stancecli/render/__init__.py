"""One output format, one renderer: each takes a View and returns the text to print."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stancecli.errors import StanceError
from stancecli.render.formats import Format, Options

if TYPE_CHECKING:  # views (and the maths under it) load with the command that needs them
    from stancecli.views import View

__all__ = ["Format", "Options", "render"]


def render(view: View, fmt: Format, options: Options) -> str:
    if fmt is Format.table:
        from stancecli.render.table import render_table

        return render_table(view, options)
    if fmt is Format.json:
        from stancecli.render.jsondoc import render_json

        return render_json(view)
    if fmt in (Format.csv, Format.tsv):
        from stancecli.render.delimited import render_delimited

        return render_delimited(view, "," if fmt is Format.csv else "\t", raw=options.raw)
    if fmt is Format.markdown:
        from stancecli.render.markdown import render_markdown

        return render_markdown(view, cite=options.cite)
    if fmt is Format.ids:
        if view.ids is None:
            raise StanceError("--format ids lists ids; this answer has none "
                              "(diff without actors or --topic lists topic ids)")
        return "".join(f"{i}\n" for i in view.ids)
    raise AssertionError(f"no renderer for {fmt}")  # pragma: no cover
