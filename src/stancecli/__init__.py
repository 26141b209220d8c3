"""stancecli: an evidence-backed record of who holds which position on which issue.

The Python API (see stancecli.api): `ds = stancecli.loader(); ds.show("russia", "china").to_dict()`.
"""

from stancecli.api import Data, Result, load

__version__ = "0.1.0"
__all__ = ["Data", "Result", "__version__", "load"]
