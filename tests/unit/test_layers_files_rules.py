"""Layers and hostile files in process: which layers a run reads (each once, however it is named),
what counts as the shipped data, and which files are read at all (issues 21 and 24)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from stancecli import files, layers
from stancecli.errors import StanceError

TEXT = "stances: []\n"


def test_the_layers_asked_for() -> None:
    assert layers.layer_specs(["a", "b"], "c:d") == ["a", "b"]
    assert layers.layer_specs(None, f"a{os.pathsep}b") == ["a", "b"]
    assert layers.layer_specs([], f"{os.pathsep} {os.pathsep}a{os.pathsep}") == ["a"]  # empty entries
    assert layers.layer_specs(None, f" {os.pathsep}") == [layers.SHIPPED]
    assert layers.layer_specs(None, "") == layers.layer_specs(None) == [layers.SHIPPED]


def test_the_path_behind_a_layer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert layers.layer_path("~/data") == tmp_path / "data"  # `~` is the user's home
    assert layers.layer_path("rel/x.yaml") == Path("rel/x.yaml")
    assert layers.layer_path(layers.SHIPPED) == layers.shipped_data()
    with pytest.raises(StanceError,
                       match=r"^unknown data layer '@mine' \(the shipped data is '@shipped'\)$"):
        layers.layer_path("@mine")


def test_the_shipped_data_is_the_packages() -> None:
    shipped = layers.shipped_data()  # (under mutmut, a copy of src/ without the data beside it)
    assert shipped.name == "data" and shipped.is_absolute()
    assert layers.is_shipped(shipped) and layers.is_shipped(shipped / "actors.yaml")
    assert layers.is_shipped(Path(layers.__file__))  # the installed package itself
    assert not layers.is_shipped(shipped.parent / "elsewhere")
    assert not layers.is_shipped(Path("/tmp"))


def test_a_link_into_the_shipped_data_is_shipped(tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(layers.shipped_data())
    assert layers.is_shipped(link / "actors.yaml") and layers.is_shipped(link)


def test_a_layer_given_twice_or_through_a_link_is_read_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yaml").write_text(TEXT)
    (data / "b.yaml").write_text(TEXT)
    (tmp_path / "link").symlink_to(data)
    (tmp_path / "file-link.yaml").symlink_to(data / "a.yaml")
    found = layers.layer_files([str(data), str(tmp_path / "link"), str(data / "b.yaml"),
                                str(tmp_path / "file-link.yaml")])
    assert found == [data / "a.yaml", data / "b.yaml"]


def test_an_empty_folder_is_skipped_only_on_top_of_others(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    full = tmp_path / "full.yaml"
    full.write_text(TEXT)
    assert layers.layer_files([str(full), str(empty)]) == [full]
    with pytest.raises(StanceError, match=r"no \*.yaml files"):
        layers.layer_files([str(empty)])
    (empty / "notes.txt").write_text("x")
    assert layers.layer_files([str(empty), str(full)]) == [full]


def test_a_folder_skips_links_that_lead_nowhere(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TEXT)
    (tmp_path / "self.yaml").symlink_to("self.yaml")
    (tmp_path / "gone.yaml").symlink_to("missing.yaml")
    (tmp_path / "inside.yml").symlink_to("a.yaml")
    assert layers.layer_files([str(tmp_path)]) == [tmp_path / "a.yaml"]
    from stancecli.loader import data_files

    assert data_files(tmp_path) == [tmp_path / "a.yaml", tmp_path / "inside.yml"]


def test_a_layer_that_leads_nowhere_says_how(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    (tmp_path / "c.yaml").symlink_to("none.yaml")
    with pytest.raises(StanceError, match=r"a.yaml: a loop of links"):
        layers.layer_files([str(tmp_path / "a.yaml")])
    with pytest.raises(StanceError, match=r"c.yaml: a link to none.yaml, which does not exist$"):
        layers.layer_files([str(tmp_path / "c.yaml")])
    with pytest.raises(StanceError, match=r"d.yaml: no such file or directory$"):
        layers.layer_files([str(tmp_path / "d.yaml")])


# -- files -----------------------------------------------------------------------------------------
def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"12345")
    assert files.read_regular(path, 5) == b"12345"
    with pytest.raises(files.FileRefused) as caught:
        files.read_regular(path, 4, "YAML file")
    assert caught.value.reason == "larger than the 4 bytes a YAML file may have (5 bytes)"
    assert str(caught.value) == f"{path}: {caught.value.reason}" and caught.value.path == path


def test_a_file_that_grows_past_its_size_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"123456")
    real_fstat = os.fstat

    class Lying:
        def __init__(self, st: os.stat_result) -> None:
            self.st_mode, self.st_size = st.st_mode, 3

    monkeypatch.setattr(files.os, "fstat", lambda fd: Lying(real_fstat(fd)))
    with pytest.raises(files.FileRefused, match=r"larger than the 5 bytes a file may have$"):
        files.read_regular(path, 5)
    assert files.read_regular(path, 6) == b"123456"
    monkeypatch.setattr(files.os, "fstat", real_fstat)


@pytest.mark.parametrize("make, kind", [
    (lambda p: p.mkdir(), "a directory"),
    (lambda p: os.mkfifo(p), "a FIFO"),
])
def test_what_is_not_a_regular_file_is_named(tmp_path: Path, make, kind: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x"
    make(path)
    with pytest.raises(files.FileRefused) as caught:
        files.read_regular(path, 100, "YAML file")
    assert caught.value.reason == f"is {kind}, not a YAML file"


def test_a_device_is_named() -> None:
    with pytest.raises(files.FileRefused, match=r"^/dev/null: is a device, not a file$"):
        files.read_regular(Path("/dev/null"), 100)


def test_what_cannot_be_opened_keeps_its_errno(tmp_path: Path) -> None:
    with pytest.raises(files.FileRefused) as caught:
        files.read_regular(tmp_path / "none", 10)
    assert caught.value.errno == errno.ENOENT
    assert caught.value.reason == "cannot read: No such file or directory"
    with pytest.raises(files.FileRefused) as bad:
        files.read_regular(Path("a\0b"), 10)
    assert bad.value.reason == "not a possible file name" and bad.value.errno is None


def test_a_read_that_fails_is_refused_with_its_errno(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x")

    real_fstat = os.fstat

    def broken(fd: int) -> os.stat_result:
        monkeypatch.setattr(files.os, "fstat", real_fstat)  # once: pytest needs it afterwards
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files.os, "fstat", broken)
    with pytest.raises(files.FileRefused) as caught:
        files.read_regular(path, 10)
    assert (caught.value.reason, caught.value.errno) == ("cannot read: Input/output error", errno.EIO)
    assert str(caught.value) == f"{path}: cannot read: Input/output error"


def test_sizes_are_said_in_bytes_then_megabytes() -> None:
    assert files.megabytes(1) == "1 bytes"
    assert files.megabytes(2**20 - 1) == "1,048,575 bytes"
    assert files.megabytes(2**20) == "1 MB"
    assert files.megabytes(1536 * 2**20) == "1,536 MB"


def test_the_shipped_data_inside_an_installed_package(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.resources

    checkout = layers.shipped_data()
    assert checkout == Path(layers.__file__).resolve().parents[2] / "data"  # no data/ in src/
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(importlib.resources, "files", lambda name: tmp_path if name == "stancecli" else None)
    assert layers.shipped_data() == tmp_path / "data"


def test_refusals_name_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(files.FileRefused) as nul:
        files.read_regular(Path("a\0b"), 10)
    assert str(nul.value) == "a\0b: not a possible file name" and nul.value.path == Path("a\0b")
    with pytest.raises(files.FileRefused) as missing:
        files.read_regular(tmp_path / "none", 10)
    assert str(missing.value) == f"{tmp_path / 'none'}: cannot read: No such file or directory"
    path = tmp_path / "f"
    path.write_bytes(b"123456")
    real_fstat = os.fstat

    class Odd:
        def __init__(self, st: os.stat_result, mode: int, size: int) -> None:
            self.st_mode, self.st_size = mode, size

    import stat as st_

    monkeypatch.setattr(files.os, "fstat", lambda fd: Odd(real_fstat(fd), real_fstat(fd).st_mode, 3))
    with pytest.raises(files.FileRefused) as grown:
        files.read_regular(path, 5)
    assert str(grown.value) == f"{path}: larger than the 5 bytes a file may have"
    monkeypatch.setattr(files.os, "fstat", lambda fd: Odd(real_fstat(fd), st_.S_IFLNK, 3))
    with pytest.raises(files.FileRefused) as odd:
        files.read_regular(path, 5, "YAML file")
    assert str(odd.value) == f"{path}: is not a regular file, not a YAML file"
    monkeypatch.setattr(files.os, "fstat", real_fstat)
