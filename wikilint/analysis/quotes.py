"""Quotation marks in prose: which marks open, which close, which pair.

:func:`scan_quotes` reads one unit of prose (a paragraph, list item, cell,
citation … as produced by :mod:`wikilint.analysis.prose`) and returns a
:class:`QuoteScan` with the pairs it found and the problems:

* ``unclosed``: an opening mark with no closing mark in the text;
* ``unopened``: a closing mark with no opening mark;
* ``mismatched``: a quotation opened with one mark and closed with another
  (``'no."``), reported once at the opening mark; a quotation inside one in
  straight marks may be closed with the wrong double mark (``"He wrote ”the
  end" and left."``): when reading it so leaves fewer problems, the inner one
  is mismatched and the outer one pairs (see :class:`_Reading`);
* ``reversed``: a quotation written back to front, closing mark first
  (``他说”你好“然后``), reported once at its first mark; the marks after it
  pair as if it were not there;
* ``nested``: a quotation inside a quotation that uses the same mark
  (``'Israel 'Can Destroy' Iran'``), ambiguous to the reader; reported once
  per enclosing quotation, at the first inner opening mark;
* ``misplaced``: a mark that pairs only when read across a space or full
  stop typed on the wrong side of it (``(2014)' Einstein's … cosmos'``,
  ``(1967)".Die … Vol I"``); see :func:`_misplaced_marks`.

Straight marks have no direction, so the role of each ``"`` and ``'`` comes
from its neighbours, much like CommonMark's flanking rules: an opening mark
follows a space, an opening bracket or a dash and precedes a word; a closing
mark follows a word and precedes a space or punctuation.  A mark alone
between spaces (``SparkNotes " Study Guides``) is a mention or a separator;
it pairs when it can but is never reported.

An apostrophe is never a quotation mark: a ``'`` or ``’`` inside a word
(don't, O'Brien, Qur'an, Hawai‘i, ul-'alam), before an elided word or a year
('tis, rock 'n' roll, '80s, Dutch 't), before a transliterated word that
starts with an ʿayn or ʻokina ('Ali, 'Oumuamua), after a digit (5' 11",
40° 26' N) or after a plural in *s* (students').  The last two, and the
curly apostrophe ``’`` (which is also the right single quotation mark),
close a quotation when one is open and are otherwise left alone: they are
*weak* marks, never reported.  The word lists live in ``rules/quotes.yaml``
with their sources.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator

from wikilint.analysis.prose import PLACEHOLDER
from wikilint.analysis.wordlists import load_pack
from wikilint.records import FrozenRecord, ValueRecord
from wikilint.regex_cache import compile_cached

__all__ = ["QuoteData", "QuoteMark", "QuotePair", "QuoteProblem", "QuoteScan", "quote_data",
           "find_marks", "scan_quotes", "identifier_spans", "may_hold_marks",
           "QUOTE_CHARS"]

QUOTE_CHARS = frozenset('"\'“”„‘’‚«»‹›「」『』')
_GUILLEMETS = frozenset("«»‹›")
# Narrow spaces typeset between adjacent marks ('Machine'&nbsp;") or inside guillemets.
_SPACERS = frozenset("\u00a0\u2009\u200a\u202f\u2005\u2006\u2007")
# What may stand before an opening mark and after a closing one.
_OPEN_CONTEXT = frozenset("([{<—–-/¡¿\u2015\u2E3A") | QUOTE_CHARS
_SOFT_OPEN_CONTEXT = frozenset(",;:.!?")  # said,"Hello and end."Next: a missing space
_CLOSE_CONTEXT = frozenset(".,;:!?)]}>…—–-/%*\u2015\u2E3A") | QUOTE_CHARS
# Japanese and Chinese put no space before a bracket or a punctuation mark: after a
# closing mark, （ 、 。 … are what a space is in English ("言葉"（1999）).
# Before an opening mark, （ and 、 。 ： … are what a bracket or a space is in English.
_CJK_PUNCT = frozenset("（）［］｛｝【】〔〕〈〉《》、。，．：；！？・")
_CLOSE_CONTEXT |= _CJK_PUNCT
_OPEN_CONTEXT |= frozenset("（［｛【〔〈《")
_SOFT_OPEN_CONTEXT |= frozenset("、。，．：；！？・")
# After them a mark may close too (他说"你好。"然后: no space follows a closing mark).
_CJK_CLOSING_PUNCT = frozenset("、。，．：；！？")
_CLOSING_PUNCT = frozenset(",.;:!?")
_VOWELS = frozenset("aeiouyàáâäãåæèéêëìíîïòóôöõøùúûüœāēīōūăĕĭŏŭ")


def _openers_of(closers: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Opening mark -> closing marks, inverted: closing mark -> opening marks."""
    inverse: dict[str, set[str]] = {}
    for opener, closing in closers.items():
        for closer in closing:
            inverse.setdefault(closer, set()).add(opener)
    return {c: frozenset(o) for c, o in inverse.items()}


class QuoteData(FrozenRecord):
    """The data of ``rules/quotes.yaml``."""

    _fields = ("closers", "names", "leading_elisions", "leading_apostrophe_words",
               "leading_elisions_lowercase", "dialect_articles", "italian_words",
               "possessive_abbreviations", "citation_templates", "citation_parameters",
               "quotation_templates", "mismatched_pairs")
    closers: dict[str, frozenset[str]]
    names: dict[str, str]
    leading_elisions: frozenset[str]
    leading_apostrophe_words: frozenset[str]
    leading_elisions_lowercase: frozenset[str]
    dialect_articles: frozenset[str]
    italian_words: frozenset[str]
    possessive_abbreviations: frozenset[str]
    citation_templates: tuple[str, ...]
    citation_parameters: frozenset[str]
    quotation_templates: dict[str, tuple[str, ...]]
    mismatched_pairs: dict[str, frozenset[str]]

    def __init__(self, closers: dict[str, frozenset[str]], names: dict[str, str],
                 leading_elisions: frozenset[str], leading_apostrophe_words: frozenset[str],
                 leading_elisions_lowercase: frozenset[str], citation_templates: tuple[str, ...],
                 citation_parameters: frozenset[str],
                 quotation_templates: dict[str, tuple[str, ...]],
                 dialect_articles: frozenset[str] = frozenset(),
                 italian_words: frozenset[str] = frozenset(),
                 possessive_abbreviations: frozenset[str] = frozenset(),
                 mismatched_pairs: dict[str, frozenset[str]] | None = None) -> None:
        self.closers = closers
        self.names = names
        self.leading_elisions = leading_elisions
        self.leading_apostrophe_words = leading_apostrophe_words
        self.leading_elisions_lowercase = leading_elisions_lowercase
        self.dialect_articles = dialect_articles
        self.italian_words = italian_words
        self.possessive_abbreviations = possessive_abbreviations
        self.citation_templates = citation_templates
        self.citation_parameters = citation_parameters
        self.quotation_templates = quotation_templates
        self.mismatched_pairs = mismatched_pairs or {}

    def name(self, mark: str) -> str:
        return self.names.get(mark, "quotation mark")

    @functools.cached_property
    def opening_marks(self) -> dict[str, frozenset[str]]:
        """Closing mark -> the opening marks it closes (``closers`` inverted)."""
        return _openers_of(self.closers)

    @functools.cached_property
    def mismatched_openers(self) -> dict[str, frozenset[str]]:
        """Closing mark -> the opening marks it closes as a mismatch (``mismatched_pairs``)."""
        return _openers_of(self.mismatched_pairs)

    @functools.cached_property
    def all_marks(self) -> frozenset[str]:
        """Every mark that opens or closes a quotation."""
        return frozenset(self.closers).union(*self.closers.values())

    def is_citation_template(self, name: str) -> bool:
        memo = self._citation_names
        found = memo.get(name)
        if found is None:
            found = any(name.startswith(pattern[:-1]) if pattern.endswith("*") else name == pattern
                        for pattern in self.citation_templates)
            if len(memo) >= 4096:  # a dump names many templates: keep the memo small
                memo.clear()
            memo[name] = found
        return found

    @functools.cached_property
    def _citation_names(self) -> dict[str, bool]:
        """Template name -> whether it is a citation template (asked for every template)."""
        return {}


