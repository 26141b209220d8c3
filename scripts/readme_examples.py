"""Print the README's examples as a reader sees them: each command run in a real 80-column
pseudo-terminal (no colour), under a `$ command` line, ready to paste into a ```console block.

    python scripts/readme_examples.py                 # every example
    python scripts/readme_examples.py show matrix     # those whose command contains a word
    COLUMNS_WIDE=120 python scripts/readme_examples.py  # another width
    python scripts/readme_examples.py --pictures      # rewrite the README's pictures (docs/img/)
    python scripts/readme_examples.py --write         # rewrite the README's example blocks in place
"""

from __future__ import annotations

import fcntl
import os
import pty
import shlex
import struct
import subprocess
import sys
import termios
from pathlib import Path

# (command, how many lines of its output the README shows; None: all)
EXAMPLES = [
    ("stance show russia china --topic taiwan --topic nato --topic aukus --topic dollar "
     "--topic dismantle-order-quickly", None),
    ("stance diff --topic nato", None),
    ("stance diff russia china", 13),
    ("stance matrix --blocs", None),
    ("stance timeline russia --topic deep-partnership --topic end-us-led-order", None),
    ("stance trend russia china", None),
    ("stance drivers russia china", 16),
]


# the README's pictures: (command, file under docs/img)
PICTURES = [
    ("stance matrix --format svg", "matrix.svg"),
    ("stance diff --topic nato --format svg", "diff-nato.svg"),
    ("stance trend russia china --format svg", "trend.svg"),
]
README = Path(__file__).resolve().parent.parent / "README.md"
IMAGES = Path(__file__).resolve().parent.parent / "docs" / "img"


def write_pictures() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    for command, name in PICTURES:
        svg = subprocess.run(shlex.split(command), capture_output=True, text=True, check=True).stdout
        (IMAGES / name).write_text(svg)
        print(f"{command} > docs/img/{name}")


def on_a_terminal(command: str, columns: int) -> str:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    proc = subprocess.Popen(shlex.split(command), stdout=slave, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env={**env, "NO_COLOR": "1"})
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait()
    os.close(master)
    return out.decode().replace("\r\n", "\n")


def example(command: str, keep: int | None, columns: int) -> str:
    """The block the README shows: `$ command`, then the output (its first `keep` lines, then ...)."""
    lines = on_a_terminal(command, columns).rstrip("\n").split("\n")
    return (f"$ {command}\n" + "\n".join(lines[:keep])
            + ("\n..." if keep and len(lines) > keep else "") + "\n")


def write_readme(columns: int) -> None:
    """Replace, in the README, each example's block: from its `$ command` line to its fence."""
    text = README.read_text(encoding="utf-8")
    for command, keep in EXAMPLES:
        start = text.find(f"$ {command}\n")
        if start == -1:
            print(f"not in the README: $ {command}", file=sys.stderr)
            continue
        end = text.index("```", start)
        text = text[:start] + example(command, keep, columns) + text[end:]
    README.write_text(text, encoding="utf-8")


def main() -> None:
    columns = int(os.environ.get("COLUMNS_WIDE", "80"))
    wanted = sys.argv[1:]
    if wanted == ["--pictures"]:
        write_pictures()
        return
    if wanted == ["--write"]:
        write_readme(columns)
        return
    for command, keep in EXAMPLES:
        if wanted and not any(word in command for word in wanted):
            continue
        print(example(command, keep, columns))


if __name__ == "__main__":
    main()
