"""Brackets in prose: which ``(``, ``[`` and ``{`` pair, and which do not.

:func:`find_unpaired` pairs the brackets of one text (the prose of a
paragraph, cell or citation, see :mod:`wikilint.analysis.prose`) with the
fewest unpaired ones, leaving out what is not a prose bracket (list labels
such as ``1)``, smileys, half-open intervals, leftover wiki markup, brackets
inside a quotation).  :func:`bracket_units` gives the units of prose a node
starts; :func:`unpaired_in_page` reads a page's units in order, carrying an
opener across a list that splits its paragraph; :func:`describe` words a
finding.  Used by the rule unbalanced-brackets (WL302).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator

from wikilint.analysis.prose import PLACEHOLDER, Prose, plain_text, prose_of_nodes
from wikilint.records import FrozenRecord
from wikilint.regex_cache import compile_cached
from wikilint.syntax.nodes import (
    Heading,
    ListItem,
    Node,
    Paragraph,
    ReferenceEntry,
    TableCaption,
    TableCell,
    Tag,
    Template,
)

__all__ = ["BracketUnit", "Unpaired", "find_unpaired", "bracket_units", "unpaired_in_page",
           "describe", "reach", "UNIT_NODES", "OPENERS", "CLOSERS", "CLOSER_OF", "OPENER_OF"]

OPENERS = "([{"
CLOSERS = ")]}"
CLOSER_OF = {"(": ")", "[": "]", "{": "}"}
OPENER_OF = {")": "(", "]": "[", "}": "{"}
_BRACKETS = frozenset(OPENERS + CLOSERS)
_BRACKET_RE = compile_cached(r"[()\[\]{}]")
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"

# A closing parenthesis after a list label: "1) agriculture, 2) industry", "a) b)",
# a letter of another alphabet ("а) системного блока; б) монітора", α), ա), ა), א),
# أ), क), ক), அ), ก)), and in Chinese and Japanese text, without spaces, after
# 、。，；： ("、1)", "：ア)", "一)").
_LABEL_CHARS = "A-Za-z\u0410-\u044f\u0401\u0451\u0404\u0454\u0406\u0456\u0407\u0457" \
    "\u0490\u0491\u0391-\u03a9\u03b1-\u03c9\u0531-\u0556\u0561-\u0586\u10d0-\u10f0" \
    "\u05d0-\u05ea\u0620-\u064a\u0915-\u0939\u0995-\u09b9\u0b85-\u0bb9\u0e01-\u0e2e" \
    "\u30a2-\u30f3\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341"
_LABEL_RE = compile_cached(
    r"(?:^|(?<=[\s,;:/\"'\u2013\u2014\u00a0\u3000\u3001\u3002\uff0c\uff1b\uff1a\u060c\u061b"
    + PLACEHOLDER
    + r"]))(?:\d{1,3}[a-z]?|\d{1,2}(?:\.\d{1,2})+|[" + _LABEL_CHARS + r"]|[ivxIVX]{1,6})\.?\)")
# A footnote marker: "*)", "**)" (Czech, German and Polish tables and notes:
# "| 1 234*)" with the note "*) údaj z roku 2001" below).  Like a list label it
# is left out only where its ")" would otherwise be stray.
_FOOTNOTE_MARK_RE = compile_cached(r"\*\)")
# A superscript that holds only a marker, "Einwohner<sup>1)</sup>", "<sup>*)</sup>".
_SUP_MARK_RE = compile_cached(r"\s*(?:\d{1,3}|[A-Za-z]|\*{1,3})\)\s*")
_SUP_RE = compile_cached(r"<sup[\s>]", re.I)
# A label that starts an item of an enumeration: after a colon or semicolon (or
# the start of the text): "така: 1) довести …; 2) з'ясувати …".  Inside a
# parenthesis such labels take the opener of the real pair; they are left out
# when that leaves fewer brackets unpaired.
_ITEM_LABEL_RE = compile_cached(r"(?:^|[:;\uff1a\uff1b\u061b][\s\u00a0]*)(?=(\S{1,6}\)))")
# Smileys: ":)", ":-(", ";-)", "=)", ":'(", ":]".
# (Each pattern starts with a character class, and looks behind only after it: the
# engine then skips to a candidate at C speed; a leading look-behind tries every offset.)
_EMOTICON_RE = compile_cached(r"[:;=](?<!\S[:;=])[-'^o]?[()\[\]](?=[\s.,;:!?]|$)")
# Half-open intervals: "[0, 1)", "(a, b]", and the French "]0, 1[".
_INTERVAL_RE = compile_cached(
    r"(?:\[(?P<a>[^\s,;()\[\]]{1,12}\s*[,;]\s*[^\s,;()\[\]]{1,12})\)"
    r"|\((?P<b>[^\s,;()\[\]]{1,12}\s*[,;]\s*[^\s,;()\[\]]{1,12})\]"
    r"|\](?P<c>[^\s,;()\[\]]{1,12}\s*[,;]\s*[^\s,;()\[\]]{1,12})\[)")
# Reversed pairs inside one word: epigraphic lacunae "]pe-rjo-[".
_REVERSED_RE = compile_cached(r"\](?<![^\s'\"(]\])[^\s\[\]()]{1,40}\[(?![^\s'\",.;:)])")
# A name spelled with a reversed pair of square brackets as letters: "Apple ][",
# "Hello ][ World", "Tr][ck", "Apple ][+": the "]" after a letter, digit or space,
# the "[" before one (or a space, "+", punctuation or the end).
_NAME_PAIR_RE = compile_cached(r"\](?<![^\w\s'\"]\])\[(?=[\w\s+'\"\u2019.,;:!?)]|$)")
# Markup left in the prose by broken wikitext ("{{", "]]", "{|", "|}"): the
# unclosed-markup rule (WL101) reports those, they are not prose brackets.
_MARKUP_RE = compile_cached(
    r"[{}\[\]|](?:(?<=\{)(?:\||\{+)|(?<=\|)\}|(?<=\[)\[+|(?<=\])\]+|(?<=\})\}+)")
# Quotations: brackets unbalanced inside a quotation (a quoted title, a
# quoted remark) belong to the quoted text, not to the article.
_QUOTE_PAIRS = (("\u201c", "\u201d"), ("\u201e", "\u201c\u201d"), ("\u00ab", "\u00bb"),
                ("\u00bb", "\u00ab"))


class Unpaired(FrozenRecord):
    """A bracket with no partner, at prose offset ``index``.

    ``kind`` is ``unclosed`` (an opener never closed), ``stray`` (a closer
    never opened), ``mismatched`` (an opener closed by the wrong kind of
    closer, at ``other``) or ``reversed`` (a closer typed for an opener, as in
    ``)1992)``; ``other`` is the closer that ends it).
    """

    __slots__ = ("kind", "index", "char", "other")
    kind: str
    index: int
    char: str
    other: int

    def __init__(self, kind: str, index: int, char: str, other: int = -1) -> None:
        self.kind = kind
        self.index = index
        self.char = char
        self.other = other


def _ignored(text: str) -> set[int]:
    """Offsets of bracket characters that are not prose brackets."""
    ignored: set[int] = set()
    if ":" in text or ";" in text or "=" in text:  # what every pattern needs, tested first
        for m in _EMOTICON_RE.finditer(text):
            ignored.add(m.end() - 1)
    if "," in text or ";" in text:
        for m in _INTERVAL_RE.finditer(text):
            ignored.add(m.start())
            ignored.add(m.end() - 1)
    if "[" in text and "]" in text:
        for m in _REVERSED_RE.finditer(text):
            ignored.add(m.start())
            ignored.add(m.end() - 1)
    for m in _MARKUP_RE.finditer(text):
        ignored.update(range(m.start(), m.end()))
    # a family with leftover markup ("{{", "]]") is markup, not prose, in this unit
    for family, members in _FAMILIES:
        if family[0] * 2 in text or family[1] * 2 in text:
            ignored.update(m.start() for m in members.finditer(text))
    return ignored


_FAMILIES = (("{}", compile_cached(r"[{}]")), ("[]", compile_cached(r"[\[\]]")))


class _Bracket(FrozenRecord):
    __slots__ = ("index", "char", "virtual")
    index: int      # prose offset
    char: str
    virtual: bool   # rendered by a template (never reported, only paired)

    def __init__(self, index: int, char: str, virtual: bool) -> None:
        self.index = index
        self.char = char
        self.virtual = virtual


def _greedy(seq: list[_Bracket]) -> list[int]:
    """Pair each closer with the nearest open bracket of its kind; the unpaired (seq indexes)."""
    stack: list[int] = []
    unpaired: list[int] = []
    for n, b in enumerate(seq):
        if b.char in OPENERS:
            stack.append(n)
            continue
        want = OPENER_OF[b.char]
        k = len(stack) - 1
        while k >= 0 and seq[stack[k]].char != want:
            k -= 1
        if k >= 0:
            unpaired.extend(stack[k + 1:])
            del stack[k:]
        else:
            unpaired.append(n)
    unpaired.extend(stack)
    return sorted(unpaired)


_MAX_DP = 120  # brackets; beyond this the greedy pairing is used as is


def _fewest(seq: list[_Bracket]) -> list[int]:
    """The pairing that leaves the fewest brackets unpaired (interval dynamic programming).

    "([M(H2O)6)]+)" has one extra ")" after "6"; pairing greedily blames
    three brackets, the fewest-unpaired pairing blames that one.  Ties keep
    the greedy choice: the innermost opener is paired, the outer one left.
    """
    chars = [b.char for b in seq]
    m = len(chars)
    best = [[0] * (m + 1) for _ in range(m + 1)]  # best[i][j]: pairs within chars[i:j]
    for i in range(m - 1, -1, -1):
        row = best[i]
        nxt = best[i + 1]
        c = chars[i]
        closer = CLOSER_OF.get(c)
        for j in range(i + 1, m + 1):
            value = nxt[j]  # chars[i] left unpaired
            if closer is not None:
                for k in range(i + 1, j):
                    if chars[k] == closer:
                        v = 1 + nxt[k] + best[k + 1][j]
                        if v > value:
                            value = v
            row[j] = value
    unpaired: list[int] = []
    todo = [(0, m)]
    while todo:
        i, j = todo.pop()
        while i < j:
            if best[i][j] == best[i + 1][j]:
                unpaired.append(i)
                i += 1
                continue
            closer = CLOSER_OF[chars[i]]
            k = next(k for k in range(i + 1, j)
                     if chars[k] == closer and best[i][j] == 1 + best[i + 1][k] + best[k + 1][j])
            todo.append((i + 1, k))
            i = k + 1
    return sorted(unpaired)


def _pairing(text: str, ignored: set[int], virtual: dict[int, str]) -> list[Unpaired]:
    seq = [_Bracket(m.start(), m.group(), False) for m in _BRACKET_RE.finditer(text)
           if m.start() not in ignored]
    if virtual:
        seq.extend(_Bracket(i, c, True) for i, chars in virtual.items() for c in chars)
        seq.sort(key=lambda b: b.index)  # stable: a template's own brackets keep their order
    unpaired = _greedy(seq)
    if len(unpaired) >= 2 and len(seq) <= _MAX_DP:
        fewest = _fewest(seq)
        if len(fewest) < len(unpaired):
            unpaired = fewest
    return [Unpaired("unclosed" if seq[n].char in OPENERS else "stray", seq[n].index, seq[n].char)
            for n in unpaired if not seq[n].virtual]


def _mixed_width(text: str, found: list[Unpaired]) -> list[Unpaired]:
    """Leave out parentheses closed or opened by a fullwidth one: "（…)", "(…）".

    Chinese and Japanese text uses fullwidth parentheses （ ）, which pair
    among themselves first; one left over pairs with an ASCII parenthesis left
    over (a pair typed in mixed widths is balanced as written).  An ASCII
    parenthesis left over beside a balanced fullwidth pair stays reported:
    "（むぎ書房 (ISBN 4838401027）" misses a ")" or a "）".
    """
    stack: list[int] = []
    spare: list[tuple[int, str]] = []
    for i, c in enumerate(text):
        if c == "\uff08":
            stack.append(i)
        elif c == "\uff09":
            if stack:
                stack.pop()
            else:
                spare.append((i, ")"))
    spare.extend((i, "(") for i in stack)
    if not spare:
        return found
    seq = sorted(spare + [(u.index, u.char) for u in found
                          if u.kind in ("unclosed", "stray") and u.char in "()"])
    paired: set[int] = set()
    opened: list[int] = []
    for i, c in seq:
        if c == "(":
            opened.append(i)
        elif opened:
            paired.update((opened.pop(), i))
    return [u for u in found if u.index not in paired]


def _name_pairs(text: str, found: list[Unpaired], ignored: set[int],
                virtual: dict[int, str]) -> list[Unpaired]:
    """Leave out reversed pairs ``][`` spelling names ("Apple ][", "Tr][ck") when
    that leaves fewer brackets unpaired: they are letters, not a stray "]" and an
    unclosed "[" (two names in a sentence, "Hello ][ World and Tr][ck", would
    otherwise pair across the words between them).  A pair standing as a word
    ("Apple ][ team]") is a name also when as many are left unpaired; in "[a][b]"
    the pair closes and opens the bracketed words around it."""
    pairs = [m.start() for m in _NAME_PAIR_RE.finditer(text) if m.start() not in ignored]
    if not pairs:
        return found
    names = {i for p in pairs for i in (p, p + 1)}
    fewer = _pairing(text, ignored | names, virtual)
    if len(fewer) < len(found):
        return fewer
    blamed = {u.index for u in found}
    if len(fewer) == len(found) and any(
            (p == 0 or text[p - 1].isspace()) and (p in blamed or p + 1 in blamed)
            for p in pairs):
        return fewer
    return found


def _quotations(text: str) -> list[tuple[int, int]]:
    """Spans of closed quotations: paired straight or typographic double quotes."""
    spans: list[tuple[int, int]] = []
    straight = [i for i, c in enumerate(text) if c == '"']
    if len(straight) % 2 == 0:
        spans.extend(zip(straight[::2], straight[1::2], strict=True))
    for opener, closers in _QUOTE_PAIRS:
        start = text.find(opener)
        while start >= 0:
            end = min((j for j in (text.find(c, start + 1) for c in closers) if j >= 0),
                      default=-1)
            if end < 0:
                break
            spans.append((start, end))
            start = text.find(opener, end + 1)
    return spans


def _is_mention(text: str, i: int, lead: int, tail: int) -> bool:
    """A bracket named rather than used: "the ( key", 'the "[" sign', a table of characters.

    It stands between spaces, or between quotes.  A bracket that opens the
    text is not a mention unless it is all the text (") are fixed." continues
    a paragraph split by a list).  ``lead`` and ``tail`` are where the text's
    leading white space ends and its trailing white space starts (computed
    once per text: slicing the text per bracket was quadratic on a line of
    brackets).
    """
    if i <= lead:  # only white space before it
        return i + 1 >= tail  # ... and after it
    before = text[i - 1]
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in _QUOTES:
        return after in _QUOTES
    return before.isspace() and (after.isspace() or after in ",.;:")


def _merge_reversed(text: str, found: list[Unpaired]) -> list[Unpaired]:
    """A stray closer typed for an opener, closed later: ")1992)" is one mistake, not two."""
    out: list[Unpaired] = []
    for u in found:
        last = out[-1] if out else None
        if (last is not None and last.kind == "stray" and u.kind == "stray"
                and last.char == u.char and _opens_word(text, last.index)):
            out[-1] = Unpaired("reversed", last.index, last.char, u.index)
        else:
            out.append(u)
    return out


def _opens_word(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in _QUOTES) and after.isalnum()


def _merge_mismatched(found: list[Unpaired]) -> list[Unpaired]:
    """An unclosed opener followed by a stray closer of another kind: "(foo]"."""
    out: list[Unpaired] = []
    for u in found:
        last = out[-1] if out else None
        if (last is not None and last.kind == "unclosed" and u.kind == "stray"
                and CLOSER_OF[last.char] != u.char):
            out[-1] = Unpaired("mismatched", last.index, last.char, u.index)
        else:
            out.append(u)
    return out


def find_unpaired(text: str, virtual: dict[int, str] | None = None,
                  skip: set[int] | None = None) -> list[Unpaired]:
    """The brackets of ``text`` that have no partner, in text order.

    Not counted as brackets: smileys, half-open intervals ("[0, 1)",
    "]0, 1["), list labels ("1) … 2) …") and footnote markers ("1 234*)",
    "**)") whose ")" would otherwise be stray, names spelled with a reversed
    pair ("Apple ][", "Tr][ck") whose brackets would otherwise be unpaired,
    and leftover wiki markup ("{{", "]]", "{|").  Not reported: brackets
    left unpaired inside a closed quotation (the quoted text's own) and a
    bracket standing alone between spaces (a mention of the character).

    ``virtual`` maps prose offsets (placeholders) to the brackets that the
    template there renders: they pair with prose brackets but are never
    reported themselves.  ``skip`` holds offsets of brackets that are not
    prose (quoted blocks, preformatted code).
    """
    if not virtual and _BRACKET_RE.search(text) is None:
        return []
    ignored = _ignored(text) | (skip or set())
    virtual = virtual or {}
    found = _pairing(text, ignored, virtual)
    if not found:
        return []
    strays = {u.index for u in found if u.kind == "stray" and u.char == ")"}
    all_labels = {m.end() - 1 for m in _LABEL_RE.finditer(text)}
    if "*)" in text:
        all_labels.update(m.end() - 1 for m in _FOOTNOTE_MARK_RE.finditer(text))
    labels = all_labels & strays
    if labels:
        found = _pairing(text, ignored | labels, virtual)
    if found and all_labels - labels:
        items = {m.start(1) + len(m.group(1)) - 1 for m in _ITEM_LABEL_RE.finditer(text)}
        items &= all_labels
        if items - labels:
            fewer = _pairing(text, ignored | labels | items, virtual)
            if len(fewer) < len(found):
                found = fewer
    if found and "][" in text:
        found = _name_pairs(text, found, ignored, virtual)
    if found and ("\uff08" in text or "\uff09" in text):
        found = _mixed_width(text, found)
    if found:
        quotes = _quotations(text)
        lead, tail = len(text) - len(text.lstrip()), len(text.rstrip())
        found = [u for u in found if not _is_mention(text, u.index, lead, tail)
                 and not any(a < u.index < b for a, b in quotes)]
    return _merge_mismatched(_merge_reversed(text, found))


# ------------------------------------------------------------------ units
_FOOTNOTE_TEMPLATES = frozenset({"efn", "efn-ua", "efn-lr", "efn-lg", "efn-la", "refn", "notetag"})


class BracketUnit:
    """A stretch of prose whose brackets must pair.

    ``prose`` may be given as a function: it is computed when first asked
    for.  A ``blank`` unit has no bracket (nor an entity or template that
    could make one) in its source, so no unpaired bracket: it only matters as
    a neighbour of the units around it, and its prose is never computed.
    """

    __slots__ = ("node", "flows", "blank", "_prose", "_get")

    def __init__(self, node: Node, prose: Prose | Callable[[], Prose], flows: bool,
                 blank: bool = False):
        self.node = node
        self.flows = flows  # a paragraph or list item: brackets may continue in the next one
        self.blank = blank
        self._prose = prose if isinstance(prose, Prose) else None
        self._get = None if isinstance(prose, Prose) else prose

    @property
    def prose(self) -> Prose:
        if self._prose is None:
            assert self._get is not None
            self._prose = self._get()
        return self._prose


# What can put a bracket in prose: the bracket itself, an entity (&#40;), a template.
_MAY_BRACKET_RE = compile_cached(r"[()\[\]{}&]")


def bracket_units(node: Node, prose_of: Callable[[Node], Prose],
                  src: str | None = None) -> list[BracketUnit]:
    """The units of prose ``node`` starts (none for most nodes), in source order.

    A paragraph or list item outside a table flows (its brackets may close in
    the next one); a cell, caption, heading, reference entry, ``<ref>`` or
    footnote template is a unit of its own.  ``src`` is the page's text (to
    tell blank units without slicing it).
    """
    t = type(node)
    if t is Paragraph or t is ListItem:
        return [_unit(node, prose_of, True, src)] if node.ancestor(TableCell) is None else []
    if t is TableCell or t is TableCaption or t is Heading or t is ReferenceEntry:
        return [_unit(node, prose_of, False, src)]
    if isinstance(node, Tag):
        return [_unit(node, prose_of, False, src)] \
            if node.name == "ref" and node.contents else []
    if isinstance(node, Template) and node.normalized_name in _FOOTNOTE_TEMPLATES:
        return [BracketUnit(node, prose_of_nodes(param.value), False) for param in node.params
                if param.index == 1 or param.name_text == "1"]
    return []


def _unit(node: Node, prose_of: Callable[[Node], Prose], flows: bool,
          src: str | None) -> BracketUnit:
    if src is None:
        blank = _MAY_BRACKET_RE.search(str(node)) is None
    else:
        blank = _MAY_BRACKET_RE.search(src, node.start, node.end) is None
    return BracketUnit(node, functools.partial(prose_of, node), flows, blank)


#: the node types :func:`bracket_units` reads
UNIT_NODES = (Paragraph, ListItem, TableCell, TableCaption, Heading, ReferenceEntry, Tag, Template)


def unpaired_in_page(units: Iterable[BracketUnit], src: str
                     ) -> Iterator[tuple[BracketUnit, Unpaired]]:
    """Every unpaired bracket of a page's units (in source order), as (unit, bracket).

    An opener left open at the end of a flowing unit is carried to the next
    one when the text goes on there (a list that splits a paragraph), and
    closed by a stray closer found there.
    """
    previous: BracketUnit | None = None
    carried: list[tuple[BracketUnit, Unpaired]] = []  # unclosed at the end of a flowing unit
    for unit in units:
        if unit.blank or _BRACKET_RE.search(unit.prose.text) is None:
            found = []  # no bracket: a template's own brackets are never reported alone
        else:
            found = find_unpaired(unit.prose.text, _virtual_brackets(unit, src),
                                  _not_prose(unit, src))
        if previous is not None and carried and _continues(src, previous, unit):
            found = _close_carried(carried, found)
        else:
            yield from carried
            carried = []
        for u in found:
            if unit.flows and u.kind == "unclosed":
                carried.append((unit, u))
            else:
                yield unit, u
        if unit.flows:
            previous = unit
        elif previous is not None and unit.node.start >= previous.node.end:
            yield from carried
            carried = []
            previous = None
    yield from carried


def _close_carried(carried: list[tuple[BracketUnit, Unpaired]], found: list[Unpaired]
                   ) -> list[Unpaired]:
    """Pair this unit's stray closers with openers left open by the previous units."""
    left: list[Unpaired] = []
    for u in found:
        if u.kind == "stray" and carried and carried[-1][1].char == OPENER_OF[u.char]:
            carried.pop()
        else:
            left.append(u)
    return left


def reach(unit: BracketUnit, u: Unpaired, start: int, end: int) -> tuple[int, int] | None:
    """The text an unpaired bracket affects: to the end of its unit, or back to its start."""
    if u.kind == "unclosed":
        return (start, unit.node.end)
    if u.kind == "stray":
        return (unit.node.start, end)
    return None


# Templates that stand for a bracket (English Wikipedia's Template:( and friends).
_BRACKET_TEMPLATES = {"(": "{", ")": "}", "((": "{{", "))": "}}", "!(": "[", ")!": "]",
                      "!((": "[[", "))!": "]]"}


def _rendered_brackets(tpl: Template) -> str:
    """Brackets a template renders unpaired: a parameter such as ``{{desctree|…|)}}``."""
    name = tpl.normalized_name
    if name in _BRACKET_TEMPLATES:
        return _BRACKET_TEMPLATES[name]
    seq: list[_Bracket] = []
    offset = 0
    for param in tpl.params:
        if not any(c in _BRACKETS for c in param.value_text):
            continue
        text = plain_text(param.value)
        ignored = _ignored(text)
        seq.extend(_Bracket(offset + i, c, False) for i, c in enumerate(text)
                   if c in _BRACKETS and i not in ignored)
        offset += len(text) + 1
    return "".join(seq[n].char for n in _greedy(seq))


_MARKUP_PAIRS_RE = compile_cached(r"\{\{|\}\}|\[\[|\]\]")


def _virtual_brackets(unit: BracketUnit, src: str) -> dict[int, str]:
    """Prose offsets of placeholders whose template renders an unpaired bracket."""
    prose = unit.prose
    text = prose.text
    wanted: list[tuple[int, int]] = []  # (prose offset, template start)
    i = text.find(PLACEHOLDER)
    while i >= 0:
        a, b = prose.span(i, i + 1)
        inner = _MARKUP_PAIRS_RE.sub("", src[a:b])
        if src.startswith("{{", a) and any(c in _BRACKETS for c in inner):
            wanted.append((i, a))
        i = text.find(PLACEHOLDER, i + 1)
    if not wanted:
        return {}
    templates = {t.start: t for t in unit.node.filter(Template) if t is not unit.node}
    found: dict[int, str] = {}
    for i, start in wanted:
        tpl = templates.get(start)
        if tpl is not None:
            chars = _rendered_brackets(tpl)
            if chars:
                found[i] = chars
    return found


# Quoted blocks: their brackets are the quoted author's.
_QUOTATION_TAGS = frozenset({"blockquote", "q", "poem"})
_QUOTATION_TAG_RE = compile_cached(r"<(?:blockquote|q|poem)[\s>]", re.I)


def _not_prose(unit: BracketUnit, src: str) -> set[int]:
    """Prose offsets of brackets in quoted blocks, on preformatted (space-led) lines,
    and of footnote markers: a ``<sup>1)</sup>``, a note line ``*) …``."""
    spans: list[tuple[int, int]] = []
    node = unit.node
    if (isinstance(node, ListItem) and node.marker.endswith("*")
            and src.startswith(")", node.start + len(node.marker))):
        # "*) údaj z roku 2001": the list marker took the note's asterisk
        at = node.start + len(node.marker)
        spans.append((at, at + 1))
    if _SUP_RE.search(src, node.start, node.end):
        spans.extend((t.open_end, t.close_start) for t in node.filter(Tag)
                     if t.name == "sup" and t.closed and t is not node
                     and _SUP_MARK_RE.fullmatch(src, t.open_end, t.close_start))
    if _QUOTATION_TAG_RE.search(src, unit.node.start, unit.node.end):
        spans.extend((t.start, t.end) for t in unit.node.filter(Tag)
                     if t.name in _QUOTATION_TAGS and t is not unit.node)
    if type(unit.node) is Paragraph:
        line, end_of_unit = src.rfind("\n", 0, unit.node.start) + 1, unit.node.end
        while line < end_of_unit:
            end = src.find("\n", line, end_of_unit)
            end = end_of_unit if end < 0 else end
            if src.startswith(" ", line):
                spans.append((line, end))
            line = end + 1
    if not spans:
        return set()
    text = unit.prose.text
    prose = unit.prose
    spans.sort()
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))  # furthest end so far
    out: set[int] = set()
    for m in _BRACKET_RE.finditer(text):
        at = prose.to_source(m.start())
        k = bisect.bisect_right(starts, at) - 1  # the spans starting at or before it
        if k >= 0 and at < reach[k]:
            out.add(m.start())
    return out


