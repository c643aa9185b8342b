"""The one lint pipeline: parse -> rules -> overlaps -> suppression comments.

Every entry point runs a page through here: the command line (files,
standard input, XML dump pages), the Python API (:func:`wikilint.lint_text`),
the rule-test loader and the language server.  So a page gives the same
findings whichever way it is linted.  Fixes are a loop around this pipeline
(:func:`wikilint.lint.fixes.fix_text`).
"""

from __future__ import annotations

import gc
from collections.abc import Mapping, Sequence

from wikilint.analysis.escaped import EscapedPage, escaped_markup
from wikilint.lint.engine import RuleError, run_rules
from wikilint.lint.overlaps import drop_superseded, precedence
from wikilint.lint.rule import Context, Finding, Rule, Severity
from wikilint.lint.suppress import RULE_NAME, apply_suppressions
from wikilint.records import ValueRecord
from wikilint.syntax.nodes import Document
from wikilint.syntax.parser import parse_source
from wikilint.syntax.source import SourceFile, mediawiki_line_breaks

__all__ = ["LintResult", "lint_document", "lint_source", "lint_string"]


class LintResult(ValueRecord):
    """What linting one page gave: its tree, the findings kept, the ones suppressed."""

    __slots__ = ("doc", "findings", "errors", "suppressed")
    doc: Document
    findings: list[Finding]
    errors: list[RuleError]
    suppressed: list[Finding]

    def __init__(self, doc: Document, findings: list[Finding],
                 errors: list[RuleError] | None = None,
                 suppressed: list[Finding] | None = None) -> None:
        self.doc = doc
        self.findings = findings
        self.errors = [] if errors is None else errors
        self.suppressed = [] if suppressed is None else suppressed

    @property
    def source(self) -> SourceFile:
        return self.doc.source


def _pause_collector() -> bool:
    """Pause the cyclic garbage collector while a page is linted; True if it was on.

    A page's tree and what the rules derive from it are hundreds of thousands of
    objects that all live until the page is done and form no cycles (a node holds
    its parent by weak reference); each pass of the collector in between would
    only scan them again (measured: a fifth of the lint time on the corpus).  The
    caller turns it back on in a ``finally`` right before returning, with nothing
    allocated in between, so a caller that drops the result at once (a dump, a
    benchmark) frees the page by reference counting before any pass scans it.
    """
    enabled = gc.isenabled()
    gc.disable()
    return enabled


def lint_document(doc: Document, rules: Sequence[Rule], path: str | None = None,
                  severities: Mapping[str, Severity] | None = None, *,
                  known_rules: Sequence[type[Rule]] | None = None) -> LintResult:
    """Run ``rules`` over a parsed page, then apply its suppression comments.

    ``known_rules`` are the rules a suppression comment may name without being
    called unknown (the configuration's built-in, pack and plugin rules);
    by default, the classes of ``rules``.
    """
    path = path if path is not None else doc.source.path
    known = tuple(known_rules) if known_rules is not None else tuple(type(r) for r in rules)
    enabled = _pause_collector()
    try:
        escaped = escaped_markup(doc.text) if doc.dialect == "wikitext" else None
        if escaped is not None:
            return _lint_escaped(doc, escaped, rules, path, severities, known)
        return _lint(doc, rules, path, severities, known)
    finally:
        if enabled:
            gc.enable()


def _lint(doc: Document, rules: Sequence[Rule], path: str,
          severities: Mapping[str, Severity] | None, known: tuple[type[Rule], ...]) -> LintResult:
    """Rules, then overlapping findings, then suppression comments."""
    ctx = Context(doc, path, known)
    sev = dict(severities) if severities else None
    findings, errors = run_rules(doc, rules, ctx, sev)
    # one defect, one finding: the more specific rule's finding stays
    findings = drop_superseded(findings, precedence(rules))
    ran = {r.name for r in rules if doc.dialect in r.dialects} - {e.rule for e in errors}
    extra = {"severity": severities[RULE_NAME]} if severities and RULE_NAME in severities else {}
    kept = apply_suppressions(doc, findings, rules=known, active=ran, path=path,
                              parsed=ctx.directives(), **extra)
    ctx._release()
    return LintResult(doc, kept.findings, errors, kept.suppressed)


def _lint_escaped(doc: Document, page: EscapedPage, rules: Sequence[Rule], path: str,
                  severities: Mapping[str, Severity] | None,
                  known: tuple[type[Rule], ...]) -> LintResult:
    """A page saved with its markup HTML-escaped (``&lt;ref&gt;``).

    The rules that report the escaping (``reads_escaped``) read the page as
    written; every other rule reads it as its author meant it (the entities
    decoded), so an escaped ``&quot;`` is no unpaired quotation mark and an
    escaped ``<ref>`` is still a citation.  Their findings are mapped back to
    the page's offsets, without fixes (an edit of the decoded text is not an
    edit of the page).
    """
    as_written = [r for r in rules if getattr(r, "reads_escaped", False)]
    as_meant = [r for r in rules if not getattr(r, "reads_escaped", False)]
    outer = _lint(doc, as_written, path, severities, known)
    meant_doc = parse_source(SourceFile(page.text, path), doc.dialect)
    inner = _lint(meant_doc, as_meant, path, severities, known)
    source = doc.source

    def back(f: Finding) -> Finding:
        start, end = page.to_source(f.start), page.to_source(f.end)
        line, col = source.line_col(start)
        end_line, end_col = source.line_col(max(start, end))
        reach = (page.to_source(f.reach[0]), page.to_source(f.reach[1])) if f.reach else None
        return f._replace(start=start, end=max(start, end), line=line, column=col,
                          end_line=end_line, end_column=end_col, fix=None, reach=reach)

    findings = sorted(outer.findings + [back(f) for f in inner.findings], key=Finding.sort_key)
    suppressed = outer.suppressed + [back(f) for f in inner.suppressed]
    return LintResult(doc, findings, outer.errors + inner.errors, suppressed)


def lint_source(source: SourceFile, rules: Sequence[Rule], dialect: str = "wikitext",
                severities: Mapping[str, Severity] | None = None, *,
                known_rules: Sequence[type[Rule]] | None = None) -> LintResult:
    """Parse ``source`` in ``dialect`` and lint it (see :func:`lint_document`).

    A lone ``\r`` is read as a line break, as MediaWiki saves it: the page is
    parsed with each one made ``\n`` (same length, so findings' offsets and
    fixes apply to the text as it is).
    """
    normalised = mediawiki_line_breaks(source.text)
    if normalised != source.text:
        source = SourceFile(normalised, source.path)
    enabled = _pause_collector()
    try:
        return lint_document(parse_source(source, dialect), rules, source.path, severities,
                             known_rules=known_rules)
    finally:
        if enabled:
            gc.enable()


def lint_string(text: str, rules: Sequence[Rule], dialect: str = "wikitext",
                path: str = "<string>", severities: Mapping[str, Severity] | None = None, *,
                known_rules: Sequence[type[Rule]] | None = None) -> LintResult:
    """:func:`lint_source` for a string."""
    return lint_source(SourceFile(text, path), rules, dialect, severities,
                       known_rules=known_rules)
