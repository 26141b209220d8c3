"""How well `stance scan` proposes what the curators recorded, on the five seed documents.

    python benchmarks/scan_quality.py [--seeds ../shared/seeds] [-v]

For each source of the curated data, scan its document with every sentence kept (as `--all`) and
compare with the source's recorded stances:

- recall: the share of recorded stances whose quote lies in (or covers) a proposed sentence that
  names the stance's actor and topic; "sentence recall" asks only for the sentence;
- precision: the share of proposed sentences that a recorded stance quotes. The rest are noise, or
  stances the curators did not record (the figure is a lower bound on usefulness).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rapidfuzz import fuzz

from stancecli.layers import layer_files, layer_specs
from stancecli.loader import load_dataset
from stancecli.scan import QUOTED_CUTOFF, scan
from stancecli.verify import normalise

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses and the noise")
    args = parser.parse_args()
    data = load_dataset(layer_files(layer_specs(None)))
    totals = [0, 0, 0, 0, 0]  # stances, recalled, sentence-recalled, proposals, quoted proposals
    print(f"{'source':24} {'stances':>7} {'recall':>7} {'sent.':>7} {'proposed':>8} {'precision':>9}")
    for source in data.sources.values():
        text = (args.seeds / str(source.file)).read_text(encoding="utf-8")
        records = [s for s in data.stances if s.source == source.id]
        found = scan(text, data, [s.quote for s in records], show_quoted=True)
        recalled = sentence = 0
        for s in records:
            quote = normalise(s.quote)
            near = [c for c in found if fuzz.partial_ratio(quote, normalise(c.sentence)) >= QUOTED_CUTOFF]
            sentence += bool(near)
            hit = any(s.actor in c.actors and s.topic in c.topics for c in near)
            recalled += hit
            if args.verbose and not hit:
                print(f"  miss {s.actor}/{s.topic}: {s.quote[:90]!r}"
                      + ("" if near else " (sentence not proposed)"))
        quoted = sum(c.quoted for c in found)
        if args.verbose:
            for c in found:
                if not c.quoted:
                    print(f"  noise {c.actors}/{c.topics}: {c.sentence[:90]!r}")
        row = [len(records), recalled, sentence, len(found), quoted]
        totals = [t + r for t, r in zip(totals, row, strict=True)]
        print(f"{source.id:24} {len(records):7} {recalled / len(records):7.0%} "
              f"{sentence / len(records):7.0%} {len(found):8} {quoted / max(len(found), 1):9.0%}")
    n, recalled, sentence, proposed, quoted = totals
    print(f"{'all five':24} {n:7} {recalled / n:7.0%} {sentence / n:7.0%} {proposed:8} "
          f"{quoted / max(proposed, 1):9.0%}")


if __name__ == "__main__":
    main()
