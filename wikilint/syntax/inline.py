"""Inline structure within one line: HTML tag pairs and bold/italic.

MediaWiki pairs ``''``/``'''`` per line (``doQuotes``) and closes what is
left open at the line's end; :func:`structure_inline` does the same over a
list of sibling nodes, and wraps ``<small>…</small>`` style tags whose
opener and closer are siblings into one :class:`Tag` with contents.
"""

from __future__ import annotations

from wikilint.syntax.nodes import Bold, Italic, LineBreak, Node, Tag, Text, Toggle
from wikilint.syntax.vocabulary import MAX_DEPTH, OPTIONAL_CLOSE_TAGS, VOID_TAGS

__all__ = ["structure_inline", "VOID_TAGS", "OPTIONAL_CLOSE_TAGS"]



def structure_inline(s: str, nodes: list[Node]) -> list[Node]:
    """Pair tags, then bold/italic, in one container's node list."""
    has_tag = has_toggle = False
    for node in nodes:
        if type(node) is Toggle:
            has_toggle = True
        elif type(node) is Tag and node.contents is None and not node.self_closing:
            has_tag = True
    if has_tag:
        nodes = _pair_tags(s, nodes)
    if has_toggle:
        nodes = _pair_quotes_by_line(s, nodes)
    return nodes


# ------------------------------------------------------------------ tags
def _pair_tags(s: str, nodes: list[Node]) -> list[Node]:
    """Wrap sibling ``<tag>``…``</tag>`` pairs into one Tag with contents.

    A closer pairs with the nearest open tag of its name (tags opened after
    that one stay unclosed inside it).  Deeper than :data:`MAX_DEPTH`, pairs
    are only marked closed, not nested, so the tree stays shallow.
    """
    out: list[Node] = []
    stack: list[tuple[int, Tag]] = []   # (index in out, opening tag)
    where: dict[str, list[int]] = {}    # name -> indexes in stack of its open tags
    flat: dict[str, list[Tag]] = {}     # openers past MAX_DEPTH, by name
    for node in nodes:
        if type(node) is not Tag or node.contents is not None or node.self_closing:
            out.append(node)
            continue
        tag: Tag = node
        name = tag.name
        if not tag.closing:
            if name not in VOID_TAGS:
                if len(stack) >= MAX_DEPTH:
                    flat.setdefault(name, []).append(tag)
                else:
                    where.setdefault(name, []).append(len(stack))
                    stack.append((len(out), tag))
            out.append(tag)
            continue
        deep = flat.get(name)
        if deep:
            deep.pop().closed = True
            tag.closed = True
            out.append(tag)
            continue
        opened = where.get(name)
        if not opened:
            out.append(tag)
            continue
        depth = opened.pop()
        idx, opener = stack[depth]
        for _, inner_tag in stack[depth + 1:]:
            where[inner_tag.name].pop()
        del stack[depth:]
        inner = out[idx + 1:]
        del out[idx:]
        if any(type(n) is Toggle for n in inner):
            inner = _pair_quotes_by_line(s, inner)
        out.append(Tag(s, opener.start, tag.end, name, opener.attributes, tuple(inner),
                       open_end=opener.end, close_start=tag.start))
    return out


# --------------------------------------------------------- bold / italic
def _split_lines(s: str, nodes: list[Node]) -> list[list[Node]]:
    """Split a node list into lines, cutting Text nodes at newlines."""
    lines: list[list[Node]] = [[]]
    for node in nodes:
        if type(node) is LineBreak:
            lines[-1].append(node)
            lines.append([])
            continue
        if type(node) is Text:
            start, end = node.start, node.end
            nl = s.find("\n", start, end)
            if nl >= 0:
                while nl >= 0:
                    lines[-1].append(Text(s, start, nl + 1))
                    lines.append([])
                    start = nl + 1
                    nl = s.find("\n", start, end)
                if start < end:
                    lines[-1].append(Text(s, start, end))
                continue
        lines[-1].append(node)
    return lines


