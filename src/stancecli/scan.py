"""What a document says that the data does not yet record: sentences naming an actor and a topic.

A sentence is a candidate when it names a known actor (a name or alias, a person who speaks for
it, or the forms a news text uses: "Russia's", "Russian", "Chinese", "Sino-", "Mr Putin") together
with a known topic (a name or alias, a curated key word, or enough key words of its proposition),
and no recorded stance quotes it.

Whose position a sentence gives: the actors named before its first reporting verb ("Moscow said",
"the Kremlin warned"), the words inside a quotation aside (`"...," Putin said` is Russia's, whatever
the quotation names); "the two countries", "both sides" are the actors named in that sentence or in
the one before. Other actors the sentence names are listed apart (`named`), not proposed.

Matching is by token n-grams looked up in dictionaries built once (so 10,000 names cost no more per
sentence than ten). Whether a recorded quote covers a sentence is asked only of quotes that share
five words in a row with it (looked up in the document's), then judged by rapidfuzz's
partial_ratio (a quote inside a longer sentence, or a sentence inside a longer quote).

Confidence, 0..1: actor strength x topic strength, where a name or alias is 1.0, a person's surname
0.9 and a derived form (demonym) 0.8; a topic named outright is 1.0, by a curated key word 0.9,
one found by k of its proposition's key words 0.5 + 0.5 * min(k, 4) / 4 (k >= 2).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from stancecli.model import Dataset
from stancecli.sentences import sentences

QUOTED_CUTOFF = 90.0  # partial_ratio (0-100) at which a recorded quote covers a sentence
MAX_LABEL_WORDS = 8
MIN_KEYWORDS = 2  # key words of a proposition that must appear for a topic without its name
SHINGLE = 5  # words per n-gram when looking for the recorded quotes that may cover a sentence
STRIDE = 5  # of a recorded quote's runs of SHINGLE words, one in every STRIDE is looked up
# a sentence that a quote holds shares one of the runs looked up when it has at least this many
# words; a shorter one is searched for in the quotes' text
HELD = SHINGLE + STRIDE - 1
MAX_KEYWORD_TOPICS = 4  # a proposition's word shared by more topics than this marks none of them

_TOKEN = re.compile(r"\w+", re.UNICODE)
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


# Verbs that report what an actor says or does about a topic: the actors named before the first
# of them give the sentence's position ("Moscow said", "Beijing has repeatedly condemned")
REPORTING = frozenset("""
say says said saying tell tells told add adds added stress stresses stressed insist insists insisted
warn warns warned urge urges urged call calls called accuse accuses accused condemn condemns
condemned criticise criticises criticised criticize criticizes criticized pledge pledges pledged
vow vows vowed agree agrees agreed reject rejects rejected dismiss dismisses dismissed back backs
backed support supports supported oppose opposes opposed declare declares declared announce
announces announced reaffirm reaffirms reaffirmed echo echoes echoed describe describes described
renew renews renewed regard regards regarded argue argues argued claim claims claimed believe
believes believed want wants wanted sign signs signed approve approves approved refuse refuses
refused welcome welcomes welcomed demand demands demanded express expresses expressed note notes
noted state stated affirm affirms affirmed maintain maintains maintained use uses used press
presses pressed seek seeks sought hope hopes hoped plan plans planned intend intends intended
promise promises promised threaten threatens threatened fear fears feared voice voices voiced
""".split())  # noqa: SIM905 - a list of words reads best as words
# "the two countries", "both sides": the actors of this sentence or the one before
_GROUP_FIRST = frozenset({"two", "both"})
_GROUP_NOUNS = frozenset({"countries", "nations", "sides", "leaders", "governments", "powers",
                          "states", "neighbours", "neighbors", "capitals", "partners", "presidents"})
_PRONOUNS = frozenset({"they", "he", "she"})
_QUOTE_MARKS = re.compile("[\"\u201c\u201d\u201e]")
GROUP_STRENGTH = 0.9
SURNAME_STRENGTH = 0.9
DERIVED_STRENGTH = 0.8
KEYWORD_STRENGTH = 0.9
TOPIC_MARGIN = 0.85  # topics found less strongly than this share of the strongest are left out
_CLOSING = "\"'\u201d\u2019)] "


@dataclass(slots=True)
class Candidate:
    """One sentence worth recording: where it is, whom and what it names, and how sure that is."""

    offset: int
    sentence: str
    actors: list[str]  # whose position the sentence gives, most likely first
    topics: list[str]
    confidence: float
    quoted: bool = False  # a recorded stance already quotes it (listed only with show_quoted)
    matched: list[str] = field(default_factory=list)  # the words that matched, for the reader
    named: list[str] = field(default_factory=list)  # every actor the sentence names


@dataclass(slots=True)
class Reading:
    """What one sentence names: actors (strength, and whether each is the sentence's subject),
    topics (strength), and the words that matched."""

    actors: dict[str, float] = field(default_factory=dict)
    subject: list[str] = field(default_factory=list)  # the actors whose position it gives
    group: int = 0  # how many actors a group phrase ("the two countries") stands for, 0 if none
    group_in_subject: bool = False
    ahead: list[str] = field(default_factory=list)  # the actors named before the group phrase
    pronoun: str | None = None  # "they", "he" or "she" as the subject, when the sentence opens so
    topics: dict[str, float] = field(default_factory=dict)
    matched: list[str] = field(default_factory=list)


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
    if " " not in name and name[:1].isupper() and name != "China" and name.endswith("a"):
        forms += [name + "n", name + "ns"]  # Russian(s), American(s), Australian(s)
    return forms


class Index:
    """Dictionaries from token n-grams to actors and topics, and from key-word stems to topics."""

    def __init__(self, data: Dataset) -> None:
        self.actor_labels: dict[tuple[str, ...], dict[str, float]] = {}
        self.topic_labels: dict[tuple[str, ...], dict[str, float]] = {}  # folded (stemmed for keywords)
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
                    self._actor(form, actor.id, DERIVED_STRENGTH)
            if actor.kind in ("person", "analyst"):
                self._surname(actor.name, actor.id)
        for person in data.people.values():
            if person.actor in data.actors:
                for label in (person.name, *person.aliases):
                    self._actor(label, person.actor, 1.0)
                self._surname(person.name, person.actor)  # Mr Putin, President Putin, Putin's
        actor_stems = {stem(word) for label in self.actor_labels for word in label}
        for topic in data.topics.values():
            for label in (topic.name, *topic.aliases):
                self._topic(tuple(w.casefold() for w in _tokens(label)), topic.id, 1.0)
            for keyword in topic.keywords:
                self._topic(tuple(stem(w) for w in _tokens(keyword)), topic.id, KEYWORD_STRENGTH)
            stems = {stem(w) for w in _tokens(" ".join((topic.name, topic.proposition, *topic.aliases)))
                     if len(w) >= 4 and w.casefold() not in STOPWORDS}
            stems -= actor_stems
            self.topic_keywords[topic.id] = len(stems)
            for s in stems:
                self.keywords.setdefault(s, set()).add(topic.id)
        for s in [s for s, held in self.keywords.items() if len(held) > MAX_KEYWORD_TOPICS]:
            del self.keywords[s]  # too common to tell topics apart ("order", "treaty")

    def _actor(self, label: str, actor: str, strength: float) -> None:
        words = tuple(_tokens(label))
        if not words or len(words) > MAX_LABEL_WORDS:
            return
        held = self.actor_labels.setdefault(words, {})
        held[actor] = max(held.get(actor, 0.0), strength)
        self.longest = max(self.longest, len(words))

    def _surname(self, name: str, actor: str) -> None:
        surname = name.split()[-1]
        if len(surname) >= 4 and surname[:1].isupper():
            self._actor(surname, actor, SURNAME_STRENGTH)

    def _topic(self, words: tuple[str, ...], topic: str, strength: float) -> None:
        if not words or len(words) > MAX_LABEL_WORDS:
            return
        held = self.topic_labels.setdefault(words, {})
        held[topic] = max(held.get(topic, 0.0), strength)
        self.longest = max(self.longest, len(words))

    def read(self, sentence: str) -> Reading:
        """What `sentence` names, and whose position it gives (see the module docstring)."""
        spans = [(m.start(), m.group()) for m in _TOKEN.finditer(sentence)]
        words = [w for _, w in spans]
        folded = [w.casefold() for w in words]
        stems = [stem(w) for w in words]
        quoted = _inside_quotes(sentence, [at for at, _ in spans])
        # a reporting word inside an actor's name is not the verb: "Said" of "Said Jalili said"
        in_name = {k for i in range(len(words)) for n in range(1, min(self.longest, len(words) - i) + 1)
                   if tuple(words[i : i + n]) in self.actor_labels for k in range(i, i + n)}
        verb = next((i for i, w in enumerate(folded)
                     if w in REPORTING and not quoted[i] and i not in in_name), len(words))
        found = Reading()
        subject: dict[str, None] = {}
        for i in range(len(words)):
            for n in range(1, min(self.longest, len(words) - i) + 1):
                held = self.actor_labels.get(tuple(words[i : i + n]))
                if held:
                    found.matched.append(" ".join(words[i : i + n]))
                    for actor, strength in held.items():
                        found.actors[actor] = max(found.actors.get(actor, 0.0), strength)
                        if i < verb and not quoted[i]:
                            subject[actor] = None
                for key in (tuple(folded[i : i + n]), tuple(stems[i : i + n])):
                    named = self.topic_labels.get(key)
                    if named:
                        found.matched.append(" ".join(words[i : i + n]))
                        for topic, strength in named.items():
                            found.topics[topic] = max(found.topics.get(topic, 0.0), strength)
            if i + 1 < len(words) and folded[i + 1] in _GROUP_NOUNS and (
                    folded[i] in _GROUP_FIRST or (folded[i] == "the" and folded[i + 1] == "nations")):
                if not found.group:
                    found.ahead = list(found.actors)
                found.group = 2 if folded[i] in _GROUP_FIRST else 3
                found.group_in_subject = found.group_in_subject or (i < verb and not quoted[i])
        found.subject = list(subject) if verb < len(words) else []
        if folded and folded[0] in _PRONOUNS and not quoted[0]:
            found.pronoun = "they" if folded[0] == "they" else "he"
        self._keywords(words, found)
        found.matched = list(dict.fromkeys(found.matched))
        return found

    def _keywords(self, words: list[str], found: Reading) -> None:
        """Topics found by MIN_KEYWORDS key words of their proposition (or all, if it has fewer)."""
        hits: Counter[str] = Counter()
        words_of: dict[str, list[str]] = {}
        for w in words:
            if len(w) >= 4 and w.casefold() not in STOPWORDS:
                words_of.setdefault(stem(w), []).append(w)
        for s in words_of:
            for topic in self.keywords.get(s, ()):
                hits[topic] += 1
        for topic, k in hits.items():
            if topic not in found.topics and k >= min(MIN_KEYWORDS, self.topic_keywords[topic]):
                found.topics[topic] = 0.5 + 0.5 * min(k, 4) / 4
                found.matched += [words_of[s][0] for s in words_of if topic in self.keywords.get(s, ())]


def _inside_quotes(sentence: str, offsets: list[int]) -> list[bool]:
    """For each word offset, whether it lies inside a quotation (between paired quotation marks)."""
    marks = [m.start() for m in _QUOTE_MARKS.finditer(sentence)]
    pairs = list(zip(marks[::2], marks[1::2], strict=False))
    return [any(a < at < b for a, b in pairs) for at in offsets]


def speakers(reading: Reading, before: list[str]) -> list[str]:
    """The actors whose position a sentence gives: its subject, with a group phrase ("the two
    countries") resolved from the actors named before it in the sentence, else from `before` (those
    of the sentences before), and a subject pronoun ("They said", "He added") from `before`; else
    every actor the sentence names."""
    group: list[str] = []
    if reading.group:
        group = (reading.ahead if len(reading.ahead) >= 2 else before)[: reading.group]
        if len(group) < 2:
            group = []
    if group and (reading.group_in_subject or not reading.subject):
        return list(dict.fromkeys([*group, *reading.subject]))
    if reading.subject:
        return reading.subject
    if reading.pronoun and before:
        return before[:2] if reading.pronoun == "they" else before[:1]
    return list(dict.fromkeys([*sorted(reading.actors, key=lambda a: -reading.actors[a]), *group]))


class Recorded:
    """The recorded quotes, looked up by the runs of SHINGLE words they share with a document's sentences:
    only those are compared (with partial_ratio) with a sentence. Every run of each sentence is
    indexed (a document's are few); of each quote only one run in every STRIDE words and its last
    are looked up (100,000 quotes of 20 words cost some 500,000 look-ups), enough to meet a
    sentence that holds the quote and one of HELD words or more that the quote holds; a shorter
    sentence is searched for in the text of every quote."""

    def __init__(self, quotes: Iterable[str], sentences: list[str]) -> None:
        from stancecli.verify import normalise

        grams: dict[tuple[str, ...], list[int]] = {}
        for index, sentence in enumerate(sentences):
            words = _folded(sentence)
            for n in range(1, SHINGLE + 1):
                for i in range(len(words) - n + 1):
                    grams.setdefault(tuple(words[i : i + n]), []).append(index)
        self.near: dict[int, list[str]] = {}
        self.quotes = [quote for quote in quotes if len(quote.strip()) >= 10]
        self.joined: str | None = None  # every quote's words, for sentences of fewer than HELD
        look = grams.get
        for quote, folded in zip(self.quotes, _folded_all(self.quotes), strict=True):
            words = folded.split()
            last = len(words) - SHINGLE  # the start of the last run
            if last <= 0:  # a short quote: its words are its one run
                hit = set(look(tuple(words), ()))
            else:
                hit = set()
                for i in (*range(0, last, STRIDE), last):
                    hit.update(look(tuple(words[i : i + SHINGLE]), ()))
            if hit:
                text = normalise(quote)
                for index in hit:
                    self.near.setdefault(index, []).append(text)

    def covers(self, index: int, sentence: str) -> bool:
        """Whether a recorded quote covers sentence number `index` (`sentence`, normalised)."""
        from rapidfuzz import fuzz, process

        near = self.near.get(index)
        if near and process.extractOne(sentence, near, scorer=fuzz.partial_ratio,
                                       score_cutoff=QUOTED_CUTOFF) is not None:
            return True
        words = _folded(sentence)
        if len(words) >= HELD:
            return False
        # a short sentence: is it, words folded, inside a quote? (one search of all quotes)
        if self.joined is None:
            self.joined = "\n".join(" " + " ".join(_folded(quote)) + " " for quote in self.quotes)
        return bool(words) and " " + " ".join(words) + " " in self.joined


_PUNCTUATION = "!\"#$%&()*+,./:;<=>?@[\\]^_`{|}~\u2018\u2019\u201c\u201d\u2013\u2014'-"
_FOLD = str.maketrans({c: " " for c in _PUNCTUATION})


def _folded(text: str) -> list[str]:
    """The words of `text` for the look-ups: case and punctuation folded away."""
    return text.casefold().translate(_FOLD).split()


def _folded_all(texts: list[str]) -> list[str]:
    """Each text case- and punctuation-folded (its words split by whitespace), in one pass over
    all of them: 100,000 quotes cost one casefold and one translate, not 100,000 of each."""
    folded = "\0".join(texts).casefold().translate(_FOLD).split("\0")
    if len(folded) != len(texts):  # a text holding a NUL itself: one at a time
        folded = [text.casefold().translate(_FOLD) for text in texts]
    return folded


def scan(text: str, data: Dataset, quotes: list[str], show_quoted: bool = False) -> list[Candidate]:
    """The candidate sentences of `text`, in document order.

    `quotes` are the recorded quotes to compare with (the source's, or all); a sentence that one
    of them covers is left out, or marked, with show_quoted.
    """
    from stancecli.verify import normalise

    index = Index(data)
    found: list[Candidate] = []
    pairs = sentences(text)
    recorded = Recorded(quotes, [sentence for _, sentence in pairs])
    history: list[list[str]] = []  # the actors of the two sentences before, the latest last
    for number, (offset, sentence) in enumerate(pairs):
        reading = index.read(sentence)
        # "the two countries": the actors of the sentence before, or of the one before that when
        # the sentence before names fewer than two; "he said": the first of the sentence before
        before = next((h for h in reversed(history) if len(h) >= 2), history[-1] if history else [])
        if reading.pronoun == "he" and history:
            before = history[-1]
        actors = speakers(reading, before)  # none when the sentence names nobody
        history = [*history[-1:], list(dict.fromkeys([*actors, *reading.actors]))]
        if not actors or not reading.topics or sentence.rstrip(_CLOSING).endswith("?"):
            continue  # a question takes no position
        best = max(reading.topics.values())
        topics = {t: strength for t, strength in reading.topics.items() if strength >= best * TOPIC_MARGIN}
        quoted = recorded.covers(number, normalise(sentence))
        if quoted and not show_quoted:
            continue
        strength = max(reading.actors.get(a, GROUP_STRENGTH) for a in actors)
        confidence = round(strength * best, 2)
        found.append(Candidate(
            offset, sentence, actors,
            sorted(topics, key=lambda t: -topics[t]),
            confidence, quoted, reading.matched,
            sorted(reading.actors, key=lambda a: -reading.actors[a])))
    return found


def stubs(candidates: list[Candidate], source: str | None, date: str | None, document: str) -> str:
    """Ready-to-edit stance records, one per actor and topic of each candidate, as a YAML file.

    The position is left `unclear` and marked: the reader decides it, and trims the quote. Every
    text from the document (and its name) is written escaped: a double-quoted YAML string that reads
    back as the sentence exactly, comments without a control character (a terminal's, or a line
    break of YAML's), `stance add` lines quoted for the shell.
    """
    source_id = source or "SOURCE-ID"
    out = [f"# Candidates from {_escaped(document)} found by `stance scan`: set each position (and",
           "# basis), trim each quote to the words that carry the stance, delete the rest; then paste",
           "# the records under `stances:` in your data folder, or run the `stance add` line above each.",
           "stances:"]
    for c in candidates:
        for actor in c.actors:
            for topic in c.topics:
                out += [f"  # offset {c.offset}, confidence {c.confidence:.2f}; matched: "
                        + _escaped(", ".join(c.matched)),
                        f"  # stance add -a {actor} -t {topic} -p POSITION -s {source_id} -q "
                        + shell_quote(c.sentence),
                        f"  - actor: {actor}",
                        f"    topic: {topic}",
                        "    position: unclear  # set it",
                        f"    date: {yaml_string(date or 'YYYY-MM-DD')}",
                        f"    source: {source_id}",
                        "    basis: reported",
                        f"    quote: {yaml_string(c.sentence)}"]
    return "\n".join(out) + "\n"


def _hidden(ch: str) -> bool:
    """A character a terminal or YAML must not see raw: controls, format characters (bidi
    overrides), line and paragraph separators, unassigned and private code points."""
    return not ch.isprintable() or ch in "\ufeff\ufffe\uffff"


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escaped(text: str) -> str:
    """`text` for a comment line: each hidden character as its escape (visible, on one line)."""
    return "".join(_escape(ch) if _hidden(ch) else ch for ch in text)


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar that reads back as `text`, every hidden character escaped."""
    body = "".join(_escape(ch) if _hidden(ch) else "\\\\" if ch == "\\" else '\\"' if ch == '"' else ch
                   for ch in text)
    return f'"{body}"'


def shell_quote(text: str) -> str:
    """`text` as one shell word: single-quoted, or, when it holds a hidden character, in ANSI-C
    quotes ($'...', bash, zsh and ksh, in a UTF-8 locale) with the character escaped."""
    import shlex

    if not any(_hidden(ch) for ch in text):
        return shlex.quote(text)
    body = "".join(_shell_escape(ch) if _hidden(ch) else "\\\\" if ch == "\\" else "\\'" if ch == "'" else ch
                   for ch in text)
    return f"$'{body}'"


def _shell_escape(ch: str) -> str:
    """An ANSI-C escape: \\xHH is a byte there, so a character past ASCII is \\u or \\U (its
    UTF-8 bytes in a UTF-8 locale)."""
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
