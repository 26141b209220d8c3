"""How well `stance scan` proposes positions: on the five seed documents (in sample) and on test
articles its vocabulary was not tuned on (out of sample).

    python benchmarks/scan_quality.py [--seeds ../shared/seeds] [-v]
    python benchmarks/scan_quality.py --out-of-sample [--floor-recall 0.6 --floor-precision 0.6] [-v]

A position is an actor and a topic in a sentence: the curated stances (in sample) or the hand
coding of tests/data/outofsample/*.yaml (out of sample). Each document is scanned with every
sentence kept (as `--all`), and each proposed sentence offers every pair of its actors and topics.

- recall: the share of positions whose quote lies in (or covers) a proposed sentence that offers
  the position's actor and topic; "sentence recall" asks only for the sentence;
- precision: the share of offered actor-topic pairs that are positions of that sentence. In sample
  the curators did not record every position, so this is a lower bound; the older, looser
  "sentence precision" (the share of proposed sentences a recorded stance quotes) is shown beside.

With floors, exits 1 when a figure is under its floor (CI runs the out-of-sample benchmark so).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from stancecli.layers import layer_files, layer_specs
from stancecli.loader import load_dataset
from stancecli.model import Dataset
from stancecli.scan import QUOTED_CUTOFF, scan
from stancecli.verify import normalise

ROOT = Path(__file__).resolve().parents[1]
OUT_OF_SAMPLE = ROOT / "tests" / "data" / "outofsample"


@dataclass
class Tally:
    positions: int = 0
    recalled: int = 0
    sentence_recalled: int = 0
    offered: int = 0  # actor-topic pairs offered by proposed sentences
    right: int = 0  # of them, positions of their sentence
    proposed: int = 0  # sentences
    quoted: int = 0  # of them, holding a position

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.recalled / max(self.positions, 1)

    @property
    def precision(self) -> float:
        return self.right / max(self.offered, 1)

    def row(self, name: str) -> str:
        return (f"{name:24} {self.positions:9} {self.recall:7.0%} "
                f"{self.sentence_recalled / max(self.positions, 1):7.0%} {self.offered:7} "
                f"{self.precision:9.0%} {self.proposed:8} {self.quoted / max(self.proposed, 1):10.0%}")


HEADER = (f"{'document':24} {'positions':>9} {'recall':>7} {'sent.':>7} {'offered':>7} {'precision':>9} "
          f"{'proposed':>8} {'sent.prec.':>10}")


def measure(text: str, data: Dataset, positions: list[tuple[str, str, str]], quotes: list[str],
            verbose: bool = False) -> Tally:
    """Scan `text` and compare with `positions` (quote, actor, topic); `quotes` are what scan is
    told is recorded (it marks those sentences as quoted)."""
    found = scan(text, data, quotes, show_quoted=True)
    tally = Tally(positions=len(positions), proposed=len(found))
    sentences = [normalise(c.sentence) for c in found]
    holds = [[fuzz.partial_ratio(normalise(q), s) >= QUOTED_CUTOFF for s in sentences]
             for q, _, _ in positions]
    for (quote, actor, topic), held in zip(positions, holds, strict=True):
        near = [c for c, h in zip(found, held, strict=True) if h]
        tally.sentence_recalled += bool(near)
        hit = any(actor in c.actors and topic in c.topics for c in near)
        tally.recalled += hit
        if verbose and not hit:
            print(f"  miss {actor}/{topic}: {quote[:90]!r}"
                  + (f" (proposed as {near[0].actors}/{near[0].topics})" if near else
                     " (sentence not proposed)"))
    for i, c in enumerate(found):
        mine = {(a, t) for (_, a, t), held in zip(positions, holds, strict=True) if held[i]}
        tally.quoted += bool(mine)
        for a in c.actors:
            for t in c.topics:
                tally.offered += 1
                tally.right += (a, t) in mine
                if verbose and (a, t) not in mine:
                    print(f"  noise {a}/{t}: {c.sentence[:90]!r}")
    return tally


def in_sample(seeds: Path, verbose: bool) -> Tally:
    data = curated_with_people()
    total = Tally()
    for source in data.sources.values():
        text = (seeds / str(source.file)).read_text(encoding="utf-8")
        records = [s for s in data.stances if s.source == source.id]
        if verbose:
            print(source.id)
        tally = measure(text, data, [(s.quote, s.actor, s.topic) for s in records],
                        [s.quote for s in records], verbose)
        print(tally.row(source.id))
        total.add(tally)
    print(total.row("in sample: all five"))
    return total


def curated_with_people() -> Dataset:
    """The curated data, with the test articles' people while the curated data has none."""
    files = layer_files(layer_specs(None))
    data = load_dataset(files)
    if not data.people:
        data = load_dataset([*files, OUT_OF_SAMPLE / "people.yaml"])
    return data


def topic_id(data: Dataset, name: str) -> str:
    """The topic the coding names: its id, or a topic that keeps it as an alias (a renamed topic)."""
    if name in data.topics:
        return name
    return next((t.id for t in data.topics.values() if name in (a.casefold() for a in t.aliases)), name)


def out_of_sample(folder: Path, verbose: bool) -> Tally:
    data = curated_with_people()
    total = Tally()
    for coding in sorted(folder.glob("*.yaml")):
        if coding.name == "people.yaml":
            continue
        text = coding.with_suffix(".txt").read_text(encoding="utf-8")
        positions = [(p["quote"], p["actor"], topic_id(data, p["topic"]))
                     for p in yaml.safe_load(coding.read_text(encoding="utf-8"))["positions"]]
        if verbose:
            print(coding.stem)
        tally = measure(text, data, positions, [], verbose)
        print(tally.row(coding.stem))
        total.add(tally)
    print(total.row("out of sample: all"))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--out-of-sample", action="store_true",
                        help=f"the test articles of {OUT_OF_SAMPLE.relative_to(ROOT)} only")
    parser.add_argument("--floor-recall", type=float, default=0.0)
    parser.add_argument("--floor-precision", type=float, default=0.0)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses and the noise")
    args = parser.parse_args()
    print(HEADER)
    total = (out_of_sample(OUT_OF_SAMPLE, args.verbose) if args.out_of_sample
             else in_sample(args.seeds, args.verbose))
    if total.recall < args.floor_recall or total.precision < args.floor_precision:
        print(f"under the floor: recall {total.recall:.1%} (floor {args.floor_recall:.0%}), "
              f"precision {total.precision:.1%} (floor {args.floor_precision:.0%})")
        sys.exit(1)


if __name__ == "__main__":
    main()
