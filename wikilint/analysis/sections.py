"""Sections as an editor reads them: what a section's body holds, which
sections are appendices, which templates are hatnotes or maintenance tags, and
a rendered page's outline.

The detectors that the section rules (empty-section, incomplete-section)
share; their word and template lists come from the rule packs through
:func:`section_lists`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, Protocol

from wikilint.analysis.prose import Prose
from wikilint.analysis.wordlists import load_pack
from wikilint.records import FrozenRecord, ValueRecord
from wikilint.regex_cache import compile_cached
from wikilint.syntax.nodes import (
    Comment,
    Document,
    ExternalLink,
    HorizontalRule,
    HTMLEntity,
    ListItem,
    MagicWord,
    Node,
    Paragraph,
    ReferenceList,
    Section,
    Tag,
    Template,
    Text,
    Wikilink,
)

__all__ = ["SectionLists", "section_lists", "template_role", "prose_role", "is_appendix_title",
           "is_reference_title",
           "in_appendix", "is_disambiguation", "is_interlanguage", "Inventory", "inventory",
           "RenderedOutline", "rendered_outline", "shared_outline", "PageMemo"]


class PageMemo(Protocol):
    """What these detectors use of a rule's context: per-page values computed once."""

    dialect: str

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any: ...

    def prose(self, node: Node) -> Prose: ...


# Tags that show nothing (or only markers) where they stand.
_INVISIBLE_TAGS = frozenset("ref br templatestyles indicator section includeonly wbr".split())
# Rendered pages: a "heading" longer than this is an image caption or a line of text.
_MAX_HEADING_WORDS = 6
# Tags whose contents are laid out in place: look inside them.
_WRAPPER_TAGS = frozenset("div center span small big font p blockquote noinclude onlyinclude"
                          .split())


class SectionLists(FrozenRecord):
    """The ``sentence`` pack's lists about sections (lower case)."""

    __slots__ = ("appendix", "appendix_titles", "han_variants", "appendix_leaves", "maintenance",
                 "maintenance_prefixes", "hatnotes", "layout", "navigation", "navigation_suffixes",
                 "reflists", "disambiguation", "rendered_maintenance", "rendered_hatnote")
    appendix: frozenset[str]
    appendix_titles: frozenset[str]  # folded by han_variants
    han_variants: dict[int, str]  # str.translate table: traditional Chinese -> simplified
    appendix_leaves: frozenset[str]
    maintenance: frozenset[str]
    maintenance_prefixes: tuple[str, ...]
    hatnotes: frozenset[str]
    layout: frozenset[str]
    navigation: frozenset[str]
    navigation_suffixes: tuple[str, ...]
    reflists: frozenset[str]
    disambiguation: frozenset[str]
    rendered_maintenance: re.Pattern[str]
    rendered_hatnote: re.Pattern[str]

    def __init__(self, appendix: frozenset[str], appendix_titles: frozenset[str],
                 appendix_leaves: frozenset[str], maintenance: frozenset[str],
                 maintenance_prefixes: tuple[str, ...], hatnotes: frozenset[str],
                 layout: frozenset[str], navigation: frozenset[str],
                 navigation_suffixes: tuple[str, ...], reflists: frozenset[str],
                 disambiguation: frozenset[str], rendered_maintenance: re.Pattern[str],
                 rendered_hatnote: re.Pattern[str],
                 han_variants: dict[int, str] | None = None) -> None:
        self.appendix = appendix
        self.appendix_titles = appendix_titles
        self.han_variants = han_variants or {}
        self.appendix_leaves = appendix_leaves
        self.maintenance = maintenance
        self.maintenance_prefixes = maintenance_prefixes
        self.hatnotes = hatnotes
        self.layout = layout
        self.navigation = navigation
        self.navigation_suffixes = navigation_suffixes
        self.reflists = reflists
        self.disambiguation = disambiguation
        self.rendered_maintenance = rendered_maintenance
        self.rendered_hatnote = rendered_hatnote


def _norm(name: str) -> str:
    return " ".join(str(name).replace("_", " ").split()).lower()


