"""WL202 incomplete-section: a section whose prose stops mid-sentence."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from wikilint.analysis.prose import PLACEHOLDER, Prose
from wikilint.analysis.sections import (
    RenderedOutline,
    SectionLists,
    in_appendix,
    is_disambiguation,
    is_interlanguage,
    prose_role,
    section_lists,
    shared_outline,
    template_role,
)
from wikilint.analysis.sentences import CLOSERS, split_sentences
from wikilint.analysis.wordlists import load_pack
from wikilint.lint.rule import Context, Rule, Severity
from wikilint.syntax.nodes import (
    Bold,
    Comment,
    Document,
    ExternalLink,
    HorizontalRule,
    Italic,
    List,
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

__all__ = ["IncompleteSection", "RULE", "Ending", "ending_of", "detect_language",
           "LanguageLists", "language_lists"]

_WORD_RE = re.compile(r"[\w'’-]+")
_INLINE_TAG_RE = re.compile(r"\[[a-z][a-z ?'’-]{0,40}\]")
# tags that show nothing where they stand
_INVISIBLE_TAGS = frozenset("templatestyles indicator section br wbr".split())
_MAX_QUOTED_WORDS = 12
_LANGUAGE_SAMPLE = 60  # paragraphs read to tell the page's language


@dataclass(frozen=True)
class LanguageLists:
    """Word lists of the ``sentence`` pack for one language (lower case)."""

    function_words: frozenset[tuple[str, ...]]
    clause_openers: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class _Lists:
    languages: dict[str, LanguageLists]
    markers: dict[str, frozenset[str]]
    placeholder_words: frozenset[str]
    placeholder_phrases: frozenset[str]


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(str(text).lower().split())


@functools.cache
def _lists() -> _Lists:
    data = load_pack("sentence")
    languages = {}
    for lang, groups in data["function_words"].items():
        if lang == "source":
            continue
        words = frozenset(_phrase(w) for group in groups.values() for w in group)
        openers = tuple(_phrase(w) for w in data["clause_openers"].get(lang, ()))
        languages[lang] = LanguageLists(words, openers)
    markers = {lang: frozenset(str(w).lower() for w in words)
               for lang, words in data["language_markers"].items()}
    ph = data["placeholders"]
    return _Lists(languages, markers, frozenset(str(w) for w in ph["words"]),
                  frozenset(" ".join(_phrase(p)) for p in ph["phrases"]))


def language_lists(lang: str) -> LanguageLists | None:
    """The function words and clause openers of ``lang`` (``en``, ``de``, ``fr``), if known."""
    return _lists().languages.get(lang)


def detect_language(texts: list[str]) -> str | None:
    """The language whose most frequent function words dominate ``texts``, or None.

    A few hits are enough: the lists only ever match words of their own
    language, so a wrong guess on a page in another script matches nothing.
    """
    markers = _lists().markers
    counts: Counter[str] = Counter()
    for text in texts:
        for word in _WORD_RE.findall(text.lower()):
            for lang, words in markers.items():
                if word in words:
                    counts[lang] += 1
    if not counts:
        return None
    (best, n), *rest = counts.most_common()
    if rest and rest[0][1] * 2 > n:
        return None  # no clear winner: mixed or unknown
    return best


@dataclass(frozen=True)
class Ending:
    """How a block of prose stops mid-sentence.

    ``kind`` is ``function-word``, ``clause``, ``punctuation``, ``ellipsis``,
    ``dash`` or ``placeholder``; ``detail`` the word or mark; ``start``/``end``
    the prose span of the last sentence (up to the last word or mark).
    """

    kind: str
    detail: str
    start: int
    end: int


def ending_of(text: str, lang: str | None, allow_colon: bool = True) -> Ending | None:
    """How ``text`` (a paragraph's prose) stops mid-sentence, or None when it does not."""
    end = _before_inline_tags(text, len(text.rstrip()))
    if end == 0:
        return None
    body = text[:end]
    start = split_sentences(body)[-1][0]
    sentence = body[start:]
    placeholder = _placeholder(sentence)
    if placeholder:
        return Ending("placeholder", placeholder, start, end)
    last = body[-1]
    if last == PLACEHOLDER or last in CLOSERS:
        return None  # a template, quotation or bracket ends it: not ours to judge
    if body.endswith("...") or last == "…":
        return Ending("ellipsis", "…" if last == "…" else "...", start, end)
    if last in ".!?":
        return None
    if last in ",;&" or (last == ":" and allow_colon):
        if body[:-1].rstrip(CLOSERS)[-1:] in (".", "!", "?"):
            return None  # "…conservatives.;": a stray mark after a finished sentence
        return Ending("punctuation", last, start, end)
    if last in "-–—" and body[-2:-1].isspace():
        return Ending("dash", last, start, end)
    if lang is None:
        return None
    lists = language_lists(lang)
    if lists is None:
        return None
    return _word_ending(sentence, lists, start, end)


def _before_inline_tags(text: str, end: int) -> int:
    """Where the text ends before rendered inline tags ("has[citation needed][when?]")."""
    while end > 0 and text[end - 1] == "]":
        opening = text.rfind("[", max(0, end - 43), end)
        if opening < 0 or not _INLINE_TAG_RE.fullmatch(text, opening, end):
            break
        end = len(text[:opening].rstrip())
    return end


def _placeholder(sentence: str) -> str | None:
    lists = _lists()
    words = _WORD_RE.findall(sentence)
    if words and (words[0] in lists.placeholder_words or words[-1] in lists.placeholder_words):
        return words[0] if words[0] in lists.placeholder_words else words[-1]
    phrase = " ".join(w.lower() for w in words)
    if phrase in lists.placeholder_phrases:
        return sentence.strip()
    return None


def _word_ending(sentence: str, lists: LanguageLists, start: int, end: int) -> Ending | None:
    if not sentence[-1:].isalnum():
        return None
    written = _WORD_RE.findall(sentence)
    words = [w.lower() for w in written]
    # function words are lower case in running text; "Let It Be", "Type A" are names
    if written[-1] == words[-1] or len(words) == 1:
        for k in range(min(4, len(words)), 0, -1):
            tail = tuple(words[-k:])
            if tail in lists.function_words:
                return Ending("function-word", " ".join(tail), start, end)
    if len(words) >= 4 and "," not in sentence:
        for opener in lists.clause_openers:
            if tuple(words[:len(opener)]) == opener:
                return Ending("clause", " ".join(opener), start, end)
    return None


# ------------------------------------------------------------ the section's end
@dataclass(frozen=True)
class _Tail:
    """The section's last block of prose and what follows it."""

    block: Node | None   # a Paragraph or List, or None when the section ends in non-prose
    followed: bool       # an image, reference list or similar follows the block


def _last_prose_block(body: tuple[Node, ...], dialect: str, ctx: Context,
                      lists: SectionLists, page_end: bool) -> _Tail:
    """The last Paragraph or List of ``body``; ``page_end``: the body ends the page, so
    templates without parameters after it are navigation boxes ({{Rivers of Latvia}})."""
    followed = False
    for node in reversed(body):
        role = _trailing_role(node, dialect, ctx, lists)
        if role == "stop" and page_end and type(node) is Template \
                and not node.params:  # type: ignore[attr-defined]
            role = "skip"
        if role == "skip":
            continue
        if role == "soft":
            followed = True
            continue
        if role == "prose":
            return _Tail(node, followed)
        return _Tail(None, followed)
    return _Tail(None, followed)


def _trailing_role(node: Node, dialect: str, ctx: Context,  # noqa: C901
                   lists: SectionLists) -> str:
    """``skip`` (invisible), ``soft`` (shown, not prose), ``prose`` or ``stop``."""
    t = type(node)
    if isinstance(node, Text):
        return "skip" if dialect == "rendered" or not str(node).strip() else "stop"
    if t is Comment or t is MagicWord or t is HorizontalRule:
        return "skip"
    if t is ReferenceList:
        return "soft"
    if t is Wikilink:
        link: Wikilink = node  # type: ignore[assignment]
        if link.is_category or is_interlanguage(link):
            return "skip"
        return "soft" if link.is_media else "stop"
    if t is Template:
        return _template_role(node, lists)  # type: ignore[arg-type]
    if t is Tag:
        tag: Tag = node  # type: ignore[assignment]
        if tag.name == "references":
            return "soft"
        return "skip" if tag.name in _INVISIBLE_TAGS or tag.closing else "stop"
    if t is Paragraph:
        role = prose_role(ctx.prose(node).text, lists)
        if role is not None:
            return "skip"  # a rendered maintenance box or hatnote
        return "stop" if _single_construct(node) else "prose"
    if t is List:
        return "prose"
    return "stop"  # tables and everything else that is not running text


def _template_role(tpl: Template, lists: SectionLists) -> str:
    role = template_role(tpl, lists)
    if role in ("maintenance", "layout", "hatnote", "navigation"):
        return "skip"
    if role == "reflist":
        return "soft"
    # {{Quote|…}}, {{Clade|…}}, {{Algeria Wilayas}} (a map the sentence before
    # introduces): content, not prose
    return "stop"


def _single_construct(par: Node) -> bool:
    """A paragraph that is one quotation, template, tag or formatted line, not running text."""
    solid = [c for c in par.children
             if not (isinstance(c, Text) and not str(c).strip()) and type(c) is not Comment
             and not (type(c) is Tag and c.name == "ref")]  # type: ignore[attr-defined]
    return len(solid) == 1 and isinstance(solid[0], (Tag, Template, Italic, Bold))


def _rendered_parent(doc: Document, section: Section, outline: RenderedOutline) -> bool:
    """On a rendered page, may the headings after ``section`` be its subsections, which
    a colon at its end introduces?  The lead introduces every heading after it."""
    if section.heading is None:
        return any(s.heading is not None for s in doc.sections())
    return outline.may_have_subsections(section)


def _shown_after(block: Node, offset: int) -> bool:
    """Does the block show a link after ``offset`` that its prose does not hold?"""
    for node in block.children:
        if node.start >= offset and type(node) is Wikilink:
            link: Wikilink = node  # type: ignore[assignment]
            if not (link.is_category or link.is_media or is_interlanguage(link)):
                return True
    return False


def _in_name(block: Node, offset: int) -> bool:
    """Is the source character at ``offset`` inside a link, an italic title or a template
    (a name or foreign words, which may end in any word)?"""
    node: Node = block
    while True:
        inner = next((c for c in node.children if c.start <= offset < c.end), None)
        if inner is None:
            return False
        if isinstance(inner, (Wikilink, ExternalLink, Italic, Template)):
            return True
        node = inner


# --------------------------------------------------------------- lists
def _terminated(text: str) -> bool:
    body = text.rstrip().rstrip(CLOSERS + PLACEHOLDER + " ")
    return bool(body) and body[-1] in ".!?…;"


def _prose_item(items: list[ListItem], ctx: Context) -> ListItem | None:
    """The list's last item when the list is written in sentences, else None."""
    last = items[-1]
    if last.marker.endswith(";"):
        return None  # a definition term
    others = [ctx.prose(i).text for i in items[:-1]]
    others = [t for t in others if t.strip()]
    if others:
        done = sum(1 for t in others if _terminated(t))
        return last if done * 2 >= len(others) and done >= 1 else None
    words = _WORD_RE.findall(ctx.prose(last).text)
    first = ctx.prose(last).text.lstrip()[:1]
    return last if len(words) >= 6 and first.isupper() else None


def _rendered_fragments(text: str) -> bool:
    """A rendered paragraph whose lines are fragments (a list without its bullets)."""
    lines = [ln for ln in text.rstrip().split("\n") if ln.strip()]
    return len(lines) >= 2 and not _terminated(lines[-2])


# --------------------------------------------------------------- the rule
class IncompleteSection(Rule):
    """Reports a section whose prose stops mid-sentence.

    ## What it does
    Looks at the last paragraph (or the last item of a list written in sentences)
    of each section's own text, the lead included, and reports it when it stops
    mid-sentence: no terminal punctuation and

    - it ends on a word that cannot end a sentence: an article, auxiliary,
      preposition, conjunction or subordinator ("the", "has", "of", "and",
      "though"), written in lower case and not part of a link, italic title or
      template (names such as `''Gone with the''` may end on any word);
    - or it ends on ",", ";", ":", "&", a spaced dash or an ellipsis ("…", "...");
    - or its last sentence is an unfinished clause: it opens with "Although",
      "Even though", "Because" … and has no comma, so no main clause follows;
    - or it is an editor's placeholder ("TODO", "TBD", "To be continued").

    The word lists are per language (English, German, French, in
    `rules/sentence.yaml`); the page's language is told from its most frequent
    function words, and pages in other languages are checked for punctuation and
    placeholders only.

    Not prose, never reported: lists of fragments (most items without a full
    stop), definition lists, lists of quotations, tables, galleries, quotations and
    other templates, captions, reference lists, appendix sections ("References",
    "Further reading", "External links", "See also", "Notes") and the lists of
    disambiguation pages.  A paragraph followed by a list, table or template
    introduces it ("Members include"), so only a section that ends in the paragraph
    itself is checked (images, comments, categories, maintenance tags and navigation
    boxes after it are looked past).  A colon is accepted when an image or reference
    list follows, or when the section has subsections it introduces.

    On rendered pages (`.txt`) a paragraph whose lines do not end in full stops is a
    list without its bullets, a paragraph followed by standalone lines introduces
    them, and inline tags after the last word ("has[citation needed]") are looked
    past.

    The finding spans from the heading to the last word (for the lead, from the
    start of its last sentence) and quotes the last words.

    ## Why is this bad?
    A sentence cut short is usually the trace of an interrupted edit or a botched
    deletion, and readers cannot tell what was meant.  Wikipedia expects articles in
    complete, clear sentences (Wikipedia:Manual of Style, "clear, precise
    language"; Wikipedia:Writing better articles, "Paragraphs"), and notes for
    editors such as "TODO" or "to be continued" do not belong in the text
    (MOS:SELFREF); unfinished sections are tagged `{{Expand section}}`.

    ## Example
    ```wikitext
    == Support from Progressives ==
    Even though the MEK has
    ```

    ## Use instead
    ```wikitext
    == Support from Progressives ==
    Even though the MEK has been designated a terrorist group, it has won support
    among some progressives.
    ```

    ## Options
    None.

    ## Fix safety
    No fix: only an editor knows how the sentence was meant to end.
    """

    code = "WL202"
    name = "incomplete-section"
    summary = "Section whose prose stops mid-sentence"
    severity = Severity.WARNING
    tags = ("prose", "completeness")
    fixable = "never"
    visits_document = True

    def check(self, doc: Document, ctx: Context) -> None:
        lists = section_lists()
        dab = is_disambiguation(doc, lists)  # its lists are fragments, never sentences
        lang: list[str | None] = []  # told lazily, once per page
        outline = shared_outline(doc, ctx, lists)
        for section in doc.sections():
            if in_appendix(section, lists):
                continue  # citations and links, not prose
            if outline is not None and (section in outline.lines or any(
                    outline.lines[line] == "line" for line in outline.attached.get(section, ()))):
                continue  # a list line, or prose that introduces the list lines after it
            page_end = not section.subsections and section.end >= len(doc.text.rstrip())
            tail = _last_prose_block(section.body, ctx.dialect, ctx, lists, page_end)
            if tail.block is None:
                continue
            block = tail.block
            if isinstance(block, List):
                if dab:
                    continue
                items = [c for c in block.children if isinstance(c, ListItem)]
                item = _prose_item(items, ctx) if items else None
                if item is None:
                    continue
                block = item
            prose = ctx.prose(block)
            if ctx.dialect == "rendered" and _rendered_fragments(prose.text):
                continue
            if not lang:
                lang.append(_page_language(doc, ctx))
            allow_colon = not tail.followed and not section.subsections and not (
                outline is not None and _rendered_parent(doc, section, outline))
            ending = ending_of(prose.text, lang[0], allow_colon)
            if ending is None or (ending.kind == "ellipsis" and block is not tail.block):
                continue  # list items that end in "…" are quotations
            if _shown_after(block, prose.to_source_end(ending.end)):
                continue  # the text goes on in a link the prose leaves out ([[w:Foo|Foo]])
            if ending.kind in ("function-word", "clause") and _in_name(
                    block, prose.to_source(ending.end - 1)):
                continue  # "[[Battle of the Bulge|…of the]]", ''Gone with the'', {{lang|fr|de la}}
            self._report(section, prose, ending, ctx)

    @staticmethod
    def _report(section: Section, prose: Prose, ending: Ending, ctx: Context) -> None:
        start = section.heading.start if section.heading is not None \
            else prose.to_source(ending.start)
        end = prose.to_source_end(ending.end)
        ctx.report(start, end, _message(section, prose.text, ending))


def _page_language(doc: Document, ctx: Context) -> str | None:
    texts = []
    for node in doc.walk():
        if type(node) is not Paragraph and type(node) is not ListItem:
            continue
        texts.append(ctx.prose(node).text)
        if len(texts) >= _LANGUAGE_SAMPLE:
            break
    return detect_language(texts)


def _quote(text: str, ending: Ending) -> str:
    words = text[ending.start:ending.end].replace(PLACEHOLDER, "[…]").split()
    return "…" + " ".join(words[-_MAX_QUOTED_WORDS:])


def _message(section: Section, text: str, ending: Ending) -> str:
    who = "the lead" if section.heading is None else f"section '{section.title}'"
    quote = _quote(text, ending)
    if ending.kind == "placeholder":
        return (f"{who} ends with the placeholder '{ending.detail}': '{quote}'; write the "
                "text or remove the placeholder")
    how = {
        "function-word": "",
        "clause": f" (an unfinished '{ending.detail}' clause)",
        "punctuation": f" (on '{ending.detail}')",
        "dash": f" (on '{ending.detail}')",
        "ellipsis": " (on an ellipsis)",
    }[ending.kind]
    return f"{who} ends mid-sentence{how}: '{quote}'; finish the sentence or remove it"


RULE = IncompleteSection
