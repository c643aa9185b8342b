"""The paragraphs of a section as a reader meets them: which are running text that
must end in a finished sentence, and which introduce, caption or label something.

:func:`closing_paragraphs` walks a section's own body once and yields the
paragraphs whose last sentence must be finished:

* the section's **last** block of prose: a paragraph after which the section
  shows nothing but images, reference lists, maintenance tags, navigation boxes,
  comments and categories; or the last item of a list written in sentences;
* a **middle** paragraph: another paragraph of running text follows it.

A paragraph followed by a list, table, formula, quotation, gallery or other
template introduces it ("Members include", "is defined by the formula"), and so
is never yielded (nor is one that a paragraph displaying a title or formula on its
line continues: "…under the title" then "''The Long Road Home.''"); nor are
paragraphs that are one quotation, template or formatted line, rendered
maintenance boxes and hatnotes.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator

from wikilint.analysis.endings import (
    is_formula,
    is_fragment_lines,
    is_running_text,
    script_of,
    terminated,
)
from wikilint.analysis.prose import PLACEHOLDER, Prose
from wikilint.analysis.sections import SectionLists, is_interlanguage, prose_role, template_role
from wikilint.analysis.wordlists import template_lists
from wikilint.records import FrozenRecord
from wikilint.regex_cache import compile_cached
from wikilint.syntax.nodes import (
    Bold,
    Comment,
    ExternalLink,
    HorizontalRule,
    Italic,
    List,
    ListItem,
    MagicWord,
    Node,
    Paragraph,
    ReferenceList,
    Tag,
    Template,
    Text,
    Wikilink,
)

__all__ = ["Role", "Position", "Closing", "closing_paragraphs", "block_role", "shown_after",
           "in_name", "in_italics"]

# tags that show nothing where they stand
_INVISIBLE_TAGS = frozenset("templatestyles indicator section br wbr".split())
# Templates that show an image, a sound or a box beside the text, like [[File:…]]: no
# sentence introduces them ({{Wide image}}, {{Double image}}, {{Listen}}, {{Weather box}}).
_MEDIA_TEMPLATE_RE = compile_cached(
    r"(?:(?:wide|double|triple|multiple|tall|auto)[ _]?images?|image|panorama|photomontage"
    r"|listen|multi-listen \w+|audio|weather ?box|climate chart|infobox\b.*|.* infobox"
    r"|.*(?:taxobox|speciesbox|chembox|drugbox))")
_MIN_LIST_WORDS = 6
# A paragraph of one finished sentence of this many words is a sentence, not a label.
_MIN_SENTENCE_WORDS = 3
# A template with this many named parameters on their own lines is a box (an infobox, a
# weather box) shown beside the text, like an image; no sentence introduces it.
_MIN_BOX_PARAMS = 8
# Quotation and verse blocks, whose text is not the article's own sentences.
_QUOTE_TAGS = frozenset("blockquote poem".split())


class Role(enum.Enum):
    """What a node of a section's body is to the prose around it."""

    SKIP = "skip"    # shows nothing, or nothing in the text (comments, categories, navboxes)
    SOFT = "soft"    # shown, not prose, introduced by nothing (images, reference lists)
    PROSE = "prose"  # a paragraph or list
    STOP = "stop"    # content a paragraph before it introduces (tables, quotations …)


class Position(enum.Enum):
    LAST = "last"
    MIDDLE = "middle"


class Closing(FrozenRecord):
    """A block whose last sentence must be finished."""

    __slots__ = ("block", "position", "followed")
    block: Node          # a Paragraph or a ListItem
    position: Position
    followed: bool       # an image or reference list follows (a colon may introduce it)

    def __init__(self, block: Node, position: Position, followed: bool) -> None:
        self.block = block
        self.position = position
        self.followed = followed


ProseOf = Callable[[Node], Prose]


