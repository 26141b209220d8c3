"""After editing one file of a 100-file, 100,000-stance dataset, only that file is read again.

    python benchmarks/cache_per_file.py [--stances 100000] [--files 100] [--reps 5]

Writes the synthetic dataset of generate.py as 1 file of actors, topics and sources plus FILES
stance files, then times `stance show russia china` in fresh processes:

- cold: an empty cache, every file parsed (the floor to beat);
- warm: the dataset's cache entry answers;
- one file edited: a stance appended to one stance file (as `stance add` does), a different file
  each time, so the dataset's entry misses and the kept records of every file answer but the
  edited one's.

Target: one edited file under 1 s. Medians over --reps runs, all in one run of this script.
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
from generate import generate


def split(text: str, folder: Path, files: int) -> list[Path]:
    head, _, body = text.partition("\nstances:\n")
    (folder / "records.yaml").write_text(head + "\n", encoding="utf-8")
    items = body.split("\n  - ")
    items = [items[0].removeprefix("  - "), *items[1:]]
    per = -(-len(items) // files)
    paths = []
    for i in range(files):
        path = folder / f"stances-{i:03d}.yaml"
        chunk = items[i * per : (i + 1) * per]
        path.write_text("stances:\n" + "".join(f"  - {item.rstrip()}\n" for item in chunk),
                        encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stances", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    stance = str(Path(sys.executable).with_name("stance"))
    out = io.StringIO()
    generate(args.stances, out)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / "data"
        data.mkdir()
        paths = split(out.getvalue(), data, args.files)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
        argv = [stance, "show", "russia", "china", "--data", str(data), "--format", "json"]

        def once() -> float:
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, env=env, check=True)
            return time.perf_counter() - start

        time.sleep(3.1)  # files changed in the last 3 s are not cached (see stancecli/cache.py)
        cold, warm, edited = [], [], []
        for rep in range(args.reps):
            subprocess.run(["rm", "-rf", str(work / "cache")], check=True)
            cold.append(once())  # parses all, stores every file's entry and the dataset's
            warm.append(once())
            with paths[rep * 7 % len(paths)].open("a", encoding="utf-8") as f:
                f.write(f'  - actor: russia\n    topic: taiwan\n    position: support\n'
                        f'    date: "2024"\n    source: src-00000\n    basis: stated\n'
                        f'    quote: "Edit {rep}."\n')
            edited.append(once())
            time.sleep(3.1)  # let the edited file settle before the next cold run
    print(f"{args.stances:,} stances in {args.files} stance files + 1 record file; "
          f"`stance show russia china`, median of {args.reps}")
    print(f"  cold, every file parsed:     {statistics.median(cold):6.2f} s")
    print(f"  warm, dataset entry:         {statistics.median(warm):6.2f} s")
    print(f"  one stance file edited:      {statistics.median(edited):6.2f} s  (target < 1 s; "
          f"{statistics.median(cold) / statistics.median(edited):.0f}x faster than cold)")


if __name__ == "__main__":
    main()
