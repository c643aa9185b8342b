"""The quotation scanner (wikilint.quotes) and the two rules built on quotes and apostrophes.

* scanner examples: apostrophes, primes and elisions are not quotation marks,
  straight marks get their direction from their neighbours, nesting with the
  same mark, mismatched marks and marks on the wrong side of a space are found;
* properties (hypothesis): balanced quotations around prose full of apostrophes
  give no problem; dropping a closing mark gives exactly one unclosed mark, at
  the opening mark; moving the space after an opening mark gives one
  misplaced mark; WL303's safe fixes never change the rendering and converge;
  a run closed on the next line is one WL303 finding, fixed by joining the lines;
* the seed pages: exactly the nested quotation of reference 4;
* planted defects on the real corpus: the closing mark of real quotations
  (straight, curly, German low marks) is deleted, and WL301 must report the
  quotation at its opening line in at least 95% of the cases.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import wikilint
from wikilint.analysis.prose import Prose
from wikilint.analysis.quote_units import _snippet, iter_units, skipper, unit_text
from wikilint.analysis.quotes import (
    _MARK_RE,
    QUOTE_CHARS,
    QuoteData,
    QuoteMark,
    QuoteProblem,
    _around,
    _merge_mismatched,
    _pair,
    find_marks,
    quote_data,
    scan_quotes,
)
from wikilint.lint.fixes import apply_fixes
from wikilint.lint.pipeline import lint_source
from wikilint.rules.unbalanced_quotes import UnbalancedQuotes
from wikilint.rules.unclosed_formatting import UnclosedFormatting
from wikilint.syntax.nodes import Bold, Italic, Text
from wikilint.syntax.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def kinds(text: str) -> list[tuple[str, int]]:
    return [(p.kind, p.mark.pos) for p in scan_quotes(text).problems]


# -- the scanner ----------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "People's, students', don't, O'Brien, L'Etoile, d'Alembert, Qur'an, Hawai'i, Shi'a.",
    "Jesus' disciples, the Joneses' house, rock 'n' roll, the '80s, 'tis, 'twas, 't Hooft.",
    "He is 5' 11\" tall; 40°26'46\"N 79°58'56\"W; a 12\" single; 1'000 francs.",
    "Hawai‘i and the ʻokina; don’t; the ’90s; ’tis.",
    "The caliph 'Ali; the letter 'aleph; Hudud ul-'alam; the comet 'Oumuamua.",
    "Russian pamyat' and German sandt' and Greek ἄλγε' ἔθηκεν.",
    "SparkNotes \" Study Guides \" Animal Farm; Editions » Gershwin; x »2 y; Title « Site.",
    "A botched '' italic and a typo ’’ are not quotation marks.",
    "\"Come 'ere, you,\" he said; a 3½\" floppy disk.",
])
def test_apostrophes_primes_and_separators_are_not_problems(text: str) -> None:
    assert scan_quotes(text).problems == []


@pytest.mark.parametrize("text", [
    "He said \"stop\" and 'go'; \"Don't 'touch' that.\"",
    "“Curly” and ‘single’ and “a ‘nested’ one”.",
    "Er sagte „Wir kommen ‚bald‘ wieder.“ und las »Faust«.",
    "Той каза „Ще дойдем утре“.",
    "Il a dit « nous viendrons » et «\u00a0demain\u00a0».",
    "「東京」と『源氏物語』",
    "He said,\"Hello,\"and left.",
    "A title \"...down to the mouth of Aous\" and \"[a]gricultural operations\".",
])
def test_balanced_quotations(text: str) -> None:
    assert scan_quotes(text).problems == []


def test_unclosed_and_unopened() -> None:
    assert kinds('He said "stop and left.') == [("unclosed", 8)]
    assert kinds("It was undecided.\" Then") == [("unopened", 17)]
    assert kinds("“A triumph, he said.") == [("unclosed", 0)]
    assert kinds("Sie sagte „nein.") == [("unclosed", 10)]
    assert kinds("He asked 'Is it true and left.") == [("unclosed", 9)]


def test_a_single_mark_left_open_inside_a_double_quotation() -> None:
    assert kinds("He wrote \"the film is 'a masterpiece.\" Then") == [("unclosed", 22)]


def test_nested_same_mark_is_reported_once_per_quotation() -> None:
    text = "Salhani, 'Analysis: Israel 'Can Destroy' Iran Nukes', Space War"
    problems = scan_quotes(text).problems
    assert [(p.kind, p.mark.pos) for p in problems] == [("nested", 27)]
    nested = problems[0]
    assert nested.pair is not None and nested.outer is not None
    assert text[nested.pair.open.pos:nested.pair.close.pos + 1] == "'Can Destroy'"
    assert text[nested.outer.open.pos:nested.outer.close.pos + 1] == \
        "'Analysis: Israel 'Can Destroy' Iran Nukes'"
    two = scan_quotes('He said "use "late" and "early" words" today.').problems
    assert [(p.kind, len(p.others)) for p in two] == [("nested", 1)]


def test_mismatched_marks_are_one_problem() -> None:
    assert kinds("saying 'I don't want any part of it.\" He left.") == [("mismatched", 7)]


def test_the_unclosed_outer_quotation_is_reported_not_the_nesting() -> None:
    assert kinds('He said "a "b" c and left.') == [("unclosed", 8)]


@pytest.mark.parametrize(("text", "quoted"), [
    ("Mitton. (2014)' Einstein's steady-state theory: a model of the cosmos'. Eur. Phys.",
     "' Einstein's steady-state theory: a model of the cosmos'"),
    ('Martin Nilsson (1967)".Die Geschichte der Religion.Vol I".C.H. Beck.',
     '".Die Geschichte der Religion.Vol I"'),
    ('The poem calls it "the whole wide world "and more.', '"the whole wide world "'),
])
def test_a_mark_on_the_wrong_side_of_a_space_is_one_misplaced_mark(text: str,
                                                                    quoted: str) -> None:
    problems = scan_quotes(text).problems
    assert [p.kind for p in problems] == ["misplaced"]
    pair = problems[0].pair
    assert pair is not None and text[pair.open.pos:pair.close.pos + 1] == quoted


def test_a_doubled_opening_mark_opens_a_nested_quotation() -> None:
    text = 'Ingrao. "" Barbarous Strangers": Hessian State during the Revolution." Review'
    problems = scan_quotes(text).problems
    assert [(p.kind, p.mark.pos) for p in problems] == [("nested", 9)]
    outer = problems[0].outer
    assert outer is not None and text[outer.close.pos - 11:outer.close.pos + 1] == 'Revolution."'


@pytest.mark.parametrize(("text", "expected"), [
    # after sentence punctuation a mark closes: two quotations missing their openers
    ('It was undecided." Then it was delayed."', [("unopened", 17), ("unopened", 39)]),
    # an inch mark is not the closing mark of a turned one
    ('The word (x)" is 5\' 11" tall.', [("unopened", 12)]),
    # a capitalised word after a spaced mark starts a new quotation
    ('He said "the world "And more.', [("unclosed", 8), ("unclosed", 19)]),
    # nothing to pair with: the mark stays a closing mark never opened
    ("Mitton. (2014)' Einstein's steady-state theory.", [("unopened", 14)]),
])
def test_marks_that_are_not_turned(text: str, expected: list[tuple[str, int]]) -> None:
    assert kinds(text) == expected


# -- linear pairing (issue 12) -----------------------------------------------------
def _reference_pair(marks: list[QuoteMark], data: QuoteData) -> tuple[list, list, list]:
    """The pairing rule read literally: each closing mark scans the stack from the top."""
    pairs, problems, nested = [], [], []
    stack: list[tuple[QuoteMark, QuoteMark | None]] = []  # (opening mark, same-mark outer)
    for mark in marks:
        k = -1
        if mark.role != "open":
            for j in range(len(stack) - 1, -1, -1):
                opener = stack[j][0]
                if mark.char in data.closers.get(opener.char, ()):
                    k = j
                    break
                if mark.weak and not opener.weak:
                    break
        if k >= 0:
            problems += [("unclosed", o.pos) for o, _ in stack[k + 1:] if not o.weak]
            opener, outer = stack[k]
            del stack[k:]
            pairs.append((opener.pos, mark.pos))
            if outer is not None:
                nested.append((outer.pos, opener.pos, mark.pos))
            continue
        if mark.role == "close":
            if not mark.weak:
                problems.append(("unopened", mark.pos))
            continue
        outer = None
        if not mark.weak and mark.char not in "「『":
            outer = next((o for o, _ in reversed(stack) if o.char == mark.char and not o.weak),
                         None)
        stack.append((mark, outer))
    problems += [("unclosed", o.pos) for o, _ in stack if not o.weak]
    return pairs, problems, nested


def test_pairing_finds_what_a_scan_of_the_stack_finds() -> None:
    """The indexed stack of ``_pair`` pairs exactly as the rule read literally."""
    data = quote_data()
    chars = sorted(set(data.closers) | {c for cs in data.closers.values() for c in cs})
    rng = random.Random(12)
    for _ in range(3000):
        marks = [QuoteMark(pos, rng.choice(chars), rng.choice(("open", "close", "either")),
                           rng.random() < 0.3) for pos in range(rng.randint(0, 40))]
        got = _pair(marks, data)
        pairs = [(p.open.pos, p.close.pos) for p in got.pairs]
        problems = [(p.kind, p.mark.pos) for p in got.problems]
        nested = [(o.nested_in.mark.pos, p.open.pos, p.close.pos) for o, p in got.nested
                  if o.nested_in is not None]
        assert (pairs, problems, nested) == _reference_pair(marks, data), marks


def test_mark_pattern_matches_as_its_plain_form() -> None:
    """The mark pattern starts with a class (fast to search) and finds what the plain one finds."""
    plain = re.compile("'{2,}|’{2,}|‘{2,}|[" + "".join(sorted(QUOTE_CHARS)) + "]")
    rng = random.Random(9)
    alphabet = [*QUOTE_CHARS, "a", " ", "''", "’’’", "‘‘"]
    for _ in range(50000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in _MARK_RE.finditer(text)] == \
            [m.span() for m in plain.finditer(text)], text


def _reference_snippet(text: str, start: int, end: int, limit: int = 60) -> str:
    piece = " ".join(text[start:end].replace("\ufffc", "…").split())
    if len(piece) > limit:
        half = limit // 2 - 1
        piece = piece[:half].rstrip() + "…" + piece[-half:].lstrip()
    return piece


def test_snippets_of_long_quotations_read_only_their_ends() -> None:
    rng = random.Random(7)
    pieces = ["a", "bc", " ", "  ", "\n", "\t", "\ufffc", "\u00a0", "x" * 30, " " * 300]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 120)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        limit = rng.choice((10, 40, 60, 80))
        assert _snippet(text, start, end, limit) == _reference_snippet(text, start, end, limit)


def test_mismatched_marks_are_merged_as_a_scan_of_the_marks_would() -> None:
    rng = random.Random(3)
    data = quote_data()
    for _ in range(3000):
        marks = [QuoteMark(2 * k + 1, rng.choice("\"'«»“”„"), "either", rng.random() < 0.3)
                 for k in range(rng.randint(0, 30))]
        # each mark between a letter or a space: some can open, some can only close
        text = "".join(rng.choice("a ") + m.char for m in marks) + rng.choice("a ")
        chosen = sorted(rng.sample(marks, min(len(marks), rng.randint(0, 8))),
                        key=lambda m: m.pos)
        problems = [QuoteProblem(rng.choice(("unclosed", "unopened")), m) for m in chosen]
        expected, i = [], 0
        while i < len(problems):
            p, q = problems[i], problems[i + 1] if i + 1 < len(problems) else None
            if (q is not None and p.kind == "unclosed" and p.mark.char != q.mark.char
                    and (q.kind == "unopened" or q.kind == "unclosed"
                         and q.mark.char in data.opening_marks
                         and not _around(text, q.mark.pos).can_open)
                    and not any(p.mark.pos < m.pos < q.mark.pos and not m.weak
                                and m.char in (p.mark.char, q.mark.char) for m in marks)):
                expected.append(("mismatched", p.mark.pos))
                i += 2
                continue
            expected.append((p.kind, p.mark.pos))
            i += 1
        assert [(p.kind, p.mark.pos)
                for p in _merge_mismatched(problems, marks, text, data)] == expected


def test_straight_single_after_a_letter_never_reported_alone() -> None:
    marks = find_marks("the students' union and Chrétien' alone")
    assert all(m.weak for m in marks)


# -- properties ------------------------------------------------------------------
WORDS = ["the", "People's", "students'", "don't", "O'Brien", "Qur'an", "rock", "'n'", "roll",
         "'80s", "Jesus'", "5'", "11\"", "it's", "Hawai'i", "l'amour", "’tis", "didn’t"]
word_lists = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8)


PAIRS = [('"', '"'), ("“", "”"), ("„", "“"), ("«\u00a0", "\u00a0»")]


@dataclass(frozen=True)
class Quoted:
    text: str
    opener: int
    closer: int


@st.composite
def quoted_prose(draw: st.DrawFn) -> Quoted:
    before = " ".join(draw(word_lists))
    inside = " ".join(draw(st.lists(st.sampled_from(WORDS[:5] + ["word", "Words", "it"]),
                                    min_size=1, max_size=6)))
    # after the quotation, no inch mark: 11" would close a quotation left open
    after = " ".join(draw(st.lists(st.sampled_from([w for w in WORDS if '"' not in w]),
                                   min_size=1, max_size=8)))
    left, right = draw(st.sampled_from(PAIRS))
    head = f"{before} {left}"
    text = f"{head}{inside}{right} {after}."
    return Quoted(text, len(head) - len(left), len(head) + len(inside) + len(right) - 1)


@given(quoted_prose())
@settings(max_examples=200, deadline=None)
def test_balanced_quotation_in_apostrophe_heavy_prose(q: Quoted) -> None:
    assert scan_quotes(q.text).problems == []


@given(quoted_prose())
@settings(max_examples=200, deadline=None)
def test_dropping_the_closing_mark_leaves_one_unclosed_opener(q: Quoted) -> None:
    text = q.text[:q.closer] + q.text[q.closer + 1:]
    assert [(p.kind, p.mark.pos) for p in scan_quotes(text).problems] == [("unclosed", q.opener)]


@given(quoted_prose())
@settings(max_examples=200, deadline=None)
def test_moving_the_space_after_the_opening_mark_gives_one_misplaced_mark(q: Quoted) -> None:
    head, rest = q.text[:q.opener], q.text[q.opener + 1:]
    assume(q.text[q.opener] == '"' and head[-2].isalpha())
    text = head[:-1] + '" ' + rest  # word "inside" → word" inside"
    problems = scan_quotes(text).problems
    assert [(p.kind, p.mark.pos) for p in problems] == [("misplaced", q.opener - 1)]


RUN_PIECES = st.sampled_from(["''", "'''", "'''''", "''''", "a", "b c", " ", "'", "[[x|y]]",
                              "[[x|y'']]", "{{t}}", "<ref>r''</ref>", "d'e"])


def visible_styles(text: str) -> list[tuple[str, bool, bool]]:
    """Every visible character of a one-paragraph page with its bold/italic state,
    from the parser's tree (apostrophe toggles are not characters)."""
    doc = wikilint.parse(text)
    out: list[tuple[str, bool, bool]] = []
    for node in doc.walk():
        if type(node) is Text:
            bold = node.ancestor(Bold) is not None
            italic = node.ancestor(Italic) is not None
            out.extend((c, bold, italic) for c in str(node) if not c.isspace())
    return out


