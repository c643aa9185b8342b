"""Where quotation marks must pair: the units of prose of a page, and their context.

:mod:`wikilint.analysis.quotes` pairs the marks of one text; this module
decides which texts (a paragraph, list item, cell, heading, caption,
``<ref>``, citation title …, each a :class:`Unit`), what in them is not prose
(attribute quotes left in a cell, an apostrophe that belongs to a linked
name, identifiers in citations), how a quotation may close in a template or
run over several paragraphs, and how a problem is worded.  Used by the rule
unbalanced-quotes (WL301).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator

from wikilint.analysis.prose import PLACEHOLDER, Prose, prose_of, prose_of_nodes
from wikilint.analysis.quotes import (
    QUOTE_CHARS,
    QuoteData,
    QuotePair,
    QuoteProblem,
    QuoteScan,
    identifier_spans,
    may_hold_marks,
    quote_data,
    scan_quotes,
)
from wikilint.regex_cache import compile_cached
from wikilint.syntax.nodes import (
    Document,
    ExternalLink,
    Heading,
    ListItem,
    Node,
    Paragraph,
    ReferenceEntry,
    Section,
    Table,
    TableCaption,
    TableCell,
    Tag,
    Template,
    Wikilink,
)

__all__ = ["Unit", "UNIT_NODES", "units_of", "iter_units", "unit_text", "skipper",
           "quote_problems", "message", "reach"]

_BLOCKS = (Paragraph, ListItem, Heading, TableCaption, TableCell, ReferenceEntry)
_BLOCK_NAMES = {Paragraph: "paragraph", ListItem: "list item", Heading: "heading",
                TableCaption: "table caption", TableCell: "table cell",
                ReferenceEntry: "reference"}
# Containers whose prose already includes a block inside them.
_COVERING = (Paragraph, ListItem, Heading, TableCaption, TableCell, Template, Wikilink,
             ReferenceEntry)
# Tags whose contents are not prose (their quotes are code or markup).
_CODE_TAGS = frozenset("nowiki pre math chem ce code syntaxhighlight source kbd samp var tt score "
                       "timeline graph templatedata hiero imagemap mapframe maplink inputbox "
                       "categorytree charinsert templatestyles".split())


class Unit:
    """One stretch of prose in which quotations must pair.

    ``blank`` units have no quotation mark in their source (they only matter
    as neighbours of a quotation running over several paragraphs); their
    prose is computed only when asked for.
    """

    __slots__ = ("kind", "node", "stream", "blank", "source", "_get", "_prose")

    def __init__(self, kind: str, node: Node, get: Callable[[], Prose],
                 stream: int | None = None, blank: bool = False, source: str | None = None):
        self.kind = kind        # paragraph, list item, citation, citation title …
        self.node = node        # the block, tag, parameter or link it comes from
        self.stream = stream    # units of one stream may continue a quotation (body text)
        self.blank = blank
        self.source = source    # the page's text (None: read from the node's document)
        self._get = get
        self._prose: Prose | None = None

    @property
    def prose(self) -> Prose:
        if self._prose is None:
            self._prose = self._get()
        return self._prose


#: the node types :func:`units_of` reads
UNIT_NODES = _BLOCKS + (Tag, Template, Wikilink)


def iter_units(doc: Document, get_prose: Callable[[Node], Prose] | None = None) -> Iterator[Unit]:
    """The prose units of a document in source order (see :func:`units_of`)."""
    data = quote_data()
    src = doc.text
    for node in doc.walk():
        yield from units_of(node, src, get_prose or prose_of, data)


def units_of(node: Node, src: str, get_prose: Callable[[Node], Prose],
             data: QuoteData) -> list[Unit]:
    """The prose units ``node`` starts (most nodes start none).

    Paragraphs and list items whose source holds no quotation mark (nor an
    entity that could be one) are ``blank``; other blocks without one are
    left out: they cannot have a problem.  A template is read only when its
    name is a citation or quotation template's.
    """
    t = type(node)
    if t in _BLOCKS:
        blank = _MAYBE_QUOTE_RE.search(src, node.start, node.end) is None
        if blank and t is not Paragraph and t is not ListItem or _covered(node):
            return []
        stream = None
        if t is Paragraph or t is ListItem:
            sec = node.ancestor(Section)
            stream = id(sec) if sec is not None else 0
        return [Unit(_BLOCK_NAMES[t], node, functools.partial(get_prose, node), stream, blank,
                     src)]
    if isinstance(node, Wikilink):
        if node.parts and node.parts[-1] \
                and _MAYBE_QUOTE_RE.search(src, node.parts[-1][0].start, node.end) \
                and node.is_media:
            return [Unit("image caption", node,
                         functools.partial(prose_of_nodes, node.parts[-1]), source=src)]
        return []
    if isinstance(node, Tag):
        if node.name == "ref" and node.contents \
                and _MAYBE_QUOTE_RE.search(src, node.open_end, node.close_start) \
                and not _in_code(node):
            return [Unit("citation", node, functools.partial(get_prose, node), source=src)]
        return []
    if isinstance(node, Template):
        name = node.normalized_name
        if (data.is_citation_template(name) or data.quotation_templates.get(name)) \
                and _MAYBE_QUOTE_RE.search(src, node.start, node.end):
            return list(_template_units(node, data, src))
    return []


def quote_problems(units: Iterable[Unit], data: QuoteData
                   ) -> Iterator[tuple[Unit, QuoteScan, list[int] | None, QuoteProblem]]:
    """Every quotation problem of a page's units, as (unit, scan, offset map, problem).

    A quotation that runs over consecutive paragraphs and one whose missing
    mark may be inside a template are not problems.  ``offset map`` maps the
    scanned text's offsets to the unit's prose offsets (None: the same).
    """
    scanned: list[tuple[Unit, QuoteScan, list[int] | None]] = []
    for unit in units:
        if unit.blank:
            scanned.append((unit, QuoteScan(""), None))
            continue
        text, where = unit_text(unit)
        if not may_hold_marks(text):
            scanned.append((unit, QuoteScan(text), where))
            continue
        scanned.append((unit, scan_quotes(text, data, skipper(unit, text, where)), where))
    dropped = _continued_quotations([(u, s) for u, s, _ in scanned], data)
    followers = _Followers()
    for unit, scan, where in scanned:
        hidden: _HiddenMarks | None = None
        for problem in scan.problems:
            if id(problem) in dropped:
                continue
            if problem.kind in ("unclosed", "unopened") \
                    and (unit.source is not None or unit.node.document is not None):
                if hidden is None:
                    hidden = _HiddenMarks(unit, scan.text, where, data, followers)
                if hidden.partner(problem):
                    continue
            yield unit, scan, where, problem


def reach(unit: Unit, problem: QuoteProblem, start: int, end: int) -> tuple[int, int] | None:
    """The text an unpaired mark affects: to the end of its unit, or back to its start."""
    if problem.kind == "unclosed":
        return (start, unit.node.end)
    if problem.kind == "unopened":
        return (unit.node.start, end)
    return None


_MAYBE_QUOTE_RE = compile_cached("[\"'“”„‘’‚«»‹›「」『』&]")


def _covered(node: Node) -> bool:
    """True when an enclosing unit's prose already holds this block."""
    for anc in node.ancestors():
        if isinstance(anc, (Table, Section, Document)):
            return False
        if isinstance(anc, _COVERING):
            return True
        if isinstance(anc, Tag) and (anc.name == "ref" or anc.name in _CODE_TAGS):
            return True
    return False


