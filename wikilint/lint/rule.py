"""What a rule is: metadata, options, what it visits, and what it reports.

A rule is a class with explicit metadata (no metaclass magic) whose
docstring is its documentation page, written under ruff's headings::

    ## What it does
    ## Why is this bad?
    ## Example
    ## Use instead
    ## Options
    ## Fix safety

Rules never change the tree or the text; they call ``ctx.report`` with a
span, a message and optionally a :class:`Fix` (text edits on source
offsets), which the engine applies.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from wikilint.records import ImmutableRecord

if TYPE_CHECKING:  # (the tree's classes too: a run served by the result cache never parses)
    from wikilint.analysis.citations import Citation
    from wikilint.analysis.prose import Prose
    from wikilint.lint.suppress import Directive, DirectiveProblem
    from wikilint.syntax.nodes import Document, Node

__all__ = ["Severity", "SEVERITY_NAMES", "Edit", "Fix", "Finding", "Rule", "Context", "NoOptions",
           "option", "FINDINGS_PER_LINE"]

#: At most this many findings of one rule on one line are kept; the rest are
#: counted and summarised by one more finding ("and 999,900 more like this"),
#: so a hostile line (a megabyte of ``(``) costs bounded memory in every format.
FINDINGS_PER_LINE = 100


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


#: the severity names, most severe first (configuration values, --fail-on choices)
SEVERITY_NAMES: tuple[str, ...] = tuple(s.value for s in Severity)


class Edit(ImmutableRecord):
    """Replace ``text[start:end]`` with ``replacement``."""

    __slots__ = ("start", "end", "replacement")
    start: int
    end: int
    replacement: str

    def __init__(self, start: int, end: int, replacement: str) -> None:
        _set = object.__setattr__  # immutable
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "replacement", replacement)


class Fix(ImmutableRecord):
    """One or more edits that fix a finding; ``safe`` fixes are applied by ``--fix``."""

    __slots__ = ("edits", "safe", "description")
    edits: tuple[Edit, ...]
    safe: bool
    description: str

    def __init__(self, edits: tuple[Edit, ...], safe: bool = True, description: str = "") -> None:
        _set = object.__setattr__  # immutable
        _set(self, "edits", edits)
        _set(self, "safe", safe)
        _set(self, "description", description)


class Finding(ImmutableRecord):
    """A problem found in a file, with its exact span (0-based offsets, 1-based lines)."""

    __slots__ = ("path", "code", "rule", "severity", "message", "start", "end", "line", "column",
                 "end_line", "end_column", "fix", "reach")
    path: str
    code: str
    rule: str
    severity: Severity
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    fix: Fix | None
    #: source span the defect affects, when wider than the finding's own span
    #: (an unclosed mark reaches to the end of its text); see wikilint.lint.overlaps
    reach: tuple[int, int] | None

    def __init__(self, path: str, code: str, rule: str, severity: Severity, message: str,
                 start: int, end: int, line: int, column: int, end_line: int, end_column: int,
                 fix: Fix | None = None, reach: tuple[int, int] | None = None) -> None:
        _set = object.__setattr__  # immutable
        _set(self, "path", path)
        _set(self, "code", code)
        _set(self, "rule", rule)
        _set(self, "severity", severity)
        _set(self, "message", message)
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "end_line", end_line)
        _set(self, "end_column", end_column)
        _set(self, "fix", fix)
        _set(self, "reach", reach)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.start, self.end, self.code)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape of a finding."""
        data: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
        }
        if self.fix is not None:
            data["fix"] = {
                "safe": self.fix.safe,
                "description": self.fix.description,
                "edits": [
                    {"start": e.start, "end": e.end, "replacement": e.replacement}
                    for e in self.fix.edits
                ],
            }
        return data


def option(default: Any, description: str, **kwargs: Any) -> Any:
    """A typed rule option with its documentation (used in an Options dataclass)."""
    metadata = {"description": description}
    if isinstance(default, (list, dict, set)):
        return field(default_factory=lambda: type(default)(default), metadata=metadata, **kwargs)
    return field(default=default, metadata=metadata, **kwargs)


@dataclass(frozen=True)
class NoOptions:
    """A rule without options."""


