"""Recording one stance: checked against the dataset and its document, appended as text, atomically.

The record is appended to its source's stances file as YAML text, so every comment and the file's
layout stay as they were, byte for byte (its line endings and BOM included), and every character
the user gave reads back exactly (what YAML would fold or refuse is escaped). The write is a new
file beside the old one (a temporary, fsynced, then renamed over it; a link is written through to
its file), made under exclusive locks on every data folder of the dataset (flock on the folders
themselves: no lock file is left behind): two `add`s at once both land, one after the other, every
check of the whole dataset (duplicates, a quote under two topics) sees the other's record, and a
process killed at any point leaves either the old file or the new one, never half of it. The new
text is validated with the whole dataset before the rename, so `add` never leaves data that
`stance` would refuse.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from stancecli import lines
from stancecli.errors import DataError, Problem, StanceError
from stancecli.files import FileRefused, read_regular
from stancecli.layers import SHIPPED, is_shipped, layer_path
from stancecli.model import Dataset, Stance

FIELD_ORDER = ("actor", "topic", "position", "date", "source", "basis", "speaker", "quote", "note")
QUOTED = ("date", "speaker", "quote", "note")  # free text (and dates, kept strings) in double quotes
OWN_DATA = (  # one line, as every message: a terminal shows what a log keeps
    "start a data folder of your own and layer it on the shipped data "
    '(mkdir -p ~/stance-data && export STANCE_DATA="@shipped{sep}$HOME/stance-data"), '
    "or pass `--data @shipped --data DIR` to this command"
)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


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
    """Whether the quote is in the document, typographic quotes, dashes and spacing aside, as a
    whole passage (verify.whole_passage: on word boundaries, 3 words or a whole sentence); else the
    closest whole passage. A quote found but not whole has similarity 100."""
    from stancecli.verify import closest, normalise, whole_passage

    wanted, text = normalise(quote), normalise(document)
    if wanted and wanted in text:
        whole, passage = whole_passage(wanted, text)
        return QuoteCheck(whole, passage, 100.0)
    passage, similarity = closest(wanted, text)
    return QuoteCheck(False, _whole_words(passage, text), round(similarity, 1))


def as_written(quote: str, document: str) -> str | None:
    """The quote as the document writes it (its quotes, apostrophes and dashes; runs of white space
    as one space), where check_quote found it typography aside; None if it is not in it. The record
    keeps the document's text, not what the curator typed (`"` for `“`)."""
    from stancecli.verify import _SPACE, _TYPOGRAPHIC, normalise

    folded = document.translate(_TYPOGRAPHIC)  # one character for one: indexes carry over
    kept: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(folded):
        if char.isspace():
            if kept and kept[-1] == " ":
                continue
            char = " "
        kept.append(char)
        origin.append(i)
    wanted = normalise(quote)
    at = "".join(kept).find(wanted)
    if not wanted or at < 0:
        return None
    return _SPACE.sub(" ", document[origin[at]:origin[at + len(wanted) - 1] + 1])


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


def target_file(specs: list[str], source: str, name: str | None = None) -> Path:
    """The file a stance of `source` goes to: the last layer given, never the shipped data.

    A directory layer gets (or has) `stances-<source>.yaml` (or `name`, for a record of another
    section: `sources.yaml`); a file layer is appended to itself.
    """
    own = [spec for spec in specs if spec != SHIPPED]
    if not own:
        raise StanceError("the shipped data is read-only: "
                          + OWN_DATA.format(sep=os.pathsep))
    layer = layer_path(own[-1])
    target = layer / (name or f"stances-{source}.yaml") if layer.is_dir() else layer
    if layer.is_dir() and target.is_symlink():  # as the loader: a folder's link stays inside it
        real = Path(os.path.realpath(target))
        if Path(os.path.realpath(layer)) not in real.parents:
            raise StanceError(f"{target}: a link to {real}, outside {layer}: not followed")
    if is_shipped(target):
        raise StanceError(f"{target} is part of the installed package: "
                          + OWN_DATA.format(sep=os.pathsep))
    return target


# characters JSON leaves as they are that YAML would fold (NEL, LS, PS are line breaks to it),
# refuse (DEL, C1 controls, U+FFFE, U+FFFF) or drop (a BOM): written as escapes, read back exactly
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _scalar(name: str, value: str) -> str:
    # JSON strings are YAML double-quoted scalars: every character survives, nothing is a tag,
    # an anchor or a boolean; ids and choices are slugs and stay plain, as in the curated files
    if name not in QUOTED:
        return value
    return _text(value)


