"""Declarative YAML rule packs: loading, validation and the built-in packs."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikilint.api import lint_text
from wikilint.lint.packrules import PackError, load_pack_file, pack_rules
from wikilint.rules.registry import default_rules

GOOD = """
rules:
  - code: XY101
    name: no-foo
    type: existence
    summary: No foo
    message: "found '{match}'"
    tokens: [foo bar]
    doc: |
      ## What it does
      Flags foo.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_packs_declare_style_rules() -> None:
    names = {r.name for r in pack_rules()}
    assert {"weasel-words", "peacock-terms", "wordy-phrases"} <= names


def test_builtin_packs_are_valid_with_positions() -> None:
    from wikilint.analysis.wordlists import pack_dir

    for path in sorted(pack_dir().glob("*.yaml")):
        load_pack_file(path)  # raises PackError, with file:line, when malformed


def test_pack_cache_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wikilint.analysis.wordlists import load_yaml_cached

    monkeypatch.setenv("WIKILINT_CACHE_DIR", str(tmp_path / "cache"))
    pack = write(tmp_path, "words: [a, b]\n")
    assert load_yaml_cached(pack) == {"words": ["a", "b"]}
    assert len(list((tmp_path / "cache").glob("pack-*.json"))) == 1
    assert load_yaml_cached(pack) == {"words": ["a", "b"]}  # from the cache
    pack.write_text("words: [c]\n", encoding="utf-8")  # edited: a new key, no stale data
    assert load_yaml_cached(pack) == {"words": ["c"]}
    monkeypatch.setenv("WIKILINT_CACHE_DIR", str(pack))  # unusable cache folder
    assert load_yaml_cached(pack) == {"words": ["c"]}


def test_wordy_phrases_is_opt_in() -> None:
    assert "wordy-phrases" not in {r.name for r in default_rules()}
    assert "weasel-words" in {r.name for r in default_rules()}


def test_user_pack_rule_runs(tmp_path: Path) -> None:
    (cls,) = load_pack_file(write(tmp_path, GOOD))
    assert (cls.code, cls.name) == ("XY101", "no-foo")
    findings = lint_text("A foo\nbar here.\n", rules=[cls()])
    assert [(f.line, f.column, f.end_line, f.message) for f in findings] == [
        (1, 3, 2, "found 'foo\nbar'")]


@pytest.mark.parametrize("bad, fragment", [
    (GOOD.replace("type: existence", "type: magic"), "unknown type 'magic'"),
    (GOOD.replace("    tokens: [foo bar]\n", ""), "needs 'tokens'"),
    (GOOD.replace("XY101", "xy1"), "must look like WL501"),
    (GOOD.replace("no-foo", "No_Foo"), "kebab-case"),
    (GOOD.replace("    summary: No foo\n", ""), "missing key(s) summary"),
    (GOOD + "    colour: red\n", "unknown key(s) colour"),
    ("rules:\n  - code: [\n", "malformed YAML"),
    ("rules: {a: 1}\n", "'rules' must be a list"),
])
def test_malformed_pack_names_file_and_problem(tmp_path: Path, bad: str, fragment: str) -> None:
    path = write(tmp_path, bad)
    with pytest.raises(PackError) as err:
        load_pack_file(path)
    assert str(path) in str(err.value)
    assert fragment in str(err.value)


def test_malformed_yaml_gives_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "rules:\n  - code: WL1\n    name: [x\n")
    with pytest.raises(PackError, match=r"pack\.yaml:\d+:\d+: malformed YAML"):
        load_pack_file(path)
