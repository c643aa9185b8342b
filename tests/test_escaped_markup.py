"""A page saved HTML-escaped: one WL102 finding, the other rules read it as meant."""

from __future__ import annotations

import wikilint
from wikilint.analysis.escaped import decode, escaped_markup

# As issue 8 found it: a biography whose markup was saved escaped.
PAGE = (
    "'''Alain Delon''' is an actor.&lt;ref name=&quot;alain&quot;&gt;{{cite web |title=Alain "
    "Delon |url=http://x.org}}&lt;/ref&gt; He was born in 1935.&lt;ref name=&quot;b&quot;&gt;"
    "{{cite book |title=Delon |date=2001}}&lt;/ref&gt;\n\n"
    "== Career ==\n"
    "He starred in ''Le Samouraï'' (1967).&lt;ref name=&quot;alain&quot; /&gt; "
    "&lt;span style=&quot;color:red&quot;&gt;(red)&lt;/span&gt; He was 'Le Samouraï'.\n"
)


def _findings(text: str) -> list[tuple[str, int, int, str]]:
    return [(f.rule, f.line, f.column, text[f.start:f.end])
            for f in wikilint.lint_text(text, path="Delon.wiki")]


def test_one_finding_for_the_escaping_and_no_cascade() -> None:
    found = _findings(PAGE)
    assert [f for f in found if f[0] == "escaped-markup"] == [
        ("escaped-markup", 1, 31, "&lt;ref name=&quot;alain&quot;&gt;")]
    assert not [f for f in found if f[0] in ("unbalanced-quotes", "unbalanced-brackets",
                                             "unclosed-formatting", "unclosed-markup")]


def test_citations_inside_escaped_refs_are_checked_at_their_place() -> None:
    undated = [f for f in _findings(PAGE) if f[0] == "undated-citation"]
    assert len(undated) == 1
    rule, line, column, shown = undated[0]
    assert (line, column) == (1, 31) and "{{cite web |title=Alain" in shown


def test_a_real_defect_in_an_escaped_page_is_still_found_at_its_source_offset() -> None:
    text = PAGE.replace("He was 'Le Samouraï'.", "He said &quot;I am an actor.")
    quotes = [f for f in _findings(text) if f[0] == "unbalanced-quotes"]
    assert quotes == [("unbalanced-quotes", 4, text.splitlines()[3].index("&quot;I") + 1,
                       "&quot;")]


def test_findings_of_the_page_as_meant_carry_no_fix() -> None:
    text = PAGE + "It is ''very old.\n"
    found = wikilint.lint_text(text, path="Delon.wiki")
    italic = [f for f in found if f.rule == "unclosed-formatting"]
    assert italic and all(f.fix is None for f in italic)


def test_ordinary_pages_are_not_escaped() -> None:
    assert escaped_markup("x &lt; y and the element &lt;p&gt; and 'A'.") is None
    assert escaped_markup("<ref name=\"a\">x</ref>") is None
    assert escaped_markup("<pre>&lt;ref&gt;x&lt;/ref&gt;</pre>") is None


def test_offsets_map_back() -> None:
    page = escaped_markup(PAGE)
    assert page is not None
    assert decode(PAGE) == page.text
    i = page.text.index('<ref name="b">')
    j = i + len('<ref name="b">')
    assert PAGE[page.to_source(i):page.to_source(j)] == "&lt;ref name=&quot;b&quot;&gt;"
    assert page.to_source(len(page.text)) == len(PAGE)
