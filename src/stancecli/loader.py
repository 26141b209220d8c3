"""YAML files -> one validated Dataset, every problem located as `path:line:col`.

The loader composes each file into YAML nodes (libyaml, in C) and builds the records from those nodes
itself, never through PyYAML's constructors: nothing in a file can instantiate an object, every value
keeps its line and column, and the schema is checked as it is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from stancecli.errors import DataError, Problem, Problems, StanceError
from stancecli.model import (
    BASES,
    KINDS,
    POSITIONS,
    SOURCE_KINDS,
    TOPIC_KINDS,
    Actor,
    Dataset,
    Person,
    Source,
    Stance,
    Topic,
    parse_when,
)

MAX_DEPTH = 32  # the schema needs 4 levels; anything far deeper is a mistake or an attack
MAX_FILE_BYTES = 128 * 2**20  # 100,000 stances take 32 MB (and some 750 MB of memory to parse)
# did-you-mean hints computed per load: each scans every id of its kind, so a file of 20,000 unknown
# references against 10,000 actors would take minutes; only the first problems are listed anyway
SUGGESTIONS = 200
# A file that could nest deeper than a few hundred levels is scanned (events, not nodes) before it
# is composed, so that our own limit speaks first: libyaml's composer recurses in C (it overflows
# the stack some 20,000 levels down), the pure-Python composer recurses in Python, and libyaml 0.2.6
# (in PyYAML 6.0.4's wheels) refuses 1,000 levels of flow and block nesting together with a message
# of its own. Block nesting needs a line as wide as it is deep; flow nesting needs one `[` or `{` per
# level, and its lines can be short. Below both thresholds (together under 1,000) no parser balks.
_SAFE_WIDTH = 500
_SAFE_FLOW = 400
# a line of _SAFE_WIDTH characters or more, searched in "\n" + text: the leading newline lets the
# engine jump from newline to newline (`[^\n]{N}` alone retries at every character: 20x slower)
_LONG_LINE = re.compile(rf"\n[^\n]{{{_SAFE_WIDTH}}}")


# an anchor or alias token: `&` or `*` where a node may start (after white space, a flow
# indicator, `:` or `?` (a flow key needs no space after it), or a byte-order mark, which libyaml
# skips at the start of any line); "R&D" or "Tom & Jerry" in a quote is not one and costs no
# second pass
_ANCHOR_OR_ALIAS = re.compile(r"[\s\ufeff\[{,:?][&*]\S")


def _suspect(text: str) -> bool:
    """Whether the file needs the event scan (anchors, aliases, depth) before composing."""
    if not _has_libyaml() or text.count("[") + text.count("{") > _SAFE_FLOW:
        return True
    lines = "\n" + text  # both patterns look back one character; copy a large file once
    if ("&" in text or "*" in text) and _ANCHOR_OR_ALIAS.search(lines):
        return True
    return _LONG_LINE.search(lines) is not None

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_BOOL, _NULL = _TAG + "bool", _TAG + "null"

SECTIONS = ("actors", "topics", "sources", "people", "stances")
# section -> (required fields, optional fields)
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "actors": (("name", "kind"), ("aliases",)),
    "topics": (("name", "proposition"), ("aliases", "kind", "keywords")),
    "sources": (("title", "published"), ("outlet", "url", "file", "kind")),
    "people": (("name", "actor"), ("office", "aliases")),
    "stances": (
        ("actor", "topic", "position", "date", "source", "basis", "quote"),
        ("speaker", "note"),
    ),
}
CHOICES = {"kind": KINDS, "position": POSITIONS, "basis": BASES}
# a field whose choices depend on its section: (section, field) -> choices
SECTION_CHOICES = {("topics", "kind"): TOPIC_KINDS, ("sources", "kind"): SOURCE_KINDS}
LISTS = ("aliases", "keywords")  # fields that hold a list of texts
_ID = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
_SINGULAR = {"actors": "actor", "topics": "topic", "sources": "source", "people": "person"}


def data_files(path: Path) -> list[Path]:
    """The YAML files behind a --data path: the file itself, or a directory's *.yaml files.

    In a directory, only regular files count, and a link that leads out of it is refused: the data
    is what the directory holds. A link in it that leads nowhere (to itself, a loop, a missing
    file) is no file: skipped, as a stray file of another kind.
    """
    import errno
    import os

    try:
        if path.is_dir():
            root = Path(os.path.realpath(path))
            files = []
            for entry in sorted(path.iterdir()):
                if entry.suffix not in (".yaml", ".yml"):
                    continue
                target = Path(os.path.realpath(entry))  # never raises on a loop
                if entry.is_symlink() and root not in target.parents:
                    where = f"{path} itself" if target == root else f"{target}, outside {path}"
                    raise StanceError(f"{entry}: a link to {where}: not followed")
                if entry.is_file():
                    files.append(entry)
            if not files:
                raise StanceError(f"{path}: no *.yaml files in this directory")
            return files
        if not path.exists():
            if path.is_symlink():  # a link that leads nowhere: say which way it fails
                try:
                    os.stat(path)
                except OSError as exc:
                    if exc.errno == errno.ELOOP:
                        raise StanceError(f"{path}: a loop of links (it leads back to itself)") from None
                raise StanceError(f"{path}: a link to {os.readlink(path)}, which does not exist")
            raise StanceError(f"{path}: no such file or directory")
    except (OSError, RuntimeError) as exc:  # unreadable, a name too long, a loop of links
        raise StanceError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    return [path]


def load_dataset(files: list[Path]) -> Dataset:
    """Read, merge and validate the files; raise DataError with every problem found."""
    return merge([read_file(path) for path in files])


@dataclass(slots=True)
class Fragment:
    """One file read on its own: its records, where each id is defined, and its problems.

    What the per-file cache keeps. `refs` (each stance's references with their places) is None for
    a fragment from the cache: it is only needed to place an unknown reference, and then the file
    is read again.
    """

    path: str
    dataset: Dataset
    where: dict[tuple[str, str], tuple[str, int, int]]
    refs: list[tuple[str, str, str, int, int]] | None
    problems: Problems


def read_file(path: Path) -> Fragment:
    """One file's records and problems; what no single file can tell (duplicate ids across files,
    unknown references, ambiguous names) is merge's."""
    builder = _Builder()
    builder.read(path)
    return Fragment(str(path), builder.dataset, builder.where, builder.refs, builder.problems)


