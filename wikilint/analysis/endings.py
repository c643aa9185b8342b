"""How a block of prose ends: with a finished sentence, or stopped short.

:func:`ending_of` reads the end of a paragraph's prose (see
:mod:`wikilint.analysis.prose`) and tells whether its last sentence is
finished.  It is not when the text stops

* on a word without terminal punctuation (kind ``no-stop``);
* and, sharper, on a word that cannot end a sentence (``function-word``:
  "the", "has", "of"), in an unfinished subordinate clause (``clause``:
  "Although it was founded in Paris"), on ",", ";", ":" or "&"
  (``punctuation``), a spaced dash (``dash``) or an ellipsis (``ellipsis``);
* or in an editor's placeholder ("TODO", "To be continued": ``placeholder``).

Sentence punctuation is read for every script: ``. ! ? …``, the CJK ``。！？``,
the Devanagari danda ``।``, the Armenian ``։``, the Arabic ``؟`` and ``۔``,
the Ethiopic ``።``, the Burmese ``။``, the Khmer ``។``, the Tibetan ``།`` and others
(Thai and Lao prose has none: a paragraph there never lacks a full stop); the
language lists (English, German, French) only tell *how* a sentence stops.
:func:`is_running_text` tells running text from a label, a caption or a line of a
list; :func:`is_fragment_lines` finds a list written without its bullets, and
:func:`is_line_list` one written as short lines joined by ``<br>``.
"""

from __future__ import annotations

import unicodedata

from wikilint.analysis.language import (
    LanguageLists,
    language_lists,
    placeholder_phrases,
    placeholder_words,
)
from wikilint.analysis.prose import PLACEHOLDER
from wikilint.analysis.sentences import CLOSERS, split_sentences
from wikilint.records import FrozenRecord
from wikilint.regex_cache import compile_cached

__all__ = ["Ending", "ending_of", "SENTENCE_TERMINALS", "ALL_CLOSERS", "is_running_text",
           "is_fragment_lines", "is_formula", "script_of", "is_enumerated", "is_name_list",
           "terminated", "last_sentence_start", "UNPUNCTUATED_SCRIPTS", "is_line_list",
           "is_designation_title", "is_legend"]

#: Marks that end a sentence, in every script the rule knows of.
SENTENCE_TERMINALS = ".!?…‼⁇⁈⁉。！？．｡।॥৷։؟۔።፧။།༎។៕"
# Terminals of scripts that split_sentences does not cut at (no space after them);
# "৷" (Bengali currency numerator four) is typed for the danda "।" on Bengali pages.
_OTHER_TERMINALS = "。！？．｡।॥৷։؟۔።፧။།༎។៕"
#: Closing quotes and brackets of every script that may follow a terminal.
ALL_CLOSERS = CLOSERS + "」』）】〉》〕〗〙〛｣"


def _combining_marks() -> str:
    """A regex class of the combining marks (Unicode category M) of the alphabets:
    ``\\w`` leaves out the vowel signs and viramas of Indic scripts, which would cut
    "सहस्त्रकुंड" into five "words"."""
    ranges: list[tuple[int, int]] = []
    for lo, hi in ((0x300, 0x1E00), (0x20D0, 0x2100), (0xFE20, 0xFE30)):
        for code in range(lo, hi):
            if unicodedata.category(chr(code))[0] == "M":
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1] = (ranges[-1][0], code)
                else:
                    ranges.append((code, code))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


