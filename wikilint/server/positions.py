"""Offsets in a page <-> LSP positions.

wikilint reports 0-based code-point offsets (and 1-based lines and columns
counted in code points).  LSP positions are a 0-based line and a character
counted in the negotiated encoding's code units: UTF-16 by default (an
astral character such as 𝄞 or an emoji is two units), or UTF-8 / UTF-32
when client and server agree on it.  LSP lines end at ``\\n``, ``\\r\\n`` or a
lone ``\\r``.
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["LineIndex", "code_units"]

_BREAK = re.compile(r"\r\n|\r|\n")


def code_units(text: str, encoding: str = "utf-16") -> int:
    """How many code units ``text`` takes in ``encoding`` (utf-8, utf-16 or utf-32)."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class LineIndex:
    """Line starts of a text, for converting offsets to LSP positions and back."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text = text
        self.encoding = encoding
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def line_of(self, offset: int) -> int:
        """The 0-based LSP line an offset is on."""
        offset = max(0, min(offset, len(self.text)))
        return bisect_right(self.starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of a 0-based code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        # an offset between \r and \n belongs to the end of the line before
        start = self.starts[line]
        return line, code_units(self.text[start:offset], self.encoding)

    def line_start(self, line: int) -> int:
        return self.starts[line] if line < len(self.starts) else len(self.text)

    def line_text(self, line: int) -> str:
        """The text of a 0-based line without its line break."""
        start = self.line_start(line)
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP position (clamped to the line)."""
        if line >= len(self.starts):
            return len(self.text)
        start = self.line_start(line)
        text = self.line_text(line)
        units = 0
        for i, ch in enumerate(text):
            if units >= character:
                return start + i
            units += code_units(ch, self.encoding)
        return start + len(text)
