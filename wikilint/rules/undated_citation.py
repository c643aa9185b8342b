"""WL401 undated-citation: a citation with no date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from wikilint.analysis.citations import (
    Citation,
    CitationDate,
    find_citations,
    has_date,
    template_quote,
)
from wikilint.lint.rule import Context, Rule, Severity, option
from wikilint.syntax.nodes import Document

__all__ = ["UndatedCitation", "UndatedCitationOptions", "RULE"]

REQUIRE_VALUES = ("any", "publication")


@dataclass(frozen=True)
class UndatedCitationOptions:
    require: Literal["any", "publication"] = option(
        "any",
        "Which date is enough: `any` (a publication or an access/archive date) or "
        "`publication` (an access date alone is not).")
    extra_templates: list[str] = option(
        [], "More citation template names (matched case-insensitively, `_` as a space) "
            "whose date parameters are checked, beside the built-in list.")

    def __post_init__(self) -> None:
        if self.require not in REQUIRE_VALUES:
            raise ValueError(f"require must be one of {', '.join(REQUIRE_VALUES)}, "
                             f"not {self.require!r}")


class UndatedCitation(Rule):
    """Reports citations that carry no date.

    ## What it does
    Checks every full citation on the page for a date:

    * a citation template (`{{cite web}}`, `{{cite news}}`, `{{cite book}}`,
      `{{cite journal}}`, `{{citation}}` and the rest of the CS1/CS2 family,
      German `{{Internetquelle}}`/`{{Literatur}}`, French `{{Lien web}}`/
      `{{Ouvrage}}`, Vietnamese `{{Chú thích web}}`/`{{Chú thích sách}}`/
      `{{Chú thích báo}}`/`{{Chú thích tạp chí}}` and the rest of that family,
      Bengali `{{ওয়েব উদ্ধৃতি}}`/`{{সংবাদ উদ্ধৃতি}}`/`{{সাময়িকী উদ্ধৃতি}}`,
      Spanish `{{Cita web}}`/`{{Cita libro}}`/`{{Cita noticia}}`/
      `{{Cita publicación}}`/`{{Cita conferencia}}`, Portuguese `{{Citar web}}`/
      `{{Citar livro}}`/`{{Citar jornal}}`/`{{Citar periódico}}`/`{{Citar notícia}}`,
      Polish `{{Cytuj stronę}}`/`{{Cytuj książkę}}`/`{{Cytuj pismo}}`/`{{Cytuj}}`,
      Italian `{{Cita web}}`/`{{Cita libro}}`/`{{Cita news}}`/
      `{{Cita pubblicazione}}`/`{{Cita testo}}`/`{{Cita conferenza}}`,
      `{{cite comic}}`, plus `extra_templates`) needs a non-empty `date`, `year`,
      `publication-date`, `orig-year` or `access-date`; the older spellings
      (`accessdate`, `origyear`, `airdate`…) and the local names (`ngày`,
      `năm`, `ngày truy cập`, `তারিখ`, `fecha`, `fechaacceso`, `data`,
      `acessodata`, `rok`, `data dostępu`, Italian `accesso`, `dataarchivio`…)
      count, and `archive-date` counts like an access date (so does the
      `date` or Italian `data` of `{{webarchive}}`). A day or month date written in another shown
      parameter (`title=Cumulative update: November 10, 2015`) counts too.
      A bare year in the wrong field counts only when it stands apart as an
      element of its own, the way a byline or imprint writes the publication
      year, not inside a phrase, where it is the subject (`2010 Census Data`,
      `Democracy Index 2014`, `Freedom in the World 2013`; a citation whose
      only year is in its title, `title=Annual report 2005`, still lacks
      the date the source appeared): in a title only
      between spaced dashes or bars (`title=Algal response … - Veraart - 2008
      - Journal of Phycology`), never a range (`Europe, 1300–1800` is a
      period); in the work, website, journal or series also after a comma
      or in brackets (`work=Professoranton, 2009`); in the publisher,
      edition or place wherever a free-text citation would have it
      (`publisher=Oxford UP, 2009`). A positional parameter that is a year
      or a date and nothing else counts too: Italian `{{cita libro|nome|
      cognome|titolo|anno|editore}}` takes its year fourth. `date=n.d.` records that the source is
      undated and passes. A `<ref>` bundling several citation templates
      reports each undated one at the template;
    * a free-text `<ref>`, or an entry of a rendered page's reference list,
      needs a date in its text: `26 May 2006`, `May 26, 2006`, `2006-05-26`,
      `12-03-2005`, `May 2006`, `11 January, 2006`, `26. Mai 2006`, `1er mai 2006`,
      `26 май 2006 г.`, `17 հունվարի 2013`, `5 มีนาคม 2555`, a month and
      year in digits (`3/2007`, `1981/01`, `2000.4`; after `No.` or `n.` it
      is an issue number and its year, `n. 25-26/2006`, dated by the year;
      after `Ley` or `Legge` a law's number, not a date), a CJK year
      `2003年` outside title brackets `『…』`, or
      a year in citation position (`Smith (2004). Title`, `Title, 2004.`,
      `Press, c1983`, `ca. 1983`), but not a number after `p.`/`vol.`/`ISBN`
      or inside a title (`The 1775 American Invasion`); `{{date|…}}`,
      French `{{date-|…}}`, `{{Start date|…}}` and archive templates' dates
      count. Month names are known in English, German, French, Bulgarian,
      Spanish, Portuguese, Italian, Dutch, Armenian and Thai (`มีนาคม`,
      `มี.ค.`); in Thai text a year may be of the Buddhist era (`พ.ศ. 2555`,
      or `2555` alone when punctuation ends it) and written in Thai digits
      (`๕ มี.ค. ๒๕๕๕`), and `สืบค้นเมื่อ` (retrieved on) introduces an access
      date.

    The date of a maintenance tag inside the reference (`{{Dead link|date=May
    2020}}`, `{{Failed verification|date=…}}`, `{{Toter Link|date=…}}`) is
    when the tag was placed, not when the source was published: it does not
    date the citation.

    Free text is judged only when it reads as a full citation: it has a link,
    an identifier (ISBN, DOI…), a publisher ("Yale University Press"), an
    access date, or a quoted title without a page locator. In a rendered
    reference list the links are gone, so a quoted title alone is enough
    (`'Mujahedin-e Khalq Organization',`).

    Not checked: short citations (`{{sfn}}`, `{{harvnb}}`, `Weigley, p. 111.`,
    `Plutarch, ''Life of Numa'', 4. 5.`, or a first word that is the surname
    of a bibliography entry), which point to a full citation or a standard
    division of a classical work; explanatory notes (sentences with no link,
    identifier or title); and refs that only hold templates which are not
    citation templates (`{{IMDb title}}`, `{{OED}}`, `{{Citation needed}}`),
    since what they render, and whether they take a date, is not visible in
    the wikitext. A `<ref>` reused by name (`<ref name=x />`) is checked
    once, where it is defined.

    The message quotes the citation's title: a citation template's title
    (else its work, publisher or URL) even when free text follows the
    template, else the start of the free text without leftover markup
    (`|url=`, `{key=value}`, stray brackets), else the bare URL.

    ## Why is this bad?
    Wikipedia:Citing sources (WP:CITEHOW) lists the date of publication among
    what a citation includes, and for web pages "the date you retrieved it
    (required if the publication date is unknown)". Without a date, readers
    cannot tell how current a source is, and editors cannot find the right
    archived copy when the link dies (Wikipedia:Link rot).

    ## Example
    ```wikitext
    The MEK is an exile group.<ref>
    [http://example.org/mek 'Mujahedin-e Khalq Organization'], ''MIPT''.</ref>
    ```

    ## Use instead
    ```wikitext
    The MEK is an exile group.<ref>
    [http://example.org/mek 'Mujahedin-e Khalq Organization'], ''MIPT'', 26 May 2006.</ref>
    ```

    ## Options
    * `require` (`any` or `publication`, default `any`): `any` accepts a
      publication date or an access/archive date; `publication` also reports
      citations whose only date is an access or archive date ("accessed on
      24 September 2010").
    * `extra_templates` (list of strings, default `[]`): more citation
      template names to check like `{{cite web}}`, e.g. a wiki's local
      citation templates.

    ## Fix safety
    No fix: only the editor can look up the source's date.
    """

    code = "WL401"
    name = "undated-citation"
    summary = "Citation without a date (publication or access date)"
    severity = Severity.WARNING
    tags = ("citations", "verifiability")
    fixable = "never"
    Options = UndatedCitationOptions
    visits_document = True

    def check(self, doc: Document, ctx: Context) -> None:
        opts: UndatedCitationOptions = ctx.options
        if opts.extra_templates:
            citations = find_citations(doc, opts.extra_templates, ctx.prose)
        else:
            citations = ctx.citations()
        publication = opts.require == "publication"
        for citation in citations:
            if citation.form != "full":
                continue
            if len(citation.templates) > 1:
                self._check_bundle(citation, publication, ctx)
            elif not has_date(citation.dates, publication):
                ctx.report(citation.start, citation.end,
                           message(citation.quote(), citation.dates, publication))

    @staticmethod
    def _check_bundle(citation: Citation, publication: bool, ctx: Context) -> None:
        """A ``<ref>`` bundling several citation templates: each needs its own date
        (a date in the ref's free text counts for all of them)."""
        shared = [d for d in citation.dates if d.template not in citation.templates]
        for tpl in citation.templates:
            dates = [d for d in citation.dates if d.template is tpl] + shared
            if not has_date(dates, publication):
                ctx.report(tpl.start, tpl.end, message(template_quote(tpl), dates, publication))


def message(quote: str, dates: Sequence[CitationDate], publication: bool) -> str:
    """The finding's message: what is missing and what to add."""
    if not dates:
        wanted = "the publication date" if publication else \
            "the publication date (or access date)"
        return f"citation has no date: '{quote}' — add {wanted}"
    what = "an archive date" if all(d.role == "archive" for d in dates) else "an access date"
    return f"citation has only {what} ({dates[0].text}): '{quote}' — add the publication date"


RULE = UndatedCitation