class Rule:
    """Base class of rules. Subclasses set the class attributes and override
    :meth:`visit` (for node types listed in ``visits``) and/or :meth:`check`
    (once per document, when ``visits_document`` is True)."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    tags: ClassVar[tuple[str, ...]] = ()
    fixable: ClassVar[str] = "never"  # never | sometimes | always
    fix_safe: ClassVar[bool] = True
    Options: ClassVar[type] = NoOptions
    visits: ClassVar[tuple[type[Node], ...]] = ()
    visits_document: ClassVar[bool] = False
    #: rules whose finding this rule's finding replaces when both describe one
    #: defect at one place (see :mod:`wikilint.lint.overlaps`)
    supersedes: ClassVar[tuple[str, ...]] = ()
    #: "mutual": a superseded finding goes when each finding lies in the other's
    #: reach; "reach": when it lies in this rule's finding's reach (markup shown
    #: as raw text makes everything in it a consequence)
    supersedes_within: ClassVar[str] = "mutual"
    dialects: ClassVar[tuple[str, ...]] = ("wikitext", "rendered")
    #: False for opinionated rules that run only when selected (``extend-select``)
    default_enabled: ClassVar[bool] = True

    def __init__(self, options: Any = None):
        self.options = options if options is not None else self.Options()

    def visit(self, node: Node, ctx: Context) -> None:
        """Called for every node whose type is in ``visits``."""

    def check(self, doc: Document, ctx: Context) -> None:
        """Called once per document after the walk, when ``visits_document`` is set."""

    @classmethod
    def option_fields(cls) -> list[dataclasses.Field[Any]]:
        return list(dataclasses.fields(cls.Options))

    @classmethod
    def doc(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")


class Context:
    """What a rule sees: the tree and read-only helpers; ``report`` records a finding."""

    def __init__(self, doc: Document, path: str, known_rules: Sequence[type[Rule]] = ()):
        self.doc = doc
        self.path = path
        # every rule the run can name (configured, pack and plugin rules): what a
        # suppression comment may refer to
        self.known_rules = tuple(known_rules)
        self.source = doc.source
        self.dialect = doc.dialect
        self._findings: list[Finding] = []
        # (rule code, line) -> [findings kept, findings left out, first left out]
        self._per_line: dict[tuple[str, int], list[Any]] = {}
        self._rule: Rule | None = None
        self._severity: Severity = Severity.WARNING
        self._cache: dict[Any, Any] = {}

    # -- used by the engine -------------------------------------------------
    def _bind(self, rule: Rule, severity: Severity) -> None:
        self._rule = rule
        self._severity = severity

    @property
    def findings(self) -> list[Finding]:
        """What the rules reported, with one summary per capped rule and line."""
        summaries = []
        for (_code, _line), (_kept, left_out, first) in self._per_line.items():
            if left_out:
                summaries.append(first._replace(
                    fix=None, reach=None,
                    message=f"and {left_out:,} more like this on this line (only the first "
                            f"{FINDINGS_PER_LINE} of one rule on one line are listed)"))
        return self._findings + summaries if summaries else self._findings

    @property
    def options(self) -> Any:
        assert self._rule is not None
        return self._rule.options

    # -- for rules ----------------------------------------------------------
    def report(self, start: int, end: int, message: str, fix: Fix | None = None,
               severity: Severity | None = None, reach: tuple[int, int] | None = None) -> None:
        """Record a finding on ``text[start:end]``.

        ``severity`` lets a rule grade one finding below (or above) its
        default; a severity the user configured for the rule always wins.
        ``reach`` is the source span the defect affects (an unclosed mark:
        from it to the end of its text), used to tell when two rules'
        findings describe one defect (:mod:`wikilint.lint.overlaps`).
        """
        rule = self._rule
        assert rule is not None, "report() called outside a rule"
        line, col = self.source.line_col(start)
        counts = self._per_line.get((rule.code, line))
        if counts is None:
            counts = self._per_line[(rule.code, line)] = [0, 0, None]
        if counts[0] >= FINDINGS_PER_LINE:  # a hostile line: count the rest, keep one
            counts[1] += 1
            if counts[2] is not None:
                return
        end_line, end_col = self.source.line_col(max(start, end))
        chosen = self._severity
        if severity is not None and self._severity == rule.severity:
            chosen = severity
        finding = Finding(self.path, rule.code, rule.name, chosen, message, start,
                          max(start, end), line, col, end_line, end_col, fix, reach)
        if counts[1]:
            counts[2] = finding  # where the summary of the left-out findings stands
            return
        counts[0] += 1
        self._findings.append(finding)

    def _release(self) -> None:
        """Drop the per-page values once the page is linted: some refer back to this
        context (a unit's prose getter is a bound method of it), and without the
        cycle the page's tree is freed as soon as it is no longer used."""
        self._cache.clear()

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """A per-document value shared by the rules that need it (computed once)."""
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = compute()
            return value

    def prose(self, node: Node) -> Prose:
        """The plain prose of a block or citation, with a map back to source offsets."""
        # the entry holds the node: while it is cached, no other node can take its id
        key = ("prose", id(node))
        cached = self._cache.get(key)
        if cached is None or cached[0] is not node:
            from wikilint.analysis.prose import prose_of

            cached = self._cache[key] = (node, prose_of(node))
        return cached[1]

    def citations(self) -> list[Citation]:
        """The page's citations: ``<ref>`` bodies, citation templates, reference-list entries."""
        cached = self._cache.get("citations")
        if cached is None:
            from wikilint.analysis.citations import find_citations

            cached = self._cache["citations"] = find_citations(self.doc, prose=self.prose)
        return cached

    def sentences(self, node: Node) -> list[tuple[int, int]]:
        """Sentence spans (prose offsets) of a block's prose; see :mod:`wikilint.sentences`."""
        key = ("sentences", id(node))
        cached = self._cache.get(key)
        if cached is None or cached[0] is not node:
            from wikilint.analysis.sentences import split_sentences

            cached = self._cache[key] = (node, split_sentences(self.prose(node).text))
        return cached[1]

    def directives(self) -> tuple[list[Directive], list[DirectiveProblem]]:
        """The page's suppression comments, parsed once for the rules and the pipeline
        (see :func:`wikilint.lint.suppress.parse_directives`)."""
        cached = self._cache.get("directives")
        if cached is None:
            from wikilint.lint.suppress import parse_directives

            cached = self._cache["directives"] = parse_directives(self.doc, self.known_rules)
        return cached

    def sections(self) -> Iterator[Node]:
        return self.doc.sections()