def block_role(node: Node, dialect: str, prose: ProseOf, lists: SectionLists) -> Role:
    """The :class:`Role` of one node of a section's body."""
    if isinstance(node, Text):
        return Role.SKIP if dialect == "rendered" or not str(node).strip() else Role.STOP
    if isinstance(node, (Comment, MagicWord, HorizontalRule)):
        return Role.SKIP
    if isinstance(node, ReferenceList):
        return Role.SOFT
    if isinstance(node, Wikilink):
        if node.is_category or is_interlanguage(node):
            return Role.SKIP
        return Role.SOFT if node.is_media else Role.STOP
    if isinstance(node, Template):
        role = template_role(node, lists)
        if role in ("maintenance", "layout", "hatnote", "navigation"):
            return Role.SKIP
        if _MEDIA_TEMPLATE_RE.fullmatch(node.normalized_name) or _is_box(node):
            return Role.SOFT
        # {{Quote|…}}, {{Clade|…}}, {{Algeria Wilayas}}: content a sentence introduces
        return Role.SOFT if role == "reflist" else Role.STOP
    if isinstance(node, Tag):
        if node.name == "references":
            return Role.SOFT
        return Role.SKIP if node.name in _INVISIBLE_TAGS or node.closing else Role.STOP
    if isinstance(node, Paragraph):
        text = prose(node).text
        if not text.strip():  # images, references or comments only
            return Role.SOFT if any(isinstance(c, Wikilink) and c.is_media
                                    for c in node.children) else Role.SKIP
        if prose_role(text, lists) is not None or _opens_with_hatnote(node, lists):
            return Role.SKIP  # a hatnote ("{{See also|X}}, [[Y]]") or rendered maintenance box
        return Role.STOP if _single_construct(node) else Role.PROSE
    if isinstance(node, List):
        return Role.PROSE
    return Role.STOP  # tables and everything else that is not running text


def closing_paragraphs(body: tuple[Node, ...], dialect: str, prose: ProseOf,
                       lists: SectionLists, page_end: bool) -> Iterator[Closing]:
    """The blocks of ``body`` whose last sentence must be finished, in order.

    ``page_end``: the body ends the page, so templates without parameters after
    the last paragraph are navigation boxes ({{Rivers of Latvia}}).
    """
    roles = [block_role(n, dialect, prose, lists) for n in body]
    if page_end:
        for i in range(len(body) - 1, -1, -1):
            node = body[i]
            if roles[i] is Role.STOP and isinstance(node, Template) and not node.params:
                roles[i] = Role.SKIP
            elif roles[i] is not Role.SKIP and roles[i] is not Role.SOFT:
                break
    nxt: int | None = None  # index of the next prose or stop node after i
    followed = False        # an image or reference list between i and nxt
    quoted = 0              # inside <blockquote>…</blockquote> written as two tags
    for i in range(len(body) - 1, -1, -1):
        role, node = roles[i], body[i]
        if isinstance(node, Tag) and node.name in _QUOTE_TAGS and not node.children:
            quoted = max(0, quoted + (1 if node.closing else -1))
            if node.closing:
                continue
        elif quoted:
            continue  # a quotation's lines and its attribution ("- Alan Westin, 1968")
        if role is Role.SKIP:
            continue
        if role is Role.SOFT:
            followed = True
            continue
        if role is Role.PROSE:
            closing = _closing(body, i, nxt, followed, dialect, prose)
            if closing is not None:
                yield closing
        nxt, followed = i, False


def _closing(body: tuple[Node, ...], i: int, nxt: int | None, followed: bool,
             dialect: str, prose: ProseOf) -> Closing | None:
    node = body[i]
    if nxt is None:
        if isinstance(node, List):
            item = _prose_item(node, prose)
            return Closing(item, Position.LAST, followed) if item is not None else None
        return Closing(node, Position.LAST, followed)
    after = body[nxt]
    if not isinstance(node, Paragraph) or not isinstance(after, Paragraph):
        return None  # a list, or a paragraph that introduces a list, table or quotation
    if _displays(after, prose):
        return None  # "… under the title" + "''The Long Road Home.''", "is given by" + <math>
    text = prose(after).text.lstrip()
    opened = text[:1] == PLACEHOLDER  # a template shows its first words: "{{by|2011}} began"
    text = text.lstrip(PLACEHOLDER + " \t\n")
    if not text or (text[0].islower() and not opened) or not _sentences_or_label(text) \
            or is_formula(text.split("\n", 1)[0]) \
            or (dialect == "rendered" and is_fragment_lines(text)):
        return None  # what follows is a formula, a label or lines the paragraph introduces
    if script_of(text) != script_of(prose(node).text):
        return None  # a sample in another script that the paragraph introduces
    return Closing(node, Position.MIDDLE, followed)


def _sentences_or_label(text: str) -> bool:
    """Does a paragraph that follows another show that the one before it had to end?  It
    does when it is running text, one finished sentence ("Він встав." after a cut
    paragraph) or a label that introduces what comes after it ("Other studios:")."""
    body = text.rstrip()
    return is_running_text(body) or body.endswith((":", "：")) \
        or (terminated(body) and len(body.split()) >= _MIN_SENTENCE_WORDS)


# Tags that display a formula (or centre a title) on a line of its own.
_DISPLAY_TAGS = frozenset("math chem ce center".split())


