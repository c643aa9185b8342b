"""WL201 empty-section: a heading with nothing of its own under it."""

from __future__ import annotations

from dataclasses import dataclass

from wikilint.analysis.sections import (
    Inventory,
    in_appendix,
    inventory,
    is_disambiguation,
    is_reference_title,
    section_lists,
    shared_outline,
    template_role,
)
from wikilint.lint.rule import Context, Rule, Severity, option
from wikilint.syntax.nodes import Document, Section, Tag, Template

__all__ = ["EmptySection", "RULE"]

@dataclass(frozen=True)
class EmptySectionOptions:
    hatnotes_are_content: bool = option(
        False, "Count a hatnote ({{Main}}, {{See also}}, {{Further}}) as the section's "
        "content, so a section holding only a hatnote is not reported.")


class EmptySection(Rule):
    """Reports a heading with nothing of its own before the next heading of the same
    or a higher level.

    ## What it does
    Finds sections whose own body (everything between the heading and the next
    heading) holds no content.  Not content: whitespace, comments, categories,
    behaviour switches, layout templates (`{{Clear}}`), maintenance tags that ask
    for content (`{{Empty section}}`, `{{Expand section}}`) and, by default,
    hatnotes (`{{Main}}`, `{{See also}}`, `{{Further}}`): a link to another article
    is not a summary of it.  The page's reference list (`<references />`,
    `{{Reflist}}`, or the numbered list at the end of a rendered page) is content
    only of a references section: a standard appendix ("References", "Notes", "See
    also", "External links", "Further reading" and their variants), one titled as a
    references section or appendix in another language edition ("Einzelnachweise",
    "Примечания", "Παραπομπές", "出典", "তথ্যসূত্র": the titles pywikibot's
    noreferences script and the translations of MediaWiki's Cite extension use, the
    standard titles of an edition's own style guide, Chinese in either script ("腳註" as
    "脚注", "參考資料"), or an inflection of one, "ಉಲ್ಲೇಖ" for "ಉಲ್ಲೇಖಗಳು"), or any section
    when the list is a group of notes (`<references group="n"/>`,
    `{{Reflist|group=n}}`); in any other section ("Related Links", "History") it is
    page furniture.  The page's last
    section, titled as references, is not empty when the page has `<ref>` notes and
    no reference list: MediaWiki shows the list there.  A section that holds
    only subsections is not empty, and the lead is never reported.  Lists, tables,
    galleries, images and other templates (navigation boxes and sister-project boxes
    included) are content.  The message says what the section holds instead of
    content.

    On disambiguation pages (`{{Disambiguation}}` and its variants) a hatnote to
    another disambiguation page is the section's content.

    Rendered pages (`.txt`) have no markup, so headings are short standalone lines
    and every heading has the same level.  There a "heading" that reads as a hatnote
    ("Main article: …") or an image caption (more than six words, or opening with
    "A", "An", "The") is not a heading; lines without the `[edit]` link on pages that
    show it, and runs of bare lines after a heading, are the lines of its list; and a
    bare heading is reported only when it cannot be the parent of the next one: the
    page's table of contents says so, or the next heading is an appendix ("See
    also", "References") or the page ends (its reference list follows).  Templates
    and galleries leave no trace in a rendered page.

    ## Why is this bad?
    A heading promises content.  An empty section tells readers that the article
    is unfinished; Wikipedia tags such sections with `{{Empty section}}` and asks
    editors to write them or remove the heading (Wikipedia:Manual of Style/Layout,
    "Headings and sections"; Template:Empty section).  A section holding only a
    `{{Main}}` link fails Wikipedia:Summary style, which asks for a summary of the
    main article under the hatnote.

    ## Example
    ```wikitext
    == History ==
    {{Expand section|date=May 2020}}

    == Geography ==
    The river rises in the hills.
    ```

    ## Use instead
    ```wikitext
    == History ==
    The town was founded in 1820.

    == Geography ==
    The river rises in the hills.
    ```

    ## Options
    - `hatnotes_are_content` (bool, default `false`): count a hatnote (`{{Main}}`,
      `{{See also}}`, `{{Further}}`) as content, so a section holding only a hatnote
      is not reported.

    ## Fix safety
    No fix: only an editor can write the missing text or decide to drop the heading.
    """

    code = "WL201"
    name = "empty-section"
    summary = "Section heading with no content of its own"
    severity = Severity.WARNING
    tags = ("structure", "completeness")
    fixable = "never"
    Options = EmptySectionOptions
    visits_document = True

    def check(self, doc: Document, ctx: Context) -> None:
        lists = section_lists()
        hatnotes_are_content = self.options.hatnotes_are_content or is_disambiguation(doc, lists)
        outline = shared_outline(doc, ctx, lists)
        last = None if outline is not None else _last_section(doc)
        for section in doc.sections():
            heading = section.heading
            if heading is None or section.subsections:
                continue
            inv = inventory(section.body, ctx.dialect, ctx)
            if outline is not None:
                if section in outline.lines:
                    continue  # not a heading: a list line or hatnote the reader took for one
                if outline.may_have_subsections(section) \
                        and not any("empty" in m.lower() for m in inv.maintenance):
                    continue  # the next heading may be its subsection: not certainly empty
                for line in outline.attached.get(section, ()):
                    if outline.lines[line] == "hatnote":
                        inv.hatnotes.append(line.title)
                    else:
                        inv.content = True
            if inv.content:
                continue
            if inv.reflist and (inv.notes or in_appendix(section, lists)
                                or is_reference_title(section.title, lists)):
                continue  # the page's reference list, under a references heading
            if inv.hatnotes and hatnotes_are_content:
                continue
            if section is last and not inv.reflist and not inv.hatnotes \
                    and is_reference_title(section.title, lists) and _shows_references(doc):
                continue  # MediaWiki puts the list of the page's <ref> notes at its end: here
            ctx.report(heading.start, heading.end, _message(section.title, inv, ctx.dialect))


