"""Rough edges a first-time user hits (issue 10, items 5-7): fix hints, opt-in rules shown
as off, the --max-file-size message, subcommand help, explain by prefix, -j -1, and the
summary's file counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wikilint.cli import main

WORDY = "In order to win, the team trained. In order to rest, it slept.\n"
ITALIC = "The ''Times reported it.\n"
DUMP = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">
  <page><title>Paper</title><ns>0</ns><id>1</id>
    <revision><id>1</id><text xml:space="preserve">The ''Times reported it.</text></revision>
  </page>
</mediawiki>
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_unsafe_fixes_are_mentioned(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "a.wiki").write_text(WORDY + ITALIC)
    code, out, _ = run(capsys, "--extend-select", "wordy-phrases", "--no-cache", "a.wiki")
    last = out.splitlines()[-1]
    assert "1 fixable with --fix." in last
    assert "2 unsafe fixes available with --fix --unsafe-fixes." in last
    # with --unsafe-fixes (and --diff) they count as fixable
    code, out, err = run(capsys, "--extend-select", "wordy-phrases", "--diff",
                         "--unsafe-fixes", "a.wiki")
    assert code == 1 and "3 fixes in 1 file would be applied" in err


def test_no_fix_hint_for_dump_pages(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "pages.xml").write_text(DUMP)
    code, out, _ = run(capsys, "--no-show-source", "--no-cache", "pages.xml")
    assert code == 1 and "pages.xml#Paper:1:5: WL303" in out
    assert "fixable" not in out and "--fix" not in out
    (here / "a.wiki").write_text(ITALIC)
    code, out, _ = run(capsys, "--no-show-source", "--no-cache", "a.wiki")
    assert out.splitlines()[-1].endswith("1 fixable with --fix.")


def test_summary_counts_files_with_problems_of_files_checked(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "a.wiki").write_text(ITALIC)
    (here / "b.wiki").write_text("Fine.\n")
    (here / "c.wiki").write_text("Fine too.\n")
    code, out, _ = run(capsys, "--no-show-source", "--no-cache", ".")
    assert out.splitlines()[-1].startswith("Found 1 problem in 1 of 3 files (1 warning).")


def test_opt_in_rules_are_shown_as_off(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    row = next(line for line in out.splitlines() if line.startswith("WL503"))
    assert row.split()[:3] == ["WL503", "wordy-phrases", "off"]
    assert next(line for line in out.splitlines()
                if line.startswith("WL301")).split()[2] == "on"
    data = json.loads(run(capsys, "rules", "--format", "json")[1])
    assert {d["name"]: d["default_enabled"] for d in data}["wordy-phrases"] is False

    code, out, _ = run(capsys, "config", "--format", "json")
    data = json.loads(out)
    assert "ALL" not in str(data["select"]) and "wordy-phrases" in data["select"]
    assert data["rules"]["wordy-phrases"]["enabled"] is False
    assert data["rules"]["wordy-phrases"]["on-by-default"] is False

    assert run(capsys, "init")[0] == 0
    text = (here / ".wikilint.yaml").read_text()
    assert "default: every rule)" not in text and "every rule that is on by default" in text
    assert "WL503 wordy-phrases" in text and "(off by default" in text


def test_max_file_size_message(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "a.wiki").write_text("x" * 1500 + "\n")
    code, _, err = run(capsys, "--max-file-size", "2", "a.wiki")
    assert code == 2
    assert err.strip() == ("a.wiki: error: too large (1.5 KB > the --max-file-size limit of "
                           "2 bytes); raise it to lint the file, e.g. --max-file-size 2K, or 0 "
                           "for no limit")


def test_every_subcommand_option_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("parse", "rules", "explain", "init", "config", "server"):
        with pytest.raises(SystemExit):
            from wikilint.cli.commands import COMMANDS

            COMMANDS[command](["--help"], None, None)  # type: ignore[arg-type]
        out = capsys.readouterr().out
        # an option's help follows on its line, or (a long option) on the next one
        lines = out.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("  --") and len(line.strip().split("  ")) == 1:
                assert lines[i + 1].startswith(" " * 8), (command, line)


def test_explain_a_prefix_lists_the_family(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", "WL3")
    assert code == 2 and out == ""
    assert "'WL3' is a prefix of 3 rules: WL301 (unbalanced-quotes), WL302" in err
    assert "WL503" not in err
    code, out, _ = run(capsys, "explain", "WL40")  # one rule: explained
    assert code == 0 and out.startswith("WL401 undated-citation")


def test_negative_jobs_is_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "-j", "-1", ".")
    assert code == 2 and "-j/--jobs: must be 0 (one per core) or more, not -1" in err
