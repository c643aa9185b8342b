"""Suppression comments end to end: what they suppress and what WL901 says about them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wikilint.cli.app import main
from wikilint.config.model import available_rules
from wikilint.lint.suppress import parse_directives
from wikilint.syntax.parser import parse

PAREN = "The MEK (translation: People's Mujahedin is a group."


def lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
         *argv: str) -> list[tuple[int, str, str]]:
    """(line, code, message) of each finding reported for ``text``."""
    path = tmp_path / "page.wiki"
    path.write_text(text, encoding="utf-8")
    code = main(["--isolated", "--format", "json", *argv, str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return [(f["line"], f["code"], f["message"]) for f in json.loads(out)]


def lines_of(found: list[tuple[int, str, str]], code: str) -> list[int]:
    return [line for line, c, _ in found if c == code]


def test_disable_next_line_covers_only_the_next_line(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    text = f"<!-- wikilint-disable-next-line WL302 -->\n{PAREN}\n{PAREN}\n"
    found = lint(tmp_path, capsys, text)
    assert lines_of(found, "WL302") == [3]
    assert lines_of(found, "WL901") == []


def test_disable_line_covers_the_comments_own_lines(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    text = (f"{PAREN} <!-- wikilint-disable-line unbalanced-brackets -->\n\n"
            f"{PAREN} <!-- wikilint-disable-line\n  WL302 -- spans lines -->\n\n{PAREN}\n")
    found = lint(tmp_path, capsys, text)
    assert lines_of(found, "WL302") == [6]
    assert lines_of(found, "WL901") == []


def test_disable_enable_range(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (f"{PAREN}\n\n<!-- wikilint-disable WL302 -->\n{PAREN}\n\n{PAREN}\n"
            f"<!-- wikilint-enable WL302 -->\n\n{PAREN}\n")
    found = lint(tmp_path, capsys, text)
    assert lines_of(found, "WL302") == [1, 9]
    assert lines_of(found, "WL901") == []


def test_disable_without_list_means_every_rule(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    text = (f"<!-- wikilint-disable -->\n{PAREN}\n\n== Empty ==\n\n== Next ==\n"
            f"<!-- wikilint-enable -->\n{PAREN}\n")
    found = lint(tmp_path, capsys, text)
    assert [(line, code) for line, code, _ in found] == [(8, "WL302")]


def test_enable_one_rule_inside_disable_all(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    text = (f"<!-- wikilint-disable -->\n<!-- wikilint-enable WL302 -->\n{PAREN}\n\n"
            "== Empty ==\n\n== Next ==\nText.\n")
    found = lint(tmp_path, capsys, text)
    assert [(line, code) for line, code, _ in found] == [(3, "WL302")]


def test_disable_file_anywhere_in_the_page(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    text = f"{PAREN}\n\n== Empty ==\n\n== B ==\n{PAREN}\n<!-- wikilint-disable-file WL302 -->\n"
    found = lint(tmp_path, capsys, text)
    assert [code for _, code, _ in found] == ["WL201"]


def test_directive_in_nowiki_or_pre_does_not_suppress(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    text = (f"<nowiki><!-- wikilint-disable-file WL302 --></nowiki>\n\n"
            f"<pre><!-- wikilint-disable-file --></pre>\n\n{PAREN}\n")
    found = lint(tmp_path, capsys, text)
    assert lines_of(found, "WL302") == [5]
    assert parse_directives(parse(text), available_rules()) == ([], [])


def test_unused_directive_is_reported_and_fixed(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    text = f"<!-- wikilint-disable-next-line WL302 -->\nBalanced (text) here.\n{PAREN}\n"
    found = lint(tmp_path, capsys, text)
    assert found[0][:2] == (1, "WL901")
    assert ("unused suppression 'wikilint-disable-next-line WL302': no 'WL302' finding on the "
            "next line; remove the comment") == found[0][2]
    lint(tmp_path, capsys, text, "--fix")
    assert (tmp_path / "page.wiki").read_text() == f"Balanced (text) here.\n{PAREN}\n"


def test_partly_unused_list_names_only_the_unused_rules(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = f"<!-- wikilint-disable-next-line WL302, undated-citation -->\n{PAREN}\n"
    found = lint(tmp_path, capsys, text)
    assert [(line, code) for line, code, _ in found] == [(1, "WL901")]
    assert "unused suppression of 'undated-citation'" in found[0][2]
    lint(tmp_path, capsys, text, "--fix")
    assert (tmp_path / "page.wiki").read_text() == \
        f"<!-- wikilint-disable-next-line WL302 -->\n{PAREN}\n"


def test_unused_disable_all_is_reported_with_unsafe_fix_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Text. <!-- wikilint-disable-line --> More.\n"
    found = lint(tmp_path, capsys, text)
    assert [(line, code) for line, code, _ in found] == [(1, "WL901")]
    lint(tmp_path, capsys, text, "--fix")
    assert (tmp_path / "page.wiki").read_text() == text
    lint(tmp_path, capsys, text, "--fix", "--unsafe-fixes")
    assert (tmp_path / "page.wiki").read_text() == "Text. More.\n"


def test_rules_that_did_not_run_are_never_called_unused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = f"<!-- wikilint-disable-next-line WL201 -->\n{PAREN}\n"
    assert lines_of(lint(tmp_path, capsys, text), "WL901") == [1]
    assert lint(tmp_path, capsys, text, "--select", "WL302,WL901") == [
        (2, "WL302", lint(tmp_path, capsys, text, "--select", "WL302")[0][2])]


def test_unused_suppression_findings_need_a_directive_naming_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stale = "<!-- wikilint-disable-next-line unbalanced-quote -->\nText.\n"
    found = lint(tmp_path, capsys, stale + "<!-- wikilint-disable-file -->\n" + PAREN + "\n")
    assert [code for _, code, _ in found] == ["WL901"]  # the typo is still reported
    found = lint(tmp_path, capsys, stale + "<!-- wikilint-disable-file WL901 -->\n")
    assert found == []
    found = lint(tmp_path, capsys, "<!-- wikilint-disable-file unused-suppression -->\nText.\n")
    assert [(line, code) for line, code, _ in found] == [(1, "WL901")]  # itself unused


def test_ignoring_wl901_silences_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "<!-- wikilint-disabel -->\n<!-- wikilint-disable-next-line WL302 -->\nText.\n"
    assert len(lint(tmp_path, capsys, text)) == 2
    assert lint(tmp_path, capsys, text, "--ignore", "WL901") == []


def test_code_and_name_are_the_same_rule(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    text = (f"<!-- wikilint-disable WL302 -->\n{PAREN}\n<!-- wikilint-enable unbalanced-brackets"
            f" -->\n\n{PAREN}\n")
    assert [(line, code) for line, code, _ in lint(tmp_path, capsys, text)] == [(5, "WL302")]


def test_directive_after_a_heading_on_its_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    # the parser keeps no node for a comment after a heading's closing '=='
    text = ("Intro.\n\n== External links ==<!-- wikilint-disable-line empty-section -->\n\n"
            "== Empty ==  <!-- wikilint-disable-line WL302 -->\n\n== B ==\nText.\n")
    found = lint(tmp_path, capsys, text)
    assert [(line, code) for line, code, _ in found] == [(5, "WL201"), (5, "WL901")]


def test_planted_directives_on_real_articles(articles_dir: Path) -> None:
    """Every finding of a few real articles is suppressed by a disable-line comment planted
    on its line, without an unused-suppression report; a planted stale one is reported."""
    from wikilint.config.model import default_config
    from wikilint.lint.pipeline import lint_source
    from wikilint.syntax.source import SourceFile

    config = default_config()
    rule_set = config.rule_set()

    def findings(text: str) -> list:
        return lint_source(SourceFile(text, "a.wiki"), rule_set.rules, "wikitext",
                           dict(rule_set.severities), known_rules=config.available).findings

    pages = sorted(articles_dir.glob("*.wiki"), key=lambda p: p.stat().st_size)
    planted = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        base = findings(text)
        if not base or text.lstrip().startswith("#"):
            continue
        assert not [f for f in base if f.code == "WL901"]
        lines = text.split("\n")
        for f in base[:2]:
            lines_planted = list(lines)
            lines_planted[f.line - 1] += f"<!-- wikilint-disable-line {f.code} -->"
            after = findings("\n".join(lines_planted))
            assert not [g for g in after if (g.code, g.line, g.column) ==
                        (f.code, f.line, f.column)], (page.name, f.message)
            assert not [g for g in after if g.code == "WL901"], page.name
            planted += 1
        stale = findings("<!-- wikilint-disable-next-line WL302 -->\n" + text)
        if not [f for f in base if f.code == "WL302" and f.line == 1]:
            assert [g.line for g in stale if g.code == "WL901"] == [1], page.name
        if planted >= 6:
            break
    assert planted >= 6