def _displays(par: Paragraph, prose: ProseOf) -> bool:
    """Does the paragraph display what the sentence before it leads into, carrying its
    full stop: a title or formula on one line, with at most punctuation after it
    ("''The Long Road Home.''", "'''Title'''.", "<math>E = mc^2.</math>"), or a formula
    the sentence goes on after ("<math>E = mc^2</math>, where …")?"""
    solid = [c for c in par.children
             if not (isinstance(c, Text) and not str(c).strip()) and not isinstance(c, Comment)
             and not (isinstance(c, Tag) and c.name == "ref")]
    if not solid:
        return False
    first = solid[0]
    formula = isinstance(first, Tag) and first.name in _DISPLAY_TAGS
    if not (formula or isinstance(first, (Italic, Bold))):
        return False
    if all(isinstance(c, Text) and not any(ch.isalnum() for ch in str(c)) for c in solid[1:]):
        return "\n" not in prose(par).text.strip()  # the title or formula alone on its line
    if not formula or not isinstance(first, Tag) or first.name == "center":
        return False
    after = prose(par).text.lstrip().lstrip(PLACEHOLDER).lstrip()
    return after[:1] in (",", ";", ":") or after[:1].islower()


def _is_box(tpl: Template) -> bool:
    """A box of data beside the text, whatever its name in the wiki's language
    ({{Եղանակի Աղյուսակ}}, a weather box; an infobox): many named parameters, one a line."""
    named = [p for p in tpl.params if p.showkey and not p.name_text.strip().isdigit()]
    return len(named) >= _MIN_BOX_PARAMS and str(tpl).count("\n") >= _MIN_BOX_PARAMS


def _opens_with_hatnote(par: Node, lists: SectionLists) -> bool:
    """A paragraph whose first thing is a hatnote template: the links after it on its
    line continue the hatnote ("{{See also|Airports of Ottawa}}, [[Parks of Ottawa]]")."""
    children = par.children
    first = next((i for i, c in enumerate(children) if not isinstance(c, Comment)
                  and not (isinstance(c, Text) and not str(c).strip())), None)
    if first is None or not isinstance(children[first], Template) \
            or template_role(children[first], lists) != "hatnote":  # type: ignore[arg-type]
        return False
    # only links (and the commas between them) after it, no words of its own
    return not any(isinstance(c, Text) and any(ch.isalpha() for ch in str(c))
                   for c in children[first + 1:])


def _single_construct(par: Node) -> bool:
    """A paragraph that is one quotation, template, tag or formatted line, not running text."""
    solid = [c for c in par.children
             if not (isinstance(c, Text) and not str(c).strip()) and not isinstance(c, Comment)
             and not (isinstance(c, Tag) and c.name == "ref")]
    return len(solid) == 1 and isinstance(solid[0], (Tag, Template, Italic, Bold))


def _prose_item(block: List, prose: ProseOf) -> ListItem | None:
    """The list's last item when the list is written in sentences, else None."""
    items = [c for c in block.children if isinstance(c, ListItem)]
    if not items:
        return None
    last = items[-1]
    if last.marker.endswith(";"):
        return None  # a definition term
    others = [t for t in (prose(i).text for i in items[:-1]) if t.strip()]
    if others:
        done = sum(1 for t in others if terminated(t))
        return last if done * 2 >= len(others) and done >= 1 else None
    text = prose(last).text
    return last if len(text.split()) >= _MIN_LIST_WORDS and text.lstrip()[:1].isupper() \
        else None


def shown_after(block: Node, offset: int) -> bool:
    """Does the block show a link after ``offset`` that its prose does not hold?"""
    for node in block.children:
        if node.start >= offset and isinstance(node, Wikilink):
            if not (node.is_category or node.is_media or is_interlanguage(node)):
                return True
    return False


def in_name(block: Node, offset: int) -> bool:
    """Is the source character at ``offset`` inside a link, an italic title or a template
    (a name or foreign words, which may end in any word)?  Not a cleanup tag wrapped
    around the article's own words ({{Citation needed span|text=…}}): look inside it."""
    spans = template_lists().spans
    node: Node = block
    while True:
        inner = next((c for c in node.children if c.start <= offset < c.end), None)
        if inner is None:
            return False
        if isinstance(inner, (Wikilink, ExternalLink, Italic)) or (
                isinstance(inner, Template) and inner.normalized_name not in spans):
            return True
        node = inner


def in_italics(block: Node, start: int, end: int) -> bool:
    """Are the source offsets ``start`` to ``end`` inside one italic run of the block (an
    inline note such as ''See also: [[Ice hockey in Krefeld]]'', or a title)?"""
    return any(isinstance(c, Italic) and c.start <= start and end <= c.end
               for c in block.children)
