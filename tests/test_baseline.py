"""Baselines: fingerprints that survive edits elsewhere; only new findings reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wikilint.cli.app import main
from wikilint.lint.baseline import Baseline, BaselineError, finding_snippet, fingerprint_findings
from wikilint.lint.rule import Finding, Severity

PAREN = "The MEK (translation: People's Mujahedin is a group."
OTHER = "A second remark (never closed either."


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    code = main(["--isolated", "--format", "json", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else []), err


@pytest.fixture()
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "articles" / "page.wiki"
    path.parent.mkdir()
    path.write_text(f"Intro.\n\n{PAREN}\n\n== Empty ==\n\n== B ==\nText.\n", encoding="utf-8")
    return path


def test_write_then_check_reports_nothing(page: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--write-baseline", "base.json", "articles")
    assert code == 0 and out == [] and "recorded 2 findings in base.json" in err
    data = json.loads(Path("base.json").read_text())
    assert data["tool"] == "wikilint" and data["version"] == 1
    assert {e["path"] for e in data["findings"]} == {"articles/page.wiki"}
    assert {e["code"] for e in data["findings"]} == {"WL201", "WL302"}
    code, out, _ = run(capsys, "--baseline", "base.json", "articles")
    assert code == 0 and out == []


def test_edits_elsewhere_keep_findings_matched(page: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--write-baseline", "base.json", "articles")
    text = page.read_text()
    page.write_text("New lead sentence.\n\nAnother paragraph, added later.\n\n" + text
                    + "\n== C ==\nMore text at the end.\n")
    code, out, _ = run(capsys, "--baseline", "base.json", "articles")
    assert code == 0 and out == []


def test_only_new_findings_are_reported(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--write-baseline", "base.json", "articles")
    page.write_text(page.read_text() + f"\n{OTHER}\n")
    code, out, _ = run(capsys, "--baseline", "base.json", "articles")
    assert code == 1
    assert [(f["code"], f["line"]) for f in out] == [("WL302", 10)]


def test_a_second_identical_finding_is_new(page: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--write-baseline", "base.json", "articles")
    page.write_text(page.read_text() + f"\n{PAREN}\n")
    code, out, _ = run(capsys, "--baseline", "base.json", "articles")
    assert code == 1 and [f["code"] for f in out] == ["WL302"]


def test_show_fixed_lists_findings_that_are_gone(page: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--write-baseline", "base.json", "articles")
    page.write_text(page.read_text().replace("(translation", "translation"))
    main(["--isolated", "--baseline", "base.json", "--show-fixed", "articles"])
    out = capsys.readouterr().out
    assert "articles/page.wiki:3: WL302 fixed (was in the baseline)" in out
    assert "1 baseline finding no longer reported." in out
    # files not linted in this run are not "fixed"
    other = Path("articles") / "other.wiki"
    other.write_text("Clean text.\n")
    main(["--isolated", "--baseline", "base.json", "--show-fixed", str(other)])
    assert "0 baseline findings no longer reported." in capsys.readouterr().out


def test_paths_are_relative_to_the_baseline_file(page: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "--write-baseline", "base.json", "articles")
    monkeypatch.chdir(tmp_path / "articles")
    code, out, _ = run(capsys, "--baseline", "../base.json", "page.wiki")
    assert code == 0 and out == []


def test_show_fixed_needs_baseline(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--show-fixed", "articles")
    assert code == 2 and "--show-fixed needs --baseline" in err


@pytest.mark.parametrize("content, fragment", [
    (None, "baseline file not found"),
    ("{not json", "invalid JSON"),
    ('{"tool": "other", "findings": []}', "not a wikilint baseline"),
    ('{"tool": "wikilint", "version": 9, "findings": []}', "version 9 is not supported"),
    ('{"tool": "wikilint", "version": 1, "findings": [{"path": "x"}]}', "finding #1 lacks"),
])
def test_bad_baseline_file(page: Path, capsys: pytest.CaptureFixture[str], content: str | None,
                           fragment: str) -> None:
    if content is not None:
        Path("base.json").write_text(content)
    code, out, err = run(capsys, "--baseline", "base.json", "articles")
    assert code == 2 and out == [] and fragment in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def finding(start: int, end: int, code: str = "WL302") -> Finding:
    return Finding("p", code, "r", Severity.WARNING, "m", start, end, 1, start + 1, 1, end + 1)


def test_fingerprints_ignore_position_but_not_text_or_rule() -> None:
    text = "Alpha (beta gamma.\nDelta (epsilon."
    a = fingerprint_findings([finding(6, 7), finding(25, 26)], text, "p.wiki")
    moved = "Intro.\n" + text
    b = fingerprint_findings([finding(13, 14), finding(32, 33)], moved, "p.wiki")
    assert a == b and a[0] != a[1]
    assert fingerprint_findings([finding(6, 7, "WL301")], text, "p.wiki")[0] != a[0]
    assert fingerprint_findings([finding(6, 7)], text, "q.wiki")[0] != a[0]


def test_short_spans_take_context_from_their_line() -> None:
    text = "Alpha (beta gamma.\nnext line"
    snippet = finding_snippet(text, finding(6, 7))
    assert snippet == "Alpha\u2038(\u2038beta gamma."  # whitespace collapsed, line end kept


def test_baseline_load_rejects_non_baseline(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[]")
    with pytest.raises(BaselineError):
        Baseline.load(str(path))
