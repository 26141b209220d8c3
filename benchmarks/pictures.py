"""How long a 200-actor matrix takes to draw, and how big the pictures are.

    python benchmarks/pictures.py                    # generates 100,000 stances (200 actors) first
    python benchmarks/pictures.py --data /tmp/100k.yaml --reps 5

Targets (issue 23): a 200-actor matrix renders to SVG or HTML in under 1 s warm, and the HTML page
stays under 2 MB. Printed: the render alone (in process, the view already built, with what only the pictures
gather, e.g. html's evidence: median of --reps),
the whole command warm (a fresh process, the cache written by a first run), and each output's size.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", help="a dataset (default: benchmarks/generate.py 100000)")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="stance-pictures-"))
    data = Path(args.data) if args.data else work / "100k.yaml"
    if not args.data:
        subprocess.run([sys.executable, str(HERE / "generate.py"), "100000", "-o", str(data)], check=True)
        time.sleep(3.5)  # a file changed in the last 3 s is never cached
    from stancecli import cache, views
    from stancecli.align import alignment_matrix, current_stances
    from stancecli.render import Format, Options, render

    ds = cache.load([data])
    current = current_stances(ds.stances)
    actors = [a for a in ds.actors if any((a, t) in current for t in ds.topics)]
    topics = list(ds.topics)
    started = time.perf_counter()
    mx = alignment_matrix(current, actors, topics, "s_score", min_n=3)
    matrix_s = time.perf_counter() - started
    print(f"dataset: {len(ds.stances):,} stances, {len(actors)} actors, {len(topics)} topics; "
          f"the matrix itself: {matrix_s:.2f} s")
    print(f"{'format':8} {'render median':>14} {'fastest':>8} {'size':>10}  {'command warm':>12}")
    for fmt in (Format.json, Format.svg, Format.html, Format.graphml, Format.gexf):  # json: a floor
        view = views.matrix(mx, 3, False, data=ds)
        times, out = [], ""
        for _ in range(args.reps):
            started = time.perf_counter()  # the html evidence is gathered only for html: counted
            view.extra = views.picture_extra(ds, current, mx.actors, topics, fmt is Format.html)
            out = render(view, fmt, Options())
            times.append(time.perf_counter() - started)
        command = ["stance", "--data", str(data), "matrix", "--people", "--format", fmt.value]
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)  # the cache, written
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        warm = time.perf_counter() - started
        print(f"{fmt.value:8} {statistics.median(times):13.3f}s {min(times):7.3f}s "
              f"{len(out.encode()) / 1e6:8.2f}MB  {warm:11.2f}s")


if __name__ == "__main__":
    main()
