"""The citations of a page, with the dates each one carries.

:func:`find_citations` returns one :class:`Citation` per

* ``<ref>`` with a body (kind ``"ref"``); a reused ``<ref name=x />`` (or an
  empty ``<ref name=x></ref>``) is not a citation of its own;
* citation template outside any ``<ref>`` (kind ``"template"``): a
  bibliography entry ``* {{cite book|…}}``, a ``{{sfn}}``;
* reference-list entry of a rendered page (kind ``"entry"``).

Each citation has a *form* that says whether a date is expected of it:

``full``
    a full citation: a citation template, or free text that names a source
    a reader could find (a link, an ISBN/DOI…, a publisher, an access date,
    or a quoted or italic title without a page locator);
``short``
    a short citation pointing to a full one elsewhere on the page: ``{{sfn}}``,
    ``{{harvnb}}``, or free text such as ``Weigley, p. 111.`` or
    ``Nevins, ''Ordeal of the Union'', vol. 4, p. 312`` (a page locator, or a
    first word that is the surname of another citation's author);
``note``
    free text with none of the signs above: an explanatory footnote;
``opaque``
    a ``<ref>`` that only holds templates that are not citation templates
    (``{{IMDb title}}``, ``{{OED}}``, ``{{Citation needed}}``): what they
    render, and whether they take a date at all, is not visible in the
    wikitext.

Dates come from the citation templates' date parameters (``date``,
``year``, ``access-date``, the older spellings ``accessdate``, ``origyear``
…, listed with their roles in ``rules/citations.yaml``), from date
templates (``{{date|…}}``, ``{{Start date|…}}``), from archive templates'
dates, and from the free text (:func:`wikilint.dates.find_dates`).  The
date of an inline maintenance tag in the ref (``{{Dead link|date=May
2020}}``, the ``inline-cleanup`` list of ``rules/templates.yaml``) is when
the tag was placed, and does not date the citation.

Limits: markup produced by templates is invisible, so a date that a
source-specific template (``{{Cite EB1911}}``, ``{{LSJ}}``) prints itself
is not seen (such refs are ``opaque``); free-text citations inside
``{{efn}}``/``{{refn}}`` are not citations here (only the citation
templates inside them are).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Container, Iterable, Iterator
from enum import Enum

from wikilint.analysis.dates import find_dates, is_no_date
from wikilint.analysis.prose import PLACEHOLDER, Prose, plain_text, prose_of
from wikilint.analysis.wordlists import load_pack, template_lists
from wikilint.records import FrozenRecord
from wikilint.regex_cache import compile_cached
from wikilint.syntax.nodes import (
    Comment,
    Document,
    ExternalLink,
    HTMLEntity,
    Italic,
    ListItem,
    Node,
    ReferenceEntry,
    Tag,
    Template,
    Wikilink,
)

__all__ = ["Citation", "CitationDate", "CitationKind", "CitationForm", "DateRole", "has_date",
           "CitationConfig", "citation_config", "find_citations", "template_dates",
           "citation_template_dates", "quote_of", "year_stands_apart", "FreeText",
           "classify_free_text", "note_score", "template_quote"]

class CitationKind(str, Enum):
    """Where a citation stands on the page."""

    REF = "ref"            # a <ref> with a body
    TEMPLATE = "template"  # a citation template outside any <ref>
    ENTRY = "entry"        # a reference-list entry of a rendered page


class CitationForm(str, Enum):
    """What a citation is: a full one is checked for a date; the others are not."""

    FULL = "full"      # a source with its details
    SHORT = "short"    # a short citation pointing at a full one (Smith 2001, p. 4)
    NOTE = "note"      # an explanatory footnote, not a source
    OPAQUE = "opaque"  # nothing to read (a template wikilint cannot see into)


class DateRole(str, Enum):
    """What a citation's date says."""

    PUBLICATION = "publication"
    ACCESS = "access"
    ARCHIVE = "archive"
    NONE = "none"  # "n.d.": the source states it has no date


def has_date(dates: Iterable[CitationDate], publication: bool = False) -> bool:
    """Whether ``dates`` hold a date; with ``publication``, a publication date (or ``n.d.``)."""
    if publication:
        return any(d.role in (DateRole.PUBLICATION, DateRole.NONE) for d in dates)
    return any(True for _ in dates)