@given(st.lists(RUN_PIECES, min_size=1, max_size=10).map("".join))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_unclosed_formatting_fixes_keep_the_rendering_and_converge(line: str) -> None:
    text = line + "\n"
    rule = UnclosedFormatting(UnclosedFormatting.Options(report_whole_units=True))
    findings = lint_source(SourceFile(text, "x.wiki"), [rule]).findings
    fixed, _ = apply_fixes(text, findings)  # one pass, as `wikilint --fix` applies them
    assert visible_styles(fixed) == visible_styles(text)
    again = lint_source(SourceFile(fixed, "x.wiki"), [rule]).findings
    assert not [f for f in again if f.fix and f.fix.safe], (text, fixed, again)


PLAIN_WORDS = st.lists(st.sampled_from(["the", "Max", "FM", "radio", "of", "1945", "(and", "it)"]),
                       min_size=1, max_size=4).map(" ".join)


@given(PLAIN_WORDS, PLAIN_WORDS, PLAIN_WORDS, st.sampled_from(["''", "'''"]),
       st.sampled_from(["", ".", ", and more", " (see below)"]))
@settings(max_examples=150, deadline=None)
def test_a_run_closed_on_the_next_line_is_one_finding_fixed_by_joining(
        before: str, inside: str, rest: str, mark: str, after: str) -> None:
    text = f"{before} {mark}{inside}\n{rest}{mark}{after}\n"
    findings = lint_source(SourceFile(text, "x.wiki"), [UnclosedFormatting()]).findings
    assert len(findings) == 1, [f.message for f in findings]
    (found,) = findings
    assert "closed only on the next line" in found.message
    assert (found.line, found.end_line) == (1, 2)
    assert found.fix is not None and not found.fix.safe
    (edit,) = found.fix.edits
    joined = text[:edit.start] + edit.replacement + text[edit.end:]
    assert joined == f"{before} {mark}{inside} {rest}{mark}{after}\n"
    assert lint_source(SourceFile(joined, "x.wiki"), [UnclosedFormatting()]).findings == []


