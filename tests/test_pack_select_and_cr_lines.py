"""Pack rule codes on the command line; CR-only files have lines (issue 12, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikilint.api import lint_text
from wikilint.cli.app import main
from wikilint.syntax.source import SourceFile, mediawiki_line_breaks

PACK = """
rules:
  - code: XX101
    name: no-foo
    type: existence
    summary: No foo
    message: "found '{match}'"
    tokens: [foo bar]
    doc: |
      ## What it does
      Flags foo.
"""


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "house.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / ".wikilint.yaml").write_text("packs: [house.yaml]\n", encoding="utf-8")
    (tmp_path / "p.wiki").write_text("This is foo bar here (unclosed.\n", encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--no-show-source", "--format", "concise", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("key", ["XX101", "XX1", "no-foo"])
def test_pack_rule_can_be_selected_on_the_command_line(
        project: Path, capsys: pytest.CaptureFixture[str], key: str) -> None:
    code, out, err = run(capsys, "--select", key, "p.wiki")
    assert err == "" and code == 1
    assert [line.split()[1] for line in out.splitlines()[:-1]] == ["XX101"]


def test_pack_rule_can_be_ignored_on_the_command_line(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--ignore", "XX101", "p.wiki")
    assert err == "" and "XX101" not in out and "WL302" in out
    code, out, err = run(capsys, "--extend-ignore", "no-foo", "p.wiki")
    assert err == "" and "XX101" not in out


def test_pack_rule_selected_from_outside_the_project(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.parent)
    code, out, err = run(capsys, "--select", "XX101", f"{project.name}/p.wiki")
    assert err == "" and code == 1 and "XX101" in out


def test_unknown_code_is_still_a_usage_error(project: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--select", "XX102", "p.wiki")
    assert code == 2 and "'XX102' matches no rule" in err
    code, _out, err = run(capsys, "--select", "XX101,WLX", "p.wiki")
    assert code == 2 and "'WLX' matches no rule" in err and "XX101" not in err


def test_pack_code_without_its_pack_is_a_usage_error(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.wiki").write_text("Text.\n", encoding="utf-8")
    code, _out, err = run(capsys, "--isolated", "--select", "XX101", "p.wiki")
    assert code == 2 and "'XX101' matches no rule" in err


# ------------------------------------------------------------------ CR-only files
def test_line_table_counts_lone_cr_as_a_line_break() -> None:
    source = SourceFile("a\rb\r\nc\nd\r\re")
    assert source.line_count == 6
    assert [source.line_text(i) for i in range(1, 7)] == ["a", "b", "c", "d", "", "e"]
    assert source.line_col(source.text.index("e")) == (6, 1)
    assert source.line_col(source.text.index("c")) == (3, 1)


def test_mediawiki_line_breaks_keeps_length_and_crlf() -> None:
    text = "a\rb\r\nc\r"
    assert mediawiki_line_breaks(text) == "a\nb\r\nc\n"
    assert len(mediawiki_line_breaks(text)) == len(text)


CR_PAGE = ("Intro.\r\r== A ==\rThe MEK (translation: People is a group.\r\r== B ==\r"
           "Text (more.\r")


def test_cr_only_page_is_linted_with_its_lines() -> None:
    lf = lint_text(CR_PAGE.replace("\r", "\n"))
    cr = lint_text(CR_PAGE)
    assert [(f.code, f.line, f.column, f.message) for f in cr] == \
        [(f.code, f.line, f.column, f.message) for f in lf]
    assert {f.line for f in cr} == {4, 7}


def test_cr_only_file_through_the_cli_and_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "cr.wiki"
    page.write_bytes((CR_PAGE + "<!-- wikilint-enable -->\r").encode())
    code, out, _err = run(capsys, "--isolated", "cr.wiki")
    assert code == 1
    assert [line.split(":")[1] for line in out.splitlines()[:-1]] == ["4", "7", "8"]
    code, out, _err = run(capsys, "--isolated", "--fix", "cr.wiki")
    assert page.read_bytes() == CR_PAGE.encode()  # the comment and its own \r removed
