"""Which rules run: ``select`` / ``ignore`` / ``extend-select`` / ``extend-ignore``.

The semantics follow flake8's ``DecisionEngine``:

* a selector is ``ALL``, a rule code (``WL301``), a code prefix (``WL3``), a
  rule name (``unbalanced-quotes``) or a tag (``style``);
* when no ``select`` is given every rule that is on by default is selected
  *implicitly* (opt-in rules, ``default_enabled = False``, only explicitly);
  ``select`` and ``extend-select`` select *explicitly*; ignores are explicit;
* an explicit ignore beats an implicit select; when a rule is both
  explicitly selected and ignored, the more specific selector wins, and on a
  tie the ignore wins.

Specificity, from broad to narrow: ``ALL`` (0), a prefix (its length, so
``WL`` = 2 and ``WL3`` = 3), a tag (2.5: narrower than the whole ``WL``
family, broader than a hundreds family such as ``WL5``), a full code or a
rule name (100).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from wikilint.lint.rule import Rule
from wikilint.records import FrozenRecord

__all__ = ["Selector", "SelectionError", "parse_selector", "select_rules", "decide",
           "rule_for_key", "SPECIFICITY_EXACT", "SPECIFICITY_TAG"]

SPECIFICITY_EXACT = 100.0
SPECIFICITY_TAG = 2.5


class SelectionError(ValueError):
    """A selector that names no rule; the message lists what is allowed."""


class Selector(FrozenRecord):
    """One parsed entry of a select/ignore list."""

    __slots__ = ("key", "kind", "specificity")
    key: str
    kind: str  # all | code | name | tag | prefix
    specificity: float

    def __init__(self, key: str, kind: str, specificity: float) -> None:
        self.key = key
        self.kind = kind
        self.specificity = specificity

    def matches(self, rule: type[Rule]) -> bool:
        if self.kind == "all":
            return True
        if self.kind == "code":
            return rule.code.upper() == self.key.upper()
        if self.kind == "name":
            return rule.name == self.key
        if self.kind == "tag":
            return self.key in rule.tags
        return rule.code.upper().startswith(self.key.upper())


def rule_for_key(key: str, rules: Iterable[type[Rule]]) -> type[Rule] | None:
    """The rule whose code (any case) or name is ``key``."""
    upper = key.upper()
    for rule in rules:
        if rule.name == key or rule.code.upper() == upper:
            return rule
    return None


def _suggest(key: str, rules: Sequence[type[Rule]]) -> str:
    words = [r.code for r in rules] + [r.name for r in rules]
    words += sorted({t for r in rules for t in r.tags})
    import difflib

    close = difflib.get_close_matches(key, words, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    allowed = "ALL, a rule code or prefix (" + ", ".join(sorted(r.code for r in rules))
    tags = sorted({t for r in rules for t in r.tags})
    allowed += "), a rule name" + (f" or a tag ({', '.join(tags)})" if tags else "")
    return f"allowed: {allowed}{hint}"


def parse_selector(key: str, rules: Sequence[type[Rule]]) -> Selector:
    """Parse one selector; :class:`SelectionError` when it matches no rule."""
    key = key.strip()
    if not key:
        raise SelectionError("empty rule selector")
    if key.upper() == "ALL":
        return Selector("ALL", "all", 0.0)
    exact = rule_for_key(key, rules)
    if exact is not None:
        kind = "code" if exact.code.upper() == key.upper() else "name"
        return Selector(key, kind, SPECIFICITY_EXACT)
    if any(key in r.tags for r in rules):
        return Selector(key, "tag", SPECIFICITY_TAG)
    if key[:1].isalpha() and any(r.code.upper().startswith(key.upper()) for r in rules):
        return Selector(key, "prefix", float(len(key)))
    raise SelectionError(f"'{key}' matches no rule ({_suggest(key, rules)})")


def _best(selectors: Sequence[Selector], rule: type[Rule]) -> Selector | None:
    best: Selector | None = None
    for sel in selectors:
        if sel.matches(rule) and (best is None or sel.specificity > best.specificity):
            best = sel
    return best


def decide(rule: type[Rule], select: Sequence[Selector], ignore: Sequence[Selector],
           implicit_all: bool = False) -> bool:
    """Is ``rule`` selected?  ``implicit_all``: no ``select`` was given, so every
    rule that is on by default is selected implicitly (and loses to any explicit
    ignore); an opt-in rule (``default_enabled = False``) runs only when selected
    explicitly."""
    selected = _best(select, rule)
    ignored = _best(ignore, rule)
    if selected is None:
        return implicit_all and ignored is None and getattr(rule, "default_enabled", True)
    if ignored is None:
        return True
    return selected.specificity > ignored.specificity


def select_rules(rules: Sequence[type[Rule]], *, select: Sequence[str] | None = None,
                 ignore: Sequence[str] = (), extend_select: Sequence[str] = (),
                 extend_ignore: Sequence[str] = ()) -> list[type[Rule]]:
    """The rules chosen by the lists (keys are validated: :class:`SelectionError`)."""
    chosen = [parse_selector(k, rules) for k in list(select or ()) + list(extend_select)]
    ignores = [parse_selector(k, rules) for k in list(ignore) + list(extend_ignore)]
    implicit = select is None
    return [rule for rule in rules if decide(rule, chosen, ignores, implicit)]
