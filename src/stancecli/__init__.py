"""stancecli: an evidence-backed record of who holds which position on which issue.

The Python API (stancecli.api): `ds = stancecli.load(); ds.show("russia", "china").to_dict()`.
Its names load on first use, so that `stance` itself starts (and handles Ctrl-C) before anything.
"""

from __future__ import annotations

from stancecli.version import __version__

TYPE_CHECKING = False  # typing itself costs start-up time
if TYPE_CHECKING:
    from typing import Any

    from stancecli.api import Data, Result, load

__all__ = ["Data", "Result", "__version__", "load"]


def __getattr__(name: str) -> Any:
    if name in ("Data", "Result", "load"):
        from stancecli import api

        return getattr(api, name)
    raise AttributeError(f"module 'stancecli' has no attribute {name!r}")
