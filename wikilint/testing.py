"""Rule tests as data: one YAML file per rule, turned into pytest cases.

A case file (``tests/rules/<rule-name>.yaml``)::

    rule: unbalanced-brackets
    cases:
      - name: unclosed-parenthesis
        text: |
          The MEK (translation: People's Mujahedin is a group.
        expect:
          - {line: 1, column: 9, message: "never closed"}
      - name: balanced
        text: "A (b) c."
        expect: []            # a passing case
      - name: with-options
        options: {require: publication}
        dialect: rendered     # default: wikitext
        text: ...
        expect: [...]
        fix: |                # optional: the text after applying the safe fixes
          ...

``expect`` items give ``line`` and ``column`` (1-based, exact) and a
``message`` fragment; optional ``end_line``/``end_column``.  Cases run through
the same pipeline as ``wikilint FILE`` (suppression comments included).
Plugin authors use the same loader for rules that are not installed yet by
passing their classes (see docs/writing-rules.md)::

    from wikilint.testing import load_case_files, run_case

    for case in load_case_files("tests/rules", rules=[MyRule]):
        run_case(case)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikilint.lint.pipeline import lint_source
from wikilint.lint.rule import Finding, Rule
from wikilint.rules.registry import all_rules
from wikilint.syntax.source import SourceFile

__all__ = ["RuleCase", "load_case_files", "run_case", "apply_case_fixes", "case_rule"]


@dataclass(frozen=True)
class RuleCase:
    rule: str
    name: str
    text: str
    expect: list[dict[str, Any]]
    options: dict[str, Any] = field(default_factory=dict)
    dialect: str = "wikitext"
    fix: str | None = None
    unsafe_fixes: bool = False
    path: str = ""
    #: the rule class the case is for (found by ``rule`` when the case is loaded)
    rule_class: type[Rule] | None = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return "fail" if self.expect else "pass"

    @property
    def cls(self) -> type[Rule]:
        return self.rule_class or case_rule(self.rule)

    @property
    def id(self) -> str:
        return f"{self.cls.code}-{self.kind}-{self.name}"


def case_rule(key: str, rules: Sequence[type[Rule]] = ()) -> type[Rule]:
    """The rule named ``key`` (code or name) among ``rules``, then the installed ones."""
    for cls in (*rules, *all_rules()):
        if key in (cls.code, cls.name):
            return cls
    raise LookupError(f"no rule {key!r}")


def load_case_files(folder: str | Path, rules: Sequence[type[Rule]] = ()) -> list[RuleCase]:
    """Every case of every ``*.yaml`` file in ``folder``; ``rules`` adds rule classes
    that are not installed (a plugin under test)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    cases: list[RuleCase] = []
    for path in sorted(Path(folder).glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        rule = data["rule"]
        for raw in data["cases"]:
            cases.append(RuleCase(
                rule=rule, name=raw["name"], text=raw["text"], expect=list(raw.get("expect") or []),
                options=dict(raw.get("options") or {}), dialect=raw.get("dialect", "wikitext"),
                fix=raw.get("fix"), unsafe_fixes=bool(raw.get("unsafe_fixes", False)),
                path=str(path), rule_class=case_rule(rule, rules)))
    return cases


def make_rule(case: RuleCase) -> Rule:
    cls = case.cls
    options = cls.Options(**case.options) if case.options else cls.Options()
    return cls(options)


def lint_case(case: RuleCase) -> list[Finding]:
    rule = make_rule(case)
    known = all_rules()
    result = lint_source(SourceFile(case.text, f"<{case.id}>"), [rule], case.dialect,
                         known_rules=known if type(rule) in known else (*known, type(rule)))
    if result.errors:
        raise AssertionError(f"rule raised: {result.errors[0].message}")
    return result.findings


def run_case(case: RuleCase) -> list[Finding]:
    """Assert the case's expectations; return the findings (for fix checks)."""
    findings = lint_case(case)
    got = [(f.line, f.column, f.message) for f in findings]
    if len(findings) != len(case.expect):
        raise AssertionError(f"{case.id}: expected {len(case.expect)} finding(s), got {got}")
    for want, f in zip(case.expect, findings, strict=True):  # lengths checked above
        where = (want["line"], want["column"])
        if (f.line, f.column) != where:
            raise AssertionError(f"{case.id}: expected a finding at {where}, got {got}")
        for key in ("end_line", "end_column"):
            if key in want and getattr(f, key) != want[key]:
                raise AssertionError(f"{case.id}: {key} {getattr(f, key)} != {want[key]}")
        fragment = want.get("message", "")
        if fragment not in f.message:
            raise AssertionError(f"{case.id}: message {f.message!r} lacks {fragment!r}")
    return findings


def apply_case_fixes(case: RuleCase, findings: list[Finding]) -> str:
    """The case text after its fixes (safe ones, or all with ``unsafe_fixes``), applied
    exactly as ``wikilint --fix`` applies them: lint, fix, repeat until nothing is left."""
    from wikilint.lint.fixes import fix_text

    passes = iter([findings])

    def lint(text: str) -> list[Finding]:  # the findings given first, then fresh ones
        first = next(passes, None)
        return first if first is not None else lint_case(
            dataclasses.replace(case, text=text, expect=[]))

    return fix_text(case.text, lint, unsafe=case.unsafe_fixes).new_text
