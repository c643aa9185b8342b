"""Rule documentation: every rule's docstring is complete and true, and docs/rules is current.

These tests run over whatever rules the registry returns, so they grow with it.  When
``test_generated_docs_are_current`` fails, regenerate with::

    python -m wikilint.output.docgen docs/rules
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from wikilint.lint.pipeline import lint_source
from wikilint.lint.rule import Context, Finding, NoOptions, Rule, Severity, option
from wikilint.output.docgen import (
    GENERATED_MARKER,
    REQUIRED_HEADINGS,
    check_rule_docs,
    code_blocks,
    doc_sections,
    docstring_problems,
    documented_options,
    explain_text,
    main,
    rule_markdown,
    rules_listing,
    section_text,
    write_rule_docs,
)
from wikilint.rules.registry import builtin_rules, default_rules
from wikilint.syntax.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules"
RULES = builtin_rules()
ids = [r.code for r in RULES]


def _dialect(cls: type[Rule], language: str) -> str:
    wanted = "rendered" if language in ("text", "rendered", "txt") else "wikitext"
    return wanted if wanted in cls.dialects else cls.dialects[0]


def example_findings(cls: type[Rule], code: str, dialect: str) -> list[Finding]:
    """What ``wikilint`` reports on a docs example: every rule, suppressions applied."""
    rules = default_rules()
    if not any(type(r) is cls for r in rules):  # an opt-in rule: the example enables it
        rules.append(cls())
    result = lint_source(SourceFile(code, "example.wiki"), rules, dialect, known_rules=RULES)
    assert not result.errors, [e.message for e in result.errors]
    return [f for f in result.findings if f.code == cls.code]


# -- every registered rule -----------------------------------------------------
@pytest.mark.parametrize("cls", RULES, ids=ids)
def test_docstring_is_complete(cls: type[Rule]) -> None:
    assert docstring_problems(cls) == []


@pytest.mark.parametrize("cls", RULES, ids=ids)
def test_example_triggers_the_rule(cls: type[Rule]) -> None:
    blocks = code_blocks(section_text(cls.doc(), "Example"))
    assert blocks, f"{cls.name}: no code block under '## Example'"
    for block in blocks:
        found = example_findings(cls, block.code, _dialect(cls, block.language))
        assert found, f"{cls.name}: the Example does not trigger the rule:\n{block.code}"


@pytest.mark.parametrize("cls", RULES, ids=ids)
def test_use_instead_does_not_trigger_the_rule(cls: type[Rule]) -> None:
    blocks = code_blocks(section_text(cls.doc(), "Use instead"))
    assert blocks, f"{cls.name}: no code block under '## Use instead'"
    for block in blocks:
        found = example_findings(cls, block.code, _dialect(cls, block.language))
        assert not found, (f"{cls.name}: 'Use instead' triggers the rule: "
                           f"{[f.message for f in found]}")


def test_generated_docs_are_current() -> None:
    stale = check_rule_docs(DOCS)
    assert not stale, ("docs/rules is out of date; regenerate with "
                       "`python -m wikilint.output.docgen docs/rules`:\n" + "\n".join(stale))


def test_listing_has_every_rule() -> None:
    data = json.loads(rules_listing("json", RULES))
    assert [d["code"] for d in data] == [r.code for r in RULES]
    text = rules_listing("text", RULES).splitlines()
    assert text[0].split()[:6] == ["code", "name", "default", "severity", "fixable", "summary"]
    for cls, line in zip(RULES, text[1:len(RULES) + 1], strict=True):
        on = "on" if cls.default_enabled else "off"
        assert line.split()[:5] == [cls.code, cls.name, on, cls.severity.value, cls.fixable]
    assert any(not r.default_enabled for r in RULES) and "run only when selected" in text[-1]


# -- the checks themselves catch what they should ------------------------------
FULL_DOC = """Flags teh.

## What it does
Finds the misspelling "teh".

## Why is this bad?
MOS:SPELLING.

## Example
```wikitext
This is teh end.
```

## Use instead
```wikitext
This is the end.
```

## Options
- `words` (list of strings): extra misspellings.
- `min-length` (int): shortest word.

