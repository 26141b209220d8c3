"""A cold cache costs little more than no cache, however many files the dataset has (issue 21).

    python benchmarks/cache_cold.py [--files 8000] [--stances 8000] [--reps 3]

Splits the synthetic dataset of generate.py into 1 file of actors, topics and sources plus FILES
stance files, then times `stance validate` in fresh processes: with `--no-cache` (the floor), and
cold (an empty cache folder: every file parsed, every file's entry and the dataset's written).
Each cold write once swept the whole cache folder, so that 8,000 files cost 8,000 scans of a folder
growing to 8,000 entries (19 s against 1.4 s). Target: cold within 1.2x of --no-cache. Medians.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from cache_per_file import split
from generate import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=8000)
    parser.add_argument("--stances", type=int, default=8000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    stance = str(Path(sys.executable).with_name("stance"))
    out = io.StringIO()
    generate(args.stances, out)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / "data"
        data.mkdir()
        split(out.getvalue(), data, args.files)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
        env.pop("STANCE_NO_CACHE", None)

        def once(*flags: str) -> float:
            start = time.perf_counter()
            subprocess.run([stance, *flags, "validate", "--data", str(data)], capture_output=True,
                           env=env, check=True)
            return time.perf_counter() - start

        time.sleep(3.1)  # files changed in the last 3 s are not cached (see stancecli/cache.py)
        uncached, cold, warm = [], [], []
        for _ in range(args.reps):
            uncached.append(once("--no-cache"))
            subprocess.run(["rm", "-rf", str(work / "cache")], check=True)
            cold.append(once())
            warm.append(once())
        entries = len(os.listdir(work / "cache" / "stancecli"))
    floor, first = statistics.median(uncached), statistics.median(cold)
    print(f"{args.stances:,} stances in {args.files:,} stance files + 1 record file; "
          f"`stance validate`, median of {args.reps}")
    print(f"  --no-cache:                  {floor:6.2f} s")
    print(f"  cold (writes {entries:,} entries): {first:6.2f} s  ({first / floor:.2f}x; target 1.2x)")
    print(f"  warm:                        {statistics.median(warm):6.2f} s")


if __name__ == "__main__":
    main()