def _in_code(node: Node) -> bool:
    return any(isinstance(a, Tag) and a.name in _CODE_TAGS for a in node.ancestors())


def _template_units(tpl: Template, data: QuoteData, src: str | None = None) -> Iterator[Unit]:
    name = tpl.normalized_name
    if data.is_citation_template(name):
        for param in tpl.params:
            if param.name is not None and param.name_text in data.citation_parameters:
                kind = "citation " + ("title" if "title" in param.name_text else param.name_text)
                yield Unit(kind, param, functools.partial(prose_of_nodes, param.value),
                           source=src)
        return
    wanted = data.quotation_templates.get(name)
    if wanted:
        for param in tpl.params:
            if param.name_text in wanted:
                yield Unit("quotation", param, functools.partial(prose_of_nodes, param.value),
                           source=src)


# ------------------------------------------------------------------ messages
def _clean(piece: str) -> str:
    return " ".join(piece.replace(PLACEHOLDER, "…").split())


def _snippet(text: str, start: int, end: int, limit: int = 60) -> str:
    """``text[start:end]`` on one line, shortened in the middle, placeholders as ….

    Only the ends of a long span are cleaned: the cleaned start (end) of the
    text is the start (end) of the cleaned text, so a window that already
    gives enough characters is all that is read, and messages about long,
    nested quotations cost time in proportion to their length once, not per
    quotation.
    """
    half = limit // 2 - 1
    width = 4 * limit
    while True:  # the start of the span, in windows that double until long enough
        whole = start + width >= end
        head = _clean(text[start:end if whole else start + width])
        if whole or len(head) > limit:
            break
        width *= 2
    if whole:
        return head[:half].rstrip() + "…" + head[-half:].lstrip() if len(head) > limit else head
    width = 4 * limit
    while True:
        tail = _clean(text[max(start, end - width):end])
        if end - width <= start or len(tail) >= half:
            break
        width *= 2
    return head[:half].rstrip() + "…" + tail[-half:].lstrip()


