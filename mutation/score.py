"""Print the mutation score per module from mutmut's last results.

score = killed / (mutants - equivalent), where killed counts mutants a test failed on or that timed
out, and every other checked mutant (survived, no test reached it) counts against the score. An
entry of equivalent.txt only counts while its mutant still survives and still makes the change the
entry names: a stale entry is reported, never silently trusted. Exits 1 if a module is under 95 %.
render/ counts as one module; the CLI package counts file by file (cli.main, cli.commands.analysis).
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

MODULES = ("align", "evidence", "drivers", "trend", "model", "resolve", "loader", "cache", "render",
           "add", "layers", "files", "lines", "codebook", "schema", "views", "verify", "completion",
           "scan", "sentences", "register", "sourcediff", "errors", "api", "cli")
TARGET = 0.95
KILLED = {"killed", "timeout"}
EQUIVALENT = Path(__file__).with_name("equivalent.txt")


def module_of(name: str) -> str | None:
    parts = name.split(".")  # stancecli.render.table.x_render_table__mutmut_2
    if len(parts) <= 2 or parts[1] not in MODULES:
        return None
    return ".".join(parts[1:-1]) if parts[1] == "cli" else parts[1]  # cli.commands.analysis


def order(module: str) -> tuple[int, str]:
    return MODULES.index(module.split(".")[0]), module


def results() -> dict[str, str]:
    out = subprocess.run(["mutmut", "results", "--all", "true"], capture_output=True, text=True,
                         check=True).stdout
    found = {}
    for line in out.splitlines():
        name, sep, status = line.strip().partition(": ")
        if sep and name.startswith("stancecli."):
            found[name] = status.strip()
    return found


def equivalents() -> dict[str, tuple[str, str]]:
    """name -> (the mutated line as `mutmut show` prints it, the reason)."""
    listed = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, change, reason = (part.strip() for part in line.split(" | ", 2))
        listed[name] = (change, reason)
    return listed


def mutated_line(name: str) -> str:
    shown = subprocess.run(["mutmut", "show", name], capture_output=True, text=True).stdout
    return " ".join(line[1:].strip() for line in shown.splitlines()
                    if line.startswith("+") and not line.startswith("+++"))


def main() -> int:
    status = results()
    listed = equivalents()
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    survivors: dict[str, list[str]] = defaultdict(list)
    stale = []
    for name, state in sorted(status.items()):
        module = module_of(name)
        if module is None or state == "not checked":
            continue
        counts = totals[module]
        counts["mutants"] += 1
        if state in KILLED:
            counts["killed"] += 1
        elif name in listed and listed[name][0] in mutated_line(name):
            counts["equivalent"] += 1
        else:
            if name in listed:
                stale.append(name)
            survivors[module].append(f"{name} ({state}): {mutated_line(name)}")
    print(f"{'module':<24} {'mutants':>7} {'killed':>6} {'equivalent':>10} {'survived':>8} {'score':>6}")
    low = False
    shown = sorted(set(totals) | {m for m in MODULES if m != "cli"}, key=order)
    for module in shown:
        c = totals.get(module)
        if not c:
            print(f"{module:<24} {'(not run)':>7}")
            continue
        scored = c["mutants"] - c["equivalent"]
        score = c["killed"] / scored if scored else 1.0
        low = low or score < TARGET
        print(f"{module:<24} {c['mutants']:>7} {c['killed']:>6} {c['equivalent']:>10} "
              f"{scored - c['killed']:>8} {score:>6.1%}")
    for module in shown:
        for line in survivors.get(module, []):
            print(f"  survived: {line}")
    for name in stale:
        print(f"  stale entry in {EQUIVALENT.name} (killed, gone or changed): {name}")
    for name in listed:
        if name not in status:
            print(f"  stale entry in {EQUIVALENT.name} (no such mutant): {name}")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
