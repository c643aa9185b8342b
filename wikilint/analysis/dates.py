"""Finding dates in the free text of a citation.

:func:`find_dates` returns every date it can see in a string, each with its
span, its precision and its role:

* full dates: ``26 May 2006``, ``May 26, 2006``, ``11 January, 2006``,
  ``2006-05-26``, ``26.05.2006``, ``26/05/2006``, ``2006 May 26``, and the
  German, French, Bulgarian, Spanish, Portuguese, Italian, Dutch, Armenian
  and Thai month names (``26. Mai 2006``, ``1er mai 2006``, ``26 май 2006 г.``,
  ``17 հունվարի 2013``, ``5 มีนาคม 2555``);
* months and seasons: ``May 2006``, ``March–April 2006``, ``Spring 2006``,
  ``2025年12月``, in digits ``3/2007`` and ``1981/01`` (not after a locator or
  a law's name: ``No. 3/2007``, ``Ley 10/2004``), and a year and month
  ``2000.4`` where a bare year could stand;
* a CJK year ``2003年``, unless inside title brackets (``『2005年の日本』``);
* a bare year (1500–2099) *in citation position*: ``Smith (2004). Title``,
  ``Title, 2004.``, ``Knuth 1973:7``, ``c. 1850``, ``c1850`` (circa or
  copyright), ``ca. 1850``, ``1995–96``.  A number is
  not a year when a locator precedes it (``p. 1999``, ``ISBN 2004…``,
  ``vol. 1850``), when it is part of a bigger number (``1,999``,
  ``0-19-2004``, a URL path), or when a word follows it as in a title
  (``The 1775 American Invasion``, ``2010 Census``).

A date introduced by an access word (``Retrieved``, ``accessed on``,
``abgerufen am``, ``consulté le``, ``посетен на``) has role ``access``; one
introduced by ``Archived`` has role ``archive``; any other ``publication``.
The word lists live in ``rules/citations.yaml``.

Text in Thai script is read with Thai digits (``๕``) as ASCII ones, and its
years may be of the Buddhist era (2400–2700, 543 years ahead of the Common
Era): after a Thai month, after the era ``พ.ศ.`` (or ``ค.ศ.``, the Common
Era), or alone when punctuation or the end follows it (``(2559).``; Thai
words are uncased, so a year between two words is taken for a number:
``2550 หน้า``, 2550 pages).

Limits: dates written only in digits other than the forms above (``5/06``),
in other scripts' numerals than Thai ones, or in month names of languages not listed are
not found; a bare year inside a title is ignored unless punctuation puts it
in citation position (``Results of 2004.``).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right

from wikilint.analysis.wordlists import load_pack
from wikilint.records import FrozenRecord
from wikilint.regex_cache import compile_cached

__all__ = ["FoundDate", "find_dates", "is_no_date", "DateWords", "date_words"]

YEAR = r"(?:1\d{3}|20\d{2})(?!\d)"
# In Thai text a year may be of the Buddhist era (พ.ศ. 2550 = 2007 CE), 543 years ahead.
THAI_YEAR = r"(?:1\d{3}|20\d{2}|2[4-6]\d{2}|2700)(?!\d)"
# the era before a Thai year: พ.ศ. (Buddhist era), ค.ศ. (Christian era)
THAI_ERA = r"(?:[พค]\.\s?ศ\.\s*)"
BARE_YEAR_MIN = 1500
BUDDHIST_YEAR_MIN = 2400
_THAI_SCRIPT = compile_cached(r"[\u0e00-\u0e7f]")
# Thai digits ๐–๙ read as 0–9 (one character each, so spans do not move)
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)(?:st|nd|rd|th|er|\.)?"


class FoundDate(FrozenRecord):
    """A date in a string: ``text[start:end]``; precision ``day``/``month``/``year``."""

    __slots__ = ("start", "end", "text", "precision", "role")
    start: int
    end: int
    text: str
    precision: str
    role: str  # publication | access | archive

    def __init__(self, start: int, end: int, text: str, precision: str, role: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.precision = precision
        self.role = role


class DateWords(FrozenRecord):
    __slots__ = ("months", "access", "archive", "locators", "no_date")
    months: tuple[str, ...]
    access: tuple[str, ...]
    archive: tuple[str, ...]
    locators: frozenset[str]
    no_date: frozenset[str]

    def __init__(self, months: tuple[str, ...], access: tuple[str, ...], archive: tuple[str, ...],
                 locators: frozenset[str], no_date: frozenset[str]) -> None:
        self.months = months
        self.access = access
        self.archive = archive
        self.locators = locators
        self.no_date = no_date


@functools.cache
def date_words() -> DateWords:
    data = load_pack("citations")
    months: set[str] = set()
    for key, names in data["months"].items():
        if key != "source":
            months.update(str(n).lower() for n in names)
    words = data["access-words"]
    return DateWords(
        months=tuple(sorted(months, key=lambda m: (-len(m), m))),
        access=tuple(str(w).lower() for w in words["access"]),
        archive=tuple(str(w).lower() for w in words["archive"]),
        locators=frozenset(str(w).lower() for w in data["locator-words"]["words"]),
        no_date=frozenset(_squash(str(v)) for v in data["no-date-values"]["values"]),
    )


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value).lower()


_Trie = dict[str, "_Trie"]


def _trie_pattern(words: tuple[str, ...]) -> str:
    """One alternation for many words, factored by common prefixes: the regex engine
    then tries one branch per letter instead of every word at every position."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + build(trie) + ")"


