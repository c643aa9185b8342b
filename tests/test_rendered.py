"""Tests for the rendered-text reader (``wikilint.rendered``)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikilint.syntax.nodes import (
    CitationMarker,
    Document,
    Heading,
    Node,
    Paragraph,
    ReferenceEntry,
    ReferenceList,
    Section,
    Text,
)
from wikilint.syntax.rendered import is_heading_line, parse_rendered
from wikilint.syntax.source import SourceFile

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_708e36cc2bd48137.txt"


# ---------------------------------------------------------------- helpers
def parse(text: str) -> Document:
    return parse_rendered(SourceFile(text))


def pos(doc: Document, node: Node) -> tuple[int, int]:
    return doc.source.line_col(node.start)


def heading_text(section: Section) -> str:
    """The heading's title text (without Heading.title_text, which needs wikilint.prose)."""
    assert section.heading is not None
    return "".join(str(n) for n in section.heading.title)


def sections(doc: Document) -> list[Section]:
    return [s for s in doc.children if isinstance(s, Section)]


def paragraphs(doc: Document) -> list[Paragraph]:
    return list(doc.filter(Paragraph))


def check_invariants(doc: Document) -> None:
    """Lossless, in order, non-overlapping, children inside parents, parents linked."""
    text = doc.text
    assert (doc.start, doc.end) == (0, len(text))
    assert doc.dialect == "rendered"
    assert doc.children and isinstance(doc.children[0], Section)
    assert doc.children[0].level == 0 and doc.children[0].heading is None
    for node in doc.walk():
        assert 0 <= node.start <= node.end <= len(text)
        assert str(node) == text[node.start:node.end]
        if not isinstance(node, (Document, Section)):
            # no block or leaf span ends inside a "\r\n" line break (a lone "\r" is a
            # line break of its own, as "\n" is)
            assert not (str(node).endswith("\r") and text[node.end:node.end + 1] == "\n")
        prev_end = node.start
        for child in node.children:
            assert child.parent is node
            assert node.start <= child.start <= child.end <= node.end
            assert child.start >= prev_end, (node, child)
            prev_end = child.end
    for sec in sections(doc):
        if sec.heading is not None:
            assert sec.children[0] is sec.heading
            assert sec.start == sec.heading.start
            assert sec.level == 2 and sec.heading.level == 2
    for entry in doc.filter(ReferenceEntry):
        assert all(m.number == entry.number for m in entry.markers)


# ------------------------------------------------------------------- seed
@pytest.fixture(scope="module")
def seed() -> Document:
    return parse_rendered(SourceFile(SEED.read_text(encoding="utf-8"), str(SEED)))


def test_seed_invariants(seed: Document) -> None:
    check_invariants(seed)
    assert str(seed) == SEED.read_text(encoding="utf-8")


def test_seed_title_and_chrome(seed: Document) -> None:
    assert seed.title == "Mujahideen-e Khalq"
    lead = sections(seed)[0]
    texts = [c for c in lead.children if isinstance(c, Text)]
    assert [str(t) for t in texts] == [
        "Mujahideen-e Khalq",
        "From Powerbase",
        "Revision as of 20:57, 24 September 2010 by Jasmin Ramsey (talk | contribs)",
        "Jump to: navigation, search",
    ]
    assert [pos(seed, t) for t in texts] == [(1, 1), (3, 1), (4, 1), (5, 1)]
    # Title and chrome are never inside a paragraph.
    for para in paragraphs(seed):
        assert "Powerbase" not in str(para)
        assert "Jump to" not in str(para)


def test_seed_sections_and_headings(seed: Document) -> None:
    secs = sections(seed)
    assert len(secs) == 3
    assert secs[0].heading is None and secs[0].level == 0
    assert [heading_text(s) for s in secs[1:]] == ["Support from Progressives", "Related Links"]
    assert [pos(seed, s.heading) for s in secs[1:] if s.heading] == [(14, 1), (18, 1)]
    for sec in secs[1:]:
        assert sec.heading is not None
        assert str(sec.heading) == heading_text(sec)  # span is the heading text only
        assert isinstance(sec.heading.title[0], Text)


def test_seed_paragraphs(seed: Document) -> None:
    paras = paragraphs(seed)
    assert [pos(seed, p) for p in paras] == [(7, 1), (9, 1), (12, 1), (16, 1)]
    assert str(paras[1]) == (
        "Other Names for MEK include The National Liberation Army of Iran Muslim Iranian "
        "Student's Society."
    )
    assert seed.source.line_col(paras[0].end) == (7, 367)


