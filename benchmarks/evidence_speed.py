"""Time the evidence of issue 17 in one process, on a generated dataset: what it adds to `show`
(the cluster bootstrap, the evidence of a pair), `drivers` and `matrix` (sides, documents, joint
and inferred topics for every pair), beside the metrics alone.

    python benchmarks/evidence_speed.py                 # 100,000 stances (generates them: ~1 min)
    python benchmarks/evidence_speed.py --data FILE     # a dataset already generated

Medians of --reps runs, wall time in this process (no start-up, no load: `run.py` times whole
commands). Targets (issue 17): the whole warm `show` under 0.5 s and `matrix` under 2 s at 100,000
stances, of which the load from the cache takes ~0.3 s and ~0.35 s. Not part of the tests.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stancecli.align import (
    POLITICAL_KINDS,
    align_pair,
    alignment_matrix,
    current_stances,
    metrics_from_counts,
)
from stancecli.drivers import drivers
from stancecli.evidence import shared_topics
from stancecli.loader import load_dataset

HERE = Path(__file__).resolve().parent


def median_time(call: Callable[[], Any], reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="a dataset (default: generate 100,000 stances)")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args(argv)
    if args.data:
        path = Path(args.data)
    else:
        path = Path(tempfile.mkdtemp(prefix="stance-evidence-")) / "100k.yaml"
        subprocess.run([sys.executable, str(HERE / "generate.py"), "100000", "-o", str(path)],
                       check=True)
    data = load_dataset([path])
    current = current_stances(data.stances)
    topics = list(data.topics)
    scored = {a for (a, _), s in current.items() if s.score is not None}
    actors = [a for a in data.actors if a in scored and data.actors[a].kind in POLITICAL_KINDS]
    pair = align_pair(current, "russia", "china", topics)
    assert pair.evidence is not None
    print(f"{len(data.stances):,} stances; russia ~ china: n {pair.metrics.n} on "
          f"{pair.evidence.sources} documents; matrix of {len(actors)} actors; medians of {args.reps}")

    def metrics_only() -> None:
        items = shared_topics(current, "russia", "china", topics)
        metrics_from_counts(Counter((i.a.score, i.b.score) for i in items))  # type: ignore[arg-type]

    rows = [
        ("show: the pair's metrics alone", metrics_only),
        ("show: the pair with its evidence and interval",
         lambda: align_pair(current, "russia", "china", topics)),
        ("drivers russia china", lambda: drivers(current, "russia", "china", topics)),
        ("matrix with every pair's evidence", lambda: alignment_matrix(current, actors, topics, min_n=3)),
    ]
    for label, call in rows:
        print(f"  {label:<48} {median_time(call, args.reps):7.3f} s")


if __name__ == "__main__":
    main()