@functools.cache
def section_lists() -> SectionLists:
    data = load_pack("sentence")
    tpl = data["non-content-templates"]
    rendered = data["rendered-non-content"]

    def names(values: list[str]) -> frozenset[str]:
        return frozenset(_norm(v) for v in values)

    han = {ord(pair[0]): pair[1] for pair in map(str, data["han-variants"])}
    titles = [*data["appendix-titles"]["titles"], *data["appendix-titles-guides"]["titles"]]
    return SectionLists(
        appendix=names(data["appendix-words"]["words"]),
        appendix_titles=frozenset(t.translate(han) for t in names(titles)),
        han_variants=han,
        appendix_leaves=names(data["appendix-leaves"]),
        maintenance=names(tpl["maintenance"]),
        maintenance_prefixes=tuple(str(p).lower() for p in tpl["maintenance_prefixes"]),
        hatnotes=names(tpl["hatnotes"]),
        layout=names(tpl["layout"]),
        navigation=names(tpl["navigation"]),
        navigation_suffixes=tuple(str(p).lower() for p in tpl["navigation_suffixes"]),
        reflists=names(data["reference-list-templates"]),
        disambiguation=names(data["disambiguation-templates"]),
        rendered_maintenance=compile_cached("|".join(rendered["maintenance"]), re.I),
        rendered_hatnote=compile_cached("|".join(rendered["hatnotes"]), re.I),
    )


def template_role(tpl: Template, lists: SectionLists | None = None) -> str:
    """What a template is to its section: ``maintenance``, ``hatnote``, ``layout``,
    ``reflist``, ``navigation`` or ``other`` (content of unknown kind)."""
    lists = lists or section_lists()
    name = tpl.normalized_name
    if ":" in name and not name.startswith("#"):
        magic = name.split(":", 1)[0].strip()
        if magic in ("defaultsort", "displaytitle", "sortierung", "clé de tri"):
            return "layout"
    if name in lists.reflists:
        return "reflist"
    if name in lists.maintenance or name.startswith(lists.maintenance_prefixes):
        return "maintenance"
    if name in lists.hatnotes:
        return "hatnote"
    if name in lists.layout:
        return "content" if _carries_content(tpl) else "layout"
    if name in lists.navigation or name.endswith(lists.navigation_suffixes):
        return "navigation"
    return "other"


def _carries_content(tpl: Template) -> bool:
    """A layout template that wraps content in a parameter (``{{div col|content=…}}``)."""
    return any("[[" in p.value_text or "\n" in p.value_text.strip() for p in tpl.params)


def prose_role(text: str, lists: SectionLists | None = None) -> str | None:
    """``maintenance`` or ``hatnote`` when a line of prose is a rendered tag or hatnote."""
    lists = lists or section_lists()
    stripped = text.strip()
    if lists.rendered_maintenance.match(stripped):
        return "maintenance"
    if lists.rendered_hatnote.match(stripped):
        return "hatnote"
    return None


def is_appendix_title(title: str, lists: SectionLists | None = None) -> bool:
    """A standard appendix section (MOS:LAYOUT): "References", "Notes and references" …,
    or one titled as an appendix in another language edition ("Примечания", "出典")."""
    lists = lists or section_lists()
    if _title_key(title, lists) in lists.appendix_titles:
        return True  # "Παραπομπές", "出典", "Примечания", "腳註": the whole title, in any language
    words = " ".join(re.findall(r"[\w'’-]+", title.lower()))
    if words in lists.appendix:
        return True
    padded = f" {words} "
    return any(f" {w} " in padded for w in lists.appendix)


# A title that differs from a known appendix title only by an inflection ("ಉಲ್ಲೇಖ" and
# "ಉಲ್ಲೇಖಗಳು", "註記" and "註"): at most this many characters more or less.
_MAX_INFLECTION = 3
_MIN_STEM_LETTERS = 4  # alphabetic scripts; one ideograph is a word