# -- the seed -------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "dialect", "where"), [
    ("000_708e36cc2bd48137.txt", "rendered", (24, 40)),
    ("000_708e36cc2bd48137.wiki", "wikitext", None),
])
def test_seed_gives_only_the_nested_quotation(name: str, dialect: str,
                                              where: tuple[int, int] | None) -> None:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"{name} not present")
    text = path.read_text(encoding="utf-8")
    findings = lint_source(SourceFile(text, name), [UnbalancedQuotes()], dialect).findings
    assert len(findings) == 1, [f.message for f in findings]
    found = findings[0]
    assert "'Can Destroy'" in found.message and "nested" in found.message
    assert text[found.start:found.end] == "'"
    assert text[found.start:].startswith("'Can Destroy'")
    if where is not None:
        assert (found.line, found.column) == where


# -- planted defects on the corpus ----------------------------------------------------
FAMILIES = {'"': "straight double", "'": "straight single", "“": "curly double",
            "‘": "curly single", "„": "low double", "«": "guillemets", "»": "guillemets"}
PER_FAMILY = 60
SEED = 301


@dataclass(frozen=True)
class Planted:
    path: Path
    family: str
    opener: int      # source offset of the opening mark
    closer: int      # source offset of the closing mark, deleted
    section: tuple[int, int]


