"""Machine formats: ``json`` (one array) and ``jsonl`` (one object per line).

Each finding is :meth:`wikilint.lint.rule.Finding.to_dict`: ``path``, ``line``,
``column``, ``end_line``, ``end_column`` (1-based; the end is exclusive),
``code``, ``rule``, ``severity``, ``message``, and ``fix`` when the finding
has one (``safe``, ``description``, ``edits`` with 0-based ``start``/``end``
offsets and ``replacement``).
"""

from __future__ import annotations

import json

from wikilint.lint.rule import Finding
from wikilint.output.base import Formatter, Summary

__all__ = ["JsonFormatter", "JsonLinesFormatter"]

# Line breaks for str.splitlines that json.dumps leaves unescaped (it escapes C0 controls).
_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


class JsonFormatter(Formatter):
    """A JSON array of all findings, written at the end (``[]`` when none)."""

    name = "json"

    def finish(self, summary: Summary) -> None:
        self.write(json.dumps([f.to_dict() for f in self.findings], indent=2,
                              ensure_ascii=False) + "\n")


class JsonLinesFormatter(Formatter):
    """One JSON object per finding and line, written as found."""

    name = "jsonl"

    def write_finding(self, finding: Finding) -> None:
        # ensure_ascii=False keeps the text readable, but NEL, U+2028 and U+2029 are line
        # breaks to some readers (str.splitlines): escape them, a record is one line.
        line = json.dumps(finding.to_dict(), ensure_ascii=False)
        for char in _LINE_BREAKS:
            line = line.replace(char, f"\\u{ord(char):04x}")
        self.write(line + "\n")
