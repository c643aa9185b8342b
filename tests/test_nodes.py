"""The node API rules use: navigation, queries, the helpers of each kind, tree checks."""

from __future__ import annotations

import wikilint
from wikilint.syntax.nodes import (
    Argument,
    Comment,
    Document,
    ExternalLink,
    Heading,
    HTMLEntity,
    Italic,
    MagicWord,
    Node,
    Paragraph,
    Parameter,
    Section,
    Tag,
    Template,
    Text,
    Wikilink,
    link_parents,
    tree_errors,
)

PAGE = """Lead with {{lang|fr|''mot''}} and [[Link|text]].
== History ==
Old <!-- note --> text.<ref name="a">{{cite book |title=T |year=1900}}</ref>
=== Early ===
[[File:X.jpg|thumb|A [[cap]]]] &amp; __NOTOC__
"""


def test_walk_is_preorder_in_source_order() -> None:
    doc = wikilint.parse(PAGE)
    nodes = list(doc.walk())
    assert nodes[0] is doc
    starts = [n.start for n in nodes]
    assert starts == sorted(starts)  # pre-order of a well-nested tree
    for node in nodes:
        for child in node.children:
            assert nodes.index(child) > nodes.index(node)


def test_filter_by_kind_and_subclass() -> None:
    doc = wikilint.parse(PAGE)
    assert [t.name_text for t in doc.filter(Template)] == ["lang", "cite book"]
    assert all(isinstance(n, Text) for n in doc.filter(Text))
    assert [n.kind for n in doc.filter(Heading)] == ["heading", "heading"]


def test_ancestors_section_and_document() -> None:
    doc = wikilint.parse(PAGE)
    cap = [link for link in doc.filter(Wikilink) if link.title_text == "cap"][0]
    image = cap.ancestor(Wikilink)
    assert image is not None and image.is_media
    assert cap.section is not None and cap.section.title == "Early"
    assert [type(a).__name__ for a in cap.ancestors()] == [
        "Wikilink", "Paragraph", "Section", "Section", "Section", "Document"]
    assert cap.document is doc
    assert cap.ancestor(Template) is None
    lead_link = [link for link in doc.filter(Wikilink) if link.title_text == "Link"][0]
    assert lead_link.section is not None and lead_link.section.heading is None


def test_sections() -> None:
    doc = wikilint.parse(PAGE)
    lead, history, early = doc.sections()
    assert (lead.title, history.title, early.title) == ("(lead)", "History", "Early")
    assert history.subsections == (early,)
    assert early.heading is not None and early.heading.level == 3
    assert [type(n) for n in history.body if not isinstance(n, Text)] == [Paragraph]
    assert history.section is history
    assert doc.line_col(history.start) == (2, 1)


def test_template_helpers() -> None:
    doc = wikilint.parse("{{Template:Cite_Book |title=A |title=B |2|x= }}")
    tpl = next(doc.filter(Template))
    assert tpl.name_text == "Template:Cite_Book"
    assert tpl.normalized_name == "cite book"
    param = tpl.get("title")
    assert param is not None and param.value_text == "B "  # the last one wins
    assert tpl.get("nope") is None
    assert tpl.has("title") and not tpl.has("x") and tpl.has("x", ignore_empty=False)
    positional = [p for p in tpl.params if not p.showkey]
    assert [(p.name_text, p.index, p.value_text) for p in positional] == [("1", 1, "2")]
    assert "name='Template:Cite_Book'" in tpl._details()


def test_parameter_and_argument_helpers() -> None:
    doc = wikilint.parse("{{a| key = [[v]] |{{{1|d}}}}}")
    key, pos = next(doc.filter(Template)).params
    assert isinstance(key, Parameter) and key.name_text == "key" and key.showkey
    assert key.value_text == " [[v]] "
    arg = next(doc.filter(Argument))
    assert arg.name_text == "1" and arg.default is not None and str(arg.default[0]) == "d"
    assert pos.index == 1 and pos.value == (arg,)


