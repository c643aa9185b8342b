"""Bad input: each case gets one clear line naming the file; the run goes on; exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wikilint.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
PAREN = "The MEK (translation: People's Mujahedin is a group."


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.wiki").write_text(PAREN + "\n", encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], list[str]]:
    code = main(["--isolated", "--format", "json", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, json.loads(out) if out.strip() else [], err.splitlines()


def paths(out: list[dict]) -> list[str]:
    return [f["path"] for f in out]


def test_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "nope.wiki", "good.wiki")
    assert code == 2 and paths(out) == ["good.wiki"]
    assert err == ["nope.wiki: error: no such file or folder"]


def test_unreadable_file(capsys: pytest.CaptureFixture[str], in_tmp: Path,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    secret = in_tmp / "secret.wiki"
    secret.write_text("x")
    real_open = open

    def deny(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("secret.wiki"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", deny)
    code, out, err = run(capsys, "secret.wiki", "good.wiki")
    assert code == 2 and paths(out) == ["good.wiki"]
    assert err == ["secret.wiki: error: permission denied"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_for_real(capsys: pytest.CaptureFixture[str], in_tmp: Path) -> None:
    secret = in_tmp / "secret.wiki"
    secret.write_text("x")
    secret.chmod(0)
    code, out, err = run(capsys, "secret.wiki", "good.wiki")
    assert code == 2 and err == ["secret.wiki: error: permission denied"]


def test_folder_without_wiki_files(capsys: pytest.CaptureFixture[str], in_tmp: Path) -> None:
    (in_tmp / "docs").mkdir()
    (in_tmp / "docs" / "notes.md").write_text("# notes")
    code, out, err = run(capsys, "docs", "good.wiki")
    # nothing to lint is a warning, not an error (a hook over a repository with no
    # articles yet passes), as ruff does; good.wiki's finding gives exit 1
    assert code == 1 and paths(out) == ["good.wiki"]
    assert len(err) == 1 and err[0].startswith("docs: warning: no wiki files to lint (looked "
                                               "for .wiki .wikitext .mediawiki .mw;")
    code, out, err = run(capsys, "docs")
    assert code == 0 and len(err) == 1 and "warning: no wiki files to lint" in err[0]


def test_invalid_utf8_names_the_byte_offset_and_encoding_overrides(
        capsys: pytest.CaptureFixture[str], in_tmp: Path) -> None:
    (in_tmp / "latin.wiki").write_bytes("Caf\u00e9 (open.\n".encode("latin-1"))
    code, out, err = run(capsys, "latin.wiki", "good.wiki")
    assert code == 2 and paths(out) == ["good.wiki"]
    assert len(err) == 1 and err[0].startswith("latin.wiki: error: invalid UTF-8 at byte "
                                               "offset 3 (line 1)")
    assert "--encoding" in err[0]
    code, out, err = run(capsys, "--encoding", "latin-1", "latin.wiki")
    assert code == 1 and [(f["line"], f["column"]) for f in out] == [(1, 6)]
    code, out, err = run(capsys, "--encoding", "klingon", "latin.wiki")
    assert code == 2 and "unknown encoding 'klingon'" in err[0]


def test_binary_file_is_skipped_with_a_note(capsys: pytest.CaptureFixture[str],
                                            in_tmp: Path) -> None:
    (in_tmp / "img.wiki").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, out, err = run(capsys, ".")
    assert code == 1 and paths(out) == ["good.wiki"]
    assert len(err) == 1 and err[0].startswith("img.wiki: note: binary file")


def test_bom_is_not_a_character_and_is_kept_by_fixes(capsys: pytest.CaptureFixture[str],
                                                     in_tmp: Path) -> None:
    page = in_tmp / "bom.wiki"
    page.write_bytes(b"\xef\xbb\xbf" + f"{PAREN}\n".encode())
    code, out, _ = run(capsys, "bom.wiki")
    assert code == 1 and [(f["line"], f["column"]) for f in out] == [(1, 9)]
    text = "<!-- wikilint-enable -->\nText.\n"
    page.write_bytes(b"\xef\xbb\xbf" + text.encode())
    code, out, _ = run(capsys, "--fix", "bom.wiki")
    assert code == 0 and page.read_bytes() == b"\xef\xbb\xbfText.\n"


def test_crlf_positions_match_lf_and_fixes_keep_crlf(capsys: pytest.CaptureFixture[str],
                                                     in_tmp: Path) -> None:
    lf = f"Intro.\n\n{PAREN}\n<!-- wikilint-enable -->\nText.\n"
    (in_tmp / "lf.wiki").write_bytes(lf.encode())
    (in_tmp / "crlf.wiki").write_bytes(lf.replace("\n", "\r\n").encode())
    _, out_lf, _ = run(capsys, "lf.wiki")
    _, out_crlf, _ = run(capsys, "crlf.wiki")
    where = [(f["code"], f["line"], f["column"]) for f in out_lf]
    assert where == [(f["code"], f["line"], f["column"]) for f in out_crlf]
    assert where == [("WL302", 3, 9), ("WL901", 4, 1)]
    run(capsys, "--fix", "crlf.wiki")
    assert (in_tmp / "crlf.wiki").read_bytes() == \
        f"Intro.\r\n\r\n{PAREN}\r\nText.\r\n".encode()


def test_empty_file_is_linted_cleanly(capsys: pytest.CaptureFixture[str],
                                      in_tmp: Path) -> None:
    (in_tmp / "empty.wiki").write_bytes(b"")
    code, out, err = run(capsys, "empty.wiki")
    assert (code, out, err) == (0, [], [])


def test_too_large_file(capsys: pytest.CaptureFixture[str], in_tmp: Path) -> None:
    (in_tmp / "big.wiki").write_text("Some words. " * 50)
    code, out, err = run(capsys, "--max-file-size", "100", "big.wiki", "good.wiki")
    assert code == 2 and paths(out) == ["good.wiki"]
    assert len(err) == 1 and err[0].startswith("big.wiki: error: too large")
    code, _, err = run(capsys, "--max-file-size", "1K", "big.wiki")
    assert code == 0 and err == []


def test_bad_size_value_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--max-file-size", "lots", "good.wiki"])
    err = capsys.readouterr().err
    assert code == 2 and "not a size: 'lots'" in err and len(err.splitlines()) == 1


def test_a_rule_that_raises_is_one_line_and_others_still_run(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from wikilint.rules.empty_section import EmptySection

    def boom(self: object, doc: object, ctx: object) -> None:
        raise ValueError("it broke")

    monkeypatch.setattr(EmptySection, "check", boom)
    monkeypatch.setattr(EmptySection, "visit", boom)
    code, out, err = run(capsys, "good.wiki")
    assert code == 2 and [f["code"] for f in out] == ["WL302"]
    assert err == ["good.wiki: error: rule 'empty-section' failed and was skipped: "
                   "ValueError: it broke"]


def test_internal_error_is_one_line(capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr("wikilint.cli.run.LintRun.discover", explode)
    monkeypatch.delenv("WIKILINT_DEBUG", raising=False)
    code = main(["good.wiki"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("wikilint: internal error: RuntimeError: unexpected")
    assert len(err.splitlines()) == 1


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--frobnicate", "good.wiki"])
    err = capsys.readouterr().err
    assert code == 2 and "unrecognized arguments: --frobnicate" in err
    assert len(err.splitlines()) == 1


def test_end_to_end_no_traceback_and_run_continues(in_tmp: Path) -> None:
    (in_tmp / "latin.wiki").write_bytes(b"Caf\xe9.\n")
    (in_tmp / "bin.wiki").write_bytes(b"\x00\x01")
    (in_tmp / ".wikilint.yaml").write_text("rules: [oops]\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "wikilint", "--format", "concise",
                           "latin.wiki", "bin.wiki", "missing.wiki", "good.wiki"],
                          capture_output=True, text=True, env=env, cwd=in_tmp, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    # the configuration is broken for all of them: one line for it, one per unreadable path
    assert sorted(proc.stderr.splitlines()) == [
        ".wikilint.yaml:1:8: rules must be a mapping (key: value), not a list",
        "missing.wiki: error: no such file or folder"]
