"""One defect, one finding: drop a finding that a more specific rule's finding covers.

Two rules can see one defect from two sides.  A stray ``''`` that was meant
to close a citation title is a formatting problem (WL303) and, to the
quotation scanner, a mark that does not pair (WL301); an unclosed ``[[``
(WL101) leaves the ``(`` inside it unclosed too (WL302).  The more specific
rule declares which rules it takes precedence over::

    class UnclosedFormatting(Rule):
        supersedes = ("unbalanced-quotes",)

and :func:`drop_superseded` (a pipeline step after the rules and before the
suppression comments) removes a finding of a superseded rule when a finding
of the superseding rule describes the same defect: their spans overlap, or
each lies within the other's *reach*, the text its defect affects.  A rule
gives the reach when it reports (``ctx.report(..., reach=(start, end))``):
an opening mark never closed reaches forward to the end of its text, a
closing mark never opened reaches back to the start.  So an italic ``''``
left open and a stray ``'`` after it (``''Xinhua News Agency.'.'``) are one
defect (each reaches the other), while a quotation left open and a later
italic left open are two (the quotation does not lie in the italic's
reach).  A rule whose defect makes everything in its reach a consequence
(an unclosed ``[[`` shows the rest of its line as raw text) sets
``supersedes_within = "reach"``: then lying in its reach is enough.  Without a
reach a finding reaches only its own span.  Both must be
on one line and start at most :data:`NEAR` characters apart.  The
precedence is one way: a rule never drops the findings of a rule that
supersedes it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence

from wikilint.lint.rule import Finding, Rule
from wikilint.records import FrozenRecord

__all__ = ["NEAR", "Precedence", "drop_superseded", "precedence"]

#: how far apart (in characters, on one line) two findings may start and still
#: describe one defect: a mark and the markup it was typed for sit within a
#: few words of each other (``''Xinhua News Agency.'.'``)
NEAR = 60


class Precedence(FrozenRecord):
    """What one rule supersedes, and how (``mutual`` or ``reach``)."""

    __slots__ = ("names", "within")
    names: frozenset[str]
    within: str

    def __init__(self, names: frozenset[str], within: str = "mutual") -> None:
        self.names = names
        self.within = within


def precedence(rules: Iterable[Rule | type[Rule]]) -> dict[str, Precedence]:
    """Rule name -> what it supersedes (only rules that declare something)."""
    return {r.name: Precedence(frozenset(r.supersedes), r.supersedes_within)
            for r in rules if r.supersedes}


def _within(pos: int, f: Finding) -> bool:
    start, end = f.reach if f.reach is not None else (f.start, f.end)
    return start <= pos <= end


def _same_place(a: Finding, b: Finding, within: str) -> bool:
    if a.start < b.end and b.start < a.end or a.start == b.start:
        return True
    if a.line != b.line or abs(a.start - b.start) > NEAR or not _within(b.start, a):
        return False
    return within == "reach" or _within(a.start, b)


class _Specific:
    """The findings of one superseding rule, sorted by start, for range queries."""

    def __init__(self, findings: list[Finding], within: str):
        self.findings = sorted(findings, key=lambda f: f.start)
        self.starts = [f.start for f in self.findings]
        self.within = within
        self.max_end: list[int] = []  # greatest end among findings[:i + 1]
        top = -1
        for f in self.findings:
            top = max(top, f.end)
            self.max_end.append(top)

    def covers(self, f: Finding) -> bool:
        """Whether one of these findings is at ``f``'s place (:func:`_same_place`)."""
        # spans that overlap: some finding starting before f ends reaches past f's start
        k = bisect_left(self.starts, f.end)
        if k and self.max_end[k - 1] > f.start:
            return True
        lo = bisect_left(self.starts, f.start - NEAR)
        hi = bisect_right(self.starts, f.start + NEAR)
        return any(_same_place(self.findings[i], f, self.within) for i in range(lo, hi))


def drop_superseded(findings: Sequence[Finding],
                    supersedes: Mapping[str, Precedence]) -> list[Finding]:
    """``findings`` without those a more specific finding at the same place replaces.

    ``supersedes`` maps a rule name to the rule names it takes precedence
    over (:func:`precedence`).  Order is kept.  Each finding is compared
    only with the findings of the rules that supersede its own, near it
    (found by bisection), so a page with many findings costs n log n, not n².
    """
    if not supersedes:
        return list(findings)
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        if f.rule in supersedes:
            by_rule.setdefault(f.rule, []).append(f)
    if not by_rule:
        return list(findings)
    specific = {rule: _Specific(group, supersedes[rule].within)
                for rule, group in by_rule.items()}
    over: dict[str, list[_Specific]] = {}  # rule -> the groups that supersede it
    kept = []
    for f in findings:
        groups = over.get(f.rule)
        if groups is None:
            groups = over[f.rule] = [g for rule, g in specific.items()
                                     if rule != f.rule and f.rule in supersedes[rule].names]
        if any(g.covers(f) for g in groups):
            continue
        kept.append(f)
    return kept