## Fix safety
Safe.
"""


@dataclasses.dataclass(frozen=True)
class TehOptions:
    words: list[str] = option(["teh"], "Misspellings to flag.")
    min_length: int = option(3, "Shortest word to flag.")


def make_rule(doc: str, options: type = TehOptions) -> type[Rule]:
    class Teh(Rule):
        code = "WL999"
        name = "teh-typo"
        summary = "The misspelling 'teh'"
        severity = Severity.INFO
        Options = options
        visits_document = True

        def check(self, doc: object, ctx: Context) -> None:
            text = ctx.source.text
            at = text.find("teh")
            if at >= 0:
                ctx.report(at, at + 3, "'teh' is a misspelling of 'the'")

    Teh.__doc__ = doc
    return Teh


def test_complete_fake_rule_has_no_problems() -> None:
    assert docstring_problems(make_rule(FULL_DOC)) == []


@pytest.mark.parametrize("heading", REQUIRED_HEADINGS)
def test_missing_heading_is_reported(heading: str) -> None:
    doc = FULL_DOC.replace(f"## {heading}\n", "")
    assert f"docstring lacks the heading '## {heading}'" in docstring_problems(make_rule(doc))


def test_headings_out_of_order() -> None:
    doc = FULL_DOC.replace("## What it does", "## TMP").replace("## Why is this bad?",
                                                                "## What it does")
    doc = doc.replace("## TMP", "## Why is this bad?")
    assert any("out of order" in p for p in docstring_problems(make_rule(doc)))


def test_undocumented_and_nonexistent_options() -> None:
    doc = FULL_DOC.replace("- `min-length` (int): shortest word.\n",
                           "- `max-length` (int): longest word.\n")
    problems = docstring_problems(make_rule(doc))
    assert "option 'min_length' is not documented under '## Options'" in problems
    assert "'## Options' documents 'max-length', which is not an option of the rule" in problems


def test_option_without_description() -> None:
    @dataclasses.dataclass(frozen=True)
    class Bare:
        words: list[str] = dataclasses.field(default_factory=list)
        min_length: int = 3

    problems = docstring_problems(make_rule(FULL_DOC, Bare))
    assert "option 'words' has no description (option(default, description))" in problems


def test_rule_without_options_must_say_none() -> None:
    doc = FULL_DOC.split("## Options")[0] + "## Options\nNothing to see.\n\n## Fix safety\nSafe.\n"
    problems = docstring_problems(make_rule(doc, NoOptions))
    assert "a rule without options should say 'None.' under '## Options'" in problems
    ok = doc.replace("Nothing to see.", "None.")
    assert docstring_problems(make_rule(ok, NoOptions)) == []


def test_examples_need_code_blocks() -> None:
    doc = FULL_DOC.replace("```wikitext\nThis is the end.\n```", "This is the end.")
    assert "'## Use instead' has no fenced code block" in docstring_problems(make_rule(doc))


def test_headings_inside_code_blocks_are_not_sections() -> None:
    doc = FULL_DOC.replace("This is teh end.", "## not a heading: a numbered list\nteh")
    titles = [s.title for s in doc_sections(doc)]
    assert titles == list(REQUIRED_HEADINGS)
    assert code_blocks(section_text(doc, "Example"))[0].code == (
        "## not a heading: a numbered list\nteh\n")


def test_documented_options_parser() -> None:
    assert documented_options(FULL_DOC) == ["words", "min-length"]
    assert documented_options("## What it does\nx\n") is None


def test_example_runner_distinguishes_the_blocks() -> None:
    # The fake rule is not registered, so run it directly: the meta-test logic itself.
    cls = make_rule(FULL_DOC)
    example = code_blocks(section_text(cls.doc(), "Example"))[0].code
    instead = code_blocks(section_text(cls.doc(), "Use instead"))[0].code
    run = lint_source(SourceFile(example), [cls()]).findings
    assert [f.code for f in run] == ["WL999"]
    assert lint_source(SourceFile(instead), [cls()]).findings == []


# -- generation ------------------------------------------------------------------
def test_rule_markdown() -> None:
    page = rule_markdown(make_rule(FULL_DOC))
    assert page.startswith(GENERATED_MARKER + "\n\n# teh-typo (WL999)\n")
    assert "| `WL999` | `teh-typo` | info | never | none | wikitext, rendered |" in page
    assert "| `words` | `list[str]` | `[\"teh\"]` | Misspellings to flag. |" in page
    assert "| `min_length` | `int` | `3` | Shortest word to flag. |" in page
    for heading in REQUIRED_HEADINGS:
        assert f"\n## {heading}\n" in page
    assert page.endswith("Safe.\n")


def test_write_and_check_rule_docs(tmp_path: Path) -> None:
    rule = make_rule(FULL_DOC)
    assert check_rule_docs(tmp_path, [rule]) == [f"{tmp_path / 'teh-typo.md'}: missing",
                                                 f"{tmp_path / 'README.md'}: missing"]
    handwritten = tmp_path / "notes.md"
    handwritten.write_text("# My notes\n", encoding="utf-8")
    stale = tmp_path / "old-rule.md"
    stale.write_text(GENERATED_MARKER + "\n# old\n", encoding="utf-8")
    written = write_rule_docs(tmp_path, [rule])
    assert sorted(p.name for p in written) == ["README.md", "teh-typo.md"]
    assert not stale.exists() and handwritten.exists()
    assert check_rule_docs(tmp_path, [rule]) == []
    (tmp_path / "teh-typo.md").write_text("edited by hand\n", encoding="utf-8")
    assert check_rule_docs(tmp_path, [rule]) == [f"{tmp_path / 'teh-typo.md'}: out of date"]
    index = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "[teh-typo](teh-typo.md)" in index


def test_docgen_command_check_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "rules"), "--check"]) == 1
    assert "regenerate with: python -m wikilint.output.docgen docs/rules" in capsys.readouterr().err
    assert main([str(tmp_path / "rules")]) == 0
    assert main([str(tmp_path / "rules"), "--check"]) == 0


def test_explain_text() -> None:
    text = explain_text(make_rule(FULL_DOC))
    assert text.startswith("WL999 teh-typo\n\nThe misspelling 'teh'\n\nSeverity: info")
    assert "## Why is this bad?" in text
    assert "  words (list[str]) = [\"teh\"]: Misspellings to flag." in text
    assert text.endswith("\nDocumentation: https://github.com/wikilint/wikilint/blob/main/"
                         "docs/rules/teh-typo.md\n")


def test_rules_listing_formats() -> None:
    rule = make_rule(FULL_DOC)
    assert rules_listing("text", [rule]) == (
        "code   name      default  severity  fixable    summary\n"
        "WL999  teh-typo  on       info      never      The misspelling 'teh'\n")
    data = json.loads(rules_listing("json", [rule]))
    assert data[0]["url"].endswith("/docs/rules/teh-typo.md")
    assert data[0]["options"][1] == {"name": "min_length", "type": "int", "default": "3",
                                     "description": "Shortest word to flag."}
    assert rules_listing("text", []) == "No rules.\n"
    with pytest.raises(ValueError):
        rules_listing("yaml", [rule])
