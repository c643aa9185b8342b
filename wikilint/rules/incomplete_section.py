"""WL202 incomplete-section: a section whose prose stops mid-sentence."""

from __future__ import annotations

from wikilint.analysis.endings import (
    Ending,
    ending_of,
    is_designation_title,
    is_enumerated,
    is_formula,
    is_fragment_lines,
    is_legend,
    is_line_list,
    is_name_list,
    is_running_text,
)
from wikilint.analysis.language import detect_language
from wikilint.analysis.paragraphs import (
    Closing,
    Position,
    closing_paragraphs,
    in_italics,
    in_name,
    shown_after,
)
from wikilint.analysis.prose import PLACEHOLDER, Prose, prose_of_nodes
from wikilint.analysis.sections import (
    RenderedOutline,
    in_appendix,
    is_disambiguation,
    section_lists,
    shared_outline,
)
from wikilint.analysis.sentences import split_sentences
from wikilint.lint.rule import Context, Rule, Severity
from wikilint.regex_cache import compile_cached
from wikilint.syntax.nodes import (
    Comment,
    Document,
    List,
    ListItem,
    Node,
    Paragraph,
    Section,
    Tag,
    Template,
    Text,
)

__all__ = ["IncompleteSection", "RULE"]

_MAX_QUOTED_WORDS = 12
_MAX_QUOTED_CHARS = 40  # scripts without spaces
# On rendered pages, a line of one sentence and fewer words may be an image caption.
_CAPTION_WORDS = 16
_LANGUAGE_SAMPLE = 3000  # characters of prose read to tell the page's language