@functools.cache
def _patterns(thai: bool = False) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The day, month and year patterns; with ``thai``, for text in Thai script, where a
    year may be of the Buddhist era and follow its era (``5 มีนาคม พ.ศ. 2555``)."""
    words = date_words()
    year = THAI_ERA + "?" + THAI_YEAR if thai else YEAR
    bare_year = THAI_YEAR if thai else YEAR
    month = _trie_pattern(words.months) + r"(?:\.|(?!\w))"
    months = rf"{month}(?:\s*[-–/]\s*{month})?"
    days = rf"{DAY}(?:\s*[-–]\s*{DAY})?"
    numeric_dmy = (r"(?:[12]\d|3[01]|0?[1-9])(?P<nsep>[./-])(?:1[0-2]|0?[1-9])(?P=nsep)(?:" + year
                   + r"|(?<=/)\d{2}(?![\d/]))")
    numeric_mdy = r"(?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9])/(?:" + year + r"|\d{2}(?![\d/]))"
    iso = bare_year + r"(?P<isep>[-/.])(?:1[0-2]|0?[1-9])(?P=isep)(?:[12]\d|3[01]|0?[1-9])(?!\d)"
    # Each form but the CJK and Thai ones starts with a word character after a non-word
    # one: the leading \b lets the engine skip every other position at once.
    day_pattern = r"\b(?:" + "|".join((
        rf"(?<![\w.]){days}\s*{months},?\s*{year}(?:\s*г\.)?",          # 26 May 2006
        rf"(?<!\w){months}\s+{days},?\s*{year}",                       # May 26, 2006
        rf"(?<![\w.]){bare_year},?\s+{months}\s+{DAY}(?!\s*{month})",   # 2006 May 26
        rf"(?<![\w.-]){iso}",                                          # 2006-05-26
        rf"(?<![\w./-]){numeric_dmy}",                                 # 26.05.2006, 12-03-2005
        rf"(?<![\w./-]){numeric_mdy}",                                 # 05/26/2006
    )) + ")"
    month_pattern = r"\b(?:" + "|".join((
        rf"(?<!\w){months},?\s*{year}",                                # May 2006
        rf"(?<![\w.]){bare_year},?\s+{months}(?!\s*\d)",               # 2006 May
        rf"(?<![\w./-])(?:1[0-2]|0?[1-9])/{year}(?![\d/])",             # 3/2007
        rf"(?<![\w./-]){bare_year}/(?:1[0-2]|0?[1-9])(?![\d/])",        # 1981/01
    )) + r")|(?<!\d)\d{1,4}\s*[年년]\s*\d{1,2}\s*[月월]"                 # 25년 12월
    if thai:
        # Thai writes words without spaces: a month name may follow a word ("เดือนมีนาคม 2555")
        thai_month = _trie_pattern(_thai_months()) + r"(?:\.|(?![^\W\d]))"
        month_pattern += rf"|{thai_month}\s*{year}"
    flags = re.IGNORECASE
    year_pattern = r"\b(?:" + "|".join((
        # a year, "c. 1850", "c1850" (circa or copyright), "ca. 1850", a year and month "2000.4"
        r"(?<![\w])(?:c\.\s*|c(?=\d)|ca\.?\s*|circa\s+)?(" + bare_year + r")"
        r"(?:(?P<ym>\.(?:1[0-2]|0?[1-9]))(?!\d|\.\d)|[a-z]?(?!\w))",
        # eras and centuries: "c. 400 BC", "AD 220", "12th century", "12. Jahrhundert"
        r"(?<![\w.])(?:c\.\s*)?\d{1,4}\s?(?:BCE?|B\.C\.(?:E\.)?|AD|A\.D\.|CE|v\.\s?Chr\.|n\.\s?Chr\.)(?!\w)",
        r"(?<!\w)(?:AD|A\.D\.)\s?\d{1,4}(?!\d)",
        r"(?<!\w)\d{1,2}(?:st|nd|rd|th|\.)[\s-]*(?:century|centuries|jahrhundert|jh\.)",
        r"(?<!\w)[IVXL]{1,6}(?:e|er|ème)\s+siècle",
    )) + ")"
    year_pattern += r"|(?<!\d)(?P<cjk>" + YEAR + r")\s*[年년]"                # 2003年
    if thai:
        year_pattern += rf"|{THAI_ERA}\d{{3,4}}(?!\d)"                  # พ.ศ. 2550
    # compiled once and kept between runs: about 50 ms of a one-file run otherwise
    return (compile_cached(day_pattern, flags), compile_cached(month_pattern, flags),
            compile_cached(year_pattern, flags))


@functools.cache
def _thai_months() -> tuple[str, ...]:
    names = load_pack("citations")["months"].get("th", ())
    return tuple(sorted((str(n) for n in names), key=lambda m: (-len(m), m)))


# Words that may follow a year in a citation ("1973 section 1.2", "1916 reprint").
_YEAR_FOLLOWERS = frozenset("""bc bce ad ce b.c. a.d. ed ed. eds edn edition edit reprint reprinted
repr repr. rev rev. revised print online at and or to by p p. pp pp. page pages section sec
chapter ch vol vol. volume no no. issue retrieved archived accessed isbn issn oclc doi
via from [online] ff ff. et seq г г. гг. год година""".split())
_NUMBERISH_BEFORE = compile_cached(r"(?:\d[-,./:]|[/#№§]|\d\s?[-–])$")
# a locator word right before the number, not itself part of an abbreviation ("U.P. 1926")
_LOCATOR_BEFORE = compile_cached(r"(?<![\w.])([^\W\d]+|§|№|#)\.?\s*$")
_WORD_BEFORE = compile_cached(r"([^\W\d_][\w'’]*)\s+$")
# words that start or join a title: a year after one is part of the title ("The 1775 …")
_TITLE_JOINERS = frozenset("""the a an of in for and to on at by with from der die das des dem den
ein eine le la les l du des un une el los las del il lo gli di""".split())
_DIGIT = compile_cached(r"\d")
_WORD_AFTER = compile_cached(r"\s+([^\W\d][\w.]*)")


def _bare_year_ok(text: str, start: int, end: int) -> bool:
    """Whether the year at ``text[start:end]`` stands as a date, not a number in a title."""
    if int(text[start:start + 4]) < BARE_YEAR_MIN:
        return False
    before = text[max(0, start - 12):start]
    if _NUMBERISH_BEFORE.search(before):
        return False
    if _after_locator(text, start):
        return False
    after = text[end:end + 2]
    if after[:1] in ("/",) or re.match(r"[.,]\d", after):
        return False
    word = _WORD_AFTER.match(text, end)
    if int(text[start:start + 4]) >= BUDDHIST_YEAR_MIN:
        # A Buddhist-era year without its era: Thai words are uncased, so only punctuation
        # or the end after it says it is not a number in a phrase ("2550 หน้า", 2550 pages).
        return word is None or "\n" in text[end:word.start(1)]
    previous = _WORD_BEFORE.search(before)
    if word is None or "\n" in text[end:word.start(1)] or previous is None:
        return True
    follower = word.group(1)
    key = follower.lower().rstrip(".")
    if key in _YEAR_FOLLOWERS or follower.lower() in _YEAR_FOLLOWERS or key in date_words().months:
        return True
    # A year between words is part of a title ("The 1775 American Invasion",
    # "Census 2010 results"), except between a name and a title ("Kurtz 1985 Back to Basic").
    prior = previous.group(1)
    return not (prior.lower() in _TITLE_JOINERS or prior.islower() or follower.islower())


_NUMERIC_MONTH = compile_cached(r"\d{1,4}/\d{1,4}")


def _after_locator(text: str, start: int) -> bool:
    locator = _LOCATOR_BEFORE.search(text[max(0, start - 12):start])
    return locator is not None and locator.group(1).lower() in date_words().locators


def _role(text: str, start: int) -> str:
    """``access`` or ``archive`` when an access word introduces the date, else ``publication``."""
    before = text[max(0, start - 40):start].lower()
    clause = re.split(r"[.;()\[\]\d]\s", before)[-1] if before else ""
    if not clause:
        return "publication"
    words = date_words()
    best: tuple[int, str] = (-1, "publication")
    for role, names in (("access", words.access), ("archive", words.archive)):
        for name in names:
            at = clause.rfind(name)
            if at >= 0 and at > best[0]:
                best = (at, role)
    return best[1]


class _Spans:
    """Disjoint spans, sorted, with a logarithmic overlap test."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)
        if i and self.ends[i - 1] > start:
            return False
        return i == len(self.starts) or self.starts[i] >= end

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