#: A word: letters, digits and combining marks, with inner apostrophes and hyphens.
WORD_RE = compile_cached(rf"[\w{_combining_marks()}'’-]+")
_WORD_RE = WORD_RE
# Scripts written without spaces between words: CJK ideographs, kana, hangul, Thai, Lao, Khmer.
_UNSPACED_RE = compile_cached(r"[\u0e00-\u0eff\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
                              r"\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_INLINE_TAG_RE = compile_cached(r"\[[a-z][a-z ?'’-]{0,40}\]")
# Scripts whose prose has no sentence-final punctuation: Thai and Lao separate sentences
# by a space, and a paragraph simply ends ("ฯ", "ๆ", "ຯ" abbreviate and repeat, "๚"
# closes verse stanzas).  Khmer ends its sentences with "។", Burmese with "။", Tibetan
# with the shad "།".
UNPUNCTUATED_SCRIPTS = frozenset({"THAI", "LAO"})
# Tibetan leaves out the shad after a final ka or ga (at the end of a line of verse).
_TIBETAN_NO_SHAD = "ཀག"
_OPERATORS = frozenset("=+*/<>^−×÷≤≥≠≈")
_MIN_DATA_TOKENS = 5
_MAX_FORMULA_CHARS = 300
_SPACED_OPERATOR_RE = compile_cached(r"\s[=<>≤≥≠≈⊂⊃⊆⊇∈∉→←↔⇒⇔∪∩]\s")
_TEX_RE = compile_cached(r"\\[a-zA-Z]{2,}")
_BULLET_RE = compile_cached(r"\s*(?:[*•#·–-]|\d{1,3}\.)\s")
# An enumerated item: "1) either rejects…", "(a) the", "iv. or adopts"
_ENUMERATOR_RE = compile_cached(
    r"\s*(?:\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})\)|(?:\d{1,3}|[ivx]{1,4})\.\s)")
# Running text: at least this many words (or two sentences).
_MIN_WORDS = 8
# Scripts written without spaces count one word per this many letters.
_LETTERS_PER_WORD = 2


class Ending(FrozenRecord):
    """How a block of prose stops short of a finished sentence.

    ``kind`` is ``no-stop``, ``function-word``, ``clause``, ``punctuation``,
    ``ellipsis``, ``dash`` or ``placeholder``; ``detail`` the word or mark;
    ``start``/``end`` the prose span of the last sentence (up to the last word or mark).
    """

    __slots__ = ("kind", "detail", "start", "end")
    kind: str
    detail: str
    start: int
    end: int

    def __init__(self, kind: str, detail: str, start: int, end: int) -> None:
        self.kind = kind
        self.detail = detail
        self.start = start
        self.end = end

    @property
    def evidence(self) -> bool:
        """Is there more than a missing full stop (a word or mark no sentence ends on)?"""
        return self.kind != "no-stop"


def _is_word_char(ch: str) -> bool:
    return bool(ch) and unicodedata.category(ch)[0] in "LMN"


def ending_of(text: str, lang: str | None, allow_colon: bool = True) -> Ending | None:
    """How ``text`` (a paragraph's prose) stops short, or None when its last sentence is
    finished, or ends in a template, quotation or bracket this cannot judge."""
    end = _before_inline_tags(text, len(text.rstrip()))
    if end == 0:
        return None
    body = text[:end]
    start = last_sentence_start(body)
    sentence = body[start:]
    placeholder = _placeholder(sentence)
    if placeholder:
        return Ending("placeholder", placeholder, start, end)
    last = body[-1]
    if last == PLACEHOLDER or last in ALL_CLOSERS:
        return None  # a template, quotation or bracket ends it: not ours to judge
    if body.endswith("...") or last == "…":
        return _ellipsis(body, sentence, lang, start, end)
    if last in SENTENCE_TERMINALS:
        return None
    if last == ":" and script_of(sentence) == "ARMENIAN":
        return None  # ":" typed for the Armenian full stop "։"
    if last == "I" and body[-2:-1].isspace() and script_of(sentence) not in ("LATIN", ""):
        return None  # a Latin "I" typed for the danda "।" ("…পাঠ্য থেকে I")
    if last in ",;&" or (last == ":" and allow_colon):
        if body[:-1].rstrip(ALL_CLOSERS)[-1:] in (".", "!", "?"):
            return None  # "…conservatives.;": a stray mark after a finished sentence
        return Ending("punctuation", last, start, end)
    if last in "-–—" and body[-2:-1].isspace():
        return Ending("dash", last, start, end)
    if not _is_word_char(last):
        return None  # "5%", "40°", "C++": no judgement
    script = script_of(sentence)
    if script in UNPUNCTUATED_SCRIPTS or (script == "TIBETAN" and last in _TIBETAN_NO_SHAD):
        return None  # no full stop to miss, and no word list of the language to tell a cut
    lists = language_lists(lang)
    word = _word_ending(sentence, lists, start, end) if lists is not None else None
    return word or Ending("no-stop", _last_word(sentence), start, end)


def _ellipsis(body: str, sentence: str, lang: str | None, start: int, end: int) -> Ending | None:
    """A trailing ellipsis shows a cut only after a word no sentence ends on ("but
    the…"); after a finished clause it trails off ("वेद आपला धर्म आहे...") and after a
    list it reads "etc." ("pedicab, velotaxi,...")."""
    before = body.rstrip(".… ")
    if not before or not _is_word_char(before[-1]):
        return None
    lists = language_lists(lang)
    cut = len(sentence) - (len(body) - len(before))
    word = _word_ending(sentence[:cut], lists, start, end) if lists is not None else None
    if word is None:
        return None
    return Ending("ellipsis", "…" if body[-1] == "…" else "...", start, end)


def last_sentence_start(body: str) -> int:
    """Where the last sentence of ``body`` starts, in any script."""
    start = split_sentences(body)[-1][0] if body.strip() else 0
    cut = max(body.rfind(t, start, len(body) - 1) for t in _OTHER_TERMINALS)
    if cut >= start:
        cut += 1
        while cut < len(body) and (body[cut].isspace() or body[cut] in ALL_CLOSERS):
            cut += 1
        if cut < len(body):
            start = cut
    return start


def _last_word(sentence: str) -> str:
    words = _WORD_RE.findall(sentence)
    return words[-1] if words else sentence.strip()[-1:]


def _before_inline_tags(text: str, end: int) -> int:
    """Where the text ends before rendered inline tags ("has[citation needed][when?]")."""
    while end > 0 and text[end - 1] == "]":
        opening = text.rfind("[", max(0, end - 43), end)
        if opening < 0 or not _INLINE_TAG_RE.fullmatch(text, opening, end):
            break
        end = len(text[:opening].rstrip())
    return end


def _placeholder(sentence: str) -> str | None:
    marks = placeholder_words()
    words = _WORD_RE.findall(sentence)
    if words and (words[0] in marks or words[-1] in marks):
        return words[0] if words[0] in marks else words[-1]
    phrase = " ".join(w.lower() for w in words)
    if phrase in placeholder_phrases():
        return sentence.strip()
    return None


def _word_ending(sentence: str, lists: LanguageLists, start: int, end: int) -> Ending | None:
    written = _WORD_RE.findall(sentence)
    if not written:
        return None
    words = [w.lower() for w in written]
    # function words are lower case in running text; "Let It Be", "Type A" are names
    if written[-1] == words[-1] or len(words) == 1:
        for k in range(min(4, len(words)), 0, -1):
            tail = tuple(words[-k:])
            if tail in lists.function_words:
                return Ending("function-word", " ".join(tail), start, end)
    if len(words) >= 4 and "," not in sentence:
        for opener in lists.clause_openers:
            if tuple(words[:len(opener)]) == opener:
                return Ending("clause", " ".join(opener), start, end)
    return None


def _words(text: str) -> int:
    """Words of ``text``; in scripts written without spaces, letters per word."""
    unspaced = len(_UNSPACED_RE.findall(text))
    return len(_WORD_RE.findall(text)) + unspaced // _LETTERS_PER_WORD


def is_running_text(text: str) -> bool:
    """Running text rather than a label, caption or list line: two sentences or more,
    or at least eight words ("Population: 3,000" and "Early life" are labels)."""
    body = text.rstrip()
    if _words(body) >= _MIN_WORDS:
        return True
    return len(split_sentences(body)) >= 2 or any(t in body[:-1] for t in _OTHER_TERMINALS)


def terminated(text: str) -> bool:
    """Does ``text`` end in sentence punctuation (or ";"), after closers and templates?"""
    body = text.rstrip().rstrip(ALL_CLOSERS + PLACEHOLDER + " ")
    return bool(body) and body[-1] in SENTENCE_TERMINALS + ";"


_MAX_LINE_WORDS = 8  # words of one line of a list written as lines joined by <br>


def is_line_list(lines: list[str]) -> bool:
    """Lines joined by ``<br>`` that are a list, not prose: two lines or more, each short
    (fewer than eight words) and none with sentence punctuation ("Tokyo<br>Osaka<br>Kyoto")."""
    lines = [ln.strip() for ln in lines if ln.strip()]
    return len(lines) >= 2 and all(
        _words(ln) < _MAX_LINE_WORDS and not any(t in ln for t in SENTENCE_TERMINALS)
        for ln in lines)


def is_fragment_lines(text: str) -> bool:
    """Lines that are fragments (a list or a verse without its layout): two lines or
    more, bulleted ("* Stalag 17"), or half of those before the last without a full stop."""
    lines = [ln for ln in text.rstrip().split("\n") if ln.strip()]
    if len(lines) < 2:
        return False
    if all(_BULLET_RE.match(ln) for ln in lines):
        return True
    open_lines = sum(1 for ln in lines[:-1] if not terminated(ln))
    return open_lines * 2 >= len(lines) - 1


def is_formula(sentence: str) -> bool:
    """Its last line (after a colon) is a formula or data, not words: "(15 / 3) = 5",
    "{\\displaystyle x^2}", "domains ⊃ Euclidean domains ⊃ fields", "80 00 2A FD AA"."""
    line = sentence.rsplit("\n", 1)[-1].rsplit(": ", 1)[-1]  # "packed data: FE AA 02 80"
    if _TEX_RE.search(line) or len(_SPACED_OPERATOR_RE.findall(line)) >= 2:
        return True
    if len(line) > _MAX_FORMULA_CHARS:
        return False  # a long line of running text
    marks = [ch for ch in line if not ch.isspace()]
    if len(line.split()) >= _MIN_DATA_TOKENS \
            and sum(1 for ch in marks if ch.isalpha() and not ch.isupper()) * 4 < len(marks):
        return True  # codes and numbers: "80 00 2A FD AA 03", not "In 2009"
    return any(ch in _OPERATORS for ch in marks) \
        and sum(1 for ch in marks if ch.isalpha()) * 2 < len(marks)


# Scripts written together in one language count as one: Japanese mixes Han and kana
# (言語学は、 is CJK and HIRAGANA letters), Korean Hangul and Han.
_SCRIPT_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "KATAKANA-HIRAGANA": "CJK",
                  "HANGUL": "CJK", "HALFWIDTH": "CJK", "FULLWIDTH": "LATIN"}


def script_of(text: str) -> str:
    """The script most of the first letters of ``text`` are written in ("LATIN",
    "GURMUKHI", "CJK" …), or "" without letters.  Han, kana and Hangul are one
    script here ("CJK"): a Japanese sentence mixes them in any proportion."""
    counts: dict[str, int] = {}
    seen = 0
    for ch in text[:200]:
        if ch.isalpha():
            name = "LATIN" if ch < "\u0250" else unicodedata.name(ch, "?").split()[0]
            name = _SCRIPT_FAMILY.get(name, name)
            counts[name] = counts.get(name, 0) + 1
            seen += 1
            if seen == 40:
                break
    return max(counts, key=counts.__getitem__) if counts else ""


def is_enumerated(text: str) -> bool:
    """An item of an enumeration written as a paragraph: "1) either rejects…;", "(b) or"."""
    return bool(_ENUMERATOR_RE.match(text))


# What separates the items of a list written on one line: commas in every script, and
# templates such as {{•}} (a placeholder in the prose).
_ITEM_SEPARATORS_RE = compile_cached(rf"[,、，;；•·{PLACEHOLDER}]")
_BULLET_SEPARATORS_RE = compile_cached(rf"[•·{PLACEHOLDER}]")
_LABEL_COLON_RE = compile_cached(r"[:：]\s*")
_MAX_UNSPACED_ITEM = 16  # characters of one item in a script without spaces
_MIN_LIST_ITEMS = 3  # more items than this, most of them short, make a list ...
_MAX_ITEM_WORDS = 3  # ... of names: "[[A]]{{•}} [[B]]{{•}} [[C D E F G]]{{•}} [[H I]]"


def is_name_list(text: str) -> bool:
    """One sentence that is a list of names, not a sentence ("AfDB, CEEAC, FAO, Group of
    77, IAEA"; "[[A]]{{•}} [[B]]{{•}} [[C]]"): a separator at least every third word, or
    four items or more separated by bullets or templates, most of them of three words or
    fewer.  In scripts without
    spaces, the items after a label ("応用例：A、B、C、D"), each short."""
    body = text.strip()
    if len(split_sentences(body)) != 1 or last_sentence_start(body) > 0:
        return False  # two sentences, in any script ("…परिवार। एछाड़ाও"): prose
    if not _UNSPACED_RE.search(body):
        if len(_ITEM_SEPARATORS_RE.findall(body)) * 3 >= len(_WORD_RE.findall(body)):
            return True
        # links separated by bullets or templates ({{•}}), not commas: a navigation line
        sizes = sorted(len(_WORD_RE.findall(i)) for i in _BULLET_SEPARATORS_RE.split(body))
        return len(sizes) > _MIN_LIST_ITEMS and sizes[len(sizes) // 2] <= _MAX_ITEM_WORDS
    label = _LABEL_COLON_RE.search(body)  # a clause between two 、 is one "word" here
    if label is None:
        return False
    lengths = sorted(len(i.strip()) for i in _ITEM_SEPARATORS_RE.split(body[label.end():])
                     if i.strip())
    return len(lengths) >= _MIN_LIST_ITEMS and lengths[len(lengths) // 2] <= _MAX_UNSPACED_ITEM


# A standard's (or a document's) designation: a body's letters, then its number
# ("ISO 8601:2004", "ISO/IEC 27001", "ČSN EN 1234", "DIN EN ISO 9001", "ANSI X3.4-1986",
# "ITU-T X.509", "ГОСТ Р 7.0.5-2008").  The agency: upper-case letters joined by "/"
# or "-" (the first of two letters or more); the number: a digit (or one letter and a
# digit) and no lower-case letter, not a year alone ("UEFA 2004 European …").
_AGENCY_RE = compile_cached(r"[^\W\d_](?:[^\W\d_]|[/-](?=[^\W\d_]))*")
_DOC_NUMBER_RE = compile_cached(r"[^\W\d_]{0,2}\.?\d[\w.:/+-]*")
_YEAR_RE = compile_cached(r"(?:1[89]|20)\d\d")


def _designation_end(line: str) -> int:
    """Where a designation that opens ``line`` ends (0: it opens with none)."""
    tokens = line.split()
    k = 0
    while k < len(tokens) and k < 4 and _AGENCY_RE.fullmatch(tokens[k]) \
            and tokens[k].isupper():
        k += 1
    if k == 0 or len(tokens[0]) < 2 or k >= len(tokens) - 1:
        return 0
    n = k
    while n < len(tokens) and _DOC_NUMBER_RE.fullmatch(tokens[n]) and not any(
            c.islower() for c in tokens[n]):
        n += 1
    if n == k + 1 and _YEAR_RE.fullmatch(tokens[k]):
        return 0  # "UEFA 2004 European Championship was held …": a year, not a number
    return n if n > k else 0


def is_designation_title(text: str) -> bool:
    """Lines that each name a document by its designation and title, not sentences:
    "ISO 8601:2004 Data elements and interchange formats – Information interchange –
    Representation of dates and times", "ČSN EN 1234 Titulní název".

    Every line opens with a designation (an agency's capitals and a number: "ISO
    8601:2004", "ČSN EN 1234") directly followed by a title in capitals ("Data
    elements…", not "was published…"), and holds one sentence.
    """
    lines = [ln.strip() for ln in text.strip().split("\n") if ln.strip()]
    if not lines:
        return False
    for line in lines:
        end = _designation_end(line)
        if end == 0:
            return False
        title = line.split()[end]
        if not title[:1].isupper() or len(split_sentences(line)) != 1:
            return False
    return True


# A legend of abbreviations: "G=games, W=wins, D=draws, L=losses", "Pos = position;
# Pts = points", after a label ("Legend:", "Legenda:").  An item: a short abbreviation
# ("Pld", "GD", "+/-", "Pts."), "=", and its meaning in a few words.
_LEGEND_LABEL_RE = compile_cached(r"[^\W\d_][^\W\d_ ]{0,19}\s*[:：]\s*")
_LEGEND_SEPARATORS_RE = compile_cached(rf"[,;\n{PLACEHOLDER}]|\s[•·–—]\s")
_LEGEND_ITEM_RE = compile_cached(r"\s*[^\s=,;]{1,6}\s*=\s*(?P<meaning>[^=]+?)\s*")
_MAX_MEANING_WORDS = 8


def is_legend(text: str) -> bool:
    """A legend of abbreviations, not a sentence: two items or more, each an abbreviation,
    "=" and its meaning ("G=games, W=wins, D=draws", "Pos = position; Pts = points",
    "Legend: GF = goals for, GA = goals against")."""
    body = text.strip()
    label = _LEGEND_LABEL_RE.match(body)
    if label is not None:
        body = body[label.end():]
    items = [i for i in _LEGEND_SEPARATORS_RE.split(body) if i.strip()]
    if len(items) < 2:
        return False
    for item in items:
        m = _LEGEND_ITEM_RE.fullmatch(item)
        if m is None or len(_WORD_RE.findall(m["meaning"])) > _MAX_MEANING_WORDS:
            return False
    return True