class IncompleteSection(Rule):
    """Reports prose that stops mid-sentence: a paragraph without its end.

    ## What it does
    Looks at each paragraph that must end in a finished sentence: the last
    paragraph of a section's own text (or the last item of a list written in
    sentences), the lead included, and every paragraph that another paragraph of
    running text, one finished sentence or a label that introduces a list ("Other
    studios:") follows.  It reports the paragraph when its last sentence has
    no terminal punctuation, whatever its last word:

    - "ends mid-sentence" when the end shows the cut: a word that cannot end a
      sentence (an article, auxiliary, preposition, conjunction or subordinator:
      "the", "has", "of", "and", "though"), in lower case and not part of a link,
      italic title or template (names such as `''Gone with the''` may end on any
      word); an unfinished clause (it opens with "Although", "Even though",
      "Because" … and has no comma); ",", ";", ":", "&", a spaced dash, or an
      ellipsis after such a word ("but the…"; after a finished clause an ellipsis
      trails off, after a list it reads "etc.": "pedicab, velotaxi,...");
    - "ends without a full stop" when only the punctuation tells: "…In 2008, he
      was honored", "…depends greatly on local climate";
    - "ends with the placeholder" for an editor's note ("TODO", "TBD", "To be
      continued").

    Sentence punctuation is read in every script (`. ! ? …`, CJK `。！？`,
    Devanagari `।`, Armenian `։` (and the `:` often typed for it in Armenian text),
    Arabic `؟` `۔`, Ethiopic `።`, Burmese `။`, Khmer `។`, Tibetan `།` …), so pages in any
    language written with it are checked.  Thai and Lao prose has no sentence-final
    punctuation (a space separates sentences, a paragraph simply ends), so a paragraph
    in those scripts is reported only for a placeholder or a trailing `,` `;` `:` or
    dash, never for a missing full stop; nor is Tibetan ending on ཀ or ག, after which
    the shad is left out.  The word lists (English, German,
    French, in `rules/sentence.yaml`, the page's language told from its most
    frequent function words) only name how the sentence stops.  A paragraph of
    fewer than eight words and one sentence (a label: "Population: 3,000") and the
    last item of a list are reported only on that evidence, never for a missing
    full stop alone; a paragraph inside a section is not reported for ending on
    ",", ";" or ":", which lead into the next one.

    Not prose, never reported: a paragraph that introduces what follows it (a list, table,
    formula, quotation, gallery or template: "Members include", "is defined by the
    formula"), or a following paragraph that is a formula, a label, a sample in another
    script or opens in lower case, or that displays a title or formula on its line carrying
    the sentence's full stop ("…under the title" then `''The Long Road Home.''`; "…is given
    by" then `<math>E = mc^2</math>, where …`); a last line that is a formula ("… * 3) − 2 =
    5"); enumerated items ("1) either …;") and sentences that are lists of names ("AfDB,
    CEEAC, FAO, IAEA", a line of links separated by `{{•}}`, a label's items "応用例：A、B、C");
    hatnotes and the links after them on their line; lists of fragments (most items without
    a full stop), definition lists, lists of quotations, tables and infoboxes, galleries,
    poems and quotations, captions, headings, reference lists, paragraphs that are one
    template or formatted line, a list written as short lines joined by `<br />` (each under
    eight words, none with sentence punctuation), notes on lines that each open with a
    marker (`<sup>1</sup> …<br /><sup>2</sup> …`, `† …`; reported still when the last shows
    a cut), a legend of abbreviations (`G=games, W=wins, D=draws`, `Pos = position; Pts =
    points`), lines that each name a document by its designation and title (`ISO 8601:2004
    Data elements and interchange formats – …`, `ČSN EN 1234 Titulní název`: an agency's
    capitals and a number, not a year alone, then a capitalized title, one sentence a line;
    reported still when the end shows a cut, such as a trailing "of"), appendix
    sections ("References",
    "Further reading", "External links", "See also", "Notes", and their titles in other
    language editions: "関連項目", "Примечания"; a paragraph of two sentences or more there,
    such as an author's "Bibliography" written in prose, is read) and the lists of
    disambiguation pages. Images (and image templates such as `{{Wide image}}`, sound
    players, infoboxes, weather boxes and any box of eight named parameters or more on
    their own lines, whatever its name), comments, categories, maintenance tags and
    navigation boxes after a paragraph are looked past; a colon there is accepted when
    an image or reference list follows, or when the section has subsections it
    introduces.

    On rendered pages (`.txt`) a paragraph whose lines do not end in full stops is
    a list or verse without its layout, a paragraph followed by standalone lines
    introduces them, a line of one sentence and fewer than sixteen words without a
    full stop may be an image caption (reported only on the evidence of its last
    word), and inline tags after the last word ("has[citation needed]") are looked
    past.

    The words an inline cleanup tag is wrapped around (`{{Citation needed span|text=by
    settlers from the north.|date=…}}`, `{{Dubious span}}`, `{{Clarify span}}` …) are the
    paragraph's own text and may carry its full stop, or show its cut.

    A finding for a section's last paragraph spans from the heading to the last
    word (for the lead, from the start of its last sentence); for a paragraph
    inside a section, its last sentence.  The message quotes the last words.

    ## Why is this bad?
    A sentence cut short is usually the trace of an interrupted edit, a bad merge
    or a botched deletion, and readers cannot tell what was meant.  Wikipedia
    expects articles in complete, clear sentences (Wikipedia:Manual of Style,
    "clear, precise language"; Wikipedia:Writing better articles, "Paragraphs"),
    and notes for editors such as "TODO" or "to be continued" do not belong in
    the text (MOS:SELFREF); unfinished sections are tagged `{{Expand section}}`.

    ## Example
    ```wikitext
    == Support from Progressives ==
    Even though the MEK has

    == Reception ==
    The story goes that

    Critics praised the film.
    ```

    ## Use instead
    ```wikitext
    == Support from Progressives ==
    Even though the MEK has been designated a terrorist group, it has won support
    among some progressives.

    == Reception ==
    The story goes that the script was written in a week.

    Critics praised the film.
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
        outline = shared_outline(doc, ctx, lists)
        text_end = len(doc.text.rstrip())
        lang: list[str | None] = []  # told lazily, once per page
        dab: list[bool] = []
        sections = list(doc.sections())
        for number, section in enumerate(sections):
            if outline is not None and number + 1 < len(sections) \
                    and is_formula(sections[number + 1].title):
                continue  # a rendered formula taken for a heading: the section introduces it
            appendix = in_appendix(section, lists)
            if outline is not None and (section in outline.lines or any(
                    outline.lines[line] == "line" for line in outline.attached.get(section, ()))):
                continue  # a list line, or prose that introduces the list lines after it
            page_end = not section.subsections and section.end >= text_end
            for closing in closing_paragraphs(section.body, ctx.dialect, ctx.prose, lists,
                                              page_end):
                if appendix and not _essay(closing, ctx):
                    continue  # citations and links, not prose
                if isinstance(closing.block, ListItem):
                    if not dab:
                        dab.append(is_disambiguation(doc, lists))
                    if dab[0]:
                        continue  # a disambiguation page's lists are fragments, never sentences
                if not lang:
                    lang.append(ctx.memo("page-language", lambda: _page_language(sections, ctx)))
                ending = self._ending(doc, section, closing, outline, lang[0], ctx)
                if ending is not None:
                    self._report(section, closing, ctx.prose(closing.block), ending, ctx)

    @staticmethod
    def _ending(doc: Document, section: Section, closing: Closing,
                outline: RenderedOutline | None, lang: str | None, ctx: Context) -> Ending | None:
        block, last = closing.block, closing.position is Position.LAST
        prose = ctx.prose(block)
        if ctx.dialect == "rendered" and is_fragment_lines(prose.text):
            return None  # a list or verse without its layout
        allow_colon = last and not closing.followed and not section.subsections and not (
            outline is not None and _rendered_parent(doc, section, outline))
        ending = ending_of(prose.text, lang, allow_colon)
        if ending is None or (ending.kind == "ellipsis" and isinstance(block, ListItem)):
            return None  # list items that end in "…" are quotations
        if is_enumerated(prose.text) and ending.kind != "placeholder":
            return None  # "1) either rejects a motion …;": an item, not a sentence
        if not ending.evidence and (
                isinstance(block, ListItem) or not is_running_text(prose.text)
                or is_name_list(prose.text) or is_formula(prose.text[ending.start:ending.end])
                or in_italics(
                    block, prose.to_source(ending.start), prose.to_source_end(ending.end))):
            return None  # a list item, label, list of names or note: ''See also: [[X]]''
        if ending.kind == "punctuation" and not last:
            return None  # "According to the standard," "…and service;": the next goes on
        if not ending.evidence and ctx.dialect == "rendered":
            line = prose.text.rfind("\n", 0, ending.end) + 1
            words = len(prose.text[max(line, ending.start):ending.end].split())
            if not prose.text[line:ending.start].strip() and words < _CAPTION_WORDS:
                return None  # one short sentence on its line of a rendered page: a caption
        if ending.kind != "placeholder" and isinstance(block, Paragraph) and _br_list(block):
            return None  # "Tokyo<br />Osaka<br />Kyoto": a list written as lines
        if not ending.evidence and isinstance(block, Paragraph) and _note_lines(block):
            return None  # "<sup>1</sup> Deducted …<br /><sup>2</sup> Withdrew": table notes
        if ending.kind in ("no-stop", "function-word", "clause") and is_legend(prose.text):
            return None  # "G=games, W=wins, GF=goals for": a legend of abbreviations
        if not ending.evidence and is_designation_title(prose.text):
            return None  # "ISO 8601:2004 Data elements and …": a standard's name and title
        if shown_after(block, prose.to_source_end(ending.end)):
            return None  # the text goes on in a link the prose leaves out ([[w:Foo|Foo]])
        if ending.kind in ("function-word", "clause") and in_name(
                block, prose.to_source(ending.end - 1)):
            return None  # "[[Battle of the Bulge|…of the]]", ''Gone with the'', {{lang|fr|de la}}
        return ending

    @staticmethod
    def _report(section: Section, closing: Closing, prose: Prose, ending: Ending,
                ctx: Context) -> None:
        start = section.heading.start if section.heading is not None \
            and closing.position is Position.LAST else prose.to_source(ending.start)
        end = prose.to_source_end(ending.end)
        ctx.report(start, end, _message(section, closing, prose.text, ending))


def _essay(closing: Closing, ctx: Context) -> bool:
    """A paragraph of an appendix ("Bibliography" of an author) written in sentences: two
    sentences or more, as a paragraph of its own (not a list item or a citation)."""
    if not isinstance(closing.block, Paragraph) or ctx.dialect == "rendered":
        return False
    text = ctx.prose(closing.block).text
    return len(split_sentences(text)) >= 2 and is_running_text(text)


def _br_list(block: Paragraph) -> bool:
    """Is the paragraph a list written as short lines joined by ``<br>``?"""
    lines: list[list[Node]] = [[]]
    for child in block.children:
        if isinstance(child, Tag) and child.name == "br":
            lines.append([])
        else:
            lines[-1].append(child)
    return len(lines) > 1 and is_line_list([prose_of_nodes(ln).text for ln in lines])


# A note's marker at the start of its line: "<sup>1</sup>", "{{sup|a}}", "*", "†", "1)".
_SUP_MARKER_RE = compile_cached(r"\s*\(?[\w*†‡§]{1,3}\)?\s*")
_TEXT_MARKER_RE = compile_cached(r"\s*(?:[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(?\d{1,2}\))\s")
_MARKER_TEMPLATES = frozenset({"sup", "su", "smallsup"})


def _note_lines(block: Paragraph) -> bool:
    """Is the paragraph a list of notes (under a table), one a line, each opening with its
    marker: "<sup>1</sup> Deducted three points.<br /><sup>2</sup> Withdrew"?"""
    lines: list[Node | str | None] = [None]  # what each line opens with
    for child in block.children:
        if isinstance(child, Tag) and child.name == "br":
            lines.append(None)
        elif isinstance(child, Text):
            parts = str(child).split("\n")
            for k, part in enumerate(parts):
                if k:
                    lines.append(None)
                if lines[-1] is None and part.strip():
                    lines[-1] = part
        elif lines[-1] is None and not isinstance(child, Comment):
            lines[-1] = child
    opened = [first for first in lines if first is not None]
    return len(opened) >= 2 and all(_is_marker(first) for first in opened)


def _is_marker(first: Node | str) -> bool:
    if isinstance(first, str):
        return bool(_TEXT_MARKER_RE.match(first))
    if isinstance(first, Tag):
        return first.name == "sup" and first.closed \
            and bool(_SUP_MARKER_RE.fullmatch(first.inner_text))
    if isinstance(first, Template):
        return first.normalized_name in _MARKER_TEMPLATES
    return False


def _rendered_parent(doc: Document, section: Section, outline: RenderedOutline) -> bool:
    """On a rendered page, may the headings after ``section`` be its subsections, which
    a colon at its end introduces?  The lead introduces every heading after it."""
    if section.heading is None:
        return any(s.heading is not None for s in doc.sections())
    return outline.may_have_subsections(section)


def _page_language(sections: list[Section], ctx: Context) -> str | None:
    """The language of the first paragraphs and list items of the sections' own text."""
    texts, size = [], 0
    for section in sections:
        for node in section.body:
            blocks = node.children if isinstance(node, List) else (node,)
            for block in blocks:
                if isinstance(block, (Paragraph, ListItem)):
                    texts.append(ctx.prose(block).text)
                    size += len(texts[-1])
                    if size >= _LANGUAGE_SAMPLE:
                        return detect_language(texts)
    return detect_language(texts)


