"""stancecli: an evidence-backed record of who holds which position on which issue."""

__version__ = "0.1.0"
