"""docs/ci.md: every recipe's wikilint command, run on a flawed article, gives its format.

The commands are taken from the Markdown itself (``- run: wikilint ...``,
``- wikilint ...`` and shell lines), so editing a recipe edits the test.  Each is run
with this checkout's wikilint in a temporary folder holding a flawed and a clean
article; the report (standard output or ``--output-file``) is checked for its format:
GitHub workflow commands, SARIF valid against the official schema, GitLab Code Quality
JSON, JUnit XML.  The YAML around the commands must parse, and must point at the file
the command writes.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
CI_MD = ROOT / "docs" / "ci.md"
SCHEMA = ROOT / "tests" / "data" / "sarif-2.1.0.json"

FLAWED = "== History ==\nThe group (founded in 1965 was banned in 1981.\n"
CLEAN = "== History ==\nThe group was founded in 1965 and banned in 1981.\n"


@dataclass(frozen=True)
class Block:
    section: str
    language: str
    code: str

    @property
    def commands(self) -> list[str]:
        found = []
        for line in self.code.splitlines():
            text = line.strip()
            text = re.sub(r"^-\s+", "", text)
            text = re.sub(r"^run:\s+", "", text)
            if text.startswith("wikilint "):
                found.append(text)
        return found


def recipe_blocks() -> list[Block]:
    blocks: list[Block] = []
    section = ""
    fence: list[str] | None = None
    language = ""
    for line in CI_MD.read_text(encoding="utf-8").splitlines():
        if fence is None and line.startswith("## "):
            section = line[3:].strip()
        elif fence is None and line.startswith("```"):
            fence, language = [], line[3:].strip()
        elif fence is not None and line.startswith("```"):
            blocks.append(Block(section, language, "\n".join(fence) + "\n"))
            fence = None
        elif fence is not None:
            fence.append(line)
    return blocks


BLOCKS = recipe_blocks()
COMMAND_BLOCKS = [b for b in BLOCKS if b.commands]


def _option(args: list[str], name: str) -> str | None:
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    args = shlex.split(command)
    assert args[0] == "wikilint"
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["CI_PROJECT_DIR"] = str(cwd)
    return subprocess.run([sys.executable, "-m", "wikilint", *args[1:]], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "flawed.wiki").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "articles" / "clean.wiki").write_text(CLEAN, encoding="utf-8")
    return tmp_path


# -- the document itself ------------------------------------------------------
def test_recipes_cover_every_ci_system() -> None:
    formats = {_option(shlex.split(c), "--format") for b in COMMAND_BLOCKS for c in b.commands}
    assert {"github", "sarif", "gitlab", "junit"} <= formats
    sections = " ".join(b.section for b in BLOCKS)
    for name in ("GitHub Actions", "GitLab CI", "pre-commit"):
        assert name in sections


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.language == "yaml"],
                         ids=lambda b: b.section)
def test_yaml_recipes_parse(block: Block) -> None:
    data = YAML(typ="safe").load(textwrap.dedent(block.code))
    assert data


def _yaml(block: Block) -> Any:
    return YAML(typ="safe").load(textwrap.dedent(block.code))


def test_github_sarif_recipe_uploads_the_file_it_writes() -> None:
    block = next(b for b in COMMAND_BLOCKS if "SARIF" in b.section)
    command = shlex.split(block.commands[0])
    steps = next(iter(_yaml(block)["jobs"].values()))["steps"]
    upload = next(s for s in steps if str(s.get("uses", "")).startswith(
        "github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == _option(command, "--output-file")
    assert "--exit-zero" in command  # so that the upload step runs


@pytest.mark.parametrize("report", ["codequality", "junit"])
def test_gitlab_recipes_publish_the_file_they_write(report: str) -> None:
    for block in COMMAND_BLOCKS:
        for job in (_yaml(block) or {}).values():
            if isinstance(job, dict) and report in job.get("artifacts", {}).get("reports", {}):
                command = shlex.split(block.commands[0])
                assert job["artifacts"]["reports"][report] == _option(command, "--output-file")
                assert job["artifacts"]["when"] == "always"
                return
    pytest.fail(f"no GitLab recipe publishes a {report} report")


def test_pre_commit_recipes_name_published_hooks() -> None:
    published = {h["id"]: h for h in YAML(typ="safe").load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    blocks = [b for b in BLOCKS if b.section == "pre-commit" and b.language == "yaml"]
    config = _yaml(blocks[0])
    hook_ids = [h["id"] for repo in config["repos"] for h in repo["hooks"]]
    assert hook_ids and set(hook_ids) <= set(published)
    commented = re.findall(r"#\s*- id: (\S+)", blocks[0].code)
    assert set(commented) <= set(published)
    override = _yaml(blocks[1])[0]
    assert override["id"] in published
    pattern = re.compile(override["files"])
    assert pattern.search("a/b.txt") and pattern.search("b.wiki")
    assert not pattern.search("b.py")


# -- running the commands -----------------------------------------------------
def _check_github(out: str) -> None:
    lines = out.splitlines()
    assert lines
    for line in lines:
        assert re.fullmatch(r"::(error|warning|notice) [^:]*::.+", line), line
    assert any("file=articles/flawed.wiki,line=2," in line for line in lines)
    assert not any("clean.wiki" in line for line in lines)


def _check_sarif(out: str) -> None:
    log = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert not errors, [e.message for e in errors[:3]]
    results = log["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"articles/flawed.wiki"}


def _check_gitlab(out: str) -> None:
    issues = json.loads(out)
    assert issues
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["location"]["path"] == "articles/flawed.wiki"
        assert issue["location"]["lines"]["begin"] == 2


def _check_junit(out: str) -> None:
    root = ET.fromstring(out.split("\n", 1)[1] if out.startswith("<?xml") else out)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert int(suites["articles/flawed.wiki"].get("failures", "0")) >= 1
    assert suites["articles/clean.wiki"].get("failures") == "0"


CHECKS = {"github": _check_github, "sarif": _check_sarif, "gitlab": _check_gitlab,
          "junit": _check_junit}


@pytest.mark.parametrize("command", [c for b in COMMAND_BLOCKS for c in b.commands
                                     if _option(shlex.split(c), "--format")],
                         ids=lambda c: _option(shlex.split(c), "--format"))
def test_recipe_command_output(command: str, workdir: Path) -> None:
    args = shlex.split(command)
    fmt = _option(args, "--format")
    result = _run(command, workdir)
    expected_status = 0 if "--exit-zero" in args else 1
    assert result.returncode == expected_status, result.stderr
    output_file = _option(args, "--output-file")
    if output_file:
        assert result.stdout == ""
        out = (workdir / output_file).read_text(encoding="utf-8")
    else:
        out = result.stdout
    CHECKS[fmt or "github"](out)


def test_baseline_recipe(workdir: Path) -> None:
    block = next(b for b in COMMAND_BLOCKS if b.language == "sh")
    write, check = block.commands
    assert _run(write, workdir).returncode == 0
    assert (workdir / "wikilint-baseline.json").exists()
    result = _run(check, workdir)
    assert result.returncode == 0, result.stdout + result.stderr
    (workdir / "articles" / "clean.wiki").write_text(FLAWED, encoding="utf-8")
    assert _run(check, workdir).returncode == 1  # a new finding still fails
