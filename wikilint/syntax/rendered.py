"""Reader for *rendered* wiki pages: the text a browser shows, saved as ``.txt``.

A rendered page has no markup, so its structure is recovered from layout:

* the first line is the page title, followed by page chrome ("From
  Wikipedia, the free encyclopedia", "Revision as of …", "Jump to: navigation,
  search" …).  Title and chrome become plain ``Text`` children of the lead
  section, never paragraphs, so rules do not see them as prose;
* a heading is a short standalone line (blank line before and after) that
  does not read like the start of a sentence cut short;
* every other run of non-blank lines is a ``Paragraph`` whose children are
  ``Text`` runs and ``CitationMarker`` nodes for ``[N]``;
* the trailing run of numbered lines (``1. …``, ``2. …``) or caret lines
  (``^ …``) is the ``ReferenceList``; each ``ReferenceEntry`` knows the
  markers that cite it;
* footer chrome after it ("Retrieved from …", "Categories: …") is plain
  ``Text`` in the last section.

The tree is lossless (``str(node) == text[node.start:node.end]``), spans are
in order and never overlap, ``\\r\\n`` line ends are excluded from spans, and
parsing runs in linear time and never raises.
"""

from __future__ import annotations

import re

from wikilint.regex_cache import compile_cached
from wikilint.syntax import nodes
from wikilint.syntax.nodes import (
    CitationMarker,
    Document,
    Heading,
    Node,
    Paragraph,
    ReferenceEntry,
    ReferenceList,
    Section,
    Text,
)
from wikilint.syntax.source import SourceFile

__all__ = ["is_heading_line", "parse_rendered"]

# -------------------------------------------------------------- patterns
#: ``[12]``: digits only (bounded, so int() never sees a huge number).
MARKER_RE = compile_cached(r"\[([0-9]{1,9})\]")

#: A numbered reference entry: ``1. text`` (after leading whitespace).
_NUMBERED_RE = compile_cached(r"([0-9]{1,9})\.(?:\s+|$)")
#: A caret reference entry: ``^ text``.
_CARET_RE = compile_cached(r"\^(?:\s+|$)")
#: Back-link letters after a caret (``^ a b c Smith, J.``), as Wikipedia renders them.
_BACKLINKS_RE = compile_cached(r"\^\s*(?:a b(?: [a-z]{1,2})*\s+)?")

#: An edit link rendered after a heading: ``History[edit]``,
#: ``Leben [Bearbeiten | Quelltext bearbeiten]``.
_EDIT_SUFFIX_RE = compile_cached(
    r"\s*\[\s*(?:edit|edit source|bearbeiten|quelltext bearbeiten|modifier|modifier le code"
    r"|editar|editar código|modifica|modifica wikitesto|править|править код|bewerken"
    r"|brontekst bewerken|edytuj|edytuj kod)(?:\s*\|\s*[^\[\]|]{1,30}){0,2}\s*\]$",
    re.IGNORECASE,
)

#: Page chrome at the top of a rendered page, below the title.
_TOP_CHROME_RE = compile_cached(
    r"""(?:
        From\s+[^\d\s.!?\[\]][^.!?\[\]]{0,79}          # From Wikipedia, the free encyclopedia
      | (?:Revision|Latest\ revision|Current\ revision)\ as\ of\s.*
      | Jump\ to\b.{0,60}                               # Jump to: navigation, search
      | \(Redirected\ from\s.*\)
      | This\ is\ an\ old\ revision\ of\ this\ page.*
      | \(diff\)\s.*                                     # (diff) ← Older revision | …
      | \(Difference\ between\ revisions\)
      | Navigation\ menu
    )""",
    re.VERBOSE,
)
_MAX_CHROME_LEN = 400
_MAX_FROM_WORDS = 8

#: Footer chrome at the bottom of a rendered page.
_FOOTER_RE = compile_cached(
    r"""(?:
        Retrieved\ from\s.*
      | (?:Hidden\ )?[Cc]ategor(?:y|ies)\s?:.*
      | This\ page\ (?:was\ last\ (?:modified|edited)|has\ been\ accessed)\b.*
      | (?:Text|Content)\ is\ available\ under\b.*
      | Navigation\ menu
      | Privacy\ policy
    )""",
    re.VERBOSE,
)