Fields = dict[str, str | tuple[str, ...]]
ENTRY_FIELDS = {  # each section's fields, in the curated files' order; ids and choices stay plain
    "actors": ("name", "kind", "aliases"),
    "topics": ("name", "kind", "proposition", "aliases", "keywords"),
    "sources": ("title", "outlet", "kind", "url", "published", "file"),
}
_PLAIN = ("kind",)
_OPTION = {"aliases": "alias", "keywords": "keyword"}  # the option a list field's items come from


def _text(value: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def entry_text(key: str, fields: Fields, indent: int = 2) -> str:
    """A record of the actors, topics or sources section: `key:` at column `indent`, its fields
    below it (lists in flow style), every text a JSON string (YAML reads it back exactly)."""
    out = [" " * indent + f"{key}:"]
    for name, value in fields.items():
        if isinstance(value, tuple):
            shown = "[" + ", ".join(_text(v) for v in value) + "]"
        else:
            shown = value if name in _PLAIN else _text(value)
        out.append(" " * (indent + 2) + f"{name}: {shown}")
    return "\n".join(out) + "\n"


def stance_text(stance: Stance, indent: int = 2) -> str:
    """The record in the curated files' block style, its dash at column `indent`."""
    fields: list[str] = []
    for name in FIELD_ORDER:
        value = getattr(stance, name)
        if value is None:
            continue
        lead = " " * indent + ("- " if not fields else "  ")
        fields.append(f"{lead}{name}: {_scalar(name, value)}")
    return "\n".join(fields) + "\n"


def appended(text: str | None, stance: Stance, header: str) -> tuple[str, int]:
    """The file's new text with the record after its last stance, and the line it starts on.

    The existing text is kept byte for byte around the record, in the file's own line endings. The
    record goes at the end of the file (before a `...` that ends the document), or, when a section
    follows `stances`, just before it and before the blank lines and column-0 comments that head it
    (they belong to that section). An empty `stances:` (or `stances: []`) gets its first record.
    Whenever the old text is not simply followed by the record (a section after it, a final line
    break it lacked, an emptiness marker taken out), two more parses check that the file still says
    all it said: else StanceError, and nothing is written.
    """
    return _appended(text, header, "stances", lambda indent: stance_text(stance, indent),
                     _one_more_stance)


def appended_entry(text: str | None, section: str, key: str, fields: Fields,
                   header: str) -> tuple[str, int]:
    """The file's new text with the record `key` after the last record of `section` (actors,
    topics, sources), and the line it starts on; as `appended`, every other byte kept."""
    return _appended(text, header, section, lambda indent: entry_text(key, fields, indent),
                     lambda old, new: _one_more_entry(old, new, section, key))


def _appended(text: str | None, header: str, section: str, record: Callable[[int], str],
              check: Callable[[str, str], bool]) -> tuple[str, int]:
    text = text or ""
    bom = "\ufeff" if text.startswith("\ufeff") else ""  # libyaml's marks do not count it
    body = text[len(bom):]
    nl = lines.newline(body)
    opening = f"{section}:"
    if not body.strip():
        head = body + header.replace("\n", nl) + opening + nl
        return bom + head + record(2).replace("\n", nl), lines.count(head) + 1
    place = _section_place(body, section)
    if place is None:  # no such section yet: one at the end
        kept = body + ("" if lines.ends_with_break(body) else nl) + opening + nl
        indent, at = 2, len(kept)
    else:
        indent, at, kept = place
    head = kept[:at]
    if not lines.ends_with_break(head):
        head += nl
    new = head + record(indent).replace("\n", nl) + kept[at:]
    broke = not lines.ends_with_break(body) and head + kept[at:] != body  # a break added to it
    if at < len(kept) or kept is not body or broke:
        _check_unchanged(body, new, nl, broke, check, section)
    return bom + new, lines.count(head) + 1


def _check_unchanged(old: str, new: str, nl: str, broke: bool,
                     check: Callable[[str, str], bool], section: str) -> None:
    """Refuse a new text that does not say all the old one said plus the record; `broke`: a line
    break was added to the old text's end (then a last block scalar may have changed)."""
    if check(old, new):
        return
    if broke and _says(old) != _says(old + nl):
        raise StanceError("cannot append: the file's last line has no line break, and adding one "
                          "would change its last value (a `|` or `>` block): end the file with a "
                          "line break yourself, then check that value")
    raise StanceError("cannot append: the record would change what the file says "
                      f"(move `{section}` to the end of the file)")


def _says(text: str) -> object:
    """What the file says, as YAML reads it (None when it cannot)."""
    import yaml

    from stancecli.loader import _loader

    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError:
        return None


def _one_more_stance(old: str, new: str) -> bool:
    """Whether `new` says all that `old` says, plus one stance after its last."""
    before, after = _says(old) or {}, _says(new)  # (comments alone say nothing: None)
    if not isinstance(before, dict) or not isinstance(after, dict):
        return False
    added = after.get("stances") or []
    return isinstance(added, list) and {
        **before, "stances": before.get("stances") or []} == {**after, "stances": added[:-1]}


def _one_more_entry(old: str, new: str, section: str, key: str) -> bool:
    """Whether `new` says all that `old` says, plus the record `key` in `section`."""
    before, after = _says(old) or {}, _says(new)  # (comments alone say nothing: None)
    if not isinstance(before, dict) or not isinstance(after, dict):
        return False
    has = after.get(section)  # (a record given twice would be the same record: not one more)
    return isinstance(has, dict) and key in has and {**before, section: before.get(section) or {}} == {
        **after, section: {k: v for k, v in has.items() if k != key}}


# a line that starts with `...`: the end of the document (nothing may follow the record there)
_DOCUMENT_END = re.compile(r"(?:(?<=[\n\r\x85\u2028\u2029])|\A)\.\.\.(?=[ \t\n\r\x85\u2028\u2029]|\Z)")


def _section_place(text: str, section: str) -> tuple[int, int, str] | None:
    """Where a record of `section` goes: (the column of its records, the index to insert it at,
    the text to insert it in: `text`, or `text` without the `[]`, `{}` or `~` of an empty section);
    None when the file has no such section yet. `stances` is a block list (the column of its
    dashes), every other section a block mapping of records by id (the column of its first id)."""
    import yaml

    from stancecli.loader import _loader

    root: Any
    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        mark: Any = exc.problem_mark  # both parsers mark every syntax error (see loader.read)
        raise StanceError(f"cannot append to a file YAML cannot read: {exc.problem} "
                          f"(line {mark.line + 1}, column {mark.column + 1})") from None
    except yaml.YAMLError as exc:
        raise StanceError("cannot append to a file YAML cannot read: "
                          + " ".join(str(exc).split())) from None
    if root is None:  # comments alone
        return None
    if root.id != "mapping":
        raise StanceError("cannot append: the file is not a mapping of sections")
    keys = [key.value for key, _ in root.value]
    if section not in keys:
        return None
    i = keys.index(section)
    key, value = root.value[i]
    start, end = value.start_mark.index, value.end_mark.index
    kind = "sequence" if section == "stances" else "mapping"
    empty = (value.id == kind and value.flow_style and not value.value) or (
        value.id == "scalar" and value.tag.endswith(":null") and not value.style)
    if empty and end > start:  # `stances: []` or `stances: ~`: taken out, the first record follows
        return _section_place(text[:start].rstrip(" \t") + text[end:], section)
    if empty:
        indent = 2
    elif kind == "sequence" and (value.id != "sequence" or value.flow_style):
        raise StanceError("cannot append: the file's stances are not a block list (`- actor: ...`)")
    elif kind == "mapping" and (value.id != "mapping" or value.flow_style):
        raise StanceError(f"cannot append: the file's {section} are not a block mapping "
                          "(`  id:` lines, each with its fields below)")
    elif kind == "mapping":  # the column of the first id
        indent = value.value[0][0].start_mark.column
    else:  # the column of the first dash (a tag, `stances: !!seq`, is where the node starts)
        dash = text.rfind("-", 0, value.value[0].start_mark.index)
        indent = dash - lines.start_of(text, dash)
    if i < len(keys) - 1:
        following = root.value[i + 1][0].start_mark.index
    else:
        found = _DOCUMENT_END.search(text, key.end_mark.index)
        if found is None:
            return indent, len(text), text
        following = found.start()
    at = lines.start_of(text, following)  # the start of the next section's line
    top = key.end_mark.index  # never above the `stances:` line
    while at > top:
        above = lines.previous(text, at)
        if above <= top or (text[above:at].strip() and not text[above:at].startswith("#")):
            break
        at = above
    return indent, at, text


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
    before = set(codebook.check(replace(data, stances=others)))
    warnings = [w for w in codebook.check(data) if w not in before]
    if document is not None and mine:
        only = replace(data, stances=mine)
        warnings += codebook.speaker_not_named(only, {mine[0].source: normalise(document)})
    return [str(w).replace(where, str(target)) for w in warnings]


@contextlib.contextmanager
def locked(folders: Iterable[Path]) -> Iterator[None]:
    """Exclusive locks on the data folders themselves (flock on each directory, taken in one order
    by every writer, so none waits on another in a cycle), released when the block ends or the
    process dies. No lock file: nothing is left in the folder, a read-only folder can be locked,
    and nothing planted at a lock path can be followed."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks; the rename is still atomic
        yield
        return
    fds: list[int] = []
    try:
        for folder in sorted({os.path.realpath(f) for f in folders}):
            try:
                fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
            except OSError as exc:
                raise StanceError(f"{folder}: cannot lock this data folder: "
                                  f"{exc.strerror or exc}") from None
            fds.append(fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as exc:
                raise StanceError(f"{folder}: cannot lock this data folder: "
                                  f"{exc.strerror or exc}") from None
        yield
    finally:
        for fd in fds:
            os.close(fd)


def refuse_unwritable(stance: Stance) -> None:
    """A field that is blank, or holds bytes that were not UTF-8 (an argument the shell passed
    as is), is refused before any file is touched, with the option that gave it."""
    for name in FIELD_ORDER:
        value = getattr(stance, name)
        if value is None:
            continue
        if not value.strip():
            raise StanceError(f"--{name} is blank: give text, or leave the option out")
        if any("\ud800" <= c <= "\udfff" for c in value):
            raise StanceError(f"--{name} is not valid UTF-8 text (bytes that are not UTF-8 were given)")


def already(twin: Stance) -> str:
    """The refusal of a stance recorded already."""
    return (f"already recorded: {twin.actor} / {twin.topic} {twin.position}, {twin.date}, "
            "with this quote (--force adds it again)")


def record(
    stance: Stance,
    target: Path,
    files: list[Path] | Callable[[], list[Path]],
    header: str,
    validate: Callable[[list[Path]], Dataset],
    dry_run: bool = False,
    vet: Callable[[Dataset, Path, int], None] | None = None,
    twice: bool = False,
) -> Placed:
    """Append `stance` to `target` (one of `files`, or a new file) and return where it went.

    `files`, the dataset's files, or a function that lists them: it is called again under the
    lock, so that a file another add just made is checked too. Under locks on every data folder of
    the dataset (so that nothing the checks read can change meanwhile): read the current text,
    write the new text to a temporary file beside it, validate the dataset with the temporary in
    the target's place, refuse a stance recorded already (unless `twice`), `vet` it (the new record
    is the one at the temporary's `line`), fsync, rename over the target. A target that is a link
    is written through: the record goes to the file it names. A dry run writes its temporary in a
    private folder of its own and takes no lock: it needs no write access to the data folder.
    """
    refuse_unwritable(stance)

    def make(text: str | None) -> tuple[str, int, str]:
        new_text, line = appended(text, stance, header)
        return new_text, line, stance_text(stance)

    def check(dataset: Dataset, tmp: Path, line: int) -> None:
        if not twice:
            mine = (str(tmp), line)
            twin = duplicate([s for s in dataset.stances if s.where is None or s.where[:2] != mine],
                             stance)
            if twin is not None:
                raise StanceError(already(twin))
        if vet is not None:
            vet(dataset, tmp, line)

    return _commit(target, files, validate, dry_run, make, check)


def record_entry(section: str, key: str, fields: Fields, target: Path,
                 files: list[Path] | Callable[[], list[Path]], header: str,
                 validate: Callable[[list[Path]], Dataset], dry_run: bool = False) -> Placed:
    """Add the record `key` to `section` (actors, topics, sources) of `target`, with the same
    guarantees as `record`: locked, validated with the whole dataset (an id defined already, a
    name that is another's, a bad field: refused, nothing written), atomic, every other byte kept."""
    if section not in ENTRY_FIELDS:
        raise StanceError(f"cannot register in '{section}' (expected: {', '.join(ENTRY_FIELDS)})")
    for name, value in fields.items():
        option = _OPTION.get(name, name)
        for text in value if isinstance(value, tuple) else (value,):
            if not text.strip():
                raise StanceError(f"--{option} is blank: give text, or leave the option out")
            if any("\ud800" <= c <= "\udfff" for c in text):
                raise StanceError(f"--{option} is not valid UTF-8 text (bytes that are not UTF-8 "
                                  "were given)")

    def make(text: str | None) -> tuple[str, int, str]:
        new_text, line = appended_entry(text, section, key, fields, header)
        return new_text, line, entry_text(key, fields)

    return _commit(target, files, validate, dry_run, make, None)


def _commit(target: Path, files: list[Path] | Callable[[], list[Path]],
            validate: Callable[[list[Path]], Dataset], dry_run: bool,
            make: Callable[[str | None], tuple[str, int, str]],
            check: Callable[[Dataset, Path, int], None] | None) -> Placed:
    listing: Callable[[], list[Path]] = files if callable(files) else (lambda: list(files))
    real = Path(os.path.realpath(target))  # through a link, to the file the user means
    if not real.parent.is_dir():
        raise StanceError(f"{target.parent}: no such directory")
    if dry_run:
        import tempfile

        with tempfile.TemporaryDirectory() as private:
            return _record(target, real, listing, validate, make, check,
                           Path(private) / real.name)
    with locked([real.parent, *(f.parent for f in listing() if not is_shipped(f))]):
        _sweep(real)
        return _record(target, real, listing, validate, make, check, None)


def _record(target: Path, real: Path, listing: Callable[[], list[Path]],
            validate: Callable[[list[Path]], Dataset],
            make: Callable[[str | None], tuple[str, int, str]],
            check: Callable[[Dataset, Path, int], None] | None, private: Path | None) -> Placed:
    text, mode = _read(target, real)
    new_text, line, shown = make(text)
    placed = Placed(target, line, shown)
    tmp = private or real.with_name(_temporary_name(real.name))
    try:
        _write(tmp, new_text, target, mode)
        files = listing()
        swapped = [tmp if os.path.realpath(f) == str(real) else f for f in files]
        if tmp not in swapped:
            swapped.append(tmp)
        dataset = _validated(validate, swapped, tmp, target)
        if check is not None:
            check(dataset, tmp, line)
        if private is None:
            try:
                os.replace(tmp, real)
            except OSError as exc:
                raise StanceError(f"{target}: cannot write: {exc.strerror or exc}; "
                                  "nothing written") from None
            _sync_dir(real.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):  # renamed: gone already
            tmp.unlink()
    return placed


def _validated(validate: Callable[[list[Path]], Dataset], files: list[Path], tmp: Path,
               target: Path) -> Dataset:
    """The dataset with the new text, every problem named after the user's file, never the
    temporary's."""
    try:
        return validate(files)
    except DataError as exc:
        raise DataError([Problem(str(target) if p.path == str(tmp) else p.path,
                                 p.line, p.col, p.message) for p in exc.problems]) from None
    except StanceError as exc:
        raise StanceError(str(exc).replace(str(tmp), str(target))) from None


def _temporary_name(name: str) -> str:
    """`.NAME.PID.tmp`, which says whose it is; `.stance-add.PID.tmp` when that would be longer
    than a file name may be (255 bytes), as for a file whose own name nearly is."""
    long = f".{name}.{os.getpid()}.tmp"
    return long if len(os.fsencode(long)) <= 255 else f".stance-add.{os.getpid()}.tmp"


def _sweep(real: Path) -> None:
    """Remove the temporaries that killed adds left beside the file (under the lock no other add
    of this folder is writing one)."""
    leads = (f".{real.name}.", ".stance-add.")
    with contextlib.suppress(OSError), os.scandir(real.parent) as entries:
        for entry in entries:
            for lead in leads:
                middle = entry.name[len(lead):-len(".tmp")]
                if entry.name.startswith(lead) and entry.name.endswith(".tmp") and middle.isdigit():
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def _read(target: Path, real: Path) -> tuple[str | None, int | None]:
    """The file's text and mode; (None, None) when there is no file yet. Only a regular file of
    bounded size is read (a FIFO planted there would block for ever)."""
    from stancecli.loader import MAX_FILE_BYTES

    try:
        raw = read_regular(real, MAX_FILE_BYTES, "YAML file")
        mode = os.stat(real).st_mode & 0o7777
    except FileRefused as exc:
        if exc.errno == errno.ENOENT:  # (a link was resolved to its end: none is left dangling)
            return None, None
        raise StanceError(f"{target}: {exc.reason}") from None
    except OSError as exc:
        raise StanceError(f"{target}: cannot read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8"), mode
    except UnicodeDecodeError:
        raise StanceError(f"{target}: not valid UTF-8; not appending to it") from None


def _write(path: Path, text: str, target: Path, mode: int | None) -> None:
    """The new text, whole and on disk, in a fresh file: the old file's mode (a private file stays
    private from the first byte), else 0644 less the umask. A full disk or a size limit is the
    user's file's failure, said as such: nothing is written."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL  # EXCL: never through anything planted there
    try:
        fd = os.open(path, flags, 0o600 if mode is not None else 0o644)
    except OSError as exc:
        raise StanceError(f"{target}: cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            if mode is not None:
                os.fchmod(f.fileno(), mode)
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        raise StanceError(f"{target}: cannot write: {exc.strerror or exc}; nothing written, the "
                          "file is as it was") from None


def _sync_dir(directory: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where directories cannot be opened."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
