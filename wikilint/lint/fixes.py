"""Applying fixes: text edits on source offsets, never touching anything outside them.

Rules propose :class:`~wikilint.lint.rule.Fix` objects (one or more
:class:`~wikilint.lint.rule.Edit`); this module applies them.  A fix is applied
whole or not at all.  Fixes are taken in source order and a fix whose edits
overlap an edit already taken is skipped for this pass; ``fix_text`` lints
again and applies what is left, until nothing changes (or a pass limit is
reached), so ``--fix`` run twice changes nothing the second time.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from wikilint.lint.rule import Edit, Finding

__all__ = ["apply_fixes", "fix_text", "FixOutcome", "unified_diff", "MAX_PASSES",
           "is_applicable"]

#: How many lint-then-fix passes ``fix_text`` makes at most.
MAX_PASSES = 10

Lint = Callable[[str], list[Finding]]


@dataclass
class FixOutcome:
    """The result of fixing a text: the new text, the fixes applied, what is left."""

    new_text: str
    applied: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    passes: int = 0
    converged: bool = True

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def is_applicable(finding: Finding, unsafe: bool = False) -> bool:
    """Whether ``--fix`` (or ``--fix --unsafe-fixes``) would apply the finding's fix."""
    fix = finding.fix
    return fix is not None and bool(fix.edits) and (fix.safe or unsafe)


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start < b.end and b.start < a.end:
        return True
    # Two insertions at one point, or an insertion strictly inside a replaced span,
    # have no well-defined order: the later one waits for the next pass.
    if a.start == a.end == b.start == b.end:
        return True
    if a.start == a.end and b.start < a.start < b.end:
        return True
    return b.start == b.end and a.start < b.start < a.end


def _valid(edits: Iterable[Edit], length: int) -> bool:
    return all(0 <= e.start <= e.end <= length for e in edits)


def apply_fixes(text: str, findings: Iterable[Finding],
                unsafe: bool = False) -> tuple[str, list[Finding]]:
    """Apply the findings' fixes that do not overlap; returns (new text, findings fixed).

    Only safe fixes are applied unless ``unsafe``.  Fixes are considered in
    source order (the order of their first edit); a fix with an edit that
    overlaps an already accepted edit, or that lies outside the text, is
    skipped whole.  A fix whose edits change nothing counts as not applied.
    """
    candidates = [f for f in findings if is_applicable(f, unsafe)]
    candidates.sort(key=lambda f: (min(e.start for e in f.fix.edits),  # type: ignore[union-attr]
                                   f.start, f.code))
    taken: list[Edit] = []
    applied: list[Finding] = []
    for finding in candidates:
        edits = finding.fix.edits  # type: ignore[union-attr]
        if not _valid(edits, len(text)):
            continue
        if any(_overlaps(a, b) for i, a in enumerate(edits) for b in edits[i + 1:]):
            continue
        if any(_overlaps(e, t) for e in edits for t in taken):
            continue
        if all(text[e.start:e.end] == e.replacement for e in edits):
            continue
        taken.extend(edits)
        applied.append(finding)
    return _splice(text, taken), applied


def _splice(text: str, edits: list[Edit]) -> str:
    if not edits:
        return text
    pieces: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[pos:edit.start])
        pieces.append(edit.replacement)
        pos = edit.end
    pieces.append(text[pos:])
    return "".join(pieces)


def fix_text(text: str, lint: Lint, unsafe: bool = False,
             max_passes: int = MAX_PASSES) -> FixOutcome:
    """Lint and fix repeatedly until no applicable fix is left (or ``max_passes``)."""
    outcome = FixOutcome(text)
    seen = {text}
    findings = lint(text)
    while outcome.passes < max_passes:
        new_text, applied = apply_fixes(outcome.new_text, findings, unsafe)
        if not applied or new_text == outcome.new_text:
            break
        outcome.passes += 1
        outcome.applied.extend(applied)
        outcome.new_text = new_text
        findings = lint(new_text)
        if new_text in seen:  # two fixes undoing each other
            outcome.converged = False
            break
        seen.add(new_text)
    else:
        outcome.converged = not any(is_applicable(f, unsafe) for f in findings)
    outcome.remaining = findings
    return outcome


def _lines(text: str) -> list[str]:
    # Only "\n" ends a line (as for git): str.splitlines would also split at U+2028 etc.
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def unified_diff(path: str, old: str, new: str, context: int = 3) -> str:
    """A unified diff of ``old`` → ``new`` (empty when equal), as ``--diff`` prints it."""
    if old == new:
        return ""
    lines: list[str] = []
    for line in difflib.unified_diff(_lines(old), _lines(new),
                                     fromfile=f"a/{path}", tofile=f"b/{path}", n=context):
        if line.endswith("\n"):
            lines.append(line)
        else:  # the file's last line has no line break: say so, as git does
            lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)
