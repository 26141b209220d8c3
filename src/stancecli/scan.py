"""What a document says that the data does not yet record: sentences naming an actor and a topic.

A sentence is a candidate when it names a known actor (a name or alias, a surname of a person, or
the forms a news text uses: "Russia's", "Russian", "Chinese", "Sino-") together with a known topic
(a name or alias, or enough key words of its proposition), and no recorded stance quotes it.

Matching is by token n-grams looked up in dictionaries built once (so 10,000 names cost no more per
sentence than ten); rapidfuzz judges what a dictionary cannot: whether a recorded quote covers the
sentence (partial_ratio, which finds a quote inside a longer sentence and a sentence inside a
longer quote, typographic differences aside).

Confidence, 0..1: actor strength x topic strength, where a name or alias is 1.0 and a derived form
(demonym, surname) 0.8; a topic named outright is 1.0, one found by k of its key words
0.5 + 0.5 * min(k, 4) / 4 (k >= 2).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from stancecli.model import Dataset

QUOTED_CUTOFF = 90.0  # partial_ratio (0-100) at which a recorded quote covers a sentence
MAX_LABEL_WORDS = 8
MIN_KEYWORDS = 2  # key words of a proposition that must appear for a topic without its name

_TOKEN = re.compile(r"\w+", re.UNICODE)
# a sentence ends at . ! ? (with closing quotes or brackets) before white space, or at a line break
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Prof|Jr|Sr|vs|etc|No|Co|Inc"
                           r"|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))\.\Z")

_INITIALISM = re.compile(r"(?:[A-Z]\.){2,}\Z")
# Demonyms and other forms that rules cannot derive; the rule covers -ia/-a (Russian, American)
IRREGULAR = {
    "China": ("Chinese", "Sino"), "Vietnam": ("Vietnamese",), "Japan": ("Japanese",),
    "Britain": ("British", "Briton", "Britons"), "United Kingdom": ("British",),
    "France": ("French",), "Germany": ("German", "Germans"), "Turkey": ("Turkish", "Turks"),
    "Ukraine": ("Ukrainian", "Ukrainians"), "Iran": ("Iranian", "Iranians"),
    "India": ("Indian", "Indians"), "Poland": ("Polish", "Poles"), "Korea": ("Korean", "Koreans"),
    "Israel": ("Israeli", "Israelis"), "Pakistan": ("Pakistani", "Pakistanis"),
    "Kazakhstan": ("Kazakh",), "European Union": ("European", "Europeans"), "Europe": ("European",),
    "Netherlands": ("Dutch",), "Spain": ("Spanish",), "Sweden": ("Swedish",),
    "Russia": ("Russo",), "United States": ("American", "Americans"),
}
_STOPWORDS = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just more most much must my
no nor not now of off on once only or other our ours out over own same she should so some such than
that the their theirs them then there these they this those through to too toward towards under
until up upon very was we were what when where which while who whom why will with would you your
instead versus between among become becoming being continue continues remain remains new
should would could ought make makes made take takes more less most least many much
support supports oppose opposes part whole world country countries state states nation nations
"""
STOPWORDS = frozenset(_STOPWORDS.split())  # function words, and words too common to mark a topic