def _continues(text: str, before: BracketUnit, after: BracketUnit) -> bool:
    """True when ``after`` continues ``before``'s text: a paragraph split by a list."""
    if not (before.flows and after.flows) or after.node.start < before.node.end:
        return False
    gap = text[before.node.end:after.node.start]
    return not gap.strip() and gap.count("\n") <= 1


# --------------------------------------------------------------- messages
_QUOTE_LEN = 60


def _window_after(text: str, i: int) -> tuple[int, int, bool]:
    """A quote from ``i`` on, cut at a word boundary: (start, end, cut short)."""
    end = i + _QUOTE_LEN
    if end >= len(text):
        return i, len(text), False
    cut = text.rfind(" ", i + 1, end)
    return i, cut if cut > i + 10 else end, True


def _window_before(text: str, j: int) -> tuple[int, int, bool]:
    """A quote ending with ``j`` (included), cut at a word boundary: (start, end, cut short)."""
    start = j + 1 - _QUOTE_LEN
    if start <= 0:
        return 0, j + 1, False
    cut = text.find(" ", start, j - 10)
    return (cut + 1 if cut >= 0 else start), j + 1, True


_MAX_SHOWN_MARKUP = 30


def _shown(prose: Prose, src: str, i: int, j: int) -> str:
    """Prose ``text[i:j]`` as the editor wrote it: a placeholder shows its (short) markup."""
    text = prose.text
    parts: list[str] = []
    k = i
    while k < j:
        p = text.find(PLACEHOLDER, k, j)
        if p < 0:
            parts.append(text[k:j])
            break
        parts.append(text[k:p])
        a, b = prose.span(p, p + 1)
        markup = " ".join(src[a:b].split())
        if len(markup) > _MAX_SHOWN_MARKUP:
            head = re.match(r"\{\{[^|{}]{1,20}", markup)
            markup = head.group() + "|\u2026}}" if head else markup[:20] + "\u2026"
        parts.append(markup)
        k = p + 1
    return " ".join("".join(parts).split())