@functools.cache
def quote_data() -> QuoteData:
    """``rules/quotes.yaml``, loaded once."""
    raw = load_pack("quotes")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw.get(key) or ())

    return QuoteData(
        closers={str(k): frozenset(str(c) for c in v) for k, v in raw["pairs"].items()},
        names={str(k): str(v) for k, v in raw["names"].items()},
        leading_elisions=words("leading-elisions"),
        leading_apostrophe_words=words("leading-apostrophe-words"),
        leading_elisions_lowercase=words("leading-elisions-lowercase"),
        citation_templates=tuple(str(n).lower() for n in raw.get("citation-templates") or ()),
        citation_parameters=frozenset(str(p) for p in raw.get("citation-parameters") or ()),
        quotation_templates={str(k).lower(): tuple(str(p) for p in v)
                             for k, v in (raw.get("quotation-templates") or {}).items()},
        dialect_articles=words("dialect-articles"),
        italian_words=words("italian-words"),
        possessive_abbreviations=words("possessive-abbreviations"),
        mismatched_pairs={str(k): frozenset(str(c) for c in v)
                          for k, v in (raw.get("mismatched-pairs") or {}).items()},
    )


class QuoteMark(FrozenRecord):
    """A quotation mark at prose offset ``pos``; ``role`` is open, close or either.

    A ``weak`` mark may be an apostrophe, a prime or a separator: it pairs
    when it can and is never reported when it cannot.
    """

    __slots__ = ("pos", "char", "role", "weak")
    pos: int
    char: str
    role: str
    weak: bool

    def __init__(self, pos: int, char: str, role: str, weak: bool = False) -> None:
        self.pos = pos
        self.char = char
        self.role = role
        self.weak = weak


class QuotePair(FrozenRecord):
    __slots__ = ("open", "close")
    open: QuoteMark
    close: QuoteMark

    def __init__(self, open: QuoteMark, close: QuoteMark) -> None:
        self.open = open
        self.close = close


class QuoteProblem(FrozenRecord):
    """A quotation mark that does not pair; see the module docstring for ``kind``.

    ``pair`` is the inner quotation (nested) or the mismatched closing mark's
    pair; ``outer`` the enclosing quotation (nested); ``others`` the further
    quotations nested in the same one.
    """

    __slots__ = ("kind", "mark", "pair", "outer", "others")
    kind: str
    mark: QuoteMark
    pair: QuotePair | None
    outer: QuotePair | None
    others: tuple[QuotePair, ...]

    def __init__(self, kind: str, mark: QuoteMark, pair: QuotePair | None = None,
                 outer: QuotePair | None = None, others: tuple[QuotePair, ...] = ()) -> None:
        self.kind = kind
        self.mark = mark
        self.pair = pair
        self.outer = outer
        self.others = others


class QuoteScan(ValueRecord):
    __slots__ = ("text", "marks", "pairs", "problems")
    text: str
    marks: list[QuoteMark]
    pairs: list[QuotePair]
    problems: list[QuoteProblem]

    def __init__(self, text: str, marks: list[QuoteMark] | None = None,
                 pairs: list[QuotePair] | None = None,
                 problems: list[QuoteProblem] | None = None) -> None:
        self.text = text
        self.marks = [] if marks is None else marks
        self.pairs = [] if pairs is None else pairs
        self.problems = [] if problems is None else problems

    def of_kind(self, kind: str) -> list[QuoteProblem]:
        return [p for p in self.problems if p.kind == kind]


# ------------------------------------------------------------- classification
def _is_word(c: str) -> bool:
    if c.isalnum() or c == PLACEHOLDER:
        return True
    return bool(c) and (unicodedata.category(c)[0] == "M" or c in "ʻʼʿʾ")


def _is_letter(c: str) -> bool:
    return c.isalpha() or c in "ʻʼʿʾ"


def _word_after(text: str, i: int) -> str:
    j = i
    while j < len(text) and (_is_letter(text[j]) or text[j] in "'’-" and j + 1 < len(text)
                             and _is_letter(text[j + 1]) and j > i):
        j += 1
    return text[i:j]


class _Around(FrozenRecord):
    __slots__ = ("prev", "nxt", "can_open", "can_close", "isolated")
    prev: str
    nxt: str
    can_open: bool
    can_close: bool
    isolated: bool

    def __init__(self, prev: str, nxt: str, can_open: bool, can_close: bool,
                 isolated: bool) -> None:
        self.prev = prev
        self.nxt = nxt
        self.can_open = can_open
        self.can_close = can_close
        self.isolated = isolated

    @property
    def role(self) -> str:
        if self.can_open and not self.can_close:
            return "open"
        if self.can_close and not self.can_open:
            return "close"
        return "either"


