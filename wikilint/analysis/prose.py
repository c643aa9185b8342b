"""The prose of a block as an editor reads it, with a map back to the source.

Editorial rules (quotes, brackets, incomplete sentences) look at running
text, not markup.  :func:`prose_of` turns a paragraph, list item, cell,
heading or citation into plain text:

* link text is kept (``[[Target|text]]`` gives ``text``), formatting and
  inline HTML tags are unwrapped, entities are decoded;
* ``<ref>``, comments, categories, images, behaviour switches and inline
  maintenance templates (``{{citation needed}}``, ``{{sfn}}``) are removed;
* every other template, ``<math>``, ``<code>``, ``<nowiki>``, bare URLs and
  numbered external links become one OBJECT REPLACEMENT CHARACTER
  (:data:`PLACEHOLDER`), so rules know something stood there without
  seeing its markup.

:class:`Prose` maps each prose offset back to a source offset.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from wikilint.analysis.wordlists import template_lists
from wikilint.syntax.nodes import (
    Argument,
    Bold,
    CitationMarker,
    Comment,
    ExternalLink,
    HTMLEntity,
    Italic,
    LineBreak,
    MagicWord,
    Node,
    Parameter,
    Signature,
    Table,
    Tag,
    Template,
    Text,
    Wikilink,
)
from wikilint.syntax.vocabulary import CODE_TAGS, HIDDEN_TAGS

__all__ = ["Prose", "prose_of", "plain_text", "PLACEHOLDER"]

PLACEHOLDER = "\ufffc"



class Prose:
    """Plain text plus a piecewise map from prose offsets to source offsets."""

    __slots__ = ("text", "_pstarts", "_sstarts", "_exact", "_send", "node")

    def __init__(self, text: str, pstarts: list[int], sstarts: list[int], exact: list[bool],
                 send: list[int], node: Node | None = None):
        self.text = text
        self._pstarts = pstarts  # prose offset where each segment starts
        self._sstarts = sstarts  # source offset where each segment starts
        self._exact = exact      # True: the segment is a verbatim copy of the source
        self._send = send        # source offset where each segment ends
        self.node = node

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<Prose {self.text[:40]!r}>"

    def to_source(self, i: int) -> int:
        """Source offset of the prose character at ``i`` (``len(text)``: the end)."""
        if not self._pstarts:
            return self.node.start if self.node is not None else 0
        if i >= len(self.text):
            return self._send[-1]
        k = bisect_right(self._pstarts, i) - 1
        if k < 0:
            return self._sstarts[0]
        if self._exact[k]:
            return self._sstarts[k] + (i - self._pstarts[k])
        return self._sstarts[k]

    def to_source_end(self, j: int) -> int:
        """Source offset just after the prose character at ``j - 1``."""
        if j <= 0:
            return self.to_source(0)
        k = bisect_right(self._pstarts, j - 1) - 1
        if k < 0:
            return self._sstarts[0]
        if self._exact[k]:
            return self._sstarts[k] + (j - self._pstarts[k])
        return self._send[k]

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Source span of prose ``text[i:j]``."""
        return self.to_source(i), self.to_source_end(j)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pstarts: list[int] = []
        self.sstarts: list[int] = []
        self.exact: list[bool] = []
        self.send: list[int] = []
        self.length = 0
        lists = template_lists()
        self.removed_templates = lists.removed
        self.text_templates = lists.text
        self.char_templates = lists.chars

    def add(self, text: str, start: int, end: int, exact: bool) -> None:
        if not text:
            return
        self.parts.append(text)
        self.pstarts.append(self.length)
        self.sstarts.append(start)
        self.exact.append(exact)
        self.send.append(end)
        self.length += len(text)

    def placeholder(self, node: Node) -> None:
        self.add(PLACEHOLDER, node.start, node.end, False)

    def nodes(self, nodes: Iterable[Node]) -> None:
        for node in nodes:
            self.node(node)

    def node(self, node: Node) -> None:  # noqa: C901 (a dispatch table)
        t = type(node)
        if t is Text or t is LineBreak or isinstance(node, Text):
            self.add(str(node), node.start, node.end, True)
        elif t is Bold or t is Italic:
            self.nodes(node.children)
        elif t is Wikilink:
            link: Wikilink = node  # type: ignore[assignment]
            if link.is_media or link.is_category or _is_interwiki(link):
                return
            if link.parts:
                self.nodes(link.parts[-1])
            else:
                title = link.title
                if title and type(title[0]) is Text and str(title[0]).startswith(":"):
                    first = title[0]
                    self.add(str(first)[1:], first.start + 1, first.end, True)
                    self.nodes(title[1:])
                else:
                    self.nodes(title)
        elif t is Template:
            self.template(node)  # type: ignore[arg-type]
        elif t is Tag:
            tag: Tag = node  # type: ignore[assignment]
            name = tag.name
            if name in HIDDEN_TAGS or tag.closing:
                return
            if name in CODE_TAGS:
                self.placeholder(node)
            elif name == "br":
                self.add(" ", node.start, node.end, False)
            elif tag.contents:
                self.nodes(tag.contents)
        elif t is HTMLEntity:
            self.add(node.value, node.start, node.end, False)  # type: ignore[attr-defined]
        elif t is ExternalLink:
            ext: ExternalLink = node  # type: ignore[assignment]
            if ext.title:
                self.nodes(ext.title)
            else:
                self.placeholder(node)
        elif t is Comment or t is MagicWord or t is CitationMarker or t is Signature:
            return
        elif t is Argument:
            self.placeholder(node)
        elif t is Table:
            return
        else:
            self.nodes(node.children)

    def template(self, tpl: Template) -> None:
        name = tpl.normalized_name
        if name in self.removed_templates:
            return
        char = self.char_templates.get(name)
        if char is not None:
            self.add(char, tpl.start, tpl.end, False)
            return
        which = self.text_templates.get(name)
        if which is None and name.startswith("lang-"):
            which = 1
        if which is not None:
            param = _positional(tpl.params, which)
            if param is not None:
                self.nodes(param.value)
                return
        self.placeholder(tpl)

    def build(self, node: Node | None) -> Prose:
        return Prose("".join(self.parts), self.pstarts, self.sstarts, self.exact, self.send, node)