def mark_span(prose: Prose, pos: int) -> tuple[int, int]:
    return prose.span(pos, pos + 1)


def real_quotations(articles: Path) -> list[Planted]:
    """Quotations of units that WL301 finds balanced, whose marks are plain
    characters of the source (not entities or templates)."""
    found = []
    for path in sorted(articles.glob("*.wiki")):
        text = path.read_text(encoding="utf-8")
        doc = wikilint.parse(text)
        for unit in iter_units(doc):
            if unit.blank:
                continue
            scanned, where = unit_text(unit)
            scan = scan_quotes(scanned, None, skipper(unit, scanned, where))
            if scan.problems:
                continue
            for pair in scan.pairs:
                family = FAMILIES.get(pair.open.char)
                if family is None or pair.open.weak or pair.close.weak:
                    continue
                o, c = (mark_span(unit.prose, m.pos if where is None else where[m.pos])
                        for m in (pair.open, pair.close))
                plain = c[1] - c[0] == 1 and text[c[0]] == pair.close.char
                if not plain or text[o[0]] != pair.open.char:
                    continue
                sec = unit.node.section
                span = (sec.start, sec.end) if sec is not None else (0, len(text))
                found.append(Planted(path, family, o[0], c[0], span))
    return found


def sample(planted: list[Planted]) -> list[Planted]:
    rng = random.Random(SEED)
    by_family: dict[str, list[Planted]] = {}
    for p in planted:
        by_family.setdefault(p.family, []).append(p)
    chosen = []
    for family in sorted(by_family):
        group = by_family[family]
        chosen.extend(rng.sample(group, min(PER_FAMILY, len(group))))
    return chosen


