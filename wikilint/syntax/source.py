"""Source text with O(log n) offset -> line/column conversion."""

from __future__ import annotations

from bisect import bisect_right

from wikilint.records import FrozenRecord
from wikilint.regex_cache import compile_cached

__all__ = ["SourceFile", "mediawiki_line_breaks"]


def _line_starts(text: str) -> list[int]:
    """Offsets where lines start.  A line ends at ``\n``, ``\r\n`` or a lone ``\r``:
    MediaWiki turns both ``\r\n`` and ``\r`` into ``\n`` when a page is saved
    (``TextContent::normalizeLineEndings``), so a CR-only file has as many lines
    as MediaWiki sees."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    if "\r" in text:
        lone = [m.end() for m in _LONE_CR.finditer(text)]
        if lone:
            starts = sorted(starts + lone)
    return starts


_LONE_CR = compile_cached(r"\r(?!\n)")


def mediawiki_line_breaks(text: str) -> str:
    """``text`` with each lone ``\r`` made ``\n``, as MediaWiki saves it; same length,
    so every offset stays valid (``\r\n`` is kept: the parser reads it as a break)."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


class SourceFile(FrozenRecord):
    """The text of one file, its path and a table of line starts.

    Lines and columns are 1-based; columns count code points (what editors show).
    """

    __slots__ = ("text", "path", "_starts")
    _fields = ("text", "path", "line_starts")
    _compare = ("text", "path")
    text: str
    path: str

    def __init__(self, text: str, path: str = "<string>",
                 line_starts: list[int] | None = None) -> None:
        self.text = text
        self.path = path
        self._starts = line_starts or None

    @property
    def line_starts(self) -> list[int]:
        """Offsets where lines start, found on first use: a report of a page without
        findings never needs them (a dump's pages, in the process that prints)."""
        starts = self._starts
        if starts is None:
            starts = self._starts = _line_starts(self.text)
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based offset; ``len(text)`` is allowed."""
        offset = max(0, min(offset, len(self.text)))
        idx = bisect_right(self.line_starts, offset) - 1
        return idx + 1, offset - self.line_starts[idx] + 1

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` without its line break."""
        starts = self.line_starts
        if line < 1 or line > len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def offset(self, line: int, column: int) -> int:
        """0-based offset of a 1-based (line, column)."""
        return self.line_starts[line - 1] + column - 1

    @property
    def line_count(self) -> int:
        return len(self.line_starts)
