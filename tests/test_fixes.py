"""wikilint.fixes: edits applied exactly, never outside their spans, and converging."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikilint.io.files import read_wiki_file, write_wiki_file
from wikilint.lint.fixes import apply_fixes, fix_text, is_applicable, unified_diff
from wikilint.lint.rule import Edit, Finding, Fix, Severity
from wikilint.syntax.source import SourceFile


def finding(start: int, end: int, *edits: Edit, safe: bool = True, code: str = "WL999",
            text: str = "") -> Finding:
    src = SourceFile(text or " " * max(end, 1))
    fix = Fix(tuple(edits), safe, "test fix") if edits else None
    return Finding("a.wiki", code, "test-rule", Severity.WARNING, "message", start, end,
                   *src.line_col(start), *src.line_col(end), fix)


def replace(start: int, end: int, new: str, **kw: object) -> Finding:
    return finding(start, end, Edit(start, end, new), **kw)  # type: ignore[arg-type]


# -- apply_fixes --------------------------------------------------------------
def test_single_edit() -> None:
    new, applied = apply_fixes("a  b", [replace(1, 3, " ")])
    assert new == "a b" and len(applied) == 1


def test_unsafe_fixes_need_unsafe() -> None:
    f = replace(0, 1, "X", safe=False)
    assert apply_fixes("abc", [f]) == ("abc", [])
    assert apply_fixes("abc", [f], unsafe=True)[0] == "Xbc"
    assert not is_applicable(f) and is_applicable(f, unsafe=True)


def test_findings_without_fix_are_ignored() -> None:
    assert apply_fixes("abc", [finding(0, 1)]) == ("abc", [])


def test_overlapping_later_fix_is_skipped() -> None:
    first, second = replace(0, 3, "X"), replace(2, 4, "Y")
    new, applied = apply_fixes("abcdef", [second, first])  # order of the list does not matter
    assert new == "Xdef" and applied == [first]


def test_adjacent_edits_both_apply() -> None:
    new, applied = apply_fixes("abcd", [replace(0, 2, "X"), replace(2, 4, "Y")])
    assert new == "XY" and len(applied) == 2


def test_two_insertions_at_one_point_conflict() -> None:
    new, applied = apply_fixes("ab", [replace(1, 1, "X"), replace(1, 1, "Y")])
    assert new == "aXb" and len(applied) == 1


def test_insertion_inside_a_replaced_span_conflicts() -> None:
    new, applied = apply_fixes("abcd", [replace(0, 4, "Z"), replace(2, 2, "X")])
    assert new == "Z" and len(applied) == 1


def test_insertion_at_the_edge_of_a_replacement_applies() -> None:
    new, applied = apply_fixes("abcd", [replace(1, 3, "Z"), replace(1, 1, "<"),
                                        replace(3, 3, ">")])
    assert new == "a<Z>d" and len(applied) == 3


def test_multi_edit_fix_is_all_or_nothing() -> None:
    pair = finding(0, 5, Edit(0, 1, "“"), Edit(4, 5, "”"))
    blocker = replace(4, 6, "!!")  # overlaps the pair's second edit; the pair starts first
    new, applied = apply_fixes('"abc"d', [pair, blocker])
    assert new == "“abc”d" and applied == [pair]
    late_pair = finding(2, 8, Edit(2, 3, "["), Edit(7, 8, "]"))
    new, applied = apply_fixes("ab(cdef)", [replace(0, 3, "X"), late_pair])
    assert new == "Xcdef)" and len(applied) == 1  # neither half of the pair applied


def test_edits_outside_the_text_are_skipped() -> None:
    assert apply_fixes("abc", [replace(2, 9, "X")]) == ("abc", [])
    assert apply_fixes("abc", [finding(0, 1, Edit(-1, 0, "X"))]) == ("abc", [])


def test_noop_fix_is_not_counted() -> None:
    assert apply_fixes("abc", [replace(0, 1, "a")]) == ("abc", [])


_text = st.text(alphabet="ab \n\r\"'(){}[]é漢", max_size=40)


@st.composite
def text_and_fixes(draw: st.DrawFn) -> tuple[str, list[Finding]]:
    text = draw(_text)
    fixes = []
    for _ in range(draw(st.integers(0, 6))):
        edits = []
        for _ in range(draw(st.integers(1, 2))):
            a = draw(st.integers(0, len(text)))
            b = draw(st.integers(a, len(text)))
            edits.append(Edit(a, b, draw(st.text(alphabet="XYZ", max_size=3))))
        fixes.append(finding(edits[0].start, edits[0].end, *edits, text=text or " ",
                             safe=draw(st.booleans())))
    return text, fixes


@settings(max_examples=300, deadline=None)
@given(text_and_fixes(), st.booleans())
def test_only_accepted_spans_change(case: tuple[str, list[Finding]], unsafe: bool) -> None:
    text, fixes = case
    new, applied = apply_fixes(text, fixes, unsafe)
    edits = sorted((e for f in applied for e in f.fix.edits),  # type: ignore[union-attr]
                   key=lambda e: (e.start, e.end))
    for a, b in zip(edits, edits[1:], strict=False):
        assert a.end <= b.start and not (a.start == a.end == b.start == b.end)
    assert all(f.fix.safe or unsafe for f in applied)  # type: ignore[union-attr]
    # Rebuild independently, right to left: the text between edits must be untouched.
    expected = text
    for e in reversed(edits):
        expected = expected[:e.start] + e.replacement + expected[e.end:]
    assert new == expected
    # Every skipped applicable fix really conflicted with an accepted one (or was a no-op).
    for f in fixes:
        if f in applied or not is_applicable(f, unsafe):
            continue
        mine = f.fix.edits  # type: ignore[union-attr]
        noop = all(text[m.start:m.end] == m.replacement for m in mine)
        inner = len(mine) == 2 and _conflict(mine[0], mine[1])
        assert noop or inner or any(_conflict(m, e) for m in mine for e in edits)


def _conflict(a: Edit, b: Edit) -> bool:
    """The specification: spans sharing a character, two insertions at one point, or an
    insertion strictly inside a replaced span (the result's order would be undefined)."""
    shared = set(range(a.start, a.end)) & set(range(b.start, b.end))
    same_point = a.start == a.end == b.start == b.end
    inside = (a.start == a.end and b.start < a.start < b.end) or \
        (b.start == b.end and a.start < b.start < a.end)
    return bool(shared) or same_point or inside


# -- fix_text: lint, fix, repeat ----------------------------------------------
def double_spaces(text: str) -> list[Finding]:
    """A toy rule: each run of 2+ spaces loses ONE space per pass (needs several passes)."""
    return [replace(m.start(), m.start() + 2, " ", text=text)
            for m in re.finditer(r"  +", text)]


def test_converges_over_several_passes() -> None:
    outcome = fix_text("a     b  c", double_spaces)
    assert outcome.new_text == "a b c" and outcome.converged
    assert outcome.passes == 4 and len(outcome.applied) == 5 and outcome.remaining == []


def test_second_fix_changes_nothing() -> None:
    once = fix_text("x   y", double_spaces)
    twice = fix_text(once.new_text, double_spaces)
    assert twice.new_text == once.new_text and not twice.changed and twice.passes == 0


def test_oscillating_fixes_stop() -> None:
    def flip(text: str) -> list[Finding]:
        return [replace(0, 1, "b" if text[0] == "a" else "a", text=text)]

    outcome = fix_text("a", flip)
    assert not outcome.converged and outcome.passes == 2


def test_pass_limit() -> None:
    def grow(text: str) -> list[Finding]:
        return [replace(len(text), len(text), "x", text=text + " ")]

    outcome = fix_text("", grow, max_passes=3)
    assert outcome.new_text == "xxx" and outcome.passes == 3 and not outcome.converged


def test_remaining_are_the_findings_of_the_final_text() -> None:
    def mixed(text: str) -> list[Finding]:
        found = double_spaces(text)
        found += [finding(m.start(), m.end(), text=text) for m in re.finditer("TODO", text)]
        return found

    outcome = fix_text("TODO  x", mixed)
    assert outcome.new_text == "TODO x"
    assert [(f.start, f.fix) for f in outcome.remaining] == [(0, None)]


# -- fixing a file end to end: a real file on disk ---------------------------------
@pytest.mark.parametrize(("encoding", "bom", "newline"), [
    ("utf-8", False, "\n"), ("utf-8", True, "\r\n"), ("latin-1", False, "\r\n"),
])
def test_fix_file_round_trip(tmp_path: Path, encoding: str, bom: bool, newline: str) -> None:
    body = "== Café ==\nThe  café  opened in 1901.\n\nSecond  paragraph, untouched é.\n"
    body = body.replace("\n", newline)
    prefix = codecs.BOM_UTF8 if bom else b""
    path = tmp_path / "article.wiki"
    path.write_bytes(prefix + body.encode(encoding))
    if os.name == "posix":
        path.chmod(0o640)
    wf = read_wiki_file(path, encoding="latin-1" if encoding == "latin-1" else None)
    outcome = fix_text(wf.text, double_spaces)
    write_wiki_file(wf, outcome.new_text)
    expected = body.replace("  ", " ")
    assert path.read_bytes() == prefix + expected.encode(encoding)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    again = read_wiki_file(path, encoding="latin-1" if encoding == "latin-1" else None)
    assert not fix_text(again.text, double_spaces).changed


def test_real_rules_converge_on_corpus(articles_dir: Path) -> None:
    """Every fix the built-in rules offer converges, and a second --fix changes nothing."""
    from wikilint.api import lint_text
    from wikilint.rules.registry import default_rules

    rules = [r for r in default_rules() if r.fixable != "never"]
    if not rules:
        pytest.skip("no fixable rules registered yet")
    paths = sorted(articles_dir.glob("*.wiki"), key=lambda p: p.stat().st_size)[:25]

    def lint(text: str) -> list[Finding]:
        return lint_text(text, "a.wiki", rules=rules)

    for path in paths:
        text = path.read_text(encoding="utf-8")
        outcome = fix_text(text, lint, unsafe=True)
        assert outcome.converged, f"{path.name}: fixes do not converge"
        assert not fix_text(outcome.new_text, lint, unsafe=True).changed, path.name


# -- unified_diff -------------------------------------------------------------
def test_diff_of_equal_texts_is_empty() -> None:
    assert unified_diff("a.wiki", "x\n", "x\n") == ""


def test_diff_headers_and_hunk() -> None:
    diff = unified_diff("dir/a.wiki", "one\ntwo\nthree\n", "one\n2\nthree\n")
    assert diff.splitlines() == ["--- a/dir/a.wiki", "+++ b/dir/a.wiki", "@@ -1,3 +1,3 @@",
                                 " one", "-two", "+2", " three"]


def test_diff_marks_missing_final_newline() -> None:
    diff = unified_diff("a.wiki", "x\ny", "x\nz")
    assert "-y\n\\ No newline at end of file\n+z\n\\ No newline at end of file\n" in diff


def test_diff_keeps_crlf_and_unicode_line_separators() -> None:
    diff = unified_diff("a.wiki", "a\u2028b\r\nc\r\n", "a\u2028B\r\nc\r\n")
    assert "-a\u2028b\r\n+a\u2028B\r\n" in diff


# -- the command line: --fix and --diff on real files ----------------------------
STALE = "<!-- wikilint-disable-next-line unbalanced-brackets -->"


def _cli(*args: str) -> int:
    from wikilint.cli.app import main
    from wikilint.rules.registry import rule_by_key

    if rule_by_key("unused-suppression") is None:
        pytest.skip("needs the unused-suppression rule (a safe fix)")
    return main(["--no-progress", "--isolated", *args])


def _article(newline: str) -> str:
    return newline.join(["== Café ==", STALE, "The café opened in 1901.", ""])


def test_cli_fix_keeps_bom_crlf_and_mode_and_converges(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    path = tmp_path / "a.wiki"
    path.write_bytes(codecs.BOM_UTF8 + _article("\r\n").encode("utf-8"))
    if os.name == "posix":
        path.chmod(0o640)
    assert _cli("--fix", str(path)) == 0
    expected = codecs.BOM_UTF8 + "== Café ==\r\nThe café opened in 1901.\r\n".encode()
    assert path.read_bytes() == expected
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "Fixed 1 problem." in capsys.readouterr().out
    before = path.stat().st_mtime_ns
    assert _cli("--fix", str(path)) == 0  # a second --fix changes nothing
    assert path.read_bytes() == expected and path.stat().st_mtime_ns == before
    assert "Fixed" not in capsys.readouterr().out


def test_cli_fix_latin1_needs_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    path = tmp_path / "a.wiki"
    original = _article("\n").encode("latin-1")
    path.write_bytes(original)
    assert _cli("--fix", str(path)) == 2
    assert "invalid UTF-8 at byte offset 6" in capsys.readouterr().err
    assert path.read_bytes() == original
    assert _cli("--fix", "--encoding", "latin-1", str(path)) == 0
    assert path.read_bytes() == "== Café ==\nThe café opened in 1901.\n".encode("latin-1")


def test_cli_diff_shows_but_does_not_write(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.wiki"
    path.write_text(_article("\n"), encoding="utf-8")
    assert _cli("--diff", str(path)) == 1
    out = capsys.readouterr().out
    assert f"-{STALE}\n" in out and out.count("\n+") == 1  # only the +++ header line
    assert path.read_text(encoding="utf-8") == _article("\n")