def test_wikilink_helpers() -> None:
    doc = wikilint.parse("[[Image:A.png|x]] [[category:B]] [[:File:C]] [[fr:D]] [[w:E]] [[F|g]]")
    image, cat, colon, lang, interwiki, plain = doc.filter(Wikilink)
    assert image.is_media and image.namespace == "image" and image.text is not None
    assert cat.is_category and cat.namespace == "category"
    assert not colon.is_media and colon.title_text == ":File:C"
    assert lang.is_interlanguage and not interwiki.is_interlanguage
    assert plain.title_text == "F" and [str(n) for n in plain.text or ()] == ["g"]


def test_external_link_comment_entity_magic_word() -> None:
    doc = wikilint.parse("[http://a.org/x A] http://b.org <!-- c --> &eacute; __TOC__")
    bracketed, bare = doc.filter(ExternalLink)
    assert (bracketed.url, bracketed.brackets, bare.url, bare.brackets) == (
        "http://a.org/x", True, "http://b.org", False)
    assert next(doc.filter(Comment)).contents == " c "
    assert next(doc.filter(HTMLEntity)).value == "\u00e9"
    assert next(doc.filter(MagicWord)).name == "TOC"


def test_tag_helpers() -> None:
    doc = wikilint.parse('<ref Name="x" group=\'g\' flag>body</ref>')
    tag = next(doc.filter(Tag))
    assert tag.get("name") == "x" and tag.get("group") == "g" and tag.get("flag") == ""
    assert tag.inner_text == "body"
    assert str(tag)[tag.open_end - tag.start:] == "body</ref>"
    assert "attributes=" in tag._details()


def test_heading_title_text_is_plain() -> None:
    doc = wikilint.parse("== The ''[[Beatles|Fab Four]]'' <ref>x</ref> ==\n")
    assert next(doc.filter(Heading)).title_text == "The Fab Four"


def test_repr_and_str() -> None:
    doc = wikilint.parse("Hello ''world''")
    italic = next(doc.filter(Italic))
    assert str(italic) == "''world''"
    assert repr(italic) == "<Italic 6-15 \"''world''\">"
    long = wikilint.parse("x" * 100)
    assert repr(long).endswith("...'>") and len(repr(long)) < 70


def test_tree_errors_finds_broken_trees() -> None:
    text = "ab cd"
    source = wikilint.parse(text).source
    # a paragraph whose children leave a gap and overlap
    first, second, third = Text(text, 0, 2), Text(text, 3, 5), Text(text, 1, 4)
    broken = Paragraph(text, 0, 5, (first, second))
    doc = Document(source, (Section(text, 0, 5, 0, None, (broken,)),), "wikitext")
    link_parents(doc)
    errors = tree_errors(doc, text)
    assert any("gap ' '" in e for e in errors)
    overlapping = Paragraph(text, 0, 5, (first, third))
    doc = Document(source, (Section(text, 0, 5, 0, None, (overlapping,)),), "wikitext")
    link_parents(doc)
    assert any("overlapping" in e for e in tree_errors(doc, text))
    # a template whose uncovered text is not its syntax
    tpl_text = "{{a}}x"
    tpl = Template(tpl_text, 0, 6, (Text(tpl_text, 2, 3),), ())
    link_parents(tpl)
    assert any("not a delimiter" in e for e in tree_errors(tpl))
    orphan = Paragraph(text, 0, 5, (Text(text, 0, 5),))
    assert any("parent" in e for e in tree_errors(orphan))


def test_tree_errors_accepts_parsed_trees() -> None:
    assert tree_errors(wikilint.parse(PAGE), PAGE) == []


def test_link_parents_is_iterative() -> None:
    text = "x"
    node: Node = Text(text, 0, 1)
    for _ in range(50_000):  # far deeper than Python's recursion limit
        node = Paragraph(text, 0, 1, (node,))
    link_parents(node)
    assert sum(1 for _ in node.walk()) == 50_001
