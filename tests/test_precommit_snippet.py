"""The README's pre-commit snippet works as written, with only the repository URL
replaced: its ``rev`` is a real revision of this repository, and pre-commit, pointed at a
local clone, installs wikilint at that revision and runs the hook (fails on a flawed
article, passes once it is fixed).  docs/ci.md and the comment in .pre-commit-hooks.yaml
show the same repository and revision.  The CI recipes install from the repository,
never ``pip install wikilint`` (not on PyPI).

pre-commit installs wikilint into its own virtualenv (pip fetches the dependencies), which
takes about half a minute: marked slow; it runs in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
URL = "https://github.com/wikilint/wikilint"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def readme_snippet() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    found = [b for b in blocks if "repos:" in b and "id: wikilint" in b]
    assert len(found) == 1, "the README has one pre-commit snippet"
    return found[0]


def snippet_rev(snippet: str) -> str:
    data = YAML(typ="safe").load(snippet)
    repo = data["repos"][0]
    assert repo["repo"] == URL
    return str(repo["rev"])


def test_snippets_agree_and_the_rev_exists() -> None:
    rev = snippet_rev(readme_snippet())
    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    ci_block = next(b for b in re.findall(r"```yaml\n(.*?)```", ci, re.S)
                    if "repos:" in b)
    assert snippet_rev(ci_block) == rev
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert f"#       rev: {rev}" in hooks and f"#     - repo: {URL}" in hooks
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"rev {rev} is not a commit of this repository"
    # the hooks exist at that revision
    hooks_then = subprocess.run(["git", "show", f"{rev}:.pre-commit-hooks.yaml"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout
    ids = [h["id"] for h in YAML(typ="safe").load(hooks_then)]
    assert {"wikilint", "wikilint-fix"} <= set(ids)


def test_ci_recipes_install_from_the_repository() -> None:
    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    installs = re.findall(r"pip install [^\n`]*", ci)
    assert installs and not any(re.fullmatch(r"pip install wikilint\s*", i) for i in installs)
    assert all("git+https://" in i or "./" in i for i in installs), installs
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install wikilint\n" not in readme and "pip install wikilint`" not in readme


@pytest.mark.slow
def test_readme_snippet_runs_with_pre_commit(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GIT_") and k not in ("GITHUB_ACTIONS", "PRE_COMMIT")}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "home"), CI="true", PRE_COMMIT_COLOR="never",
               NO_COLOR="1")
    clone = tmp_path / "wikilint-clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], env=env, check=True,
                   capture_output=True)
    repo = tmp_path / "articles"
    repo.mkdir()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q")
    config = readme_snippet().replace(URL, str(clone))  # the only change
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    (repo / "article.wiki").write_text(
        "== History ==\nThe group (founded in 1965 was banned in 1981.\n", encoding="utf-8")
    git("add", ".pre-commit-config.yaml", "article.wiki")

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=900)

    first = pre_commit()
    shown = f"{first.stdout}\n{first.stderr}"
    assert first.returncode == 1, shown
    assert re.search(r"^wikilint\.+Failed$", first.stdout, re.M), shown
    assert "article.wiki:2:" in first.stdout and "(unbalanced-brackets)" in first.stdout, shown

    (repo / "article.wiki").write_text(
        "== History ==\nThe group (founded in 1965) was banned in 1981.\n", encoding="utf-8")
    git("add", "article.wiki")
    second = pre_commit()
    assert second.returncode == 0, f"{second.stdout}\n{second.stderr}"
    assert re.search(r"^wikilint\.+Passed$", second.stdout, re.M)
