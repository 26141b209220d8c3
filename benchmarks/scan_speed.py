"""`stance scan` of a 10,000-word document against 10,000 actor and topic names and 100,000
recorded stances (target: < 2 s), of a 4 MB document of full stops (target: < 2 s), and of 300
sentences of 5 to 8 words.

    python benchmarks/scan_speed.py [--words 10000] [--names 10000] [--stances 100000] [--reps 5]

Writes a dataset of N/2 actors and N/2 topics with coined names and aliases, S stances whose quotes
are news-like sentences (one in a hundred taken from the document, so that some sentences are
quoted), and a document of news-like sentences, one in three naming an actor and a topic. Each run
is a fresh `stance scan` process with a warm load cache (as a curator's second run), comparing the
document with every recorded quote (no source is given); the cold first run is shown apart.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SYLLABLES = ("ka", "lo", "ver", "an", "dri", "mes", "tor", "vi", "sa", "ne", "bal", "or", "quin",
             "ta", "ril", "gos", "ma", "pel", "zan", "ho", "dem", "ar", "li", "sto", "rek")
FILLER = ("the", "officials", "said", "on", "Tuesday", "that", "talks", "would", "continue", "over",
          "a", "period", "of", "weeks", "while", "observers", "noted", "progress", "in", "recent")


def coined(rng: random.Random, used: set[str]) -> str:
    while True:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4))).capitalize()
        if word not in used:
            used.add(word)
            return word


def build(work: Path, names: int, words: int, stances: int = 0, seed: int = 7) -> tuple[Path, Path]:
    rng = random.Random(seed)
    used: set[str] = set()
    actors, topics = {}, {}
    for i in range(names // 2):
        name = coined(rng, used)
        actors[f"a{i}"] = {"name": name, "kind": "state", "aliases": [coined(rng, used)]}
        topic = f"{coined(rng, used).lower()} {rng.choice(('treaty', 'pact', 'corridor', 'sanctions'))}"
        proposition = f"The {topic} should be {coined(rng, used).lower()}."
        topics[f"t{i}"] = {"name": topic, "proposition": proposition, "aliases": []}
    data = work / "data"
    data.mkdir()
    # JSON is YAML: the files are written fast and read by the same loader
    (data / "actors.yaml").write_text(json.dumps({"actors": actors}), encoding="utf-8")
    (data / "topics.yaml").write_text(json.dumps({"topics": topics}), encoding="utf-8")
    (data / "sources.yaml").write_text(json.dumps(
        {"sources": {"s": {"title": "S", "published": "2024"}}}), encoding="utf-8")
    actor_names = [a["name"] for a in actors.values()]
    topic_names = [t["name"] for t in topics.values()]
    out, count = [], 0
    while count < words:
        sentence = [rng.choice(FILLER) for _ in range(rng.randint(10, 20))]
        if rng.random() < 1 / 3:
            sentence[1] = rng.choice(actor_names) + "'s"
            sentence[-2] = rng.choice(topic_names)
        count += len(sentence)
        text = " ".join(sentence)
        out.append(text[0].upper() + text[1:] + ".")
    doc = work / "doc.txt"
    doc.write_text(" ".join(out) + "\n", encoding="utf-8")
    # a second document of 300 short sentences (5 to 8 words: each searched for in the text of
    # every quote), each naming an actor and a topic; every third held inside a longer quote
    short = [" ".join([rng.choice(actor_names) + "'s", *(rng.choice(FILLER) for _ in range(
        rng.randint(1, 4))), rng.choice(topic_names)]).capitalize() + "." for _ in range(300)]
    (work / "short.txt").write_text(" ".join(short) + "\n", encoding="utf-8")
    records = []
    for i in range(stances):
        quote = rng.choice(out) if i % 100 == 0 else " ".join(
            rng.choice(FILLER) for _ in range(rng.randint(8, 25)))
        if i % 100 == 50:
            quote = f"{quote}, and {short[i // 100 % 100 * 3].rstrip('.')}, {quote}"
        records.append({"actor": f"a{i % (names // 2)}", "topic": f"t{(i * 7) % (names // 2)}",
                        "position": "support", "date": "2024", "source": "s", "basis": "reported",
                        "quote": quote})
    (data / "stances.yaml").write_text(json.dumps({"stances": records}), encoding="utf-8")
    return data, doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--stances", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    stance = str(Path(sys.executable).with_name("stance"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data, doc = build(work, args.names, args.words, args.stances)
        dots = work / "dots.txt"
        dots.write_text("." * 4 * 2**20, encoding="utf-8")
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
        time.sleep(3.1)  # files changed in the last 3 s are not cached (see stancecli/cache.py)
        argv = [stance, "scan", str(doc), "--data", str(data), "--format", "json"]

        def once() -> tuple[float, int]:
            start = time.perf_counter()
            result = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
            return time.perf_counter() - start, len(json.loads(result.stdout)["candidates"])

        cold, found = once()
        warm = [once()[0] for _ in range(args.reps)]
        argv = [stance, "scan", str(dots), "--data", str(data), "--format", "json"]
        full_stops = [once()[0] for _ in range(args.reps)]
        argv = [stance, "scan", str(work / "short.txt"), "--data", str(data), "--format", "json"]
        short, short_found = once()
        shorts = [short, *(once()[0] for _ in range(args.reps - 1))]
    print(f"scan: {args.words:,} words, {args.names:,} names, {args.stances:,} stances "
          f"({found} candidates)")
    print(f"  cold (parse + cache): {cold:.2f} s")
    print(f"  warm: median {statistics.median(warm):.2f} s, fastest {min(warm):.2f} s  (target < 2 s)")
    print(f"scan: 4 MB of full stops, same data: median {statistics.median(full_stops):.2f} s, "
          f"fastest {min(full_stops):.2f} s  (target < 2 s)")
    print(f"scan: 300 sentences of 5 to 8 words naming an actor and a topic, a third held inside "
          f"recorded quotes ({short_found} candidates), same data: median "
          f"{statistics.median(shorts):.2f} s, fastest {min(shorts):.2f} s")


if __name__ == "__main__":
    main()
