"""CSV and TSV: the view's tidy rows under a header, read back by Python's csv module unchanged
but for the documented neutralisation (formula-like cells, control characters)."""

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


def render_delimited(view: View, delimiter: str, raw: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(view.tidy_columns)
    for row in view.tidy_rows:
        writer.writerow([_cell(v, raw) for v in row])
    return out.getvalue()
