"""The published pre-commit hooks, run for real with ``pre-commit try-repo``.

A temporary git repository holds a flawed article; ``pre-commit try-repo <this repo>``
installs wikilint from this working tree into pre-commit's own virtualenv (pip fetches
pyparsing and ruamel.yaml from the package index) and runs the hook.  The hook must fail
and show the finding, then pass once the article is fixed.  ``wikilint-fix`` must fix
the file itself (pre-commit then reports "files were modified"), and pass on the next run.

The hooks are tried at the committed HEAD (``--ref``), so uncommitted edits in the
working tree do not count; pre-commit installs that revision once, which takes about
half a minute: these tests are marked slow, and they run in CI.

The repository's own hooks (.pre-commit-config.yaml) must pass on the repository
itself: the flawed seed page passes thanks to its baseline.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

FLAWED = "== History ==\nThe group (founded in 1965 was banned in 1981.\n"
FIXED = "== History ==\nThe group (founded in 1965) was banned in 1981.\n"
STALE_COMMENT = ("== History ==\n<!-- wikilint-disable-next-line unbalanced-brackets -->\n"
                 "The group was founded in 1965 and banned in 1981.\n")
WITHOUT_COMMENT = "== History ==\nThe group was founded in 1965 and banned in 1981.\n"
FINDING_LINE = re.compile(r"^article\.wiki:2:\d+: WL\d{3} \[\w+\] .+ \([a-z-]+\)$", re.M)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("pre_commit")
    return tmp_path_factory.mktemp("pre-commit-home")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GIT_") and k not in ("GITHUB_ACTIONS", "PRE_COMMIT")}
    env.update(PRE_COMMIT_HOME=str(home), CI="true", PRE_COMMIT_COLOR="never",
               NO_COLOR="1")
    return env


def _git(repo: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _repo(tmp_path: Path, text: str, env: dict[str, str]) -> Path:
    repo = tmp_path / "articles"
    repo.mkdir()
    _git(repo, "init", "-q", env=env)
    (repo / "article.wiki").write_text(text, encoding="utf-8", newline="\n")
    (repo / "notes.txt").write_text("not an article: the hook must skip me (\n",
                                    encoding="utf-8")
    _git(repo, "add", "article.wiki", "notes.txt", env=env)
    return repo


def _head() -> str:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout.strip()


def _try_repo(repo: Path, hook: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The committed tree (--ref): deterministic while others edit the working tree, and
    # pre-commit installs it once for all the runs of this module.
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--ref", _head(),
         "--all-files"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def _show(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


@pytest.mark.slow
def test_hook_fails_on_a_flawed_article_and_passes_once_fixed(
        tmp_path: Path, pre_commit_home: Path) -> None:
    env = _env(pre_commit_home)
    repo = _repo(tmp_path, FLAWED, env)

    first = _try_repo(repo, "wikilint", env)
    assert first.returncode == 1, _show(first)
    assert re.search(r"^wikilint\.+Failed$", first.stdout, re.M), _show(first)
    assert FINDING_LINE.search(first.stdout), _show(first)
    assert "(unbalanced-brackets)" in first.stdout, _show(first)
    assert "notes.txt" not in first.stdout  # only wiki files are passed to the hook
    assert "error:" not in first.stdout, _show(first)  # no rule crashed, nothing unreadable

    (repo / "article.wiki").write_text(FIXED, encoding="utf-8", newline="\n")
    _git(repo, "add", "article.wiki", env=env)
    second = _try_repo(repo, "wikilint", env)
    assert second.returncode == 0, _show(second)
    assert re.search(r"^wikilint\.+Passed$", second.stdout, re.M), _show(second)


@pytest.mark.slow
def test_fix_hook_fixes_the_file_then_passes(tmp_path: Path, pre_commit_home: Path) -> None:
    env = _env(pre_commit_home)
    repo = _repo(tmp_path, STALE_COMMENT, env)

    first = _try_repo(repo, "wikilint-fix", env)
    assert first.returncode == 1, _show(first)
    assert "files were modified by this hook" in first.stdout, _show(first)
    assert (repo / "article.wiki").read_text(encoding="utf-8") == WITHOUT_COMMENT

    _git(repo, "add", "article.wiki", env=env)
    second = _try_repo(repo, "wikilint-fix", env)
    assert second.returncode == 0, _show(second)
    assert (repo / "article.wiki").read_text(encoding="utf-8") == WITHOUT_COMMENT


@pytest.mark.parametrize("hook", ["wikilint-seeds"])  # rule docs: see test_docs.py
def test_repository_passes_its_own_hooks(hook: str, pre_commit_home: Path,
                                         tmp_path: Path) -> None:
    # In a clone of the committed tree: a working tree others are editing would make
    # pre-commit see "files were modified by this hook".
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    env = _env(pre_commit_home)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], env=env, check=True,
                   capture_output=True)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", hook, "--all-files"],
        cwd=clone, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, _show(result)
    assert re.search(r"\.+Passed$", result.stdout, re.M), _show(result)