def _quote(text: str, ending: Ending) -> str:
    sentence = text[ending.start:ending.end].replace(PLACEHOLDER, "[…]")
    words = sentence.split()
    if len(words) <= 2 and len(sentence) > _MAX_QUOTED_CHARS:  # a script without spaces
        return "…" + sentence[-_MAX_QUOTED_CHARS:].lstrip()
    return "…" + " ".join(words[-_MAX_QUOTED_WORDS:])


def _message(section: Section, closing: Closing, text: str, ending: Ending) -> str:
    who = "the lead" if section.heading is None else f"section '{section.title}'"
    if closing.position is Position.MIDDLE:
        who = f"a paragraph of {who}"
    quote = _quote(text, ending)
    if ending.kind == "placeholder":
        return (f"{who} ends with the placeholder '{ending.detail}': '{quote}'; write the "
                "text or remove the placeholder")
    if ending.kind == "no-stop":
        return (f"{who} ends without a full stop: '{quote}'; finish the sentence or end it "
                "with a full stop")
    how = {
        "function-word": "",
        "clause": f" (an unfinished '{ending.detail}' clause)",
        "punctuation": f" (on '{ending.detail}')",
        "dash": f" (on '{ending.detail}')",
        "ellipsis": " (on an ellipsis)",
    }[ending.kind]
    return f"{who} ends mid-sentence{how}: '{quote}'; finish the sentence or remove it"


RULE = IncompleteSection