def _positional(params: tuple[Parameter, ...], which: int) -> Parameter | None:
    if which < 0:  # the last positional parameter
        found = None
        for p in params:
            if p.index is not None:
                found = p
        return found
    for p in params:
        if p.index == which:
            return p
    return None


# Interwiki prefixes whose links show in the text (unlike interlanguage links).
_VISIBLE_INTERWIKI = frozenset("""w s q b n v m d c wikt wikipedia wiktionary wikiquote
wikisource wikibooks wikinews wikiversity wikivoyage wikidata commons meta species mw
mediawikiwiki foundation incubator outreach phab phabricator""".split())
_LANGUAGE_CODE_RE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,2}|simple")


def _is_interwiki(link: Wikilink) -> bool:
    """An interlanguage link (``[[de:Aal]]``): shown in the sidebar, not in the text.

    Interwiki links with display text (``[[w:Saint Dominic|St Dominic]]``) and
    project prefixes (``[[wikt:word]]``) are visible and keep their text.
    """
    if link.parts or link.title_text.startswith(":"):
        return False
    ns = link.namespace
    return bool(ns) and ns not in _VISIBLE_INTERWIKI and _LANGUAGE_CODE_RE.fullmatch(ns) is not None


def prose_of(node: Node) -> Prose:
    """The prose of ``node``'s children (a paragraph, list item, cell, heading or tag)."""
    builder = _Builder()
    if isinstance(node, Tag) or isinstance(node, Template):
        builder.nodes(node.children)
    else:
        builder.nodes(node.children)
    return builder.build(node)


def prose_of_nodes(nodes: Iterable[Node]) -> Prose:
    builder = _Builder()
    builder.nodes(nodes)
    return builder.build(None)


def plain_text(nodes: Iterable[Node]) -> str:
    """The prose of some nodes as a string."""
    return prose_of_nodes(nodes).text