def caught(p: Planted, text: str) -> bool:
    """Lint the section with the closing mark deleted; a finding on the opener's line?"""
    start, end = p.section
    damaged = text[start:p.closer] + text[p.closer + 1:end]
    line = damaged.count("\n", 0, p.opener - start) + 1
    findings = lint_source(SourceFile(damaged, "planted.wiki"), [UnbalancedQuotes()]).findings
    return any(f.line == line for f in findings)


def test_planted_missing_closing_marks_are_found(articles_dir: Path) -> None:
    planted = sample(real_quotations(articles_dir))
    assert len(planted) >= 150, "too few real quotations to measure recall"
    texts: dict[Path, str] = {}
    missed: dict[str, list[str]] = {}
    total: dict[str, int] = {}
    for p in planted:
        text = texts.setdefault(p.path, p.path.read_text(encoding="utf-8"))
        total[p.family] = total.get(p.family, 0) + 1
        if not caught(p, text):
            where = text.count("\n", 0, p.opener) + 1
            missed.setdefault(p.family, []).append(f"{p.path.name}:{where}")
    n_missed = sum(len(v) for v in missed.values())
    recall = 1 - n_missed / len(planted)
    report = {f: f"{total[f] - len(missed.get(f, []))}/{total[f]}" for f in sorted(total)}
    assert recall >= 0.95, f"recall {recall:.3f} {report}; missed {missed}"
    for family, count in total.items():
        if count >= 20:
            assert 1 - len(missed.get(family, [])) / count >= 0.9, (family, report, missed)
