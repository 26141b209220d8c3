"""A headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: the
browser reads NUL-terminated JSON commands on fd 3 and writes replies and events on fd 4), and a
PNG decoder of a few lines (zlib, no Pillow) to tell a blank screenshot from a picture.

CI installs Debian's `chromium-headless-shell` (see .ci/run); elsewhere a test that needs it is
skipped (a failure under STANCE_TESTS_STRICT=1)."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

BROWSERS = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")


def browser_path() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no headless Chromium (apt-get install chromium-headless-shell)")


class Chrome:
    """One browser, one page; `events` keeps every event the page sent."""

    def __init__(self, profile: Path, width: int = 1200, height: int = 900) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        command = [browser_path(), "--headless", "--remote-debugging-pipe", "--no-sandbox",
                   "--disable-gpu", "--no-first-run", "--hide-scrollbars", "--mute-audio",
                   f"--user-data-dir={profile}", f"--window-size={width},{height}", "about:blank"]

        def fds() -> None:  # the child's fd 3 reads our commands, fd 4 writes its replies
            reads, writes = os.dup(to_browser_r), os.dup(from_browser_w)  # neither may be 3 or 4
            os.dup2(reads, 3)
            os.dup2(writes, 4)

        self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, preexec_fn=fds, pass_fds=(3, 4))
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=True)

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("the browser closed its pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._message()
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]  # type: ignore[no-any-return]
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        for event in self.events:
            if event.get("method") == method:
                self.events.remove(event)
                return event
        while True:
            event = self._message()
            if event.get("method") == method:
                return event
            self.events.append(event)

    def open(self, url: str) -> None:
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", session=True, expression=expression,
                           returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(str(result["exceptionDetails"]))
        return result["result"].get("value")

    def key(self, key: str, code: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", session=True, type=kind, key=key, code=key,
                      windowsVirtualKeyCode=code)

    def screenshot(self) -> bytes:
        shot = self.call("Page.captureScreenshot", session=True, format="png",
                         captureBeyondViewport=True)
        return base64.b64decode(shot["data"])

    def requested(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events
                if e.get("method") == "Network.requestWillBeSent"]

    def errors(self) -> list[str]:
        said = [str(e["params"]) for e in self.events if e.get("method") == "Runtime.exceptionThrown"]
        said += [e["params"]["entry"]["text"] for e in self.events
                 if e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error"]
        return said

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, width, height, channels = 8, b"", 0, 0, 0
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and colour in (2, 6), (depth, colour, interlace)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    import numpy as np

    raw, stride, rows, previous = zlib.decompress(idat), width * channels, [], bytes(width * channels)
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        kind, row = line[0], bytearray(line[1:])
        # None, Sub and Up at once (numpy's uint8 sums wrap at 256, as PNG's do); Average and Paeth,
        # which depend on the byte just decoded to their left, byte by byte below
        if kind in (0, 1, 2):
            this = np.frombuffer(bytes(row), dtype=np.uint8)
            if kind == 1:
                this = np.cumsum(this.reshape(width, channels), axis=0, dtype=np.uint8).reshape(-1)
            elif kind == 2:
                this = this + np.frombuffer(previous, dtype=np.uint8)
            rows.append(this.tobytes())
            previous = rows[-1]
            continue
        for x in range(stride):
            left = row[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                row[x] = (row[x] + left) & 255
            elif kind == 2:
                row[x] = (row[x] + up) & 255
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                row[x] = (row[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(row))
        previous = bytes(row)
    return width, height, rows


def inked(data: bytes) -> int:
    """How many pixels of a PNG are not white: 0 for a blank page."""
    import numpy as np

    width, height, rows = png_pixels(data)
    channels = len(rows[0]) // width if rows else 3
    pixels = np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(height * width, channels)
    return int((pixels[:, :3] != 255).any(axis=1).sum())
