"""Adversarial inputs: the parser never raises, never overflows the stack, stays near linear.

Each case is parsed once and checked for losslessness, sound spans and the
problems it must record.  The time limit is generous (a real blow-up, such
as backtracking over unclosed openers, takes minutes or hours here); the
speed targets themselves are measured by ``benchmarks/bench_parse.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

import wikilint
from wikilint.syntax.nodes import Document, Node, Table, TableCell, Template, Wikilink, tree_errors
from wikilint.syntax.vocabulary import MAX_DEPTH

# CPU seconds (not wall time: a loaded machine must not fail the test); the 5 MB page
# takes about 13 s, a real blow-up minutes or hours
LIMIT = 45.0
N = 100_000


def timed_parse(text: str) -> Document:
    start = time.process_time()
    doc = wikilint.parse(text)
    elapsed = time.process_time() - start
    assert elapsed < LIMIT, f"{elapsed:.1f} s for {len(text):,} characters"
    assert str(doc) == text
    assert tree_errors(doc, text) == []
    return doc


def depth(root: Node) -> int:
    deepest = 0
    stack = [(root, 0)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((c, d + 1) for c in node.children)
    return deepest


def count(markup: str) -> Callable[[Document], bool]:
    def check(doc: Document) -> bool:
        return sum(1 for p in doc.problems if p.markup == markup) == N
    return check


UNCLOSED: dict[str, tuple[str, Callable[[Document], bool]]] = {
    # opener: (page, what must be recorded)
    "{{": ("{{" * N, lambda d: [(p.markup, p.start, p.end) for p in d.problems]
           == [("{{", 0, 2 * N)]),  # one run of 2N braces
    "{{a|": ("{{a|" * N, count("{{")),
    "[[": ("[[a " * N, count("[[")),
    "{{{": ("{{{a " * N, count("{{")),
    "<ref>": ("<ref>" * N, count("<ref>")),
    "<!--": ("<!--" * N, lambda d: [(p.markup, p.start) for p in d.problems] == [("<!--", 0)]),
    "[http://x": ("[http://x " * N, lambda d: d.problems == ()),  # text and bare links
    "{|": ("{|\n" * N, lambda d: sum(p.markup == "{|" for p in d.problems) >= MAX_DEPTH),
    "''": ("''a " * N, lambda d: d.problems == ()),
    "<div>": ("<div>" * N, count("<div>")),
    "<nowiki>": ("<nowiki>" * N, count("<nowiki>")),
}


@pytest.mark.parametrize("opener", list(UNCLOSED))
def test_many_unclosed_openers(opener: str) -> None:
    text, expected = UNCLOSED[opener]
    doc = timed_parse(text)
    assert expected(doc), [p for p in doc.problems][:5]


@pytest.mark.parametrize("closer", ["}}", "]]", "</ref>", "</div>", "|}\n", "-->"])
def test_many_stray_closers(closer: str) -> None:
    doc = timed_parse(("x" + closer) * N)
    if closer in ("}}", "]]", "</ref>", "</div>"):
        assert len(doc.problems) == N
    else:
        assert doc.problems == ()  # text, as MediaWiki shows it


@pytest.mark.parametrize("opener,closer,cls", [
    ("{{a|", "}}", Template),
    ("[[File:a.jpg|", "]]", Wikilink),
    ("{|\n|\n", "|}\n", Table),
])
def test_ten_thousand_deep_nesting(opener: str, closer: str, cls: type[Node]) -> None:
    doc = timed_parse(opener * 10_000 + "x" + closer * 10_000)
    assert doc.problems == ()  # every bracket still pairs…
    nested = list(doc.filter(cls))
    assert MAX_DEPTH // 2 <= len(nested) <= MAX_DEPTH + 1  # …but deep ones stay text
    assert depth(doc) < 8 * MAX_DEPTH  # so recursive consumers are safe


def test_deep_html_and_extension_nesting() -> None:
    doc = timed_parse("<div>" * 10_000 + "x" + "</div>" * 10_000)
    assert doc.problems == () and depth(doc) < 8 * MAX_DEPTH
    doc = timed_parse("<ref>{{a|" * 5_000 + "}}</ref>" * 5_000)
    assert depth(doc) < 8 * MAX_DEPTH


def test_deep_unclosed_nesting_reports_every_opener() -> None:
    doc = timed_parse("{{a|" * 10_000)
    assert len(doc.problems) == 10_000


def test_brace_runs_past_max_depth_that_close_partly() -> None:
    # each '{{{{' run is closed by '}}}' (an argument) and leaves one '{' open
    doc = timed_parse("{{a|" * MAX_DEPTH + "{{{{x" * N + "}}" * (2 * N))
    # 3N braces close the runs, 2 * MAX_DEPTH the templates; the rest are stray pairs
    assert len(doc.problems) == (N - 2 * MAX_DEPTH) // 2
    assert {(p.kind, p.markup) for p in doc.problems} == {("stray", "}}")}


def test_cell_attributes_that_almost_parse() -> None:
    # 'a=ba=b… c |': a regular expression with a repeated group backtracks
    # exponentially here (22 repetitions took 29 s)
    doc = timed_parse("{|\n| " + "a=b" * N + " c | x\n|}")
    cell = next(doc.filter(TableCell))
    assert cell.attributes == ""  # not attributes: ' c' is no attribute


def test_table_line_with_many_cells() -> None:
    doc = timed_parse("{|\n! a" + " || b" * N + "\n|-\n| c" + " || d" * N + "\n|}")
    assert len(list(doc.filter(TableCell))) == 2 * N + 2


def test_one_megabyte_line() -> None:
    line = "The ''quick'' [[brown|fox]] {{jumps|over=the}} <ref>lazy</ref> dog http://d.org. " \
        * 12_500
    doc = timed_parse(line)
    assert len(line) >= 1_000_000 and doc.problems == ()
    assert len(list(doc.filter(Template))) == 12_500


def test_five_megabyte_page() -> None:
    block = ("== Section ==\n{{Infobox|a=1|b=[[c|d]]}}\n'''Bold''' text with a link to "
             "[[Somewhere]] and a citation.<ref>{{cite web|url=http://e.org|title=T}}</ref>\n"
             "* item [http://f.org g]\n{|\n! h !! i\n|-\n| j || k\n|}\n\n")
    page = block * (5_000_000 // len(block) + 1)
    doc = timed_parse(page)
    assert len(page) >= 5_000_000 and doc.problems == ()


def test_mixed_garbage() -> None:
    pieces = ["{{", "[[", "{{{", "<ref>", "<!--", "[http://x ", "{|", "''", "}}", "]]", "|",
              "\n", "</ref>", "-->", "|}", "=", "<div>", "'''"]
    text = "".join(pieces[(i * 7 + i // 3) % len(pieces)] for i in range(N))
    timed_parse(text)


def test_unpaired_quotes_and_brackets_in_one_huge_paragraph() -> None:
    timed_parse(("a'''b''c [ ] { } ( " * 50_000) + "\n")
