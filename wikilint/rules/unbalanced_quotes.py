"""WL301 unbalanced-quotes: quotation marks in prose that do not pair."""

from __future__ import annotations

from dataclasses import dataclass

from wikilint.analysis.quote_units import (
    UNIT_NODES,
    Unit,
    iter_units,
    message,
    quote_problems,
    reach,
    units_of,
)
from wikilint.analysis.quotes import quote_data
from wikilint.lint.rule import Context, Rule, Severity, option
from wikilint.syntax.nodes import Document, Node

__all__ = ["UnbalancedQuotes", "RULE", "Unit", "iter_units"]

_UNITS = "unbalanced-quotes:units"  # the page's units, gathered node by node


class UnbalancedQuotes(Rule):
    """Quotation marks in prose that do not pair.

    ## What it does
    Checks that the quotation marks of each paragraph, list item, table cell,
    heading, caption and citation pair up: straight `"` and `'`, curly
    `“ ”` and `‘ ’`, and the conventions of other scripts: German `„…“`,
    `‚…‘` and `»…«`, French `« … »`, Russian `«…»`, Polish `„…”`, Swedish
    `”…”`, single guillemets `‹…›`, CJK corner brackets `「…」` `『…』` and
    the doubled single marks `‘‘…’’` usual in Bengali (one mark at each end).
    It reports an opening
    mark never closed (a quotation still open at the end of its paragraph),
    a closing mark never opened, and a quotation nested in one that uses the
    same mark (`'Israel 'Can Destroy' Iran Nukes'`).  A quotation closed
    with a mark of another kind is reported once, at its opening mark
    (`„hello"`; `"hello“ and`, `他说"你好“然后`: a `“` after a word, where it
    cannot open a quotation, is read as the wrong closing mark, not as a
    second quotation left open).  So is a quotation in another double mark
    inside one in straight marks (`"He wrote ”the end" and left."`: the inner
    one is reported, the outer one pairs).  A quotation written back to
    front, closing mark first (`他说”你好“，然后说“再见”`, `said:”hello“`,
    as in text typed with Chinese or Japanese input or read by OCR), is
    reported once, and the quotations after it pair as written (`“再见”` is
    not read as nested in it).  Corner brackets point
    at their quotation and nest as written (`「…「神の手」…」`, a title in a
    title `『…『こころ』…』`): that nesting is usual Japanese and Chinese
    typography and is not reported.

    A closing mark may touch a number (`«σε 200.000»`, `«2014 …»`); a
    guillemet next to a digit pairs when it can but is never reported alone
    (`x »2 y` may mean "much greater than").  In the Indic scripts, Thai,
    Korean and other scripts without apostrophes inside words, a case ending
    or particle follows the closing mark without a space (`'ओरायन'हा`,
    `‘रमाबाई असोसिएशन’ची`, `‘베를린’은`): a mark between two letters of
    such a script closes an open quotation.

    Straight marks have no direction: whether `"` opens or closes is read
    from the spaces around it.  A mark typed on the wrong side of a space or
    full stop (`(2014)' Einstein's … cosmos'`, `(1967)".Die … Vol I"`) looks
    like a closing mark never opened.  When reading it the other way pairs it
    with a mark that would otherwise be left over, it is reported once, as a
    misplaced mark, with the spacing to write (`(2014) 'Einstein's`); a
    doubled opening mark (`"" Barbarous Strangers": … Revolution."`) is read
    as a quotation nested in one with the same mark.  A mark after sentence
    punctuation (`undecided." Then`) stays a closing mark, but a quotation
    may open with an ellipsis (`: ". . . more words"`).  In Japanese and
    Chinese no space stands between a mark and a bracket or punctuation
    mark: `（`, `、`, `。`, `：` … count as spaces there (`他说："你好"（1999）`),
    and a space inside straight marks next to Japanese or Chinese text says
    nothing of their direction (`日本語の" 言葉 "です`).

    Apostrophes are not quotation marks: possessives (People's, students',
    and after an abbreviation's full stop: Warner Bros.' films, the U.S.' allies),
    contractions (don't), elisions ('80s, rock 'n' roll, 'fessed up, the
    'Hood; the Neapolitan and Sicilian articles 'o sole, 'u figghiu, 'nu,
    'na), names (O'Brien,
    L'Etoile) and transliterations (Qur'an, Hawai‘i, the Wylie letter
    'a-chung of 'bras spungs dgon pa: a word with a cluster no English word
    starts with, or after the word Wylie or Tibetan script) are left alone, and so
    are feet, inches, minutes and seconds (5' 11", 40° 26' N) and primes
    (2,2':6',2"-terpyridine, f'(x)).  An ʿayn or hamza written as `‘` or `'`
    before a romanized word (Teymanak-e ‘Olyā, Fi al-Radd ‘ala Ibn
    al-Haytham, 'Allamah as-Sayyid: a word with ā, ḥ, ṣ …, or next to an
    Arabic article, patronymic or Persian izafe; 'Abd-i-'Ali) may pair but
    is never reported alone, and so is a Neapolitan article that may also
    start a quotation (`'a casa`, `'O sole mio`) in a unit that reads as
    Italian or holds another dialect elision.  In Hebrew, `"` between letters is a gershayim
    (צה"ל, ארה"ב, ד"ר) and `'` after a letter a geresh (ג'ורג'), not quotation
    marks; a prefix letter (ב, ה, ו, כ, ל, מ, ש) is written straight before an
    opening mark (ב"רינגבאן", ה"Ringbahn"): that `"` pairs but is never
    reported alone (an acronym with a suffix looks the same).  Hebrew and
    Arabic text may mirror the curly marks (`”שלום“`): a `”` before a Hebrew
    or Arabic word opens a quotation that `“` (or `”`) closes (a `“` closes a
    `”` in any script, as it closes a `“`: mixed marks are a style question).  The Dutch
    elisions `'s` and `'t` (des, het: 's-Gravenhage, 's avonds, 't dorp)
    are apostrophes.  A Turkish suffix typed after a stray space
    (`Schinkel 'in`, `Ankara 'da`: a known case or possessive suffix after a
    capitalized word) may open a quotation but is never reported alone.  A
    quotation that opens outside a link and closes inside its label, or the reverse (`'[[Hydraulic
    fracturing|fracking']]`), pairs as it is rendered.  Template
    names, link targets, URLs, attributes, `<math>`, `<code>`, `<pre>` and
    `<nowiki>` are not prose and are not checked, and neither are straight
    and single marks in a transliteration template (`{{transl|ru|ob"yom}}`,
    `{{lang|ru-Latn|Kazan'}}`, `{{lang-…-translit|…}}`), where they are
    letters, stress marks or soft and hard signs.  Citation text is checked
    too: `<ref>` contents, the title, quote and work of citation templates,
    and the entries of a rendered page's reference list; identifiers in them
    (doi:…, ISBN, URLs, `id=…`) are not prose.

    A quotation that runs over several paragraphs or list items is accepted
    when written as the Manual of Style asks (each paragraph opens with a
    quotation mark, only the last closes) or when the closing mark is in one
    of the next items.

    ## Why is this bad?
    An unpaired quotation mark leaves the reader unable to tell where a quotation
    ends, which misattributes words to a source; nested quotations must
    alternate double and single marks ([MOS:QUOTEMARKS], "Quotations within
    quotations").  Wikipedia:Manual of Style#Quotation marks.

    ## Example
    ```wikitext
    Salhani wrote "Israel can destroy Iran's nuclear sites.
    ```

    ## Use instead
    ```wikitext
    Salhani wrote "Israel can destroy Iran's nuclear sites."
    ```

    ## Options
    - `check_citations` (bool, default `true`): also check `<ref>` contents,
      citation template titles, quotes and works, and rendered reference lists.
    - `report_nested` (bool, default `true`): report quotations nested in a
      quotation that uses the same mark.

    ## Fix safety
    No fix: only the author knows where a quotation ends.
    """

    code = "WL301"
    name = "unbalanced-quotes"
    summary = "Quotation marks in prose that do not pair"
    severity = Severity.WARNING
    tags = ("prose", "punctuation", "quotations")
    fixable = "never"
    visits = UNIT_NODES
    visits_document = True  # the units gathered by visit() are read once per page

    @dataclass(frozen=True)
    class Options:
        check_citations: bool = option(True, "Also check <ref> contents, citation titles, quotes "
                                             "and works, and rendered reference lists.")
        report_nested: bool = option(True, "Report quotations nested in a quotation that uses "
                                           "the same mark.")

    def visit(self, node: Node, ctx: Context) -> None:
        units = units_of(node, ctx.doc.text, ctx.prose, quote_data())
        if units:
            ctx.memo(_UNITS, list).extend(units)

    def check(self, doc: Document, ctx: Context) -> None:
        data = quote_data()
        opts = self.options
        units = [u for u in ctx.memo(_UNITS, list)
                 if opts.check_citations or not u.kind.startswith(("citation", "reference"))]
        for unit, scan, where, problem in quote_problems(units, data):
            if problem.kind == "nested" and not opts.report_nested:
                continue
            pos = problem.mark.pos if where is None else where[problem.mark.pos]
            start, end = unit.prose.span(pos, pos + len(problem.mark.char))  # ‘‘ is one mark
            ctx.report(start, end, message(problem, unit, scan.text, data),
                       reach=reach(unit, problem, start, end))


RULE = UnbalancedQuotes