def _pair_quotes_by_line(s: str, nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for line in _split_lines(s, nodes):
        if any(type(n) is Toggle for n in line):
            out.extend(pair_quotes(s, line))
        else:
            out.extend(line)
    return out


class _Frame:
    __slots__ = ("cls", "start", "children")

    def __init__(self, cls: type[Bold] | type[Italic], start: int):
        self.cls = cls
        self.start = start
        self.children: list[Node] = []


def _balance_counts(s: str, nodes: list[Node]) -> list[Node]:
    """MediaWiki: when both the ''-count and the '''-count are odd, one ''' is ' + ''."""
    italics = bolds = 0
    for node in nodes:
        if type(node) is Toggle:
            length = node.end - node.start
            if length == 2:
                italics += 1
            elif length == 3:
                bolds += 1
            else:
                italics += 1
                bolds += 1
    if not (italics % 2 and bolds % 2):
        return nodes
    single = multi = space = -1
    for i, node in enumerate(nodes):
        if type(node) is Toggle and node.end - node.start == 3:
            x1 = s[node.start - 1] if node.start >= 1 else " "
            x2 = s[node.start - 2] if node.start >= 2 else " "
            if x1 == " ":
                if space < 0:
                    space = i
            elif x2 == " ":
                single = i
                break
            elif multi < 0:
                multi = i
    chosen = single if single >= 0 else multi if multi >= 0 else space
    if chosen < 0:
        return nodes
    tog = nodes[chosen]
    return nodes[:chosen] + [Text(s, tog.start, tog.start + 1),
                             Toggle(s, tog.start + 1, tog.end)] + nodes[chosen + 1:]


def pair_quotes(s: str, line: list[Node]) -> list[Node]:
    """Turn the Toggle nodes of one line into nested Bold/Italic nodes."""
    line = _balance_counts(s, line)
    root: list[Node] = []
    stack: list[_Frame] = []

    def children() -> list[Node]:
        return stack[-1].children if stack else root

    def close_top(end: int, closed: bool = True) -> None:
        frame = stack.pop()
        node = frame.cls(s, frame.start, end, tuple(frame.children), closed)
        children().append(node)

    def toggle(cls: type[Bold] | type[Italic], tog: Node) -> None:
        idx = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].cls is cls), -1)
        if idx < 0:
            stack.append(_Frame(cls, tog.start))
            return
        reopen = [f.cls for f in stack[idx + 1:]]
        while len(stack) > idx + 1:  # close what was opened inside, reopen it after
            close_top(tog.start)
        close_top(tog.end)
        for other in reopen:
            stack.append(_Frame(other, tog.end))

    tail: Node | None = None
    if line and type(line[-1]) is LineBreak:
        line, tail = line[:-1], line[-1]
    elif line and type(line[-1]) is Text and s[line[-1].end - 1] == "\n":
        last = line[-1]
        line = line[:-1] + ([Text(s, last.start, last.end - 1)]
                            if last.end - 1 > last.start else [])
        tail = Text(s, last.end - 1, last.end)
    for node in line:
        if type(node) is not Toggle:
            children().append(node)
            continue
        length = node.end - node.start
        if length == 2:
            toggle(Italic, node)
        elif length == 3:
            toggle(Bold, node)
        else:  # five: bold and italic
            open_b = any(f.cls is Bold for f in stack)
            open_i = any(f.cls is Italic for f in stack)
            if open_b and open_i:
                while stack:
                    close_top(node.end if len(stack) == 1 else node.start)
            elif open_b or open_i:
                first = Bold if open_b else Italic
                other = Italic if open_b else Bold
                toggle(first, node)
                stack.append(_Frame(other, node.end))
            else:
                stack.append(_Frame(Bold, node.start))
                stack.append(_Frame(Italic, node.start))
    # MediaWiki closes formatting left open at the end of the line
    end = line[-1].end if line else 0
    while stack:
        close_top(max(end, stack[-1].start), closed=False)
    if tail is not None:
        root.append(tail)
    return root
