"""Source edits proposed by analysis code, before a rule turns them into a Fix.

The analysis layer may not import the lint layer (where :class:`Fix` lives),
so detectors that know how to repair what they find describe the repair
with these two classes, and the rule converts them (same field names).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TextEdit", "Repair"]


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace ``text[start:end]`` with ``replacement`` (a source edit)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Repair:
    """The edits that repair one problem; ``safe`` when they cannot change the meaning."""

    edits: tuple[TextEdit, ...]
    safe: bool = True
    description: str = ""