def test_seed_truncated_sentence_is_a_paragraph(seed: Document) -> None:
    para = next(p for p in paragraphs(seed) if str(p) == "Even though the MEK has")
    assert pos(seed, para) == (16, 1)
    sec = para.section
    assert sec is not None and heading_text(sec) == "Support from Progressives"
    assert list(sec.body) == [para]


def test_seed_related_links_has_no_blocks(seed: Document) -> None:
    sec = sections(seed)[2]
    assert heading_text(sec) == "Related Links"
    blocks = [c for c in sec.body if not isinstance(c, ReferenceList)]
    assert blocks == []
    assert not any(isinstance(c, Paragraph) for c in sec.children)


def test_seed_citation_markers(seed: Document) -> None:
    markers = list(seed.filter(CitationMarker))
    assert [(m.number, pos(seed, m)) for m in markers] == [
        (1, (7, 187)),
        (2, (7, 215)),
        (3, (7, 218)),
        (4, (7, 364)),
        (5, (12, 940)),
    ]
    assert all(str(m) == f"[{m.number}]" for m in markers)
    assert all(isinstance(m.parent, Paragraph) for m in markers)


def test_seed_reference_list(seed: Document) -> None:
    lists = list(seed.filter(ReferenceList))
    assert len(lists) == 1
    reflist = lists[0]
    assert not isinstance(reflist, Paragraph)
    assert reflist.ancestor(Paragraph) is None
    assert reflist.parent is sections(seed)[-1]
    assert pos(seed, reflist) == (21, 3)
    entries = list(reflist.children)
    assert all(isinstance(e, ReferenceEntry) for e in entries)
    got = [(e.number, pos(seed, e), str(e)) for e in entries if isinstance(e, ReferenceEntry)]
    assert got == [
        (1, (21, 6), "'Mujahedin-e Khalq Organization',"),
        (2, (22, 6), ('Rostam Pourzal, "MEK Tricks US Progressives, Gains Legitimacy", '
                      "Monthly Review, 26 May 2006")),
        (3, (23, 6), ('Department of State, "Citation: 373 F.3d 152", FTP Resource, '
                      "accessed on 24 September 2010")),
        (4, (24, 6), ("Claude Salhani, 'Analysis: Israel 'Can Destroy' Iran Nukes', "
                      "Space War, 11 January, 2006. (Accessed 3 April, 2009)")),
        (5, (25, 6), ('MIPT, "Mujahedin-e-Khalq (MeK) Group Profile", MIPT Terrorism '
                      "Knowledgebase, accessed on 24 September 2010")),
    ]
    for entry in entries:
        assert isinstance(entry, ReferenceEntry)
        assert len(entry.children) == 1 and isinstance(entry.children[0], Text)
        assert str(entry.children[0]) == str(entry)


def test_seed_markers_linked_to_entries(seed: Document) -> None:
    markers = {m.number: m for m in seed.filter(CitationMarker)}
    for entry in seed.filter(ReferenceEntry):
        assert entry.markers == (markers[entry.number],)
        assert entry.markers[0].number == entry.number


# -------------------------------------------------------------- synthetic
def test_empty_input() -> None:
    doc = parse("")
    check_invariants(doc)
    assert doc.title is None
    assert len(doc.children) == 1
    assert doc.children[0].children == ()


@pytest.mark.parametrize("text", [" ", "\n", "\r\n\r\n", "\n\n\n", "\t \n  \n"])
def test_blank_inputs(text: str) -> None:
    doc = parse(text)
    check_invariants(doc)
    assert doc.title is None
    assert paragraphs(doc) == []


def test_only_chrome() -> None:
    doc = parse("From Powerbase\nJump to: navigation, search\n")
    check_invariants(doc)
    assert doc.title is None
    assert paragraphs(doc) == []
    assert [str(c) for c in doc.children[0].children] == [
        "From Powerbase", "Jump to: navigation, search"]


def test_title_and_chrome_only() -> None:
    doc = parse("Some Page\n\nFrom Wikipedia, the free encyclopedia\n")
    check_invariants(doc)
    assert doc.title == "Some Page"
    assert paragraphs(doc) == []
    assert len(sections(doc)) == 1


