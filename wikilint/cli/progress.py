"""The progress bar a terminal shows while files are linted."""

from __future__ import annotations

import time
from typing import TextIO

__all__ = ["Progress", "PROGRESS_MIN_FILES"]

PROGRESS_MIN_FILES = 5


# ---------------------------------------------------------------- progress
class Progress:
    """A one-line progress bar on a terminal's stderr, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO, total: int, enabled: bool):
        self.stream = stream
        self.total = total
        self.enabled = enabled and total >= PROGRESS_MIN_FILES
        self.done = 0
        #: dump pages are shown whatever the number of files (a dump is one file)
        self.stream_pages = enabled
        self.pages = self.chars = 0
        self._started = time.monotonic()
        self._shown = False
        self._last = 0.0
        self._path = ""

    def advance(self, path: str) -> None:
        self.done += 1
        self._path = path
        if not self.enabled:
            return
        now = time.monotonic()
        # throttled while the bar is on screen; drawn at once when it is not (after
        # clear() made room for a file's findings), so it never stays away
        if self._shown and now - self._last < 0.1 and self.done < self.total:
            return
        self._draw(now)

    def redraw(self) -> None:
        """Show the bar again after :meth:`clear` (output was written above it)."""
        if self.enabled and not self._shown and 0 < self.done < self.total:
            self._draw(time.monotonic())

    def _draw(self, now: float) -> None:
        self._last = now
        width = 24
        filled = width * self.done // max(1, self.total)
        path = self._path
        name = path if len(path) <= 40 else "…" + path[-39:]
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] "
                          f"{self.done}/{self.total} {name}\x1b[K")
        self.stream.flush()
        self._shown = True

    def page(self, chars: int) -> None:
        """One page of an XML dump linted (``chars`` long): pages and MB per second."""
        if not self.pages:
            self._started = time.monotonic()
        self.pages += 1
        self.chars += chars
        if not self.stream_pages:
            return
        now = time.monotonic()
        if now - self._last < 0.1:
            return
        self._last = now
        took = max(1e-6, now - self._started)
        self.stream.write(f"\r{self.pages:,} pages, {self.pages / took:,.1f} pages/s, "
                          f"{self.chars / took / 1e6:.2f} MB/s\x1b[K")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
