"""Block structure: lines of the top-level inline run become headings,
paragraphs, lists, tables and sections.

The grammar leaves :class:`LineBreak` nodes between top-level lines; a
construct that spans lines (a template, a ``<ref>``, a comment) belongs to
the line it starts on, as in MediaWiki's preprocessor.
"""

from __future__ import annotations

import re

from wikilint.regex_cache import compile_cached
from wikilint.syntax.inline import structure_inline
from wikilint.syntax.nodes import (
    BadMarkup,
    Comment,
    Heading,
    HorizontalRule,
    LineBreak,
    List,
    ListItem,
    MagicWord,
    Node,
    Paragraph,
    Preformatted,
    Redirect,
    Section,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Tag,
    Template,
    Text,
    Wikilink,
)
from wikilint.syntax.vocabulary import MAX_DEPTH, OPTIONAL_CLOSE_TAGS, VOID_TAGS

__all__ = ["build_blocks"]

_REDIRECT_RE = compile_cached(
    r"\s*#(?:REDIRECT|WEITERLEITUNG|REDIRECTION|ПЕРЕНАПРАВЛЕНИЕ|REDIRECCIÓN|RINVIA)\s*:?\s*$",
    re.I)
_HR_RE = compile_cached(r"-{4,}")
_LIST_RE = compile_cached(r"[*#:;]+")
# One attribute of a table cell (``style="x"``, ``rowspan=2``); matched one after the
# other, never as a repeated group (which backtracks exponentially on 'a=ba=ba=b… c').
_CELL_ATTR_RE = compile_cached(r"""\s*[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s|"']+)""")

# Tags that stand on a line of their own without being prose.
_BLOCK_TAGS = frozenset("""references gallery div center table tr td th br hr section
includeonly noinclude onlyinclude templatestyles indicator timeline graph mapframe
imagemap categorytree inputbox score templatedata hiero blockquote p ul ol li dl dd dt
h1 h2 h3 h4 h5 h6 caption""".split())
# MediaWiki starts no <pre> box on a space-led line that opens or closes one of these
# (BlockLevelPass: the "openMatch"/"closeMatch" lists).
_NO_PRE_TAGS = frozenset("""table h1 h2 h3 h4 h5 h6 pre tr td th p ul ol dl li blockquote
div hr center""".split())


class _Line:
    __slots__ = ("start", "end", "nodes", "brk")

    def __init__(self, start: int, end: int, nodes: list[Node], brk: Node | None):
        self.start = start
        self.end = end
        self.nodes = nodes
        self.brk = brk  # the LineBreak after this line, if any


def _split_lines(nodes: list[Node], n: int) -> list[_Line]:
    lines: list[_Line] = []
    cur: list[Node] = []
    start = 0
    for node in nodes:
        if type(node) is LineBreak:
            lines.append(_Line(start, node.start, cur, node))
            cur = []
            start = node.end
        else:
            cur.append(node)
    lines.append(_Line(start, n, cur, None))
    return lines


def _is_blank(s: str, line: _Line) -> bool:
    return all(type(nd) is Text and not s[nd.start:nd.end].strip() for nd in line.nodes)


def _is_nonprose_only(s: str, line: _Line) -> bool:
    """A line of templates, comments, categories, images, magic words and block tags."""
    seen = False
    for nd in line.nodes:
        t = type(nd)
        if t is Text:
            if s[nd.start:nd.end].strip():
                return False
            continue
        if t is Template or t is Comment or t is MagicWord:
            seen = True
        elif isinstance(nd, Wikilink) and (nd.is_media or nd.is_category or nd.is_interlanguage):
            seen = True
        elif isinstance(nd, Tag) and (nd.name in _BLOCK_TAGS or nd.closing):
            seen = True
        else:
            return False
    return seen


def _is_comment_only(s: str, line: _Line) -> bool:
    """A line of comments and spaces: MediaWiki removes it, joining the lines around it."""
    seen = False
    for nd in line.nodes:
        t = type(nd)
        if t is Comment:
            seen = True
        elif t is not Text or s[nd.start:nd.end].strip(" \t"):
            return False
    return seen


