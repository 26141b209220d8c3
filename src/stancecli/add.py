"""Recording one stance: checked against the dataset and its document, appended as text, atomically.

The record is appended to its source's stances file as YAML text, so every comment and the file's
layout stay as they were. The write is a new file beside the old one (a temporary, fsynced, then
renamed over it), made under an exclusive lock on a lock file in the same folder: two `add`s at
once both land, one after the other, and a process killed at any point leaves either the old file
or the new one, never half of it. The new text is validated with the whole dataset before the
rename, so `add` never leaves data that `stance` would refuse.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from stancecli.errors import DataError, Problem, StanceError
from stancecli.layers import SHIPPED, is_shipped, layer_path
from stancecli.model import Dataset, Stance

FIELD_ORDER = ("actor", "topic", "position", "date", "source", "basis", "speaker", "quote", "note")
QUOTED = ("date", "speaker", "quote", "note")  # free text (and dates, kept strings) in double quotes
OWN_DATA = (
    "start a data folder of your own and layer it on the shipped data, e.g.\n"
    '  mkdir -p ~/stance-data && export STANCE_DATA="@shipped{sep}$HOME/stance-data"\n'
    "or pass `--data @shipped --data DIR` to this command"
)


class QuoteCheck(NamedTuple):
    found: bool
    passage: str  # the closest passage of the document when the quote is not in it
    similarity: float  # 0-100


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a record went (or would go): the file and the line its `- actor:` starts on."""

    path: Path
    line: int
    text: str  # the record as written


def check_quote(quote: str, document: str) -> QuoteCheck:
    """Whether the quote is in the document, typographic quotes, dashes and spacing aside."""
    from stancecli.verify import closest, normalise

    wanted, text = normalise(quote), normalise(document)
    if wanted and wanted in text:
        return QuoteCheck(True, wanted, 100.0)
    passage, similarity = closest(wanted, text)
    return QuoteCheck(False, _whole_words(passage, text), round(similarity, 1))


def _whole_words(passage: str, text: str) -> str:
    """The passage widened to the words it cuts into, so that it can be copied as a quote."""
    start = text.find(passage)
    if not passage or start < 0:
        return passage
    end = start + len(passage)
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end].strip(" -,;:")


def duplicate(stances: list[Stance], new: Stance) -> Stance | None:
    """A recorded stance with the same actor, topic, position, date, source and quote, if any."""
    from stancecli.verify import normalise

    quote = normalise(new.quote)
    for old in stances:
        if (old.actor, old.topic, old.position, old.date, old.source) == (
                new.actor, new.topic, new.position, new.date, new.source) and normalise(old.quote) == quote:
            return old
    return None


def target_file(specs: list[str], source: str) -> Path:
    """The file a stance of `source` goes to: the last layer given, never the shipped data.

    A directory layer gets (or has) `stances-<source>.yaml`; a file layer is appended to itself.
    """
    own = [spec for spec in specs if spec != SHIPPED]
    if not own:
        raise StanceError("the shipped data is read-only: "
                          + OWN_DATA.format(sep=os.pathsep))
    layer = layer_path(own[-1])
    target = layer / f"stances-{source}.yaml" if layer.is_dir() else layer
    if is_shipped(target):
        raise StanceError(f"{target} is part of the installed package: "
                          + OWN_DATA.format(sep=os.pathsep))
    return target


def _scalar(name: str, value: str) -> str:
    # JSON strings are YAML double-quoted scalars: every character survives, nothing is a tag,
    # an anchor or a boolean; ids and choices are slugs and stay plain, as in the curated files
    return json.dumps(value, ensure_ascii=False) if name in QUOTED else value


def stance_text(stance: Stance, indent: int = 2) -> str:
    """The record in the curated files' block style, its dash at column `indent`."""
    lines = []
    for name in FIELD_ORDER:
        value = getattr(stance, name)
        if value is None:
            continue
        lead = " " * indent + ("- " if not lines else "  ")
        lines.append(f"{lead}{name}: {_scalar(name, value)}")
    return "\n".join(lines) + "\n"


def appended(text: str | None, stance: Stance, header: str) -> tuple[str, int]:
    """The file's new text with the record after its last stance, and the line it starts on.

    The existing text is kept byte for byte around the record. The record goes at the end of the
    file, or, when a section follows `stances`, just before it and before the blank lines and
    column-0 comments that head it (they belong to that section).
    """
    if text is None or not text.strip():
        new = (text or "") + header + "stances:\n"
        return new + stance_text(stance), new.count("\n") + 1
    place = _stances_place(text)
    if place is None:
        text = text if text.endswith("\n") else text + "\n"
        new = text + "stances:\n"
        return new + stance_text(stance), new.count("\n") + 1
    indent, at = place
    head = text[:at] if text[:at].endswith("\n") else text[:at] + "\n"
    lines = stance_text(stance, indent)
    if "\r\n" in text:  # keep the file's line endings
        lines = lines.replace("\n", "\r\n")
    new = head + lines + text[at:]
    # placed before another section: check (two more parses) that it changed nothing else, e.g. a
    # `|+` quote whose kept blank lines end the section
    if at < len(text) and not _one_more_stance(text, new):
        raise StanceError("cannot append: the record would change what the file says "
                          "(move `stances` to the end of the file)")
    return new, head.count("\n") + 1