class CitationDate(FrozenRecord):
    """A date a citation carries: from parameter ``param`` of ``template``, or
    (``param`` None) from the text."""

    __slots__ = ("text", "role", "start", "end", "param", "template")
    text: str
    role: DateRole
    start: int  # source offsets
    end: int
    param: str | None
    template: Template | None

    def __init__(self, text: str, role: DateRole, start: int, end: int, param: str | None = None,
                 template: Template | None = None) -> None:
        self.text = text
        self.role = role
        self.start = start
        self.end = end
        self.param = param
        self.template = template


class Citation(FrozenRecord):
    """One citation of a page (see the module docstring)."""

    __slots__ = ("kind", "node", "template", "name", "prose", "dates", "number", "form",
                 "templates")
    kind: CitationKind
    node: Node
    template: Template | None
    name: str | None
    prose: Prose
    dates: tuple[CitationDate, ...]
    number: int | None
    form: CitationForm
    templates: tuple[Template, ...]

    def __init__(self, kind: CitationKind, node: Node, template: Template | None, name: str | None,
                 prose: Prose, dates: tuple[CitationDate, ...], number: int | None = None,
                 form: CitationForm = CitationForm.FULL,
                 templates: tuple[Template, ...] = ()) -> None:
        self.kind = kind
        self.node = node
        self.template = template
        self.name = name
        self.prose = prose
        self.dates = dates
        self.number = number
        self.form = form
        self.templates = templates

    @property
    def start(self) -> int:
        return self.node.start

    @property
    def end(self) -> int:
        return self.node.end

    def quote(self, limit: int = 60) -> str:
        """The start of the citation, for messages: its title, or its first words."""
        return quote_of(self, limit)


class CitationConfig(FrozenRecord):
    __slots__ = ("citation_templates", "short_templates", "date_templates", "archive_templates",
                 "param_roles", "identifiers", "publisher_words", "title_params",
                 "container_params", "skip_params", "tag_templates")
    citation_templates: frozenset[str]
    short_templates: frozenset[str]
    date_templates: frozenset[str]
    archive_templates: frozenset[str]
    param_roles: dict[str, str]
    identifiers: tuple[str, ...]
    publisher_words: tuple[str, ...]
    title_params: frozenset[str]
    container_params: frozenset[str]
    skip_params: frozenset[str]
    # inline maintenance tags ({{Dead link|date=…}}, {{Failed verification|date=…}}):
    # their date is when the tag was placed, not when the source was published
    tag_templates: frozenset[str]

    def __init__(self, citation_templates: frozenset[str], short_templates: frozenset[str],
                 date_templates: frozenset[str], archive_templates: frozenset[str],
                 param_roles: dict[str, str], identifiers: tuple[str, ...],
                 publisher_words: tuple[str, ...], title_params: frozenset[str],
                 container_params: frozenset[str], skip_params: frozenset[str],
                 tag_templates: frozenset[str] = frozenset()) -> None:
        self.citation_templates = citation_templates
        self.short_templates = short_templates
        self.date_templates = date_templates
        self.archive_templates = archive_templates
        self.param_roles = param_roles
        self.identifiers = identifiers
        self.publisher_words = publisher_words
        self.title_params = title_params
        self.container_params = container_params
        self.skip_params = skip_params
        self.tag_templates = tag_templates

    def with_templates(self, extra: Iterable[str]) -> CitationConfig:
        names = frozenset(normalize(n) for n in extra)
        if not names - self.citation_templates:
            return self
        return self._replace(citation_templates=self.citation_templates | names)


@functools.lru_cache(maxsize=4096)
def normalize(name: str) -> str:
    """Template or parameter name for matching: ``_`` as space, spaces squashed, lower case."""
    # cached: a page names the same few dozen parameters thousands of times
    return " ".join(name.replace("_", " ").split()).lower()


