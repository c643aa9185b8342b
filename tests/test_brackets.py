"""unbalanced-brackets (WL302) and unclosed-markup (WL101): the bracket matcher, severities,
and planted defects in real articles.

Planted defects: a real closing bracket or closer is deleted from a corpus article
(deterministic sampling) and the rule must report the construct left open, at the
right line (WL302) or at its exact opening offset (WL101).  The corpus tests skip
when ``../shared/corpus`` is absent.
"""

from __future__ import annotations

import functools
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from wikilint.analysis import brackets, prose
from wikilint.analysis.brackets import bracket_units, unpaired_in_page
from wikilint.analysis.prose import Prose
from wikilint.lint.pipeline import lint_document, lint_source
from wikilint.lint.rule import Context, Finding, Rule, Severity
from wikilint.rules.unbalanced_brackets import UnbalancedBrackets, find_unpaired
from wikilint.rules.unclosed_markup import UnclosedMarkup
from wikilint.syntax.nodes import (
    Argument,
    Comment,
    Document,
    ListItem,
    Node,
    Paragraph,
    TableCell,
    Tag,
    Template,
    Wikilink,
)
from wikilint.syntax.parser import parse
from wikilint.syntax.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent


def lint(text: str, rule: Rule, dialect: str = "wikitext") -> list[Finding]:
    result = lint_source(SourceFile(text, "<test>"), [rule], dialect)
    assert not result.errors, result.errors
    return result.findings


# ------------------------------------------------------------ the matcher
@pytest.mark.parametrize(("text", "want"), [
    ("(a (b) c", [("unclosed", 0)]),            # the outer one is left open
    ("word) b (c)", [("stray", 4)]),
    ("a) b (c)", []),                            # a list label
    ("(a]", [("mismatched", 0)]),
    ("x )1992) y", [("reversed", 2)]),
    ("([M(H2O)6)]+)", [("stray", 9)]),          # one extra ')', not three problems
    ("1) a, 2) b", []),
    ("(1) a, 2) b", []),
    ("[0, 1) and (0, 1]", []),
    ("smile :) and frown :-(", []),
    ('"a (b" c', []),                            # inside a quotation
    ("the ( key", []),                           # a mention of the character
    (") continues", [("stray", 0)]),             # a text-initial closer is no mention
    ("{{ and }} markup", []),
])
def test_find_unpaired(text: str, want: list[tuple[str, int]]) -> None:
    assert [(u.kind, u.index) for u in find_unpaired(text)] == want


def test_virtual_brackets_pair_but_are_never_reported() -> None:
    assert find_unpaired("(a \ufffc", {3: ")"}) == []
    assert find_unpaired("a \ufffc", {2: "("}) == []


def test_units_without_a_bracket_in_their_source_never_build_their_prose() -> None:
    """A cell with no bracket, entity or template cannot hold an unpaired bracket."""
    doc = parse("{|\n| plain cell || a (b) cell || x &#40;y\n|}\nSome (text\n")
    built: list[str] = []

    def prose_of(node: Node) -> Prose:
        built.append(str(node).strip(" |\n"))
        return prose.prose_of(node)

    units = [u for node in doc.walk() for u in bracket_units(node, prose_of, doc.text)]
    assert [u.blank for u in units] == [True, False, False, False]
    found = [(str(unit.node).strip(" |\n"), u.kind)
             for unit, u in unpaired_in_page(units, doc.text)]
    assert found == [("x &#40;y", "unclosed"), ("Some (text", "unclosed")]
    assert built == ["a (b) cell", "x &#40;y", "Some (text"]


# The patterns of brackets.py start with a character class (fast to search); these are
# the plain forms they must match exactly as.
_PLAIN_PATTERNS = {
    "_EMOTICON_RE": r"(?:^|(?<=\s))[:;=][-'^o]?[()\[\]](?=[\s.,;:!?]|$)",
    "_REVERSED_RE": r"(?<![^\s'\"(])\][^\s\[\]()]{1,40}\[(?![^\s'\",.;:)])",
    "_MARKUP_RE": r"\{\||\|\}|([\[\]{}])\1+",
}