def _around(text: str, i: int) -> _Around:
    """The neighbours of the mark at ``i`` and whether it can open or close."""
    n = len(text)
    guillemet = text[i] in _GUILLEMETS
    j = i - 1
    while j >= 0 and text[j] in _SPACERS and (guillemet or j > 0 and text[j - 1] in QUOTE_CHARS):
        j -= 1
    k = i + 1
    while k < n and text[k] in _SPACERS and (guillemet or k + 1 < n and text[k + 1] in QUOTE_CHARS):
        k += 1
    prev = text[j] if j >= 0 else ""
    nxt = text[k] if k < n else ""
    prev_blank = not prev or prev.isspace()
    next_blank = not nxt or nxt.isspace()
    closing_follows = False
    if nxt in ")]}":
        closing_follows = True
    elif nxt == "." and not prev_blank and text[i] != "'" \
            and text.startswith(("...", ". . ."), k):
        # :". . . words": a quotation may open with an ellipsis after punctuation, so
        # the mark may open or close (after a space it has no direction already;
        # ' is often an apostrophe or a prime and keeps its direction)
        closing_follows = False
    elif nxt and nxt in _CLOSING_PUNCT:
        m = k + 1
        while m < n and text[m] in _CLOSING_PUNCT:
            m += 1
        closing_follows = m >= n or text[m].isspace() or text[m] in QUOTE_CHARS \
            or text[m] in ")]}"
    can_open = not next_blank and not closing_follows and (
        prev_blank or prev in _OPEN_CONTEXT or prev in _SOFT_OPEN_CONTEXT)
    can_close = not prev_blank and prev not in "([{" and (
        next_blank or nxt in _CLOSE_CONTEXT or prev in _CLOSING_PUNCT  # Hello,"and
        or prev in _CJK_CLOSING_PUNCT)
    return _Around(prev, nxt, can_open, can_close, prev_blank and next_blank)


def _is_elided_word(word: str, data: QuoteData) -> bool:
    """'tis, 'n', 't, 'l, 'nnanzi: a word whose first letters were dropped."""
    low = word.lower()
    if not low:
        return False
    if low in data.leading_elisions or low in data.leading_apostrophe_words:
        return True
    head = low.split("-", 1)[0]
    if head in ("s", "t") and head != low and word[0].islower():
        return True  # Dutch 's-Gravenhage, 's-Hertogenbosch, 't-…: des, het
    if head != low and head in data.leading_apostrophe_words:
        return True  # 'Abd-i-'Ali, 'Abdul-Husain: a romanized name joined by hyphens
    if word in data.leading_elisions_lowercase:
        return True  # "come 'ere": only in lower case ('Is it…' opens a quotation)
    if word.islower() and word.isascii() and not any(c in _VOWELS for c in low):
        return True  # 's, 't, 'k, 'n: no vowel, not a word of its own
    return len(low) > 2 and low[0] == low[1] and low[0].isascii() and low[0] not in _VOWELS


# A Neapolitan or Sicilian elision that no English quotation starts with: 'o, 'u, 'e,
# 'i in lower case, 'nu, 'na, 'ê, 'ô ('o sole, 'u figghiu, 'Na sera 'e maggio).
_DIALECT_ELISION_RE = compile_cached(r"(?<![\w'’‘])['‘’](?:[uoeiêô]|[nN][ua])(?=[\s\u00a0])")
_WORDS_RE = compile_cached(r"\w+")


def _dialect_article(text: str, i: int, word: str, data: QuoteData) -> bool:
    """``'a casa``, ``'O sole``, ``'U figghiu``: a Neapolitan or Sicilian article.

    The word is one letter before a space, and the unit reads as Italian or
    holds another elision that no English quotation starts with.
    """
    if word.lower() not in data.dialect_articles or not text[i + 1 + len(word):i + 2 + len(word)] \
            .isspace():
        return False
    return _dialect_context(text, data.italian_words)


@functools.lru_cache(maxsize=32)
def _dialect_context(text: str, words: frozenset[str]) -> bool:
    """``text`` holds an elision no English quotation starts with, or reads as Italian.

    (The ambiguous article being classified never matches the elision pattern.)
    Cached: read once per text, however many marks ask.
    """
    if _DIALECT_ELISION_RE.search(text):
        return True
    seen: set[str] = set()
    for m in _WORDS_RE.finditer(text.lower()):
        if m.group() in words:
            seen.add(m.group())
            if len(seen) >= 2:
                return True
    return False


# Wylie transliteration of Tibetan writes the letter 'a-chung as ' ('bras spungs,
# 'jam dbyangs).  A Wylie word is told by a cluster no English word starts with
# (dbyangs, bstan, rgyal, mkhan, gsar, lha, tshogs); the Tibetan script or the
# word "Wylie" before it tells it too.
_WYLIE_CLUSTER_RE = compile_cached(
    r"(?<![\w'])(?:g[cdtzs]|d[bgkmp]|b[cdgkstz]|m[kgjtdz]|mch|r[kgjtdnbm]|l[kgjtdpbh]|s[gbd]|ng"
    r"|tsh|dz)[b-df-hj-np-tv-z']*[aeiou][a-z']*\b")  # dgon, not gdp, lb or mg
# 'a-chung prefixes only voiced and aspirated consonants, and stands for a vowel's onset.
_A_CHUNG_BEFORE = ("kh", "ch", "th", "ph", "ts", "g", "j", "d", "b", "a", "e", "i", "o", "u")
_WYLIE_LABEL_RE = compile_cached(r"\bWylie\b|[\u0f00-\u0fff]")


def _wylie(text: str, i: int, word: str) -> bool:
    """The ' at ``i`` is the Wylie letter 'a-chung ('bras spungs dgon pa)."""
    if len(word) < 2 or not word.islower() or not word.isascii() \
            or not word.startswith(_A_CHUNG_BEFORE):
        return False
    end = i + 1
    while end < len(text) and end - i < 40 and (text[end].isalpha() and text[end].isascii()
                                                  or text[end] in " '-"):
        end += 1  # the lower-case Latin words that follow: one Tibetan name
    if _WYLIE_CLUSTER_RE.search(text, i + 1, end):
        return True
    return _WYLIE_LABEL_RE.search(text, max(0, i - 80), i) is not None


def _abbreviation_before(text: str, stop: int, data: QuoteData) -> bool:
    """The full stop at ``stop`` ends an abbreviation (Bros., Co., Inc.) or initials (U.S.)."""
    j = stop
    while j > 0 and text[j - 1].isalpha() and stop - j < 6:
        j -= 1
    word = text[j:stop]
    if not word or j > 0 and _is_word(text[j - 1]):
        return False
    if word.lower() in data.possessive_abbreviations:
        return True
    return len(word) == 1 and word.isupper() and j > 0 and text[j - 1] == "."  # U.S.


def _starts_year(text: str, i: int) -> bool:
    """'80s, '07: two digits, then not a third."""
    return (i + 1 < len(text) and text[i].isdigit() and text[i + 1].isdigit()
            and (i + 2 >= len(text) or not text[i + 2].isdigit()))