def _one_more_stance(old: str, new: str) -> bool:
    """Whether `new` says all that `old` says, plus one stance after its last."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    before, after = yaml.load(old, Loader=loader), yaml.load(new, Loader=loader)
    added = after.get("stances") or []
    return len(added) > 0 and {**before, "stances": before.get("stances") or []} == {
        **after, "stances": added[:-1]}


def _stances_place(text: str) -> tuple[int, int] | None:
    """Where a record goes: (the column of the stance dashes, the index to insert it at); None when
    the file has no stances section yet."""
    import yaml

    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise StanceError(f"cannot append to a file YAML cannot read: {exc}") from None
    if root is None or root.id != "mapping":
        raise StanceError("cannot append: the file is not a mapping of sections")
    keys = [key.value for key, _ in root.value]
    if "stances" not in keys:
        return None
    i = keys.index("stances")
    key, value = root.value[i]
    if value.id == "scalar" and value.tag.endswith(":null"):
        indent = 2
    elif value.id != "sequence" or value.flow_style:
        raise StanceError("cannot append: the file's stances are not a block list (`- actor: ...`)")
    else:
        indent = value.start_mark.column
    if i == len(keys) - 1:
        return indent, len(text)
    following = root.value[i + 1][0].start_mark.index
    at = text.rfind("\n", 0, following) + 1  # the start of the next section's line
    top = key.end_mark.index  # never above the `stances:` line
    while at > top:
        above = text.rfind("\n", 0, at - 1) + 1
        if above <= top or (text[above:at].strip() and not text[above:at].startswith("#")):
            break
        at = above
    return indent, at


def codebook_warnings(data: Dataset, tmp: Path, line: int, target: Path,
                      document: str | None) -> list[str]:
    """The codebook's warnings that the record at `tmp:line` brings, located at `target` instead.

    The dataset checks (codebook.check) with and without the record: a pairwise rule may warn on the
    other record (`ambiguous-order` on the less precise date, `quote-under-two-topics` on the later
    one), so a warning counts when it is new, wherever it points. When the document is at hand, the
    speaker check too.
    """
    from stancecli import codebook
    from stancecli.verify import normalise

    where = str(tmp)
    mine = [s for s in data.stances if s.where is not None and s.where[:2] == (where, line)]
    others = [s for s in data.stances if all(s is not m for m in mine)]
    before = set(codebook.check(Dataset(actors=data.actors, topics=data.topics, sources=data.sources,
                                        stances=others)))
    warnings = [w for w in codebook.check(data) if w not in before]
    if document is not None and mine:
        only = Dataset(actors=data.actors, topics=data.topics, sources=data.sources, stances=mine)
        warnings += codebook.speaker_not_named(only, {mine[0].source: normalise(document)})
    return [str(w).replace(where, str(target), 1) for w in warnings]


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """An exclusive lock on `.<name>.lock` beside the target, released when the process ends."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks; the rename is still atomic
        yield
        return
    lock = target.with_name(f".{target.name}.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def record(
    stance: Stance,
    target: Path,
    files: list[Path],
    header: str,
    validate: Callable[[list[Path]], Dataset],
    dry_run: bool = False,
    vet: Callable[[Dataset, Path, int], None] | None = None,
) -> Placed:
    """Append `stance` to `target` (one of `files`, or a new file) and return where it went.

    Under the lock: read the current text, write the new text to a temporary file beside it,
    validate the dataset with the temporary in the target's place (then `vet` it: the new record
    is the one at the temporary's `line`), fsync, rename over the target.
    """
    if not target.parent.is_dir():
        raise StanceError(f"{target.parent}: no such directory")
    with locked(target):
        # under the lock no other add of this file is writing: a temporary beside it is what a
        # killed add left behind
        for leftover in target.parent.glob(f".{target.name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()
        text = _read(target)
        new_text, line = appended(text, stance, header)
        placed = Placed(target, line, stance_text(stance))
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            _write(tmp, new_text)
            real = target.resolve()
            swapped = [tmp if f.resolve() == real else f for f in files]
            if tmp not in swapped:
                swapped.append(tmp)
            try:
                dataset = validate(swapped)
            except DataError as exc:
                raise DataError([Problem(str(target) if p.path == str(tmp) else p.path,
                                         p.line, p.col, p.message) for p in exc.problems]) from None
            if vet is not None:
                vet(dataset, tmp, line)
            if not dry_run:
                if text is not None:
                    with contextlib.suppress(OSError):
                        os.chmod(tmp, os.stat(target).st_mode & 0o7777)
                os.replace(tmp, target)
                _sync_dir(target.parent)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
    return placed


def _read(target: Path) -> str | None:
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StanceError(f"{target}: cannot read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise StanceError(f"{target}: not valid UTF-8; not appending to it") from None


def _write(path: Path, text: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        raise StanceError(f"{path.parent}: cannot write: {exc.strerror or exc}") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def _sync_dir(directory: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where directories cannot be opened."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
