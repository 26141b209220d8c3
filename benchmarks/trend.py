"""Time `stance trend` (and what issue 18 added to `show`) on a synthetic dataset; print figures.

    python benchmarks/trend.py                  # 100,000 stances, about 200 change dates
    python benchmarks/trend.py --points 200 --reps 7

Generates the dataset (benchmarks/generate.py, seeded), chooses the first topics (in the dataset's
order) on which russia ~ china has at least --points change dates, then runs, each in a fresh
process with a warm cache, interleaved: `stance trend russia china --topic ...`, the same with
--window 0, `show russia china` (the contested marks and the window) and `show russia china
--window 0`. Then, in this process, the parts: the sweep (trend.trend), one current_stances, and
the contested pass for two actors. Not part of the tests: target `trend` under 1 s warm.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import RACY_S, Bench, stance_command  # noqa: E402


def best(fn, reps: int) -> tuple[float, float]:
    """(median, fastest) seconds of fn() over reps calls."""
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def choose(data: Path, points: int) -> list[str]:
    """The first topics on which russia ~ china has at least `points` change dates."""
    from stancecli import cache
    from stancecli.trend import trend

    ds = cache.load([data])  # writes the cache the processes read
    chosen: list[str] = []
    for topic in ds.topics:
        chosen.append(topic)
        if len(trend(ds.stances, "russia", "china", chosen, window=5)) >= points:
            break
    return chosen


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--points", type=int, default=200, help="change dates to reach")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--choose", type=Path, help=argparse.SUPPRESS)  # the child's task
    args = parser.parse_args(argv)
    if args.choose:
        print(json.dumps(choose(args.choose, args.points)))
        return

    with tempfile.TemporaryDirectory(prefix="stance-trend-") as tmp:
        work = Path(tmp)
        data = work / f"{args.size}.yaml"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.size), "-o", str(data)],
                       check=True)
        time.sleep(RACY_S)  # files changed in the last 3 s are not cached

        os.environ["XDG_CACHE_HOME"] = str(work / "cache")
        # the topics, chosen in a child process that also writes the load cache: this process
        # stays small until the processes below have run (a child's peak memory counts what it
        # shared with this one before it started the command)
        chosen = json.loads(subprocess.run(
            [sys.executable, __file__, "--choose", str(data), "--points", str(args.points)],
            check=True, capture_output=True, text=True).stdout)

        bench = Bench(work)
        stance = stance_command()
        topic_arg = ",".join(chosen)
        commands = {
            "trend (window 5)": [*stance, "--data", str(data), "trend", "russia", "china",
                                 "--topic", topic_arg],
            "trend --window 0": [*stance, "--data", str(data), "trend", "russia", "china",
                                 "--topic", topic_arg, "--window", "0"],
            "show russia china": [*stance, "--data", str(data), "show", "russia", "china"],
            "show --window 0": [*stance, "--data", str(data), "show", "russia", "china",
                                "--window", "0"],
        }
        runs = bench.side_by_side(commands, args.reps)
        print(f"\nWarm cache, fresh process ({args.reps} runs each, interleaved)")
        print(f"  {'':<22} {'median s':>8} {'min s':>8} {'peak MB':>7}")
        for label, r in runs.items():
            walls = [w for w, _ in r]
            target = " target < 1 s" if label.startswith("trend") else " target < 0.5 s"
            print(f"  {label:<22} {statistics.median(walls):8.3f} {min(walls):8.3f} "
                  f"{max(m for _, m in r):7d} {target}")

        from stancecli import cache
        from stancecli.align import current_stances
        from stancecli.trend import trend

        ds = cache.load([data])
        points = trend(ds.stances, "russia", "china", chosen, window=5)
        n = max(p.alignment.metrics.n for p in points)
        print(f"\n{args.size:,} stances; russia ~ china on {len(chosen)} topics: {len(points)} "
              f"change dates, n up to {n}")
        print(f"\nIn process (median, fastest of {args.reps})")
        parts = {
            f"trend sweep, {len(points)} points": lambda: trend(ds.stances, "russia", "china",
                                                                 chosen, window=5),
            "current_stances": lambda: current_stances(ds.stances),
            "current_stances + contested (2 actors)":
                lambda: current_stances(ds.stances).contested_among(["russia", "china"]),
        }
        for label, fn in parts.items():
            med, low = best(fn, args.reps)
            print(f"  {label:<40} {med:8.3f} {low:8.3f}")


if __name__ == "__main__":
    main()
