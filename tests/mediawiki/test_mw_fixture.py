"""The throwaway MediaWiki itself: it parses, saves pages and serves extracts."""

from __future__ import annotations


def test_parse_uses_cite_and_sections(mediawiki):
    parsed = mediawiki.parse("== Head ==\nText<ref>Note ''one''</ref>\n<references />")
    assert [(s["level"], s["line"]) for s in parsed["sections"]] == [("2", "Head")]
    assert 'class="reference-text">Note <i>one</i></span>' in parsed["text"]


def test_parser_functions_and_stub_tags(mediawiki):
    html = mediawiki.parse("{{#if: x | yes | no }} <math>a<b</math>", prop="text")["text"]
    assert "yes" in html and "no" not in html
    assert "a&lt;b" in html  # a stub extension tag: contents shown as text


def test_saved_page_has_an_extract(mediawiki):
    mediawiki.edit("Fixture check", "Some ''text''.\n\n== Part ==\nMore.")
    pages = mediawiki.api(action="query", prop="extracts|revisions", titles="Fixture check",
                          explaintext="1", rvprop="content", rvslots="main")["query"]["pages"]
    assert pages[0]["revisions"][0]["slots"]["main"]["content"].startswith("Some ''text''.")
    assert "Some text." in pages[0]["extract"] and "Part" in pages[0]["extract"]
