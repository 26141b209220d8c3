"""Issue 11, class "special files": only regular files are read, data directories are walked
without following links out of them, `verify` reads only inside --sources, and sizes are bounded
with a clear refusal. Odd paths (unreadable folders, names too long) are refusals too, never an
"internal error".
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SMALL, no_traceback, run, stance_executable

from stancecli.loader import MAX_FILE_BYTES
from stancecli.verify import MAX_DOCUMENT_BYTES

TEXT = SMALL.read_text(encoding="utf-8")
SECRET = "the contents of a file outside the sources"


def refused(*args: str, env: dict[str, str] | None = None, prefix: list[str] | None = None) -> str:
    """Run stance (with a timeout: a FIFO would block for ever), expecting exit 2 and one line."""
    if prefix:
        result = subprocess.run([*prefix, stance_executable(), *args], capture_output=True,
                                text=True, timeout=30, env={**os.environ, **(env or {})})
    else:
        result = run(*args, env=env, timeout=30)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == "" and no_traceback(result.stderr) and "internal error" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    return result.stderr


# -- the data ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["actors"], ["validate"], ["export", "--format", "json"]])
def test_dev_zero_is_refused_not_read(command: list[str]) -> None:
    assert "/dev/zero: is a device, not a YAML file" in refused("--data", "/dev/zero", *command)


@pytest.mark.parametrize("no_cache", [{}, {"STANCE_NO_CACHE": "1"}])
def test_a_fifo_as_the_data_is_refused_without_blocking(tmp_path: Path, no_cache: dict) -> None:
    fifo = tmp_path / "data.yaml"
    os.mkfifo(fifo)
    assert "is a FIFO, not a YAML file" in refused("--data", str(fifo), "actors", env=no_cache)


def test_special_files_in_a_data_folder_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "small.yaml").write_text(TEXT)
    os.mkfifo(folder / "pipe.yaml")
    (folder / "sub.yaml").mkdir()
    result = run("--data", str(folder), "actors", "--format", "ids", timeout=30)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert "russia" in result.stdout.split()


def test_a_link_out_of_the_data_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "small.yaml").write_text(TEXT)
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("actors:\n  india: {name: India, kind: state}\n")
    (folder / "more.yaml").symlink_to(outside)
    err = refused("--data", str(folder), "actors")
    assert "more.yaml: a link to " in err and "not followed" in err


def test_a_link_inside_the_data_folder_is_followed(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "parts").mkdir(parents=True)
    (folder / "parts" / "small.txt").write_text(TEXT)
    (folder / "small.yaml").symlink_to(folder / "parts" / "small.txt")
    result = run("--data", str(folder), "actors", "--format", "ids")
    assert result.returncode == 0 and "russia" in result.stdout.split(), result.stderr


def test_a_data_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as f:  # sparse: no disk used, no time spent
        f.truncate(MAX_FILE_BYTES + 1)
    err = refused("--data", str(big), "validate")
    assert "larger than the 128 MB a YAML file may have" in err


def test_an_unreadable_data_folder_is_a_refusal(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "small.yaml").write_text(TEXT)
    folder.chmod(0)
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("running as root: setpriv (util-linux) is needed to make a folder unreadable")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
    try:
        err = refused("--data", str(folder), "actors", prefix=prefix)
    finally:
        folder.chmod(0o700)
    assert "cannot read: Permission denied" in err


def test_a_path_too_long_is_a_refusal() -> None:
    err = refused("--data", "/" + "a" * 5000 + "/data.yaml", "actors")
    assert "File name too long" in err


# -- verify's documents -------------------------------------------------------------------------------
@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text(SECRET + " Taiwan is ours.")
    return folder


def _source_file_line() -> str:
    (line,) = [x for x in TEXT.splitlines() if x.strip().startswith("file:")]
    return line


def test_a_nul_in_a_document_name_is_a_finding(tmp_path: Path, sources: Path) -> None:
    line = _source_file_line()
    data = tmp_path / "data.yaml"
    data.write_text(TEXT.replace(line, line.split("file:")[0] + 'file: "doc\\0.txt"'))
    result = run("--data", str(data), "verify", "--sources", str(sources))
    assert result.returncode == 1 and no_traceback(result.stderr), result.stderr
    assert "not a possible file name" in result.stdout and "doc\\x00.txt" in result.stdout


@pytest.mark.parametrize("where", ["absolute", "dotdot", "link"])
def test_verify_reads_nothing_outside_the_sources(tmp_path: Path, sources: Path, where: str) -> None:
    secret = tmp_path / "secret.txt"
    file = {"absolute": str(secret), "dotdot": "../secret.txt", "link": "inside.txt"}[where]
    if where == "link":
        (sources / "inside.txt").symlink_to(secret)
    line = _source_file_line()
    data = tmp_path / "data.yaml"
    data.write_text(TEXT.replace(line, line.split("file:")[0] + f"file: {file!r}"))
    for fmt in ("table", "json"):
        result = run("--data", str(data), "verify", "--sources", str(sources), "--format", fmt)
        assert result.returncode == 1, result.stderr
        assert "outside the --sources directory: not read" in result.stdout
        assert SECRET not in result.stdout and Path(file).name in result.stdout


@pytest.mark.parametrize("plant", ["fifo", "directory", "device", "huge"])
def test_verify_reads_only_regular_documents_of_bounded_size(tmp_path: Path, sources: Path,
                                                             plant: str) -> None:
    line = _source_file_line()
    data = tmp_path / "data.yaml"
    data.write_text(TEXT.replace(line, line.split("file:")[0] + "file: doc.txt"))
    doc = sources / "doc.txt"
    if plant == "fifo":
        os.mkfifo(doc)
    elif plant == "directory":
        doc.mkdir()
    elif plant == "device":
        doc.symlink_to("/dev/zero")  # inside by name, a device by nature
    else:
        with open(doc, "wb") as f:
            f.truncate(MAX_DOCUMENT_BYTES + 1)
    result = run("--data", str(data), "verify", "--sources", str(sources), timeout=30)
    assert result.returncode == 1 and no_traceback(result.stderr), result.stderr
    expected = {"fifo": "is a FIFO, not a document", "directory": "is a directory, not a document",
                "device": "outside the --sources directory: not read",
                "huge": "larger than the 4 MB a document may have"}[plant]
    assert expected in result.stdout


def test_an_odd_sources_path_is_a_refusal() -> None:
    err = refused("--data", str(SMALL), "verify", "--sources", "/" + "b" * 5000)
    assert "File name too long" in err


# -- scan's document ----------------------------------------------------------------------------------
@pytest.mark.parametrize("plant", ["fifo", "device", "directory", "huge"])
def test_scan_reads_only_a_regular_document_of_bounded_size(tmp_path: Path, plant: str) -> None:
    doc = tmp_path / "article.txt"
    if plant == "fifo":
        os.mkfifo(doc)
    elif plant == "device":
        doc = Path("/dev/zero")
    elif plant == "directory":
        doc.mkdir()
    else:
        with open(doc, "wb") as f:
            f.truncate(MAX_DOCUMENT_BYTES + 1)
    err = refused("--data", str(SMALL), "scan", str(doc))
    expected = {"fifo": "is a FIFO, not a document", "device": "is a device, not a document",
                "directory": "is a directory, not a document",
                "huge": "larger than the 4 MB a document may have"}[plant]
    assert expected in err
