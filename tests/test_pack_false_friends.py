"""Pack rules' false friends (unless_before/unless_after) and work titles (skip_titles)."""

from __future__ import annotations

from pathlib import Path

import pytest

import wikilint
from wikilint.lint.packrules import PackError, load_pack_file

PACK = """rules:
  - code: XX001
    name: praise
    type: existence
    summary: praise
    message: "praise '{match}'"
    tokens: [celebrated, famous]
    unless_before: {celebrated: '\\bthey\\s+'}
    unless_after: {celebrated: '\\s+(?:his|the)\\b'}
    doc: |
      ## What it does
      Flags praise.
"""


def _rule(tmp_path: Path, text: str = PACK) -> type:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    (rule,) = load_pack_file(path)
    return rule


@pytest.mark.parametrize("text, flagged", [
    ("The celebrated poet came.", ["celebrated"]),
    ("Later they celebrated the end.", []),           # unless_before
    ("The town celebrated his return.", []),          # unless_after
    ("A famous poet wrote ''Famous Men'' and ''a famous life''.", ["famous"]),  # titles
])
def test_false_friends_and_titles(tmp_path: Path, text: str, flagged: list[str]) -> None:
    rule = _rule(tmp_path)
    found = wikilint.lint_text(text + "\n", path="x.wiki", rules=[rule()])
    assert [text[f.start:f.end] for f in found] == flagged


def test_skip_titles_can_be_turned_off(tmp_path: Path) -> None:
    rule = _rule(tmp_path, PACK.replace("    type: existence\n",
                                        "    type: existence\n    skip_titles: false\n"))
    found = wikilint.lint_text("He wrote ''a famous life''.\n", path="x.wiki", rules=[rule()])
    assert len(found) == 1


@pytest.mark.parametrize("bad, problem", [
    ("    unless_after: {praised: 'x'}\n", "not a token"),
    ("    unless_after: {famous: '(unclosed'}\n", "bad regular expression"),
    ("    unless_after: [famous]\n", "must map tokens"),
])
def test_malformed_false_friends_are_pack_errors(tmp_path: Path, bad: str, problem: str) -> None:
    text = PACK.replace("    unless_after: {celebrated: '\\s+(?:his|the)\\b'}\n", bad)
    with pytest.raises(PackError, match=problem):
        _rule(tmp_path, text)


SECTIONS_PACK = PACK.replace(
    "    doc: |\n", "    skip_sections: '^(?:plot|(?:main\\s+)?characters)$'\n    doc: |\n")


def test_skip_sections_by_title_and_enclosing_title(tmp_path: Path) -> None:
    rule = _rule(tmp_path, SECTIONS_PACK)
    text = ("A famous lead.\n== Plot ==\nA famous hero.\n=== Ending ===\nA famous end.\n"
            "== Main characters ==\n* A famous singer.\n== Plot twists ==\nA famous twist.\n"
            "== Reception ==\nA famous film.\n")
    found = wikilint.lint_text(text, path="x.wiki", rules=[rule()])
    assert [text[f.start - 2:f.end] for f in found] == ["A famous", "A famous", "A famous"]
    assert [f.line for f in found] == [1, 9, 11]  # lead, 'Plot twists' (no full match), Reception


def test_skip_sections_bad_regex_is_a_pack_error(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="skip_sections: bad regular expression"):
        _rule(tmp_path, SECTIONS_PACK.replace("'^(?:plot|", "'^(?:plot|("))