def _is_pre(s: str, line: _Line) -> bool:
    """A line that starts with a space and shows something: a ``<pre>`` line."""
    nodes = line.nodes
    if not nodes or type(nodes[0]) is not Text or s[nodes[0].start] != " ":
        return False
    if _is_blank(s, line) or _is_nonprose_only(s, line):
        return False
    for nd in nodes:
        if isinstance(nd, Tag) and nd.name in _NO_PRE_TAGS:
            return False
    return True


def _cut(s: str, nodes: list[Node], prefix_len: int) -> tuple[list[Node], int]:
    """Drop ``prefix_len`` characters from the start of ``nodes`` (which start with Text)."""
    first = nodes[0]
    cut = first.start + prefix_len
    rest = nodes[1:]
    if cut < first.end:
        rest = [Text(s, cut, first.end)] + rest
    return rest, cut


def _lead_text(s: str, line: _Line) -> str:
    if line.nodes and isinstance(line.nodes[0], Text):
        first = line.nodes[0]
        return s[first.start:first.end]
    return ""


def _heading(s: str, line: _Line) -> Heading | None:
    nodes = line.nodes
    if not nodes or type(nodes[0]) is not Text or s[nodes[0].start] != "=":
        return None
    # trailing whitespace and comments are allowed after the closing =
    last = len(nodes) - 1
    while last >= 0 and (type(nodes[last]) is Comment or (
            type(nodes[last]) is Text and not s[nodes[last].start:nodes[last].end].strip())):
        last -= 1
    if last < 0 or type(nodes[last]) is not Text:
        return None
    tail = nodes[last]
    tail_text = s[tail.start:tail.end].rstrip(" \t\r")
    if not tail_text.endswith("="):
        return None
    open_n = len(s[nodes[0].start:nodes[0].end]) - len(s[nodes[0].start:nodes[0].end].lstrip("="))
    close_n = len(tail_text) - len(tail_text.rstrip("="))
    level = min(open_n, close_n, 6)
    title_start = nodes[0].start + level
    title_end = tail.start + len(tail_text) - level
    if title_end <= title_start:
        if last == 0:  # "====" style lines: the '=' are shared
            return None
    if level < 1 or title_end < title_start:
        return None
    inner: list[Node] = []
    for nd in nodes[:last + 1]:
        a, b = max(nd.start, title_start), min(nd.end, title_end)
        if a >= b:
            continue
        if (a, b) == (nd.start, nd.end):
            inner.append(nd)
        elif type(nd) is Text:
            inner.append(Text(s, a, b))
        else:
            return None  # markup crossing the = delimiters: not a heading
    end = tail.start + len(tail_text)
    return Heading(s, nodes[0].start, end, level, tuple(structure_inline(s, inner)))


