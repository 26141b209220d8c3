"""One exception family for the core; only cli.py turns it into an exit code."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


class StanceError(Exception):
    """A problem the user can act on: bad data, an unknown name, an unreadable file."""

    exit_code = 2

    @property
    def messages(self) -> list[str]:
        """The message as lines for stderr: one, unless the error gathers several."""
        return [str(self)]


class StanceErrors(StanceError):
    """Several problems found at once (every unknown name of a command), one line each."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self._messages = list(messages)

    @property
    def messages(self) -> list[str]:
        return list(self._messages)


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in a data file, printed as `path:line:col: message`."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class Problems:
    """Problems as they are found: all are counted, the first `keep` by place are kept.

    A file of a million bad records must not cost a million kept messages (nor print them): the
    list is trimmed to the `keep` first whenever it doubles, O(n log keep) in all.
    """

    def __init__(self, keep: int = 1000) -> None:
        self.keep = keep
        self.count = 0
        self._kept: list[Problem] = []

    def append(self, problem: Problem) -> None:
        self.count += 1
        self._kept.append(problem)
        if len(self._kept) >= 2 * self.keep:
            self._trim()

    def extend(self, other: Problems) -> None:
        """Add another collection's problems (one file's, when files are read apart), all counted."""
        for problem in other.first():
            self.append(problem)
        self.count += other.count - len(other.first())

    def first(self) -> list[Problem]:
        """The kept problems, in order of path, line and column."""
        self._trim()
        return list(self._kept)

    def _trim(self) -> None:
        self._kept.sort(key=lambda p: (p.path, p.line, p.col))
        del self._kept[self.keep :]

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.first())


class DataError(StanceError):
    """Every problem found in the data, reported together rather than one at a time.

    `problems`: the first ones by place (all of them unless there were very many); `total`: how
    many there were.
    """

    def __init__(self, problems: Problems | list[Problem]) -> None:
        if isinstance(problems, Problems):
            self.problems, self.total = problems.first(), problems.count
        else:
            self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.col))
            self.total = len(self.problems)
        count = self.total
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data")
