"""The parser, node kind by node kind, with exact spans.

Each test parses a small page and checks the nodes it expects at the exact
offsets (written as ``at(text, "markup")``: the span of the first occurrence
of the markup, so the expectations read like the page).  Every parse is also
checked against the tree invariants (``tree_errors``).
"""

from __future__ import annotations

from typing import TypeVar

import pytest

import wikilint
from wikilint.syntax.nodes import (
    Argument,
    BadMarkup,
    Bold,
    Comment,
    Document,
    ExternalLink,
    Heading,
    HorizontalRule,
    HTMLEntity,
    Italic,
    LineBreak,
    List,
    ListItem,
    MagicWord,
    Node,
    Paragraph,
    Preformatted,
    Redirect,
    Section,
    Signature,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Tag,
    Template,
    Text,
    Toggle,
    Wikilink,
    tree_errors,
)


def parse(text: str) -> Document:
    doc = wikilint.parse(text)
    assert str(doc) == text
    assert tree_errors(doc, text) == []
    return doc


def at(text: str, markup: str, nth: int = 0) -> tuple[int, int]:
    """The span of the ``nth`` occurrence of ``markup`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(markup, start + 1)
    return start, start + len(markup)


def spans(doc: Node, cls: type[Node]) -> list[tuple[int, int]]:
    return [(n.start, n.end) for n in doc.filter(cls)]


def texts(nodes: tuple[Node, ...] | list[Node] | None) -> list[str]:
    return [str(n) for n in nodes or ()]


N = TypeVar("N", bound=Node)


def only(doc: Node, cls: type[N]) -> N:
    found = list(doc.filter(cls))
    assert len(found) == 1, found
    return found[0]


def problems(doc: Document) -> list[tuple[str, str, int, int]]:
    return [(p.kind, p.markup, p.start, p.end) for p in doc.problems]


# --------------------------------------------------------------- sections
def test_lead_and_nested_sections() -> None:
    t = "Lead.\n== A ==\nIn A.\n=== A1 ===\nIn A1.\n== B ==\nIn B.\n"
    doc = parse(t)
    lead, = doc.children
    assert isinstance(lead, Section) and lead.heading is None and lead.level == 0
    assert lead.title == "(lead)"
    assert texts(lead.body) == ["Lead.", "\n"]
    a, b = lead.subsections
    assert (a.level, a.title, a.start, a.end) == (2, "A", t.index("== A"), t.index("== B"))
    assert (b.level, b.title, b.start, b.end) == (2, "B", t.index("== B"), len(t))
    a1, = a.subsections
    assert (a1.level, a1.title, a1.start, a1.end) == (3, "A1", t.index("=== A1"), t.index("== B"))
    assert [type(n) for n in a.body] == [LineBreak, Paragraph, LineBreak]
    par = only(a1, Paragraph)
    assert (par.start, par.end) == at(t, "In A1.")
    assert par.section is a1 and a1.section is a1


def test_heading_levels_and_titles() -> None:
    t = "=One=\n== Two ==\n===Three===\n====Four====\n=====Five=====\n======Six======\n" \
        "=======Seven=======\n== Uneven ===\n"
    doc = parse(t)
    got = [(h.level, h.title_text) for h in doc.filter(Heading)]
    assert got == [(1, "One"), (2, "Two"), (3, "Three"), (4, "Four"), (5, "Five"), (6, "Six"),
                   (6, "=Seven="), (2, "Uneven =")]
    two = list(doc.filter(Heading))[1]
    assert (two.start, two.end) == at(t, "== Two ==")
    assert texts(two.title) == [" Two "]


def test_heading_with_trailing_comment_and_spaces() -> None:
    t = "== Title == <!-- note -->  \ntext"
    doc = parse(t)
    heading = only(doc, Heading)
    assert (heading.start, heading.end) == at(t, "== Title ==")
    comment = only(doc, Comment)
    assert comment.parent is heading.section  # kept in the section, not lost
    assert (comment.start, comment.end) == at(t, "<!-- note -->")


def test_not_a_heading() -> None:
    doc = parse("== Unfinished\n==\nx == y ==\n")
    assert list(doc.filter(Heading)) == []
    assert len(list(doc.filter(Paragraph))) == 1


def test_heading_title_with_markup() -> None:
    t = "== The ''Title'' [[of]] {{x}} ==\n"
    heading = only(parse(t), Heading)
    assert heading.title_text.startswith("The Title of")
    assert [type(n) for n in heading.title] == [Text, Italic, Text, Wikilink, Text, Template, Text]


# ------------------------------------------------------------------- lists
def test_list_markers_and_items() -> None:
    t = "* a\n** b\n*# c\n# d\n#: e\n; term\n: def\nafter\n"
    doc = parse(t)
    lst = only(doc, List)
    assert (lst.start, lst.end) == (0, t.index("\nafter"))
    items = list(lst.filter(ListItem))
    assert [i.marker for i in items] == ["*", "**", "*#", "#", "#:", ";", ":"]
    assert [(i.start, i.end) for i in items][:2] == [at(t, "* a"), at(t, "** b")]
    assert texts(items[1].children) == [" b"]
    assert [type(c) for c in lst.children] == [ListItem, LineBreak] * 6 + [ListItem]
    assert (only(doc, Paragraph).start, only(doc, Paragraph).end) == at(t, "after")


def test_definition_on_the_term_line() -> None:
    t = "; Term: the definition, with [[a:b|link]]\n"
    doc = parse(t)
    term, definition = doc.filter(ListItem)
    assert (term.marker, term.start, term.end) == (";", 0, t.index(":"))
    assert (definition.marker, definition.start, definition.end) == (":", t.index(":"), len(t) - 1)
    assert texts(term.children) == [" Term"]
    assert isinstance(definition.children[-1], Wikilink)


def test_list_item_with_inline_markup_and_multiline_template() -> None:
    t = "* ''a'' {{cite|x=1\n|y=2}} b\n* c"
    doc = parse(t)
    first, second = doc.filter(ListItem)
    assert (first.start, first.end) == (0, t.index("\n* c"))
    assert [type(n) for n in first.children] == [Text, Italic, Text, Template, Text]
    assert (second.start, second.end) == at(t, "* c")


# ------------------------------------------------------------------ tables
TABLE = """{| class="wikitable" style="x"
|+ Caption ''it''
|-
! scope="col" | H1 !! H2
|- style="color:red"
| align="left" | a || b
| c
continued
|-
|
{|
| inner
|}
|}
after"""


def test_table_structure() -> None:
    t = TABLE
    doc = parse(t)
    table = next(doc.filter(Table))
    assert (table.start, table.end, table.closed) == (0, t.index("\nafter"), True)
    assert table.attributes.strip() == 'class="wikitable" style="x"'
    caption, *rows = table.children
    assert isinstance(caption, TableCaption)
    assert (caption.start, caption.end) == at(t, "|+ Caption ''it''")
    assert [type(n) for n in caption.children] == [Text, Italic]
    header_row, body_row, nested_row = rows
    assert isinstance(header_row, TableRow) and isinstance(body_row, TableRow)
    assert isinstance(nested_row, TableRow)
    assert body_row.attributes.strip() == 'style="color:red"'
    h1, h2 = header_row.children
    assert isinstance(h1, TableCell)
    assert (h1.header, h1.attributes.strip(), texts(h1.children)) == (True, 'scope="col"', [" H1 "])
    assert (h2.start, h2.end, texts(h2.children)) == (*at(t, "!! H2"), [" H2"])
    a, b, c = body_row.children
    assert isinstance(a, TableCell)
    assert (a.header, a.attributes.strip(), texts(a.children)) == (False, 'align="left"', [" a "])
    assert (b.start, b.end) == at(t, "|| b")
    assert (c.start, c.end) == (t.index("\n| c") + 1, t.index("continued") + len("continued"))
    assert [type(n) for n in c.children] == [Text, LineBreak, Text]


def test_nested_table_is_inside_a_cell() -> None:
    t = TABLE
    doc = parse(t)
    outer, inner = doc.filter(Table)
    assert (inner.start, inner.end) == (t.index("{|\n| inner"), t.index("|}\n|}") + 2)
    assert isinstance(inner.parent, TableCell)
    assert inner.ancestor(Table) is outer
    cell = only(inner, TableCell)
    assert texts(cell.children) == [" inner"]


def test_table_first_row_without_separator_and_unclosed_table() -> None:
    t = "{|\n| a\n|-\n| b\n"
    doc = parse(t)
    table = only(doc, Table)
    assert not table.closed
    first, second = table.children
    assert (first.start, first.end) == at(t, "| a")
    assert problems(doc) == [("unclosed", "{|", 0, 2)]


def test_text_around_a_table_is_kept() -> None:
    t = "  {|\n| a\n|} tail\n"
    doc = parse(t)
    table = only(doc, Table)
    assert (table.start, table.end) == (2, t.index(" tail"))
    assert str(only(doc, Paragraph)) == " tail"


def test_table_cell_separators_inside_templates_and_links_do_not_split() -> None:
    t = "{|\n| {{a|b||c}} || [[x|y]] || z\n|}"
    doc = parse(t)
    cells = list(doc.filter(TableCell))
    assert [str(c) for c in cells] == ["| {{a|b||c}} ", "|| [[x|y]] ", "|| z"]


# --------------------------------------------------------------- templates
def test_template_positional_and_named_parameters() -> None:
    t = "{{Cite web |url=http://a.org |title= T = U |2016| |last}}"
    tpl = only(parse(t), Template)
    assert (tpl.start, tpl.end) == (0, len(t))
    assert tpl.name_text == "Cite web" and tpl.normalized_name == "cite web"
    names = [(p.name_text, p.value_text, p.index, p.showkey) for p in tpl.params]
    assert names == [("url", "http://a.org ", None, True), ("title", " T = U ", None, True),
                     ("1", "2016", 1, False), ("2", " ", 2, False), ("3", "last", 3, False)]
    first = tpl.params[0]
    assert (first.start, first.end) == at(t, "|url=http://a.org ")
    assert tpl.get("title") is tpl.params[1] and tpl.has("url") and not tpl.has("2")


def test_nested_templates_and_parameters_with_links() -> None:
    t = "{{a|{{b|{{c}}}}|k=[[x|y]] {{d|e=f}}}}"
    doc = parse(t)
    a, b, c, d = doc.filter(Template)
    assert [x.name_text for x in (a, b, c, d)] == ["a", "b", "c", "d"]
    assert (b.start, b.end) == at(t, "{{b|{{c}}}}")
    assert (c.start, c.end) == at(t, "{{c}}")
    assert b.parent is a.params[0]
    k = a.get("k")
    assert k is not None and [type(n) for n in k.value] == [Wikilink, Text, Template]
    link = only(doc, Wikilink)
    assert link.parent is k  # the '|' inside the link does not split the template


def test_template_name_and_value_on_many_lines() -> None:
    t = "{{Infobox\n| name = A\n| image = B.jpg\n}}"
    tpl = only(parse(t), Template)
    assert tpl.name_text == "Infobox"
    assert [(p.name_text, p.value_text.strip()) for p in tpl.params] == [
        ("name", "A"), ("image", "B.jpg")]
    assert not any(isinstance(n, LineBreak) for n in tpl.walk())


def test_parser_function() -> None:
    t = "{{#if:{{{x|}}}|yes|no}}"
    tpl = only(parse(t), Template)
    assert tpl.name_text == "#if:{{{x|}}}"
    assert [p.value_text for p in tpl.params] == ["yes", "no"]


def test_brace_runs_follow_mediawiki() -> None:
    # {{{{{p}}}}}: a template whose name is the argument {{{p}}}
    t = "{{{{{p}}}}}"
    doc = parse(t)
    tpl = only(doc, Template)
    arg = only(doc, Argument)
    assert (tpl.start, tpl.end, arg.start, arg.end) == (0, 11, 2, 9)
    # {{{a}} : a literal '{' and the template {{a}}
    doc = parse("{{{a}} x")
    tpl = only(doc, Template)
    assert (tpl.start, tpl.end) == (1, 6)
    assert doc.problems == ()


# --------------------------------------------------------------- arguments
def test_argument_with_and_without_default() -> None:
    t = "{{{1}}} {{{name|default [[x]]}}} {{{a|b|c}}}"
    doc = parse(t)
    one, named, extra = doc.filter(Argument)
    assert (one.start, one.end, one.name_text, one.default) == (0, 7, "1", None)
    assert (named.start, named.end) == at(t, "{{{name|default [[x]]}}}")
    assert named.name_text == "name" and [type(n) for n in named.default or ()] == [Text, Wikilink]
    assert texts(extra.default) == ["b|c"]


# --------------------------------------------------------------- wikilinks
def test_wikilinks() -> None:
    t = "[[Target]] [[Target page#Sec|text ''it'']] [[a|b|c]] [[:Category:X]] [[a|]]"
    doc = parse(t)
    plain, piped, multi, colon, trick = doc.filter(Wikilink)
    assert (plain.start, plain.end, plain.title_text, plain.text) == (0, 10, "Target", None)
    assert piped.title_text == "Target page#Sec"
    assert [type(n) for n in piped.text or ()] == [Text, Italic]
    assert texts(multi.text) == ["b|c"]
    assert colon.title_text == ":Category:X" and not colon.is_category
    assert trick.text == ()


def test_file_link_caption_with_nested_links() -> None:
    t = "[[File:A b.jpg|thumb|left|Caption with [[link|text]] and [[x]].]]"
    doc = parse(t)
    image, link, x = doc.filter(Wikilink)
    assert (image.start, image.end) == (0, len(t))
    assert image.is_media and image.namespace == "file"
    assert [texts(p) for p in image.parts[:2]] == [["thumb"], ["left"]]
    assert [type(n) for n in image.text or ()] == [Text, Wikilink, Text, Wikilink, Text]
    assert (link.start, link.end) == at(t, "[[link|text]]")
    assert link.parent is image and x.parent is image


def test_category_and_interlanguage_links() -> None:
    doc = parse("[[Category:Animals|Aardvark]]\n[[de:Erdferkel]]\n")
    cat, lang = doc.filter(Wikilink)
    assert cat.is_category and not cat.is_interlanguage
    assert lang.is_interlanguage and not lang.is_category
    assert list(doc.filter(Paragraph)) == []  # not prose lines


def test_invalid_links_are_text() -> None:
    for t in ("[[]]", "[[|x]]", "[[a<b]]", "[[ ]]"):
        doc = parse(t)
        assert list(doc.filter(Wikilink)) == [], t
    doc = parse("[[a\nb]]")
    assert list(doc.filter(Wikilink)) == []
    assert problems(doc) == [("unclosed", "[[", 0, 2), ("stray", "]]", 5, 7)]


def test_triple_brackets() -> None:
    t = "[[[Foo]]]"
    doc = parse(t)
    link = only(doc, Wikilink)
    assert (link.start, link.end) == (1, 8)
    assert doc.problems == ()


# ---------------------------------------------------------- external links
def test_bracketed_external_links() -> None:
    t = "[http://y.org Title ''it''] [https://z.org] [//p.org/x proto] [mailto:a@b.c mail]"
    doc = parse(t)
    titled, bare, proto, mail = doc.filter(ExternalLink)
    assert (titled.start, titled.end, titled.url, titled.brackets) == (
        *at(t, "[http://y.org Title ''it'']"), "http://y.org", True)
    assert [type(n) for n in titled.title or ()] == [Text, Italic]
    assert (bare.url, bare.title) == ("https://z.org", None)
    assert proto.url == "//p.org/x" and mail.url == "mailto:a@b.c"


def test_bare_urls_and_trailing_punctuation() -> None:
    t = "See http://example.org/path, and (http://x.org/a_(b)). Also https://q.org/x."
    doc = parse(t)
    urls = [(u.url, u.brackets) for u in doc.filter(ExternalLink)]
    assert urls == [("http://example.org/path", False), ("http://x.org/a_(b))", False),
                    ("https://q.org/x", False)]
    first = next(doc.filter(ExternalLink))
    assert (first.start, first.end) == at(t, "http://example.org/path")


def test_no_bare_urls_inside_templates_or_link_text() -> None:
    doc = parse("{{cite|url=http://a.org}} [[x|http://b.org]] [http://c.org http://d.org]")
    assert [u.url for u in doc.filter(ExternalLink)] == ["http://c.org"]


def test_url_with_single_braces_and_double_bracket_url() -> None:
    t = "[http://a.de/x{y=1} Title] [[http://b.org b]]"
    doc = parse(t)
    first, second = doc.filter(ExternalLink)
    assert first.url == "http://a.de/x{y=1}"
    assert (second.start, second.end) == at(t, "[http://b.org b]")
    assert list(doc.filter(Wikilink)) == []


def test_external_links_inside_templates_and_wikilinks_follow_mediawiki() -> None:
    # templates split their parameters before links are read: '|' and '}}' end the link
    t = "{{a|[http://x b|c]}} {{d|[http://y e}} f]"
    doc = parse(t)
    a, d = doc.filter(Template)
    assert [p.value_text for p in a.params] == ["[http://x b", "c]"]
    assert [p.value_text for p in d.params] == ["[http://y e"]
    assert list(doc.filter(ExternalLink)) == [] and doc.problems == ()
    # ']]' closes the wikilink around an unfinished external link; ']]]' closes both
    doc = parse("[[a|[http://x b]]")
    link = only(doc, Wikilink)
    assert texts(link.text) == ["[http://x b"] and list(doc.filter(ExternalLink)) == []
    t = "[[File:x.jpg|thumb|Cap [http://y.org y]]]"
    doc = parse(t)
    ext = only(doc, ExternalLink)
    assert (ext.start, ext.end) == at(t, "[http://y.org y]")
    assert ext.parent is only(doc, Wikilink)


def test_unclosed_external_link() -> None:
    # MediaWiki shows '[', a bare link and the text; the unbalanced-brackets rule
    # reports the missing ']', so it is no markup problem
    t = "[http://x.org title\nnext"
    doc = parse(t)
    assert problems(doc) == []
    url = only(doc, ExternalLink)
    assert (url.start, url.end, url.brackets) == (1, 13, False)
    assert str(doc.children[0].children[0].children[0]) == "["


# -------------------------------------------------------------------- tags
def test_ref_with_attributes_and_contents() -> None:
    t = 'A.<ref name="n" group=g>cite {{x}}\nline 2</ref> B.<ref name=n />'
    doc = parse(t)
    ref, short = doc.filter(Tag)
    assert (ref.start, ref.end) == at(t, '<ref name="n" group=g>cite {{x}}\nline 2</ref>')
    assert (ref.name, ref.get("name"), ref.get("group"), ref.get("x")) == ("ref", "n", "g", None)
    assert [(a.name, a.value, a.quote) for a in ref.attributes] == [("name", "n", '"'),
                                                                     ("group", "g", "")]
    assert ref.inner_text == "cite {{x}}\nline 2"
    assert (ref.open_end, ref.close_start) == (t.index("cite"), t.index("</ref>"))
    assert [type(n) for n in ref.contents or ()] == [Text, Template, Text]
    assert short.self_closing and short.get("name") == "n"
    assert len(list(doc.filter(Paragraph))) == 1  # the ref spans lines inside one paragraph


def test_extension_tag_contents_end_at_the_first_closer() -> None:
    # MediaWiki finds an extension tag's closer first: the ref holds '}}'
    t = "{{a|<ref>x}}</ref>}}"
    doc = parse(t)
    tpl = only(doc, Template)
    ref = only(doc, Tag)
    assert (tpl.start, tpl.end, ref.start, ref.end) == (0, len(t), 4, 18)
    assert ref.inner_text == "x}}"


@pytest.mark.parametrize("name", ["nowiki", "pre", "math", "syntaxhighlight", "source", "chem"])
def test_opaque_tags_hold_raw_text(name: str) -> None:
    t = f'x <{name} lang="py">[[no]] {{{{no}}}} <ref>no</ref></{name}> y'
    doc = parse(t)
    tag = only(doc, Tag)
    assert (tag.name, tag.start, tag.end) == (name, 2, t.index(" y"))
    assert texts(tag.contents) == ["[[no]] {{no}} <ref>no</ref>"]
    assert list(doc.filter(Wikilink)) == [] and list(doc.filter(Template)) == []


def test_parsed_extension_tags() -> None:
    t = "<gallery>\nFile:a.jpg|cap [[x]]\n</gallery><poem>a ''b''\nc</poem><references/>"
    doc = parse(t)
    gallery, poem, refs = (n for n in doc.filter(Tag))
    assert gallery.name == "gallery" and any(isinstance(n, Wikilink) for n in gallery.walk())
    assert poem.name == "poem" and any(isinstance(n, Italic) for n in poem.walk())
    assert refs.name == "references" and refs.self_closing
    assert (refs.start, refs.end) == at(t, "<references/>")


def test_html_tags_pair_within_a_line_and_across_lines() -> None:
    t = 'a <span style="a">s <code>c</code></span><br/> b\n<div>\nd\n</div>'
    doc = parse(t)
    span = next(t_ for t_ in doc.filter(Tag) if t_.name == "span")
    assert (span.start, span.end) == at(t, '<span style="a">s <code>c</code></span>')
    assert span.get("style") == "a" and span.contents is not None
    code = next(t_ for t_ in doc.filter(Tag) if t_.name == "code")
    assert code.parent is span
    br = next(t_ for t_ in doc.filter(Tag) if t_.name == "br")
    assert br.self_closing
    div_open, div_close = (t_ for t_ in doc.filter(Tag) if t_.name == "div")
    assert div_open.closed and div_close.closing and div_close.closed
    assert problems(doc) == []


def test_blockquote_lines() -> None:
    t = "Intro:\n<blockquote>\nQuoted text.\n</blockquote>\nAfter."
    doc = parse(t)
    assert [str(p) for p in doc.filter(Paragraph)] == ["Intro:", "Quoted text.", "After."]
    one_line = parse("<blockquote>Quoted.</blockquote>")
    quote = only(one_line, Tag)
    assert quote.name == "blockquote" and texts(quote.contents) == ["Quoted."]


def test_unclosed_and_stray_tags() -> None:
    t = "a<ref>b\n\nc</ref> d</ref> <small>e\n</div>"
    doc = parse(t)
    assert problems(doc) == [("stray", "</ref>", *at(t, "</ref>", 1)),
                             ("unclosed", "<small>", *at(t, "<small>")),
                             ("stray", "</div>", *at(t, "</div>"))]


def test_unclosed_ref_and_ref_inside_ref() -> None:
    t = "x<ref>never closed\n\ny"
    assert problems(parse(t)) == [("unclosed", "<ref>", 1, 6)]
    # '<ref name=b>' inside another ref is text: the first ref misses its closer
    t = 'x<ref name="a">one <ref name="b">two</ref>'
    doc = parse(t)
    ref = only(doc, Tag)
    assert (ref.start, ref.get("name"), ref.inner_text) == (1, "a", 'one <ref name="b">two')
    assert doc.problems == ()


def test_closer_with_attributes_is_text() -> None:
    t = '<ref>a</ref name="x"> b</ref>'
    ref = only(parse(t), Tag)
    assert (ref.start, ref.end) == (0, len(t))


# ---------------------------------------------------------------- comments
def test_comments() -> None:
    t = "a <!-- one\ntwo --> b <!-- open"
    doc = parse(t)
    closed, unclosed = doc.filter(Comment)
    assert (closed.start, closed.end, closed.closed, closed.contents) == (
        *at(t, "<!-- one\ntwo -->"), True, " one\ntwo ")
    assert (unclosed.start, unclosed.end, unclosed.closed) == (t.index("<!-- open"), len(t), False)
    assert problems(doc) == [("unclosed", "<!--", *at(t, "<!-- open")[:1],
                              t.index("<!-- open") + 4)]


def test_comment_line_inside_a_paragraph() -> None:
    t = "The cat sat\n<!-- a note -->\non the mat.\n\nNext."
    doc = parse(t)
    first, second = doc.filter(Paragraph)
    assert (first.start, first.end) == (0, t.index("\n\n"))
    assert only(first, Comment).parent is first
    assert str(second) == "Next."


def test_paragraph_after_template_and_comment_lines() -> None:
    t = "{{Infobox|a=b}}\n<!-- hidden -->\nThe aardvark is a mammal.\n"
    doc = parse(t)
    par = only(doc, Paragraph)
    assert (par.start, par.end) == at(t, "The aardvark is a mammal.")
    assert isinstance(only(doc, Template).parent, Section)


# ------------------------------------------------------- bold and italic
def test_bold_italic_and_five_apostrophes() -> None:
    t = "''i'' '''b''' '''''bi''''' ''it '''bo''' it''"
    doc = parse(t)
    italics = spans(doc, Italic)
    bolds = spans(doc, Bold)
    assert at(t, "''i''") in italics and at(t, "'''b'''") in bolds
    assert (0, 0) not in italics
    outer = [n for n in doc.filter(Italic) if n.start == t.index("''it")][0]
    assert (outer.start, outer.end) == (t.index("''it"), len(t))
    assert [type(n) for n in outer.children] == [Text, Bold, Text]
    five = [n for n in doc.filter(Bold) if n.start == t.index("'''''")][0]
    assert five.end == t.index(" ''it") and isinstance(five.children[0], Italic)


def test_odd_apostrophe_counts_follow_mediawiki() -> None:
    # both counts odd: the ''' after a one-letter word becomes ' + ''
    t = "''italic'' and l'''apostrophe''"
    doc = parse(t)
    assert spans(doc, Bold) == []
    assert spans(doc, Italic) == [at(t, "''italic''"), (t.index("''apostrophe"), len(t))]
    # four apostrophes: ' + '''; more than five: the extras are text
    doc = parse("x''''y''''")
    assert spans(doc, Bold) == [(2, 10)]
    doc = parse("a'''''''b")
    assert str(doc.children[0].children[0].children[0]) == "a''"


def test_formatting_closes_at_the_end_of_the_line() -> None:
    t = "a ''b\nc'' d"
    doc = parse(t)
    first, second = doc.filter(Italic)
    assert (first.start, first.end, first.closed) == (2, 5, False)
    assert (second.start, second.end, second.closed) == (7, 11, False)
    assert not any(isinstance(n, Toggle) for n in doc.walk())


# --------------------------------------------------------------- leaves
def test_entities_magic_words_signatures() -> None:
    t = "&amp; &#8212; &#x2014; &bogus; __NOTOC__ __TOC__ ~~~ ~~~~ ~~~~~"
    doc = parse(t)
    assert [(e.value, str(e)) for e in doc.filter(HTMLEntity)] == [
        ("&", "&amp;"), ("\u2014", "&#8212;"), ("\u2014", "&#x2014;")]
    assert [m.name for m in doc.filter(MagicWord)] == ["NOTOC", "TOC"]
    assert [str(s) for s in doc.filter(Signature)] == ["~~~", "~~~~", "~~~~~"]
    assert "&bogus;" in "".join(str(n) for n in doc.filter(Text))


def test_magic_word_line_and_horizontal_rule() -> None:
    t = "__NOTOC__\n----\ntext\n-----more"
    doc = parse(t)
    assert spans(doc, HorizontalRule) == [at(t, "----"), at(t, "-----")]
    assert [str(p) for p in doc.filter(Paragraph)] == ["text", "more"]
    assert isinstance(only(doc, MagicWord).parent, Section)


def test_redirect() -> None:
    t = "#REDIRECT [[Target page#Section]]\n{{R from move}}"
    doc = parse(t)
    redirect = only(doc, Redirect)
    assert (redirect.start, redirect.end) == at(t, "#REDIRECT [[Target page#Section]]")
    assert redirect.target is not None and redirect.target.title_text == "Target page#Section"
    assert list(doc.filter(List)) == []


def test_plain_text_paragraphs() -> None:
    t = "One line\nsame paragraph.\n\nSecond paragraph."
    doc = parse(t)
    first, second = doc.filter(Paragraph)
    assert (first.start, first.end) == (0, t.index("\n\n"))
    assert [type(n) for n in first.children] == [Text, LineBreak, Text]
    assert (second.start, second.end) == at(t, "Second paragraph.")


def test_preformatted_lines() -> None:
    t = "Code:\n  x = 1\n  y = 2\nText.\n <div>not pre</div>\n"
    doc = parse(t)
    pre = only(doc, Preformatted)
    assert (pre.start, pre.end) == (t.index("  x"), t.index("\nText."))
    assert [str(p) for p in doc.filter(Paragraph)] == ["Code:", "Text.\n <div>not pre</div>"]


def test_empty_and_whitespace_pages() -> None:
    for t in ("", "\n", "   ", "\n\n\n"):
        doc = parse(t)
        assert doc.problems == ()
        assert list(doc.filter(Paragraph)) == []


# ----------------------------------------------------- malformed markup
@pytest.mark.parametrize("text,expected", [
    ("{{a|b", [("unclosed", "{{", 0, 2)]),
    ("[[a|b", [("unclosed", "[[", 0, 2)]),
    ("{{{a", [("unclosed", "{{", 0, 3)]),  # the construct is named "{{", the span is the run
    ("a}} b]]", [("stray", "}}", 1, 3), ("stray", "]]", 5, 7)]),
    ("<ref>x", [("unclosed", "<ref>", 0, 5)]),
    ("x</ref>", [("stray", "</ref>", 1, 7)]),
    ("<!-- x", [("unclosed", "<!--", 0, 4)]),
    ("{|\n| x", [("unclosed", "{|", 0, 2)]),
    ("<div>x", [("unclosed", "<div>", 0, 5)]),
    ("x</span>", [("stray", "</span>", 1, 8)]),
    ("{{a|[[b}}", [("unclosed", "{{", 0, 2), ("unclosed", "[[", 4, 6)]),
    ("{{cite|title=[[Foo|bar]}} more {{x}}", [("unclosed", "{{", 0, 2),
                                              ("unclosed", "[[", 13, 15)]),
])
def test_problems_are_recorded(text: str, expected: list[tuple[str, str, int, int]]) -> None:
    assert problems(parse(text)) == expected


def test_broken_construct_keeps_what_it_held() -> None:
    t = "{{a|[[b]] {{c}}|d"
    doc = parse(t)
    assert isinstance(doc.children[0].children[0].children[0], BadMarkup)
    assert [n.title_text for n in doc.filter(Wikilink)] == ["b"]
    assert [n.name_text for n in doc.filter(Template)] == ["c"]


def test_stray_closers_inside_extension_tags_are_text() -> None:
    doc = parse("<ref>a}} b]]</ref>")
    assert doc.problems == ()
    assert list(doc.filter(BadMarkup)) == []


def test_problems_inside_templates_count_only_brackets() -> None:
    # templates hold fragments of tags and tables legitimately
    doc = parse("{{a|<div>}} {{b|x}}]] {{c|{{d}}")
    assert problems(doc) == [("stray", "]]", 19, 21), ("unclosed", "{{", 22, 24)]


def test_section_of_any_node() -> None:
    t = "== A ==\n{{x|[[y]]}}\n"
    doc = parse(t)
    link = only(doc, Wikilink)
    section = link.section
    assert section is not None and section.title == "A"
    assert link.ancestor(Template) is only(doc, Template)
    assert link.document is doc
