"""JSON: the view's document, with every control and bidi character escaped."""

from __future__ import annotations

import json
import re

from stancecli.views import View

# json.dumps escapes C0 controls itself; these it would leave raw
_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def render_json(view: View) -> str:
    text = json.dumps(view.document, ensure_ascii=False, indent=2)
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