_TERMINAL = frozenset(".!?:;,…。！？：；，、")
_CLOSING_QUOTES = "\"'”’»›“‘«‹"
_WORD_EDGE = "\"'”’»›“‘«‹()[]{}-–—*_"

#: Auxiliaries and modals: a line ending in one written in lower case is a
#: sentence cut short ("Even though the MEK has").  Capitalized, they can end
#: a title ("Let It Be", "Free Will", "Events in May").
_AUXILIARIES = frozenset((
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do",
    "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might",
    "must",
))
#: Words that cannot end a title or a sentence when written in lower case.
_FUNCTION_WORDS = _AUXILIARIES | frozenset((
    "a", "an", "the", "of", "to", "at", "by", "for", "with", "from", "into", "onto", "upon",
    "than", "via", "per", "among", "amongst", "between", "toward", "towards", "during",
    "despite", "unlike", "within", "without", "throughout", "and", "or", "but", "nor",
    "though", "although", "because", "unless", "whereas", "whether", "if", "that", "which",
    "whose", "whom", "my", "your", "its", "our", "their", "every", "very",
))
#: Words that cannot end a title even when capitalized ("A" can: "Part A").
_NEVER_FINAL = frozenset((
    "the", "an", "of", "and", "or", "nor", "but", "because", "although", "though",
    "whether", "whose", "than", "its", "my", "your", "our", "their", "every", "very",
))

_MAX_HEADING_CHARS = 80
_MAX_HEADING_WORDS = 10
_MAX_TITLE_CHARS = 255
_MAX_TITLE_WORDS = 30


# ------------------------------------------------------------ line shapes
def _core_heading_text(line: str) -> str:
    """The heading text without a trailing ``[edit]`` link."""
    if line.endswith("]"):
        match = _EDIT_SUFFIX_RE.search(line)
        if match is not None:
            return line[:match.start()].rstrip()
    return line


def _last_char(text: str) -> str:
    stripped = text.rstrip(_CLOSING_QUOTES).rstrip()
    return stripped[-1] if stripped else ""


def is_heading_line(line: str, *, max_chars: int = _MAX_HEADING_CHARS,
                    max_words: int = _MAX_HEADING_WORDS) -> bool:
    """Whether a (stripped) standalone line reads like a heading.

    Short, no terminal punctuation, no citation markers, does not start with
    an all-lower-case word (a continuation) and does not end with a word that
    cannot end a title ("Even though the MEK has").
    """
    core = _core_heading_text(line.strip())
    if not core or len(core) > max_chars:
        return False
    if not any(ch.isalnum() for ch in core):
        return False
    if MARKER_RE.search(core) is not None:
        return False
    if _last_char(core) in _TERMINAL:
        return False
    words = core.split()
    if len(words) > max_words:
        return False
    first = words[0].strip(_WORD_EDGE)
    if first and first[0].islower() and first.lower() == first:
        return False  # "and then …", "continued from …": starts in lower case
    last = words[-1].strip(_WORD_EDGE)
    lowered = last.lower()
    return not (lowered in _FUNCTION_WORDS and (last == lowered or lowered in _NEVER_FINAL))


def _is_title_line(line: str, chrome_follows: bool) -> bool:
    """Whether the first line of the page is its title."""
    if not line or len(line) > _MAX_TITLE_CHARS or MARKER_RE.search(line) is not None:
        return False
    if chrome_follows:
        return True  # chrome right below: a title, whatever it ends with ("Washington, D.C.")
    return is_heading_line(line, max_chars=_MAX_TITLE_CHARS, max_words=_MAX_TITLE_WORDS)


def _is_top_chrome(line: str) -> bool:
    if not line or len(line) > _MAX_CHROME_LEN or _TOP_CHROME_RE.fullmatch(line) is None:
        return False
    return not (line.startswith("From") and len(line.split()) > _MAX_FROM_WORDS)


def _is_footer(line: str) -> bool:
    return bool(line) and len(line) <= _MAX_CHROME_LEN and _FOOTER_RE.fullmatch(line) is not None


