"""Finding dates in the free text of a citation.

:func:`find_dates` returns every date it can see in a string, each with its
span, its precision and its role:

* full dates: ``26 May 2006``, ``May 26, 2006``, ``11 January, 2006``,
  ``2006-05-26``, ``26.05.2006``, ``26/05/2006``, ``2006 May 26``, and the
  German, French, Bulgarian, Spanish, Portuguese, Italian and Dutch month
  names (``26. Mai 2006``, ``1er mai 2006``, ``26 май 2006 г.``);
* months and seasons: ``May 2006``, ``March–April 2006``, ``Spring 2006``;
* a bare year (1500–2099) *in citation position*: ``Smith (2004). Title``,
  ``Title, 2004.``, ``Knuth 1973:7``, ``c. 1850``, ``1995–96``.  A number is
  not a year when a locator precedes it (``p. 1999``, ``ISBN 2004…``,
  ``vol. 1850``), when it is part of a bigger number (``1,999``,
  ``0-19-2004``, a URL path), or when a word follows it as in a title
  (``The 1775 American Invasion``, ``2010 Census``).

A date introduced by an access word (``Retrieved``, ``accessed on``,
``abgerufen am``, ``consulté le``, ``посетен на``) has role ``access``; one
introduced by ``Archived`` has role ``archive``; any other ``publication``.
The word lists live in ``rules/citations.yaml``.

Limits: dates written only in digits other than the forms above (``5/06``),
in other scripts' numerals, or in month names of languages not listed are
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
BARE_YEAR_MIN = 1500
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
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = date_words()
    month = _trie_pattern(words.months) + r"(?:\.|(?!\w))"
    months = rf"{month}(?:\s*[-–/]\s*{month})?"
    days = rf"{DAY}(?:\s*[-–]\s*{DAY})?"
    numeric_dmy = (r"(?:[12]\d|3[01]|0?[1-9])(?P<nsep>[./])(?:1[0-2]|0?[1-9])(?P=nsep)(?:" + YEAR
                   + r"|(?<=/)\d{2}(?![\d/]))")
    numeric_mdy = r"(?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9])/(?:" + YEAR + r"|\d{2}(?![\d/]))"
    iso = YEAR + r"(?P<isep>[-/.])(?:1[0-2]|0?[1-9])(?P=isep)(?:[12]\d|3[01]|0?[1-9])(?!\d)"
    # Each form but the CJK one starts with a word character after a non-word one:
    # the leading \b lets the engine skip every other position at once.
    day_pattern = r"\b(?:" + "|".join((
        rf"(?<![\w.]){days}\s*{months},?\s*{YEAR}(?:\s*г\.)?",          # 26 May 2006
        rf"(?<!\w){months}\s+{days},?\s*{YEAR}",                       # May 26, 2006
        rf"(?<![\w.]){YEAR},?\s+{months}\s+{DAY}(?!\s*{month})",        # 2006 May 26
        rf"(?<![\w.-]){iso}",                                          # 2006-05-26
        rf"(?<![\w./-]){numeric_dmy}",                                 # 26.05.2006
        rf"(?<![\w./-]){numeric_mdy}",                                 # 05/26/2006
    )) + ")"
    month_pattern = r"\b(?:" + "|".join((
        rf"(?<!\w){months},?\s*{YEAR}",                                # May 2006
        rf"(?<![\w.]){YEAR},?\s+{months}(?!\s*\d)",                    # 2006 May
    )) + r")|(?<!\d)\d{1,4}\s*[年년]\s*\d{1,2}\s*[月월]"                 # 25년 12월
    flags = re.IGNORECASE
    year_pattern = r"\b(?:" + "|".join((
        r"(?<![\w])(?:c\.\s*|ca\.\s*)?(" + YEAR + r")([a-z])?(?!\w)",
        # eras and centuries: "c. 400 BC", "AD 220", "12th century", "12. Jahrhundert"
        r"(?<![\w.])(?:c\.\s*)?\d{1,4}\s?(?:BCE?|B\.C\.(?:E\.)?|AD|A\.D\.|CE|v\.\s?Chr\.|n\.\s?Chr\.)(?!\w)",
        r"(?<!\w)(?:AD|A\.D\.)\s?\d{1,4}(?!\d)",
        r"(?<!\w)\d{1,2}(?:st|nd|rd|th|\.)[\s-]*(?:century|centuries|jahrhundert|jh\.)",
        r"(?<!\w)[IVXL]{1,6}(?:e|er|ème)\s+siècle",
    )) + ")"
    # compiled once and kept between runs: about 50 ms of a one-file run otherwise
    return (compile_cached(day_pattern, flags), compile_cached(month_pattern, flags),
            compile_cached(year_pattern, flags))


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
    locator = _LOCATOR_BEFORE.search(before)
    if locator and locator.group(1).lower() in date_words().locators:
        return False
    after = text[end:end + 2]
    if after[:1] in ("/",) or re.match(r"[.,]\d", after):
        return False
    word = _WORD_AFTER.match(text, end)
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


_YEAR_RANGE_END = compile_cached(r"\s*[-–/]\s*(?:\d{2}|\d{4})(?!\d)")


# Every day and month form holds a four-digit year, a two-digit year after a
# slash (05/26/06) or a CJK year or month sign: text without one skips those patterns.
_DAY_OR_MONTH_HINT = compile_cached(r"1\d{3}|20\d{2}|/\d{2}|[年년]")


def find_dates(text: str) -> list[FoundDate]:
    """Every date in ``text``, in order, without overlaps."""
    if not _DIGIT.search(text):
        return []  # every date form has a digit
    return list(_find_dates(text))


@functools.lru_cache(maxsize=512)
def _find_dates(text: str) -> tuple[FoundDate, ...]:
    # cached: a citation's text is read for dates by several tests in a row
    day_re, month_re, year_re = _patterns()
    found: list[FoundDate] = []
    taken = _Spans()
    hint = _DAY_OR_MONTH_HINT.search(text) is not None
    for regex, precision in ((day_re, "day"), (month_re, "month")) if hint else ():
        for m in regex.finditer(text):
            if taken.free(m.start(), m.end()):
                taken.add(m.start(), m.end())
                found.append(FoundDate(m.start(), m.end(), m.group(0), precision,
                                       _role(text, m.start())))
    for m in year_re.finditer(text):
        s, e = m.start(), m.end()
        if not taken.free(s, e):
            continue
        if m.group(1) is not None and not _bare_year_ok(text, m.start(1), e):
            continue
        range_end = _YEAR_RANGE_END.match(text, e)
        if range_end and taken.free(s, range_end.end()):
            e = range_end.end()
        taken.add(s, e)
        found.append(FoundDate(s, e, text[s:e], "year", _role(text, s)))
    found.sort(key=lambda d: d.start)
    return tuple(found)


def is_no_date(value: str) -> bool:
    """Whether a date value says the source is undated (``n.d.``)."""
    return _squash(value) in date_words().no_date
