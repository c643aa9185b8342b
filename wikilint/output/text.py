"""Human formats: ``text`` (each finding, then its source line with a caret) and ``concise``.

One finding is one line, ``path:line:col: CODE [severity] message (rule-name)``,
which editors and terminals turn into links.  ``text`` adds the source line
under it, like ruff::

    article.wiki:3:18: WL301 [warning] quotation mark never closed: '"we are' (unbalanced-quotes)
      |
    3 | …the MEK has said "we are here
      |                   ^^^^^^^^^^^^

Wiki paragraphs are often one line of thousands of characters, so only a
window of the line around the span is shown.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from wikilint.lint.rule import Finding, Severity
from wikilint.output.base import Formatter, Summary

if TYPE_CHECKING:
    from wikilint.syntax.source import SourceFile

__all__ = ["TextFormatter", "ConciseFormatter", "display_width", "source_excerpt"]

#: The widest source excerpt shown, in terminal columns.
EXCERPT_WIDTH = 100
_ELLIPSIS = "…"
#: Columns kept before a span too long for the excerpt.
_LEFT_CONTEXT = 20

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_CARET = "\x1b[1;31m"


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns taken by ``text`` (wide CJK characters count 2, marks 0)."""
    return sum(_char_width(ch) for ch in text)


def _printable(text: str) -> str:
    # Tabs and control characters would break the caret's alignment.
    return "".join(" " if ch == "\t" else ("\ufffd" if ord(ch) < 32 or ch == "\x7f" else ch)
                   for ch in text)


def source_excerpt(line: str, start: int, end: int,
                   width: int = EXCERPT_WIDTH) -> tuple[str, str]:
    """(excerpt of ``line``, caret line under ``line[start:end]``) fitting ``width`` columns.

    ``start``/``end`` are 0-based code-point offsets in ``line``; the span is
    clipped to the line (and to ``width``) and marked with at least one caret.
    Linear in the excerpt's length, whatever the line's: only the window is
    looked at (and cleaned of tabs and control characters, which take one
    column either way), and a run of zero-width characters ends the window
    after ``4 * width`` code points, so that a long line with many findings
    costs no more per finding than a short one.
    """
    start = max(0, min(start, len(line)))
    end = max(start, min(end, len(line)))
    steps = 4 * width  # code points looked at on each side, at most
    # A long span leaves room for some text before it, so the reader sees where it starts.
    span_width = width - min(start, _LEFT_CONTEXT)
    hi, used = start, 0
    while hi < len(line) and (hi < end or hi == start) and hi - start < steps:
        w = _char_width(line[hi])
        if used + w > span_width and hi > start:
            break
        used += w
        hi += 1
    span_end = min(hi, end) if end > start else hi
    lo, budget = start, width - used
    # Widen the window around the span, keeping the context on both sides balanced.
    clipped = span_end < end  # the span goes on past the window: no text after it
    looked = 0
    while budget > 0 and looked < 2 * steps and (lo > 0 or (hi < len(line) and not clipped)):
        looked += 1
        if lo > 0 and (hi >= len(line) or clipped or start - lo <= hi - span_end):
            lo -= 1
            budget -= _char_width(line[lo])
        else:
            budget -= _char_width(line[hi])
            hi += 1
    prefix = _ELLIPSIS if lo > 0 else ""
    suffix = _ELLIPSIS if hi < len(line) else ""
    window = _printable(line[lo:hi])
    pad = display_width(prefix + window[:start - lo])
    carets = max(1, display_width(window[start - lo:span_end - lo]))
    return prefix + window + suffix, " " * pad + "^" * carets


class ConciseFormatter(Formatter):
    """One line per finding, then a summary line."""

    name = "concise"

    def paint(self, text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if self.color and text else text

    def finding_line(self, f: Finding) -> str:
        where = self.paint(f"{_one_line(f.path)}:{f.line}:{f.column}:", _BOLD)
        code = self.paint(f.code, _COLORS.get(f.severity, "") + _BOLD)
        severity = self.paint(f"[{f.severity.value}]", _COLORS.get(f.severity, ""))
        rule = self.paint(f"({f.rule})", _DIM)
        return f"{where} {code} {severity} {_one_line(f.message)} {rule}"

    def write_finding(self, finding: Finding) -> None:
        self.write(self.finding_line(finding) + "\n")

    def finish(self, summary: Summary) -> None:
        if summary.statistics and summary.by_rule:
            self.write(self.statistics(summary))
        self.write(self.summary_line(summary) + "\n")

    def statistics(self, summary: Summary) -> str:
        rows = []
        for code, count in sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            cls = self.rule_class(code)
            name = cls.name if cls else ""
            rows.append(f"{count:>6}  {code:<7} {name}".rstrip())
        return "\n".join(rows) + "\n"

    def summary_line(self, summary: Summary) -> str:
        files = _plural(summary.files, "file")
        parts: list[str] = []
        if summary.findings:
            counts = ", ".join(_plural(self.severities[s], s.value)
                               for s in Severity if self.severities[s])
            having = summary.files_with_findings
            # "in 97 of 120 files": the files with problems, of the files checked
            where = files if having is None or having == summary.files else \
                f"{having} of {files}"
            text = f"Found {_plural(summary.findings, 'problem')} in {where}"
            parts.append(f"{text} ({counts})." if counts else f"{text}.")
        elif summary.files:
            parts.append(f"No problems found in {files}.")
        else:
            parts.append("No files checked.")
        if summary.fixed:
            parts.append(f"Fixed {_plural(summary.fixed, 'problem')}.")
        if summary.fixable:
            parts.append(f"{summary.fixable} fixable with --fix.")
        if summary.unsafe_fixable:
            n = summary.unsafe_fixable
            parts.append(f"{n} unsafe fix{'es' if n != 1 else ''} available with "
                         "--fix --unsafe-fixes.")
        if summary.errors:
            parts.append(f"{_plural(len(summary.errors), 'error')} while checking.")
        return " ".join(parts)


class TextFormatter(ConciseFormatter):
    """The default: each finding, its source line with a caret, then a summary."""

    name = "text"

    def write_finding(self, finding: Finding) -> None:
        self.write(self.finding_line(finding) + "\n")
        if self.show_source:
            snippet = self.snippet(finding)
            if snippet:
                self.write(snippet)

    def line_text(self, source: SourceFile, number: int) -> str:
        """The line's text, kept while findings stay on it (a page may be one long line)."""
        cached = getattr(self, "_line", None)
        if cached is None or cached[0] is not source or cached[1] != number:
            cached = self._line = (source, number, source.line_text(number))
        return cached[2]

    def snippet(self, f: Finding) -> str:
        source = self.sources.get(f.path)
        if source is None or f.line > source.line_count:
            return ""
        line = self.line_text(source, f.line)
        end = f.end_column - 1 if f.end_line == f.line else len(line)
        excerpt, carets = source_excerpt(line, f.column - 1, end)
        if f.end_line > f.line:
            carets += f" (to line {f.end_line})"
        gutter = " " * len(str(f.line))
        bar = self.paint("|", _DIM)
        number = self.paint(str(f.line), _DIM)
        return (f"{gutter} {bar}\n{number} {bar} {excerpt}\n"
                f"{gutter} {bar} {self.paint(carets, _CARET)}\n")


def _one_line(text: str) -> str:
    """One finding, one line: line breaks (as str.splitlines sees them) become spaces."""
    lines = text.splitlines()
    return " ".join(lines) if len(lines) > 1 else (lines[0] if lines else "")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
