"""Every rule's YAML cases (tests/rules/*.yaml), plus meta-tests on the cases themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikilint.rules.registry import builtin_rules
from wikilint.testing import RuleCase, apply_case_fixes, load_case_files, run_case

CASES_DIR = Path(__file__).parent / "rules"
CASES = load_case_files(CASES_DIR)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", CASES, ids=[c.id for c in CASES])


def test_case(case: RuleCase) -> None:
    findings = run_case(case)
    if case.fix is not None:
        fixed = apply_case_fixes(case, findings)
        assert fixed == case.fix
        # fixes converge: the fixed text yields no further fixable finding
        again = RuleCase(case.rule, case.name + "-again", fixed, [], case.options, case.dialect,
                         None, case.unsafe_fixes)
        from wikilint.testing import lint_case

        left = [f for f in lint_case(again) if f.fix is not None
                and (f.fix.safe or case.unsafe_fixes)]
        assert not left, f"fix does not converge: {[f.message for f in left]}"


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda r: r.code)
def test_rule_has_pass_and_fail_cases(rule: type) -> None:
    mine = [c for c in CASES if c.rule in (rule.code, rule.name)]
    assert any(c.kind == "pass" for c in mine), f"{rule.name} has no passing case"
    assert any(c.kind == "fail" for c in mine), f"{rule.name} has no failing case"
    if rule.fixable != "never":
        assert any(c.fix is not None for c in mine), f"{rule.name} is fixable but has no fix case"