@functools.cache
def citation_config() -> CitationConfig:
    """The lists in ``rules/citations.yaml``."""
    data = load_pack("citations")
    roles: dict[str, str] = {}
    for role in ("publication", "access", "archive"):
        for name in data["date-parameters"][role]:
            roles[normalize(str(name))] = role
    signs = data["full-citation-signs"]
    return CitationConfig(
        citation_templates=frozenset(normalize(n) for n in data["citation-templates"]["names"]),
        short_templates=frozenset(normalize(n) for n in data["short-citation-templates"]["names"]),
        date_templates=frozenset(normalize(n) for n in data["date-templates"]["names"]),
        archive_templates=frozenset(normalize(n) for n in data["archive-templates"]["names"]),
        param_roles=roles,
        identifiers=tuple(str(w).lower() for w in signs["identifiers"]),
        publisher_words=tuple(str(w) for w in signs["publisher-words"]),
        title_params=frozenset(normalize(n) for n in data["text-parameters"]["title-like"]),
        container_params=frozenset(normalize(n)
                                   for n in data["text-parameters"]["container-like"]),
        skip_params=frozenset(normalize(n) for n in data["text-parameters"]["skip"]),
        tag_templates=frozenset(normalize(n)
                                for n in load_pack("templates")["removed"]["inline-cleanup"]),
    )


# ------------------------------------------------------------------ dates
def _value_text(nodes: Iterable[Node]) -> str:
    """A parameter value as written, without comments."""
    return "".join(str(n) for n in nodes if not isinstance(n, Comment)).strip()


def template_dates(tpl: Template, config: CitationConfig | None = None,
                   role: str | None = None) -> list[CitationDate]:
    """The non-empty date parameters of a template, with their roles.

    ``role`` overrides the parameters' own roles (an archive template's
    ``date`` is an archive date).
    """
    config = config or citation_config()
    found: list[CitationDate] = []
    for param in tpl.params:
        if param.name is None:
            continue
        param_role = config.param_roles.get(normalize(param.name_text))
        if param_role is None:
            continue
        value = _value_text(param.value)
        if not value:
            continue
        if is_no_date(value):
            param_role = "none"
        start = param.value[0].start if param.value else param.end
        found.append(CitationDate(value, DateRole(role or param_role), start, param.end,
                                  param.name_text, tpl))
    return found


def citation_template_dates(tpl: Template, config: CitationConfig | None = None
                            ) -> list[CitationDate]:
    """The dates of a citation template: its date parameters, else dates written
    in its other visible parameters.

    A bare year in a title or a container (work, website, journal…) counts
    only when it stands apart as its own element (:func:`year_stands_apart`);
    elsewhere (publisher, edition…) wherever :func:`~wikilint.dates.find_dates`
    finds it.
    """
    config = config or citation_config()
    found = template_dates(tpl, config) + _positional_year(tpl)
    if any(d.role in ("publication", "none") for d in found):
        return found
    for param in tpl.params:
        if param.name is None or not param.value:
            continue
        name = normalize(param.name_text)
        if name in config.skip_params or name.endswith("url") or name in config.param_roles:
            continue
        base = param.value[0].start
        raw = param._src[base:param.end]  # the page's text (not a walk up to the document)
        kind = "title" if name in config.title_params else \
            "container" if name in config.container_params else None
        for d in find_dates(raw):
            if d.precision == "year" and kind is not None \
                    and not year_stands_apart(raw, d.start, d.end, kind):
                continue
            found.append(CitationDate(d.text, DateRole(d.role), base + d.start, base + d.end,
                                      param.name_text, tpl))
    return found


# What sets a part of a title apart: a spaced dash or a bar ("Title - Author - 2008 -
# Journal"); in a container also a comma, a semicolon or brackets ("Site, 2009").
_TITLE_SEPARATOR = r"\s[-–—|·]\s|\s\|"
_CONTAINER_SEPARATOR = _TITLE_SEPARATOR + r"|[,;(\[\]/)]"
_TITLE_PARTS_RE = compile_cached(rf"(?:{_TITLE_SEPARATOR})")
_CONTAINER_PARTS_RE = compile_cached(rf"(?:{_CONTAINER_SEPARATOR})")
_RANGE_RE = compile_cached(r"\d\s*[-–/]\s*\d")


def year_stands_apart(value: str, start: int, end: int, kind: str) -> bool:
    """Whether the year at ``value[start:end]`` of a title (``kind`` "title") or a
    container ("container") parameter is an element of its own, not part of a phrase.

    ``Veraart - 2008 - Journal`` and ``work=Professoranton, 2009`` date the
    citation; ``Democracy Index 2014``, ``2010 Census Data`` and (in a
    title) ``Europe, 1300–1800`` do not.
    """
    year = value[start:end]
    if kind == "title" and _RANGE_RE.search(year):
        return False
    splitter = _TITLE_PARTS_RE if kind == "title" else _CONTAINER_PARTS_RE
    pos = 0
    for m in [*splitter.finditer(value), None]:
        stop = m.start() if m is not None else len(value)
        if pos <= start and end <= stop:
            return value[pos:stop].strip().strip(".'\"").strip() == year
        pos = m.end() if m is not None else pos
    return False