def is_reference_title(title: str, lists: SectionLists | None = None) -> bool:
    """May a section of this title hold the page's reference list?  An appendix title
    (:func:`is_appendix_title`), or one of another language edition with an inflection
    ("ಉಲ್ಲೇಖ", singular of "ಉಲ್ಲೇಖಗಳು"; "註記" after "註")."""
    lists = lists or section_lists()
    if is_appendix_title(title, lists):
        return True
    key = _title_key(title, lists)
    if not key:
        return False
    for known in lists.appendix_titles:
        short, long = (key, known) if len(key) <= len(known) else (known, key)
        if long.startswith(short) and len(long) - len(short) <= _MAX_INFLECTION \
                and (len(short) >= _MIN_STEM_LETTERS or _ideographic(short)):
            return True
    return False


def _title_key(title: str, lists: SectionLists) -> str:
    """A title as :attr:`SectionLists.appendix_titles` holds it: lower case, spaces
    collapsed, no closing colon, Chinese in one script ("腳註" and "脚注" alike)."""
    return _norm(title).rstrip(" :：").translate(lists.han_variants)


def _ideographic(text: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


class Inventory(ValueRecord):
    """What a section's own body holds, for deciding whether it is empty."""

    __slots__ = ("content", "maintenance", "hatnotes", "reflist", "notes", "comments")
    content: bool
    maintenance: list[str]
    hatnotes: list[str]
    reflist: bool
    notes: bool  # the reference list is a group of notes (<references group="n"/>)
    comments: int

    def __init__(self, content: bool = False, maintenance: list[str] | None = None,
                 hatnotes: list[str] | None = None, reflist: bool = False, notes: bool = False,
                 comments: int = 0) -> None:
        self.content = content
        self.maintenance = [] if maintenance is None else maintenance
        self.hatnotes = [] if hatnotes is None else hatnotes
        self.reflist = reflist
        self.notes = notes
        self.comments = comments


def inventory(nodes: tuple[Node, ...], dialect: str, ctx: PageMemo | None = None) -> Inventory:
    """Sort a section's own nodes into content and the things that are not content."""
    inv = Inventory()
    lists = section_lists()
    for node in nodes:
        if dialect == "rendered" and isinstance(node, Text):
            continue  # text outside paragraphs is page chrome (title, "Retrieved from …")
        _take(node, inv, dialect, lists, ctx)
        if inv.content:
            break
    return inv


def _take(node: Node, inv: Inventory, dialect: str, lists: SectionLists,
          ctx: PageMemo | None) -> None:
    t = type(node)
    if isinstance(node, Text):
        if str(node).strip():
            inv.content = True
    elif t is Comment:
        inv.comments += 1
    elif t is MagicWord or t is HorizontalRule:
        return
    elif t is HTMLEntity:
        if str(getattr(node, "value", "")).strip():
            inv.content = True
    elif t is Template:
        _take_template(node, inv, lists)  # type: ignore[arg-type]
    elif t is Wikilink:
        link: Wikilink = node  # type: ignore[assignment]
        if link.is_category or is_interlanguage(link):
            return
        inv.content = True  # an image or a link shows something
    elif t is Tag:
        _take_tag(node, inv, dialect, lists, ctx)  # type: ignore[arg-type]
    elif t is ReferenceList:
        inv.reflist = True
    elif t is ExternalLink:
        inv.content = True
    elif t is Paragraph or t is ListItem:
        role = prose_role(_plain(node, ctx), lists) if node.children else None
        if role == "maintenance":
            inv.maintenance.append(_first_sentence(_plain(node, ctx)))
        elif role == "hatnote":
            inv.hatnotes.append(_first_sentence(_plain(node, ctx)))
        else:
            for child in node.children:
                _take(child, inv, dialect, lists, ctx)
    elif node.children:
        for child in node.children:  # lists, formatting, wrappers
            _take(child, inv, dialect, lists, ctx)
    else:
        inv.content = True  # a table, signature … something the reader sees


def _take_template(tpl: Template, inv: Inventory, lists: SectionLists) -> None:
    role = template_role(tpl, lists)
    if role == "maintenance":
        inv.maintenance.append(tpl.name_text)
    elif role == "hatnote":
        inv.hatnotes.append(str(tpl))
    elif role == "reflist":
        inv.reflist = True
        inv.notes = inv.notes or tpl.get("group") is not None
    elif role == "layout":
        return
    else:
        inv.content = True


def _take_tag(tag: Tag, inv: Inventory, dialect: str, lists: SectionLists,
              ctx: PageMemo | None) -> None:
    name = tag.name.lower()
    if name == "references":
        inv.reflist = True
        inv.notes = inv.notes or bool((tag.get("group") or "").strip())
    elif name in _INVISIBLE_TAGS or tag.closing or (tag.self_closing and name != "gallery"):
        return
    elif name in _WRAPPER_TAGS:
        for child in tag.children:
            _take(child, inv, dialect, lists, ctx)
    elif tag.inner_text.strip():
        inv.content = True  # gallery, poem, table, timeline, math …


def is_interlanguage(link: Wikilink) -> bool:
    """An interlanguage link (``[[de:Aal]]``): shown in the sidebar, not in the text.

    Interwiki links with a one-letter or project prefix (``[[w:Foo|Foo]]``,
    ``[[wikt:foo]]``, ``[[s:Text]]``) and links with display text are shown.
    """
    title = link.title_text
    if link.parts or title.startswith(":") or ":" not in title:
        return False
    prefix = title.split(":", 1)[0].strip()  # written in lower case: "de", "zh-yue"
    code = prefix.split("-", 1)[0]
    return 2 <= len(code) <= 3 and code.isalpha() and prefix.islower() \
        and prefix not in _PROJECT_PREFIXES


_PROJECT_PREFIXES = frozenset("wikt voy mw species meta commons wmf".split())


def _first_sentence(text: str) -> str:
    from wikilint.analysis.sentences import split_sentences

    spans = split_sentences(text)
    return text[spans[0][0]:spans[0][1]] if spans else text.strip()


def _plain(node: Node, ctx: PageMemo | None) -> str:
    if ctx is not None:
        return ctx.prose(node).text
    from wikilint.analysis.prose import prose_of

    return prose_of(node).text


_EDIT_LINK_RE = compile_cached(
    r"\[\s*(?:edit|edit source|bearbeiten|quelltext bearbeiten|modifier|modifier le code|editar"
    r"|modifica|править|bewerken|edytuj|редактиране)\b[^\[\]]*\]\s*$", re.I)


class RenderedOutline(ValueRecord):
    """Which "headings" of a rendered page are really list lines or hatnotes.

    A rendered page has no markup, so its reader takes every short standalone
    line for a heading, and cannot tell a section from a subsection.
    ``lines`` maps the false headings to ``"line"``, ``"hatnote"`` or
    ``"caption"``; ``attached`` lists them under the real section they belong
    to; ``following`` gives each real section the next one; ``depth`` gives
    heading levels read from the page's table of contents ("1.2 Early life").
    """

    __slots__ = ("lines", "attached", "following", "depth")
    lines: dict[Section, str]
    attached: dict[Section, list[Section]]
    following: dict[Section, Section | None]
    depth: dict[str, int]

    def __init__(self, lines: dict[Section, str] | None = None,
                 attached: dict[Section, list[Section]] | None = None,
                 following: dict[Section, Section | None] | None = None,
                 depth: dict[str, int] | None = None) -> None:
        self.lines = {} if lines is None else lines
        self.attached = {} if attached is None else attached
        self.following = {} if following is None else following
        self.depth = {} if depth is None else depth

    def may_have_subsections(self, section: Section) -> bool:
        """Could the next heading be a subsection of ``section``?  Known from the table of
        contents; otherwise only the page's end, an appendix heading ("See also",
        "References") after a section of text, or a section that never has subsections
        ("See also", "External links") rules it out."""
        nxt = self.following.get(section)
        if nxt is None:
            return False
        here, there = self.depth.get(_toc_key(section.title)), self.depth.get(_toc_key(nxt.title))
        if here is not None and there is not None:
            return there > here
        if is_appendix_title(section.title):
            # "References" may hold "Notes" and "Citations"; "See also" holds no subsection
            return _toc_key(section.title) not in section_lists().appendix_leaves
        return not is_appendix_title(nxt.title)


def shared_outline(doc: Document, ctx: PageMemo, lists: SectionLists) -> RenderedOutline | None:
    """The rendered page's outline, computed once per page for WL201 and WL202."""
    if ctx.dialect != "rendered":
        return None
    return ctx.memo("rendered-outline", lambda: rendered_outline(doc, lists))  # type: ignore[no-any-return]


def rendered_outline(doc: Document, lists: SectionLists | None = None) -> RenderedOutline:
    """Tell real headings from standalone lines on a rendered page.

    * A line such as "Main article: Aardvark" is a hatnote, not a heading.
    * A long line (more than six words) or one opening with an article ("An
      aardvark at the zoo") is an image caption.
    * When the page shows edit links ("History[edit]"), a heading without one is
      a standalone line (a list item rendered without its bullet).
    * Otherwise, in a run of consecutive headings with nothing under them
      ("See also", "Anteater", "Pangolin"), the first is the heading and the
      others are the lines of its list; an appendix heading ("See also") or a
      heading listed in the table of contents starts a new run.
    """
    lists = lists or section_lists()
    headed = [s for s in doc.sections() if s.heading is not None]
    outline = RenderedOutline()
    for s in headed:
        if prose_role(s.title, lists) == "hatnote":
            outline.lines[s] = "hatnote"
        elif _caption_like(s.title):
            outline.lines[s] = "caption"
    if any(_EDIT_LINK_RE.search(str(s.heading)) for s in headed):
        for s in headed:
            if s not in outline.lines and not _EDIT_LINK_RE.search(str(s.heading)):
                outline.lines[s] = "line"
    else:
        depth = _toc_depths(headed)
        run: list[Section] = []
        for maybe in [*headed, None]:
            certain = maybe is not None and (
                is_appendix_title(maybe.title, lists) or _toc_key(maybe.title) in depth)
            if maybe is not None and maybe not in outline.lines and _bare(maybe) \
                    and not (certain and run):
                run.append(maybe)
                continue
            for line in run[1:]:
                outline.lines[line] = "line"
            run = [maybe] if certain and maybe is not None and _bare(maybe) else []
    owner: Section | None = None
    for s in headed:
        if s not in outline.lines:
            if owner is not None:
                outline.following[owner] = s
            outline.following[s] = None
            owner = s
        elif owner is not None:
            outline.attached.setdefault(owner, []).append(s)
    outline.depth = _toc_depths(headed)
    return outline


_TOC_TITLES = frozenset({"contents", "inhaltsverzeichnis", "inhalt", "sommaire", "contenido",
                         "índice", "indice", "содержание", "съдържание", "inhoud", "spis treści"})
_TOC_LINE_RE = compile_cached(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*?)\s*$", re.M)


def _toc_key(title: str) -> str:
    return " ".join(title.split()).lower()


def _toc_depths(headed: list[Section]) -> dict[str, int]:
    """Heading levels from a rendered table of contents ("1 History", "1.1 Early")."""
    for s in headed:
        if _toc_key(s.title) in _TOC_TITLES:
            text = "\n".join(str(n) for n in s.body if isinstance(n, Paragraph))
            return {_toc_key(m.group(2)): m.group(1).count(".") + 1
                    for m in _TOC_LINE_RE.finditer(text)}
    return {}


def _caption_like(title: str) -> bool:
    """An image caption rather than a heading: long, or opening with an article."""
    words = title.split()
    return len(words) > _MAX_HEADING_WORDS or (
        len(words) > 2 and words[0].lower() in ("a", "an", "the"))


def _bare(section: Section) -> bool:
    """Nothing under the heading but page chrome."""
    return not section.subsections and all(isinstance(n, Text) for n in section.body)


def in_appendix(section: Section, lists: SectionLists) -> bool:
    """The section or one it is part of is an appendix ("References" > "Specific")."""
    node: Section | None = section
    while node is not None and node.heading is not None:
        if is_appendix_title(node.title, lists):
            return True
        node = node.ancestor(Section)
    return False


def is_disambiguation(doc: Document, lists: SectionLists | None = None) -> bool:
    """A disambiguation or set-index page (its sections are lists of links)."""
    lists = lists or section_lists()
    return any(t.normalized_name in lists.disambiguation for t in doc.filter(Template))
