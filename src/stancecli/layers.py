"""Layered data: one's own files on top of the shipped dataset, without copying it.

A dataset is a list of layers, each a YAML file or a directory of them, read in order as one
dataset: ids stay unique across layers (the loader reports a duplicate with both files), and every
problem names the file it is in. `@shipped` names the curated data that comes with the package.
"""

from __future__ import annotations

import os
from pathlib import Path

from stancecli.errors import StanceError

SHIPPED = "@shipped"
ENV = "STANCE_DATA"


def shipped_data() -> Path:
    """The curated data inside the installed package (or the checkout's data/ in development)."""
    from importlib.resources import files

    shipped = Path(str(files("stancecli").joinpath("data")))
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / "data"  # a source checkout


def layer_specs(given: list[str] | None, env: str | None = None) -> list[str]:
    """The layers asked for: the --data values, else STANCE_DATA split on os.pathsep, else shipped."""
    if given:
        return list(given)
    return [s for s in (env or "").split(os.pathsep) if s.strip()] or [SHIPPED]


def layer_path(spec: str) -> Path:
    """The path behind one layer spec: `@shipped` or a file or directory."""
    if spec == SHIPPED:
        return shipped_data()
    if spec.startswith("@"):
        raise StanceError(f"unknown data layer '{spec}' (the shipped data is '{SHIPPED}')")
    return Path(spec).expanduser()


def layer_files(specs: list[str]) -> list[Path]:
    """Every YAML file of every layer, in layer order; a layer given twice is read once."""
    from stancecli.loader import data_files

    files: list[Path] = []
    seen: set[Path] = set()
    for spec in specs:
        layer = layer_path(spec)
        if len(specs) > 1 and layer.is_dir() and not any(layer.glob("*.y*ml")):
            continue  # a data folder just started, layered on others
        for path in data_files(layer):
            real = Path(os.path.realpath(path))  # a folder and a link to it are one layer
            if real not in seen:
                seen.add(real)
                files.append(path)
    return files


def is_shipped(path: Path) -> bool:
    """Whether `path` lies inside the shipped data or the installed package (never written to)."""
    from importlib.resources import files

    real = path.resolve()
    roots = [shipped_data().resolve(), Path(str(files("stancecli"))).resolve()]
    return any(real == root or root in real.parents for root in roots)
