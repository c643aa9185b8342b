"""Walk a parsed page once and dispatch each node to the rules that asked for it."""

from __future__ import annotations

from collections.abc import Sequence

from wikilint.lint.rule import Context, Finding, Rule, Severity
from wikilint.records import FrozenRecord
from wikilint.syntax import nodes as nodes_module
from wikilint.syntax.nodes import Document, Node

__all__ = ["run_rules", "RuleError", "NODE_TYPES"]

# Every node class a tree can hold: the keys a rule's ``visits`` can name.
NODE_TYPES: tuple[type[Node], ...] = tuple(
    obj for obj in vars(nodes_module).values() if isinstance(obj, type) and issubclass(obj, Node))


class RuleError(FrozenRecord):
    """A rule that raised on a file: reported, never a traceback."""

    __slots__ = ("path", "rule", "message")
    path: str
    rule: str
    message: str

    def __init__(self, path: str, rule: str, message: str) -> None:
        self.path = path
        self.rule = rule
        self.message = message


# Dispatch tables by rule set: a run lints many files (or dump pages) with the
# same rule instances.  Each entry holds every rule of its set (not only those
# its table lists: a rule that visits no node would otherwise be freed, and a
# new rule created at its address would find a table that leaves it out), so
# the ids of a cached key stay unique.
_TABLES: dict[tuple[int, ...], tuple[tuple[Rule, ...], dict[type, list[Rule]]]] = {}


def _dispatch_table(rules: Sequence[Rule]) -> dict[type, list[Rule]]:
    """Node class -> the rules that visit it (built once per rule set)."""
    key = tuple(id(r) for r in rules)
    hit = _TABLES.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], rules, strict=True)):
        return hit[1]
    table = {}
    for cls in NODE_TYPES:
        wanted = [r for r in rules if any(issubclass(cls, v) for v in r.visits)]
        if wanted:
            table[cls] = wanted
    if len(_TABLES) >= 32:
        _TABLES.clear()
    _TABLES[key] = (tuple(rules), table)
    return table


def run_rules(doc: Document, rules: Sequence[Rule], ctx: Context,
              severities: dict[str, Severity] | None = None) -> tuple[list[Finding],
                                                                      list[RuleError]]:
    """Run the rules that apply to ``doc``'s dialect; findings sorted by position.

    Node visitors run in one walk of the tree; then each rule's document
    check.  A rule that raises is stopped for this page and reported as a
    :class:`RuleError`; the other rules go on.
    """
    path = ctx.path
    active = [r for r in rules if doc.dialect in r.dialects]
    errors: list[RuleError] = []
    broken: set[str] = set()
    sev = {r.name: (severities or {}).get(r.name, r.severity) for r in active}
    table = _dispatch_table(active)
    if table:
        # node class -> (rule, severity, visit) of the rules that visit it, for this run
        calls = {cls: [(rule, sev[rule.name], rule.visit) for rule in wanted]
                 for cls, wanted in table.items()}
        get = calls.get
        for node in doc.walk():
            wanted_calls = get(type(node))
            if wanted_calls is None:
                continue
            for rule, severity, visit in wanted_calls:
                if broken and rule.name in broken:
                    continue
                ctx._rule = rule
                ctx._severity = severity
                try:
                    visit(node, ctx)
                except Exception as exc:  # a broken rule must not stop the others
                    broken.add(rule.name)
                    errors.append(RuleError(path, rule.name, f"{type(exc).__name__}: {exc}"))
    for rule in active:
        if rule.visits_document and rule.name not in broken:
            ctx._bind(rule, sev[rule.name])
            try:
                rule.check(doc, ctx)
            except Exception as exc:
                broken.add(rule.name)
                errors.append(RuleError(path, rule.name, f"{type(exc).__name__}: {exc}"))
    return sorted(ctx.findings, key=Finding.sort_key), errors
