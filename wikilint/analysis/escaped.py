"""Pages whose markup was saved HTML-escaped, and how their author meant them.

A page copied from an HTML view or through a tool that escapes its output
arrives with its markup as entities: ``&lt;ref name=&quot;x&quot;&gt;…&lt;/ref&gt;``.
MediaWiki displays that as text (the reader sees ``<ref name="x">``), so the
page has one defect, however many tags it holds.  Read as written, it also
fools every prose rule: the ``&quot;`` of each attribute is an unpaired
quotation mark, the citation inside the escaped ``<ref>`` is prose.

:func:`escaped_markup` finds such a page: it needs markup that is used as
markup, not mentioned (an article about HTML may write ``&lt;p&gt;`` once to
show a tag): an escaped ``<ref>``, ``<references>`` or comment, an escaped
tag closed by its escaped closing tag, or an attribute quoted with
``&quot;``; two of these, or one ``<ref>``/comment.  Text inside ``<nowiki>``,
``<pre>``, ``<code>``, ``<syntaxhighlight>``, ``<source>``, ``<math>`` and
comments is left alone: there, escaped markup is how one shows markup.

:class:`EscapedPage` holds the text as its author meant it (the entities of
those regions decoded) with a map back to the source, so the lint pipeline
can lint that text and report findings at the source's offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from wikilint.records import FrozenRecord
from wikilint.regex_cache import compile_cached
from wikilint.syntax.vocabulary import KNOWN_TAGS

__all__ = ["EscapedPage", "escaped_markup", "decode", "ENTITIES"]

#: the entities an escaping tool writes, and what they stand for
ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&amp;": "&", "&#39;": "'",
            "&#039;": "'", "&apos;": "'", "&#34;": '"', "&#60;": "<", "&#62;": ">"}
_ENTITY_RE = compile_cached("|".join(re.escape(e) for e in sorted(ENTITIES, key=len, reverse=True)),
                            re.I)
# Regions where escaped markup is the way to show markup: not touched.
_RAW_RE = compile_cached(
    r"<(nowiki|pre|code|syntaxhighlight|source|math|chem|ce|tt|kbd|samp)\b[^>]*?(?<!/)>"
    r".*?</\1\s*>|<!--.*?(?:-->|\Z)", re.S | re.I)
_TAG_RE = compile_cached(r"&lt;(/?)([A-Za-z][\w-]*)((?:\s(?:(?!&[lg]t;)[^<>\n])*?)?)(/?)&gt;")
_COMMENT_RE = compile_cached(r"&lt;!--")
_ATTRIBUTE_RE = compile_cached(r"[\w-]\s*=\s*&quot;[^&\n]{1,200}&quot;")
_STRONG_TAGS = frozenset({"ref", "references"})


class EscapedPage(FrozenRecord):
    """A page saved with its markup escaped.

    ``text`` is the page as its author meant it; ``tags`` the escaped tags
    (source spans); ``entities`` the source spans of every decoded entity.
    """

    __slots__ = ("source", "text", "tags", "entities", "_inner", "_outer")
    source: str
    text: str
    tags: tuple[tuple[int, int], ...]
    entities: tuple[tuple[int, int], ...]
    _inner: tuple[int, ...]   # inner offset where each copied segment starts
    _outer: tuple[int, ...]   # source offset of the same point

    def __init__(self, source: str, text: str, tags: tuple[tuple[int, int], ...],
                 entities: tuple[tuple[int, int], ...], _inner: tuple[int, ...],
                 _outer: tuple[int, ...]) -> None:
        self.source = source
        self.text = text
        self.tags = tags
        self.entities = entities
        self._inner = _inner
        self._outer = _outer

    @property
    def first(self) -> tuple[int, int]:
        """The first escaped tag: where the page's finding points."""
        return self.tags[0]

    def to_source(self, i: int) -> int:
        """Source offset of the meant text's offset ``i``.

        A decoded entity is one character standing for several; offset
        ``i`` just after it maps to the end of the entity, so this serves for
        the ends of spans too.
        """
        k = bisect_right(self._inner, i) - 1
        if k < 0:
            return i
        return self._outer[k] + (i - self._inner[k])


def decode(text: str) -> str:
    """``text`` with the escaping entities decoded."""
    return _ENTITY_RE.sub(lambda m: ENTITIES[m.group().lower()], text)


def _raw_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _RAW_RE.finditer(text)]


def _outside(spans: list[tuple[int, int]], pos: int) -> bool:
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k < 0 or not spans[k][0] <= pos < spans[k][1]


def escaped_markup(text: str) -> EscapedPage | None:
    """The page as meant when its markup is HTML-escaped; None for an ordinary page."""
    if "&lt;" not in text and "&LT;" not in text:
        return None
    raw = _raw_spans(text)
    tags = [m for m in _TAG_RE.finditer(text)
            if m.group(2).lower() in KNOWN_TAGS and _outside(raw, m.start())]
    comments = [m for m in _COMMENT_RE.finditer(text) if _outside(raw, m.start())]
    strong = sum(1 for m in tags if m.group(2).lower() in _STRONG_TAGS) + len(comments)
    opened = {m.group(2).lower() for m in tags if not m.group(1)}
    paired = sum(1 for m in tags if m.group(1) and m.group(2).lower() in opened)
    attributes = sum(1 for m in tags if _ATTRIBUTE_RE.search(m.group(3)))
    if not strong and paired + attributes < 2:
        return None
    spans = sorted([m.span() for m in tags] + [m.span() for m in comments])
    inner_starts = [0]
    outer_starts = [0]
    out: list[str] = []
    entities: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for m in _ENTITY_RE.finditer(text):
        if not _outside(raw, m.start()):
            continue
        out.append(text[pos:m.start()])
        length += m.start() - pos
        decoded = ENTITIES[m.group().lower()]
        inner_starts.append(length)
        outer_starts.append(m.start())
        out.append(decoded)
        length += 1
        inner_starts.append(length)
        outer_starts.append(m.end())
        entities.append(m.span())
        pos = m.end()
    out.append(text[pos:])
    return EscapedPage(text, "".join(out), tuple(spans), tuple(entities), tuple(inner_starts),
                       tuple(outer_starts))
