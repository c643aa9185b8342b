"""``extends:`` (paths and packaged presets), merging as ruff/yamllint do, cycles;
``exclude`` with ``!`` negation; ``extend-include``."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikilint.config.load import load_config
from wikilint.config.model import ConfigError
from wikilint.lint.rule import Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def names(config, path: str = "x.wiki") -> set[str]:
    return {r.name for r in config.selected(path)}


def test_child_keys_override_and_tables_merge(tmp_path: Path) -> None:
    write(tmp_path / "shared" / "base.yaml",
          "ignore: [weasel-words]\nextend-select: [wordy-phrases]\nfail-on: warning\n"
          "exclude: [drafts]\n"
          "rules:\n  undated-citation: {severity: error, require: publication}\n"
          "  empty-section: {severity: info}\n"
          "per-file-ignores:\n  'old/**': [WL202]\n  'talk/**': [WL301]\n"
          "dialects: {'.src': wikitext}\n")
    child = write(tmp_path / "wiki" / ".wikilint.yaml",
                  "extends: ../shared/base.yaml\nfail-on: error\nextend-exclude: [tmp]\n"
                  "rules:\n  undated-citation: {require: any}\n"
                  "per-file-ignores:\n  'old/**': [WL201]\n")
    c = load_config(str(child))
    assert c.fail_on is Severity.ERROR                       # child overrides
    assert c.ignore == ("weasel-words",) and "wordy-phrases" in names(c)   # inherited
    assert c.exclude == ("drafts", "tmp")                    # extend-exclude adds
    rule = c.rules["undated-citation"]
    assert rule.severity is Severity.ERROR and rule.options["require"] == "any"  # per option
    assert c.rules["empty-section"].severity is Severity.INFO
    assert dict(c.per_file_ignores) == {"old/**": ("WL201",), "talk/**": ("WL301",)}
    assert c.dialects[".src"] == "wikitext"
    assert c.root == str(tmp_path / "wiki")                 # globs: the applying file's folder


def test_lists_replace_and_select_resets_extend_select(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", "extend-select: [wordy-phrases]\nexclude: [a, b]\n"
                                  "ignore: [WL5]\n")
    c = load_config(str(write(tmp_path / "c.yaml", "extends: base.yaml\nexclude: [c]\n"
                                                   "select: [WL3]\n")))
    assert c.exclude == ("c",)
    assert names(c) == {"unbalanced-quotes", "unbalanced-brackets", "unclosed-formatting"}


def test_a_list_of_parents_later_wins(tmp_path: Path) -> None:
    write(tmp_path / "one.yaml", "fail-on: warning\nextend-ignore: [WL201]\n")
    write(tmp_path / "two.yaml", "fail-on: error\nextend-ignore: [WL202]\n")
    c = load_config(str(write(tmp_path / "c.yaml", "extends: [one.yaml, two.yaml]\n")))
    assert c.fail_on is Severity.ERROR and set(c.extend_ignore) == {"WL201", "WL202"}


def test_presets(tmp_path: Path) -> None:
    strict = load_config(str(write(tmp_path / "s.yaml", "extends: wikilint:strict\n")))
    assert "wordy-phrases" in names(strict) and strict.fail_on is Severity.INFO
    relaxed = load_config(str(write(tmp_path / "r.yaml", "extends: wikilint:relaxed\n")))
    assert not names(relaxed) & {"weasel-words", "peacock-terms", "wordy-phrases"}
    assert relaxed.fail_on is Severity.ERROR
    assert relaxed.rules["undated-citation"].severity is Severity.INFO
    toml = write(tmp_path / "pyproject.toml",
                 '[tool.wikilint]\nextends = "wikilint:relaxed"\nfail-on = "warning"\n')
    c = load_config(str(toml))
    assert c.fail_on is Severity.WARNING and "weasel-words" not in names(c)


def test_cycles_and_missing_files_are_located_errors(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "extends: b.yaml\n")
    write(tmp_path / "b.yaml", "fail-on: info\nextends: [c.yaml]\n")
    write(tmp_path / "c.yaml", "extends: a.yaml\n")
    with pytest.raises(ConfigError) as info:
        load_config(str(tmp_path / "a.yaml"))
    err = info.value
    assert err.path.endswith("c.yaml") and (err.line, err.column) == (1, 10)
    assert "extends cycle" in err.message and "a.yaml -> b.yaml -> c.yaml -> a.yaml" in \
        err.message
    write(tmp_path / "self.yaml", "extends: self.yaml\n")
    with pytest.raises(ConfigError, match="extends cycle"):
        load_config(str(tmp_path / "self.yaml"))
    write(tmp_path / "m.yaml", "select: [WL3]\nextends: nowhere.yaml\n")
    with pytest.raises(ConfigError) as info:
        load_config(str(tmp_path / "m.yaml"))
    assert (info.value.line, info.value.column) == (2, 10)
    assert "no such configuration file: nowhere.yaml" in info.value.message
    write(tmp_path / "p.yaml", "extends: wikilint:strct\n")
    with pytest.raises(ConfigError, match="unknown preset 'wikilint:strct'.*wikilint:strict"):
        load_config(str(tmp_path / "p.yaml"))


def test_an_error_in_the_parent_names_the_parent(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", "fail-on: warning\nselekt: [WL3]\n")
    with pytest.raises(ConfigError) as info:
        load_config(str(write(tmp_path / "c.yaml", "extends: base.yaml\n")))
    assert info.value.path.endswith("base.yaml") and info.value.line == 2


def test_exclude_negation_last_match_wins(tmp_path: Path) -> None:
    c = load_config(str(write(tmp_path / ".wikilint.yaml",
                              'exclude: [drafts, "!drafts/keep.wiki", "*.bak.wiki"]\n')))
    assert c.is_excluded(str(tmp_path / "drafts" / "x.wiki"))
    assert not c.is_excluded(str(tmp_path / "drafts" / "keep.wiki"))
    assert c.is_excluded(str(tmp_path / "a.bak.wiki"))
    assert not c.is_excluded(str(tmp_path / "a.wiki"))


def test_extend_include_and_declared_dialects_walk_txt(tmp_path: Path) -> None:
    plain = load_config(str(write(tmp_path / "p.yaml", "fail-on: info\n")))
    assert plain.is_walked("a.wiki") and not plain.is_walked(str(tmp_path / "a.txt"))
    inc = load_config(str(write(tmp_path / "i.yaml", 'extend-include: ["pages/*.txt"]\n')))
    assert inc.is_walked(str(tmp_path / "pages" / "a.txt"))
    assert not inc.is_walked(str(tmp_path / "LICENSE.txt"))
    dia = load_config(str(write(tmp_path / "d.yaml", "dialects: {'.txt': rendered}\n")))
    assert dia.is_walked(str(tmp_path / "notes.txt"))
