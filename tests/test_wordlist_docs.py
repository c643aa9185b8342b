"""Every word a word-list rule's summary or docs quote as flagged is flagged.

The summary and the first paragraph of "What it does" of peacock-terms and
weasel-words quote the words they flag ("legendary", "it is believed"); each
quoted word, put in a plain sentence in Wikipedia's voice, must give a
finding with exactly that word.  (The later paragraphs quote false friends
and words left out, which the YAML cases check.)
"""

from __future__ import annotations

import re

import pytest

import wikilint
from wikilint.output.docgen import section_text
from wikilint.rules.registry import builtin_rules

RULES = {r.name: r for r in builtin_rules() if r.name in ("peacock-terms", "weasel-words")}


def _quoted(rule: type) -> list[str]:
    first = section_text(rule.doc(), "What it does").strip().split("\n\n")[0]
    return re.findall(r'"([^"]+)"', rule.summary + " " + first)


CASES = [(name, word) for name, rule in sorted(RULES.items()) for word in _quoted(rule)]


def test_the_docs_quote_words() -> None:
    assert set(RULES) == {"peacock-terms", "weasel-words"}
    for name in RULES:
        assert len([w for n, w in CASES if n == name]) >= 5, name


@pytest.mark.parametrize("name, word", CASES, ids=[f"{n}:{w}" for n, w in CASES])
def test_quoted_word_is_flagged(name: str, word: str) -> None:
    if name == "peacock-terms":  # an adjective before a noun
        text = f"In 1900 the report said that the {word} town had an old bridge.\n"
    else:  # an attribution before a clause
        text = f"In 1900, {word} that the town had an old bridge.\n"
    found = [f for f in wikilint.lint_text(text, path="x.wiki", rules=[RULES[name]()])]
    assert [text[f.start:f.end] for f in found] == [word], (word, [f.message for f in found])
