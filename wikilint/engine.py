"""Parse once, walk once, dispatch nodes to the rules that asked for them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .nodes import Document, Node
from .parser import parse_source
from .rule import Context, Finding, Rule, Severity
from .source import SourceFile

__all__ = ["lint_document", "lint_source", "lint_text", "dialect_for", "RuleError",
           "WIKITEXT_EXTENSIONS", "RENDERED_EXTENSIONS", "LintResult"]

WIKITEXT_EXTENSIONS = (".wiki", ".wikitext", ".mediawiki", ".mw")
RENDERED_EXTENSIONS = (".txt",)


def dialect_for(path: str, overrides: dict[str, str] | None = None) -> str | None:
    """The dialect of a file by its extension, or None when it is not a wiki file."""
    lower = path.lower()
    if overrides:
        for ext, dialect in overrides.items():
            if lower.endswith(ext.lower()):
                return dialect
    if lower.endswith(WIKITEXT_EXTENSIONS):
        return "wikitext"
    if lower.endswith(RENDERED_EXTENSIONS):
        return "rendered"
    return None


@dataclass(frozen=True)
class RuleError:
    """A rule that raised on a file: reported, never a traceback."""

    path: str
    rule: str
    message: str


@dataclass
class LintResult:
    doc: Document
    findings: list[Finding]
    errors: list[RuleError] = field(default_factory=list)


# Dispatch tables by rule set: a run lints many files (or dump pages) with the
# same rule instances.  A table holds its rules, so their ids stay unique
# while it is cached.
_TABLES: dict[tuple[int, ...], dict[type, list[Rule]]] = {}


def _dispatch_table(rules: Sequence[Rule]) -> dict[type, list[Rule]]:
    """Node class -> the rules that visit it (built once per rule set)."""
    key = tuple(id(r) for r in rules)
    table = _TABLES.get(key)
    if table is not None:
        return table
    from . import grammar
    from . import nodes as nodes_module

    node_types = [obj for obj in vars(nodes_module).values()
                  if isinstance(obj, type) and issubclass(obj, Node)]
    node_types += [grammar.BadMarkup, grammar.LineBreak, grammar.Toggle]
    table = {}
    for cls in node_types:
        wanted = [r for r in rules if any(issubclass(cls, v) for v in r.visits)]
        if wanted:
            table[cls] = wanted
    if len(_TABLES) >= 32:
        _TABLES.clear()
    _TABLES[key] = table
    return table


def lint_document(doc: Document, rules: Sequence[Rule], path: str | None = None,
                  severities: dict[str, Severity] | None = None) -> LintResult:
    """Run ``rules`` over a parsed document."""
    path = path if path is not None else doc.source.path
    active = [r for r in rules if doc.dialect in r.dialects]
    ctx = Context(doc, path)
    errors: list[RuleError] = []
    broken: set[str] = set()
    sev = {r.name: (severities or {}).get(r.name, r.severity) for r in active}
    table = _dispatch_table(active)
    if table:
        get = table.get
        for node in doc.walk():
            wanted = get(type(node))
            if not wanted:
                continue
            for rule in wanted:
                if rule.name in broken:
                    continue
                ctx._bind(rule, sev[rule.name])
                try:
                    rule.visit(node, ctx)
                except Exception as exc:  # a broken rule must not stop the others
                    broken.add(rule.name)
                    errors.append(RuleError(path, rule.name, f"{type(exc).__name__}: {exc}"))
    for rule in active:
        if rule.visits_document and rule.name not in broken:
            ctx._bind(rule, sev[rule.name])
            try:
                rule.check(doc, ctx)
            except Exception as exc:
                errors.append(RuleError(path, rule.name, f"{type(exc).__name__}: {exc}"))
    findings = sorted(ctx.findings, key=Finding.sort_key)
    return LintResult(doc, findings, errors)


def lint_source(source: SourceFile, rules: Sequence[Rule], dialect: str = "wikitext",
                severities: dict[str, Severity] | None = None) -> LintResult:
    return lint_document(parse_source(source, dialect), rules, source.path, severities)


def lint_text(text: str, path: str = "<string>", dialect: str | None = None,
              rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Lint a string with the given rule instances (default: every built-in rule)."""
    from .registry import default_rules

    dialect = dialect or dialect_for(path) or "wikitext"
    chosen = list(rules) if rules is not None else default_rules()
    return lint_source(SourceFile(text, path), chosen, dialect).findings