# ------------------------------------------------------------------ lines
class _Lines:
    """Per-line content bounds: ``lo[i]:hi[i]`` is line ``i`` without surrounding whitespace."""

    __slots__ = ("hi", "lo", "text")

    def __init__(self, source: SourceFile):
        text = source.text
        starts = source.line_starts or [0]
        n = len(starts)
        lo: list[int] = []
        hi: list[int] = []
        for i, start in enumerate(starts):
            end = starts[i + 1] - 1 if i + 1 < n else len(text)
            segment = text[start:end]
            stripped_left = segment.lstrip()
            if not stripped_left:
                lo.append(end)
                hi.append(end)
                continue
            left = start + len(segment) - len(stripped_left)
            lo.append(left)
            hi.append(left + len(stripped_left.rstrip()))
        self.text = text
        self.lo = lo
        self.hi = hi

    def __len__(self) -> int:
        return len(self.lo)

    def blank(self, i: int) -> bool:
        return self.lo[i] == self.hi[i]

    def content(self, i: int) -> str:
        return self.text[self.lo[i]:self.hi[i]]

    def content_if_short(self, i: int, limit: int) -> str:
        """The line's content, or '' when it is longer than ``limit`` (cheap shape checks)."""
        if self.hi[i] - self.lo[i] > limit:
            return ""
        return self.text[self.lo[i]:self.hi[i]]


# ---------------------------------------------------------------- parsing
def _inline(text: str, start: int, end: int) -> tuple[Node, ...]:
    """Text runs and citation markers tiling ``text[start:end]``."""
    out: list[Node] = []
    pos = start
    for match in MARKER_RE.finditer(text, start, end):
        if match.start() > pos:
            out.append(Text(text, pos, match.start()))
        out.append(CitationMarker(text, match.start(), match.end(), int(match.group(1))))
        pos = match.end()
    if pos < end:
        out.append(Text(text, pos, end))
    return tuple(out)


def _top(lines: _Lines) -> tuple[int | None, list[int], int]:
    """Title line index (or None), chrome line indexes, index of the first body line."""
    count = len(lines)
    i = 0
    while i < count and lines.blank(i):
        i += 1
    if i >= count:
        return None, [], count
    title: int | None = None
    first = lines.content_if_short(i, _MAX_TITLE_CHARS)
    if first and not _is_top_chrome(first):
        nxt = i + 1
        if nxt >= count or lines.blank(nxt):
            if _is_title_line(first, chrome_follows=False):
                title = i
            else:
                j = nxt
                while j < count and lines.blank(j):
                    j += 1
                if j < count and _is_top_chrome(lines.content_if_short(j, _MAX_CHROME_LEN)):
                    title = i if _is_title_line(first, chrome_follows=True) else None
        elif _is_top_chrome(lines.content_if_short(nxt, _MAX_CHROME_LEN)):
            title = i if _is_title_line(first, chrome_follows=True) else None
        if title is None:
            return None, [], i
        i += 1
    chrome: list[int] = []
    body = i
    while i < count:
        if lines.blank(i):
            i += 1
            continue
        if not _is_top_chrome(lines.content_if_short(i, _MAX_CHROME_LEN)):
            break
        chrome.append(i)
        i += 1
        body = i
    return title, chrome, body


def _entry(lines: _Lines, i: int) -> tuple[str, int, int] | None:
    """``(kind, number, text_start)`` when line ``i`` is a reference entry."""
    text = lines.text
    lo, hi = lines.lo[i], lines.hi[i]
    if lo == hi:
        return None
    match = _NUMBERED_RE.match(text, lo, hi)
    if match is not None:
        start = match.end()
        if _CARET_RE.match(text, start, hi) is not None:  # "1. ^ a b Smith": skip back-links
            back = _BACKLINKS_RE.match(text, start, hi)
            start = back.end() if back is not None else start
        return "numbered", int(match.group(1)), start
    match = _CARET_RE.match(text, lo, hi)
    if match is not None:
        back = _BACKLINKS_RE.match(text, lo, hi)
        return "caret", 0, back.end() if back is not None else match.end()
    return None


