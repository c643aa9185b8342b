"""WL101 unclosed-markup: wiki markup the parser could not pair (``{{``, ``[[``, ``<ref>``…)."""

from __future__ import annotations

from wikilint.analysis.markup import (
    UNIT_NODES,
    MarkupFinding,
    malformed_closers,
    node_problems,
    page_problems,
)
from wikilint.lint.rule import Context, Edit, Fix, Rule, Severity
from wikilint.syntax.nodes import Document, Node

__all__ = ["UnclosedMarkup", "RULE", "malformed_closers"]


class UnclosedMarkup(Rule):
    """Wiki markup that is opened and never closed, or closed and never opened.

    ## What it does
    Reports what the parser could not pair: ``{{`` without ``}}``, ``[[``
    without ``]]``, ``<ref>`` without ``</ref>``, ``<!--`` without ``-->``,
    ``{|`` without ``|}``, HTML tags such as ``<small>`` or ``<div>`` left
    open, and stray closers (``}}``, ``]]``, ``</ref>``, ``</div>``) with
    no opener.  A closing tag with attributes (``</ref name="x">``), which
    MediaWiki shows as text, is reported too.  A closing tag typed as an
    opening one (``<code>LF<code>``: two bare tags of one name on one line,
    both left open) is one finding, at the second tag: did you mean
    ``</code>``?

    Severity: **error** for markup that hides or garbles content (an
    unclosed ``{{``, ``<!--``, ``{|``, ``<ref>`` or other extension tag:
    the rest of the page disappears into a comment or a table, or the raw
    template or citation is printed in the article); **warning** for the
    rest (an unclosed ``[[``, stray closers, unpaired HTML formatting tags,
    which MediaWiki's HTML clean-up repairs).  A severity configured for the
    rule lowers both.

    An unclosed link, template or tag also leaves the brackets, quotation marks and
    formatting inside it unpaired; those findings at the same place are left to this
    rule (it supersedes unbalanced-brackets, unbalanced-quotes and unclosed-formatting).

    ## Why is this bad?
    Broken markup shows readers raw wikitext (``{{cite web|…``) or hides
    text; citations that never close make the verifiability the
    Verifiability policy and WP:CITE ask for impossible.  Help:Wikitext and
    MOS:MARKUP ask that markup be well formed.

    ## Example
    ```wikitext
    The river is long.<ref>{{cite web|title=Rivers|url=http://example.org}}
    It flows north.
    ```

    ## Use instead
    ```wikitext
    The river is long.<ref>{{cite web|title=Rivers|url=http://example.org}}</ref>
    It flows north.
    ```

    ## Options
    None.

    ## Fix safety
    Only a one-bracket typo is fixed: ``[[Target|text]`` and ``{{name|x}``
    get their missing ``]`` or ``}``, ``[Target]]`` and ``{name}}`` their
    missing opener, on the same line; a closing tag typed as an opening one
    gets its ``/`` (``<code>LF</code>``).  The fix is unsafe (applied with
    ``--unsafe-fixes``): the author may have meant to close elsewhere, or
    to remove the markup.  Other problems have no fix: only the author
    knows where a comment, table or citation was meant to end.
    """

    code = "WL101"
    name = "unclosed-markup"
    supersedes = ("unbalanced-brackets", "unbalanced-quotes", "unclosed-formatting")
    supersedes_within = "reach"
    summary = "Wiki markup opened and never closed, or closed and never opened"
    severity = Severity.ERROR
    tags = ("markup",)
    fixable = "sometimes"
    fix_safe = False
    visits = UNIT_NODES
    visits_document = True
    dialects = ("wikitext",)

    def visit(self, node: Node, ctx: Context) -> None:
        for f in node_problems(node, ctx.doc):
            self._report(ctx, f)

    def check(self, doc: Document, ctx: Context) -> None:
        for f in page_problems(doc):
            self._report(ctx, f)

    @staticmethod
    def _report(ctx: Context, f: MarkupFinding) -> None:
        fix = None
        if f.repair is not None:
            fix = Fix(tuple(Edit(e.start, e.end, e.replacement) for e in f.repair.edits),
                      f.repair.safe, f.repair.description)
        # a minor problem is graded a warning (see the class docstring)
        ctx.report(f.start, f.end, f.message, fix,
                   severity=Severity.WARNING if f.minor else None, reach=f.reach)


RULE = UnclosedMarkup