@dataclass(slots=True)
class Candidate:
    """One sentence worth recording: where it is, whom and what it names, and how sure that is."""

    offset: int
    sentence: str
    actors: list[str]
    topics: list[str]
    confidence: float
    quoted: bool = False  # a recorded stance already quotes it (listed only with show_quoted)
    matched: list[str] = field(default_factory=list)  # the words that matched, for the reader


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs: split at . ! ? before white space and at line breaks.

    A period after a single capital (U.S.) or a common abbreviation (Mr., Feb.) ends nothing.
    """
    out: list[tuple[int, str]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group() != "\n" and _ABBREVIATION.search(text, max(start, end - 8), end):
            continue
        _add(out, text, start, end)
        start = end
    _add(out, text, start, len(text))
    return out


def _add(out: list[tuple[int, str]], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        out.append((start + len(chunk) - len(chunk.lstrip()), " ".join(stripped.split())))


def stem(word: str) -> str:
    """A crude stem for key words: lower case, common suffixes off, five letters at most.

    expansion/expand -> expan, sanctions/sanctioned -> sanct, currencies/currency -> curre.
    """
    word = word.casefold()
    for suffix in ("ations", "ation", "ings", "ing", "ions", "ion", "ies", "es", "ed", "s", "al", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:5]


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def demonyms(name: str) -> list[str]:
    """The forms of a place name a news text uses for its people and government."""
    forms = list(IRREGULAR.get(name, ()))
    if " " not in name and name[:1].isupper() and name != "China":
        if name.endswith("ia"):
            forms += [name + "n", name + "ns"]  # Russian(s), Australian(s)
        elif name.endswith("a"):
            forms += [name + "n", name + "ns"]  # American(s), Cuban(s)
    return forms


class Index:
    """Dictionaries from token n-grams to actors and topics, and from key-word stems to topics."""

    def __init__(self, data: Dataset) -> None:
        self.actor_labels: dict[tuple[str, ...], dict[str, float]] = {}
        self.topic_labels: dict[tuple[str, ...], set[str]] = {}
        self.keywords: dict[str, set[str]] = {}
        self.topic_keywords: dict[str, int] = {}
        self.longest = 1
        for actor in data.actors.values():
            if len(actor.id) <= 4 and actor.id.isalpha():
                self._actor(actor.id.upper(), actor.id, 1.0)  # us -> US, eu -> EU
            for label in (actor.name, *actor.aliases):
                self._actor(label, actor.id, 1.0)
                if _INITIALISM.match(label):
                    self._actor(label.replace(".", ""), actor.id, 1.0)  # U.S. -> US
                for form in demonyms(label):
                    self._actor(form, actor.id, 0.8)
            if actor.kind in ("person", "analyst"):
                surname = actor.name.split()[-1]
                if len(surname) >= 4 and surname[:1].isupper():
                    self._actor(surname, actor.id, 0.8)
        actor_stems = {stem(word) for label in self.actor_labels for word in label}
        for topic in data.topics.values():
            for label in (topic.name, *topic.aliases):
                words = tuple(w.casefold() for w in _tokens(label))
                if words:
                    self.topic_labels.setdefault(words, set()).add(topic.id)
                    self.longest = max(self.longest, min(len(words), MAX_LABEL_WORDS))
            stems = {stem(w) for w in _tokens(" ".join((topic.name, topic.proposition, *topic.aliases)))
                     if len(w) >= 4 and w.casefold() not in STOPWORDS}
            stems -= actor_stems
            self.topic_keywords[topic.id] = len(stems)
            for s in stems:
                self.keywords.setdefault(s, set()).add(topic.id)

    def _actor(self, label: str, actor: str, strength: float) -> None:
        words = tuple(_tokens(label))
        if not words or len(words) > MAX_LABEL_WORDS:
            return
        held = self.actor_labels.setdefault(words, {})
        held[actor] = max(held.get(actor, 0.0), strength)
        self.longest = max(self.longest, len(words))

    def match(self, sentence: str) -> tuple[dict[str, float], dict[str, float], list[str]]:
        """The actors and topics a sentence names, each with its strength, and the words matched."""
        words = _tokens(sentence)
        folded = [w.casefold() for w in words]
        actors: dict[str, float] = {}
        topics: dict[str, float] = {}
        matched: list[str] = []
        for i in range(len(words)):
            for n in range(1, min(self.longest, len(words) - i) + 1):
                held = self.actor_labels.get(tuple(words[i : i + n]))
                if held:
                    matched.append(" ".join(words[i : i + n]))
                    for actor, strength in held.items():
                        actors[actor] = max(actors.get(actor, 0.0), strength)
                named = self.topic_labels.get(tuple(folded[i : i + n]))
                if named:
                    matched.append(" ".join(words[i : i + n]))
                    for topic in named:
                        topics[topic] = 1.0
        if not actors:
            return actors, topics, matched
        hits: Counter[str] = Counter()
        words_of: dict[str, list[str]] = {}
        for w in words:
            if len(w) >= 4 and w.casefold() not in STOPWORDS:
                words_of.setdefault(stem(w), []).append(w)
        for s in words_of:
            for topic in self.keywords.get(s, ()):
                hits[topic] += 1
        for topic, k in hits.items():
            if topic not in topics and k >= min(MIN_KEYWORDS, self.topic_keywords[topic]):
                topics[topic] = 0.5 + 0.5 * min(k, 4) / 4
                matched += [words_of[s][0] for s in words_of if topic in self.keywords.get(s, ())]
        return actors, topics, matched


def scan(text: str, data: Dataset, quotes: list[str], show_quoted: bool = False) -> list[Candidate]:
    """The candidate sentences of `text`, in document order.

    `quotes` are the recorded quotes to compare with (the source's, or all); a sentence that one
    of them covers is left out, or marked, with show_quoted.
    """
    from rapidfuzz import fuzz, process

    from stancecli.verify import normalise

    index = Index(data)
    recorded = [normalise(q) for q in quotes if len(q.strip()) >= 10]
    found: list[Candidate] = []
    for offset, sentence in sentences(text):
        actors, topics, matched = index.match(sentence)
        if not actors or not topics:
            continue
        quoted = process.extractOne(normalise(sentence), recorded, scorer=fuzz.partial_ratio,
                                    score_cutoff=QUOTED_CUTOFF) is not None
        if quoted and not show_quoted:
            continue
        confidence = round(max(actors.values()) * max(topics.values()), 2)
        found.append(Candidate(
            offset, sentence,
            sorted(actors, key=lambda a: -actors[a]),  # stable: the first named first
            sorted(topics, key=lambda t: -topics[t]),
            confidence, quoted, list(dict.fromkeys(matched))))
    return found


def stubs(candidates: list[Candidate], source: str | None, date: str | None, document: str) -> str:
    """Ready-to-edit stance records, one per actor and topic of each candidate, as a YAML file.

    The position is left `unclear` and marked: the reader decides it, and trims the quote.
    """
    from stancecli.add import stance_text
    from stancecli.model import Stance

    out = [f"# Candidates from {document} found by `stance scan`: set each position (and basis),",
           "# trim each quote to the words that carry the stance, delete the rest; then paste the",
           "# records under `stances:` in your data folder, or run the `stance add` line above each.",
           "stances:"]
    for c in candidates:
        for actor in c.actors:
            for topic in c.topics:
                stance = Stance(actor, topic, "unclear", date or "YYYY-MM-DD", source or "SOURCE-ID",
                                "reported", c.sentence)
                out.append(_comment(f"offset {c.offset}, confidence {c.confidence:.2f}; matched: "
                                    + ", ".join(c.matched)))
                out.append(_comment(f"stance add -a {actor} -t {topic} -p POSITION -s {stance.source}"
                                    f" -q {_shell_quote(c.sentence)}"))
                out.append(stance_text(stance).rstrip("\n").replace(
                    "position: unclear", "position: unclear  # set it"))
    return "\n".join(out) + "\n"


def _comment(text: str) -> str:
    """A YAML comment line; characters a YAML file or a terminal must not see become spaces."""
    return "  # " + "".join(ch if ch.isprintable() else " " for ch in text)


def _shell_quote(text: str) -> str:
    import shlex

    return shlex.quote(" ".join(text.split()))
