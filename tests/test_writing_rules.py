"""docs/writing-rules.md runs: its example rule is built, its YAML cases pass, its docs page
is complete, and the plugin it describes is loaded by the ``wikilint`` command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from wikilint.output.docgen import docstring_problems, rule_markdown
from wikilint.testing import apply_case_fixes, load_case_files, run_case

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "writing-rules.md"


def blocks(language: str) -> list[str]:
    """The guide's top-level fenced blocks in ``language`` (the docstring's inner fences,
    indented, are part of the Python block)."""
    return re.findall(rf"^```{language}\n(.*?)^```$", GUIDE.read_text(encoding="utf-8"),
                      re.M | re.S)


@pytest.fixture(scope="module")
def rule_module() -> Iterator[types.ModuleType]:
    module = types.ModuleType("wikilint_exclamation")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    try:
        exec(compile(blocks("python")[0], str(GUIDE), "exec"), module.__dict__)
        yield module
    finally:
        sys.modules.pop(module.__name__, None)


def test_the_example_rule_is_complete(rule_module: types.ModuleType) -> None:
    cls = rule_module.ExclamationMark
    assert docstring_problems(cls) == []
    page = rule_markdown(cls)
    assert "XM101" in page and "allow-in-quotes" in page


def test_the_yaml_cases_pass(tmp_path: Path, rule_module: types.ModuleType) -> None:
    (tmp_path / "exclamation-mark.yaml").write_text(blocks("yaml")[0], encoding="utf-8")
    cases = load_case_files(tmp_path, rules=[rule_module.ExclamationMark])
    assert [c.kind for c in cases] == ["fail", "pass", "fail", "fail"]
    for case in cases:
        findings = run_case(case)
        if case.fix is not None:
            assert apply_case_fixes(case, findings) == case.fix


def test_the_guides_test_function_runs(tmp_path: Path, rule_module: types.ModuleType,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tests" / "rules").mkdir(parents=True)
    (tmp_path / "tests" / "rules" / "exclamation-mark.yaml").write_text(blocks("yaml")[0],
                                                                        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    namespace = dict(rule_module.__dict__)
    exec(compile(blocks("python")[1], str(GUIDE), "exec"), namespace)
    namespace["test_cases"]()


def test_a_broken_case_fails(tmp_path: Path, rule_module: types.ModuleType) -> None:
    """The loader can fail: a wrong column is an error, so the passing run above means
    something."""
    wrong = blocks("yaml")[0].replace("column: 29", "column: 30")
    (tmp_path / "exclamation-mark.yaml").write_text(wrong, encoding="utf-8")
    case = load_case_files(tmp_path, rules=[rule_module.ExclamationMark])[0]
    with pytest.raises(AssertionError, match="expected a finding at"):
        run_case(case)


def test_the_plugin_is_loaded_by_the_command(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "wikilint_exclamation.py").write_text(blocks("python")[0], encoding="utf-8")
    toml = blocks("toml")[0]
    group = re.search(r'^\[project\.entry-points\."(.+)"\]\n(\w+) = "(.+)"$', toml, re.M)
    assert group is not None
    info = site / "wikilint_exclamation-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: wikilint-exclamation\n"
                                   "Version: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{group[1]}]\n{group[2]} = {group[3]}\n")
    page = tmp_path / "page.wiki"
    page.write_text("The bridge is simply amazing!\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]))
    proc = subprocess.run([sys.executable, "-m", "wikilint", "--isolated", "--format", "json",
                           "--extend-select", "tone", str(page)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr
    found = json.loads(proc.stdout)
    findings = found if isinstance(found, list) else found.get("findings", found)
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("XM101", 1, 29)]
