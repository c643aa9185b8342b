"""The prose of a block as an editor reads it, with a map back to the source.

Editorial rules (quotes, brackets, incomplete sentences) look at running
text, not markup.  :func:`prose_of` turns a paragraph, list item, cell,
heading or citation into plain text:

* link text is kept (``[[Target|text]]`` gives ``text``), formatting and
  inline HTML tags are unwrapped, entities are decoded;
* ``<ref>``, comments, categories, images, behaviour switches and inline
  maintenance templates (``{{citation needed}}``, ``{{sfn}}``) are removed;
* templates that show a parameter as text (``{{nowrap|…}}``, ``{{lang|fr|…}}``, the
  cleanup tags wrapped around the words they question, ``{{citation needed
  span|text=…}}``) give that parameter's prose;
* every other template, ``<math>``, ``<code>``, ``<nowiki>``, bare URLs and
  numbered external links become one OBJECT REPLACEMENT CHARACTER
  (:data:`PLACEHOLDER`), so rules know something stood there without
  seeing its markup.

:class:`Prose` maps each prose offset back to a source offset.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from wikilint.analysis.wordlists import template_lists
from wikilint.regex_cache import compile_cached
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


def _build(nodes: Iterable[Node], owner: Node | None) -> Prose:
    """The prose of ``nodes`` in order (one loop over a stack, not a call per node)."""
    lists = template_lists()
    removed_templates = lists.removed
    text_templates = lists.text
    char_templates = lists.chars
    parts: list[str] = []
    pstarts: list[int] = []
    sstarts: list[int] = []
    exact: list[bool] = []
    send: list[int] = []
    length = 0
    stack: list[Node] = list(nodes)
    stack.reverse()
    pop = stack.pop
    extend = stack.extend
    while stack:
        node = pop()
        t = type(node)
        # each branch leaves in (piece, start, end, is_exact) what to add, or recurses
        if t is Text or t is LineBreak or isinstance(node, Text):
            start = node.start
            end = node.end
            piece = node._src[start:end]
            is_exact = True
        elif t is Bold or t is Italic:
            extend(reversed(node.children))
            continue
        elif t is Wikilink:
            link: Wikilink = node  # type: ignore[assignment]
            if link.is_media or link.is_category or _is_interwiki(link):
                continue
            if link.parts:
                extend(reversed(link.parts[-1]))
                continue
            title = link.title
            if title and type(title[0]) is Text and str(title[0]).startswith(":"):
                first = title[0]
                extend(reversed(title[1:]))
                start = first.start + 1
                end = first.end
                piece = str(first)[1:]
                is_exact = True
            else:
                extend(reversed(title))
                continue
        elif t is Template:
            tpl: Template = node  # type: ignore[assignment]
            name = tpl.normalized_name
            if name in removed_templates:
                continue
            char = char_templates.get(name)
            start = node.start
            end = node.end
            is_exact = False
            if char is not None:
                piece = char
            else:
                keys = text_templates.get(name)
                if keys is None and name.startswith("lang-"):
                    keys = (1,)
                param = _shown(tpl.params, keys) if keys is not None else None
                if param is not None:
                    extend(reversed(param.value))
                    continue
                piece = PLACEHOLDER
        elif t is Tag:
            tag: Tag = node  # type: ignore[assignment]
            name = tag.name
            if name in HIDDEN_TAGS or tag.closing:
                continue
            start = node.start
            end = node.end
            is_exact = False
            if name in CODE_TAGS:
                piece = PLACEHOLDER
            elif name == "br":
                piece = " "
            else:
                if tag.contents:
                    extend(reversed(tag.contents))
                continue
        elif t is HTMLEntity:
            start = node.start
            end = node.end
            piece = node.value  # type: ignore[attr-defined]
            is_exact = False
        elif t is ExternalLink:
            ext: ExternalLink = node  # type: ignore[assignment]
            if ext.title:
                extend(reversed(ext.title))
                continue
            start = node.start
            end = node.end
            piece = PLACEHOLDER
            is_exact = False
        elif t is Comment or t is MagicWord or t is CitationMarker or t is Signature \
                or t is Table:
            continue
        elif t is Argument:
            start = node.start
            end = node.end
            piece = PLACEHOLDER
            is_exact = False
        else:
            extend(reversed(node.children))
            continue
        if piece:
            parts.append(piece)
            pstarts.append(length)
            sstarts.append(start)
            exact.append(is_exact)
            send.append(end)
            length += len(piece)
    return Prose("".join(parts), pstarts, sstarts, exact, send, owner)


def _shown(params: tuple[Parameter, ...], keys: tuple[int | str, ...]) -> Parameter | None:
    """The parameter a template shows: the first of ``keys`` it has (see
    :attr:`TemplateLists.text`)."""
    for key in keys:
        found = _positional(params, key) if isinstance(key, int) else _named(params, key)
        if found is not None:
            return found
    return None


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
    return _named(params, str(which))  # "|1=text": the positional parameter, named


def _named(params: tuple[Parameter, ...], name: str) -> Parameter | None:
    for p in params:
        if p.showkey and p.name_text == name:
            return p
    return None


# Interwiki prefixes whose links show in the text (unlike interlanguage links).
_VISIBLE_INTERWIKI = frozenset("""w s q b n v m d c wikt wikipedia wiktionary wikiquote
wikisource wikibooks wikinews wikiversity wikivoyage wikidata commons meta species mw
mediawikiwiki foundation incubator outreach phab phabricator""".split())
_LANGUAGE_CODE_RE = compile_cached(r"[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,2}|simple")


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
    return _build(node.children, node)


def prose_of_nodes(nodes: Iterable[Node]) -> Prose:
    return _build(nodes, None)


def plain_text(nodes: Iterable[Node]) -> str:
    """The prose of some nodes as a string."""
    return prose_of_nodes(nodes).text