_CJK_TITLE_MARKS = compile_cached(r"[『「《〈【』」》〉】]")


def _in_cjk_title(text: str, start: int) -> bool:
    """Whether ``start`` is inside CJK title brackets (『2005年の日本』: the subject)."""
    depth = 0
    for m in _CJK_TITLE_MARKS.finditer(text, 0, start):
        depth += 1 if m.group() in "『「《〈【" else -1 if depth else 0
    return depth > 0


# A periodical's issue number and its year: "n. 3/2007", "No. 25-26/2006", "Nr. 4/1999"
# (a law's number, "Ley 10/2004", "Legge 4/1999", is not a date: its word is no issue word)
_ISSUE_YEAR_RE = compile_cached(
    r"(?<![\w.])(?:n|no|nos|nr|num|number|issue|iss|heft|numero|número|núm|n[°º]|№)\.?\s*"
    r"\d{1,4}(?:\s*[-–]\s*\d{1,4})?/(?P<year>" + YEAR + r")(?![\d/])", re.IGNORECASE)

_YEAR_RANGE_END = compile_cached(r"\s*[-–/]\s*(?:\d{2}|\d{4})(?!\d)")


# Every day and month form holds a four-digit year, a two-digit year after a
# slash (05/26/06) or a CJK year or month sign: text without one skips those patterns.
_DAY_OR_MONTH_HINT = compile_cached(r"1\d{3}|20\d{2}|/\d{2}|[年년]")
_THAI_DAY_OR_MONTH_HINT = compile_cached(r"1\d{3}|2[0-7]\d{2}|/\d{2}")


