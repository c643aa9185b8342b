"""``parse(text)``: wikitext or rendered text to a lossless document tree."""

from __future__ import annotations

import gc

from wikilint.syntax.blocks import build_blocks, build_sections, html_tag_problems
from wikilint.syntax.dialects import DIALECTS
from wikilint.syntax.nodes import (
    Argument,
    BadMarkup,
    Comment,
    Document,
    MarkupProblem,
    Table,
    Tag,
    Template,
    link_parents,
)
from wikilint.syntax.scanner import grammar
from wikilint.syntax.source import SourceFile
from wikilint.syntax.vocabulary import OPTIONAL_CLOSE_TAGS, VOID_TAGS

__all__ = ["parse", "parse_source", "DIALECTS"]



def parse(text: str, dialect: str = "wikitext", path: str = "<string>") -> Document:
    """Parse ``text`` into a :class:`Document`; never raises on any string."""
    return parse_source(SourceFile(text, path), dialect)


def parse_source(source: SourceFile, dialect: str = "wikitext") -> Document:
    """Parse a :class:`SourceFile`; ``dialect`` is ``wikitext`` or ``rendered``."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r} (expected one of {', '.join(DIALECTS)})")
    # A parse allocates hundreds of thousands of nodes and frees almost nothing, so
    # each pass of the cyclic collector would rescan the growing tree (measured: 10%
    # of the time on the corpus, 58% on a 5 MB page); the parse makes no garbage
    # cycles, so the collector pauses until the tree is built.
    enabled = gc.isenabled()
    gc.disable()
    try:
        if dialect == "rendered":
            from wikilint.syntax.rendered import parse_rendered

            return parse_rendered(source)
        return _parse_wikitext(source, dialect)
    finally:
        if enabled:
            gc.enable()


def _parse_wikitext(source: SourceFile, dialect: str) -> Document:
    text = source.text
    top = grammar().parse_top(text)
    html_tag_problems(top)
    blocks = build_blocks(text, top)
    sections = build_sections(text, blocks)
    doc = Document(source, tuple(sections), dialect)
    link_parents(doc)
    doc.problems = tuple(_problems(doc))
    return doc


def _problems(doc: Document) -> list[MarkupProblem]:
    """What the parser could not pair, in source order (one pass over the node index)."""
    found: list[MarkupProblem] = []
    index = doc.index
    order, ends = index.order, index.ends
    i, n = 0, len(order)
    while i < n:
        node = order[i]
        match node:
            case BadMarkup():
                found.append(MarkupProblem(node.kind, node.markup, node.start, node.end))
            case Comment(closed=False):
                found.append(MarkupProblem("unclosed", "<!--", node.start, node.start + 4))
            case Table(closed=False):
                found.append(MarkupProblem("unclosed", "{|", node.start, node.start + 2))
            case Tag(contents=None, self_closing=False, closed=False) \
                    if node.name not in VOID_TAGS and node.name not in OPTIONAL_CLOSE_TAGS:
                kind = "stray" if node.closing else "unclosed"
                markup = f"</{node.name}>" if node.closing else f"<{node.name}>"
                found.append(MarkupProblem(kind, markup, node.start, node.end))
            case Template() | Argument():
                # templates legitimately hold fragments of tables and tags; only their
                # own braces are checked (above), last first as the stack took them
                end = ends[i]
                for inner in reversed(order[i + 1:end]):
                    if isinstance(inner, BadMarkup):
                        found.append(MarkupProblem(inner.kind, inner.markup, inner.start,
                                                   inner.end))
                i = end
                continue
        i += 1
    found.sort(key=lambda p: (p.start, p.end))
    return found