def _after(text: str, pos: int, limit: int = 50) -> str:
    piece = _clean(text[pos:pos + limit * 2])
    if len(piece) > limit:
        piece = piece[:limit].rstrip() + "…"
    return piece


def _before(text: str, pos: int, limit: int = 50) -> str:
    piece = _clean(text[max(0, pos - limit * 2):pos])
    if len(piece) > limit:
        piece = "…" + piece[-limit:].lstrip()
    return piece


_PREFERRED_CLOSER = {'"': '"', "'": "'", "“": "”", "„": "“", "‘": "’", "‚": "‘", "«": "»",
                     "»": "«", "‹": "›", "›": "‹", "”": "”", "「": "」", "『": "』", "‘‘": "’’"}
_PREFERRED_OPENER = {'"': '"', "'": "'", "”": "“", "’": "‘", "»": "«", "«": "»", "›": "‹",
                     "‹": "›", "“": "„", "」": "「", "』": "『", "’’": "‘‘"}


def message(problem: QuoteProblem, unit: Unit, text: str, data: QuoteData) -> str:
    """The message for a problem, quoting the text around the mark."""
    mark = problem.mark
    where = f"in this {unit.kind}"
    if problem.kind == "unclosed":
        closer = _PREFERRED_CLOSER.get(mark.char, mark.char)
        return (f"{data.name(mark.char)} {mark.char} opens a quotation that is never closed "
                f"{where}: {mark.char}{_after(text, mark.pos + len(mark.char))}; "
                f"add the closing {closer} "
                f"where the quotation ends")
    if problem.kind == "unopened":
        opener = _PREFERRED_OPENER.get(mark.char, mark.char)
        return (f"{data.name(mark.char)} {mark.char} closes a quotation that was never opened "
                f"{where}: {_before(text, mark.pos)}{mark.char}; add the opening {opener} "
                f"where the quotation starts")
    pair = problem.pair
    assert pair is not None
    if problem.kind == "misplaced":
        return _misplaced_message(problem, pair, unit, text, data)
    if problem.kind == "reversed":
        quoted = _snippet(text, pair.open.pos, pair.close.pos + 1)
        inner = _snippet(text, pair.open.pos + len(pair.open.char), pair.close.pos)
        return (f"quotation written back to front {where}: {quoted} opens with the closing "
                f"mark {pair.open.char} and closes with the opening mark {pair.close.char}; "
                f"write {pair.close.char}{inner}{pair.open.char}")
    if problem.kind == "mismatched":
        quoted = _snippet(text, pair.open.pos, pair.close.pos + 1)
        return (f"quotation opened with {mark.char} is closed with {pair.close.char} {where}: "
                f"{quoted}; use the same kind of mark at both ends")
    outer = problem.outer
    assert outer is not None
    inner = _snippet(text, pair.open.pos, pair.close.pos + 1, 40)
    more = ""
    if problem.others:
        more = f" (and {len(problem.others)} more)"
    whole = _snippet(text, outer.open.pos, outer.close.pos + 1, 80)
    if mark.char in _DOUBLE_FOR:
        advice = "use " + _DOUBLE_FOR[mark.char] + " for the outer quotation"
    else:
        advice = "use " + _SINGLE_FOR.get(mark.char, "'") + " for the inner quotation"
    return (f"quotation {inner}{more} is nested inside {whole} with the same mark "
            f"{mark.char}; alternate the marks ({advice}) so readers can tell where each "
            f"one ends")