def test_crlf_line_endings() -> None:
    text = ("Title\r\n\r\nFrom Powerbase\r\n\r\nFirst paragraph.[1]\r\n\r\nHistory\r\n\r\n"
            "Second paragraph\r\ncontinues here.\r\n\r\n  1. A source\r\n")
    doc = parse(text)
    check_invariants(doc)
    assert doc.title == "Title"
    paras = paragraphs(doc)
    assert [str(p) for p in paras] == [
        "First paragraph.[1]", "Second paragraph\r\ncontinues here."]
    secs = sections(doc)
    assert [heading_text(s) for s in secs[1:]] == ["History"]
    assert secs[1].heading is not None and str(secs[1].heading) == "History"
    entries = list(doc.filter(ReferenceEntry))
    assert [(e.number, str(e)) for e in entries] == [(1, "A source")]
    assert len(entries[0].markers) == 1
    for node in doc.walk():
        if not isinstance(node, (Document, Section)):
            assert "\r" not in str(node)[-1:]


def test_no_chrome() -> None:
    doc = parse("A Title\n\nThe text of the page.\n\nBackground\n\nMore text here.\n")
    check_invariants(doc)
    assert doc.title == "A Title"
    assert [heading_text(s) for s in sections(doc)[1:]] == ["Background"]
    assert [pos(doc, p) for p in paragraphs(doc)] == [(3, 1), (7, 1)]


def test_heading_at_end_of_file() -> None:
    doc = parse("Title\n\nSome text.\n\nSee also")
    check_invariants(doc)
    last = sections(doc)[-1]
    assert heading_text(last) == "See also"
    assert pos(doc, last) == (5, 1)
    assert last.body == ()
    assert (last.start, last.end) == (last.heading.start, last.heading.end)  # type: ignore[union-attr]


@pytest.mark.parametrize("bracket", ["[citation needed]", "[a]", "[note 1]", "[]", "[1a]", "[ 1]"])
def test_non_numeric_brackets_are_not_markers(bracket: str) -> None:
    doc = parse(f"Title\n\nA claim.{bracket} Another claim.[2]\n")
    check_invariants(doc)
    markers = list(doc.filter(CitationMarker))
    assert [m.number for m in markers] == [2]
    para = paragraphs(doc)[0]
    assert bracket in "".join(str(c) for c in para.children if isinstance(c, Text))


def test_no_blank_lines_is_one_paragraph() -> None:
    doc = parse("Title\nline one\nline two\nline three.")
    check_invariants(doc)
    assert doc.title is None
    assert len(paragraphs(doc)) == 1
    assert str(paragraphs(doc)[0]) == "Title\nline one\nline two\nline three."


def test_heading_needs_blank_lines_around() -> None:
    doc = parse("Title\n\nSome text.\nHistory\nmore text.\n")
    check_invariants(doc)
    assert len(sections(doc)) == 1
    assert len(paragraphs(doc)) == 1


def test_heading_with_edit_link() -> None:
    doc = parse("Title\n\nLead text.\n\nEarly life[edit]\n\nBorn in 1950.\n")
    check_invariants(doc)
    sec = sections(doc)[1]
    assert heading_text(sec) == "Early life"
    assert str(sec.heading) == "Early life[edit]"


def test_references_heading_directly_before_list() -> None:
    doc = parse("Title\n\nText.[1][2]\n\nReferences\n1. First.\n2. Second.\n")
    check_invariants(doc)
    last = sections(doc)[-1]
    assert heading_text(last) == "References"
    reflist = next(doc.filter(ReferenceList))
    assert reflist.parent is last
    assert [(e.number, len(e.markers)) for e in doc.filter(ReferenceEntry)] == [(1, 1), (2, 1)]


def test_caret_reference_list() -> None:
    doc = parse("Title\n\nText.[1] More.[2]\n\nNotes\n\n^ One.\n^ a b Two.\n")
    check_invariants(doc)
    entries = list(doc.filter(ReferenceEntry))
    assert [(e.number, str(e)) for e in entries] == [(1, "One."), (2, "Two.")]


def test_numbered_entries_with_back_links() -> None:
    doc = parse("Title\n\nText.[1][2]\n\nReferences[edit]\n\n"
                "    1. ^ a b Whittaker (1955).\n    2. ^ Yang (2013).\n")
    check_invariants(doc)
    entries = list(doc.filter(ReferenceEntry))
    assert [(e.number, str(e)) for e in entries] == [(1, "Whittaker (1955)."), (2, "Yang (2013).")]
    assert pos(doc, entries[0]) == (7, 14)


def test_numbered_lines_in_body_are_paragraphs() -> None:
    doc = parse("Title\n\n1. First step.\n2. Second step.\n\nAfter that, done.\n")
    check_invariants(doc)
    assert list(doc.filter(ReferenceList)) == []
    assert len(paragraphs(doc)) == 2


