"""Write a synthetic stancecli dataset of N stances as YAML, in the project's schema.

    python benchmarks/generate.py 100000 > /tmp/stances-100k.yaml
    python benchmarks/generate.py 10000 -o /tmp/10k.yaml --seed 7

Deterministic: the same N and seed give the same bytes. The dataset is shaped like the curated one,
only larger: about 200 actors and 500 topics at 100,000 stances (scaling with sqrt(N)), states first
(russia, china, us ... so that `stance show russia china` and `stance diff --topic taiwan` work at
every size), actors grouped in blocs whose positions correlate, several dated stances for some
(actor, topic) pairs, and quotes of realistic length and wording. Block style, as in data/.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from typing import TextIO

STATES = [
    ("russia", "Russia", ["Moscow", "Kremlin", "Russian Federation"]),
    ("china", "China", ["Beijing", "PRC"]),
    ("us", "United States", ["USA", "Washington", "U.S."]),
    ("eu", "European Union", ["Brussels"]),
    ("india", "India", ["New Delhi"]),
    ("japan", "Japan", ["Tokyo"]),
    ("uk", "United Kingdom", ["London", "Britain"]),
    ("france", "France", ["Paris"]),
    ("germany", "Germany", ["Berlin"]),
    ("brazil", "Brazil", ["Brasilia"]),
    ("turkey", "Turkey", ["Ankara", "Turkiye"]),
    ("iran", "Iran", ["Tehran"]),
    ("vietnam", "Vietnam", ["Hanoi"]),
    ("south-africa", "South Africa", ["Pretoria"]),
    ("australia", "Australia", ["Canberra"]),
    ("canada", "Canada", ["Ottawa"]),
    ("mexico", "Mexico", ["Mexico City"]),
    ("indonesia", "Indonesia", ["Jakarta"]),
    ("saudi-arabia", "Saudi Arabia", ["Riyadh"]),
    ("south-korea", "South Korea", ["Seoul", "ROK"]),
    ("north-korea", "North Korea", ["Pyongyang", "DPRK"]),
    ("pakistan", "Pakistan", ["Islamabad"]),
    ("israel", "Israel", ["Jerusalem"]),
    ("egypt", "Egypt", ["Cairo"]),
    ("nigeria", "Nigeria", ["Abuja"]),
    ("argentina", "Argentina", ["Buenos Aires"]),
    ("poland", "Poland", ["Warsaw"]),
    ("ukraine", "Ukraine", ["Kyiv"]),
    ("belarus", "Belarus", ["Minsk"]),
    ("kazakhstan", "Kazakhstan", ["Astana"]),
    ("nato", "NATO", ["North Atlantic Alliance"]),
    ("asean", "ASEAN", ["Association of Southeast Asian Nations"]),
    ("brics", "BRICS", []),
    ("sco", "Shanghai Cooperation Organisation", ["SCO"]),
    ("african-union", "African Union", ["AU"]),
    ("un", "United Nations", ["UN"]),
]
KIND_OF = {"eu": "bloc", "asean": "bloc", "brics": "bloc", "african-union": "bloc",
           "nato": "alliance", "sco": "organization", "un": "organization"}
TOPICS = [
    ("taiwan", "Taiwan", "Taiwan is an inalienable part of China and its independence should be "
     "opposed.", ["taiwan question"]),
    ("nato-expansion", "NATO expansion", "NATO should continue to expand eastward, toward Russia.",
     ["NATO enlargement"]),
    ("aukus", "AUKUS", "The AUKUS pact strengthens security in the Indo-Pacific.", []),
    ("dollar-trade", "Trade in dollars", "Trade should move from the US dollar to national "
     "currencies.", ["de-dollarization"]),
    ("multipolar-order", "Multipolar order", "The world is, and should be, becoming multipolar.",
     ["multipolarity"]),
    ("sanctions-russia", "Sanctions on Russia", "Western sanctions on Russia are justified.", []),
]
SYLLABLES = ("ka", "lo", "ver", "an", "dri", "mes", "tor", "vi", "sa", "ne", "bal", "or", "quin",
             "ta", "ril", "gos", "ma", "pel", "u", "zan", "ho", "dem", "ar", "li", "sto", "rek")
KINDS = ("state", "state", "state", "state", "organization", "person", "person", "analyst")
ADJECTIVES = ("Arctic", "digital", "maritime", "nuclear", "regional", "energy", "grain", "space",
              "cyber", "financial", "border", "climate", "water", "semiconductor", "rare-earth",
              "pipeline", "naval", "humanitarian", "monetary", "data", "refugee", "fisheries")
NOUNS = ("security pact", "trade corridor", "arms control treaty", "export controls",
         "sanctions regime", "currency swap line", "shipping lanes", "investment screening",
         "peacekeeping mission", "development bank", "free trade area", "basing rights",
         "technology transfer", "debt relief", "visa regime", "observer status", "ceasefire")
PROPOSITIONS = ("The {x} should be expanded.", "The {x} serves the region's long-term interests.",
                "Governments should join the {x}.", "The {x} should be suspended until reviewed.")
OUTLETS = ("Global Observer", "RT", "Xinhua", "Reuters", "Valuewalk", "The Diplomat", "TASS",
           "Foreign Affairs", "Al Jazeera", "Nikkei Asia", "Le Monde", "Der Spiegel")
VERBS = {
    -2: ("flatly rejects", "will never accept", "condemns in the strongest terms"),
    -1: ("has serious reservations about", "does not support", "is sceptical of"),
    0: ("takes no side on", "remains neutral on", "calls for dialogue on"),
    1: ("supports", "welcomes", "is open to"),
    2: ("firmly backs", "fully endorses", "will do everything to advance"),
}
OPENERS = ("We have said many times that", "Let me be clear:", "As our minister said yesterday,",
           "The position of our government is unchanged:", "It is no secret that",
           "Speaking to reporters, the spokesperson said that", "In the joint statement,",
           "According to officials familiar with the talks,", "Analysts note that")
CLOSERS = ("and this will not change.", "in the interest of peace and stability.",
           "whatever pressure is applied from outside.", "as long as our partners do the same.",
           "and expects others to respect that choice.", "in line with international law.",
           "because it reflects the will of the people.", "and will keep saying so at the UN.")
SECONDS = ("This is a matter of principle.", "Our partners know this well.",
           "The decision was not taken lightly.", "Dialogue remains the only way forward.",
           "History will judge those who think otherwise.", "We call on all sides to show restraint.")
POSITION_OF = {-2: "strongly-oppose", -1: "oppose", 0: "neutral", 1: "support",
               2: "strongly-support"}
BASES = ("stated", "stated", "reported", "inferred")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _coined(rng: random.Random, used: set[str]) -> str:
    while True:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if len(word) >= 4 and word not in used:
            used.add(word)
            return word


def sizes(n: int) -> tuple[int, int, int]:
    """(actors, topics, sources) for n stances: 200 actors and 500 topics at 100,000 stances."""
    scale = math.sqrt(n / 100_000)
    return max(6, round(200 * scale)), max(8, round(500 * scale)), max(3, n // 50)


def generate(n: int, out: TextIO, seed: int = 20220204) -> None:
    rng = random.Random(seed)
    n_actors, n_topics, n_sources = sizes(n)
    labels: set[str] = set()  # every id, name and alias, casefolded: all must be unambiguous
    for ident, name, aliases in STATES:
        labels.update(x.casefold() for x in (ident, name, *aliases))

    actors = []  # (id, name, kind, aliases)
    for ident, name, aliases in STATES[:n_actors]:
        actors.append((ident, name, KIND_OF.get(ident, "state"), aliases))
    while len(actors) < n_actors:
        word = _coined(rng, labels)
        kind = rng.choice(KINDS)
        name = {"person": f"{word.title()} {_coined(rng, labels).title()}",
                "analyst": f"Dr {word.title()}", "organization": f"{word.title()} Council"}.get(
                    kind, f"Republic of {word.title()}")
        if name.casefold() in labels:
            continue
        labels.add(name.casefold())
        actors.append((word, name, kind, [word.title()] if kind == "state" else []))

    topics = list(TOPICS[:n_topics])
    topic_labels = {x.casefold() for t in topics for x in (t[0], t[1], *t[3])}
    while len(topics) < n_topics:
        thing = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        name = f"{thing[0].upper()}{thing[1:]}"
        ident = thing.lower().replace(" ", "-")
        if ident in topic_labels:
            ident = f"{ident}-{_coined(rng, topic_labels)}"
            name = f"{name} ({ident.rsplit('-', 1)[1].title()})"
        topic_labels.update((ident, name.casefold()))
        topics.append((ident, name, rng.choice(PROPOSITIONS).format(x=thing), []))

    sources = []
    for i in range(n_sources):
        year, month, day = rng.randint(2010, 2025), rng.randint(1, 12), rng.randint(1, 28)
        outlet = rng.choice(OUTLETS)
        published = f"{year}-{month:02d}-{day:02d}" if i % 3 else f"{year}-{month:02d}"
        sources.append((f"src-{i:05d}", f"{outlet} report {i}: talks, trade and security",
                        published, outlet, f"https://example.org/{year}/{i:05d}", f"{i:05d}.txt"))

    # blocs: each has a latent position on every topic; members follow it, with noise
    n_blocs = max(2, n_actors // 12)
    latent = [[rng.randint(-2, 2) for _ in topics] for _ in range(n_blocs)]
    bloc_of = [rng.randrange(n_blocs) for _ in actors]
    bloc_of[:3] = [0, 0, 1]  # russia and china together, the us apart

    w = out.write
    w(f"# Synthetic stancecli dataset: {n} stances, {n_actors} actors, {n_topics} topics, "
      f"{n_sources} sources (benchmarks/generate.py, seed {seed}).\n")
    w("actors:\n")
    for ident, name, kind, aliases in actors:
        w(f"  {ident}:\n    name: {_q(name)}\n    kind: {kind}\n")
        if aliases:
            w(f"    aliases: [{', '.join(_q(a) for a in aliases)}]\n")
    w("topics:\n")
    for ident, name, proposition, aliases in topics:
        w(f"  {ident}:\n    name: {_q(name)}\n    proposition: {_q(proposition)}\n")
        if aliases:
            w(f"    aliases: [{', '.join(_q(a) for a in aliases)}]\n")
    w("sources:\n")
    for ident, title, published, outlet, url, file in sources:
        w(f"  {ident}:\n    title: {_q(title)}\n    outlet: {outlet}\n"
          f"    published: \"{published}\"\n    url: {url}\n    file: {file}\n")
    w("stances:\n")
    for _ in range(n):
        a = min(int(rng.paretovariate(1.2)) - 1, n_actors - 1) if rng.random() < 0.3 \
            else rng.randrange(n_actors)
        t = rng.randrange(n_topics)
        ident, name = actors[a][0], actors[a][1]
        topic = topics[t]
        source = sources[rng.randrange(n_sources)]
        if rng.random() < 0.04:
            score, position = None, "unclear"
        else:
            score = max(-2, min(2, latent[bloc_of[a]][t] + rng.choice((-1, 0, 0, 0, 0, 1))))
            position = POSITION_OF[score]
        verb = rng.choice(VERBS[score if score is not None else 0])
        quote = (f"{rng.choice(OPENERS)} {name} {verb} {topic[1][0].lower()}{topic[1][1:]}, "
                 f"{rng.choice(CLOSERS)}")
        if rng.random() < 0.2:
            quote += f" {rng.choice(SECONDS)}"
        w(f"  - actor: {ident}\n    topic: {topic[0]}\n    position: {position}\n"
          f"    date: \"{source[2]}\"\n    source: {source[0]}\n"
          f"    basis: {rng.choice(BASES)}\n    quote: {_q(quote)}\n")
        if rng.random() < 0.2:
            w(f"    speaker: {_q(f'Spokesperson of {name}')}\n")
        if rng.random() < 0.1:
            w(f"    note: {_q(f'Paraphrased in {source[3]}; the full remarks are longer.')}\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of stances")
    parser.add_argument("-o", "--output", help="file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=20220204)
    args = parser.parse_args(argv)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n") as out:
            generate(args.n, out, args.seed)
    else:
        generate(args.n, sys.stdout, args.seed)


if __name__ == "__main__":
    main()
