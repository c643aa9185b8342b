"""Which language a page's prose is written in, and that language's function words.

:func:`detect_language` tells English, German or French from the most frequent
function words of a page (the ``language_markers`` of the ``sentence`` pack);
:func:`language_lists` gives a language's function words (articles, auxiliaries,
prepositions, conjunctions …) and clause openers ("although", "obwohl", "bien
que"), which the incomplete-section rule uses to tell *how* a sentence stops
short.  Pages in other languages have no lists: rules that use them fall back on
what every script shares, sentence punctuation.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable

from wikilint.analysis.wordlists import load_pack
from wikilint.records import FrozenRecord
from wikilint.regex_cache import compile_cached

__all__ = ["LanguageLists", "language_lists", "detect_language", "placeholder_words",
           "placeholder_phrases"]

_WORD_RE = compile_cached(r"[\w'’-]+")


class LanguageLists(FrozenRecord):
    """Word lists of the ``sentence`` pack for one language (lower case)."""

    __slots__ = ("function_words", "clause_openers")
    function_words: frozenset[tuple[str, ...]]
    clause_openers: tuple[tuple[str, ...], ...]

    def __init__(self, function_words: frozenset[tuple[str, ...]],
                 clause_openers: tuple[tuple[str, ...], ...]) -> None:
        self.function_words = function_words
        self.clause_openers = clause_openers


class _Lists(FrozenRecord):
    __slots__ = ("languages", "markers", "placeholder_words", "placeholder_phrases")
    languages: dict[str, LanguageLists]
    markers: dict[str, frozenset[str]]
    placeholder_words: frozenset[str]
    placeholder_phrases: frozenset[str]

    def __init__(self, languages: dict[str, LanguageLists], markers: dict[str, frozenset[str]],
                 placeholder_words: frozenset[str], placeholder_phrases: frozenset[str]) -> None:
        self.languages = languages
        self.markers = markers
        self.placeholder_words = placeholder_words
        self.placeholder_phrases = placeholder_phrases


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(str(text).lower().split())


@functools.cache
def _lists() -> _Lists:
    data = load_pack("sentence")
    languages = {}
    for lang, groups in data["function-words"].items():
        if lang == "source":
            continue
        words = frozenset(_phrase(w) for group in groups.values() for w in group)
        openers = tuple(_phrase(w) for w in data["clause-openers"].get(lang, ()))
        languages[lang] = LanguageLists(words, openers)
    markers = {lang: frozenset(str(w).lower() for w in words)
               for lang, words in data["language-markers"].items()}
    ph = data["placeholders"]
    return _Lists(languages, markers, frozenset(str(w) for w in ph["words"]),
                  frozenset(" ".join(_phrase(p)) for p in ph["phrases"]))


def language_lists(lang: str | None) -> LanguageLists | None:
    """The function words and clause openers of ``lang`` (``en``, ``de``, ``fr``), if known."""
    return _lists().languages.get(lang) if lang else None


def placeholder_words() -> frozenset[str]:
    """Editors' placeholders written in capitals ("TODO", "TBD")."""
    return _lists().placeholder_words


def placeholder_phrases() -> frozenset[str]:
    """Placeholder sentences, lower case ("to be continued", "à compléter")."""
    return _lists().placeholder_phrases


def detect_language(texts: Iterable[str]) -> str | None:
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