def merge(fragments: list[Fragment]) -> Dataset:
    """The files' fragments, in order, as one validated dataset, as if read together."""
    builder = _Builder()
    for fragment in fragments:
        builder.merge(fragment)
    builder.check_references()
    if builder.problems:
        raise DataError(builder.problems)
    return builder.dataset


def read_text(path: Path, problems: Problems | list[Problem]) -> str | None:
    """The file as text: strict UTF-8, a leading BOM dropped. Unreadable files, and anything but
    a regular file of at most MAX_FILE_BYTES, raise StanceError."""
    from stancecli.files import read_regular

    raw = read_regular(path, MAX_FILE_BYTES, "YAML file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8")  # valid up to there
        line, col = _located(before + "?", len(before))
        bad = raw[exc.start : exc.start + 1].hex()
        problems.append(Problem(str(path), line, col, f"not valid UTF-8 (byte 0x{bad})"))
        return None
    return text[1:] if text.startswith("\ufeff") else text


def _loader() -> Any:
    """libyaml's loader when PyYAML was built with it, else the pure-Python one (a supported fallback)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _located(text: str, index: int) -> tuple[int, int]:
    """The line and column (from 1, in characters) of text[index]; 1:1 if index is -1. Lines as
    YAML's marks count them (stancecli.lines)."""
    from stancecli import lines

    return lines.number(text, index)


def _has_libyaml() -> bool:
    import yaml

    return _loader() is not yaml.SafeLoader


def _too_deep(root: Any) -> Any | None:
    """The first node (in document order) nested more than MAX_DEPTH collections deep, if any."""
    stack = [] if root.id == "scalar" else [(root, 1)]  # scalars hold no nodes: never pushed
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return node
        children = [v for pair in node.value for v in pair] if node.id == "mapping" else node.value
        stack.extend((child, depth + 1) for child in reversed(children) if child.id != "scalar")
    return None