def _misplaced_message(problem: QuoteProblem, pair: QuotePair, unit: Unit, text: str,
                       data: QuoteData) -> str:
    """``(2014)' Einstein's`` → write ``(2014) 'Einstein's``."""
    mark = problem.mark
    i = mark.pos
    left = _word_end_before(text, i)
    quoted = _snippet(text, pair.open.pos, pair.close.pos + 1)
    if mark is pair.open:
        gap_end = i + 1
        while gap_end < len(text) and not _is_wordlike(text[gap_end]):
            gap_end += 1
        gap = text[i + 1:gap_end]
        right = _word_start_after(text, gap_end)
        current = f"{left}{mark.char}{gap}{right}"
        suggested = f"{left}{gap.strip()} {mark.char}{right}"
        role = "opens"
    else:
        gap_start = i
        while gap_start > 0 and text[gap_start - 1].isspace():
            gap_start -= 1
        gap = text[gap_start:i]
        left = _word_end_before(text, gap_start)
        right = _word_start_after(text, i + 1)
        current = f"{left}{gap}{mark.char}{right}"
        suggested = f"{left}{mark.char} {right}"
        role = "closes"
    what = "space" if not gap.strip() else f"'{gap.strip()}'"
    return (f"{data.name(mark.char)} {mark.char} {role} the quotation {quoted} {where_of(unit)} "
            f"but the {what} is on the wrong side of it: {_clean(current)}; "
            f"write {_clean(suggested)}")


def where_of(unit: Unit) -> str:
    return f"in this {unit.kind}"


def _is_wordlike(c: str) -> bool:
    return c.isalnum() or c == PLACEHOLDER


def _word_end_before(text: str, pos: int, limit: int = 20) -> str:
    start = pos
    while start > 0 and pos - start < limit and not text[start - 1].isspace():
        start -= 1
    return text[start:pos]


def _word_start_after(text: str, pos: int, limit: int = 20) -> str:
    end = pos
    while end < len(text) and end - pos < limit and not text[end].isspace():
        end += 1
    return text[pos:end]


_DOUBLE_FOR = {"'": '"', "‘": "“ ”", "‚": "„ “", "‹": "« »"}
_SINGLE_FOR = {'"': "'", "“": "‘ ’", "„": "‚ ‘", "«": "‹ ›", "»": "› ‹", "”": "’"}


_CELL_ATTRIBUTES_RE = compile_cached(
    r"""\s*[!|]?\s*(?:[\w-]+\s*=\s*(?:"[^"\n]*"|'[^'\n]*'|[^\s|"']+)\s*)+\|(?!\|)""")
_APOSTROPHES = frozenset("'’‘ʻ")
_OPENER_INSIDE_RE = compile_cached(r"(?:^|\s)['‘]\w")
_CLOSER_INSIDE_RE = compile_cached(r"\w['’](?:\s|$)")