# Letters of romanized Arabic, Persian, Hebrew and Turkic (macrons, dots below,
# háčeks): a word holding one is a transliteration, where ' or ‘ before it is
# an ʿayn or hamza (Teymanak-e ‘Olyā), not a quotation mark.
_ROMANIZED_LETTERS = frozenset("āīūēōĀĪŪĒŌḥḤṣṢṭṬẓẒḍḌġĠṯṮḏḎẖḫḪšŠžŽčČʿʾ")
# A word before the mark that marks a romanized name: the Arabic article
# (al-Radd, ad-Din), ibn/bin/abu, Persian izafe (Teymanak-e, Shah-i).
_ROMANIZED_BEFORE_RE = compile_cached(
    r"(?:\b(?:[aei][lnrstdz]|[ae]sh|[ae]th)-\w+|\b(?:ibn|bin|bint|abu|abi|umm|fi|wa|ya|"
    r"bani|banu)|\w-(?:e|i|ye|yi))[\s\u00a0]+$", re.I)


# The word after the marked one: an Arabic article or a patronymic particle.
_ROMANIZED_NEXT_RE = compile_cached(
    r"[\s\u00a0]+(?:(?:[aeiu][lnrstdz]|[ae]sh|[ae]th)-\w|(?:ibn|bin|bint|abu|abi)\b)", re.I)


def _romanized(text: str, i: int) -> bool:
    """The mark at ``i`` stands for an ʿayn or hamza before a romanized word.

    ``Teymanak-e ‘Olyā``, ``Fi al-Radd ‘ala Ibn al-Haytham``: the word after
    it holds a transliteration letter (ā, ḥ, ṣ …) or the word before it is an
    Arabic article or Persian izafe.
    """
    word = _word_after(text, i + 1)
    if not word:
        return False
    if any(c in _ROMANIZED_LETTERS for c in word):
        return True
    if _ROMANIZED_NEXT_RE.match(text, i + 1 + len(word)):
        return True  # 'Allamah as-Sayyid, 'Ali ibn Abi Talib
    return _ROMANIZED_BEFORE_RE.search(text, max(0, i - 30), i) is not None


# Scripts whose words never hold an apostrophe, and where a case ending or particle
# follows a closing mark without a space ('ओरायन'हा, ‘한국’은): the Brahmic scripts of
# India and Sri Lanka, Thai and Lao, Tibetan, Myanmar, Khmer, Hangul, kana and CJK
# ideographs.  (Not Latin, Cyrillic, Greek, Hebrew or Arabic: O'Brien, з'ясувати, σ' αγαπώ.)
_NO_APOSTROPHE_RANGES = (("\u0900", "\u0dff"), ("\u0e00", "\u0fff"), ("\u1000", "\u109f"),
                         ("\u1100", "\u11ff"), ("\u1780", "\u17ff"), ("\u3040", "\u30ff"),
                         ("\u3130", "\u318f"), ("\u4e00", "\u9fff"), ("\uac00", "\ud7af"))


def _suffix_script(c: str) -> bool:
    """A letter or sign of a script without apostrophes inside words (see above)."""
    return bool(c) and "\u0900" <= c <= "\ud7af" and any(
        a <= c <= b for a, b in _NO_APOSTROPHE_RANGES)


# Turkish case and possessive suffixes, written after an apostrophe on a proper noun
# (Ankara'da, Schinkel'in, İstanbul'un): genitive, dative, locative, ablative,
# accusative, instrumental.  Source: Wikipedia, "Turkish grammar", "Apostrophe".
_TURKISH_SUFFIXES = frozenset(
    "in ın un ün nin nın nun nün a e ya ye i ı u ü yi yı yu yü da de ta te dan den tan ten "
    "nda nde ndan nden la le yla yle".split())


def _after_proper_noun(text: str, i: int) -> bool:
    """One space before ``i``, after a capitalized word of at least two letters."""
    if i < 3 or text[i - 1] != " ":
        return False
    j = i - 1
    while j > 0 and _is_letter(text[j - 1]):
        j -= 1
    return i - 1 - j >= 2 and text[j].isupper() and text[j + 1:i - 1].islower()


def _straight_single(text: str, i: int, data: QuoteData) -> QuoteMark | None:
    """Classify a ``'``; None when it is an apostrophe."""
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if prev and nxt and _is_word(prev) and _is_word(nxt):
        if _suffix_script(prev) and _suffix_script(nxt):
            # 'ओरायन'हा, 'ಶಿವಮೊಗ್ಗ'ವಾಗಿ: a closing mark before a case ending (Indic
            # scripts have no apostrophe inside words); closes an open quotation
            return QuoteMark(i, "'", "close", weak=True)
        return None  # inside a word: don't, O'Brien, Qur'an, 1'000
    if prev == "-" and i >= 2 and _is_letter(text[i - 2]) and _is_letter(nxt):
        return None  # ul-'alam, Abd-'Allah
    if prev and not prev.isspace() and nxt in ("s", "S") and not _is_word(text[i + 2:i + 3]):
        return None  # [[C.I.A.]]'s: a possessive after markup
    if prev.isnumeric() or prev in ("°", "′"):
        return QuoteMark(i, "'", "close", weak=True)  # 5', 40° 26': a prime
    if prev == "." and not _is_word(nxt) and _abbreviation_before(text, i - 1, data):
        # Warner Bros.' films, the U.S.' allies: a possessive, which may also close a
        # quotation ending in an abbreviation; never reported alone
        return QuoteMark(i, "'", "close", weak=True)
    a = _around(text, i)
    if a.can_open and not a.can_close:
        word = _word_after(text, i + 1)
        if _starts_year(text, i + 1) or _is_elided_word(word, data):
            return None  # '80s, 'tis, rock 'n' roll, 'Ali
        if _wylie(text, i, word):
            return None  # 'bras spungs: the Wylie letter 'a-chung
        if _dialect_article(text, i, word, data):
            return QuoteMark(i, "'", "open", weak=True)  # 'a casa, 'O sole: pairs, never alone
        if word in _TURKISH_SUFFIXES and _after_proper_noun(text, i):
            # Schinkel 'in, Ankara 'da: a Turkish suffix's apostrophe after a stray
            # space; 'in … may still open a quotation: it pairs, never reported alone
            return QuoteMark(i, "'", "open", weak=True)
        # 'Olyā, al-Radd 'ala: an ʿayn; it may still open a quotation, but is
        # never reported alone
        return QuoteMark(i, "'", "open", weak=_romanized(text, i))
    if a.can_close and not a.can_open:
        # After a letter it may be an apostrophe (students', rock 'n' roll, nothin',
        # Pamiat' for a soft sign, German sandt', Greek elision): it closes a
        # quotation when one is open and is never reported alone.
        return QuoteMark(i, "'", "close", weak=_is_letter(prev) or prev == PLACEHOLDER)
    # Between spaces, or stuck to text on both sides (Brockhaus'[s], TeX accents):
    # no telling, so it pairs when it can and is never reported.
    return QuoteMark(i, "'", "either", weak=True)