@pytest.mark.parametrize("name", sorted(_PLAIN_PATTERNS))
def test_fast_patterns_match_as_their_plain_forms(name: str) -> None:
    plain, fast = re.compile(_PLAIN_PATTERNS[name]), getattr(brackets, name)
    rng = random.Random(name)
    alphabet = list("()[]{}|:;=-'^o .,!?\"a\n") + ["\u00a0", ":)", "{{", "]]", "{|", "|}"]
    for _ in range(30000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert [m.span() for m in fast.finditer(text)] == \
            [m.span() for m in plain.finditer(text)], text


def test_many_brackets_stay_fast() -> None:
    text = "(" * 5000 + "x" + ")" * 4990 + " (a) b (c" * 60
    start = time.perf_counter()
    found = find_unpaired(text)
    assert time.perf_counter() - start < 2.0
    assert len(found) == 70


def test_seed_gives_exactly_one_bracket_finding() -> None:
    for name, dialect, line, column in (("000_708e36cc2bd48137.txt", "rendered", 7, 23),
                                        ("000_708e36cc2bd48137.wiki", "wikitext", 1, 29)):
        path = ROOT / "seeds" / name
        if not path.exists():
            continue
        findings = lint(path.read_text(encoding="utf-8"), UnbalancedBrackets(), dialect)
        assert [(f.line, f.column) for f in findings] == [(line, column)], name
        assert "'(translation: People's Mujahedin of Iran (PMOI)" in findings[0].message
        assert not lint(path.read_text(encoding="utf-8"), UnclosedMarkup(), dialect)


@pytest.mark.parametrize(("text", "severity"), [
    ("A {{cite web|title=T\n", Severity.ERROR),
    ("A <!-- hidden\n", Severity.ERROR),
    ("{|\n| a\n", Severity.ERROR),
    ("A.<ref>Smith\n", Severity.ERROR),
    ("A [[link\n", Severity.WARNING),
    ("A }} b\n", Severity.WARNING),
    ("A.</ref> b\n", Severity.WARNING),
    ("A <small>b\n", Severity.WARNING),
])
def test_unclosed_markup_severity(text: str, severity: Severity) -> None:
    findings = lint(text, UnclosedMarkup())
    assert [f.severity for f in findings] == [severity]


def test_configured_severity_is_not_raised() -> None:
    result = lint_source(SourceFile("A [[link\nB {{x\n", "<t>"), [UnclosedMarkup()],
                         "wikitext", {"unclosed-markup": Severity.INFO})
    assert [f.severity for f in result.findings] == [Severity.INFO, Severity.INFO]


# ------------------------------------------------------ planted defects
def corpus_articles(articles_dir: Path, max_bytes: int) -> list[Path]:
    return [p for p in sorted(articles_dir.glob("*.wiki")) if p.stat().st_size <= max_bytes]


@dataclass(frozen=True)
class Planted:
    article: str
    deleted: int              # source offset of the deleted ')'
    openers: frozenset[int]   # offsets (after the deletions) of its '(' and the enclosing ones


_UNIT_TYPES = (Paragraph, ListItem, TableCell)


def _units(doc: Document) -> Iterator[Node]:
    for node in doc.walk():
        if isinstance(node, _UNIT_TYPES) or (type(node) is Tag and node.name == "ref"
                                             and node.contents):
            if isinstance(node, (Paragraph, ListItem)) and node.ancestor(TableCell) is not None:
                continue
            yield node


def _closed_parentheses(doc: Document, ctx: Context, unit: Node) -> list[tuple[int, list[int]]]:
    """Source offsets of ')' that close a '(' in the unit's prose, with their openers'
    (the pair's own and the enclosing ones) source offsets."""
    prose = ctx.prose(unit)
    text = doc.text
    stack: list[int] = []
    out: list[tuple[int, list[int]]] = []
    for i, c in enumerate(prose.text):
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            openers = [prose.to_source(j) for j in stack]
            stack.pop()
            at = prose.to_source(i)
            if text[at] == ")" and all(text[o] == "(" for o in openers):
                out.append((at, openers))
    return out


def plant_parentheses(path: Path, rng: random.Random,
                      per_article: int) -> tuple[str, list[Planted]]:
    text = path.read_text(encoding="utf-8")
    doc = parse(text)
    ctx = Context(doc, str(path))
    before = {f.start for f in lint_document(doc, [UnbalancedBrackets()]).findings}
    candidates = []
    for unit in _units(doc):
        if any(unit.start <= s < unit.end for s in before):
            continue  # already reported: not a clean sample
        pairs = _closed_parentheses(doc, ctx, unit)
        if pairs:
            candidates.append((unit, rng.choice(pairs)))
    chosen = sorted(rng.sample(candidates, min(per_article, len(candidates))),
                    key=lambda c: c[1][0])
    deleted = [at for _, (at, _) in chosen]

    def moved(offset: int) -> int:
        return offset - sum(1 for d in deleted if d < offset)

    planted = [Planted(path.name, at, frozenset(moved(o) for o in openers))
               for _, (at, openers) in chosen]
    mutated = text
    for at in reversed(deleted):
        mutated = mutated[:at] + mutated[at + 1:]
    return mutated, planted


def test_planted_unclosed_parentheses_are_found(articles_dir: Path) -> None:
    rng = random.Random(302)
    total = found = 0
    missed: list[str] = []
    for path in corpus_articles(articles_dir, 80_000):
        mutated, planted = plant_parentheses(path, rng, per_article=3)
        if not planted:
            continue
        unclosed = {f.start for f in lint(mutated, UnbalancedBrackets())
                    if "never closed" in f.message}
        for p in planted:
            total += 1
            if unclosed & p.openers:
                found += 1
            else:
                first = min(p.openers)
                missed.append(f"{p.article} @{p.deleted}: {mutated[first:first + 120]!r}")
    assert total >= 200, f"only {total} planted defects"
    recall = found / total
    assert recall >= 0.95, f"recall {recall:.3f} ({found}/{total}); missed:\n" + "\n".join(missed)


def _closer_candidates(doc: Document) -> Iterator[tuple[str, int, int, int]]:
    """(kind, closer start, closer end, where the finding must start) for real constructs."""
    text = doc.text
    for node in doc.walk():
        t = type(node)
        if t is Template and text.endswith("}}", 0, node.end) and \
                node.ancestor(Template) is None and node.ancestor(Argument) is None \
                and node.ancestor(Wikilink) is None:
            yield "}}", node.end - 2, node.end, node.start
        elif t is Wikilink and text.endswith("]]", 0, node.end) and \
                node.ancestor(Wikilink) is None and node.ancestor(Template) is None:
            yield "]]", node.end - 2, node.end, node.start
        elif isinstance(node, Tag) and node.name == "ref" and node.contents and node.closed:
            yield "</ref>", node.close_start, node.end, node.start
        elif isinstance(node, Comment) and node.closed:
            yield "-->", node.end - 3, node.end, node.start


CLOSERS = ("}}", "]]", "</ref>", "-->")


@functools.lru_cache(maxsize=1)
def closer_samples(articles_dir: Path) -> dict[str, list[tuple[Path, int, int, int]]]:
    """Per closer kind, up to 30 real constructs (one per article) to break."""
    rng = random.Random(101)
    candidates: dict[str, list[tuple[Path, int, int, int]]] = {c: [] for c in CLOSERS}
    for path in corpus_articles(articles_dir, 60_000):
        doc = parse(path.read_text(encoding="utf-8"))
        found: dict[str, list[tuple[Path, int, int, int]]] = {c: [] for c in CLOSERS}
        for kind, a, b, where in _closer_candidates(doc):
            found[kind].append((path, a, b, where))
        for kind, mine in found.items():
            if mine:
                candidates[kind].append(rng.choice(mine))
    return {kind: rng.sample(c, min(30, len(c))) for kind, c in candidates.items()}


@pytest.mark.parametrize("closer", CLOSERS)
def test_planted_missing_closers_are_found(articles_dir: Path, closer: str) -> None:
    sample = closer_samples(articles_dir)[closer]
    assert len(sample) >= 20, f"only {len(sample)} articles with a {closer!r}"
    missed = []
    for path, a, b, where in sample:
        text = path.read_text(encoding="utf-8")
        before = {(f.start, f.message) for f in lint(text, UnclosedMarkup())}
        mutated = text[:a] + text[b:]
        findings = [f for f in lint(mutated, UnclosedMarkup())
                    if (f.start, f.message) not in before]
        if not any(f.start == where for f in findings):
            missed.append(f"{path.name} @{where}: {text[where:where + 80]!r} -> "
                          f"{[(f.line, f.column, f.message[:60]) for f in findings]}")
    recall = 1 - len(missed) / len(sample)
    assert recall >= 0.95, f"{closer!r}: recall {recall:.3f}; missed:\n" + "\n".join(missed)
