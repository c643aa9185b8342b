"""One defect, one finding: the pipeline drops a finding a more specific rule covers."""

from __future__ import annotations

import pytest

import wikilint
from wikilint.lint.overlaps import NEAR, Precedence, drop_superseded, precedence
from wikilint.lint.rule import Finding, Rule, Severity
from wikilint.rules.registry import builtin_rules


def _f(rule: str, start: int, end: int, line: int = 1,
       reach: tuple[int, int] | None = None) -> Finding:
    return Finding("p", "WL000", rule, Severity.WARNING, "m", start, end, line, start + 1,
                   line, end + 1, None, reach)


PREC = {"specific": Precedence(frozenset({"general"}))}


def test_overlapping_spans_keep_the_specific_finding() -> None:
    kept = drop_superseded([_f("general", 10, 11), _f("specific", 10, 12)], PREC)
    assert [f.rule for f in kept] == ["specific"]


def test_each_in_the_others_reach_is_one_defect() -> None:
    opener = _f("specific", 10, 12, reach=(10, 90))   # '' left open
    stray = _f("general", 30, 31, reach=(0, 31))      # a ' closing nothing after it
    assert drop_superseded([opener, stray], PREC) == [opener]


def test_two_openers_are_two_defects() -> None:
    quote = _f("general", 5, 6, reach=(5, 90))
    italic = _f("specific", 40, 42, reach=(40, 90))
    assert drop_superseded([quote, italic], PREC) == [quote, italic]


def test_other_lines_and_far_findings_are_kept() -> None:
    a = _f("specific", 10, 12, reach=(0, 500))
    assert len(drop_superseded([a, _f("general", 30, 31, line=2, reach=(0, 500))], PREC)) == 2
    assert len(drop_superseded([a, _f("general", 11 + NEAR, 12 + NEAR, reach=(0, 500))],
                               PREC)) == 2


def test_precedence_is_one_way_and_only_for_named_rules() -> None:
    general = _f("general", 10, 11)
    specific = _f("specific", 10, 11)
    other = _f("other", 10, 11)
    assert drop_superseded([general, specific, other], PREC) == [specific, other]
    assert drop_superseded([general, specific], {}) == [general, specific]


def test_reach_mode_drops_what_lies_inside() -> None:
    prec = {"specific": Precedence(frozenset({"general"}), "reach")}
    link = _f("specific", 4, 6, reach=(4, 60))
    inside = _f("general", 10, 11, reach=(10, 60))
    assert drop_superseded([link, inside], prec) == [link]


def test_builtin_precedence_names_real_rules() -> None:
    rules = builtin_rules()
    names = {r.name for r in rules}
    table = precedence(rules)
    assert table, "some built-in rule should declare what it supersedes"
    for name, prec in table.items():
        assert prec.names <= names, name
        assert prec.within in ("mutual", "reach")
        for other in prec.names:  # no cycles: precedence goes one way
            assert name not in table.get(other, Precedence(frozenset())).names


def _rules_of(text: str) -> list[tuple[str, int]]:
    return [(f.rule, f.column) for f in wikilint.lint_text(text, path="x.wiki")
            if f.rule != "undated-citation"]


@pytest.mark.parametrize("text, expected", [
    # the italic closer typed as '.' (corpus: Abortion): one formatting finding
    ("Text.<ref>\"Report.\" (2002). ''Xinhua News Agency.'.' Retrieved 2006.</ref> More.\n",
     [("unclosed-formatting", 29)]),
    # the italic title closed with " (corpus: Animal Farm)
    ("* [[Ice Nine Kills]]' song, ''The Nature of the Beast\" is inspired by it.\n",
     [("unclosed-formatting", 29)]),
    # '(' in the raw text of an unclosed link
    ("See [[Foo (bar and more text.\n", [("unclosed-markup", 5)]),
    ("Text (see [[Foo) more and more.\n", [("unclosed-markup", 11)]),
    # two defects: a quotation left open, then italic left open
    ("He said \"hello and ''left'' the room; the rest ''of the line is italic.\n",
     [("unbalanced-quotes", 9), ("unclosed-formatting", 48)]),
    ("The ''Times said \"hello and left.\n",
     [("unclosed-formatting", 5), ("unbalanced-quotes", 18)]),
])
def test_pipeline_reports_one_finding_per_defect(text: str, expected: list[tuple[str, int]]
                                                 ) -> None:
    assert _rules_of(text) == expected


def test_without_the_specific_rule_the_general_finding_stays() -> None:
    text = "* [[Ice Nine Kills]]' song, ''The Nature of the Beast\" is inspired by it.\n"
    quotes = [r() for r in builtin_rules() if r.name == "unbalanced-quotes"]
    found = wikilint.lint_text(text, path="x.wiki", rules=quotes)
    assert [f.rule for f in found] == ["unbalanced-quotes"]


def test_rule_attribute_defaults() -> None:
    assert Rule.supersedes == () and Rule.supersedes_within == "mutual"