def _positional_year(tpl: Template) -> list[CitationDate]:
    """A positional parameter of a citation template that is a year or a date and
    nothing else: Italian ``{{cita libro|nome|cognome|titolo|anno|editore}}``
    takes its year fourth, and a value that is only a year cannot be a title's
    phrase (``{{cita libro|Mario Rossi|Storia di Roma|Einaudi|1998}}``)."""
    found: list[CitationDate] = []
    for param in tpl.params:
        if param.name is not None:
            continue
        value = _value_text(param.value)
        if not value or len(value) > 40:
            continue
        whole = _YEAR_VALUE_RE.fullmatch(value) is not None
        if not whole:
            dates = find_dates(value)
            whole = len(dates) == 1 and value.strip(" .,") == dates[0].text.strip(" .,") \
                and dates[0].role == "publication"
        if whole:
            start = param.value[0].start if param.value else param.end
            found.append(CitationDate(value, DateRole.PUBLICATION, start, param.end,
                                      param.name_text, tpl))
    return found


_YEAR_VALUE_RE = compile_cached(r"(?:c\.\s*)?(?:1[5-9]\d{2}|20\d{2})[a-z]?")


def _positional_dates(tpl: Template) -> list[CitationDate]:
    """Dates among a template's positional parameters: ``{{date|2006-05-26}}``,
    ``{{sfn|Smith|2004}}``."""
    found: list[CitationDate] = []
    for param in tpl.params:
        if param.name is not None:
            continue
        value = _value_text(param.value)
        if re.fullmatch(r"(?:c\.\s*)?(?:1\d{3}|20\d{2})[a-z]?", value) or is_no_date(value):
            role = "none" if is_no_date(value) else "publication"
            found.append(CitationDate(value, DateRole(role), param.start + 1, param.end,
                                      param.name_text, tpl))
            continue
        for d in find_dates(value):
            start = param.start + 1 + (len(str(param)[1:]) - len(str(param)[1:].lstrip()))
            found.append(CitationDate(d.text, DateRole(d.role), start + d.start, start + d.end,
                                      param.name_text, tpl))
    return found


def _text_dates(prose: Prose) -> list[CitationDate]:
    return [CitationDate(d.text, DateRole(d.role), *prose.span(d.start, d.end))
            for d in find_dates(prose.text)]


# ------------------------------------------------------------ free text
_URL_RE = compile_cached(r"(?:https?:|ftp:)?//[^\s\]]+|\bwww\.\w", re.I)
_QUOTED_RE = compile_cached(r"\"([^\"\n]{2,300})\"|“([^”\n]{2,300})”|„([^“”\n]{2,300})[“”]"
                            r"|«([^»\n]{2,300})»|(?<!\w)'(?=\S)([^'\n]{2,300}?)(?<=\S)'(?!\w)")
_MAX_TITLE_WORDS = 15
_LOCATOR_RE = compile_cached(
    r"(?:\b(?:p|pp|pg|pgs|page|pages|vol|vols|c|cap|ch|chap|chapter|sec|sect|section|para|line|lines"
    r"|verse|fol|col|book|bk|canto|act|scene|loc|s|seite|seiten|article|art|season|episode"
    r"|part|pt|no|nos|sutra|sutras|topic|letter|epistle|fr|frag|fragment)\b\.?\s*[\dIVXLCivxlc]"
    r"|§|\bp\d|\d\s?:\s?\d|\b\d+[a-z]?\s*[.,:]\s*\d+[a-z]?\b|\b\d+[a-z]\d+"
    r"|(?:^|[\s,;(])(?:[IVXLC]{1,6}[.,:]?\s*)?\d+[a-z]?(?:\s*[-–.,:]\s*\d+[a-z]?)*"
    r"(?:\s*ff?\.?)?\s*[.)]?\s*$|\b[IVXLC]{1,6}\.?\s*$|\bibid\b|\bid\.|\bop\.\s*cit|\bloc\.\s*cit)",
    re.I)