def _last_section(doc: Document) -> Section | None:
    """The page's last section (the one a reference list added at the end falls under)."""
    last = None
    for section in doc.sections():
        if section.heading is not None:
            last = section
    return last


def _shows_references(doc: Document) -> bool:
    """Does the page have ``<ref>`` notes and no reference list?  MediaWiki's Cite then
    shows the list at the end of the page."""
    refs = False
    for tag in doc.filter(Tag):
        name = tag.name.lower()
        if name == "references":
            return False
        refs = refs or name == "ref"
    if not refs:
        return False
    lists = section_lists()
    return not any(template_role(t, lists) == "reflist" for t in doc.filter(Template))


def _message(title: str, inv: Inventory, dialect: str) -> str:
    label = title or "(untitled)"
    if inv.hatnotes and not inv.maintenance and not inv.reflist:
        hat = _short(inv.hatnotes[0])
        return (f"section '{label}' holds only a hatnote ({hat}) and no text: summarize the "
                "linked article here (WP:SUMMARY) or remove the heading")
    held = []
    for name in inv.maintenance[:2]:
        held.append(f"{_as_template(name, dialect)} (a maintenance tag)")
    if inv.hatnotes:
        held.append(f"a hatnote ({_short(inv.hatnotes[0])})")
    if inv.reflist:
        held.append("the page's reference list")
    if inv.comments:
        held.append("a comment" if inv.comments == 1 else f"{inv.comments} comments")
    advice = "write the section or remove the heading"
    if inv.reflist:
        advice = "write the section, or remove the heading (the reference list belongs " \
                 "under 'References')"
    if not held:
        return f"section '{label}' is empty: {advice}"
    what = ", ".join(held[:-1]) + (" and " if len(held) > 1 else "") + held[-1]
    return f"section '{label}' is empty: it holds only {what}, not content; {advice}"


def _as_template(name: str, dialect: str) -> str:
    if dialect == "rendered":
        return f"'{name}'"
    return "{{" + name + "}}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 50 else text[:47] + "…"


RULE = EmptySection