def skipper(unit: Unit, text: str, where: list[int] | None) -> Callable[[int], bool] | None:
    """Marks that belong to names or markup rather than to the prose.

    * an apostrophe at either end of a link's text is part of the linked name
      ([['Oumuamua]], [[Vo']]);
    * in a table cell, attribute quotes the parser left in the text
      (``!! style="width:60px"|Import``);
    * straight and single marks in a transliteration template, where they are
      letters, stress or soft and hard signs (``{{transl|ru|ob"yom}}``,
      ``{{lang|ru-Latn|Moskv'a}}``), not quotation marks.
    """
    source = _source_of(unit)
    edges: set[int] = set()
    links = unit.node.filter(Wikilink) if any(c in text for c in _APOSTROPHES) else ()
    for link in links:
        shown = link.parts[-1] if link.parts else link.title
        if not shown:
            continue
        first, last = shown[0].start, shown[-1].end - 1
        if source[first] not in _APOSTROPHES and source[last] not in _APOSTROPHES \
                or link.is_media:
            continue
        label = source[first:last + 1]
        # a mark just outside the link pairs with the one at the label's edge
        # as rendered: '[[Hydraulic fracturing|fracking']], [['Tis]]'
        outside_before = link.start > 0 and source[link.start - 1] in _APOSTROPHES
        outside_after = source[link.end:link.end + 1] in _APOSTROPHES and link.end < len(source)
        if source[first] in _APOSTROPHES and not _CLOSER_INSIDE_RE.search(label, 1) \
                and not outside_after:
            edges.add(first)  # [['Oumuamua]], not [['Tis Pity' (play)]]
        if source[last] in _APOSTROPHES and not outside_before \
                and not _OPENER_INSIDE_RE.search(label, 0, len(label) - 1):
            edges.add(last)  # [[Vo']], not [[…|specialists in 'other cultures']]
    cut = 0
    if isinstance(unit.node, TableCell):
        m = _CELL_ATTRIBUTES_RE.match(text)
        cut = m.end() if m else 0
    idents = identifier_spans(text)
    translit = _transliterations(unit, source)
    if not edges and not cut and not idents and not translit:
        return None
    prose = unit.prose
    translit_starts = [a for a, _ in translit]
    translit_ends = [b for _, b in translit]

    def skip(i: int) -> bool:
        if i < cut or any(a <= i < b for a, b in idents):
            return True
        at = prose.to_source(i if where is None else where[i])
        if translit and text[i] in _TRANSLIT_MARKS:
            k = bisect.bisect_right(translit_starts, at) - 1
            if k >= 0 and at < translit_ends[k]:
                return True
        return at in edges

    return skip


# Transliteration templates: their text is a romanization, where ' and " are letters
# (ʿayn, hamza), stress marks or the soft and hard signs of Russian.
_TRANSLIT_HINT_RE = compile_cached(r"\{\{\s*(?:[Tt]ransl|[Ll]ang\b[^{}]*?-(?:[Ll]atn|translit))")
_TRANSLIT_NAMES = frozenset(("transl", "transliteration", "translit"))
_TRANSLIT_MARKS = frozenset("'\"‘’")


def _transliterations(unit: Unit, source: str) -> list[tuple[int, int]]:
    """Source spans of the transliteration templates in ``unit``."""
    node = unit.node
    if _TRANSLIT_HINT_RE.search(source, node.start, node.end) is None:
        return []
    spans: list[tuple[int, int]] = []
    for tpl in node.filter(Template):
        name = tpl.normalized_name
        if name in _TRANSLIT_NAMES or name.startswith("lang-") and name.endswith("-translit"):
            spans.append((tpl.start, tpl.end))
        elif name == "lang" and tpl.params and tpl.params[0].index == 1 \
                and tpl.params[0].value_text.strip().lower().endswith("-latn"):
            spans.append((tpl.start, tpl.end))
    merged: list[tuple[int, int]] = []  # sorted and disjoint, for bisection
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


_HIDDEN_CLOSER_RE = compile_cached(r"""[^\s=|]["”“»«'’]""")
_HIDDEN_OPENER_RE = compile_cached(r"""(?<![=\w])["“„«»'‘]\w""")