_FIRST_WORD_RE = compile_cached(r"[\s\"'“‘(\[]*([^\W\d_][\w'’-]*)")
_WORD_RE = compile_cached(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Lower-case words that citations use; other lower-case words outside titles
# suggest a sentence (an explanatory note), finite verbs even more so.
_CITATION_WORDS = frozenset("""a an and at by cf de del der des di die do dos du e ed eds edn edited
editor editors edition el en et al for from id ibid im in la le les loc of on op online original
page pages pp part press published publisher reprint reprinted retrieved accessed archived rev
revised see also series the to trans tr transl translated translator und van vol vols volume von
via with y zu und et al cit ff html pdf www com org net ed. englisch deutsch französisch griechisch
russisch spanisch italienisch anglais allemand grec inglés issue no nos number article chapter
section report""".split())
_FINITE_VERBS = frozenset("is are was were has have had be been can could will would does did do "
                          "says said may might must should".split())
_NOTE_SCORE = 4
_GENERIC_LINK_TEXTS = frozenset({"", "online", "read online", "here", "link", "full text", "text",
                                 "pdf", "website", "web", "view online", "available online",
                                 "online version", "online text", "html", "e-text", "etext",
                                 "read", "view", "free online", "online edition"})
_ICON_TEMPLATE_RE = compile_cached(r"^(?:[a-z]{2,3}(?:-[a-z]+)? icon|in lang|languageicon|lang icon"
                                   r"|link language)$")
TITLE_MARK, LINK_MARK, QUOTE_MARK = "\x01", "\x02", "\x03"


class FreeText(FrozenRecord):
    """The free text of a ``<ref>`` or reference-list entry, as the form test sees it.

    ``skeleton`` is the text outside titles: italics, link texts and
    quotations are replaced by marks, so the words left are the citation's
    own (author, publisher, "retrieved") or a note's sentence.
    """

    __slots__ = ("text", "skeleton", "links", "passage_links", "italic", "unknown_templates",
                 "identifier_templates")
    text: str
    skeleton: str
    links: int  # links with a title of their own
    passage_links: int  # links without a title, or titled with a locator ("[url 4.25]")
    italic: bool
    unknown_templates: bool
    identifier_templates: bool

    def __init__(self, text: str, skeleton: str, links: int = 0, passage_links: int = 0,
                 italic: bool = False, unknown_templates: bool = False,
                 identifier_templates: bool = False) -> None:
        self.text = text
        self.skeleton = skeleton
        self.links = links
        self.passage_links = passage_links
        self.italic = italic
        self.unknown_templates = unknown_templates
        self.identifier_templates = identifier_templates


def classify_free_text(free: FreeText, surnames: Container[str] = frozenset(),
                       config: CitationConfig | None = None) -> str:
    """``full``, ``short``, ``note`` or ``opaque`` for the free text of a citation."""
    config = config or citation_config()
    text = free.text
    has_words = re.search(r"\w", text.replace(PLACEHOLDER, "")) is not None
    if not (has_words or free.links or free.passage_links):
        return "opaque"
    if note_score(free.skeleton) >= _NOTE_SCORE:
        return "note"
    strong = free.identifier_templates or _strong_sign(text, config)
    quoted = any(2 <= len(q.split()) <= _MAX_TITLE_WORDS for q in _quotations(text))
    if free.unknown_templates and not (strong or free.links or quoted):
        return "opaque"
    located = _LOCATOR_RE.search(_without_dates(text)) is not None
    first = _FIRST_WORD_RE.match(text)
    named = first is not None and first.group(1).lower() in surnames
    if strong:
        return "full"
    if free.links:
        return "short" if named and located else "full"
    if quoted:
        return "short" if located or named else "full"
    if free.italic or located or named:
        return "short"
    # only links to a passage ("[url 4.25]") or titleless links ("[url]") are left
    return "full" if free.passage_links else "note"


def _without_dates(text: str) -> str:
    """The text with its dates blanked out: a year at the end is not a page locator."""
    for d in reversed(find_dates(text)):
        text = text[:d.start] + " " * (d.end - d.start) + text[d.end:]
    return text


def note_score(skeleton: str) -> int:
    """How much the text outside titles reads like a sentence."""
    score = 0
    for word in _WORD_RE.findall(skeleton):
        if len(word) < 2 or not word.islower() or word in _CITATION_WORDS:
            continue
        score += 2 if word in _FINITE_VERBS else 1
    return score


def _quotations(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _QUOTED_RE.finditer(text)]


def _strong_sign(text: str, config: CitationConfig) -> bool:
    """An identifier, a publisher's name or an access date: a findable source."""
    identifiers, publishers = _sign_patterns(config.identifiers, config.publisher_words)
    if identifiers.search(text) or publishers.search(text) or _ACCESS_WORD_RE.search(text):
        return True
    return any(d.role == "access" for d in find_dates(text))


# "Retrieved", even without its date, says an editor read the source somewhere
_ACCESS_WORD_RE = compile_cached(
    r"\b(?:retrieved|accessed|abgerufen|consulté|consultado|посетен)\b", re.I)


@functools.lru_cache(maxsize=8)
def _sign_patterns(identifiers: tuple[str, ...], publishers: tuple[str, ...]
                   ) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (compile_cached(r"\b(?:" + "|".join(re.escape(w) for w in identifiers) + r")\b", re.I),
            compile_cached(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in publishers) + r")(?!\w)"))


