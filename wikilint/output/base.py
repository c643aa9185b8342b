"""The formatter lifecycle (after flake8's ``formatting/base.py``).

The command line drives a formatter like this::

    fmt = get_formatter("text", sys.stdout, color=True, rules=all_rules())
    fmt.start()
    for each file:
        fmt.begin_file(path, source)     # source: SourceFile, or None if unreadable
        for each finding: fmt.handle(finding)
        fmt.end_file(path)
    fmt.finish(Summary(...))

A formatter writes only to the stream it was given, never to ``print``.
Formats that are one document (JSON, SARIF, JUnit, GitLab) collect the
findings and write everything in ``finish``; line formats write as they go.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, TextIO

from wikilint.lint.rule import Finding, Rule, Severity
from wikilint.records import ValueRecord
from wikilint.regex_cache import compile_cached

if TYPE_CHECKING:
    from wikilint.syntax.source import SourceFile

__all__ = ["Formatter", "Summary", "DEFAULT_DOCS_URL", "relative_path", "rule_docs_url"]

#: Where the rule pages (docs/rules/<name>.md) are published; a formatter's
#: ``docs_url`` option or the WIKILINT_DOCS_URL environment variable overrides it.
DEFAULT_DOCS_URL = "https://github.com/wikilint/wikilint/blob/main/docs/rules/"


class Summary(ValueRecord):
    """What the run did, passed to :meth:`Formatter.finish`.

    ``files``: files checked; ``files_with_findings``: how many of them had a
    finding (None: not counted, taken as all); ``findings``: findings
    reported; ``errors``: one-line messages of files or rules that failed;
    ``fixed``: fixes applied; ``by_rule``: findings per rule code;
    ``statistics``: print the per-rule counts (``--statistics``);
    ``fixable``: findings ``--fix`` would fix (in files it can edit: not
    pages of a dump or a live wiki); ``unsafe_fixable``: those only
    ``--unsafe-fixes`` would fix.
    """

    __slots__ = ("files", "findings", "errors", "fixed", "by_rule", "statistics", "fixable",
                 "unsafe_fixable", "files_with_findings")
    files: int
    findings: int
    errors: list[str]
    fixed: int
    by_rule: Counter[str]
    statistics: bool
    fixable: int
    unsafe_fixable: int
    files_with_findings: int | None

    def __init__(self, files: int = 0, findings: int = 0, errors: list[str] | None = None,
                 fixed: int = 0, by_rule: Counter[str] | None = None, statistics: bool = False,
                 fixable: int = 0, unsafe_fixable: int = 0,
                 files_with_findings: int | None = None) -> None:
        self.files = files
        self.findings = findings
        self.errors = [] if errors is None else errors
        self.fixed = fixed
        self.by_rule = Counter() if by_rule is None else by_rule
        self.statistics = statistics
        self.fixable = fixable
        self.unsafe_fixable = unsafe_fixable
        self.files_with_findings = files_with_findings


_URL_RE = compile_cached(r"[a-zA-Z][a-zA-Z0-9+.-]*://")


def relative_path(path: str, root: str | None = None) -> str:
    """``path`` relative to ``root`` (default: the working directory), with ``/``.

    Paths outside ``root`` stay absolute; paths such as ``<stdin>`` are kept.
    """
    if path.startswith("<") or _URL_RE.match(path):
        return path  # <stdin>, or a page of a live wiki (its URL)
    root = root or os.getcwd()
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        rel = absolute
    if rel.startswith(".."):
        rel = absolute
    return rel.replace(os.sep, "/")


def rule_docs_url(rule: type[Rule] | str, base: str | None = None) -> str:
    """The URL of a rule's documentation page."""
    base = base or os.environ.get("WIKILINT_DOCS_URL") or DEFAULT_DOCS_URL
    if not base.endswith("/"):
        base += "/"
    name = rule if isinstance(rule, str) else rule.name
    return f"{base}{name}.md"


class Formatter:
    """Base class: keeps the findings, the sources and the rule metadata."""

    name: ClassVar[str] = ""

    def __init__(self, stream: TextIO, *, color: bool = False,
                 rules: Sequence[type[Rule]] | Callable[[], Sequence[type[Rule]]] = (),
                 show_source: bool = True, docs_url: str | None = None):
        self.stream = stream
        self.color = color
        self._rules = rules
        self.show_source = show_source
        self.docs_url = docs_url
        self.sources: dict[str, SourceFile | None] = {}
        self.findings: list[Finding] = []
        self.files: list[str] = []
        self.severities: Counter[Severity] = Counter()

    @property
    def rules(self) -> tuple[type[Rule], ...]:
        """The rules' metadata; given as a function, it is called when first needed (a run
        whose findings all come from the result cache then imports no rule module)."""
        if callable(self._rules):
            self._rules = self._rules()
        return tuple(self._rules)

    # -- lifecycle ------------------------------------------------------
    def start(self) -> None:
        """Called once before the first file."""

    @property
    def streams(self) -> bool:
        """A line format (it writes each finding as it comes) keeps no file's findings.

        So memory stays flat over a dump of millions of pages: a file's
        source is dropped at :meth:`end_file` and findings are not kept.
        Document formats (no ``write_finding``) collect findings for ``finish``.
        """
        return type(self).write_finding is not Formatter.write_finding

    def begin_file(self, path: str, source: SourceFile | None) -> None:
        if not self.streams:
            self.files.append(path)
        self.sources[path] = source

    def handle(self, finding: Finding) -> None:
        if not self.streams:
            self.findings.append(finding)
        self.severities[finding.severity] += 1
        self.write_finding(finding)

    def end_file(self, path: str) -> None:
        """Called after a file's last finding (the base class forgets the file's source)."""
        self.sources.pop(path, None)

    def finish(self, summary: Summary) -> None:
        """Called once at the end."""

    # -- for subclasses -------------------------------------------------
    def write_finding(self, finding: Finding) -> None:
        """Line formats write each finding here; document formats wait for ``finish``."""

    def write(self, text: str) -> None:
        self.stream.write(text)

    def rule_class(self, code: str) -> type[Rule] | None:
        for cls in self.rules:
            if cls.code == code:
                return cls
        return None
