"""Configuration: discovery, strict validation with positions, selection semantics, init."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from wikilint.cli.app import main
from wikilint.config.globs import glob_match
from wikilint.config.load import load_config, parse_config_text
from wikilint.config.model import CONFIG_NAME, Config, ConfigError, Overrides, available_rules
from wikilint.config.resolve import ConfigResolver
from wikilint.config.template import starter_config, update_config_text
from wikilint.lint.rule import Rule, Severity
from wikilint.lint.selection import SelectionError, parse_selector, select_rules

UNDATED = "Text.<ref>{{cite web|url=http://example.org|title=T}}</ref>\n"
ACCESS_ONLY = "Text.<ref>{{cite web|url=http://example.org|title=T|access-date=1 May 2015}}</ref>\n"
OPEN_PAREN = "The MEK (translation: People's Mujahedin is a group.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def codes(out: str) -> list[str]:
    return [f["code"] for f in json.loads(out)]


# ---------------------------------------------------------------- selection
def fake(code: str, name: str, tags: tuple[str, ...] = (), default: bool = True) -> type[Rule]:
    return type(name.title().replace("-", ""), (Rule,), {
        "code": code, "name": name, "tags": tags, "default_enabled": default})


RULES = [fake("WL101", "unclosed-markup", ("markup",)),
         fake("WL301", "unbalanced-quotes", ("prose", "punctuation")),
         fake("WL302", "unbalanced-brackets", ("prose", "punctuation")),
         fake("WL501", "weasel-words", ("style",)),
         fake("WL503", "wordy-phrases", ("style",), default=False)]


def chosen(**kwargs: Any) -> list[str]:
    return [r.code for r in select_rules(RULES, **kwargs)]


def test_default_selection_is_every_default_enabled_rule() -> None:
    assert chosen() == ["WL101", "WL301", "WL302", "WL501"]


def test_opt_in_rule_runs_only_when_selected_explicitly() -> None:
    assert "WL503" in chosen(extend_select=["wordy-phrases"])
    assert "WL503" in chosen(select=["ALL"])
    assert "WL503" in chosen(select=["WL5"])


def test_longer_prefix_wins() -> None:
    assert chosen(select=["WL3"], ignore=["WL30"]) == []
    assert chosen(select=["WL30"], ignore=["WL3"]) == ["WL301", "WL302"]
    assert chosen(ignore=["WL3"], extend_select=["WL301"]) == ["WL101", "WL301", "WL501"]


def test_explicit_ignore_beats_implicit_select_and_ties_ignore() -> None:
    assert chosen(ignore=["WL"]) == []
    assert chosen(select=["WL301"], ignore=["unbalanced-quotes"]) == []


def test_tags_sit_between_the_whole_family_and_a_hundreds_prefix() -> None:
    assert chosen(select=["WL"], ignore=["punctuation"]) == ["WL101", "WL501", "WL503"]
    assert chosen(select=["punctuation"], ignore=["WL"]) == ["WL301", "WL302"]
    assert chosen(select=["style"], ignore=["WL50"]) == []


def test_names_codes_any_case() -> None:
    assert chosen(select=["wl301", "unbalanced-brackets"]) == ["WL301", "WL302"]


def test_unknown_selector_names_the_allowed_values() -> None:
    with pytest.raises(SelectionError) as err:
        parse_selector("unbalanced-quote", RULES)
    assert "did you mean 'unbalanced-quotes'" in str(err.value)
    assert "WL301" in str(err.value)
    with pytest.raises(SelectionError):
        parse_selector("WL7", RULES)


# ---------------------------------------------------------------- validation
def error_of(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as err:
        parse_config_text(text, "/p/.wikilint.yaml")
    return err.value


@pytest.mark.parametrize("text, line, column, fragments", [
    ("selct: [WL3]\n", 1, 1, ["unknown key 'selct'", "did you mean 'select'", "fail-on"]),
    ("select: [WL3]\nignore: [WL777]\n", 2, 10, ["'WL777' matches no rule"]),
    ("rules:\n  unbalanced-quote: {severity: error}\n", 2, 3,
     ["unknown rule 'unbalanced-quote'", "did you mean 'unbalanced-quotes'"]),
    ("rules:\n  undated-citation:\n    requires: publication\n", 3, 5,
     ["unknown option 'requires' for rule 'undated-citation' (allowed: severity, require",
      "did you mean 'require'?"]),
    ("rules:\n  undated-citation:\n    severity: fatal\n", 3, 15,
     ["'severity' must be one of error, warning, info", "'fatal'"]),
    ("rules:\n  empty-section:\n    hatnotes-are-content: 3\n", 3, 27,
     ["must be a boolean", "not an integer"]),
    ("rules:\n  undated-citation:\n    extra-templates: cite foo\n", 3, 22,
     ["must be a list of strings"]),
    ("fail-on: sometimes\n", 1, 10, ["one of error, warning, info"]),
    ("exclude: 3\n", 1, 10, ["must be a list of strings"]),
    ("dialects: {wiki: wikitext}\n", 1, 12, ["not a file extension"]),
    ("dialects: {.src: markdown}\n", 1, 18, ["one of wikitext, rendered"]),
    ("per-file-ignores:\n  'a/*.wiki': [WL999]\n", 2, 16, ["'WL999' matches no rule"]),
    ("- select\n", 1, 1, ["must be a mapping"]),
    ("select: [WL3\nignore: []\n", 2, 7, ["malformed YAML"]),
    ("select: [WL3]\nselect: [WL4]\n", 2, 1, ["malformed YAML", "duplicate"]),
])
def test_invalid_configuration_is_located(text: str, line: int, column: int,
                                          fragments: list[str]) -> None:
    err = error_of(text)
    assert (err.line, err.column) == (line, column), str(err)
    assert str(err).startswith(f"/p/.wikilint.yaml:{line}:{column}: ")
    for fragment in fragments:
        assert fragment in str(err)


def test_option_values_outside_a_literal_or_rejected_by_the_rule() -> None:
    # 'require' is Literal["any", "publication"] (or validated by the Options class)
    err = error_of("rules:\n  undated-citation:\n    require: sometimes\n")
    assert "undated-citation" in str(err) and "sometimes" in str(err)
    assert err.line in (2, 3)


def test_valid_configuration_is_frozen_and_typed(tmp_path: Path) -> None:
    config = parse_config_text(
        "select: [WL2, WL3]\nignore: WL302\nfail-on: warning\nexclude: [drafts]\n"
        "rules:\n  WL401: {severity: error, require: publication,"
        " extra-templates: [cite foo]}\n"
        "dialects: {.SRC: rendered}\n", str(tmp_path / CONFIG_NAME))
    assert config.select == ("WL2", "WL3") and config.ignore == ("WL302",)
    assert config.fail_on is Severity.WARNING
    settings = config.rules["undated-citation"]
    assert settings.severity is Severity.ERROR
    assert settings.options == {"require": "publication", "extra_templates": ["cite foo"]}
    assert config.dialect_of("x/y.src") == "rendered"
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.select = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.rules["x"] = settings  # type: ignore[index]
    rule_set = config.rule_set()
    expected = {r.code for r in available_rules() if r.code.startswith(("WL2", "WL3"))}
    assert {r.code for r in rule_set.rules} == expected - {"WL302"}
    assert "WL302" in expected


def test_empty_file_is_the_default_configuration(tmp_path: Path) -> None:
    config = load_config(str(write(tmp_path / CONFIG_NAME, "# nothing yet\n")))
    assert config.select is None and config.fail_on is Severity.INFO


# ---------------------------------------------------------------- discovery of config files
def test_closest_configuration_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / CONFIG_NAME, "select: [WL302]\n")
    write(tmp_path / "sub" / CONFIG_NAME, "select: [WL401]\n")
    write(tmp_path / "a.wiki", OPEN_PAREN + UNDATED)
    write(tmp_path / "sub" / "deeper" / "b.wiki", OPEN_PAREN + UNDATED)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--format", "json", ".")
    found = {(f["path"], f["code"]) for f in json.loads(out)}
    assert found == {("a.wiki", "WL302"), ("sub/deeper/b.wiki", "WL401")}
    assert code == 1


def test_pyproject_tool_table_is_read_and_yaml_beats_it(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.wikilint]\n'
          'select = ["WL401"]\n\n[tool.wikilint.rules.undated-citation]\n'
          'severity = "error"\n')
    write(tmp_path / "a.wiki", OPEN_PAREN + UNDATED)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--format", "json", "a.wiki")
    assert [(f["code"], f["severity"]) for f in json.loads(out)] == [("WL401", "error")]
    write(tmp_path / CONFIG_NAME, "select: [WL302]\n")
    code, out, _ = run(capsys, "--format", "json", "a.wiki")
    assert codes(out) == ["WL302"]


def test_pyproject_without_tool_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / CONFIG_NAME, "select: [WL302]\n")
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "wikilint-notes"\n')
    config = ConfigResolver().for_path(str(tmp_path / "pkg" / "a.wiki"))
    assert config.path == str(tmp_path / CONFIG_NAME)


def test_pyproject_errors_are_located(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml",
                 '[tool.wikilint]\nselect = ["WL3"]\nfail_on = "error"\n')
    with pytest.raises(ConfigError) as err:
        load_config(str(path))
    assert (err.value.line, err.value.column) == (3, 1)
    assert "unknown key 'fail_on'" in str(err.value) and "did you mean 'fail-on'" in str(err.value)
    path = write(tmp_path / "pyproject.toml", '[tool.wikilint\nselect = 1\n')
    with pytest.raises(ConfigError) as err:
        load_config(str(path))
    assert "malformed TOML" in str(err.value) and err.value.line == 1


def test_explicit_config_and_isolated(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / CONFIG_NAME, "select: [WL302]\n")
    other = write(tmp_path / "elsewhere.yaml", "select: [WL401]\n")
    write(tmp_path / "a.wiki", OPEN_PAREN + UNDATED)
    monkeypatch.chdir(tmp_path)
    assert codes(run(capsys, "--format", "json", "--config", str(other), "a.wiki")[1]) == \
        ["WL401"]
    assert sorted(codes(run(capsys, "--format", "json", "--isolated", "a.wiki")[1])) == \
        ["WL302", "WL401"]


def test_cli_flags_override_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / CONFIG_NAME, "select: [WL302]\nfail-on: error\n")
    write(tmp_path / "a.wiki", OPEN_PAREN + UNDATED)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--format", "json", "a.wiki")
    assert codes(out) == ["WL302"] and code == 0  # a warning does not fail with fail-on: error
    code, out, _ = run(capsys, "--format", "json", "--select", "WL401", "--fail-on", "warning",
                       "a.wiki")
    assert codes(out) == ["WL401"] and code == 1
    code, out, _ = run(capsys, "--format", "json", "--extend-select", "WL401", "a.wiki")
    assert sorted(codes(out)) == ["WL302", "WL401"]


def test_rule_options_and_severity_take_effect(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "a.wiki", ACCESS_ONLY)
    monkeypatch.chdir(tmp_path)
    assert codes(run(capsys, "--format", "json", "a.wiki")[1]) == []  # an access date is enough
    write(tmp_path / CONFIG_NAME, "rules:\n  undated-citation:\n    severity: error\n"
          "    require: publication\n")
    out = json.loads(run(capsys, "--format", "json", "a.wiki")[1])
    assert [(f["code"], f["severity"]) for f in out] == [("WL401", "error")]


def test_per_file_ignores_exclude_and_dialects(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / CONFIG_NAME,
          "per-file-ignores:\n  'drafts/**': [unbalanced-brackets]\n"
          "exclude: [old, '*.skip.wiki']\ndialects: {.src: wikitext}\n")
    for rel in ("drafts/a.wiki", "drafts/deep/b.wiki", "c.wiki", "old/d.wiki", "e.skip.wiki",
                "f.src"):
        write(tmp_path / rel, OPEN_PAREN)
    monkeypatch.chdir(tmp_path)
    out = json.loads(run(capsys, "--format", "json", ".")[1])
    assert sorted(f["path"] for f in out) == ["c.wiki", "f.src"]
    # per-file-ignores applies after selection, even to an explicitly selected rule
    out = json.loads(run(capsys, "--format", "json", "--select", "WL302", "drafts")[1])
    assert out == []


def test_malformed_config_fails_its_files_only(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "bad" / CONFIG_NAME, "rules:\n  nope: {}\n")
    write(tmp_path / "bad" / "a.wiki", OPEN_PAREN)
    write(tmp_path / "good" / "b.wiki", OPEN_PAREN)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--format", "json", "bad", "good")
    assert code == 2
    assert [f["path"] for f in json.loads(out)] == ["good/b.wiki"]
    assert err.count(f"bad{os.sep}{CONFIG_NAME}:2:3: unknown rule 'nope'") == 1
    assert "Traceback" not in err


def test_explicit_broken_config_stops_the_run(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    bad = write(tmp_path / "c.yaml", "select: [WL3\n")
    write(tmp_path / "a.wiki", OPEN_PAREN)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--config", str(bad), "a.wiki")
    assert code == 2 and out == ""
    assert err.startswith("c.yaml:2:1: malformed YAML") and len(err.splitlines()) == 1


def test_unknown_cli_selector_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--ignore", "WL7", "x.wiki")
    assert code == 2 and "--ignore: 'WL7' matches no rule" in err and out == ""


def test_overrides_replace_and_extend() -> None:
    base = Config(select=("WL3",), ignore=("WL301",), exclude=("a",))
    merged = base.with_overrides(Overrides(ignore=("WL302",), extend_select=("WL401",),
                                           extend_exclude=("b",)))
    assert merged.select == ("WL3",) and merged.ignore == ("WL302",)
    assert merged.extend_select == ("WL401",)
    assert merged.exclude == ("a",) and merged.cli_exclude == ("b",)


# ---------------------------------------------------------------- globs
@pytest.mark.parametrize("pattern, path, expected", [
    ("drafts", "drafts/a.wiki", True),
    ("drafts", "x/drafts/a.wiki", True),
    ("drafts", "drafts.wiki", False),
    ("*.bak.wiki", "a/b/c.bak.wiki", True),
    ("a/*.wiki", "a/b.wiki", True),
    ("a/*.wiki", "a/x/b.wiki", False),
    ("a/**/*.wiki", "a/b.wiki", True),
    ("a/**/*.wiki", "a/x/y/b.wiki", True),
    ("/a/b.wiki", "a/b.wiki", True),
    ("./a/", "a/b.wiki", True),
    ("a/[bc].wiki", "a/c.wiki", True),
    ("a/[!bc].wiki", "a/c.wiki", False),
    ("**/tmp", "x/y/tmp/z.wiki", True),
])
def test_glob_match(pattern: str, path: str, expected: bool) -> None:
    assert glob_match(pattern, path) is expected


# ---------------------------------------------------------------- init and config
def test_init_writes_every_rule_and_the_file_validates(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "init", str(tmp_path))
    assert code == 0 and "wrote" in out
    text = (tmp_path / CONFIG_NAME).read_text(encoding="utf-8")
    for rule in available_rules():
        assert f"  {rule.name}:\n    severity: {rule.severity.value}\n" in text
        assert f"# {rule.code} {rule.name}: " in text
    config = load_config(str(tmp_path / CONFIG_NAME))
    assert set(config.rules) == {r.name for r in available_rules()}
    code, out, _ = run(capsys, "init", str(tmp_path))
    assert code == 0 and "up to date" in out


def test_init_updates_in_place_keeping_comments_and_order(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = ("# my team's settings\nfail-on: warning  # CI is strict\n"
           "rules:\n  # we care about brackets\n  WL302: {severity: error}\n"
           "  empty-section:\n    severity: info\n")
    write(tmp_path / CONFIG_NAME, own)
    code, out, _ = run(capsys, "init", str(tmp_path))
    assert code == 0 and "added" in out and "empty-section.hatnotes-are-content" in out
    text = (tmp_path / CONFIG_NAME).read_text(encoding="utf-8")
    assert text.startswith("# my team's settings\nfail-on: warning  # CI is strict\n"
                           "rules:\n  # we care about brackets\n  WL302: {severity: error}\n"
                           "  empty-section:\n    severity: info\n")
    assert "  undated-citation:\n" in text and "unbalanced-brackets:" not in text
    config = load_config(str(tmp_path / CONFIG_NAME))
    assert config.rules["unbalanced-brackets"].severity is Severity.ERROR
    assert config.rules["empty-section"].severity is Severity.INFO


def test_update_of_an_empty_file_writes_the_starter() -> None:
    text, added = update_config_text("", available_rules())
    assert text == starter_config(available_rules()) and added


def test_config_command_prints_effective_settings(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / CONFIG_NAME, "ignore: [WL302]\nper-file-ignores: {'x/*': [WL401]}\n")
    target = write(tmp_path / "x" / "a.wiki", "")
    code, out, _ = run(capsys, "config", "--format", "json", str(target))
    data = json.loads(out)
    assert code == 0 and data["configuration"] == str(tmp_path / CONFIG_NAME)
    assert data["rules"]["unbalanced-brackets"]["enabled"] is False
    assert data["rules"]["undated-citation"]["enabled"] is False
    assert data["rules"]["undated-citation"]["options"]["require"]
    assert data["rules"]["empty-section"]["enabled"] is True
    assert data["per-file-ignores-applied"] == ["WL401"]
    code, out, _ = run(capsys, "config", str(target))
    assert code == 0 and out.startswith("# effective wikilint configuration for ")
    assert "unbalanced-brackets:\n    code: WL302\n    enabled: false" in out


def test_packs_key_loads_extra_rule_packs(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "house.yaml", """\
rules:
  - code: WL591
    name: house-style-words
    type: existence
    summary: Words our style guide bans
    severity: warning
    tags: [style]
    message: "'{match}' is banned by the house style"
    tokens: [utilize]
    doc: |
      ## What it does
      Flags banned words.

      ## Why is this bad?
      The house style (based on MOS:WTW) bans them.

      ## Example
      ```wikitext
      We utilize it.
      ```

      ## Use instead
      ```wikitext
      We use it.
      ```

      ## Options
      - `ignore` (list of strings, default `[]`): words not to flag.

      ## Fix safety
      No fix.
""")
    write(tmp_path / CONFIG_NAME, "packs: [house.yaml]\nselect: [house-style-words]\n")
    write(tmp_path / "a.wiki", "We utilize the tool every day.\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--format", "json", "a.wiki")
    assert codes(out) == ["WL591"], err
    write(tmp_path / CONFIG_NAME, "packs: [missing.yaml]\n")
    code, out, err = run(capsys, "a.wiki")
    assert code == 2 and f"{CONFIG_NAME}:1:9: rule pack not found" in err