class _Builder:
    def __init__(self, s: str):
        self.s = s
        self.quote_depth = 0  # <blockquote> tags open at the top level (no <pre> inside)

    def build(self, top: list[Node]) -> tuple[list[Node], list[Tag]]:
        """Return the blocks (headings, paragraphs, lists, tables, bare nodes) in order."""
        s = self.s
        lines = _split_lines(top, len(s))
        blocks: list[Node] = []
        i = 0
        n_lines = len(lines)
        if lines and lines[0].nodes:
            redirect = self._redirect(lines[0])
            if redirect is not None:
                blocks.append(redirect)
                if lines[0].brk is not None:
                    blocks.append(lines[0].brk)
                i = 1
        while i < n_lines:
            line = lines[i]
            lead = _lead_text(s, line)
            stripped = lead.lstrip(" \t")
            if stripped.startswith("{|"):
                i = self._table(lines, i, blocks)
                continue
            if lead.startswith("="):
                heading = _heading(s, line)
                if heading is not None:
                    blocks.append(heading)
                    blocks.extend(_nodes_after(s, line.nodes, heading.end))  # spaces, comments
                    self._after(line, blocks)
                    i += 1
                    continue
            if lead and lead[0] in "*#:;":
                i = self._list(lines, i, blocks)
                continue
            if _HR_RE.match(lead):
                m = _HR_RE.match(lead)
                assert m is not None
                first = line.nodes[0]
                blocks.append(HorizontalRule(s, first.start, first.start + m.end()))
                rest, _ = _cut(s, line.nodes, m.end())
                if rest and not _is_blank(s, _Line(0, 0, rest, None)):
                    i = self._paragraph(lines, i, blocks, rest)
                    continue
                blocks.extend(rest)
                self._after(line, blocks)
                i += 1
                continue
            if not self.quote_depth and _is_pre(s, line):
                i = self._pre(lines, i, blocks)
                continue
            if _is_blank(s, line) or _is_nonprose_only(s, line):
                self._track_quotes(line.nodes)
                blocks.extend(line.nodes)
                self._after(line, blocks)
                i += 1
                continue
            i = self._paragraph(lines, i, blocks, line.nodes)
        return blocks, []

    def _track_quotes(self, nodes: list[Node]) -> None:
        for nd in nodes:
            if isinstance(nd, Tag) and nd.name == "blockquote" \
                    and nd.contents is None and not nd.self_closing:
                self.quote_depth = max(0, self.quote_depth + (-1 if nd.closing else 1))

    @staticmethod
    def _after(line: _Line, blocks: list[Node]) -> None:
        if line.brk is not None:
            blocks.append(line.brk)

    def _redirect(self, line: _Line) -> Redirect | None:
        s = self.s
        nodes = line.nodes
        for idx, nd in enumerate(nodes):
            if type(nd) is Wikilink:
                if idx == 0 or not all(type(x) is Text for x in nodes[:idx]):
                    return None
                if not _REDIRECT_RE.match(s[nodes[0].start:nd.start]):
                    return None
                return Redirect(s, nodes[0].start, line.end, tuple(structure_inline(s, nodes)))
        return None

    def _ends_paragraph(self, line: _Line) -> bool:
        """Does this line start a new block (or is it blank), ending the paragraph before it?"""
        s = self.s
        if not line.nodes or _is_blank(s, line) or _is_nonprose_only(s, line):
            return True
        lead = _lead_text(s, line)
        if lead[:1] in ("*", "#", ":", ";") or lead.lstrip(" \t").startswith("{|") \
                or _HR_RE.match(lead):
            return True
        if lead[:1] == "=" and _heading(s, line) is not None:
            return True
        return not self.quote_depth and _is_pre(s, line)

    def _paragraph(self, lines: list[_Line], i: int, blocks: list[Node],
                   first_nodes: list[Node]) -> int:
        """Consecutive prose lines form one paragraph.

        A line of comments alone between two prose lines stays inside: MediaWiki
        removes such a line, joining its neighbours into one paragraph.
        """
        s = self.s
        self._track_quotes(first_nodes)
        children: list[Node] = list(structure_inline(s, first_nodes))
        start = first_nodes[0].start if first_nodes else lines[i].start
        end = lines[i].end
        last_brk = lines[i].brk
        i += 1
        n_lines = len(lines)
        while i < n_lines and last_brk is not None:
            line = lines[i]
            if _is_comment_only(s, line):
                k = i
                while k < n_lines and lines[k].brk is not None and _is_comment_only(s, lines[k]):
                    k += 1
                if k >= n_lines or k == i or lines[k - 1].brk is None \
                        or self._ends_paragraph(lines[k]):
                    break
                for comment_line in lines[i:k]:
                    children.append(last_brk)
                    children.extend(comment_line.nodes)
                    last_brk = comment_line.brk
                    assert last_brk is not None  # the loop above stops before the last line
                i = k
                continue
            if self._ends_paragraph(line):
                break
            self._track_quotes(line.nodes)
            children.append(last_brk)
            children.extend(structure_inline(s, line.nodes))
            end = line.end
            last_brk = line.brk
            i += 1
        # trailing whitespace on the last line stays inside; the line break does not
        blocks.append(Paragraph(s, start, end, tuple(children)))
        if last_brk is not None:
            blocks.append(last_brk)
        return i

    def _pre(self, lines: list[_Line], i: int, blocks: list[Node]) -> int:
        """Consecutive space-led lines: one preformatted block."""
        s = self.s
        first = lines[i]
        children: list[Node] = list(structure_inline(s, first.nodes))
        start = first.nodes[0].start
        end = first.end
        last_brk = first.brk
        i += 1
        while i < len(lines) and last_brk is not None and _is_pre(s, lines[i]):
            line = lines[i]
            children.append(last_brk)
            children.extend(structure_inline(s, line.nodes))
            end = line.end
            last_brk = line.brk
            i += 1
        blocks.append(Preformatted(s, start, end, tuple(children)))
        if last_brk is not None:
            blocks.append(last_brk)
        return i

    def _list(self, lines: list[_Line], i: int, blocks: list[Node]) -> int:
        s = self.s
        items: list[Node] = []
        start = lines[i].start
        end = start
        last_brk: Node | None = None
        while i < len(lines):
            line = lines[i]
            lead = _lead_text(s, line)
            m = _LIST_RE.match(lead)
            if m is None:
                break
            marker = m.group()
            rest, _ = _cut(s, line.nodes, m.end())
            if items and last_brk is not None:
                items.append(last_brk)
            items.extend(self._items(line, marker, rest))
            end = line.end
            last_brk = line.brk
            i += 1
            if last_brk is None:
                break
        blocks.append(List(s, start, end, tuple(items)))
        if last_brk is not None:
            blocks.append(last_brk)
        return i

    def _items(self, line: _Line, marker: str, rest: list[Node]) -> list[ListItem]:
        """One item, or two for ``;term:definition`` (MediaWiki's <dt> and <dd>)."""
        s = self.s
        # Tags and apostrophe runs are paired over the whole line first, as MediaWiki
        # does (doQuotes before the block pass): the term ends at the first colon
        # outside them (findColonNoLinks skips colons inside open elements), so the
        # term of ;'''1:00''':bar is the bold "1:00".
        nodes = structure_inline(s, rest)
        if marker.endswith(";"):
            for k, nd in enumerate(nodes):
                if type(nd) is not Text:
                    continue
                colon = s.find(":", nd.start, nd.end)
                if colon < 0:
                    continue
                term = nodes[:k] + ([Text(s, nd.start, colon)] if colon > nd.start else [])
                definition = ([Text(s, colon + 1, nd.end)] if colon + 1 < nd.end else []) \
                    + nodes[k + 1:]
                return [ListItem(s, line.start, colon, marker, tuple(term)),
                        ListItem(s, colon, line.end, marker[:-1] + ":", tuple(definition))]
        return [ListItem(s, line.start, line.end, marker, tuple(nodes))]

    # --------------------------------------------------------- tables
    def _table(self, lines: list[_Line], i: int, blocks: list[Node]) -> int:
        table, i, before, after = self._parse_table(lines, i, 1)
        blocks.extend(before)
        blocks.append(table)
        if after:  # text after '|}' on its line
            rest = _Line(after[0].start, after[-1].end, after, None)
            if _is_blank(self.s, rest) or _is_nonprose_only(self.s, rest):
                blocks.extend(after)
            else:
                blocks.append(Paragraph(self.s, after[0].start, after[-1].end,
                                        tuple(structure_inline(self.s, after))))
        brk = lines[i - 1].brk if i > 0 else None
        if brk is not None:
            blocks.append(brk)
        return i

    def _parse_table(self, lines: list[_Line], i: int,
                     depth: int) -> tuple[Table, int, list[Node], list[Node]]:
        """The table starting at line ``i``: (table, next line, nodes before '{|' on its
        line (indentation), nodes after '|}' on its line)."""
        s = self.s
        first_line = lines[i]
        lead = _lead_text(s, first_line)
        start = first_line.nodes[0].start + len(lead) - len(lead.lstrip(" \t"))
        before: list[Node] = [Text(s, first_line.nodes[0].start, start)] \
            if start > first_line.nodes[0].start else []
        after: list[Node] = []
        children: list[Node] = []  # captions and rows
        row: list[Node] = []
        row_start = -1
        row_attrs = ""
        cell: list[Node] = []
        cell_start = -1
        cell_header = False
        closed = False
        end = first_line.end

        def flush_cell() -> None:
            nonlocal cell, cell_start, row_start
            if cell_start < 0:
                return
            nodes = cell
            while nodes and type(nodes[-1]) is LineBreak:
                nodes = nodes[:-1]
            row.append(self._cell(cell_start, nodes, cell_header))
            if row_start < 0:
                row_start = cell_start
            cell = []
            cell_start = -1

        def flush_row() -> None:
            nonlocal row, row_start, row_attrs
            if row_start >= 0:
                row_end = row[-1].end if row else row_start + 2
                children.append(TableRow(s, row_start, row_end, tuple(row), row_attrs))
            row = []
            row_start = -1
            row_attrs = ""

        i += 1
        while i < len(lines):
            line = lines[i]
            lead = _lead_text(s, line)
            body = lead.lstrip(" \t")
            indent = len(lead) - len(body)
            pos = (line.nodes[0].start + indent) if line.nodes else line.start
            if body.startswith("{|") and depth < MAX_DEPTH:
                nested, i, nested_before, nested_after = self._parse_table(lines, i, depth + 1)
                if cell_start < 0:
                    cell_start = (nested_before or [nested])[0].start
                    cell_header = False
                cell.extend(nested_before)
                cell.append(nested)
                cell.extend(nested_after)
                brk = lines[i - 1].brk
                if brk is not None:
                    cell.append(brk)
                continue
            if body.startswith("|}"):
                flush_cell()
                flush_row()
                closed = True
                end = pos + 2
                after = _nodes_after(s, line.nodes, end)
                i += 1
                break
            if body.startswith("|-"):
                flush_cell()
                flush_row()
                row_start = pos
                row_attrs = s[pos + 2:line.end].lstrip("-")
                i += 1
                continue
            if body.startswith("|+"):
                flush_cell()
                flush_row()
                rest = _after_prefix(s, line, indent + 2)
                children.append(TableCaption(s, pos, line.end, tuple(structure_inline(s, rest))))
                i += 1
                continue
            if body[:1] in ("|", "!"):
                flush_cell()
                cells = self._split_cells(line, indent, body[0] == "!")
                for cstart, cnodes in cells[:-1]:
                    row.append(self._cell(cstart, cnodes, body[0] == "!"))
                    if row_start < 0:
                        row_start = cstart
                # the last cell stays open: lines without a marker continue it
                cell_start, cell = cells[-1][0], list(cells[-1][1])
                cell_header = body[0] == "!"
                if line.brk is not None:
                    cell.append(line.brk)
                i += 1
                continue
            # any other line continues the current cell (or is text before the first cell)
            if cell_start < 0 and not line.nodes:
                i += 1  # an empty line before any cell
                continue
            if cell_start < 0:
                cell_start = line.nodes[0].start if line.nodes else line.start
                cell_header = False
            cell.extend(line.nodes)
            if line.brk is not None:
                cell.append(line.brk)
            i += 1
        flush_cell()
        flush_row()
        if not closed:  # it runs to the end of the last line it took
            end = max(lines[i - 1].end, first_line.end)
        attrs = s[start + 2:first_line.end]
        return Table(s, start, end, tuple(children), closed, attrs), i, before, after

    def _split_cells(self, line: _Line, indent: int,
                     header: bool) -> list[tuple[int, list[Node]]]:
        """Split a ``| a || b`` (or ``! a !! b``) line into (start, nodes) per cell."""
        s = self.s
        first = line.nodes[0]
        cells: list[tuple[int, list[Node]]] = []
        cur_start = first.start + indent
        cur: list[Node] = []
        seps = ("||", "!!") if header else ("||",)
        nodes = list(line.nodes[1:])
        if cur_start + 1 < first.end:  # the first node without the '|' or '!'
            nodes.insert(0, Text(s, cur_start + 1, first.end))
        for nd in nodes:
            if type(nd) is not Text:
                cur.append(nd)
                continue
            pos = nd.start
            # the next '||' (and '!!') from pos: each found once, so long lines stay linear
            nexts = [s.find(sep, pos, nd.end) for sep in seps]
            while True:
                hits = [h for h in nexts if h >= 0]
                if not hits:
                    break
                hit = min(hits)
                if hit > pos:
                    cur.append(Text(s, pos, hit))
                cells.append((cur_start, cur))
                cur_start, cur = hit, []
                pos = hit + 2
                nexts = [h if h < 0 or h >= pos else s.find(sep, pos, nd.end)
                         for h, sep in zip(nexts, seps, strict=True)]
            if pos < nd.end:
                cur.append(Text(s, pos, nd.end))
        cells.append((cur_start, cur))
        return cells

    def _cell(self, start: int, nodes: list[Node], header: bool) -> TableCell:
        """A cell; ``| attr=value | content`` keeps the attributes apart."""
        s = self.s
        attrs = ""
        content = nodes
        if nodes and type(nodes[0]) is Text:
            first = nodes[0]
            ftext = s[first.start:first.end]
            p = ftext.find("|")
            if p >= 0 and _is_cell_attributes(ftext[:p]):
                attrs = ftext[:p]
                content = ([Text(s, first.start + p + 1, first.end)]
                           if first.start + p + 1 < first.end else []) + nodes[1:]
        end = nodes[-1].end if nodes else start + (2 if s.startswith(("||", "!!"), start) else 1)
        return TableCell(s, start, end, tuple(structure_inline(s, content)), header, attrs)


