"""Citations of a page (wikilint.citations) and the undated-citation rule on real articles."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

import wikilint
from wikilint.analysis.citations import (
    Citation,
    citation_config,
    find_citations,
    has_date,
    normalize,
    year_stands_apart,
)
from wikilint.analysis.dates import find_dates
from wikilint.lint.pipeline import lint_source
from wikilint.rules.undated_citation import UndatedCitation
from wikilint.syntax.nodes import Parameter, ReferenceEntry, Tag, Template
from wikilint.syntax.source import SourceFile


def cites(text: str, dialect: str = "wikitext") -> list[Citation]:
    return find_citations(wikilint.parse(text, dialect=dialect))


# ------------------------------------------------------------------ kinds
def test_kinds_names_and_reuse() -> None:
    text = ("A.<ref name=\"mipt\">[http://x.org/mek MEK profile], MIPT, 2010.</ref> "
            "B.<ref name=\"mipt\" /> C.<ref name=mipt></ref>\n"
            "== Further reading ==\n* {{cite book|title=The Iranian Mojahedin|year=1989}}\n")
    found = cites(text)
    assert [(c.kind, c.name) for c in found] == [("ref", "mipt"), ("template", None)]
    ref, book = found
    assert isinstance(ref.node, Tag) and str(ref.node).startswith("<ref name=\"mipt\">")
    assert ref.template is None and ref.form == "full"
    assert isinstance(book.node, Template) and book.template is book.node
    assert [d.param for d in book.dates] == ["year"]


def test_template_inside_ref_belongs_to_the_ref() -> None:
    found = cites("A.<ref>See {{cite web|url=http://x.org|title=T|accessdate=2010-09-24}}.</ref>")
    assert len(found) == 1
    ref = found[0]
    assert ref.kind == "ref" and ref.template is not None
    assert ref.template.normalized_name == "cite web"
    assert [(d.text, d.role, d.param) for d in ref.dates] == [("2010-09-24", "access",
                                                               "accessdate")]


def test_short_citations() -> None:
    found = cites("A.<ref>{{harvnb|Abrahamian|1989|p=12}}</ref> B.{{sfn|Smith|2004a|p=3}}")
    assert [(c.kind, c.form == "short", c.form) for c in found] == [("ref", True, "short"),
                                                          ("template", True, "short")]
    assert [d.text for d in found[1].dates] == ["2004a"]


def test_rendered_entries() -> None:
    text = ("Title\n\nLead text.[1][2]\n\nReferences\n\n"
            "  1. 'Mujahedin-e Khalq Organization',\n"
            "  2. Rostam Pourzal, \"MEK Tricks\", Monthly Review, 26 May 2006\n")
    found = cites(text, "rendered")
    assert [(c.kind, c.number, c.form) for c in found] == [("entry", 1, "full"),
                                                           ("entry", 2, "full")]
    assert isinstance(found[0].node, ReferenceEntry)
    assert found[0].dates == () and [d.text for d in found[1].dates] == ["26 May 2006"]
    assert found[0].quote() == "Mujahedin-e Khalq Organization"


# ------------------------------------------------------------------ forms
@pytest.mark.parametrize("body, form", [
    ("[http://x.org/mek MEK Group Profile]", "full"),
    ("http://www.state.gov/j/ct/rls/other/des/123085.htm", "full"),
    ("Heintze, \"A Chronology of Notable Fourth of July Celebration Occurrences\".", "full"),
    ("Orwell, George. ''A Life in Letters'', Penguin ISBN 978-0-141-19263-5 p. 334", "full"),
    ("Raphael Patai. ''The Jewish Alchemists''. Princeton University Press. p.4", "full"),
    ("Weigley, p. 111.", "short"),
    ("Plutarch, ''Life of Numa'', 4. 5.", "short"),
    ("[[Livy]] [http://www.perseus.tufts.edu/x 1.56].", "short"),
    ("A. Schopenhauer, ''On Human Nature'', c. 3. [http://x.org/ch3 Read online]", "short"),
    ("The name is also spelled Mojahedin; the group was founded by students.", "note"),
    ("Abkhazia is a [[List of states with limited recognition|state with limited "
     "recognition]].", "note"),
    ("{{IMDb title|0111161|The Shawshank Redemption}}", "opaque"),
    ("{{LSJ|ma/ntis|μάντις|shortref}}.", "opaque"),
])
def test_free_text_forms(body: str, form: str) -> None:
    (found,) = cites(f"Text.<ref>{body}</ref>")
    assert found.form == form


def test_surname_of_a_bibliography_entry_makes_a_short_citation() -> None:
    body = "Text.<ref>Nevins, \"Ordeal of the Union\".</ref>\n"
    assert cites(body)[0].form == "full"
    with_bibliography = body + "== Bibliography ==\n* Nevins, Allan. ''Ordeal''. 1947.\n"
    assert cites(with_bibliography)[0].form == "short"
    with_template = body + "* {{cite book|last=Nevins|title=Ordeal|year=1947}}\n"
    assert cites(with_template)[0].form == "short"


# ------------------------------------------------------------------ dates
def test_date_parameters_and_roles() -> None:
    text = ("A.<ref>{{cite web|url=http://x.org|title=T|date=|origyear=1729"
            "|archive-date=2016-01-01|access-date=<!-- -->}}</ref>")
    (ref,) = cites(text)
    assert [(d.param, d.role) for d in ref.dates] == [("origyear", "publication"),
                                                     ("archive-date", "archive")]
    for d in ref.dates:
        assert d.text in text[d.start:d.end]


def test_no_date_marker_and_date_templates() -> None:
    (nd,) = cites("A.<ref>{{cite web|url=http://x.org|title=T|date=n.d.}}</ref>")
    assert [d.role for d in nd.dates] == ["none"] and has_date(nd.dates, publication=True)
    (tpl,) = cites("A.<ref>[http://x.org Profile], {{date|2006-05-26}}</ref>")
    assert [d.text for d in tpl.dates] == ["2006-05-26"]
    (archived,) = cites("A.<ref>[http://x.org P] {{webarchive|url=http://a.org|date=2016"
                        "-01-01}}</ref>")
    assert [d.role for d in archived.dates] == ["archive"]
    assert has_date(archived.dates) and not has_date(archived.dates, publication=True)


@pytest.mark.parametrize(("value", "kind", "apart"), [
    ("Algal response - Veraart - 2008 - Journal of Phycology", "title", True),
    ("Annual report | 2011 | Example Corp", "title", True),
    ("Judo in the US Air Force, 1953", "title", False),      # the subject's year
    ("Democracy Index 2014", "title", False),
    ("2010 Census Data", "title", False),
    ("Agriculture - Europe - 1500–1800", "title", False),    # a period
    ("Professoranton, 2009", "container", True),
    ("Journal of History (1998)", "container", True),
    ("Freedom in the World 2013", "container", False),
])
def test_a_year_counts_in_a_title_or_work_only_as_an_element_of_its_own(
        value: str, kind: str, apart: bool) -> None:
    (year,) = find_dates(value)
    assert year_stands_apart(value, year.start, year.end, kind) is apart


@pytest.mark.parametrize(("param", "dated"), [
    ("work=Professoranton, 2009", True),
    ("title=Algal response - Veraart - 2008 - Wiley Online Library", True),
    ("publisher=Oxford University Press, 2009", True),
    ("work=Democracy Index 2014", False),
    ("title=Freedom in the World 2013: Algeria", False),
])
def test_years_in_other_parameters_of_a_citation_template(param: str, dated: bool) -> None:
    (ref,) = cites(f"A.<ref>{{{{cite web|url=http://x.org/a|title=T|{param}}}}}</ref>")
    assert has_date(ref.dates) is dated


@pytest.mark.parametrize(("ref", "quote"), [
    # free text after the template: the title identifies the citation, not the licence note
    ("{{cite journal|title=Biomimetic Aerogels|journal=Adv. Sci.}} Text and images are "
     "available under a [https://creativecommons.org/licenses/by/4.0/ CC BY licence].",
     "Biomimetic Aerogels"),
    ("{{cite web|url=http://x.org/a}} A page about things.", "http://x.org/a"),
    # braces in the URL, a comment before the closing bracket
    ("[http://x.de/a.cgi?T=1{key=http://x.de/t.html?T=1} Verlag - The House<!-- bot -->]",
     "Verlag - The House"),
    # a template's parameters left as text
    ("|url=http://x.ca/a.html |date=20120427192624 |df=y [http://x.ca/a.html What Is Art?]",
     "What Is Art?"),
    ("http://x.com/c.php?t=Largest&unit=* | 5 largest economies in Asia",
     "5 largest economies in Asia"),
    ("[http://x.org E=mc2: A Biography], Penguin.", "E=mc2: A Biography, Penguin"),
])
def test_quotes_name_the_citation_cleanly(ref: str, quote: str) -> None:
    (found,) = cites(f"A.<ref>{ref}</ref>")
    assert found.quote() == quote


def test_free_text_date_spans_point_at_the_source() -> None:
    text = "A.<ref>[http://x.org ''Profile''], Monthly Review, 26&nbsp;May 2006</ref>"
    (ref,) = cites(text)
    (date,) = ref.dates
    assert text[date.start:date.end] == "26&nbsp;May 2006"


def test_extra_templates() -> None:
    doc = wikilint.parse("A.<ref>{{Cite Powerbase|title=NCRI}}</ref>")
    assert find_citations(doc)[0].form == "opaque"
    extra = find_citations(doc, ["cite_powerbase"])[0]
    assert extra.form == "full" and extra.template is not None


def test_citation_config_lists_older_spellings() -> None:
    roles = citation_config().param_roles
    assert roles["accessdate"] == roles["access-date"] == "access"
    assert roles["origyear"] == roles["year"] == "publication"
    assert roles["archivedate"] == "archive"


# ------------------------------------------------- planted defects on the corpus
MONTHS = ("january february march april may june july august september october november "
          "december jan feb mar apr jun jul aug sep sept oct nov dec januar februar märz mai "
          "juni juli oktober dezember janvier février mars avril juin juillet août septembre "
          "octobre novembre décembre spring summer autumn fall winter")
_MONTH = "(?:" + "|".join(sorted(MONTHS.split(), key=len, reverse=True)) + r")\.?"
# Deliberately broader than wikilint.dates: it removes every year-like number, so no date
# survives anywhere in the citation (titles, URLs and page numbers lose years too).
STRIP_RE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th|er|\.)?(?:\s|&nbsp;)*{_MONTH},?\s*\d{{4}}"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?,?\s*\d{{4}}"
    rf"|\b{_MONTH},?\s*\d{{4}}"
    r"|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)\s+century\b|\bn\.\s?d\.|\d+\s*[年년]\s*\d+\s*[月월]|"
    r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)", re.I)
SAMPLE_PER_ARTICLE = 6
SEED = 401


def _date_param_spans(root: Tag | Template) -> list[tuple[int, int]]:
    roles = citation_config().param_roles
    return [(p.start, p.end) for p in root.filter(Parameter)
            if p.name is not None and normalize(p.name_text) in roles]


def _strip_edits(text: str, citation: Citation) -> list[tuple[int, int]]:
    """Deletions that remove every date of a citation: its date parameters, then
    every date-like string left in it."""
    node = citation.node
    assert isinstance(node, (Tag, Template))
    inner = (node.open_end, node.close_start) if isinstance(node, Tag) else (node.start, node.end)
    removed = _date_param_spans(node)
    edits = list(removed)
    for m in STRIP_RE.finditer(text, *inner):
        if not any(a <= m.start() < b for a, b in removed):
            edits.append((m.start(), m.end()))
    return edits


def _apply(text: str, edits: list[tuple[int, int]]) -> str:
    out = []
    last = 0
    for start, end in sorted(edits):
        if start < last:
            start = last
        out.append(text[last:start])
        last = max(last, end)
    out.append(text[last:])
    return "".join(out)


def _shift(offset: int, edits: list[tuple[int, int]]) -> int:
    """Where ``offset`` (outside every edit) lands once the edits are applied."""
    removed = 0
    last = 0
    for start, end in sorted(edits):
        start = max(start, last)
        if end <= offset and end > start:
            removed += end - start
        last = max(last, end)
    return offset - removed


def planted_recall(articles_dir: Path) -> tuple[int, list[str]]:
    rng = random.Random(SEED)
    rule = UndatedCitation()
    planted = 0
    missed: list[str] = []
    for path in sorted(articles_dir.glob("*.wiki")):
        text = path.read_text(encoding="utf-8")
        doc = wikilint.parse(text)
        candidates = [c for c in find_citations(doc)
                      if c.form == "full" and has_date(c.dates) and len(c.templates) <= 1]
        chosen = sorted(rng.sample(candidates, min(SAMPLE_PER_ARTICLE, len(candidates))),
                        key=lambda c: c.start)
        if not chosen:
            continue
        edits = [e for c in chosen for e in _strip_edits(text, c)]
        stripped = _apply(text, edits)
        result = lint_source(SourceFile(stripped, str(path)), [rule], "wikitext")
        starts = {f.start for f in result.findings}
        for c in chosen:
            planted += 1
            new_start = _shift(c.start, edits)
            if new_start not in starts:
                line = doc.line_col(c.start)[0]
                missed.append(f"{path.name}:{line}: {str(c.node)[:120]!r}")
    return planted, missed


def test_planted_undated_citations_are_found(articles_dir: Path) -> None:
    planted, missed = planted_recall(articles_dir)
    assert planted >= 300
    recall = 1 - len(missed) / planted
    assert recall >= 0.95, f"recall {recall:.1%} ({len(missed)} of {planted} missed):\n" + \
        "\n".join(missed[:40])


def test_stripping_removes_dates_but_keeps_the_citation() -> None:
    text = "A.<ref>{{cite web|url=http://x.org/2006|title=T, May 2006|date=26 May 2006}}</ref>"
    (ref,) = cites(text)
    edits = _strip_edits(text, ref)
    stripped = _apply(text, edits)
    assert stripped == "A.<ref>{{cite web|url=http://x.org/|title=T, }}</ref>"
    assert _shift(ref.start, edits) == 2
    findings = lint_source(SourceFile(stripped, "<t>"), [UndatedCitation()], "wikitext").findings
    assert [f.start for f in findings] == [2]