def _quote_after(prose: Prose, src: str, i: int) -> str:
    a, b, short = _window_after(prose.text, i)
    shown = _shown(prose, src, a, b)
    if len(shown) > _QUOTE_LEN + 20:
        cut = shown.rfind(" ", 10, _QUOTE_LEN + 20)
        shown, short = shown[:cut if cut > 0 else _QUOTE_LEN], True
    return shown + ("\u2026" if short else "")


def _quote_before(prose: Prose, src: str, j: int) -> str:
    a, b, short = _window_before(prose.text, j)
    shown = _shown(prose, src, a, b)
    if len(shown) > _QUOTE_LEN + 20:
        cut = shown.find(" ", len(shown) - _QUOTE_LEN - 20, len(shown) - 10)
        shown, short = shown[cut + 1 if cut >= 0 else -_QUOTE_LEN:], True
    return ("\u2026" if short else "") + shown


def describe(u: Unpaired, prose: Prose, src: str, source_start: int) -> str:
    c = u.char
    if u.kind == "unclosed":
        quote = _quote_after(prose, src, u.index)
        if c == "[" and _URL_START_RE.match(src, source_start):
            return f"external link '{quote}' has no closing ']'; add ']' after the link text"
        return (f"'{c}' is never closed: '{quote}'; "
                f"add the missing '{CLOSER_OF[c]}' where the remark ends")
    if u.kind == "stray":
        return (f"'{c}' has no opening '{OPENER_OF[c]}': '{_quote_before(prose, src, u.index)}'; "
                f"remove it or add the missing '{OPENER_OF[c]}'")
    span = _shown(prose, src, u.index, u.other + 1)
    if u.kind == "reversed":
        return f"'{c}' looks like a mistyped '{OPENER_OF[c]}': '{span}'; use '{OPENER_OF[c]}' here"
    closer = prose.text[u.other]
    return f"'{c}' is closed by '{closer}': '{span}'; use '{CLOSER_OF[c]}' to close '{c}'"


_URL_START_RE = compile_cached(r"\[(?:[a-z][a-z0-9+.-]*:)?//", re.I)