def _skeleton(nodes: Iterable[Node]) -> str:
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Italic):
            parts.append(f" {TITLE_MARK} ")
        elif isinstance(node, ExternalLink):
            parts.append(f" {LINK_MARK} ")
        elif isinstance(node, Template):
            parts.append(" ")
        elif isinstance(node, Comment):
            continue
        elif isinstance(node, Tag) and node.name in ("ref", "references"):
            continue
        elif isinstance(node, (Wikilink, HTMLEntity)):
            parts.append(plain_text((node,)))
        elif node.children:
            parts.append(_skeleton(node.children))
        else:
            parts.append(str(node))
    return "".join(parts)


def _strip_quotations(text: str) -> str:
    return _QUOTED_RE.sub(f" {QUOTE_MARK} ", text)


_PASSAGE_LINK_RE = compile_cached(
    r"(?:[^\W\d_][\w.]*\s+)?(?:(?:p|pp|page|pages|vol|ch|chapter|book|line)\.?\s*)?"
    r"[\dIVXLCivxlc]+[a-z]?(?:\s*[-–.,:]\s*\d+[a-z]?)*\.?", re.I)


def _is_passage_link(link: ExternalLink) -> bool:
    """A link without a title, with a generic one ("online") or with a locator
    ("4.25", "Livy 34.43", "p. 88"): it points into a work, it does not name one."""
    if not link.title:
        return True
    title = " ".join(plain_text(link.title).replace(PLACEHOLDER, " ").split()).lower()
    return title in _GENERIC_LINK_TEXTS or _PASSAGE_LINK_RE.fullmatch(title) is not None


def _ref_free_text(tag: Tag, prose: Prose, config: CitationConfig) -> FreeText:
    own = list(_own_nodes(tag))
    italic = any(isinstance(n, Italic) for n in own)
    links = [n for n in own if isinstance(n, ExternalLink)]
    passage = sum(1 for n in links if _is_passage_link(n))
    unknown = identifier = False
    lists = template_lists()
    for tpl in (n for n in own if isinstance(n, Template)):
        name = tpl.normalized_name
        if name in config.identifiers:
            identifier = True
        elif not (_ICON_TEMPLATE_RE.match(name) or name in config.date_templates
                  or name in config.archive_templates or name in lists.removed
                  or name in lists.text or name in lists.chars or name.startswith("lang")):
            unknown = True
    return FreeText(prose.text, _strip_quotations(_skeleton(tag.children)), len(links) - passage,
                    passage, italic, unknown, identifier)


_AUTHOR_PARAM_RE = compile_cached(
    r"(?:last|surname|author|authors|editor|editor-last|nachname|autor|nom|last-author-amp)\d*$"
    r"|(?:author|editor)\d+-last$")
# a bibliography line that starts with a surname and a comma: "* Donald, David Herbert
# (1996)", "* [[Allan Nevins|Nevins]], Allan", bold or italic markup allowed around the name
_BIBLIOGRAPHY_LINE_RE = compile_cached(
    r"[*#:;]+\s*(?:'{2,5}|\[\[(?:[^\]|]*\|)?)?\s*([^\W\d_][\w'’-]+)\s*(?:'{2,5}|\]\])?\s*,")


@functools.lru_cache(maxsize=1024)
def _is_author_param(name: str) -> bool:
    # cached: the page's citation templates repeat a few dozen parameter names
    return _AUTHOR_PARAM_RE.match(normalize(name)) is not None


