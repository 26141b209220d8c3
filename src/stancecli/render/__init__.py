"""One output format, one renderer: each takes a View and returns the text to print."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stancecli.errors import StanceError
from stancecli.render.formats import Format, Options

if TYPE_CHECKING:  # views (and the maths under it) load with the command that needs them
    from stancecli.views import View

__all__ = ["PICTURES", "Format", "Options", "no_picture", "render"]

# each picture or network format, and the commands whose answers it draws
PICTURES: dict[Format, str] = {
    Format.svg: "matrix, diff --topic and trend",
    Format.html: "matrix, diff --topic and trend",
    Format.graphml: "matrix",
    Format.gexf: "matrix",
}


def no_picture(fmt: Format) -> StanceError:
    """The one line for a picture format on a command that has no picture."""
    return StanceError(f"--format {fmt.value} is drawn only by {PICTURES[fmt]}")


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
    if fmt is Format.svg:
        from stancecli.render.svg import kind_of, render_svg

        if kind_of(view.document) is None:
            raise no_picture(fmt)
        return render_svg(view.document, view.extra)
    if fmt is Format.html:
        from stancecli.render.html import render_html
        from stancecli.render.svg import kind_of

        if kind_of(view.document) is None:
            raise no_picture(fmt)
        return render_html(view.document, view.extra)
    if fmt in (Format.graphml, Format.gexf):
        from stancecli.render.graph import render_gexf, render_graphml
        from stancecli.render.svg import kind_of

        if kind_of(view.document) != "matrix":
            raise no_picture(fmt)
        return (render_graphml if fmt is Format.graphml else render_gexf)(view.document, view.extra)
    raise AssertionError(f"no renderer for {fmt}")  # pragma: no cover
