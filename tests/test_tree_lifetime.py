"""A page's tree and lint result hold no reference cycles: they are freed by reference
counting as soon as they are dropped, so the cyclic collector never has to scan them
(its passes over live trees were a fifth of the lint time on the corpus)."""

from __future__ import annotations

import gc
import weakref

import wikilint
from wikilint.lint.pipeline import lint_string
from wikilint.rules.registry import default_rules
from wikilint.syntax.nodes import Document, Section, Template, Wikilink

PAGE = """Lead with {{lang|fr|''mot''}} and [[Link|text]], "unclosed.
== History ==
Old <!-- note --> text.<ref name="a">{{cite book |title=T |year=1900}}</ref>
<ref>{{cite web |url=http://x.org |title=Y}}</ref> He said ‘hi.
=== Early ===
[[File:X.jpg|thumb|A [[cap]]]] &amp; __NOTOC__ (open
== Notes ==
{{reflist}}
"""


def _freed_without_collector(make) -> bool:
    enabled = gc.isenabled()
    gc.disable()
    try:
        probe = make()
        return probe() is None
    finally:
        if enabled:
            gc.enable()


def test_parsed_tree_is_freed_by_reference_counting() -> None:
    def make():
        doc = wikilint.parse(PAGE)
        list(doc.walk())  # builds the page's node index
        assert next(doc.filter(Wikilink)).parent is not None
        return weakref.ref(doc)

    assert _freed_without_collector(make)


def test_linted_page_is_freed_by_reference_counting() -> None:
    rules = default_rules()

    def make():
        result = lint_string(PAGE, rules)
        assert result.findings
        return weakref.ref(result.doc)

    assert _freed_without_collector(make)


def test_parents_while_the_document_lives() -> None:
    doc = wikilint.parse(PAGE)
    template = next(t for t in doc.filter(Template) if t.name_text == "cite book")
    assert template.document is doc
    assert isinstance(template.section, Section)
    assert [type(n).__name__ for n in template.ancestors()][-1] == "Document"
    assert list(doc.walk())[0] is doc
    assert next(doc.filter(Document)) is doc
    assert doc.parent is None


def test_a_cached_dispatch_table_keeps_every_rule_of_its_set_alive() -> None:
    """The engine caches dispatch tables by the ids of a run's rules.  A rule that
    visits no node (a document check) must stay alive with the entry too: freed, its
    address could go to a new rule that visits paragraphs, whose set would then get
    the cached table without it and never run (seen as cases of peacock-terms finding
    nothing, depending on the order earlier cases had allocated in)."""
    from wikilint.lint.engine import _dispatch_table
    from wikilint.rules.registry import rule_by_key

    visiting = rule_by_key("peacock-terms")()  # type: ignore[misc]
    document_only = rule_by_key("WL901")()  # type: ignore[misc]
    assert not document_only.visits and visiting.visits
    table = _dispatch_table([visiting, document_only])
    probe = weakref.ref(document_only)
    del document_only
    gc.collect()
    assert probe() is not None, "the cached entry let a rule of its set be freed"
    assert any(visiting in wanted for wanted in table.values())