class _HiddenMarks:
    """Whether the missing partner of an unpaired mark may be inside a template.

    Templates are placeholders in the prose; a quotation may close in a
    template's parameter (``"…three things at once: {{ordered list|…|…."}}``).
    Only a mark in a closing (or opening) position counts, not ``style="…"``.
    An unclosed mark looks in the templates after it (and in a template block
    right after its paragraph), an unopened one in the templates before it.

    Built once per unit: each template's marks are read once, and the marks of
    the templates after (before) each offset are gathered in one pass, so a
    line of thousands of unpaired marks costs linear time.
    """

    def __init__(self, unit: Unit, text: str, where: list[int] | None, data: QuoteData,
                 followers: _Followers):
        self._unit = unit
        self._data = data
        source = _source_of(unit)
        relevant = data.all_marks
        self._at: list[int] = []  # offsets of the placeholders in ``text``
        closing: list[frozenset[str]] = []
        opening: list[frozenset[str]] = []
        i = text.find(PLACEHOLDER)
        while i >= 0:
            at = i if where is None else where[i]
            start, end = unit.prose.span(at, at + 1)
            piece = source[start:end]
            self._at.append(i)
            closing.append(_chars_of(_HIDDEN_CLOSER_RE, piece, relevant))
            opening.append(_chars_of(_HIDDEN_OPENER_RE, piece, relevant))
            i = text.find(PLACEHOLDER, i + 1)
        # closing marks in placeholders k, k+1, …; opening marks in placeholders 0 … k-1
        self._closing_from = [frozenset[str]()] * (len(closing) + 1)
        for k in range(len(closing) - 1, -1, -1):
            self._closing_from[k] = closing[k] | self._closing_from[k + 1]
        self._opening_before = [frozenset[str]()] * (len(opening) + 1)
        for k, chars in enumerate(opening):
            self._opening_before[k + 1] = self._opening_before[k] | chars
        self._followers = followers
        self._after_block: frozenset[str] | None = None

    def partner(self, problem: QuoteProblem) -> bool:
        mark = problem.mark
        if problem.kind == "unclosed":
            wanted = self._data.closers.get(mark.char, frozenset())
            k = bisect.bisect_right(self._at, mark.pos)
            if self._closing_from[k] & wanted:
                return True
            if self._after_block is None:
                follower = self._followers.next_block(self._unit.node)
                self._after_block = _chars_of(_HIDDEN_CLOSER_RE, str(follower),
                                              self._data.all_marks) \
                    if isinstance(follower, Template) else frozenset()
            return bool(self._after_block & wanted)
        if problem.kind == "unopened":
            wanted = self._data.opening_marks.get(mark.char, frozenset())
            k = bisect.bisect_left(self._at, mark.pos)
            return bool(self._opening_before[k] & wanted)
        return False


def _chars_of(pattern: re.Pattern[str], piece: str, relevant: frozenset[str]) -> frozenset[str]:
    """The characters of ``pattern``'s matches in ``piece`` that are quotation marks."""
    found: set[str] = set()
    for m in pattern.finditer(piece):
        found.update(m.group())
    return frozenset(found & relevant)


class _Followers:
    """The sibling after a block, skipping line breaks and blank text (per page, indexed)."""

    def __init__(self) -> None:
        self._index: dict[int, dict[int, int]] = {}  # id(parent) -> id(child) -> position

    def next_block(self, node: Node) -> Node | None:
        parent = node.parent
        if parent is None or not isinstance(node, (Paragraph, ListItem)):
            return None
        siblings = parent.children
        index = self._index.get(id(parent))
        if index is None:
            index = self._index[id(parent)] = {id(c): k for k, c in enumerate(siblings)}
        for j in range(index.get(id(node), -1) + 1, len(siblings)):
            sib = siblings[j]
            if type(sib).__name__ in ("LineBreak", "Text") and not str(sib).strip():
                continue
            return sib
        return None


_MARK_TEMPLATE_RE = compile_cached(r"[\s'\"-]*['\"][\s'\"-]*")


