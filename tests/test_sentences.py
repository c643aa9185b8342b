"""Sentence splitting: abbreviations, initials, decimals, ellipses, quotations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikilint import parse
from wikilint.analysis.sentences import split_sentences
from wikilint.lint.rule import Context
from wikilint.syntax.nodes import Paragraph


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("It rained. We stayed in.", ["It rained.", "We stayed in."], id="plain"),
    pytest.param("Why? Because! Fine.", ["Why?", "Because!", "Fine."], id="question-exclamation"),
    pytest.param("Dr. Smith met Mr. Jones at St. Mary's.",
                 ["Dr. Smith met Mr. Jones at St. Mary's."], id="honorifics"),
    pytest.param("He met J. R. R. Tolkien. John F. Kennedy was there.",
                 ["He met J. R. R. Tolkien.", "John F. Kennedy was there."], id="initials"),
    pytest.param("Fruit, e.g. apples, i.e. food, cf. Smith et al. 2001.",
                 ["Fruit, e.g. apples, i.e. food, cf. Smith et al. 2001."], id="latin"),
    pytest.param("Pi is 3.14 and v1.2 is out. Next.", ["Pi is 3.14 and v1.2 is out.", "Next."],
                 id="decimals"),
    pytest.param("It was built c. 1900 (see No. 5, pp. 3–4) in Jan. 1901. Then it burned.",
                 ["It was built c. 1900 (see No. 5, pp. 3–4) in Jan. 1901.", "Then it burned."],
                 id="before-numbers"),
    pytest.param("He lived in the U.S. The house was sold.",
                 ["He lived in the U.S.", "The house was sold."], id="dotted-acronym-ends"),
    pytest.param("The U.S. Army came.", ["The U.S. Army came."], id="dotted-acronym-inside"),
    pytest.param("Wait... and see. He left… Then he came back.",
                 ["Wait... and see.", "He left…", "Then he came back."], id="ellipses"),
    pytest.param('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."],
                 id="quote-after-period"),
    pytest.param('"Why?" he asked. (It was late.) She slept.',
                 ['"Why?" he asked.', "(It was late.)", "She slept."], id="quote-then-lowercase"),
    pytest.param("Bread, milk, etc. The shop closed.", ["Bread, milk, etc.", "The shop closed."],
                 id="etc-ends"),
    pytest.param("Er kam am 3. Oktober 1990 an. Im 19. Jahrhundert war es anders.",
                 ["Er kam am 3. Oktober 1990 an.", "Im 19. Jahrhundert war es anders."],
                 id="german-ordinals"),
    pytest.param("Das ist z. B. gut, u. a. bzw. usw. Er geht.",
                 ["Das ist z. B. gut, u. a. bzw. usw.", "Er geht."], id="german-abbreviations"),
    pytest.param("Even though the MEK has", ["Even though the MEK has"], id="unterminated"),
    pytest.param("  Spaces around.   Here  ", ["Spaces around.", "Here"], id="whitespace"),
    pytest.param("", [], id="empty"),
    pytest.param("   \n ", [], id="blank"),
])
def test_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_placeholder_starts_a_sentence() -> None:
    assert sentences("It is far. \ufffc is the unit.") == ["It is far.", "\ufffc is the unit."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.!?…\"')(\n0 1e.g")), max_size=80))
def test_spans_cover_every_non_space_character_once(text: str) -> None:
    spans = split_sentences(text)
    covered = [False] * len(text)
    last_end = 0
    for start, end in spans:
        assert last_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        for i in range(start, end):
            covered[i] = True
        last_end = end
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))


def test_context_sentences_work_on_prose() -> None:
    doc = parse("Dr. Smith came.<ref>Jones, p. 4.</ref> He left [[Paris|the city]] at 5 p.m. "
                "on Monday.\n")
    ctx = Context(doc, "<test>")
    par = next(doc.filter(Paragraph))
    text = ctx.prose(par).text
    assert [text[a:b] for a, b in ctx.sentences(par)] == [
        "Dr. Smith came.", "He left the city at 5 p.m. on Monday."]