class _Surnames:
    """Author surnames of the page's citation templates and bibliography lines,
    collected when first asked (most pages never need them)."""

    def __init__(self, templates: list[Template], items: list[ListItem]):
        self._templates = templates
        self._items = items
        self._names: frozenset[str] | None = None

    def __contains__(self, name: object) -> bool:
        if self._names is None:
            self._names = self._collect()
        return name in self._names

    def _collect(self) -> frozenset[str]:
        names: set[str] = set()
        for tpl in self._templates:
            for param in tpl.params:
                if param.name is not None and _is_author_param(param.name_text):
                    first = _FIRST_WORD_RE.match(plain_text(param.value))
                    if first:
                        names.add(first.group(1).lower())
        for item in self._items:
            match = _BIBLIOGRAPHY_LINE_RE.match(str(item))
            if match and item.ancestor(Tag) is None:
                names.add(match.group(1).lower())
        return frozenset(names)


# ---------------------------------------------------------------- walk
def _inside_citation_template(node: Node, config: CitationConfig) -> bool:
    for anc in node.ancestors():
        if isinstance(anc, Template) and (anc.normalized_name in config.citation_templates
                                          or anc.normalized_name in config.short_templates):
            return True
    return False


def _in_ref(node: Node) -> bool:
    for anc in node.ancestors():
        if isinstance(anc, Tag) and anc.name == "ref":
            return True
    return False


def _ref_body_blank(tag: Tag) -> bool:
    return not any(not isinstance(c, Comment) and str(c).strip() for c in tag.children)


def _own_nodes(root: Node) -> Iterator[Node]:
    """Descendants of ``root`` that are not inside one of its templates."""
    stack = list(reversed(root.children))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, Template):
            stack.extend(reversed(node.children))


def _ref_citation(tag: Tag, surnames: Container[str], config: CitationConfig,
                  prose_of: Callable[[Node], Prose] = prose_of) -> Citation:
    cites: list[Template] = []
    shorts: list[Template] = []
    dates: list[CitationDate] = []
    for tpl in tag.filter(Template):
        if _inside_citation_template(tpl, config):
            continue
        name = tpl.normalized_name
        if name in config.citation_templates:
            cites.append(tpl)
            dates.extend(citation_template_dates(tpl, config))
        elif name in config.short_templates:
            shorts.append(tpl)
            dates.extend(_positional_dates(tpl))
        elif name in config.date_templates:
            dates.extend(_positional_dates(tpl))
        elif name in config.archive_templates:
            dates.extend(template_dates(tpl, config, role="archive"))
        elif name not in config.tag_templates:
            dates.extend(template_dates(tpl, config))
    prose = prose_of(tag)
    dates.extend(_text_dates(prose))
    dates.sort(key=lambda d: d.start)
    if cites:
        form = "full"
    elif shorts:
        form = "short"
    else:
        form = classify_free_text(_ref_free_text(tag, prose, config), surnames, config)
    return Citation(CitationKind.REF, tag, cites[0] if cites else None, tag.get("name"),
                    prose, tuple(dates), None, CitationForm(form), tuple(cites))


def _template_citation(tpl: Template, config: CitationConfig) -> Citation:
    short = tpl.normalized_name in config.short_templates
    dates = _positional_dates(tpl) if short else citation_template_dates(tpl, config)
    return Citation(CitationKind.TEMPLATE, tpl, None if short else tpl, None, prose_of(tpl),
                    tuple(dates), None, CitationForm.SHORT if short else CitationForm.FULL,
                    () if short else (tpl,))


def _entry_citation(entry: ReferenceEntry, config: CitationConfig) -> Citation:
    prose = prose_of(entry)
    links = len(_URL_RE.findall(prose.text))
    skeleton = _strip_quotations(_URL_RE.sub(f" {LINK_MARK} ", prose.text))
    form = classify_free_text(FreeText(prose.text, skeleton, links), frozenset(), config)
    return Citation(CitationKind.ENTRY, entry, None, None, prose,
                    tuple(_text_dates(prose)), entry.number, CitationForm(form))


