"""Bold and italic as MediaWiki pairs them, and the runs it closes at a line's end.

MediaWiki pairs ``''`` and ``'''`` per line (``doQuotes``): on each line of
a paragraph, list item, heading, table cell, ``<ref>``, template parameter,
piped link's text and image caption, whatever is still open at the end of
the line is closed there, so the rest of the line is italic or bold.  This
module rebuilds such a line as text (markup that is not text as stand-in
characters), pairs its apostrophes with :func:`wikilint.syntax.inline.pair_quotes`
and reports each run left open as an :class:`Unclosed`, with the repair that
closes it where MediaWiki does (checked by pairing the edited line again).

:func:`root_of` gives the unit a run belongs to; :func:`root_unclosed` the
runs left open in one unit; :func:`find_unclosed` those of a whole page;
:func:`describe` words a finding.  Used by the rule unclosed-formatting
(WL303).
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.analysis.edits import Repair, TextEdit
from wikilint.analysis.prose import plain_text
from wikilint.records import FrozenRecord
from wikilint.syntax.inline import pair_quotes
from wikilint.syntax.nodes import (
    Bold,
    Document,
    ExternalLink,
    Heading,
    Italic,
    ListItem,
    Node,
    Paragraph,
    Parameter,
    TableCaption,
    TableCell,
    Tag,
    Text,
    Toggle,
    Wikilink,
)
from wikilint.syntax.vocabulary import OPAQUE_TAGS, PARSED_TAGS

__all__ = ["Unclosed", "TextEdit", "Repair", "find_unclosed", "root_of", "root_unclosed",
           "harmless", "describe"]


# Where MediaWiki pairs '' and ''' on its own: each line of a block, of a
# <ref> (parsed apart from the page), of a template parameter (as far as we
# can tell: the template may put it anywhere), of a piped link's text (T6598)
# and of an image caption.
_ROOTS = (Paragraph, ListItem, Heading, TableCell, TableCaption, Parameter)
_NAMES = {Paragraph: "paragraph", ListItem: "list item", Heading: "heading",
          TableCell: "table cell", TableCaption: "table caption", Parameter: "template parameter"}
_OWN_CONTEXT_TAGS = PARSED_TAGS | OPAQUE_TAGS
_OPAQUE = "\x00"  # stands for content that is not text: templates, refs, comments
_BRACKET = "\x01"  # stands for the brackets of links and tags around text
_EDGE = "\x02"  # stands for a block's own markup: list markers, cell bars, heading ='s
_MARKUP = _OPAQUE + _BRACKET + _EDGE
_Run = Bold | Italic


class Unclosed(FrozenRecord):
    """A bold or italic run MediaWiki closes at the end of its line."""

    __slots__ = ("kind", "opener", "close_at", "closer", "root", "whole", "to_end", "text", "fix",
                 "continued")
    kind: str                 # "italic" or "bold"
    opener: tuple[int, int]   # source span of the '' or ''' that opened it
    close_at: int             # source offset where MediaWiki closes it (end of the line's text)
    closer: str               # the apostrophes that close it there
    root: Node                # the block, ref, parameter or caption it is in
    whole: bool               # the run starts with its block's text
    to_end: bool              # the run reaches the end of its block (not just of a line)
    text: str                 # the formatted text, markup shown as …
    fix: Repair
    # the run that the closing mark, typed on the next line, opens instead
    # (``''Max FM⏎''.``): one run split by a line break, reported once
    continued: Unclosed | None

    def __init__(self, kind: str, opener: tuple[int, int], close_at: int, closer: str, root: Node,
                 whole: bool, to_end: bool, text: str, fix: Repair,
                 continued: Unclosed | None = None) -> None:
        self.kind = kind
        self.opener = opener
        self.close_at = close_at
        self.closer = closer
        self.root = root
        self.whole = whole
        self.to_end = to_end
        self.text = text
        self.fix = fix
        self.continued = continued

    @property
    def span(self) -> tuple[int, int]:
        """The source span to report: the opener, through the next line's mark if continued."""
        return (self.opener[0], self.continued.opener[1] if self.continued else self.opener[1])


