"""CSV and TSV: the view's tidy rows under a header.

CSV is RFC 4180 (quoted where needed), read back by Python's csv module unchanged but for the
documented neutralisation (formula-like cells, control characters). TSV never quotes: one line per
row, one tab between fields, and a backslash escape for what would break that (`\\t` tab, `\\n`
newline, `\\r` carriage return, `\\\\` backslash), so `cut -f` and `awk -F'\\t'` work on it."""

from __future__ import annotations

import csv
import io
from typing import Any

from stancecli.render.escape import neutralise_formula, visible_keep_lines
from stancecli.views import View


def _cell(value: Any, raw: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = visible_keep_lines(str(value))
    return text if raw else neutralise_formula(text)


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_field(value: Any, raw: bool = False) -> str:
    """One TSV field: escaped (see the module), neutralised like CSV unless `raw`."""
    cell = _cell(value, raw)
    return str(cell).translate(_TSV_ESCAPES)


def render_delimited(view: View, delimiter: str, raw: bool = False) -> str:
    if delimiter == "\t":
        lines = ["\t".join(tsv_field(c) for c in view.tidy_columns)]
        lines += ["\t".join(tsv_field(v, raw) for v in row) for row in view.tidy_rows]
        return "".join(line + "\n" for line in lines)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(view.tidy_columns)
    for row in view.tidy_rows:
        writer.writerow([_cell(v, raw) for v in row])
    return out.getvalue()
