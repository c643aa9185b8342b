"""WL102 escaped-markup: a page whose markup was saved HTML-escaped."""

from __future__ import annotations

from wikilint.analysis.escaped import ENTITIES, decode, escaped_markup
from wikilint.lint.rule import Context, Edit, Fix, Rule, Severity
from wikilint.syntax.nodes import Document

__all__ = ["EscapedMarkup", "RULE"]


class EscapedMarkup(Rule):
    """A page whose markup was saved HTML-escaped, so it displays its own markup as text.

    ## What it does
    Finds a page whose markup arrived as HTML entities:
    `&lt;ref name=&quot;x&quot;&gt;…&lt;/ref&gt;` instead of
    `<ref name="x">…</ref>`, as a copy from an HTML view or a tool that
    escapes its output leaves it.  It needs markup used as markup, not
    mentioned: an escaped `<ref>`, `<references>` or comment, or two escaped
    tags closed by their escaped closing tags or with attributes quoted by
    `&quot;`.  Escaped markup inside `<nowiki>`, `<pre>`, `<code>`,
    `<syntaxhighlight>` and `<math>` is how one shows markup and is left alone.

    The page gets one finding, at its first escaped tag, however many tags it
    holds.  The other rules read the page as its author meant it (the
    entities decoded), so its escaped quotation marks, brackets and italics
    give no findings of their own and its citations are still checked
    (undated-citation reports an escaped `<ref>` without a date, at its place
    in the page).

    ## Why is this bad?
    MediaWiki displays entities as the characters they stand for: the reader
    sees `<ref name="x">Smith 2001</ref>` in the article's text, and the
    page has no footnotes, links or formatting where its author wrote them.

    ## Example
    ```wikitext
    It opened in 1820.&lt;ref name=&quot;s&quot;&gt;Smith, J. (2001). ''Bridges''.&lt;/ref&gt;
    ```

    ## Use instead
    ```wikitext
    It opened in 1820.<ref name="s">Smith, J. (2001). ''Bridges''.</ref>
    ```

    ## Options
    None.

    ## Fix safety
    The fix decodes every `&lt;`, `&gt;`, `&quot;`, `&amp;` and `&#39;` outside
    code and nowiki: unsafe, because an entity that was meant to display a
    character (a `&lt;` in a comparison) is decoded too; review the result.
    """

    code = "WL102"
    name = "escaped-markup"
    summary = "A page saved with its markup HTML-escaped (&lt;ref&gt;), shown to readers as text"
    severity = Severity.ERROR
    tags = ("markup",)
    fixable = "always"
    fix_safe = False
    visits_document = True
    dialects = ("wikitext",)
    #: the lint pipeline runs this rule on the page as written and every other
    #: rule on the page as meant (see wikilint.lint.pipeline)
    reads_escaped = True

    def check(self, doc: Document, ctx: Context) -> None:
        page = ctx.memo("escaped-markup", lambda: escaped_markup(doc.text))
        if page is None:
            return
        start, end = page.first
        shown = doc.text[start:end]
        count = len(page.tags)
        more = f" (and {count - 1} more escaped tag{'s' if count > 2 else ''})" if count > 1 else ""
        edits = tuple(Edit(a, b, ENTITIES[doc.text[a:b].lower()]) for a, b in page.entities)
        fix = Fix(edits, safe=False, description="decode the escaped markup")
        ctx.report(start, end,
                   f"this page's markup is HTML-escaped: '{_short(shown)}'{more} is shown to "
                   f"readers as the text '{_short(decode(shown))}'; write the markup itself, "
                   f"not its entities", fix)


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


RULE = EscapedMarkup
