"""WL303 unclosed-formatting: ``''``/``'''`` left open on a line."""

from __future__ import annotations

from dataclasses import dataclass

from wikilint.analysis.formatting import (
    Repair,
    Unclosed,
    describe,
    find_unclosed,
    harmless,
    root_of,
    root_unclosed,
)
from wikilint.lint.rule import Context, Edit, Fix, Rule, Severity, option
from wikilint.syntax.nodes import Bold, Document, Italic, Node

__all__ = ["UnclosedFormatting", "RULE", "Unclosed", "find_unclosed"]

_ROOTS = "unclosed-formatting:roots"  # units holding an unclosed run, gathered node by node


class UnclosedFormatting(Rule):
    """Bold or italic markup left open on a line.

    ## What it does
    Finds `''` (italic) and `'''` (bold) that are never closed on their line.
    MediaWiki pairs these per line and closes whatever is still open at the
    end of the line, so everything after the stray mark is italic or bold.
    The check follows MediaWiki's own pairing (including runs of four and
    five apostrophes, external links whose brackets cross the formatting, and
    piped link text, which MediaWiki formats on its own) and runs per line of
    each paragraph, list item, heading, table cell, `<ref>`, template
    parameter, link text and image caption.

    Formatting left open to the end of a table cell (`| '''Total`), or opened
    at the start of a list item, link text or caption and left open to its
    end, is a common idiom that renders as intended, so it is not reported
    unless `report_whole_units` is set.

    A run whose closing mark was typed on the next line (`''Max FM⏎''.`)
    is one mistake, reported once, at its opening mark: MediaWiki ends the
    run at the line break, and the closing mark opens a new run on the next
    line. The mark on the next line counts as that closing mark when it is
    the first of the line, of the same kind, and stands where a closing mark
    stands (after text, or before punctuation or a space); one that stands
    where an opening mark does (`⏎and then ''Bar was`) is reported on its
    own. The remedy is one edit for both lines: join them.

    A stray `''` typed for a quotation mark, or a quotation mark typed for `''`
    (`''Xinhua News Agency.'.'`), is one defect: this rule's finding replaces the
    unpaired-quote finding at the same place (it supersedes unbalanced-quotes).

    ## Why is this bad?
    The rendering depends on where the line happens to end: a closing `''`
    typed on the next line, or a `''` meant as an apostrophe, italicises the
    rest of the sentence, and the next edit may change it.
    Wikipedia:Manual of Style/Text formatting and Help:Wikitext#Text formatting.

    ## Example
    ```wikitext
    The novel ''Animal Farm was published in 1945.
    ```

    ## Use instead
    ```wikitext
    The novel ''Animal Farm'' was published in 1945.
    ```

    ## Options
    - `report_whole_units` (bool, default `false`): also report formatting
      left open to the end of a table cell, or from the start to the end of a
      list item, link text or caption.

    ## Fix safety
    Safe: the fix appends the missing `''` or `'''` where MediaWiki closes the
    run today (the end of the line's text), so the page renders exactly as
    before; it is checked by re-running MediaWiki's pairing on the fixed line.
    Move the closing mark to where the formatting should really end.

    A run closed only on the next line gets an unsafe fix instead: joining
    the two lines, so the mark there closes the run. It changes the
    rendering (the text up to that mark becomes formatted and the text after
    it no longer is), which is what the author meant.
    """

    code = "WL303"
    name = "unclosed-formatting"
    supersedes = ("unbalanced-quotes",)
    summary = "Bold or italic markup left open on a line"
    severity = Severity.WARNING
    tags = ("markup", "formatting")
    fixable = "always"
    fix_safe = True
    visits = (Bold, Italic)
    visits_document = True  # the units gathered by visit() are read once per page
    dialects = ("wikitext",)

    @dataclass(frozen=True)
    class Options:
        report_whole_units: bool = option(False, "Also report formatting left open to the end of "
                                                 "a table cell, or from the start to the end of a "
                                                 "list item, link text or caption.")

    def visit(self, node: Node, ctx: Context) -> None:
        if isinstance(node, (Bold, Italic)) and not node.closed:
            root = root_of(node)
            roots: dict[int, Node] = ctx.memo(_ROOTS, dict)
            if root is not None and id(root) not in roots:
                roots[id(root)] = root  # dicts keep the order of the walk

    def check(self, doc: Document, ctx: Context) -> None:
        src = doc.text
        items = [item for root in ctx.memo(_ROOTS, dict).values()
                 for item in root_unclosed(root, src)
                 if self.options.report_whole_units or not harmless(item)]
        shared = _shared_closers(items)
        for item in items:
            fix = shared.get(id(item)) or _fix(item.fix)
            ctx.report(*item.span, describe(item, src), fix, reach=_reach(item, src))


def _fix(repair: Repair) -> Fix:
    return Fix(tuple(Edit(e.start, e.end, e.replacement) for e in repair.edits), repair.safe,
               repair.description)


def _reach(item: Unclosed, src: str) -> tuple[int, int]:
    """The text the stray mark affects: forward to where MediaWiki closes it, and
    back to the line's start when it may have been meant as a closer (nothing
    follows it, or a space does)."""
    start = item.opener[0]
    if not item.text or src[item.opener[1]:item.opener[1] + 1].isspace():
        start = src.rfind("\n", 0, start) + 1
    return start, max(item.close_at, item.span[1])


def _shared_closers(items: list[Unclosed]) -> dict[int, Fix]:
    """One fix for runs that MediaWiki closes at the same point (a five-apostrophe opener).

    Two insertions at one point would be applied one pass apart, the second
    behind a ``<nowiki/>``; instead every run closed there carries the same
    edit, inner run first (italic's two apostrophes, then bold's three), so
    one pass closes them all and the duplicate edits are skipped.
    """
    by_point: dict[int, list[Unclosed]] = {}
    for item in items:
        edits = item.fix.edits
        if len(edits) == 1 and edits[0].start == edits[0].end and edits[0].replacement:
            by_point.setdefault(edits[0].start, []).append(item)
    shared: dict[int, Fix] = {}
    for at, group in by_point.items():
        if len(group) < 2:
            continue
        # the run opened last is the inner one: it closes first
        group.sort(key=lambda it: (-it.opener[0], it.kind != "italic"))
        first, *rest = [it.fix.edits[0].replacement for it in group]
        insert = first + "".join(r.replace("<nowiki/>", "") for r in rest)
        closers = insert.replace("<nowiki/>", "")
        fix = Fix((Edit(at, at, insert),), safe=all(it.fix.safe for it in group),
                  description=f"add {closers} where MediaWiki closes the runs")
        for item in group:
            shared[id(item)] = fix
    return shared


RULE = UnclosedFormatting
