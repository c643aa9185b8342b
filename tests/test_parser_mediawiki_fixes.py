"""Parser fixes found by comparing wikilint's tree with MediaWiki's rendering
(benchmarks/mediawiki_parser.py); each case is what MediaWiki 1.39 makes of the input."""

from __future__ import annotations

import wikilint
from wikilint.syntax.nodes import ExternalLink, Italic


def test_two_apostrophes_end_a_url():
    # MediaWiki makes <i> of '' before it looks for links: the URL stops there
    # (parser test "External link containing double-single-quotes with no space
    # separating the url from text in italics").
    text = "[http://www.musee.fr/page.htm''La muerte de Casagemas'' (1901) en el sitio]"
    doc = wikilint.parse(text)
    (link,) = doc.filter(ExternalLink)
    assert link.url == "http://www.musee.fr/page.htm"
    (italic,) = doc.filter(Italic)
    assert italic.closed and str(italic) == "''La muerte de Casagemas''"
    assert not doc.problems


def test_bare_url_before_italics_and_a_single_apostrophe():
    doc = wikilint.parse("see http://y.org''z'' and http://q.org/it's ok")
    assert [link.url for link in doc.filter(ExternalLink)] == ["http://y.org",
                                                               "http://q.org/it's"]
    assert [str(i) for i in doc.filter(Italic)] == ["''z''"]


def test_unclosed_formatting_no_longer_reported_in_such_a_link():
    found = wikilint.lint_text("[http://x.org/a''Title'' (1901)] text.\n", path="p.wiki")
    assert [f.code for f in found if f.code == "WL303"] == []


def test_language_codes_with_one_letter_subtags_are_interlanguage_links():
    # [[be-x-old:…]] (Belarusian, Taraškievica) is an interlanguage link on Wikipedia.
    from wikilint.syntax.nodes import Wikilink

    links = list(wikilint.parse("[[be-x-old:Аграномія]]\n[[zh-min-nan:Lâng]]\n").filter(Wikilink))
    assert [link.is_interlanguage for link in links] == [True, True]


def test_definition_term_ends_at_a_colon_outside_formatting_and_tags():
    # MediaWiki pairs '' and ''' (doQuotes) before it splits ;term:definition, and its
    # findColonNoLinks skips colons inside open elements (parser tests "Second colon on
    # line" and "Definition lists: ignore colons inside tags").
    from wikilint.syntax.nodes import Bold, ListItem, Tag

    doc = wikilint.parse(";'''1:00''':bar")
    term, definition = doc.filter(ListItem)
    assert (term.marker, str(term), definition.marker, str(definition)) == \
        (";", ";'''1:00'''", ":", ":bar")
    (bold,) = doc.filter(Bold)
    assert bold.closed and str(bold) == "'''1:00'''"
    assert not [f for f in wikilint.lint_text(";'''1:00''':bar\n", path="p.wiki")
                if f.code == "WL303"]

    term, definition = wikilint.parse(";one <b>two : tag <i>fun:</i>:</b>:def").filter(ListItem)
    assert str(definition) == ":def"
    assert [t.name for t in term.filter(Tag)] == ["b", "i"]
    (only,) = wikilint.parse(";'''a:b'''").filter(ListItem)  # no colon outside the bold
    assert only.marker == ";"
