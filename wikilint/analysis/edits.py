"""Source edits proposed by analysis code, before a rule turns them into a Fix.

The analysis layer may not import the lint layer (where :class:`Fix` lives),
so detectors that know how to repair what they find describe the repair
with these two classes, and the rule converts them (same field names).
"""

from __future__ import annotations

from wikilint.records import FrozenRecord

__all__ = ["TextEdit", "Repair"]


class TextEdit(FrozenRecord):
    """Replace ``text[start:end]`` with ``replacement`` (a source edit)."""

    __slots__ = ("start", "end", "replacement")
    start: int
    end: int
    replacement: str

    def __init__(self, start: int, end: int, replacement: str) -> None:
        self.start = start
        self.end = end
        self.replacement = replacement


class Repair(FrozenRecord):
    """The edits that repair one problem; ``safe`` when they cannot change the meaning."""

    __slots__ = ("edits", "safe", "description")
    edits: tuple[TextEdit, ...]
    safe: bool
    description: str

    def __init__(self, edits: tuple[TextEdit, ...], safe: bool = True,
                 description: str = "") -> None:
        self.edits = edits
        self.safe = safe
        self.description = description
