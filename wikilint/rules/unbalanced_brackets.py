"""WL302 unbalanced-brackets: ``(``, ``[`` and ``{`` in prose that are never closed."""

from __future__ import annotations

from wikilint.analysis.brackets import (
    UNIT_NODES,
    Unpaired,
    bracket_units,
    describe,
    find_unpaired,
    reach,
    unpaired_in_page,
)
from wikilint.lint.rule import Context, Rule, Severity
from wikilint.syntax.nodes import Document, Node

__all__ = ["UnbalancedBrackets", "RULE", "Unpaired", "find_unpaired"]

_UNITS = "unbalanced-brackets:units"  # the page's units, gathered node by node


class UnbalancedBrackets(Rule):
    """Brackets in prose that are never closed, or closed without being opened.

    ## What it does
    Checks that every ``(``, ``[`` and ``{`` in the prose of a paragraph,
    list item, table cell, caption, heading or citation (a ``<ref>``, a
    ``{{efn}}`` note, a rendered reference-list entry) is closed within it,
    and that no ``)``, ``]`` or ``}`` appears without its opener.  The
    unclosed opener (or the stray closer) is reported.

    The rule reads prose, not markup: link brackets, templates, references
    and comments are not counted.  A parenthesis may span lines and may
    continue across a list that splits a paragraph.  Fullwidth parentheses
    ``（ ）`` (Chinese, Japanese) pair among themselves and are not reported;
    one left over pairs with an ASCII one typed in the other width
    (``（2009年、DVD)``, ``(木曽川）``).  Not counted: list
    labels such as ``1)``, ``a)`` and one letter of another alphabet
    (``а)``, ``α)``, ``ա)``, ``א)``, ``أ)``, ``क)``) and, in text without
    spaces, ``、1)`` or ``：ア)`` (also inside a parenthesis, when labels after
    a colon or semicolon, ``(e.g.: 1) …; 2) …)``, would otherwise take the
    opener of the real pair), footnote markers (``1 234*)``, ``**)``, a
    note line ``*) údaj z roku 2001``, a superscript ``<sup>1)</sup>``),
    smileys, half-open intervals such as
    ``[0, 1)``, names spelled with a reversed pair ``][`` as letters
    (``Apple ][``, ``Hello ][ World``, ``Tr][ck``), a bracket named as a
    character (``the ( key``), brackets left unpaired inside a quotation (a
    quoted title, a ``<blockquote>``), on preformatted lines (a leading
    space: code), brackets that a template renders (``{{desctree|…|)}}``,
    ``{{)}}``), and leftover wiki markup such as ``{{`` (see
    ``unclosed-markup``).

    ## Why is this bad?
    An unclosed parenthesis leaves the reader unsure where a remark ends;
    it is usually a sign of a clumsy edit.  The Manual of Style
    (MOS:PAREN, "Brackets and parentheses") asks that brackets be used in
    pairs, and that a sentence read correctly when the parenthetical is
    removed, which needs a closing bracket.

    ## Example
    ```wikitext
    The Mujahedin-e-Khalq (translation: People's Mujahedin of Iran (PMOI) is an exile group.
    ```

    ## Use instead
    ```wikitext
    The Mujahedin-e-Khalq (translation: People's Mujahedin of Iran, PMOI) is an exile group.
    ```

    ## Options
    None.

    ## Fix safety
    No fix: only the author knows where the remark was meant to end.
    """

    code = "WL302"
    name = "unbalanced-brackets"
    summary = "Brackets in prose that are never closed or never opened"
    severity = Severity.WARNING
    tags = ("prose", "punctuation")
    fixable = "never"
    visits = UNIT_NODES
    visits_document = True  # the units gathered by visit() are read once per page

    def visit(self, node: Node, ctx: Context) -> None:
        units = bracket_units(node, ctx.prose, ctx.doc.text)
        if units:
            ctx.memo(_UNITS, list).extend(units)

    def check(self, doc: Document, ctx: Context) -> None:
        for unit, u in unpaired_in_page(ctx.memo(_UNITS, list), doc.text):
            start, end = unit.prose.span(u.index, u.index + 1)
            ctx.report(start, end, describe(u, unit.prose, doc.text, start),
                       reach=reach(unit, u, start, end))


RULE = UnbalancedBrackets
