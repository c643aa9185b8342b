"""docs/api.md: every Python example runs (its asserts are the expected results), and the
API gives exactly the command line's findings, suppression comments included."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import wikilint

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_page_has_examples() -> None:
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_example_runs(index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    exec(compile(BLOCKS[index], f"docs/api.md example {index + 1}", "exec"), {})


PAGE = """== Early life ==
He said "hello.

<!-- wikilint-disable-next-line unbalanced-brackets -- as printed -->
A remark (never closed.
Another remark (never closed either.

== Notes ==
<!-- wikilint-disable-next-line WL302 -->
Nothing to suppress here.
"""


def test_api_and_cli_agree_with_suppressions(tmp_path: Path) -> None:
    page = tmp_path / "Page.wiki"
    page.write_text(PAGE, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "wikilint", "--format", "json", "Page.wiki"],
                          cwd=tmp_path, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    cli = data if isinstance(data, list) else data["findings"]

    def key(d: dict) -> tuple:
        return (d["line"], d["column"], d["end_line"], d["end_column"], d["code"],
                d["severity"], d["message"])

    from_cli = sorted(key(d) for d in cli)
    from_text = sorted(key(f.to_dict()) for f in wikilint.lint_text(PAGE, path="Page.wiki"))
    from_file = sorted(key(f.to_dict()) for f in wikilint.lint_file(page))
    assert from_cli == from_text == from_file
    lines = {(d[0], d[4]) for d in from_cli}
    assert (2, "WL301") in lines and (6, "WL302") in lines
    assert (5, "WL302") not in lines          # suppressed by the comment on line 4
    assert (9, "WL901") in lines              # the unused suppression, as the CLI says


def test_public_names() -> None:
    for name in ("lint_text", "lint_file", "parse", "Finding", "Rule", "Context", "Severity",
                 "Fix", "Edit", "option", "Document"):
        assert name in dir(wikilint) and getattr(wikilint, name) is not None
