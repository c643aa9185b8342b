"""Property tests: any string of wikitext fragments parses into a sound, lossless tree.

The strings are built from the pieces markup is made of (openers and closers
of every construct, line starts, URLs, tags, apostrophe runs) mixed with
words, so most of them are malformed in some way: exactly the input the
parser must survive.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wikilint
from wikilint.syntax.nodes import (
    BadMarkup,
    Document,
    ExternalLink,
    LineBreak,
    Paragraph,
    Section,
    Template,
    Text,
    Toggle,
    Wikilink,
    tree_errors,
)

FRAGMENTS = [
    "{{", "}}", "{{{", "}}}", "{", "}", "[[", "]]", "[", "]", "|", "||", "=", "==", "!!", "!",
    "{|", "|}", "|-", "|+", "\n", "\n\n", "\n*", "\n#", "\n:", "\n;", "\n ", "\n=", "\n----",
    "''", "'''", "'''''", "'", "<ref>", "</ref>", '<ref name="a">', "<ref name=a/>",
    "<references/>", "<!--", "-->", "<nowiki>", "</nowiki>", "<pre>", "</pre>", "<math>",
    "<div>", "</div>", "<span style=\"x\">", "</span>", "<br/>", "<small>", "<gallery>",
    "</gallery>", "<", ">", "&amp;", "&#8212;", "&", "__TOC__", "~~~~", "http://x.org",
    "[http://y.org ", "https://z.org/a_(b).", "File:", "Category:", "de:", "#if:", "name=",
    " ", "\t", "a", "word", "é", "Ω", "\u00a0", ":", "_", "~",
]

wikitext = st.lists(st.one_of(st.sampled_from(FRAGMENTS),
                              st.text(alphabet="ab {}[]|<>'=\n!*#:;-/", max_size=6)),
                    max_size=60).map("".join)

SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(wikitext)
def test_lossless_and_sound(text: str) -> None:
    doc = wikilint.parse(text)
    assert str(doc) == text
    assert tree_errors(doc, text) == []
    # apostrophe runs are all paired into Bold/Italic (or text) by the end
    assert not any(isinstance(n, Toggle) for n in doc.walk())


@SETTINGS
@given(wikitext)
def test_spans_nest_in_order_without_overlap(text: str) -> None:
    doc = wikilint.parse(text)
    for node in doc.walk():
        assert text[node.start:node.end] == str(node)
        previous_end = node.start
        for child in node.children:
            assert node.start <= child.start <= child.end <= node.end
            assert child.start >= previous_end
            assert child.parent is node
            previous_end = child.end


@SETTINGS
@given(wikitext)
def test_problems_point_at_markup(text: str) -> None:
    doc = wikilint.parse(text)
    for problem in doc.problems:
        written = text[problem.start:problem.end]
        assert problem.kind in ("unclosed", "stray")
        assert written, problem
        if problem.markup in ("{{", "[["):  # the whole run of brackets
            assert problem.kind == "unclosed" and written.strip(problem.markup[0]) == ""
            assert len(written) >= len(problem.markup)
        elif problem.markup in ("}}", "]]", "<!--", "{|"):
            assert written == problem.markup, (written, problem)
        else:
            assert written[0] == "<" and written[-1] == ">", (written, problem)


@SETTINGS
@given(wikitext)
def test_top_level_is_lines_of_blocks(text: str) -> None:
    doc = wikilint.parse(text)
    lead, = doc.children
    assert isinstance(lead, Section) and lead.level == 0
    # every newline outside a construct is a LineBreak directly in a section,
    # paragraph, list or preformatted block (never lost inside a Text)
    for node in doc.walk():
        if type(node) is Text and isinstance(node.parent, (Section, Paragraph)):
            assert "\n" not in str(node)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abc de.,", min_size=1, max_size=12), min_size=1, max_size=8))
def test_plain_text_is_one_paragraph(words: list[str]) -> None:
    text = " ".join(words).strip()
    if not text:
        return
    doc = wikilint.parse(text)
    assert [str(p) for p in doc.filter(Paragraph)] == [text]
    assert doc.problems == ()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b c", "[[x]]", "[[y|z]]", "{{t}}", "{{t|k=v}}",
                                 "http://q.org", "''i''", "'''b'''"]), min_size=1, max_size=12))
def test_well_formed_markup_has_no_problems(parts: list[str]) -> None:
    text = " ".join(parts)
    doc = wikilint.parse(text)
    assert doc.problems == ()
    assert not any(isinstance(n, BadMarkup) for n in doc.walk())
    assert len(list(doc.filter(Wikilink))) == text.count("[[")
    assert len(list(doc.filter(Template))) == text.count("{{")
    assert len([u for u in doc.filter(ExternalLink) if not u.brackets]) == text.count("http")


@SETTINGS
@given(wikitext)
def test_parse_is_deterministic(text: str) -> None:
    first = [(type(n).__name__, n.start, n.end) for n in wikilint.parse(text).walk()]
    second = [(type(n).__name__, n.start, n.end) for n in wikilint.parse(text).walk()]
    assert first == second


def test_fragments_cover_every_kind_of_markup() -> None:
    """The generator can produce each construct (else the properties prove little)."""
    text = "".join(FRAGMENTS[:40])
    doc = wikilint.parse(text + "{{a|b}} [[c]] <ref>d</ref> ''e'' " + "\n{|\n|f\n|}")
    kinds = {type(n).__name__ for n in doc.walk()}
    assert {"Template", "Wikilink", "Tag", "Italic", "Table", "LineBreak"} <= kinds
    assert isinstance(doc, Document) and LineBreak.__name__ in kinds