def test_lone_year_line_is_not_a_reference_list() -> None:
    doc = parse("Title\n\nThe war ended in\n\n1945. Peace followed.\n")
    check_invariants(doc)
    assert list(doc.filter(ReferenceList)) == []


def test_reference_numbering_must_be_consecutive() -> None:
    doc = parse("Title\n\nText.[1]\n\n7. Odd line.\n1. First.\n2. Second.\n")
    check_invariants(doc)
    assert [e.number for e in doc.filter(ReferenceEntry)] == [1, 2]
    assert "7. Odd line." in [str(p) for p in paragraphs(doc)]


def test_footer_chrome_is_not_prose() -> None:
    doc = parse("Title\n\nText.[1]\n\n1. A source.\n\n"
                'Retrieved from "http://example.org/index.php?title=Title"\n'
                "Categories: People | Places\n")
    check_invariants(doc)
    assert [str(p) for p in paragraphs(doc)] == ["Text.[1]"]
    assert [e.number for e in doc.filter(ReferenceEntry)] == [1]
    last = sections(doc)[-1]
    assert isinstance(last.children[-1], Text)
    assert str(last.children[-1]) == "Categories: People | Places"


def test_title_with_period_when_chrome_follows() -> None:
    doc = parse("Washington, D.C.\nFrom Wikipedia, the free encyclopedia\n\nThe capital.\n")
    check_invariants(doc)
    assert doc.title == "Washington, D.C."
    assert [str(p) for p in paragraphs(doc)] == ["The capital."]


def test_first_line_sentence_is_not_a_title() -> None:
    doc = parse("This page is about something.\n\nMore text.\n")
    check_invariants(doc)
    assert doc.title is None
    assert len(paragraphs(doc)) == 2


@pytest.mark.parametrize("line", [
    "Support from Progressives", "Related Links", "History", "Early life and career",
    "2010s", "Events in May", "Let It Be", "Part A", "iPhone models", "Reception (2010)",
    "Album \"Thriller\"", "Жизнь и творчество",
])
def test_heading_lines(line: str) -> None:
    assert is_heading_line(line)


@pytest.mark.parametrize("line", [
    "Even though the MEK has", "The group was founded by", "It is one of the",
    "Some results and", "This is a sentence.", "Is it true?", "Note:", "He said \"no.\"",
    "and then it went on", "A claim[1]", "", "* * *",
    "One two three four five six seven eight nine ten eleven",
    "x" * 81, "Because of the", "Plans that",
])
def test_not_heading_lines(line: str) -> None:
    assert not is_heading_line(line)


def test_binary_junk_does_not_raise() -> None:
    junk = "".join(chr(c) for c in range(0x250)) + "\ud800\x00[9]\r\r\n\x0c\u2028[1]\n"
    doc = parse(junk * 3)
    check_invariants(doc)


def test_huge_number_in_brackets() -> None:
    doc = parse("Title\n\nText [" + "9" * 5000 + "] end.[3]\n\n" + "9" * 5000 + ". x\n")
    check_invariants(doc)
    assert [m.number for m in doc.filter(CitationMarker)] == [3]


def test_large_inputs_are_fast() -> None:
    big_line = ("word [1] " * 120_000)[:1_000_000]
    many_lines = "Heading\n\nShort line.[2]\n\n" * 50_000
    for text in (big_line, many_lines, "\n" * 1_000_000, "1. x\n" * 100_000):
        started = time.perf_counter()
        doc = parse(text)
        assert time.perf_counter() - started < 10
        assert str(doc) == text


def test_many_lines_shape() -> None:
    doc = parse("Title\n\n" + "Heading\n\nShort line.[2]\n\n" * 100)
    check_invariants(doc)
    assert len(sections(doc)) == 101
    assert len(list(doc.filter(Heading))) == 100


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "", " ", "Title", "From Powerbase", "Jump to: navigation, search", "History",
    "Even though the MEK has", "A sentence.[1]", "x[2][3] y", "  1. Ref one", "2. Ref two",
    "^ caret", "References", "History[edit]", "Categories: A", "\r", "[a]", "7.",
]), max_size=25), st.sampled_from(["\n", "\r\n"]))
def test_fuzz_structured(lines: list[str], newline: str) -> None:
    check_invariants(parse(newline.join(lines)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300)
       | st.text(alphabet="ab .[]1^\n\r\t:", max_size=300))
def test_fuzz_text(text: str) -> None:
    check_invariants(parse(text))