def _bottom(lines: _Lines, body: int) -> tuple[list[tuple[int, int, int]], list[int], int]:
    """Reference entries ``(line, number, text_start)``, footer lines, end of the body."""
    k = len(lines)
    footer: list[int] = []
    while k > body:
        i = k - 1
        if lines.blank(i):
            k = i
        elif _is_footer(lines.content_if_short(i, _MAX_CHROME_LEN)):
            footer.append(i)
            k = i
        else:
            break
    footer.reverse()
    content_end = k  # lines [body, content_end) hold the page's content

    # The trailing run of entry lines (blank lines allowed between them), one kind only.
    found: list[tuple[int, int, int]] = []  # (line, number, text_start), last first
    kind = ""
    i = content_end - 1
    while i >= body:
        if lines.blank(i):
            i -= 1
            continue
        entry = _entry(lines, i)
        if entry is None or (kind and entry[0] != kind):
            break
        kind = entry[0]
        found.append((i, entry[1], entry[2]))
        i -= 1
    if not found:
        return [], footer, content_end
    if kind == "numbered":
        # Keep the longest suffix numbered consecutively (…, n-1, n).
        keep = 1
        while keep < len(found) and found[keep][1] == found[keep - 1][1] - 1:
            keep += 1
        found = found[:keep]
        found.reverse()
        if found[0][1] != 1 and len(found) < 2:
            return [], footer, content_end  # a lone "1990. …" line is prose
    else:
        found.reverse()
        found = [(line, n, start) for n, (line, _, start) in enumerate(found, 1)]
    return found, footer, found[0][0]


def _section_span(children: list[Node], default: int) -> tuple[int, int]:
    if not children:
        return default, default
    return children[0].start, children[-1].end


def parse_rendered(source: SourceFile) -> Document:
    """Parse a rendered (browser-text) wiki page into a lossless ``Document``."""
    text = source.text
    lines = _Lines(source)
    count = len(lines)
    lo, hi = lines.lo, lines.hi

    title_line, chrome, body = _top(lines)
    entries, footer, body_end = _bottom(lines, body)

    lead: list[Node] = []
    if title_line is not None:
        lead.append(Text(text, lo[title_line], hi[title_line]))
    for i in chrome:
        lead.append(Text(text, lo[i], hi[i]))

    # (heading or None, children) per section; the lead first.
    sections: list[tuple[Heading | None, list[Node]]] = [(None, lead)]
    current = lead

    i = body
    while i < body_end:
        if lines.blank(i):
            i += 1
            continue
        before_blank = i == 0 or lines.blank(i - 1)
        after_blank = i + 1 >= count or i + 1 >= body_end or lines.blank(i + 1)
        if before_blank and after_blank:
            line = lines.content_if_short(i, _MAX_HEADING_CHARS + 80)
            if line and is_heading_line(line):
                core = _core_heading_text(line)
                title = Text(text, lo[i], lo[i] + len(core))
                heading = Heading(text, lo[i], hi[i], 2, (title,))
                current = [heading]
                sections.append((heading, current))
                i += 1
                continue
        # A paragraph: this line and the following non-blank lines up to a blank line.
        j = i
        while j + 1 < body_end and not lines.blank(j + 1):
            j += 1
        start, end = lo[i], hi[j]
        current.append(Paragraph(text, start, end, _inline(text, start, end)))
        i = j + 1

    markers_by_number: dict[int, list[CitationMarker]] = {}
    if entries:
        made: list[ReferenceEntry] = []
        for entry_line, number, text_start in entries:
            entry_end = hi[entry_line]
            kids: tuple[Node, ...] = ()
            if text_start < entry_end:
                kids = (Text(text, text_start, entry_end),)
            made.append(ReferenceEntry(text, text_start, entry_end, number, kids))
        first_line = entries[0][0]
        current.append(ReferenceList(text, lo[first_line], made[-1].end, tuple(made)))
        for _, children in sections:
            for child in children:
                if isinstance(child, Paragraph):
                    for kid in child.children:
                        if isinstance(kid, CitationMarker):
                            markers_by_number.setdefault(kid.number, []).append(kid)
        for entry in made:
            entry.markers = tuple(markers_by_number.get(entry.number, ()))
    for i in footer:
        current.append(Text(text, lo[i], hi[i]))

    built: list[Node] = []
    for sec_heading, children in sections:
        if sec_heading is None:
            sec_start, sec_end = _section_span(children, 0)
            built.append(Section(text, sec_start, sec_end, 0, None, tuple(children)))
        else:
            sec_start, sec_end = sec_heading.start, children[-1].end
            built.append(Section(text, sec_start, sec_end, 2, sec_heading, tuple(children)))

    page_title = text[lo[title_line]:hi[title_line]] if title_line is not None else None
    document = Document(source, tuple(built), dialect="rendered", problems=(), title=page_title)
    nodes.link_parents(document)
    return document