def _is_cell_attributes(text: str) -> bool:
    """Is ``text`` (before a cell's first '|') a run of attributes, in linear time?"""
    pos = 0
    found = False
    while True:
        m = _CELL_ATTR_RE.match(text, pos)
        if m is None:
            return found and not text[pos:].strip()
        found = True
        pos = m.end()


def _nodes_after(s: str, nodes: list[Node], offset: int) -> list[Node]:
    """The nodes of a line from ``offset`` on (a Text node straddling it is cut)."""
    out: list[Node] = []
    for nd in nodes:
        if nd.start >= offset:
            out.append(nd)
        elif nd.end > offset and type(nd) is Text:
            out.append(Text(s, offset, nd.end))
    return out


def _after_prefix(s: str, line: _Line, prefix_len: int) -> list[Node]:
    if not line.nodes:
        return []
    rest, _ = _cut(s, line.nodes, prefix_len)
    return rest


def build_blocks(s: str, top: list[Node]) -> list[Node]:
    blocks, _ = _Builder(s).build(top)
    return blocks


def build_sections(s: str, blocks: list[Node]) -> list[Node]:
    """Group blocks into nested sections; the lead is a level-0 section."""
    lead_children: list[Node] = []
    root: list[Node] = []
    # stack of (level, heading, children)
    stack: list[tuple[int, Heading | None, list[Node]]] = [(0, None, lead_children)]

    def close_top() -> None:
        level, heading, kids = stack.pop()
        if heading is None:
            start = kids[0].start if kids else 0
        else:
            start = heading.start
        end = _content_end(kids) if kids else start
        section = Section(s, start, end, level, heading, tuple(kids))
        parent = stack[-1][2] if stack else root
        parent.append(section)

    for block in blocks:
        if type(block) is Heading:
            while len(stack) > 1 and stack[-1][0] >= block.level:
                close_top()
            stack.append((block.level, block, [block]))
        else:
            stack[-1][2].append(block)
    while stack:
        close_top()
    return root


def _content_end(kids: list[Node]) -> int:
    return max(k.end for k in kids)


def html_tag_problems(nodes: list[Node]) -> None:
    """Pair standalone HTML tags across the page; mark openers/closers that pair.

    A closer pairs with the nearest open tag of its name; the tags opened
    after that one and still open are left unclosed (as browsers do).
    """
    stack: list[Tag] = []             # open tags, innermost last
    where: dict[str, list[int]] = {}  # name -> indexes in stack of its open tags
    for node in nodes:
        if type(node) is not Tag or node.contents is not None or node.self_closing:
            continue
        tag: Tag = node
        name = tag.name
        if name in VOID_TAGS or name in OPTIONAL_CLOSE_TAGS:
            tag.closed = True
            continue
        if not tag.closing:
            where.setdefault(name, []).append(len(stack))
            stack.append(tag)
            continue
        opened = where.get(name)
        if not opened:
            tag.closed = False
            continue
        depth = opened.pop()
        stack[depth].closed = True
        tag.closed = True
        for inner in stack[depth + 1:]:  # closed implicitly: still unclosed
            where[inner.name].pop()
        del stack[depth:]


__all__ += ["build_sections", "html_tag_problems", "BadMarkup"]