class _Builder:
    """Accumulates records and problems across the files of one dataset."""

    path: str  # the file being read (set by read(); merge() places problems with their own paths)

    def __init__(self) -> None:
        self.dataset = Dataset()
        self.problems = Problems()
        self.suggestions = SUGGESTIONS  # did-you-mean hints left to compute
        self.defined: dict[str, list[str]] = {}  # section -> its ids, for the hints
        # (section, id) -> where it was first defined, for duplicate ids across files
        self.where: dict[tuple[str, str], tuple[str, int, int]] = {}
        # every stance's references, checked once all files are read: (field, id, path, line, col)
        self.refs: list[tuple[str, str, str, int, int]] = []
        self.pending: list[Fragment] = []  # merged fragments, whose references are checked last

    # -- reporting -------------------------------------------------------------------------------
    def problem(self, node: Any, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    def suggest(self, value: str, choices: list[str] | tuple[str, ...]) -> str | None:
        """A did-you-mean, while the budget lasts."""
        if self.suggestions <= 0:
            return None
        self.suggestions -= 1
        from stancecli.resolve import suggest

        return suggest(value, choices)

    def unknown(self, node: Any, what: str, value: str, choices: list[str] | tuple[str, ...],
                where: str = "") -> None:
        guess = self.suggest(value, choices)
        hint = f"; did you mean '{guess}'?" if guess else f" (expected one of: {', '.join(choices)})"
        self.problem(node, f"{where}unknown {what} '{value}'{hint}")

    # -- files -----------------------------------------------------------------------------------
    def read(self, path: Path) -> None:
        import yaml

        self.path = str(path)
        text = read_text(path, self.problems)
        if text is None:
            return
        try:
            if _suspect(text) and not self._scan(text):
                return
            loader = _loader()(text)
            try:
                root = loader.get_single_node()
            finally:
                loader.dispose()
        except yaml.MarkedYAMLError as exc:
            mark = cast("yaml.Mark", exc.problem_mark)  # PyYAML and libyaml give every syntax error one
            message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
            rows = text.splitlines()  # by line and column: libyaml's index skips a BOM
            if mark.line < len(rows) and rows[mark.line][mark.column:mark.column + 1] == "\t":
                message = "a tab: YAML indents with spaces, never tabs"
            elif exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
                mark = exc.context_mark  # the quote that never closes, not the end of the file
                message = "a quote opened here is never closed"
            self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1,
                                         f"YAML syntax: {message}"))
            return
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow, anywhere
            # both parsers stop at its first occurrence: located the same way whichever ran
            line, col = _located(text, text.find(chr(exc.character)))
            self.problems.append(Problem(self.path, line, col,
                                         f"YAML does not allow the character U+{exc.character:04X}"))
            return
        if root is None:  # no document: comments and blank lines only, or nothing at all
            if "#" not in text:  # nothing: most often a file cut short, so that its loss is seen
                self.problems.append(Problem(self.path, 1, 1, "empty file: expected a mapping with "
                                             "actors, topics, sources or stances"))
            return  # comments alone: a file started (`stance add` writes its first record)
        deep = _too_deep(root)
        if deep is not None:  # what the event scan says of a file it reads
            self.problem(deep, f"nested more than {MAX_DEPTH} levels deep")
            return
        self.document(root)

    def _scan(self, text: str) -> bool:
        """Refuse anchors, aliases and deep nesting from the event stream, before composing.

        When libyaml refuses the text, the pure-Python parser (no nesting limit of its own, and
        iterative) reads it again, so that our rules, not the parser version's, decide what is said.
        """
        import yaml

        try:
            return self._rules_hold(yaml.parse(text, Loader=_loader()))
        except yaml.MarkedYAMLError as exc:
            if _loader() is yaml.SafeLoader:
                raise
            stop = cast("yaml.Mark", exc.problem_mark).index  # libyaml marks every syntax error (see read())
            try:  # only the text up to where libyaml stopped: the rest cannot change the verdict
                if not self._rules_hold(yaml.parse(text[: stop + 1], Loader=yaml.SafeLoader)):
                    return False
            except yaml.YAMLError:
                pass
            raise

    def _rules_hold(self, events: Any) -> bool:
        import yaml

        depth = 0
        for event in events:
            if isinstance(event, yaml.AliasEvent):
                self.problem(event, f"YAML alias '*{event.anchor}' is not allowed: write the value out")
                return False
            if getattr(event, "anchor", None):
                self.problem(event, f"YAML anchor '&{event.anchor}' is not allowed: write values out")
                return False
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    self.problem(event, f"nested more than {MAX_DEPTH} levels deep")
                    return False
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        return True

    def document(self, root: Any) -> None:
        if not self.is_kind(root, "mapping", "the document"):
            return
        for key_node, value in self.pairs(root):
            section = key_node.value
            if section not in SECTIONS:
                self.unknown(key_node, "section", section, SECTIONS)
            elif section == "stances":
                if value.tag == _NULL and not value.style:
                    continue  # `stances:` with none yet: a file just started (`stance add` fills it)
                if self.is_kind(value, "sequence", "stances"):
                    for item in value.value:
                        self.stance(item)
            elif self.is_kind(value, "mapping", section):
                for id_node, record in self.pairs(value):
                    self.record(section, id_node, record)

    # -- node helpers ----------------------------------------------------------------------------
    def is_kind(self, node: Any, kind: str, what: str) -> bool:
        if node.id == kind and node.tag in (_TAG + "map", _TAG + "seq"):
            return True
        if node.id == kind:
            self.problem(node, f"tag '{node.tag}' is not allowed")
        else:
            found = "nothing" if node.tag == _NULL else f"a {node.id}"
            self.problem(node, f"{what} must be a {kind}, found {found}")
        return False

    def pairs(self, mapping: Any) -> list[tuple[Any, Any]]:
        """The mapping's (key, value) pairs with text keys, refusing duplicate keys."""
        seen: dict[str, int] = {}
        out = []
        for key_node, value in mapping.value:
            key = self.text(key_node, "a key")
            if key is None:
                continue
            if key in seen:
                self.problem(key_node, f"duplicate key '{key}' (first at line {seen[key]})")
                continue
            seen[key] = key_node.start_mark.line + 1
            out.append((key_node, value))
        return out

    def text(self, node: Any, field: str) -> str | None:
        """A scalar as text; unquoted booleans and nulls are refused where text is expected."""
        if node.tag not in _SCALAR_TAGS and node.tag not in (_TAG + "map", _TAG + "seq"):
            self.problem(node, f"tag '{node.tag}' is not allowed")
            return None
        if node.id != "scalar":
            self.problem(node, f"{field} must be text, found a {node.id}")
            return None
        if node.tag == _BOOL and not node.style:  # plain: libyaml says '', PyYAML None
            self.problem(node, f"{field}: YAML reads '{node.value}' as a boolean; quote it "
                               f"(\"{node.value}\")")
            return None
        if node.tag == _NULL and not node.style:
            self.problem(node, f"{field} is empty")
            return None
        if not node.value.strip():
            self.problem(node, f"{field} is empty")
            return None
        value: str = node.value  # a scalar's value is text (no cost on the hot path, unlike str())
        return value

    def fields(self, section: str, node: Any, what: str) -> dict[str, Any] | None:
        """The record's field nodes, with unknown and missing fields reported."""
        if not self.is_kind(node, "mapping", what):
            return None
        required, optional = FIELDS[section]
        allowed = required + optional
        found: dict[str, Any] = {}
        for key_node, value in self.pairs(node):
            if key_node.value in allowed:
                found[key_node.value] = value
            else:
                self.unknown(key_node, "field", key_node.value, allowed, where=f"{what}: ")
        missing = [name for name in required if name not in found]
        if missing:
            self.problem(node, f"{what} is missing {', '.join(missing)}")
            return None
        return found

    def values(self, found: dict[str, Any], section: str) -> dict[str, Any] | None:
        """Convert and check each field; None when any field is bad (already reported)."""
        out: dict[str, Any] = {}
        ok = True
        for name, node in found.items():
            if name in LISTS:
                value: Any = self.aliases(node, name)
            else:
                value = self.text(node, name)
                choices = SECTION_CHOICES.get((section, name)) or CHOICES.get(name)
                if value is not None and choices and value not in choices:
                    self.unknown(node, name, value, choices)
                    value = None
                elif value is not None and name in ("date", "published"):
                    try:
                        value = parse_when(value)
                    except ValueError as exc:
                        self.problem(node, f"{name}: {exc}")
                        value = None
            ok = ok and value is not None
            out[name] = value
        return out if ok else None

    def aliases(self, node: Any, field: str) -> tuple[str, ...] | None:
        if node.id == "scalar" and node.tag == _NULL:
            return ()
        if not self.is_kind(node, "sequence", field):
            return None
        items = [self.text(item, {"aliases": "alias", "keywords": "keyword"}[field]) for item in node.value]
        return None if None in items else tuple(items)  # type: ignore[arg-type]

    # -- records ---------------------------------------------------------------------------------
    def record(self, section: str, id_node: Any, node: Any) -> None:
        singular = _SINGULAR[section]
        key = id_node.value
        if not _ID.match(key):
            self.problem(id_node, f"{singular} id '{key}' must be a lowercase slug "
                                  "(a-z, 0-9, '-', '.', '_')")
        found = self.fields(section, node, f"{singular} '{key}'")
        if section == "people" and found is not None and found["actor"].id == "scalar":
            ref = found["actor"]
            self.refs.append(("actor", ref.value, self.path, ref.start_mark.line + 1,
                              ref.start_mark.column + 1))
        values = self.values(found, section) if found is not None else None
        # a file defines an id once: pairs() refuses a repeated key, merge() a repeat across files
        self.where[(section, key)] = (self.path, id_node.start_mark.line + 1, id_node.start_mark.column + 1)
        if values is None:
            return
        table: dict[str, Any] = getattr(self.dataset, section)
        table[key] = {"actors": Actor, "topics": Topic, "sources": Source,
                      "people": Person}[section](id=key, **values)

    def stance(self, node: Any) -> None:
        found = self.fields("stances", node, "stance")
        if found is None:
            return
        for name in ("actor", "topic", "source"):
            ref = found[name]
            if ref.id == "scalar":
                mark = ref.start_mark
                self.refs.append((name, ref.value, self.path, mark.line + 1, mark.column + 1))
        values = self.values(found, "stances")
        if values is not None:
            mark = node.start_mark
            self.dataset.stances.append(Stance(**values, where=(self.path, mark.line + 1,
                                                                mark.column + 1)))

    def merge(self, fragment: Fragment) -> None:
        """Add one file's fragment: its ids must not be defined by an earlier file."""
        self.problems.extend(fragment.problems)
        for (section, key), where in fragment.where.items():
            first = self.where.setdefault((section, key), where)
            if first != where:
                self.problems.append(Problem(*where, (
                    f"duplicate {_SINGULAR[section]} id '{key}' (first at {first[0]}:{first[1]})")))
                continue
            record = getattr(fragment.dataset, section).get(key)
            if record is not None:
                getattr(self.dataset, section)[key] = record
        self.dataset.stances += fragment.dataset.stances
        self.pending.append(fragment)

    def check_references(self) -> None:
        """Cross-file checks: stances name known records; names and aliases are unambiguous."""
        data = self.dataset
        for fragment in self.pending:
            if fragment.refs is None:  # from the cache: read again only to place an unknown one
                stances = fragment.dataset.stances
                people = fragment.dataset.people.values()
                named = [("actors", {s.actor for s in stances} | {p.actor for p in people}),
                         ("topics", {s.topic for s in stances}),
                         ("sources", {s.source for s in stances})]
                unknown = any((section, value) not in self.where
                              for section, values in named for value in values)
                fragment.refs = (read_file(Path(fragment.path)).refs or []) if unknown else []
            self.refs += fragment.refs
        renamed = self.renamed_topics()
        for name, value, path, line, col in self.refs:
            if name == "topic" and value in renamed:
                continue  # an old id, kept as an alias of the topic that replaced it
            if (name + "s", value) not in self.where:  # defined, even if invalid (reported apart)
                if name not in self.defined:
                    self.defined[name] = [key for section, key in self.where if section == name + "s"]
                guess = self.suggest(value, self.defined[name])
                hint = f"; did you mean '{guess}'?" if guess else ""
                self.problems.append(Problem(path, line, col, f"unknown {name} '{value}'{hint}"))
        for section in ("actors", "topics"):
            owners: dict[str, str] = {}
            for record in getattr(data, section).values():
                for label in dict.fromkeys(x.casefold() for x in (record.id, record.name, *record.aliases)):
                    other = owners.setdefault(label, record.id)
                    if other != record.id:
                        path, line, col = self.where[(section, record.id)]
                        self.problems.append(Problem(path, line, col, (
                            f"'{label}' names both {_SINGULAR[section]} '{other}' and '{record.id}'")))
        self.check_people()
        if renamed:
            for stance in data.stances:
                if stance.topic not in data.topics and stance.topic in renamed:
                    stance.topic = renamed[stance.topic]

    def renamed_topics(self) -> dict[str, str]:
        """Old topic ids -> the topic that lists them among its aliases: a record written before a
        topic was renamed (`topic: us-led-order`) still loads, as the new topic's."""
        data = self.dataset
        return {alias: topic.id for topic in data.topics.values() for alias in topic.aliases
                if _ID.match(alias) and alias not in data.topics}

    def check_people(self) -> None:
        """A person's names are unambiguous among people, and never name an actor other than the
        one the person speaks for (`putin` must mean Russia wherever an actor is asked for)."""
        data = self.dataset
        actor_labels = {x.casefold(): a.id for a in data.actors.values() for x in (a.id, a.name, *a.aliases)}
        owners: dict[str, str] = {}
        for person in data.people.values():
            for label in dict.fromkeys(x.casefold() for x in (person.id, person.name, *person.aliases)):
                other = owners.setdefault(label, person.id)
                actor = actor_labels.get(label, person.actor)
                if other != person.id or actor != person.actor:
                    what = f"person '{other}'" if other != person.id else f"actor '{actor}'"
                    path, line, col = self.where[("people", person.id)]
                    self.problems.append(Problem(path, line, col, (
                        f"'{label}' names both {what} and person '{person.id}'")))

