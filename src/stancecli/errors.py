"""One exception family for the core; only cli.py turns it into an exit code."""

from __future__ import annotations

from dataclasses import dataclass


class StanceError(Exception):
    """A problem the user can act on: bad data, an unknown name, an unreadable file."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in a data file, printed as `path:line:col: message`."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class DataError(StanceError):
    """Every problem found in the data, reported together rather than one at a time."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.col))
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data")
