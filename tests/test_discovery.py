"""File discovery as users expect: .gitignore/.ignore with git's semantics, exclude with
``!``, .txt only when asked, nothing to lint is a warning (exit 0)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from wikilint.cli import main
from wikilint.io.ignorefiles import IgnoreFiles

PAGE = 'He said "hello.\n'


def tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def linted(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["--format", "json", *args])
    captured = capsys.readouterr()
    return code, sorted({f["path"] for f in json.loads(captured.out)}), captured.err


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    tree(tmp_path, {
        ".gitignore": "generated/\n*.tmp.wiki\n!keep.tmp.wiki\n/top-only.wiki\n",
        "a.wiki": PAGE, "generated/x.wiki": PAGE, "b.tmp.wiki": PAGE, "keep.tmp.wiki": PAGE,
        "top-only.wiki": PAGE, "sub/top-only.wiki": PAGE,
        "sub/.gitignore": "local.wiki\n!b.tmp.wiki\n", "sub/local.wiki": PAGE,
        "sub/b.tmp.wiki": PAGE,
        "tools/.ignore": "*.wiki\n", "tools/t.wiki": PAGE,
        "LICENSE.txt": PAGE, "notes.txt": PAGE,
    })
    return tmp_path


def test_gitignore_semantics(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, paths, err = linted(capsys, ".")
    assert code == 1 and err == ""
    # generated/ ignored as a folder, *.tmp.wiki with a ! exception, an anchored pattern
    # only at the top, a nested .gitignore (its own pattern and a ! over the parent's),
    # .ignore files, and .txt not walked
    assert paths == ["a.wiki", "keep.tmp.wiki", "sub/b.tmp.wiki", "sub/top-only.wiki"]


def test_matches_git_itself(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "*.wiki"],
                         cwd=repo, capture_output=True, text=True, check=True).stdout.split()
    _, paths, _ = linted(capsys, ".")
    # git does not read .ignore; wikilint does (tools/t.wiki)
    assert sorted(set(git) - {"tools/t.wiki"}) == paths


def test_named_files_are_linted_even_when_ignored(repo: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, paths, _ = linted(capsys, "generated/x.wiki", "notes.txt")
    assert code == 1 and paths == ["generated/x.wiki", "notes.txt"]


def test_respect_gitignore_false(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".wikilint.yaml").write_text("respect-gitignore: false\n")
    _, paths, _ = linted(capsys, ".")
    assert "generated/x.wiki" in paths and "tools/t.wiki" in paths


def test_txt_in_folders_only_when_configured(repo: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".wikilint.yaml").write_text('extend-include: ["notes.txt"]\n')
    _, paths, _ = linted(capsys, ".")
    assert "notes.txt" in paths and "LICENSE.txt" not in paths
    (repo / ".wikilint.yaml").write_text("dialects: {'.txt': rendered}\n")
    _, paths, _ = linted(capsys, ".")
    assert {"notes.txt", "LICENSE.txt"} <= set(paths)


def test_exclude_negation(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree(repo, {"drafts/x.wiki": PAGE, "drafts/keep.wiki": PAGE})
    (repo / ".wikilint.yaml").write_text('exclude: [drafts, "!drafts/keep.wiki"]\n')
    _, paths, _ = linted(capsys, ".")
    assert "drafts/keep.wiki" in paths and "drafts/x.wiki" not in paths
    _, paths, _ = linted(capsys, "--extend-exclude", "a.wiki,!a.wiki", ".")
    assert "a.wiki" in paths


def test_nothing_to_lint_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    assert main(["empty"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("empty: warning: no wiki files to lint (looked for .wiki")
    tree(tmp_path, {"all/x.wiki": PAGE, ".wikilint.yaml": "exclude: [all]\n"})
    assert main(["all"]) == 0
    err = capsys.readouterr().err
    assert "all: warning: no wiki files to lint: 1 skipped (1 excluded by 'exclude')" in err


def test_ignore_files_outside_a_repository(tmp_path: Path) -> None:
    tree(tmp_path, {".ignore": "skip/\n", "skip/x.wiki": PAGE, "y.wiki": PAGE})
    ignores = IgnoreFiles(str(tmp_path))
    assert ignores.ignored(str(tmp_path / "skip"), True)
    assert not ignores.ignored(str(tmp_path / "y.wiki"))
