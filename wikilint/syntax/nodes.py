"""The wikitext tree.

Every node knows its ``start``/``end`` offsets in the source and
``str(node) == source[node.start:node.end]``.  Delimiters (``{{``, ``|``,
``]]`` …) are not nodes of their own but are covered by their parent's span,
so the tree is lossless: ``str(document) == text``.

Nodes are slotted and treated as immutable once the parser hands them out:
child sequences are tuples and ``parent`` is set once, by the parser.  A node
holds its parent by weak reference, so a tree has no reference cycles: it is
freed as soon as the last reference to it goes, without the cyclic garbage
collector (whose passes over live trees were a fifth of the lint time).  Keep
the :class:`Document` while you use ``parent``, ``ancestors()`` or ``section``
of its nodes: a node kept alone no longer knows its parent.
Names follow mwparserfromhell where it has one (Text, Template, Parameter,
Argument, Wikilink, ExternalLink, Tag, Attribute, Comment, HTMLEntity,
Heading); block nodes (Section, Paragraph, List, ListItem, Table, …) follow
the same style.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, ClassVar, TypeVar
from weakref import ref

from wikilint.records import FrozenRecord
from wikilint.regex_cache import compile_cached
from wikilint.syntax.namespace_names import CATEGORY_NAMES, MEDIA_NAMES
from wikilint.syntax.vocabulary import HIDDEN_TAGS

if TYPE_CHECKING:
    from wikilint.syntax.source import SourceFile

__all__ = [
    "Node", "Text", "Comment", "HTMLEntity", "MagicWord", "Signature", "HorizontalRule",
    "Template", "Parameter", "Argument", "Wikilink", "ExternalLink", "Tag", "Attribute",
    "Bold", "Italic", "Heading", "Paragraph", "Preformatted", "List", "ListItem", "Table",
    "TableCaption", "TableRow", "TableCell", "Redirect", "Section", "Document", "CitationMarker",
    "ReferenceList", "ReferenceEntry", "MarkupProblem",
]

N = TypeVar("N", bound="Node")
_EMPTY: tuple[Node, ...] = ()


class Node:
    """Base of all nodes: a span of the source text with child nodes."""

    __slots__ = ("_src", "start", "end", "children", "_parent", "__weakref__")
    kind: ClassVar[str] = "node"

    def __init__(self, src: str, start: int, end: int, children: tuple[Node, ...] = _EMPTY):
        self._src = src
        self.start = start
        self.end = end
        self.children = children
        self._parent: ref[Node] | None = None

    @property
    def parent(self) -> Node | None:
        """The node this one is a child of (None for the root, or once the tree is freed)."""
        up = self._parent
        return up() if up is not None else None

    def __str__(self) -> str:
        return self._src[self.start:self.end]

    def __repr__(self) -> str:
        snippet = self._src[self.start:self.end]
        if len(snippet) > 40:
            snippet = snippet[:37] + "..."
        return f"<{type(self).__name__} {self.start}-{self.end} {snippet!r}>"

    def _details(self) -> str:
        """Extra information shown by ``wikilint parse`` after the span."""
        return ""

    # -- navigation -------------------------------------------------------
    def walk(self) -> Iterator[Node]:
        """This node and all its descendants, in source order (pre-order)."""
        index = _LAST_INDEX()
        if index is not None:
            span = index.subtree(self)
            if span is not None:
                return iter(index.order[span[0]:span[1]])
        return _walk(self)

    def filter(self, cls: type[N]) -> Iterator[N]:
        """All descendants (and self) that are instances of ``cls``."""
        index = _LAST_INDEX()
        if index is not None:
            span = index.subtree(self)
            if span is not None:
                return iter(index.between(cls, span[0], span[1]))
        return (node for node in _walk(self) if isinstance(node, cls))  # type: ignore[misc]

    def ancestors(self) -> Iterator[Node]:
        up = self._parent
        while up is not None:
            node = up()
            if node is None:
                return
            yield node
            up = node._parent

    def ancestor(self, cls: type[N]) -> N | None:
        """The closest ancestor that is an instance of ``cls``."""
        for node in self.ancestors():
            if isinstance(node, cls):
                return node
        return None

    @property
    def section(self) -> Section | None:
        """The innermost section this node is in."""
        return self if isinstance(self, Section) else self.ancestor(Section)

    @property
    def document(self) -> Document | None:
        if isinstance(self, Document):
            return self
        return self.ancestor(Document)


def _walk(root: Node) -> Iterator[Node]:
    stack: list[Node] = [root]
    pop = stack.pop
    extend = stack.extend
    while stack:
        node = pop()
        yield node
        kids = node.children
        if kids:
            extend(reversed(kids))


class NodeIndex:
    """The nodes below a page's root in pre-order, by class, and each subtree's range.

    Built once per :class:`Document` when first asked (trees do not change
    after parsing), so that every rule's ``walk``/``filter`` of the page or
    of a block in it reads a list instead of walking the tree again.  The
    root itself is not in the lists: the document holds its index, and an
    index holding the document would make a reference cycle.
    """

    __slots__ = ("order", "ends", "_starts", "_by_type", "_by_class", "__weakref__")

    def __init__(self, root: Node, link: bool = False):
        """Index the nodes below ``root``; with ``link``, also set each node's parent
        (the parser's last step, done in the same walk)."""
        order: list[Node] = []
        ends: list[int] = []
        append = order.append
        mark = ends.append
        stack: list[Node | int] = list(reversed(root.children))
        pop = stack.pop
        push = stack.append
        extend = stack.extend
        if link:
            up = ref(root)
            for child in root.children:
                child._parent = up
        # an int on the stack closes the subtree of the node at that position
        while stack:
            node = pop()
            if type(node) is int:
                ends[node] = len(order)
                continue
            kids = node.children  # type: ignore[union-attr]
            if kids:
                if link:
                    up = ref(node)  # type: ignore[arg-type]
                    for child in kids:
                        child._parent = up
                push(len(order))
                mark(0)
                append(node)  # type: ignore[arg-type]
                extend(reversed(kids))
            else:
                mark(len(order) + 1)
                append(node)  # type: ignore[arg-type]
        self.order = order
        self.ends = ends  # order[i:ends[i]] is order[i] and its descendants
        self._starts: list[int] | None = None
        self._by_type: dict[type, list[int]] | None = None
        self._by_class: dict[type, tuple[list[int], list[Node]]] = {}

    def of(self, cls: type[N]) -> list[N]:
        """The nodes that are instances of ``cls``, in pre-order."""
        return self._class(cls)[1]  # type: ignore[return-value]

    def _class(self, cls: type) -> tuple[list[int], list[Node]]:
        found = self._by_class.get(cls)
        if found is None:
            by_type = self._by_type
            if by_type is None:
                by_type = self._by_type = {}
                for i, t in enumerate(map(type, self.order)):
                    group = by_type.get(t)
                    if group is None:
                        by_type[t] = [i]
                    else:
                        group.append(i)
            groups = [g for t, g in by_type.items() if issubclass(t, cls)]
            if len(groups) == 1:
                positions = groups[0]
            else:
                positions = sorted(i for g in groups for i in g)
            order = self.order
            found = self._by_class[cls] = (positions, [order[i] for i in positions])
        return found

    def subtree(self, node: Node) -> tuple[int, int] | None:
        """``order[a:b]`` is ``node`` and its descendants; None for a node not indexed here."""
        starts = self._starts
        if starts is None:
            starts = self._starts = [n.start for n in self.order]
        # pre-order visits nodes by their start; the few that share one are a
        # container and its first descendants
        order = self.order
        at = node.start
        k = bisect_left(starts, at)
        n = len(order)
        while k < n and starts[k] == at:
            if order[k] is node:
                return k, self.ends[k]
            k += 1
        return None

    def between(self, cls: type[N], start: int, stop: int) -> list[N]:
        """The instances of ``cls`` among ``order[start:stop]``."""
        positions, nodes = self._class(cls)
        return nodes[bisect_left(positions, start):bisect_left(positions, stop)]  # type: ignore[return-value]


# The index most recently used, by weak reference (it does not keep its page
# alive): ``walk``/``filter`` of a node below its document use it (a run lints
# one page at a time).
def _no_index() -> NodeIndex | None:
    return None


_LAST_INDEX: Callable[[], NodeIndex | None] = _no_index


def _join(*groups: tuple[Node, ...] | None) -> tuple[Node, ...]:
    """The nodes of several groups as one tuple, in source order (a group that is the
    only one is returned as it is: a third of the parser's calls, no copy)."""
    present = [group for group in groups if group]
    if len(present) == 1 and type(present[0]) is tuple:
        out: tuple[Node, ...] | list[Node] = present[0]
    else:
        out = [node for group in present for node in group]
    # the parser passes the groups in order; sort only what comes otherwise
    last = -1
    for node in out:
        if node.start < last:
            return tuple(sorted(out, key=lambda n: n.start))
        last = node.start
    return out if type(out) is tuple else tuple(out)


# ---------------------------------------------------------------- leaves
class Text(Node):
    """Plain text."""

    __slots__ = ()
    kind = "text"

    @property
    def value(self) -> str:
        return self._src[self.start:self.end]


class Comment(Node):
    """``<!-- … -->``; ``closed`` is False when the comment runs to the end of the page."""

    __slots__ = ("closed",)
    kind = "comment"

    def __init__(self, src: str, start: int, end: int, closed: bool = True):
        super().__init__(src, start, end)
        self.closed = closed

    @property
    def contents(self) -> str:
        inner_end = self.end - 3 if self.closed else self.end
        return self._src[self.start + 4:inner_end]


class HTMLEntity(Node):
    """``&amp;``, ``&#8212;``, ``&#x2014;``; ``value`` is the character it stands for."""

    __slots__ = ("value",)
    kind = "entity"

    def __init__(self, src: str, start: int, end: int, value: str):
        super().__init__(src, start, end)
        self.value = value

    def _details(self) -> str:
        return f"value={self.value!r}"


class MagicWord(Node):
    """A behaviour switch such as ``__TOC__`` or ``__NOTOC__``."""

    __slots__ = ()
    kind = "magic_word"

    @property
    def name(self) -> str:
        return self._src[self.start + 2:self.end - 2]


class Signature(Node):
    """``~~~``, ``~~~~`` or ``~~~~~``."""

    __slots__ = ()
    kind = "signature"


class HorizontalRule(Node):
    """``----`` at the start of a line."""

    __slots__ = ()
    kind = "horizontal_rule"


# ------------------------------------------------------- inline containers
class Parameter(Node):
    """A template parameter: ``|value`` (positional) or ``|name=value``."""

    __slots__ = ("name", "value", "index", "_name_text")
    kind = "parameter"

    def __init__(self, src: str, start: int, end: int, name: tuple[Node, ...] | None,
                 value: tuple[Node, ...], index: int | None):
        super().__init__(src, start, end, _join(name, value))
        self.name = name
        self.value = value
        self.index = index  # 1-based position for positional parameters
        self._name_text: str | None = None

    @property
    def showkey(self) -> bool:
        return self.name is not None

    @property
    def name_text(self) -> str:
        text = self._name_text
        if text is None:
            if self.name is None:
                text = str(self.index)
            else:
                text = "".join(str(n) for n in self.name).strip()
            self._name_text = text
        return text

    @property
    def value_text(self) -> str:
        return "".join(str(n) for n in self.value)

    def _details(self) -> str:
        return f"name={self.name_text!r}"


class Template(Node):
    """``{{name|param|key=value}}``; parser functions (``{{#if:…}}``) too."""

    __slots__ = ("name", "params", "_name_text", "_normalized")
    kind = "template"

    def __init__(self, src: str, start: int, end: int, name: tuple[Node, ...],
                 params: tuple[Parameter, ...]):
        super().__init__(src, start, end, _join(name, params))
        self.name = name
        self.params = params
        self._name_text: str | None = None
        self._normalized: str | None = None

    @property
    def name_text(self) -> str:
        """The name as written, stripped, without comments, first letter not case-folded."""
        text = self._name_text
        if text is None:
            text = self._name_text = "".join(
                str(n) for n in self.name if not isinstance(n, Comment)).strip()
        return text

    @property
    def normalized_name(self) -> str:
        """Name for matching: ``Template:`` prefix dropped, ``_`` → space, case-folded."""
        name = self._normalized
        if name is None:
            name = " ".join(self.name_text.replace("_", " ").split())
            if name[:9].lower() == "template:":
                name = name[9:].lstrip()
            name = self._normalized = name.lower()
        return name

    def get(self, *names: str) -> Parameter | None:
        """The last parameter with one of ``names`` (MediaWiki lets the last one win)."""
        wanted = set(names)
        found = None
        for param in self.params:
            if param.name_text in wanted:
                found = param
        return found

    def has(self, name: str, ignore_empty: bool = True) -> bool:
        param = self.get(name)
        if param is None:
            return False
        return not ignore_empty or bool(param.value_text.strip())

    def _details(self) -> str:
        return f"name={self.name_text!r}"


class Argument(Node):
    """``{{{name|default}}}``."""

    __slots__ = ("name", "default")
    kind = "argument"

    def __init__(self, src: str, start: int, end: int, name: tuple[Node, ...],
                 default: tuple[Node, ...] | None):
        super().__init__(src, start, end, _join(name, default))
        self.name = name
        self.default = default

    @property
    def name_text(self) -> str:
        return "".join(str(n) for n in self.name).strip()


class Wikilink(Node):
    """``[[title|text]]``; File: links keep every ``|`` part in ``parts``."""

    __slots__ = ("title", "parts", "_title_text")
    kind = "wikilink"

    def __init__(self, src: str, start: int, end: int, title: tuple[Node, ...],
                 parts: tuple[tuple[Node, ...], ...]):
        super().__init__(src, start, end, _join(title, *parts))
        self.title = title
        self.parts = parts
        self._title_text: str | None = None

    @property
    def text(self) -> tuple[Node, ...] | None:
        """The displayed text (the last ``|`` part), or None."""
        return self.parts[-1] if self.parts else None

    @property
    def title_text(self) -> str:
        text = self._title_text
        if text is None:
            text = self._title_text = "".join(str(n) for n in self.title).strip()
        return text

    @property
    def namespace(self) -> str:
        """Lower-cased namespace prefix (``file``, ``category``, ``image``…) or ''."""
        title = self.title_text.lstrip(":")
        if ":" in title:
            return title.split(":", 1)[0].strip().lower()
        return ""

    @property
    def is_media(self) -> bool:
        return not self.title_text.startswith(":") and self.namespace in MEDIA_NAMESPACES

    @property
    def is_category(self) -> bool:
        return not self.title_text.startswith(":") and self.namespace in CATEGORY_NAMESPACES

    @property
    def is_interlanguage(self) -> bool:
        """``[[de:Aal]]``: a link to the same article in another language (shown in the
        sidebar, not in the text).  Written lower-case, without display text."""
        if self.parts:
            return False
        title = self.title_text
        prefix, colon, _ = title.partition(":")
        return bool(colon) and _LANGUAGE_PREFIX_RE.fullmatch(prefix.strip()) is not None \
            and prefix.strip() not in NON_LANGUAGE_PREFIXES

    def _details(self) -> str:
        return f"title={self.title_text!r}"


# every language's names, as MediaWiki ships them (see gen_namespaces.py)
MEDIA_NAMESPACES = MEDIA_NAMES | {"file", "image", "media"}
# Wikimedia language codes: "de", "fiu-vro", "zh-min-nan", "be-x-old" (a one-letter
# subtag), "simple".
_LANGUAGE_PREFIX_RE = compile_cached(r"[a-z]{2,3}(?:-[a-z]{1,8})*|simple")
# Lower-case prefixes of the right shape that are projects or namespaces, not languages.
NON_LANGUAGE_PREFIXES = frozenset("wikt voy mw species meta commons wmf doi rfc arxiv "
                                  "bug phab gerrit iso imdb ccc".split())
CATEGORY_NAMESPACES = CATEGORY_NAMES | {"category"}


class ExternalLink(Node):
    """``[url title]`` (``brackets`` True) or a bare URL."""

    __slots__ = ("url_end", "title", "brackets")
    kind = "external_link"

    def __init__(self, src: str, start: int, end: int, url_end: int,
                 title: tuple[Node, ...] | None, brackets: bool):
        super().__init__(src, start, end, title or _EMPTY)
        self.url_end = url_end
        self.title = title
        self.brackets = brackets

    @property
    def url(self) -> str:
        return self._src[self.start + (1 if self.brackets else 0):self.url_end]

    def _details(self) -> str:
        return f"url={self.url!r}"


class Attribute(FrozenRecord):
    """An attribute of a tag: ``name="value"``; offsets are absolute."""

    __slots__ = ("name", "value", "quote", "start", "end")
    name: str
    value: str | None
    quote: str
    start: int
    end: int

    def __init__(self, name: str, value: str | None, quote: str, start: int, end: int) -> None:
        self.name = name
        self.value = value
        self.quote = quote
        self.start = start
        self.end = end


class Tag(Node):
    """An HTML or extension tag.

    * paired: ``<ref name=x>…</ref>``: ``contents`` holds the children;
      ``closed`` is True.
    * self-closing: ``<references />``, ``<br/>``: ``self_closing`` is True.
    * a lone opening tag that was never closed: ``closed`` False, no contents.
    * a lone closing tag (``</div>`` whose opener is elsewhere or missing):
      ``closing`` is True.

    Opaque extension tags (nowiki, pre, math, syntaxhighlight…) have a
    single Text child; others have parsed contents.
    """

    __slots__ = ("name", "attributes", "contents", "self_closing", "closing", "closed",
                 "open_end", "close_start")
    kind = "tag"

    def __init__(self, src: str, start: int, end: int, name: str,
                 attributes: tuple[Attribute, ...], contents: tuple[Node, ...] | None,
                 *, self_closing: bool = False, closing: bool = False, closed: bool = True,
                 open_end: int | None = None, close_start: int | None = None):
        super().__init__(src, start, end, contents or _EMPTY)
        self.name = name
        self.attributes = attributes
        self.contents = contents
        self.self_closing = self_closing
        self.closing = closing
        self.closed = closed
        self.open_end = end if open_end is None else open_end
        self.close_start = end if close_start is None else close_start

    def get(self, name: str) -> str | None:
        for attr in self.attributes:
            if attr.name.lower() == name:
                return attr.value if attr.value is not None else ""
        return None

    @property
    def inner_text(self) -> str:
        return self._src[self.open_end:self.close_start]

    def _details(self) -> str:
        flags = []
        if self.self_closing:
            flags.append("self-closing")
        if self.closing:
            flags.append("closing")
        if not self.closed:
            flags.append("unclosed")
        attrs = " ".join(f"{a.name}={a.value!r}" for a in self.attributes)
        if attrs:
            attrs = f"attributes=[{attrs}]"
        return " ".join(x for x in (f"name={self.name!r}", attrs, *flags) if x)


class _Formatting(Node):
    __slots__ = ("closed",)

    def __init__(self, src: str, start: int, end: int, children: tuple[Node, ...],
                 closed: bool = True):
        super().__init__(src, start, end, children)
        self.closed = closed  # False: MediaWiki closes it at the end of the line

    def _details(self) -> str:
        return "" if self.closed else "unclosed"


class Bold(_Formatting):
    """``'''bold'''``."""

    __slots__ = ()
    kind = "bold"


class Italic(_Formatting):
    """``''italic''``."""

    __slots__ = ()
    kind = "italic"


# ---------------------------------------------------------------- scanner leaves
class BadMarkup(Text):
    """Text that looked like markup but was not: an unclosed opener or a stray closer."""

    __slots__ = ("kind", "markup")

    def __init__(self, src: str, start: int, end: int, kind: str, markup: str):
        super().__init__(src, start, end)
        self.kind = kind  # type: ignore[misc]  # 'unclosed' or 'stray' (shadows Node.kind)
        self.markup = markup

    def _details(self) -> str:
        return f"{self.kind} {self.markup!r}"


class LineBreak(Text):
    """A newline at the top level of the page (the block builder splits lines on these)."""

    __slots__ = ()


class Toggle(Text):
    """An apostrophe run (``''``, ``'''``, ``'''''``) before bold/italic pairing."""

    __slots__ = ()


# ---------------------------------------------------------------- blocks
class Heading(Node):
    """``== title ==``; ``title`` holds the nodes between the ``=`` runs."""

    __slots__ = ("level", "title")
    kind = "heading"

    def __init__(self, src: str, start: int, end: int, level: int, title: tuple[Node, ...]):
        super().__init__(src, start, end, title)
        self.level = level
        self.title = title

    @property
    def title_text(self) -> str:
        """The title as shown: markup stripped (see :func:`strip_code`)."""
        return strip_code(self.title).strip()

    def _details(self) -> str:
        return f"level={self.level} title={self.title_text!r}"


class Paragraph(Node):
    """Consecutive lines of running text."""

    __slots__ = ()
    kind = "paragraph"


class Preformatted(Node):
    """Consecutive lines that start with a space: MediaWiki shows them in a ``<pre>`` box.

    Code, pseudocode and verse set this way are not running prose; the
    children are the lines' inline nodes with :class:`LineBreak` nodes
    between them, as in a :class:`Paragraph`.
    """

    __slots__ = ()
    kind = "preformatted"


class ListItem(Node):
    """One line of a list; ``marker`` is its prefix (``*``, ``#:``, ``;`` …)."""

    __slots__ = ("marker",)
    kind = "list_item"

    def __init__(self, src: str, start: int, end: int, marker: str, children: tuple[Node, ...]):
        super().__init__(src, start, end, children)
        self.marker = marker

    def _details(self) -> str:
        return f"marker={self.marker!r}"


class List(Node):
    """Consecutive list items."""

    __slots__ = ()
    kind = "list"


class TableCaption(Node):
    """``|+ caption``."""

    __slots__ = ()
    kind = "table_caption"


class TableCell(Node):
    """``| cell`` or ``! header``; ``attributes`` is the raw attribute text, if any."""

    __slots__ = ("header", "attributes")
    kind = "table_cell"

    def __init__(self, src: str, start: int, end: int, children: tuple[Node, ...],
                 header: bool, attributes: str = ""):
        super().__init__(src, start, end, children)
        self.header = header
        self.attributes = attributes

    def _details(self) -> str:
        parts = ["header"] if self.header else []
        if self.attributes.strip():
            parts.append(f"attributes={self.attributes.strip()!r}")
        return " ".join(parts)


class TableRow(Node):
    """``|-`` and the cells after it (the first row may have no ``|-``).

    ``attributes`` is the raw text after ``|-`` (``style="…"``), if any.
    """

    __slots__ = ("attributes",)
    kind = "table_row"

    def __init__(self, src: str, start: int, end: int, children: tuple[Node, ...],
                 attributes: str = ""):
        super().__init__(src, start, end, children)
        self.attributes = attributes

    def _details(self) -> str:
        return f"attributes={self.attributes.strip()!r}" if self.attributes.strip() else ""


class Table(Node):
    """``{| … |}``; ``closed`` is False when ``|}`` is missing.

    Children are :class:`TableCaption` and :class:`TableRow` nodes;
    ``attributes`` is the raw text after ``{|`` (``class="wikitable"``).
    """

    __slots__ = ("closed", "attributes")
    kind = "table"

    def __init__(self, src: str, start: int, end: int, children: tuple[Node, ...],
                 closed: bool = True, attributes: str = ""):
        super().__init__(src, start, end, children)
        self.closed = closed
        self.attributes = attributes

    def _details(self) -> str:
        parts = [f"attributes={self.attributes.strip()!r}"] if self.attributes.strip() else []
        if not self.closed:
            parts.append("unclosed")
        return " ".join(parts)


class Redirect(Node):
    """``#REDIRECT [[Target]]``."""

    __slots__ = ()
    kind = "redirect"

    @property
    def target(self) -> Wikilink | None:
        for child in self.children:
            if isinstance(child, Wikilink):
                return child
        return None


class CitationMarker(Node):
    """Rendered text: a citation marker such as ``[1]``; ``number`` links it to the list."""

    __slots__ = ("number",)
    kind = "citation_marker"

    def __init__(self, src: str, start: int, end: int, number: int):
        super().__init__(src, start, end)
        self.number = number

    def _details(self) -> str:
        return f"number={self.number}"


class ReferenceEntry(Node):
    """Rendered text: one numbered entry of the reference list."""

    __slots__ = ("number", "markers")
    kind = "reference_entry"

    def __init__(self, src: str, start: int, end: int, number: int, children: tuple[Node, ...]):
        super().__init__(src, start, end, children)
        self.number = number
        self.markers: tuple[CitationMarker, ...] = ()

    def _details(self) -> str:
        return f"number={self.number}"


class ReferenceList(Node):
    """Rendered text: the numbered reference list at the end of the page."""

    __slots__ = ()
    kind = "reference_list"


class Section(Node):
    """A heading and everything up to the next heading of the same or higher level.

    The lead (before the first heading) is a section with ``heading`` None
    and level 0.  Subsections are children of their parent section.
    """

    __slots__ = ("level", "heading")
    kind = "section"

    def __init__(self, src: str, start: int, end: int, level: int, heading: Heading | None,
                 children: tuple[Node, ...]):
        super().__init__(src, start, end, children)
        self.level = level
        self.heading = heading

    @property
    def title(self) -> str:
        return self.heading.title_text if self.heading is not None else "(lead)"

    @property
    def body(self) -> tuple[Node, ...]:
        """Children other than the heading and subsections: the section's own content."""
        return tuple(c for c in self.children
                     if c is not self.heading and not isinstance(c, Section))

    @property
    def subsections(self) -> tuple[Section, ...]:
        return tuple(c for c in self.children if isinstance(c, Section))

    def _details(self) -> str:
        return f"level={self.level} title={self.title!r}"


class MarkupProblem(FrozenRecord):
    """Markup the parser could not pair: ``kind`` is ``unclosed`` or ``stray``.

    ``markup`` names the construct (``{{``, ``[[``, ``<ref>``, ``<!--``, ``{|``,
    ``''``…); the span covers the opener (or the stray closer).
    """

    __slots__ = ("kind", "markup", "start", "end")
    kind: str
    markup: str
    start: int
    end: int

    def __init__(self, kind: str, markup: str, start: int, end: int) -> None:
        self.kind = kind
        self.markup = markup
        self.start = start
        self.end = end


class Document(Node):
    """The root: sections in order; knows its source, dialect and markup problems."""

    __slots__ = ("source", "dialect", "problems", "title", "_index")
    kind = "document"

    def __init__(self, source: SourceFile, children: tuple[Node, ...], dialect: str,
                 problems: tuple[MarkupProblem, ...] = (), title: str | None = None):
        super().__init__(source.text, 0, len(source.text), children)
        self.source = source
        self.dialect = dialect
        self.problems = problems
        self.title = title
        self._index: NodeIndex | None = None

    @property
    def text(self) -> str:
        return self._src

    @property
    def index(self) -> NodeIndex:
        """The page's nodes in pre-order and by class (built on first use)."""
        global _LAST_INDEX
        index = self._index
        if index is None:
            index = self._index = NodeIndex(self)
        _LAST_INDEX = ref(index)
        return index

    def walk(self) -> Iterator[Node]:
        return chain((self,), self.index.order)

    def filter(self, cls: type[N]) -> Iterator[N]:
        found = self.index.of(cls)
        return chain((self,), found) if isinstance(self, cls) else iter(found)  # type: ignore[arg-type]

    def sections(self) -> Iterator[Section]:
        return self.filter(Section)

    def line_col(self, offset: int) -> tuple[int, int]:
        return self.source.line_col(offset)


def link_parents(root: Node) -> None:
    """Set ``parent`` on every node below ``root`` (the parser's last step).

    Below a :class:`Document`, the same walk builds the page's node index,
    which every lint reads (one walk of the tree instead of two).
    """
    if isinstance(root, Document):
        root._index = NodeIndex(root, link=True)
        return
    stack = [root]
    pop = stack.pop
    push = stack.append
    while stack:
        node = pop()
        up = ref(node)
        for child in node.children:
            child._parent = up
            if child.children:
                push(child)


# Containers whose children cover their whole span (no delimiters of their own).
_GAPLESS = ("Document", "Section", "Paragraph", "Preformatted", "List", "Redirect")
# Characters a node's own syntax may consist of, between and around its children.
_DELIMITERS = {
    "Template": "{}|=", "Argument": "{}|", "Parameter": "|=", "Wikilink": "[]|",
    "Bold": "'", "Italic": "'", "Heading": "=",
}


def tree_errors(root: Node, text: str | None = None) -> list[str]:
    """Violations of the tree's invariants below ``root`` (empty when the tree is sound).

    Checked: the root spans ``text`` (when given) and prints back to it;
    every child lies inside its parent, siblings are in source order and do
    not overlap, ``parent`` links point up; containers without syntax of
    their own (sections, paragraphs, lists…) leave no gaps; the gaps of
    templates, links and formatting hold only their delimiters; no empty
    text nodes.  For tests and plugin authors; cost is linear.
    """
    errors: list[str] = []
    src = root._src
    if text is not None and (str(root) != text or root.start != 0 or root.end != len(text)):
        errors.append(f"root {root!r} does not span the text")
    stack = [root]
    while stack and len(errors) < 50:
        node = stack.pop()
        name = type(node).__name__
        if not 0 <= node.start <= node.end <= len(src):
            errors.append(f"{node!r}: span outside the text")
            continue
        if isinstance(node, Text) and node.start == node.end:
            errors.append(f"{node!r}: empty text node")
        pos = node.start
        delimiters = _DELIMITERS.get(name)
        for child in node.children:
            if child.parent is not node:
                errors.append(f"{child!r}: parent is {child.parent!r}, not {node!r}")
            if child.start < pos or child.end > node.end:
                errors.append(f"{child!r}: outside {node!r} or overlapping a sibling")
            elif name in _GAPLESS and child.start != pos:
                errors.append(f"{node!r}: gap {src[pos:child.start]!r} before {child!r}")
            elif delimiters is not None and src[pos:child.start].strip(delimiters):
                errors.append(f"{node!r}: {src[pos:child.start]!r} is not a delimiter")
            pos = max(pos, child.end)
            stack.append(child)
        if node.children and name in _GAPLESS and pos != node.end:
            errors.append(f"{node!r}: gap {src[pos:node.end]!r} at the end")
        elif node.children and delimiters is not None and src[pos:node.end].strip(delimiters):
            errors.append(f"{node!r}: {src[pos:node.end]!r} at the end is not a delimiter")
    return errors


# ---------------------------------------------------------------- plain text
#: what a construct whose text only MediaWiki can compute (a template, a
#: parameter, an opaque tag such as ``<math>``) stands for in plain text
PLACEHOLDER = "\ufffc"


def strip_code(nodes: Iterable[Node]) -> str:
    """The text of ``nodes`` with markup stripped, as mwparserfromhell's ``strip_code``.

    Link labels, formatted text and tag contents are kept; comments,
    references, categories, media links, templates and parameters are
    dropped (their text is MediaWiki's to compute); a bare external link
    becomes :data:`PLACEHOLDER`.  Prose extraction
    (:mod:`wikilint.analysis.prose`) is the richer reading that knows which
    templates print their argument.
    """
    out: list[str] = []
    stack: list[Node] = list(nodes)[::-1]
    while stack:
        node = stack.pop()
        if isinstance(node, Text):
            out.append(str(node))
        elif isinstance(node, HTMLEntity):
            out.append(node.value)
        elif isinstance(node, Wikilink):
            if node.is_media or node.is_category:
                continue
            if node.parts:
                stack.extend(reversed(node.parts[-1]))
            else:
                out.append(node.title_text.lstrip(":"))
        elif isinstance(node, ExternalLink):
            if node.title:
                stack.extend(reversed(node.title))
            else:
                out.append(PLACEHOLDER)
        elif isinstance(node, Tag):
            if node.closing or node.name in HIDDEN_TAGS:
                continue
            if node.name == "br":
                out.append(" ")
            elif node.contents:
                stack.extend(reversed(node.contents))
        elif isinstance(node, (Template, Argument, Comment, MagicWord, Signature)):
            continue
        else:
            stack.extend(reversed(node.children))
    return "".join(out)
