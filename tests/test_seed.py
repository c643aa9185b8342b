"""The seed page, finding by finding.

``seeds/000_708e36cc2bd48137.txt`` is a rendered Powerbase page (2010) with five
editorial defects; ``seeds/000_708e36cc2bd48137.wiki`` is the same page as its
editors would have written it in wikitext, with the same defects.  Both must
give exactly these five findings from the five editorial rules, at exact
positions, and nothing from those rules on the page's apostrophes or on its
dated references.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from wikilint.lint.pipeline import lint_source
from wikilint.lint.rule import Finding
from wikilint.rules.registry import default_rules
from wikilint.syntax.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_TXT = SEEDS / "000_708e36cc2bd48137.txt"
SEED_WIKI = SEEDS / "000_708e36cc2bd48137.wiki"

FIVE_RULES = ("WL201", "WL202", "WL301", "WL302", "WL401")


@dataclass(frozen=True)
class Expected:
    """One finding we expect: where it starts, the line it ends on, what it quotes."""

    code: str
    line: int
    column: int
    end_line: int
    fragments: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.code} at {self.line}:{self.column}"


# Rendered page: line 7 is the lead, 14 the heading "Support from Progressives",
# 16 "Even though the MEK has", 18 "Related Links", 21-25 the numbered references.
EXPECTED_TXT = (
    Expected("WL302", 7, 23, 7, ("(", "translation")),
    Expected("WL202", 14, 1, 16, ("Support from Progressives", "the MEK has")),
    Expected("WL201", 18, 1, 18, ("Related Links",)),
    Expected("WL401", 21, 6, 21, ("Mujahedin-e Khalq Organization",)),
    Expected("WL301", 24, 40, 24, ("Can Destroy",)),
)

# Wikitext: line 1 is the lead with all <ref>s but one, 8 the heading, 10 the cut-off
# sentence, 12 "== Related Links ==", 14-15 "== References ==" and <references />.
EXPECTED_WIKI = (
    Expected("WL302", 1, 29, 1, ("(", "translation")),
    Expected("WL401", 1, 193, 1, ("Mujahedin-e Khalq Organization",)),
    Expected("WL301", 1, 647, 1, ("Can Destroy",)),
    Expected("WL202", 8, 1, 10, ("Support from Progressives", "the MEK has")),
    Expected("WL201", 12, 1, 12, ("Related Links",)),
)

CASES = [
    pytest.param(SEED_TXT, "rendered", EXPECTED_TXT, id="txt"),
    pytest.param(SEED_WIKI, "wikitext", EXPECTED_WIKI, id="wiki"),
]


@functools.cache
def lint_seed(path: Path, dialect: str) -> tuple[Finding, ...]:
    text = path.read_text(encoding="utf-8")
    result = lint_source(SourceFile(text, str(path)), default_rules(), dialect)
    assert not result.errors, f"rules raised on {path.name}: {result.errors}"
    return tuple(result.findings)


def five_rule_findings(path: Path, dialect: str) -> list[Finding]:
    return [f for f in lint_seed(path, dialect) if f.code in FIVE_RULES]


def show(findings: list[Finding]) -> str:
    return "\n".join(f"  {f.code} {f.line}:{f.column}-{f.end_line}:{f.end_column} {f.message}"
                     for f in findings) or "  (none)"


def find(findings: list[Finding], want: Expected) -> Finding:
    same_code = [f for f in findings if f.code == want.code]
    assert same_code, f"no {want.code} finding; got:\n{show(findings)}"
    at = [f for f in same_code if (f.line, f.column) == (want.line, want.column)]
    assert at, f"no {want.describe()}; {want.code} findings:\n{show(same_code)}"
    return at[0]


FINDINGS = [
    pytest.param(path, dialect, want, id=f"{path.suffix[1:]}-{want.code}-line{want.line}")
    for path, dialect, expected in ((SEED_TXT, "rendered", EXPECTED_TXT),
                                    (SEED_WIKI, "wikitext", EXPECTED_WIKI))
    for want in expected
]


@pytest.mark.parametrize(("path", "dialect", "want"), FINDINGS)
def test_each_expected_finding(path: Path, dialect: str, want: Expected) -> None:
    got = find(five_rule_findings(path, dialect), want)
    assert got.end_line == want.end_line, f"{want.describe()} ends on line {got.end_line}"
    for fragment in want.fragments:
        assert fragment in got.message, f"{want.describe()}: {got.message!r} lacks {fragment!r}"


@pytest.mark.parametrize(("path", "dialect", "expected"), CASES)
def test_exactly_the_five_findings(path: Path, dialect: str,
                                   expected: tuple[Expected, ...]) -> None:
    findings = five_rule_findings(path, dialect)
    got = [(f.code, f.line, f.column, f.end_line) for f in findings]
    want = [(e.code, e.line, e.column, e.end_line) for e in expected]
    assert got == want, f"findings of the five rules:\n{show(findings)}"


@pytest.mark.parametrize(("path", "dialect", "lines", "expected"), [
    pytest.param(SEED_TXT, "rendered", (7, 9, 12), EXPECTED_TXT, id="txt"),
    pytest.param(SEED_WIKI, "wikitext", (1, 3, 6), EXPECTED_WIKI, id="wiki"),
])
def test_apostrophes_are_not_quotes(path: Path, dialect: str, lines: tuple[int, ...],
                                    expected: tuple[Expected, ...]) -> None:
    """People's, Iran's, Student's, Shah's, Hussein's; the balanced 'terrorist' isn't one either."""
    text = path.read_text(encoding="utf-8").split("\n")
    apostrophes = {(n, m.start() + 1) for n in lines
                   for m in re.finditer(r"(?<=\w)'(?=\w)", text[n - 1])}
    assert len(apostrophes) == 5  # the lines really hold the five apostrophes
    findings = five_rule_findings(path, dialect)
    on_apostrophe = [f for f in findings if (f.line, f.column) in apostrophes]
    assert not on_apostrophe, f"findings on apostrophes:\n{show(on_apostrophe)}"
    wanted = {(e.code, e.line, e.column) for e in expected}
    extra = [f for f in findings if f.line in lines and (f.code, f.line, f.column) not in wanted]
    assert not extra, f"unexpected findings on the prose lines:\n{show(extra)}"


def test_dated_references_are_not_undated() -> None:
    """References 2-5 carry a date (4's is '11 January, 2006'); only 1 has none."""
    findings = five_rule_findings(SEED_TXT, "rendered")
    undated = [f for f in findings if f.code == "WL401"]
    assert [f.line for f in undated] == [21], show(undated)
    wiki = [f for f in five_rule_findings(SEED_WIKI, "wikitext") if f.code == "WL401"]
    assert len(wiki) == 1 and "Mujahedin-e Khalq Organization" in wiki[0].message, show(wiki)
    assert not any(name in wiki[0].message for name in ("Pourzal", "Salhani", "MIPT"))


def words(text: str) -> str:
    """Text without citation markers, whitespace collapsed."""
    return " ".join(re.sub(r"\[[0-9]+\]", " ", text).split())


def test_reconstruction_keeps_the_text() -> None:
    """The .wiki says what the .txt says: same paragraphs, same heading, same references."""
    from wikilint import parse
    from wikilint.analysis.prose import prose_of
    from wikilint.syntax.nodes import Paragraph, Section, Tag

    wiki = parse(SEED_WIKI.read_text(encoding="utf-8"))
    rendered = words(SEED_TXT.read_text(encoding="utf-8"))
    paragraphs = [words(prose_of(p).text) for p in wiki.filter(Paragraph)]
    assert len(paragraphs) == 4
    for paragraph in paragraphs:
        assert paragraph in rendered, paragraph
    refs = [words("".join(str(c) for c in t.children)) for t in wiki.filter(Tag)
            if t.name == "ref"]
    assert len(refs) == 5
    for number, ref in enumerate(refs, 1):
        assert f"{number}. {ref}" in rendered, ref
    titles = [s.title for s in wiki.filter(Section) if s.heading is not None]
    assert titles == ["Support from Progressives", "Related Links", "References"]


def test_cli_reports_the_seeds() -> None:
    proc = subprocess.run([sys.executable, "-m", "wikilint", "seeds/"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    for path, expected in ((SEED_TXT, EXPECTED_TXT), (SEED_WIKI, EXPECTED_WIKI)):
        rel = path.relative_to(ROOT).as_posix()
        for e in expected:
            prefix = f"{rel}:{e.line}:{e.column}: {e.code} "
            assert prefix in proc.stdout, f"{prefix!r} missing from:\n{proc.stdout}"