def find_citations(doc: Document, extra_templates: Iterable[str] = (),
                   prose: Callable[[Node], Prose] = prose_of) -> list[Citation]:
    """The page's citations in source order (see the module docstring).

    ``prose`` gives a ``<ref>``'s prose (a rule passes ``ctx.prose``, which
    shares it with the other rules).
    """
    config = citation_config().with_templates(extra_templates)
    if doc.dialect == "rendered":
        return [_entry_citation(e, config) for e in doc.filter(ReferenceEntry)]
    refs = [node for node in doc.filter(Tag)
            if node.name == "ref" and node.closed and not node.self_closing
            and not node.closing and not _ref_body_blank(node)]
    cited = config.citation_templates
    short = config.short_templates
    templates = [node for node in doc.filter(Template)
                 if node.normalized_name in cited or node.normalized_name in short]
    items = list(doc.filter(ListItem))
    surnames = _Surnames([t for t in templates if t.normalized_name in cited], items)
    found = [_ref_citation(tag, surnames, config, prose) for tag in refs]
    found.extend(_template_citation(tpl, config) for tpl in templates
                 if not _in_ref(tpl) and not _inside_citation_template(tpl, config))
    found.sort(key=lambda c: c.start)
    return found


# ---------------------------------------------------------------- quotes
_TITLE_PARAMS = ("title", "titel", "titre", "titolo", "tựa đề", "tiêu đề", "শিরোনাম", "título",
                 "tytuł", "chapter",
                 "script-title", "trans-title", "entry", "article", "contribution", "episode",
                 "work", "website", "journal", "newspaper", "encyclopedia", "publisher", "url")


def quote_of(citation: Citation, limit: int = 60) -> str:
    """A short quotation that identifies the citation in a message.

    A citation template's title (or work, publisher, URL) when there is one,
    even if free text follows the template (a licence note, a quotation);
    else the start of the free text, without the debris of broken markup
    around it (``{key=value}``, ``|url=``, a stray bracket); else the
    address of a bare link.
    """
    if citation.template is not None:
        title = _template_title(citation.template)
        if title:
            return _cut(title, limit)
        if citation.kind == "template" or not _has_free_words(citation):
            return template_quote(citation.template, limit)
    text = _without_debris(_clean(citation.prose.text))
    if not text:  # a bare link: quote its address
        link = next(citation.node.filter(ExternalLink), None)
        text = link.url if link is not None else _clean(str(citation.node))
    return _cut(text, limit)


def template_quote(tpl: Template, limit: int = 60) -> str:
    """A citation template's title (or work, publisher, URL) for messages."""
    return _cut(_template_title(tpl) or _clean(str(tpl)), limit)


def _template_title(tpl: Template) -> str:
    for key in _TITLE_PARAMS:
        param = tpl.get(key, key.capitalize())
        if param is not None:
            text = plain_text(param.value) if key != "url" else _value_text(param.value)
            text = _without_debris(_clean(text))
            if text:
                return text
    return ""


# Pieces of broken markup that may start or end a citation's text: a lone bracket,
# brace or bar, "{key=value…", "|url=…", "key=value" (a template's parameters left as text).
_DEBRIS_RE = compile_cached(r"[\[\]{}|<>]+|\S*[{}]\S*|\|\S*|[a-z_-]+=\S*")


def _without_debris(text: str) -> str:
    words = text.split(" ")
    first, last = 0, len(words)
    while first < last and _DEBRIS_RE.fullmatch(words[first]):
        first += 1
    while last > first and _DEBRIS_RE.fullmatch(words[last - 1]):
        last -= 1
    kept = " ".join(words[first:last])
    for left, right in ("[]", "{}"):  # "House]" where a comment hid the link's end
        if kept.endswith(right) and left not in kept:
            kept = kept[:-1]
        if kept.startswith(left) and right not in kept:
            kept = kept[1:]
    return text if kept == text else _clean(kept)


def _has_free_words(citation: Citation) -> bool:
    return bool(re.search(r"[^\W\d_]{3}", citation.prose.text.replace(PLACEHOLDER, "")))


def _clean(text: str) -> str:
    text = " ".join(text.replace(PLACEHOLDER, " ").split())
    text = text.strip(" ,;:.–—-")
    for left, right in (("'", "'"), ('"', '"'), ("“", "”"), ("‘", "’"), ("«", "»")):
        inner = text[1:-1]
        if len(text) > 2 and text[0] == left and text[-1] == right \
                and left not in inner and right not in inner:
            text = inner.strip()
    return text


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.–—-") + "…"