def _curly_single(text: str, i: int, c: str, data: QuoteData) -> QuoteMark | None:
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if prev and nxt and _is_word(prev) and _is_word(nxt):
        if c == "’" and _suffix_script(prev) and _suffix_script(nxt):
            return QuoteMark(i, c, "close", weak=True)  # ‘रमाबाई असोसिएशन’ची: a case ending
        return None  # don’t, Hawai‘i
    a = _around(text, i)
    if c == "’":
        if a.can_open and not a.can_close:
            return None  # ’80s, ’tis: an apostrophe
        return QuoteMark(i, c, "close", weak=True)  # the apostrophe is the same character
    if a.isolated:
        return QuoteMark(i, c, "either", weak=True)
    if c == "‚":
        return QuoteMark(i, c, "open", weak=True) if a.can_open else None
    if a.can_open and (_starts_year(text, i + 1)
                       or _is_elided_word(_word_after(text, i + 1), data)):
        return None  # ‘Oumuamua, ‘80s typed with the wrong mark
    if a.can_open and not a.can_close and _dialect_article(text, i, _word_after(text, i + 1),
                                                           data):
        return QuoteMark(i, c, "open", weak=True)  # ‘a casa: a Neapolitan article
    if a.can_open and not a.can_close and _romanized(text, i):
        return QuoteMark(i, c, "open", weak=True)  # Teymanak-e ‘Olyā: an ʿayn
    return QuoteMark(i, c, "either" if a.can_close else "open")


def _is_cjk(c: str) -> bool:
    """A kana, CJK ideograph or CJK punctuation mark (scripts without spaces between words)."""
    return bool(c) and ("\u3000" <= c <= "\u30ff" or "\u3400" <= c <= "\u4dbf"
                        or "\u4e00" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")


def _spaced_in_cjk(a: _Around) -> bool:
    """A mark between a Japanese or Chinese character and a space (either way round)."""
    return (_is_cjk(a.prev) and a.nxt.isspace()) or (_is_cjk(a.nxt) and a.prev.isspace())


def _is_hebrew(c: str) -> bool:
    return bool(c) and "\u05d0" <= c <= "\u05ea"


def _is_rtl_letter(c: str) -> bool:
    """A Hebrew or Arabic letter (Arabic, Syriac, Thaana and the Arabic supplements)."""
    return bool(c) and ("\u05d0" <= c <= "\u05ea" or "\u0620" <= c <= "\u08ff") and c.isalpha()


# Hebrew one-letter prefixes (the, and, in, as, to, from, that), written straight
# before an opening quotation mark: ה"רינגבאן" (the "Ringbahn"), וב"הארץ".
_HEBREW_PREFIXES = frozenset("הובכלמש")


def _after_hebrew_prefix(text: str, i: int) -> bool:
    """The word before the mark at ``i`` is one to three Hebrew prefix letters."""
    j = i
    while j > 0 and i - j < 3 and text[j - 1] in _HEBREW_PREFIXES:
        j -= 1
    return j < i and (j == 0 or not _is_word(text[j - 1]) and text[j - 1] not in "'\"׳״")


def _classify(text: str, i: int, c: str, data: QuoteData) -> QuoteMark | None:
    if c == "'":
        return _straight_single(text, i, data)
    if c in "‘’‚":
        return _curly_single(text, i, c, data)
    if c == '"':
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1:i + 2]
        if (_is_hebrew(prev) and _is_letter(nxt) and _is_letter(text[i + 2:i + 3])
                and _after_hebrew_prefix(text, i)):
            # ב"רינגבאן", ה"Ringbahn": a prefix letter before an opening mark (gershayim
            # stand before an acronym's last letter: ש"ח, מ"ר); an acronym with a
            # suffix may look the same, so it pairs when it can, never reported alone
            return QuoteMark(i, c, "open", weak=True)
        if _is_hebrew(prev) and _is_hebrew(nxt):
            return None  # צה"ל: gershayim typed as a straight mark in an abbreviation
        if prev.isnumeric() or prev in ("°", "′", "″"):  # 3½": inches
            return QuoteMark(i, c, "close", weak=True)  # 11", 46": inches or seconds
        a = _around(text, i)
        if not a.isolated and a.role != "either" and _spaced_in_cjk(a):
            # 日本語の" 言葉 "です: no space stands between Japanese or Chinese words, so
            # one inside the marks says nothing of their direction
            return QuoteMark(i, c, "either")
        return QuoteMark(i, c, a.role, weak=a.isolated)
    a = _around(text, i)
    if c in _GUILLEMETS:
        if a.prev.isdigit() or a.nxt.isdigit():
            # «σε 200.000», «2014 …»: a quotation may end or start with a number, but
            # »2 may be "much greater than": it pairs when it can, never reported alone
            return QuoteMark(i, c, "either", weak=True)
        # French « a » puts spaces inside, German »a« points inward: the stack decides
        return QuoteMark(i, c, "either", weak=a.isolated)
    if a.isolated:
        return QuoteMark(i, c, "either", weak=True)
    if c in "„「『":
        return QuoteMark(i, c, "open")
    if c in "」』":
        return QuoteMark(i, c, "close")
    if c == "“":  # English opener, German closer
        return QuoteMark(i, c, "either" if a.can_close else "open")
    if a.can_open and not a.can_close and _is_rtl_letter(a.nxt):
        # ”שלום“: Hebrew and Arabic text may mirror the marks (the one that looks
        # closing opens, read right to left); “ closes it (rules/quotes.yaml)
        return QuoteMark(i, c, "open")
    return QuoteMark(i, c, "either" if a.can_open and not a.can_close else "close")  # ”


# Identifiers in citations are not prose: doi:10.1002/(SICI)…'…, ISBN, URLs,
# id=…  Their quotes and primes are characters of the identifier.
_IDENTIFIER_RE = compile_cached(
    r"\b(?:doi|hdl|arxiv|bibcode|pmid|pmc|issn|isbn(?:-1[03])?|oclc|jstor|s2cid|lccn|id|url)"
    r"\s*[:=]\s*\S+|\bISBN\s+[\dX-]{10,17}|\b(?:https?|ftp)://\S+|\b10\.\d{4,9}/\S+",
    re.I)