# ----------------------------------------------------------- the line's text
class _Line:
    """Text of a root with markup reduced to placeholders, mapped to the source."""

    def __init__(self, src: str):
        self.src = src
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.labels: dict[int, str] = {}  # what a link's placeholder shows, for messages
        self.inner_breaks: set[int] = set()  # line breaks inside a template, tag or comment
        self._text = ""
        self._text_len = 0
        self._content_end: int | None = None
        self._content_len = 0

    def raw(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.chars.append(self.src[i])
            self.starts.append(i)
            self.ends.append(i + 1)

    def opaque(self, start: int, end: int, mark: str = _OPAQUE) -> None:
        """One placeholder for a span; its newlines kept so lines still split there."""
        if start >= end:
            return
        piece = self.src[start:end]
        if "\n" not in piece:
            self.chars.append(mark)
            self.starts.append(start)
            self.ends.append(end)
            return
        at = start
        for part in piece.split("\n"):
            stop = at + len(part)
            if part:
                self.chars.append(mark)
                self.starts.append(at)
                self.ends.append(stop)
            if stop < end:
                self.inner_breaks.add(len(self.chars))
                self.chars.append("\n")
                self.starts.append(stop)
                self.ends.append(stop + 1)
            at = stop + 1

    def node(self, node: Node) -> None:
        if isinstance(node, Text):
            self.raw(node.start, node.end)
        elif isinstance(node, (Bold, Italic)):
            self.container(node, raw_gaps=True)
        elif isinstance(node, Wikilink):
            # MediaWiki pairs a piped link's text on its own (T6598) and leaves
            # the target alone: to the line, a link is one opaque piece.
            if not (node.is_media or node.is_category):
                shown = node.parts[-1] if node.parts else node.title
                self.labels[len(self.chars)] = plain_text(shown).lstrip(":")
            self.opaque(node.start, node.end)
        elif isinstance(node, ExternalLink):
            self.between(node, node.title or ())
        elif isinstance(node, Tag):
            if node.name in _OWN_CONTEXT_TAGS or not node.contents:
                self.opaque(node.start, node.end)
            else:
                self.between(node, node.contents)
        else:  # templates, arguments, comments, entities, magic words …
            self.opaque(node.start, node.end)

    def container(self, node: Node, raw_gaps: bool) -> None:
        at = node.start
        for child in node.children:
            (self.raw if raw_gaps else self.opaque)(at, child.start)
            self.node(child)
            at = child.end
        (self.raw if raw_gaps else self.opaque)(at, node.end)

    def between(self, node: Node, inner: tuple[Node, ...]) -> None:
        """Markup around ``inner`` is opaque; ``inner`` is text of the line."""
        if not inner:
            self.opaque(node.start, node.end)
            return
        self.opaque(node.start, inner[0].start, _BRACKET)
        at = inner[0].start
        for child in inner:
            self.opaque(at, child.start, _BRACKET)
            self.node(child)
            at = child.end
        self.opaque(at, node.end, _BRACKET)

    def content_end(self) -> int:
        """Where the root's text ends but for line breaks, spaces and markup placeholders
        (computed once: every unclosed run asks whether it runs to the end)."""
        if self._content_end is None or self._content_len != len(self.chars):
            self._content_end = len(self.text.rstrip("\n \t" + _MARKUP))
            self._content_len = len(self.chars)
        return self._content_end

    @property
    def text(self) -> str:
        """The line's characters as one string (joined again only after more were added:
        a root with thousands of unclosed runs reads it once per run)."""
        if self._text_len != len(self.chars):
            self._text = "".join(self.chars)
            self._text_len = len(self.chars)
        return self._text


def _root_line(root: Node, src: str) -> _Line:
    line = _Line(src)
    if isinstance(root, Parameter):
        for child in root.value:
            line.node(child)
    elif isinstance(root, Wikilink):
        for child in root.parts[-1]:
            line.node(child)
    elif isinstance(root, Tag):  # a <ref>: its contents, not its brackets
        at = root.open_end
        for child in root.contents or ():
            line.opaque(at, child.start, _EDGE)
            line.node(child)
            at = child.end
        line.opaque(at, root.close_start, _EDGE)
    else:
        at = root.start
        for child in root.children:
            line.opaque(at, child.start, _EDGE)
            line.node(child)
            at = child.end
        line.opaque(at, root.end, _EDGE)
    return line


# ------------------------------------------------ MediaWiki's pairing, per line
def _toggles(s: str, start: int, end: int) -> list[Node]:
    """Text and Toggle nodes of ``s[start:end]``, with the grammar's rules for
    runs of four (' + ''') and of more than five (extras + ''''')."""
    nodes: list[Node] = []
    i = text_start = start
    while i < end:
        if s[i] != "'" or i + 1 >= end or s[i + 1] != "'":
            i += 1
            continue
        j = i
        while j < end and s[j] == "'":
            j += 1
        length = j - i
        lead = 1 if length == 4 else max(0, length - 5)
        if i + lead > text_start:
            nodes.append(Text(s, text_start, i + lead))
        nodes.append(Toggle(s, i + lead, j))
        i = text_start = j
    if text_start < end:
        nodes.append(Text(s, text_start, end))
    return nodes


def _formatting(s: str, start: int, end: int) -> tuple[list[_Run], list[_Run]]:
    """MediaWiki's bold/italic for one line: (all formatting nodes, unclosed ones)."""
    nodes = _toggles(s, start, end)
    if not any(type(n) is Toggle for n in nodes):
        return [], []
    found: list[_Run] = [n for top in pair_quotes(s, nodes) for n in top.walk()
                         if isinstance(n, (Bold, Italic))]
    return found, [n for n in found if not n.closed]


def _styles(s: str, start: int, end: int,
            skip: tuple[int, int] = (0, 0)) -> list[tuple[str, int]]:
    """The visible characters of a line with their style (1 italic, 2 bold),
    leaving out ``skip``, whitespace and link brackets."""
    nodes = _toggles(s, start, end)
    out: list[tuple[str, int]] = []

    def visit(node: Node, style: int) -> None:
        if isinstance(node, (Bold, Italic)):
            bit = 1 if isinstance(node, Italic) else 2
            for child in node.children:
                visit(child, style | bit)
        elif type(node) is Text:
            for k in range(node.start, node.end):
                c = s[k]
                if not skip[0] <= k < skip[1] and not c.isspace() and c not in _BRACKET + _EDGE:
                    out.append((c, style))

    if any(type(n) is Toggle for n in nodes):
        nodes = pair_quotes(s, nodes)
    for node in nodes:
        visit(node, 0)
    return out


def _origin(node: _Run, found: list[_Run], s: str) -> int:
    """Where the run really opened: a run reopened after ''' closed its outer
    bold (``'''a ''b''' c``) starts at the '' inside."""
    start = node.start
    seen = 0
    while s[start:start + 1] != "'" and seen < 10:
        seen += 1
        before = [n for n in found if type(n) is type(node) and n.closed and n.end <= start
                  and not s[n.end:start].strip("'")]
        if not before:
            break
        start = max(before, key=lambda n: n.end).start
    return start


# ------------------------------------------------------------------- finding
def _roots(doc: Document) -> Iterator[Node]:
    """Roots that hold at least one unclosed run, in source order."""
    seen: set[int] = set()
    for node in doc.walk():
        if isinstance(node, (Bold, Italic)) and not node.closed:
            root = root_of(node)
            if root is not None and id(root) not in seen:
                seen.add(id(root))
                yield root


def root_of(node: Node) -> Node | None:
    for anc in node.ancestors():
        if isinstance(anc, _ROOTS):
            return anc
        if isinstance(anc, Tag) and anc.name in _OWN_CONTEXT_TAGS:
            return anc
        if isinstance(anc, Wikilink):
            return anc if anc.parts and node.start >= anc.parts[-1][0].start else None
    return None


def find_unclosed(doc: Document) -> list[Unclosed]:
    """Every bold or italic run of the page that MediaWiki closes at a line's end."""
    src = doc.text
    out: list[Unclosed] = []
    for root in _roots(doc):
        out.extend(root_unclosed(root, src))
    return out


def root_unclosed(root: Node, src: str) -> Iterator[Unclosed]:
    line = _root_line(root, src)
    s = line.text
    lines: list[_LineRuns] = []
    start = 0
    while start <= len(s):
        end = s.find("\n", start)
        end = len(s) if end < 0 else end
        lines.append(_LineRuns(start, end, *_formatting(s, start, end)))
        start = end + 1
    taken: set[int] = set()
    for k, here in enumerate(lines):
        for node in here.unclosed:
            if id(node) in taken:
                continue
            item = _describe(node, here.found, line, root, here.start, here.end)
            after = _continuation(item, here, lines[k + 1], line) \
                if k + 1 < len(lines) else None
            if after is not None:
                taken.add(id(after))
                nxt = lines[k + 1]
                later = _describe(after, nxt.found, line, root, nxt.start, nxt.end)
                item = item._replace(continued=later, to_end=False,
                                 fix=_join_fix(line, here.end, item))
            yield item


class _LineRuns(FrozenRecord):
    __slots__ = ("start", "end", "found", "unclosed")
    start: int
    end: int
    found: list[_Run]
    unclosed: list[_Run]

    def __init__(self, start: int, end: int, found: list[_Run], unclosed: list[_Run]) -> None:
        self.start = start
        self.end = end
        self.found = found
        self.unclosed = unclosed


def _continuation(item: Unclosed, here: _LineRuns, nxt: _LineRuns, line: _Line) -> _Run | None:
    """The run that the closing mark of ``item``, typed on the next line, opens instead.

    ``''Max FM⏎''.`` or ``'''it is assumed that⏎the shape of the function '''
    (and``: the line's only open run, and a first mark on the next line of
    the same kind that stands where a closing mark stands (after text, or
    before punctuation or a space), not where an opening one does
    (``⏎''Bar was``).  The line break must be the text's own, not one inside
    a template, tag or comment.
    """
    s = line.text
    if len(here.unclosed) != 1 or not nxt.unclosed or here.end in line.inner_breaks:
        return None
    size = len(item.closer)
    cls = Italic if item.kind == "italic" else Bold
    for node in nxt.unclosed:
        if not isinstance(node, cls):
            continue
        toggle = _opening_toggle(s, _origin(node, nxt.found, s), nxt.start, nxt.end, size)
        if toggle[1] - toggle[0] != size or "''" in s[nxt.start:toggle[0]] \
                or s[toggle[0] - 1:toggle[0]] == "'" or s[toggle[1]:toggle[1] + 1] == "'":
            return None
        before = s[toggle[0] - 1] if toggle[0] > nxt.start else " "
        after = s[toggle[1]] if toggle[1] < nxt.end else " "
        opens = (before.isspace() or before in _BRACKET + _EDGE) and \
            (after.isalnum() or after in _OPAQUE + _BRACKET)
        return None if opens else node
    return None


def _join_fix(line: _Line, at: int, item: Unclosed) -> Repair:
    """Join the line with the next one so that the mark there closes the run.

    Unsafe: the text between the line break and that mark becomes formatted,
    and the text after it no longer is (what the author meant).
    """
    src = line.src
    start, end = line.starts[at], line.ends[at]
    while start > 0 and src[start - 1] in " \t\r":  # \r: a CRLF break goes whole
        start -= 1
    while end < len(src) and src[end] in " \t":
        end += 1
    return Repair((TextEdit(start, end, " "),), safe=False,
               description=f"join the two lines so the {item.closer} on the next line closes "
                           f"the {item.kind} text")


def _describe(node: _Run, found: list[_Run], line: _Line, root: Node, start: int,
              end: int) -> Unclosed:
    s = line.text
    kind = "italic" if isinstance(node, Italic) else "bold"
    closer = "'" * (2 if kind == "italic" else 3)
    toggle = _opening_toggle(s, _origin(node, found, s), start, end, len(closer))
    last = end
    while last > toggle[1] and (s[last - 1].isspace() or s[last - 1] == _EDGE):
        last -= 1  # MediaWiki closes after a heading's ==, but the fix must not
    first = start
    while first < end and (s[first].isspace() or s[first] in _MARKUP):
        first += 1  # list markers, cell bars, a link's [[target|
    opener = (_src_start(line, toggle[0]), _src_start(line, toggle[1]))
    close_at = line.ends[last - 1] if last > toggle[1] else opener[1]
    shown = " ".join(_shown(line, toggle[1], last).split())
    return Unclosed(
        kind, opener, close_at, closer, root,
        whole=first == toggle[0] and toggle[1] < end and not s[toggle[1]].isspace(),
        to_end=line.content_end() <= end, text=shown,
        fix=_fix(line, start, end, toggle, last, closer, kind))


def _shown(line: _Line, start: int, end: int) -> str:
    """The text of a stretch of the line as a reader sees it, markup as …."""
    out = []
    for k in range(start, end):
        c = line.chars[k]
        if c == _OPAQUE:
            out.append(line.labels.get(k, "…"))
        elif c not in (_BRACKET, _EDGE):
            out.append(c)
    return "".join(out)


def _opening_toggle(s: str, at: int, start: int, end: int, size: int) -> tuple[int, int]:
    """The apostrophes that opened a run found at ``at``.

    A run usually starts at its ''; one opened by a run of five that closed the
    other style (``''a'''''b``) starts just after it: its opener is the last
    ``size`` apostrophes of that run.
    """
    if s[at:at + 1] == "'":
        stop = at
        while stop < end and s[stop] == "'":
            stop += 1
        return at, stop
    begin = at
    while begin > start and s[begin - 1] == "'":
        begin -= 1
    return max(begin, at - size), at


def _src_start(line: _Line, i: int) -> int:
    """Source offset of synthetic character ``i`` (or of the end, past the last one)."""
    if i < len(line.starts):
        return line.starts[i]
    return line.ends[-1] if line.ends else 0


def _fix(line: _Line, start: int, end: int, toggle: tuple[int, int], last: int, closer: str,
         kind: str) -> Repair:
    """Close the run where MediaWiki closes it; drop an opener that formats nothing.

    The edit is checked by pairing the edited line again: every character
    must keep its style and the run must be closed; otherwise the fix is
    marked unsafe.
    """
    s = line.text
    if last <= toggle[1]:  # nothing after the opener: remove it
        cut = (_src_start(line, toggle[0]),
               line.ends[toggle[1] - 1] if toggle[1] > toggle[0] else _src_start(line, toggle[0]))
        safe = _same_styles(s, start, end, toggle, "", kind)
        return Repair((TextEdit(cut[0], cut[1], ""),), safe=safe,
                   description=f"remove the {kind} markup that formats nothing")
    at = line.ends[last - 1]
    insert = closer
    if s[last - 1] == "'" or line.src[at - 1:at] == "'":
        insert = "<nowiki/>" + closer  # rock 'n' + '' would read as ''' (bold)
    safe = _same_styles(s, start, end, (last, last), insert, kind)
    return Repair((TextEdit(at, at, insert),), safe=safe,
               description=f"add {closer} where MediaWiki closes the {kind} run")


def _same_styles(s: str, start: int, end: int, cut: tuple[int, int], insert: str,
                 kind: str) -> bool:
    """Whether replacing ``s[cut[0]:cut[1]]`` by ``insert`` keeps every other
    character's text and style and closes one more run of ``kind``."""
    cls = Italic if kind == "italic" else Bold
    before = _styles(s, start, end, cut)
    piece = insert.replace("<nowiki/>", _OPAQUE)
    # the edited line alone, with the two characters before it that MediaWiki's
    # pairing looks at (not a copy of the whole root per finding)
    base = max(0, start - 2)
    edited = s[base:cut[0]] + piece + s[cut[1]:end]
    at = cut[0] - base
    after = _styles(edited, start - base, len(edited), (at, at + len(piece)))
    _, open_before = _formatting(s, start, end)
    _, open_after = _formatting(edited, start - base, len(edited))
    return before == after and (sum(isinstance(n, cls) for n in open_after)
                                < sum(isinstance(n, cls) for n in open_before))



def harmless(item: Unclosed) -> bool:
    """Formatting meant for a whole cell, list item or caption, closed by its end.

    A table cell formatted to its end (``| '''Total``, ``|'''54.8%''' ''164,676``)
    is a common idiom: the end of the cell closes it.  A list item or caption
    formatted from its first character to its end (``:''See also: …``) is the
    same idiom.
    """
    if isinstance(item.root, (TableCell, TableCaption)):
        return item.to_end
    return isinstance(item.root, (ListItem, Wikilink)) and item.whole and item.to_end


def _where(root: Node) -> str:
    if isinstance(root, Tag):
        return "<ref>" if root.name == "ref" else f"<{root.name}>"
    if isinstance(root, Wikilink):
        return "image caption" if root.is_media else "link text"
    for cls, name in _NAMES.items():
        if isinstance(root, cls):
            return name
    return "line"


def _shorten(run: str) -> str:
    return run[:28].rstrip() + "…" + run[-28:].lstrip() if len(run) > 60 else run


def describe(item: Unclosed, src: str) -> str:
    written = src[item.opener[0]:item.opener[1]]
    mark = item.closer if len(written) != len(item.closer) else written
    if len(written) > len(item.closer):
        mark = f"{item.closer} (of {written})"
    run = _shorten(item.text)
    if item.continued is not None:
        rest = item.continued.text
        instead = f"opens {item.kind} text instead: \"{_shorten(rest)}\"" if rest else \
            "opens nothing"
        return (f"{item.kind} markup {mark} is closed only on the next line in this "
                f"{_where(item.root)}, but MediaWiki ends {item.kind} text at each line break: "
                f"\"{run}\" is {item.kind} to the end of its line, and the {item.closer} on the "
                f"next line {instead}; join the two lines so that {item.closer} closes the "
                f"{item.kind} text")
    hint = ""
    if src[item.opener[1]:item.opener[1] + 1].isspace():
        hint = f" (if this {mark} was meant to close an earlier run, add its opening {mark})"
    if not run:
        return (f"{item.kind} markup {mark} opens nothing before the end of its line in this "
                f"{_where(item.root)}; remove it")
    if not run.strip("… "):
        run = "…\" (only markup follows, such as a <ref> or a template)"
        return (f"{item.kind} markup {mark} is never closed on its line in this "
                f"{_where(item.root)}, so MediaWiki makes the rest of the line {item.kind}: "
                f"\"{run}; add {item.closer} where the {item.kind} text ends{hint}")
    return (f"{item.kind} markup {mark} is never closed on its line in this {_where(item.root)}, "
            f"so MediaWiki makes the rest of the line {item.kind}: \"{run}\"; add {item.closer} "
            f"where the {item.kind} text ends{hint}")