def find_dates(text: str) -> list[FoundDate]:
    """Every date in ``text``, in order, without overlaps."""
    if not _DIGIT.search(text):
        return []  # every date form has a digit
    return list(_find_dates(text))


@functools.lru_cache(maxsize=512)
def _find_dates(original: str) -> tuple[FoundDate, ...]:
    # cached: a citation's text is read for dates by several tests in a row
    thai = _THAI_SCRIPT.search(original) is not None
    text = original.translate(_THAI_DIGITS) if thai else original
    day_re, month_re, year_re = _patterns(thai)
    found: list[FoundDate] = []
    taken = _Spans()
    hint = (_THAI_DAY_OR_MONTH_HINT if thai else _DAY_OR_MONTH_HINT).search(text) is not None
    for regex, precision in ((day_re, "day"), (month_re, "month")) if hint else ():
        for m in regex.finditer(text):
            if _NUMERIC_MONTH.fullmatch(m.group()) and _after_locator(text, m.start()):
                continue  # "No. 3/2007", "Ley 10/2004": a number, not March 2007
            if taken.free(m.start(), m.end()):
                taken.add(m.start(), m.end())
                found.append(FoundDate(m.start(), m.end(), original[m.start():m.end()],
                                       precision, _role(text, m.start())))
    for m in _ISSUE_YEAR_RE.finditer(text) if hint else ():
        # "n. 3/2007", "No. 25-26/2006": issue 3 (25-26) of 2007, a year (not March 2007)
        s, e = m.span("year")
        if taken.free(s, e):
            taken.add(s, e)
            found.append(FoundDate(s, e, original[s:e], "year", _role(text, s)))
    for m in year_re.finditer(text):
        s, e = m.start(), m.end()
        if not taken.free(s, e):
            continue
        if m.group(1) is not None and not _bare_year_ok(text, m.start(1), e):
            continue
        if m.group("cjk") is not None and _in_cjk_title(text, s):
            continue
        range_end = _YEAR_RANGE_END.match(text, e)
        if range_end and taken.free(s, range_end.end()):
            e = range_end.end()
        taken.add(s, e)
        precision = "month" if m.group("ym") is not None else "year"
        found.append(FoundDate(s, e, original[s:e], precision, _role(text, s)))
    found.sort(key=lambda d: d.start)
    return tuple(found)


def is_no_date(value: str) -> bool:
    """Whether a date value says the source is undated (``n.d.``)."""
    return _squash(value) in date_words().no_date