def unit_text(unit: Unit) -> tuple[str, list[int] | None]:
    """The unit's prose as the quotation scanner should read it.

    * ``{{' "}}``-style templates read as the marks they print: the prose
      pack knows ``{{'}}``, ``{{"}}`` and ``{{'"}}``, but the spaced and dashed
      forms (``{{' "}}``, ``{{" '}}``, ``{{-"}}``) would be placeholders,
      leaving the quotation they close unclosed;
    * a quotation mark that begins or ends a link's text, or stands next to a
      block tag, is kept apart from the text around it
      (``values.[http://x "Introduction"]``, ``utility.<blockquote>"Imitation``):
      the bracket or tag is a boundary even when the prose runs on.

    Returns the text and a map from its offsets to prose offsets (None when
    nothing changed).
    """
    prose = unit.prose
    text = prose.text
    marks: dict[int, str] = {}
    if PLACEHOLDER in text:
        for tpl in unit.node.filter(Template):
            name = tpl.name_text
            if not tpl.params and _MARK_TEMPLATE_RE.fullmatch(name):
                marks[tpl.start] = "\u2009".join(c for c in name if c in "'\"")
    if not marks and not may_hold_marks(text):
        return text, None  # no quotation mark to read (most units of a page)
    source = _source_of(unit)
    starts: set[int] = set()
    ends: set[int] = set()
    for tag in unit.node.filter(Tag):
        if tag.name in _BLOCK_TAGS:  # text.<blockquote>"Imitation … is two blocks
            starts.update((tag.open_end, tag.end))
            ends.update((tag.start - 1, tag.close_start - 1))
    for link in _links(unit.node):
        shown = link.title if isinstance(link, ExternalLink) else \
            (link.parts[-1] if link.parts else link.title)
        if shown:
            if source[shown[0].start] in QUOTE_CHARS:
                starts.add(shown[0].start)
            if source[shown[-1].end - 1] in QUOTE_CHARS:
                ends.add(shown[-1].end - 1)
    if not marks and not starts and not ends:
        return text, None
    out: list[str] = []
    where: list[int] = []
    last = len(text) - 1
    for i, c in enumerate(text):
        piece = c
        if c == PLACEHOLDER and marks:
            piece = marks.get(prose.to_source(i)) or c
        elif c in QUOTE_CHARS and (starts or ends):
            at = prose.to_source(i)
            if at in starts and i > 0 and not text[i - 1].isspace():
                piece = " " + piece
            if at in ends and i < last and not text[i + 1].isspace():
                piece = piece + " "
        out.append(piece)
        where.extend([i] * len(piece))
    where.append(len(text))
    return "".join(out), where


_BLOCK_TAGS = frozenset("blockquote div p center poem li ul ol dl dd dt table tr td th caption "
                        "h1 h2 h3 h4 h5 h6 hr section".split())


def _links(node: Node) -> Iterator[Wikilink | ExternalLink]:
    """External links with a text, and the wikilinks inside ``node`` (in no particular order)."""
    for ext in node.filter(ExternalLink):
        if ext.title:
            yield ext
    for link in node.filter(Wikilink):
        if link is not node:
            yield link


def _source_of(unit: Unit) -> str:
    if unit.source is not None:
        return unit.source
    doc = unit.node.document
    return doc.text if doc is not None else ""


def _continued_quotations(units: list[tuple[Unit, QuoteScan]], data: QuoteData) -> set[int]:
    """Problems that are one quotation running over consecutive paragraphs or list items.

    Accepted: a paragraph (or ``:`` indented line) left open whose very next
    one opens with the same mark, the Manual of Style's form for a quotation of
    several paragraphs; and a quotation opened in one paragraph or item and
    closed in one of the next three of the same section, before any other
    quotation opens there.
    """
    dropped: set[int] = set()
    body = [(u, s) for u, s in units if u.stream is not None]
    for k, (unit, scan) in enumerate(body):
        open_left = [p for p in scan.of_kind("unclosed") if id(p) not in dropped]
        if not open_left:
            continue
        last = open_left[-1]
        following = [(u, s) for u, s in body[k + 1:k + 4] if u.stream == unit.stream]
        if following and _reopens(unit, following[0][0], following[0][1], last):
            dropped.add(id(last))
            continue
        for _, nxt_scan in following:
            if not nxt_scan.marks:
                continue
            closers = data.closers.get(last.mark.char, frozenset())
            unopened = nxt_scan.of_kind("unopened")
            if unopened and unopened[0].mark.char in closers and not any(
                    m.pos < unopened[0].mark.pos and not m.weak and m.role == "open"
                    for m in nxt_scan.marks):
                dropped.add(id(last))
                dropped.add(id(unopened[0]))
            break
    return dropped


def _reopens(unit: Unit, nxt: Unit, scan: QuoteScan, left: QuoteProblem) -> bool:
    """The next block starts by reopening the quotation ``left`` open (MOS style)."""
    if not scan.marks or not _quotable_block(unit.node) or not _quotable_block(nxt.node):
        return False
    first = scan.marks[0]
    return (first.char == left.mark.char and first.role != "close"
            and not scan.text[:first.pos].strip())


def _quotable_block(node: Node) -> bool:
    """A paragraph or an indented (``:``) line: where long quotations are set."""
    return isinstance(node, Paragraph) or isinstance(node, ListItem) \
        and node.marker.endswith(":")
