"""Time `stance` against its floors, side by side in one run; print a plain-text table.

    python benchmarks/run.py                       # 1k, 10k and 100k stances (a few minutes)
    python benchmarks/run.py --sizes 1000,10000    # quicker

Every measurement is a fresh process: wall time (median of --reps, and the fastest) and peak RSS
(wait4's ru_maxrss for that process alone). Floors, measured in the same run: a minimal Typer app,
and a plain yaml.load(CSafeLoader) of the same file. Cold = an empty cache directory (the run parses
and writes the cache); warm = the cache is fresh. Bytecode is cached (as an installed package would
have it) under the work directory, whatever PYTHONDONTWRITEBYTECODE says. Not part of the tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELLO = '''import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


if __name__ == "__main__":
    app()
'''
PARSE = ("import sys, yaml\n"
         "with open(sys.argv[1], encoding='utf-8') as f:\n"
         "    yaml.load(f.read(), Loader=yaml.CSafeLoader)\n")
CURATED = {  # label -> stance arguments, on the curated data (no --data)
    "stance --help": ["--help"],
    "show russia china": ["show", "russia", "china"],
    "diff --topic nato": ["diff", "--topic", "nato"],
    "matrix": ["matrix"],
    "actors": ["actors"],
    "timeline russia": ["timeline", "russia"],
    "validate": ["validate"],
}
SIZED = {  # label -> stance arguments after --data FILE
    "validate": ["validate"],
    "show russia china": ["show", "russia", "china"],
    "diff --topic taiwan": ["diff", "--topic", "taiwan"],
    "matrix": ["matrix"],
    "drivers russia china": ["drivers", "russia", "china"],
}
TARGETS = {"show russia china": 0.5, "diff --topic taiwan": 0.5, "matrix": 2.0}  # s, warm, 100k
RACY_S = 3.2  # stancecli.cache does not cache files changed in the last 3 s


def stance_command() -> list[str]:
    here = Path(sys.executable).with_name("stance")
    found = str(here) if here.exists() else shutil.which("stance")
    return [found] if found else [sys.executable, "-m", "stancecli"]


class Bench:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.env = {k: v for k, v in os.environ.items()
                    if k != "PYTHONDONTWRITEBYTECODE" and not k.startswith("STANCE_")}
        self.env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        self.env["XDG_CACHE_HOME"] = str(work / "cache")

    def once(self, argv: list[str], cache: Path | None = None) -> tuple[float, int]:
        """(wall seconds, peak RSS in MB) of one fresh process."""
        env = dict(self.env, XDG_CACHE_HOME=str(cache)) if cache else self.env
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode not in (0, 1):
                err.seek(0)
                raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}\n"
                                 f"{err.read().decode(errors='replace')}")
        return wall, usage.ru_maxrss // 1024

    def side_by_side(self, commands: dict[str, list[str]], reps: int) -> dict[str, list]:
        """Each command `reps` times, interleaved, so that noise hits them all alike."""
        for argv in commands.values():  # warm-up: bytecode, page cache, load cache
            self.once(argv)
        runs: dict[str, list] = {label: [] for label in commands}
        for _ in range(reps):
            for label, argv in commands.items():
                runs[label].append(self.once(argv))
        return runs


def _row(label: str, runs: list, base: float | None = None, extra: str = "") -> str:
    walls = [w for w, _ in runs]
    med = statistics.median(walls)
    ratio = f"{med / base:6.2f}x" if base else " " * 7
    return (f"  {label:<26} {med:8.3f} {min(walls):8.3f} {max(m for _, m in runs):7d}  "
            f"{ratio}  {extra}").rstrip()


HEADER = f"  {'':<26} {'median s':>8} {'min s':>8} {'peak MB':>7}  {'ratio':>7}"


def curated(bench: Bench, stance: list[str], reps: int) -> None:
    hello = bench.work / "hello.py"
    commands = {"floor: minimal Typer app": [sys.executable, str(hello)]}
    commands.update({label: [*stance, *args] for label, args in CURATED.items()})
    runs = bench.side_by_side(commands, reps)
    base = statistics.median(w for w, _ in runs["floor: minimal Typer app"])
    print(f"Curated data, warm cache ({reps} runs each, interleaved); ratio = median / floor's, "
          "target <= 1.15x")
    print(HEADER)
    for label, r in runs.items():
        verdict = ""
        if label in CURATED:
            verdict = "ok" if statistics.median(w for w, _ in r) <= 1.15 * base else "MISSED"
        print(_row(label, r, base, verdict))


def sized(bench: Bench, stance: list[str], files: dict[int, Path], reps: int) -> None:
    for n, path in files.items():
        mb = path.stat().st_size / 1e6
        cold_reps = 1 if n >= 50_000 else max(1, min(3, reps))
        print(f"\n{n:,} stances ({mb:.1f} MB); cold: {cold_reps} run(s), warm: {reps} runs")
        print(HEADER)
        parse = [bench.once([sys.executable, str(bench.work / "parse.py"), str(path)])
                 for _ in range(cold_reps)]
        floor = statistics.median(w for w, _ in parse)
        print(_row("floor: CSafeLoader parse", parse, floor))
        for label, args in SIZED.items():
            argv = [*stance, "--data", str(path), *args]
            cold = []
            for i in range(cold_reps):
                empty = bench.work / f"cold-{n}-{label.split()[0]}-{i}"
                cold.append(bench.once(argv, cache=empty))
                shutil.rmtree(empty, ignore_errors=True)
            print(_row(f"{label} (cold)", cold, floor, "target <= 1.10x"))
            if label == "validate":
                continue  # validate always parses: it has no warm run
            bench.once(argv)  # make sure the cache is written
            warm = [bench.once(argv) for _ in range(reps)]
            extra = ""
            if n >= 100_000 and label in TARGETS:
                ok = statistics.median(w for w, _ in warm) < TARGETS[label]
                ok = ok and max(m for _, m in warm) < 300
                extra = f"target < {TARGETS[label]} s, < 300 MB: {'ok' if ok else 'MISSED'}"
            print(_row(f"{label} (warm)", warm, None, extra))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated numbers of stances (default: 1000,10000,100000)")
    parser.add_argument("--reps", type=int, default=15, help="runs per curated command")
    parser.add_argument("--sized-reps", type=int, default=5, help="warm runs per sized command")
    parser.add_argument("--keep", help="a work directory to keep (generated files, caches)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="stance-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        (work / "hello.py").write_text(HELLO)
        (work / "parse.py").write_text(PARSE)
        bench = Bench(work)
        stance = stance_command()
        files = {}
        for n in sizes:
            files[n] = work / f"stances-{n}.yaml"
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), "-o", str(files[n])],
                           check=True)
        cores = os.cpu_count()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"stance benchmarks: Python {sys.version.split()[0]}, {cores} cores, "
              f"load {load:.2f}, {' '.join(stance)}\n")
        curated(bench, stance, args.reps)
        if files:
            newest = max(p.stat().st_mtime for p in files.values())
            time.sleep(max(0.0, newest + RACY_S - time.time()))
            sized(bench, stance, files, args.sized_reps)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
