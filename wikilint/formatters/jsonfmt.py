"""Machine formats: ``json`` (one array) and ``jsonl`` (one object per line).

Each finding is :meth:`wikilint.rule.Finding.to_dict`: ``path``, ``line``,
``column``, ``end_line``, ``end_column`` (1-based; the end is exclusive),
``code``, ``rule``, ``severity``, ``message``, and ``fix`` when the finding
has one (``safe``, ``description``, ``edits`` with 0-based ``start``/``end``
offsets and ``replacement``).
"""

from __future__ import annotations

import json

from ..rule import Finding
from .base import Formatter, Summary

__all__ = ["JsonFormatter", "JsonLinesFormatter"]


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
        # ensure_ascii=False keeps the text readable, but U+2028/U+2029 are line breaks to
        # some line-oriented readers: escape them so that a record is always one line.
        line = json.dumps(finding.to_dict(), ensure_ascii=False)
        line = line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        self.write(line + "\n")
