"""The version, apart from the package so that the core can read it without importing the API."""

__version__ = "0.1.0"