def identifier_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are identifiers (DOIs, ISBNs, URLs, ``id=…``), not prose."""
    if not any(c in text for c in ":/=") and "ISBN" not in text:
        return []
    return [m.span() for m in _IDENTIFIER_RE.finditer(text)]


def find_marks(text: str, data: QuoteData | None = None,
               skip: Callable[[int], bool] | None = None) -> list[QuoteMark]:
    """The quotation marks of ``text`` in order, apostrophes and primes left out.

    ``skip(i)`` may veto the mark at ``i`` (the caller knows it is part of a name).
    """
    data = data or quote_data()
    marks = []
    for m in _MARK_RE.finditer(text):
        i = m.start()
        if m.end() - i > 1:
            if m.end() - i == 2 and m.group() in _DOUBLED and (skip is None or not skip(i)):
                marks.append(_doubled_single(text, i, m.group()))
            continue  # '' or ’’’: italic markup gone wrong, not quotation marks
        mark = None if skip is not None and skip(i) else _classify(text, i, m.group(), data)
        if mark is not None:
            marks.append(mark)
    return marks


# A mark, or a run of ' ’ or ‘ (doubled marks, italics gone wrong) as one match.  The
# pattern starts with the class so the engine skips to a candidate at C speed (the
# alternation '{2,}|’{2,}|‘{2,}|[…] finds the same matches about 9x slower).
_MARK_RE = compile_cached("[" + "".join(sorted(QUOTE_CHARS)) + "](?:(?<=')'+|(?<=’)’+|(?<=‘)‘+)?")


def may_hold_marks(text: str) -> bool:
    """Whether ``text`` holds a character :func:`find_marks` reads (else it has no problem)."""
    return _MARK_RE.search(text) is not None
_DOUBLED = frozenset({"‘‘", "’’"})


def _doubled_single(text: str, i: int, pair: str) -> QuoteMark:
    """``‘‘…’’``: two single marks typed as a double one (usual in Bengali), one mark.

    ``‘‘`` opens a quotation before a word; ``’’`` closes one opened with
    ``‘‘`` (it is weak: after a word it may be two apostrophes or primes).
    """
    if pair == "’’":
        return QuoteMark(i, pair, "close", weak=True)
    nxt = text[i + 2] if i + 2 < len(text) else ""
    if nxt and not nxt.isspace():
        return QuoteMark(i, pair, "open")
    return QuoteMark(i, pair, "either", weak=True)


# -------------------------------------------------------------------- pairing
class _Open:
    __slots__ = ("mark", "nested_in")

    def __init__(self, mark: QuoteMark, nested_in: _Open | None):
        self.mark = mark
        self.nested_in = nested_in


def scan_quotes(text: str, data: QuoteData | None = None,
                skip: Callable[[int], bool] | None = None) -> QuoteScan:
    """Pair the quotation marks of one unit of prose and report what does not pair."""
    data = data or quote_data()
    scan = QuoteScan(text)
    if not may_hold_marks(text):
        return scan
    scan.marks = find_marks(text, data, skip)
    reading = _Reading(text, data, scan.marks)
    pairing = _pair(scan.marks, data, reading)
    if pairing.problems:
        tolerant = _Reading(text, data, scan.marks, True, _may_open(text, scan.marks))
        other = _pair(scan.marks, data, tolerant)
        if len(_problems(other, [], scan.marks, text, data)) \
                < len(_problems(pairing, [], scan.marks, text, data)):
            reading, pairing = tolerant, other
    moved: list[QuoteMark] = []
    if pairing.problems:
        scan.marks, pairing, moved = _misplaced_marks(text, scan.marks, pairing, data, reading)
    scan.pairs = pairing.pairs
    scan.problems = _problems(pairing, moved, scan.marks, text, data)
    return scan


def _problems(pairing: _Pairing, moved: list[QuoteMark], marks: list[QuoteMark], text: str,
              data: QuoteData) -> list[QuoteProblem]:
    """The problems of a pairing, one per defect, in text order."""
    problems = pairing.problems + _nesting_problems(pairing.nested, pairing.pair_of)
    reported = {p.mark.pos for p in problems}
    for mark in moved:
        pair = next(p for p in pairing.pairs if mark in (p.open, p.close))
        if mark.pos not in reported:  # a nested inner quotation is reported as nested
            problems.append(QuoteProblem("misplaced", mark, pair))
    problems += [QuoteProblem("mismatched", p.open, p) for p in pairing.mismatched]
    problems += [QuoteProblem("reversed", p.open, p) for p in pairing.reversed]
    problems.sort(key=lambda p: p.mark.pos)
    return _merge_mismatched(problems, marks, text, data)


def _may_open(text: str, marks: list[QuoteMark]) -> frozenset[int]:
    """Positions of the ``”`` whose spacing does not make them closing marks.

    After a space and before a word (``wrote ”the end``) or between two
    letters (``读了”红楼梦``, where Chinese puts no space), a ``”`` may be
    an opening mark typed with the wrong shape.
    """
    return frozenset(m.pos for m in marks
                     if m.char == "”" and not m.weak
                     and (m.role == "either" or not _around(text, m.pos).can_close))


class _Pairing(ValueRecord):
    __slots__ = ("pairs", "problems", "nested", "pair_of", "mismatched", "reversed")
    pairs: list[QuotePair]
    problems: list[QuoteProblem]  # unclosed and unopened
    nested: list[tuple[_Open, QuotePair]]
    pair_of: dict[int, QuotePair]
    mismatched: list[QuotePair]  # closed with a mark of ``mismatched_pairs`` (also in pairs)
    reversed: list[QuotePair]    # ”…“: closing mark first (not in pairs)

    def __init__(self, pairs: list[QuotePair] | None = None,
                 problems: list[QuoteProblem] | None = None,
                 nested: list[tuple[_Open, QuotePair]] | None = None,
                 pair_of: dict[int, QuotePair] | None = None) -> None:
        self.pairs = [] if pairs is None else pairs
        self.problems = [] if problems is None else problems
        self.nested = [] if nested is None else nested
        self.pair_of = {} if pair_of is None else pair_of
        self.mismatched = []
        self.reversed = []

    @property
    def unpaired(self) -> int:
        return len(self.problems) + len(self.mismatched) + len(self.reversed)

    def partner(self, mark: QuoteMark) -> QuoteMark | None:
        for pair in self.pairs:
            if pair.open is mark:
                return pair.close
            if pair.close is mark:
                return pair.open
        return None


class _Reading(FrozenRecord):
    """How :func:`_pair` reads the marks of ``text`` beyond the pairs of ``rules/quotes.yaml``.

    A closing mark with nothing to close, followed by a word (:meth:`starts_word`),
    then by a curly mark that closes quotations elsewhere and cannot open one here
    (:meth:`closes_here`: it follows a word) is a reversed pair (``他说”你好“``).  Both
    are asked only of such a closing mark, which is rare, not of every mark.

    The *tolerant* reading (``tolerant``) also lets a double mark close a
    quotation opened with another kind (``mismatched_pairs``: ``”the end"``),
    and reads each ``”`` in ``may_open`` (after a space, or between two
    letters: its spacing does not make it a closing mark) as a mark that
    opens unless a curly quotation is open: it does not close a straight one.
    """

    __slots__ = ("text", "data", "marks", "tolerant", "may_open", "_closers")
    _fields = ("text", "data", "marks", "tolerant", "may_open")
    text: str
    data: QuoteData
    marks: list[QuoteMark]  # as found, before a misplaced mark is turned round
    tolerant: bool
    may_open: frozenset[int]

    def __init__(self, text: str, data: QuoteData, marks: list[QuoteMark],
                 tolerant: bool = False, may_open: frozenset[int] = frozenset()) -> None:
        self.text = text
        self.data = data
        self.marks = marks
        self.tolerant = tolerant
        self.may_open = may_open
        self._closers: frozenset[int] | None = None

    def closes_here(self, mark: QuoteMark) -> bool:
        """A curly mark that closes quotations elsewhere but cannot open one here."""
        return (not mark.weak and mark.char not in "\"'" and mark.char in self.data.opening_marks
                and not _around(self.text, mark.pos).can_open)

    def starts_word(self, mark: QuoteMark) -> bool:
        """A closing-shaped curly mark followed by a word, a number or an opening
        bracket: a quotation written back to front may start there (``”你好“``), not
        where punctuation follows (``又称历史学”，或简称“史学”``: an opening mark left
        out before 历史学, then a correct pair)."""
        closers = self._closers
        if closers is None:  # closing marks as found: a mark turned round does not start one
            closers = self._closers = frozenset(
                m.pos for m in self.marks
                if not m.weak and m.role == "close" and m.char not in "\"'")
        if mark.pos not in closers:
            return False
        nxt = _around(self.text, mark.pos).nxt
        return nxt.isalnum() or nxt in "([{…¿¡"


# CJK corner brackets point at their quotation and nest as written: 「…「…」…」 (a
# quotation quoted, a quoted title) and 『…『…』…』 (a title in a title) are usual
# Japanese and Chinese typography, not an ambiguous nesting.
_DIRECTED_NESTABLE = frozenset("「『")


def _pair(marks: list[QuoteMark], data: QuoteData, reading: _Reading | None = None) -> _Pairing:
    """Pair marks with a stack; strong marks left over are unclosed or unopened.

    A closing mark closes the innermost open quotation whose mark it can
    close, leaving the ones inside it unclosed; a weak mark (an apostrophe, a
    prime) closes only the innermost strong quotation, or a weak one inside
    it.  The stack's openers are indexed by mark, so finding that quotation
    costs the same however many are open (a line of unclosed ``«`` is
    linear, not quadratic).  ``reading`` adds reversed pairs and the
    tolerant reading (see :class:`_Reading`); without it only the pairs of
    ``rules/quotes.yaml`` are read.
    """
    out = _Pairing()
    openers_of = data.opening_marks
    mismatched_of = data.mismatched_openers if reading is not None and reading.tolerant else {}
    may_open = reading.may_open if reading is not None else frozenset()
    stack: list[_Open] = []
    at: dict[str, list[int]] = {}         # opening char -> stack indexes of its openers
    strong_at: dict[str, list[int]] = {}  # opening char -> stack indexes of its strong openers
    strong: list[int] = []                # stack indexes of the strong openers
    skip_to = -1
    for n, mark in enumerate(marks):
        if n <= skip_to:
            continue  # the second mark of a reversed pair
        k = -1
        opens_too = mark.pos in may_open
        if mark.role != "open":
            for o in openers_of.get(mark.char, ()):
                idx = at.get(o)
                if idx and idx[-1] > k and not (opens_too and o == '"'):
                    k = idx[-1]
            for o in mismatched_of.get(mark.char, ()):
                idx = at.get(o)
                if idx and idx[-1] > k:
                    k = idx[-1]
            # a weak mark closes only the innermost strong quotation (or weak ones inside it)
            if k >= 0 and mark.weak and strong and strong[-1] > k:
                k = -1
        if k >= 0:
            for dropped in stack[k + 1:]:
                if not dropped.mark.weak:
                    out.problems.append(QuoteProblem("unclosed", dropped.mark))
            for gone in reversed(stack[k:]):  # each index list ends with the top's index
                at[gone.mark.char].pop()
                if not gone.mark.weak:
                    strong_at[gone.mark.char].pop()
                    strong.pop()
            opener = stack[k]
            del stack[k:]
            pair = QuotePair(opener.mark, mark)
            out.pairs.append(pair)
            out.pair_of[id(opener)] = pair
            if mismatched_of and mark.char not in data.closers.get(opener.mark.char, ()):
                out.mismatched.append(pair)
            if opener.nested_in is not None:
                out.nested.append((opener, pair))
            continue
        if mark.role == "close" and not mark.weak and reading is not None \
                and n + 1 < len(marks) and _reverses(mark, marks[n + 1], reading, data):
            out.reversed.append(QuotePair(mark, marks[n + 1]))
            skip_to = n + 1
            continue
        if mark.role == "close" and not opens_too:
            if not mark.weak:
                out.problems.append(QuoteProblem("unopened", mark))
            continue
        same = None
        top = len(stack)
        at.setdefault(mark.char, []).append(top)
        if not mark.weak:
            same_idx = strong_at.setdefault(mark.char, [])
            if same_idx and mark.char not in _DIRECTED_NESTABLE:
                same = stack[same_idx[-1]]
            same_idx.append(top)
            strong.append(top)
        stack.append(_Open(mark, same))
    out.problems.extend(QuoteProblem("unclosed", o.mark) for o in stack if not o.mark.weak)
    return out


def _reverses(mark: QuoteMark, nxt: QuoteMark, reading: _Reading, data: QuoteData) -> bool:
    """``mark`` (closing, nothing open) and ``nxt`` are a quotation written back to front.

    ``mark`` is followed by a word (a quotation may start there), ``nxt`` is a
    curly mark that cannot open here (it follows a word) and whose quotation
    ``mark`` would close: ``他说”你好“然后``.
    """
    return (nxt.char != mark.char and reading.starts_word(mark) and reading.closes_here(nxt)
            and mark.char in data.closers.get(nxt.char, ()))


# ------------------------------------------------------------ misplaced marks
# After an opening mark, the gap a typist may leave before the quoted word:
# spaces ((2014)' Einstein's) or one punctuation mark ((1967)".Die).
_OPEN_GAP_RE = compile_cached(r"(?:[ \t\u00a0]+|[.,;:](?=\w))(?=\w)")
_NOT_BEFORE_MISPLACED_OPENER = frozenset(".!?,;:…")


def _misplaced_marks(text: str, marks: list[QuoteMark], pairing: _Pairing, data: QuoteData,
                     reading: _Reading | None = None
                     ) -> tuple[list[QuoteMark], _Pairing, list[QuoteMark]]:
    """Read a mark on the wrong side of a space as the mark it was meant to be.

    Straight marks get their direction from their spacing, so a space (or a
    full stop) typed on the wrong side turns an opening mark into a closing
    one: ``(2014)' Einstein's … cosmos'`` reads as a quotation never opened
    plus a stray mark, ``"" Barbarous Strangers": … Revolution."`` as an
    empty quotation plus two stray marks.  A mark that a wrong space could
    have turned around is read the other way when that pairs it and leaves
    fewer unpaired marks; the marks so moved are returned.

    Each try pairs the whole text again, so only the first
    :data:`_MAX_TURN_TRIES` candidates of a round are tried: a text with more
    (none in the corpora has more than 7) is garbled or hostile, and a line of
    thousands of stray marks stays linear.
    """
    moved: list[QuoteMark] = []
    for _ in range(4):
        for cand in itertools.islice(_turnable(text, pairing), _MAX_TURN_TRIES):
            trial = [cand if m.pos == cand.pos else m for m in marks]
            after = _pair(trial, data, reading)
            partner = after.partner(cand)
            if after.unpaired < pairing.unpaired and partner is not None \
                    and _plausible_partner(text, partner):
                marks, pairing = trial, after
                moved = [m for m in moved if m.pos != cand.pos] + [cand]
                break
        else:
            break
    return marks, pairing, moved


def _turnable(text: str, pairing: _Pairing) -> Iterator[QuoteMark]:
    """Marks a misplaced space may have turned around, as the mark they would be.

    * an unpaired closing mark (or the second mark of an empty quotation,
      ``""``) stuck to the text before it and followed by a gap and a word
      opens the quotation that word starts; not after sentence punctuation
      (``undecided." Then``), where a closing mark belongs;
    * an unclosed opening mark after a space, stuck to a lower-case word,
      closes the quotation before it (``"the whole world "and more``).
    """
    candidates = [p.mark for p in pairing.problems]
    candidates += [p.close for p in pairing.pairs
                   if p.open.char == p.close.char and not p.open.weak
                   and _spacers_end(text, p.open.pos + 1) >= p.close.pos]
    for mark in sorted(candidates, key=lambda m: m.pos):
        if mark.weak or mark.char in _GUILLEMETS:
            continue
        i = mark.pos
        prev = text[i - 1] if i > 0 else ""
        if mark.role == "close":
            if prev and not prev.isspace() and prev not in _NOT_BEFORE_MISPLACED_OPENER \
                    and _OPEN_GAP_RE.match(text, i + 1):
                yield QuoteMark(i, mark.char, "open")
        elif prev.isspace() and i >= 2 and (_is_word(text[i - 2]) or text[i - 2] in ".,!?)") \
                and text[i + 1:i + 2].islower():
            yield QuoteMark(i, mark.char, "close")


_MAX_TURN_TRIES = 16
_SPACERS_RE = compile_cached("[" + "".join(sorted(_SPACERS)) + "]*")


def _spacers_end(text: str, i: int) -> int:
    """Where the run of narrow spaces starting at ``i`` ends (``i`` when there is none).

    Only the run is read, not the text up to a closing mark: the runs after
    distinct opening marks do not overlap, so a page of nested quotations
    costs linear time.
    """
    m = _SPACERS_RE.match(text, i)
    return m.end() if m else i


def _plausible_partner(text: str, mark: QuoteMark) -> bool:
    """A weak mark pairs with a turned one only as a closing apostrophe (cosmos'), not a prime."""
    return not mark.weak or mark.pos > 0 and (_is_letter(text[mark.pos - 1])
                                              or text[mark.pos - 1] == PLACEHOLDER)


def _nesting_problems(nested: list[tuple[_Open, QuotePair]],
                      pair_of: dict[int, QuotePair]) -> list[QuoteProblem]:
    """One problem per quotation holding quotations with its own mark."""
    by_outer: dict[int, tuple[QuotePair, list[tuple[_Open, QuotePair]]]] = {}
    for opener, pair in nested:
        outer = opener.nested_in
        assert outer is not None
        outer_pair = pair_of.get(id(outer))
        if outer_pair is None or outer_pair.close.pos < pair.close.pos:
            continue  # the outer quotation never closed: reported as unclosed instead
        by_outer.setdefault(id(outer), (outer_pair, []))[1].append((opener, pair))
    out = []
    for outer_pair, inner in by_outer.values():
        inner.sort(key=lambda x: x[1].open.pos)
        first = inner[0]
        out.append(QuoteProblem("nested", first[0].mark, first[1], outer_pair,
                                tuple(p for _, p in inner[1:])))
    return out


def _merge_mismatched(problems: list[QuoteProblem], marks: list[QuoteMark], text: str,
                      data: QuoteData) -> list[QuoteProblem]:
    """An unclosed mark followed by an unopened one of another kind: one mismatched quotation.

    So is an unclosed mark followed by an unclosed one of another kind that
    closes quotations elsewhere and cannot open one here (it follows a word,
    not a space or a bracket): ``"hello“ and``, ``他说"你好“然后`` (Chinese puts
    no space around quotations) are one quotation closed with the wrong mark,
    not two quotations left open.
    """
    out: list[QuoteProblem] = []
    strong_at: dict[str, list[int]] | None = None  # mark -> positions of its strong marks
    i = 0
    while i < len(problems):
        p = problems[i]
        q = problems[i + 1] if i + 1 < len(problems) else None
        if q is not None and p.kind == "unclosed" and p.mark.char != q.mark.char \
                and (q.kind == "unopened"
                     or q.kind == "unclosed" and _closes_here(text, q.mark, data)):
            if strong_at is None:
                strong_at = {}
                for m in marks:
                    if not m.weak:
                        strong_at.setdefault(m.char, []).append(m.pos)
            if _adjacent_problems(p.mark, q.mark, strong_at):
                out.append(QuoteProblem("mismatched", p.mark, QuotePair(p.mark, q.mark)))
                i += 2
                continue
        out.append(p)
        i += 1
    return out


def _closes_here(text: str, mark: QuoteMark, data: QuoteData) -> bool:
    """An opening mark typed where a closing one belongs: a closer elsewhere, after a word."""
    return mark.char in data.opening_marks and not _around(text, mark.pos).can_open


def _adjacent_problems(a: QuoteMark, b: QuoteMark, strong_at: dict[str, list[int]]) -> bool:
    """No strong mark of either kind between ``a`` and ``b`` (``strong_at``: sorted positions)."""
    for char in (a.char, b.char):
        positions = strong_at.get(char, ())
        k = bisect.bisect_right(positions, a.pos)
        if k < len(positions) and positions[k] < b.pos:
            return False
    return True
