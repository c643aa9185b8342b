"""Sentence boundaries in prose.

:func:`split_sentences` cuts the plain text of a block (see
:mod:`wikilint.analysis.prose`) into sentences and returns their spans.  A sentence
ends at ``.``, ``!``, ``?`` or an ellipsis, with any closing quotes and
brackets after it (``He said "Stop." Then…``), when whitespace and a word
that can start a sentence follow.  It does not end at

* abbreviations: honorifics (``Dr. Smith``), Latin and inline
  abbreviations (``e.g.``, ``cf.``, ``et al.``), abbreviations before a
  number (``No. 5``, ``c. 1900``, ``Jan. 5``, ``pp. 3–4``), dotted
  acronyms (``U.S.``) unless a sentence starter such as "The" follows;
* initials (``J. R. R. Tolkien``, ``John F. Kennedy``) and spaced
  abbreviations (``z. B.``, ``d. h.``);
* decimals and dotted numbers (``3.14``, ``v1.2``): no space follows;
* German ordinals (``am 3. Oktober``, ``im 19. Jahrhundert``);
* a terminator followed by a lower-case word (``"Why?" he asked``,
  ``wait… and see``).

The word lists live in the ``sentence`` rule pack (``rules/sentence.yaml``).
"""

from __future__ import annotations

import functools
import re

from wikilint.analysis.wordlists import load_pack
from wikilint.records import FrozenRecord
from wikilint.regex_cache import compile_cached

__all__ = ["split_sentences", "SentenceLists", "sentence_lists", "CLOSERS", "TERMINALS"]

PLACEHOLDER = "\ufffc"
#: Characters that end a sentence.
TERMINALS = ".!?…"
#: Closing quotes and brackets that may follow a terminal and still belong to the sentence.
CLOSERS = "\"'”’»)]›"

# a run of terminals (".", "?!", "...", "…") and the closers after it
_END_RE = compile_cached(r"(?:\.\.\.|[.!?…])[.!?…]*[\"'”’»)\]›]*")
_TOKEN_CHARS = ".'’-_"
_ROMAN_OR_DIGIT_RE = compile_cached(r"(?:\d|[IVXLC]+\b)")
_DOTTED_RE = compile_cached(r"^(?:\w\.)+\w$")
_WORD_RE = compile_cached(r"[\w'’-]+")


class SentenceLists(FrozenRecord):
    """The word lists the splitter uses (lower case)."""

    __slots__ = ("never_end", "before_number", "can_end", "starters")
    never_end: frozenset[str]      # titles and inline abbreviations: the sentence goes on
    before_number: frozenset[str]  # abbreviations that precede numbers (No. 5, c. 1900)
    can_end: frozenset[str]        # abbreviations that may also end a sentence (etc.)
    starters: frozenset[str]       # words that start sentences

    def __init__(self, never_end: frozenset[str], before_number: frozenset[str],
                 can_end: frozenset[str], starters: frozenset[str]) -> None:
        self.never_end = never_end
        self.before_number = before_number
        self.can_end = can_end
        self.starters = starters


@functools.cache
def sentence_lists() -> SentenceLists:
    data = load_pack("sentence")
    abbr = data["abbreviations"]

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in abbr[key])

    return SentenceLists(
        never_end=words("titles") | words("inline"),
        before_number=words("before_number") | words("dates"),
        can_end=words("can_end"),
        starters=frozenset(str(w).lower() for w in data["sentence-starters"]),
    )


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text``, without surrounding whitespace.

    The last span may lack a terminal (a sentence cut short, or a caption).
    Every non-whitespace character of ``text`` is in exactly one span.
    """
    lists = sentence_lists()
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    n = len(text)
    for m in _END_RE.finditer(text):
        end = m.end()
        if end <= start:
            continue
        nxt = _skip_space(text, end)
        if nxt < n and nxt == end:
            continue  # no space after it: "3.14", "U.S.-based", "end.Next"
        if nxt >= n:
            break
        if _is_boundary(text, m, nxt, lists):
            spans.append((start, end))
            start = nxt
    if start < n:
        stop = len(text.rstrip())
        if stop > start:
            spans.append((start, stop))
    return spans


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return i


def _next_word(text: str, i: int) -> str:
    m = _WORD_RE.match(text, i)
    return m.group().lower() if m else ""


def _is_boundary(text: str, m: re.Match[str], nxt: int, lists: SentenceLists) -> bool:
    """Does the terminal run ``m`` end a sentence, given that the next text starts at ``nxt``?"""
    if "\n\n" in text[m.end():nxt]:
        return True
    first = text[nxt]
    if first.islower():
        return False  # '"Why?" he asked', 'approx. five', 'wait... and see'
    run = m.group().rstrip(CLOSERS)
    if run != ".":
        return True  # "?", "!", "...", "?!": a capital or digit follows
    if m.end() - m.start() > 1:
        return True  # 'said "Stop." Then': a quotation or bracket closes the sentence
    return not _abbreviation_continues(text, m.start(), nxt, lists)


def _token_before(text: str, end: int) -> str:
    """The word (with inner dots: "U.S", "e.g") that ends at ``end``, at most 40 characters."""
    i = end
    stop = max(0, end - 40)
    while i > stop and (text[i - 1].isalnum() or text[i - 1] in _TOKEN_CHARS):
        i -= 1
    token = text[i:end].lstrip(_TOKEN_CHARS)
    return token if token[-1:].isalnum() else ""


def _abbreviation_continues(text: str, dot: int, nxt: int, lists: SentenceLists) -> bool:
    """Is the period at ``dot`` part of an abbreviation the sentence continues after?"""
    token = _token_before(text, dot)
    if not token:
        return False
    lower = token.lower()
    following = _next_word(text, nxt)
    starter = following in lists.starters
    number_follows = bool(_ROMAN_OR_DIGIT_RE.match(text, nxt))
    if len(token) == 1 and token.isalpha():
        # an initial ("J. R. R. Tolkien") or a spaced abbreviation ("z. B.", "i. e.")
        return not starter
    if token.isdigit():
        return len(token) <= 2 and not starter and not number_follows  # "am 3. Oktober"
    if lower in lists.can_end:
        return not starter
    if lower in lists.never_end:
        return True
    if lower in lists.before_number:
        return number_follows
    if _DOTTED_RE.match(token):
        return not starter  # "U.S.", "S.H.I.E.L.D." mid-sentence
    return False
