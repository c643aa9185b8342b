"""An untrusted configuration (a pull request's ``.wikilint.yaml``) cannot knock over a run.

Issue 12, item 5: alias bombs and deep nesting are refused before anything
is built, tags are refused with a located one-line error, messages never
quote a value in full, and random or mutated YAML always gives a Config or
a ConfigError, quickly.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wikilint.cli.app import main
from wikilint.config.load import MAX_YAML_DEPTH, parse_config_text
from wikilint.config.model import Config, ConfigError

BOMB = """\
a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
{key}: [*g,*g,*g,*g,*g,*g,*g,*g,*g]
"""

SAMPLE = """\
select: [WL1, unbalanced-quotes]
ignore: WL501
fail-on: warning
exclude: ["drafts/**"]
per-file-ignores:
  "talk/*.wiki": [WL3]
rules:
  undated-citation:
    severity: info
    require: [date]
dialects:
  "*.txt": wikitext
defaults: &d {severity: warning}
"""


def error_of(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse_config_text(text, "cfg.yaml", root=".")
    return info.value


def one_short_line(exc: ConfigError) -> str:
    text = str(exc)
    assert "\n" not in text and len(text) < 300, text
    assert "Tagged" not in text and "Commented" not in text and "ruamel" not in text
    return text


@pytest.mark.parametrize("key", ["fail-on", "dialects", "select", "rules", "unknown-key"])
def test_alias_bomb_is_refused_quickly(key: str) -> None:
    start = time.process_time()
    exc = error_of(BOMB.format(key=key))
    assert time.process_time() - start < 5
    text = one_short_line(exc)
    assert "aliases expanded" in text and exc.line is not None


def test_a_few_aliases_are_fine() -> None:
    config = parse_config_text("select: &s [WL1, WL3]\nignore: *s\n", "cfg.yaml", root=".")
    assert isinstance(config, Config)


@pytest.mark.parametrize("text", ["select: !foo [WL777]\n", "fail-on: !!python/none x\n",
                                  "rules: !custom {a: 1}\n", "select:\n  - !foo WL101\n"])
def test_tags_are_refused_with_a_located_error(text: str) -> None:
    exc = error_of(text)
    message = one_short_line(exc)
    assert "tag" in message and exc.line is not None and exc.column is not None


def test_core_tags_are_refused_too() -> None:
    assert "'!!str' is not allowed" in one_short_line(error_of("fail-on: !!str error\n"))


@pytest.mark.parametrize("opener,closer", [("[", "]"), ("{a: ", "}")])
def test_deep_nesting_is_refused_quickly(opener: str, closer: str) -> None:
    start = time.process_time()
    exc = error_of("select: " + opener * 5000 + closer * 5000 + "\n")
    assert time.process_time() - start < 5
    assert f"nested more than {MAX_YAML_DEPTH} deep" in one_short_line(exc)
    assert exc.line == 1


def test_block_nesting_is_refused_too() -> None:
    text = "rules:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(60)) + \
        "  " * 61 + "v\n"
    assert "nested more than" in one_short_line(error_of(text))


def test_error_messages_never_quote_a_long_value_in_full() -> None:
    long = "x" * 100_000
    for text in (f"fail-on: {long}\n", f"select: {{a: {long}}}\n", f"exclude: 5\n{long}: 1\n"):
        exc = error_of(text)
        assert len(str(exc)) < 300


def test_the_command_line_exits_2_with_file_line_col(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.wiki").write_text("Text.\n", encoding="utf-8")
    for text in ("select: !foo [WL777]\n", BOMB.format(key="fail-on"),
                 "select: " + "[" * 3000 + "]" * 3000 + "\n"):
        (tmp_path / ".wikilint.yaml").write_text(text, encoding="utf-8")
        assert main(["p.wiki"]) == 2
        err = capsys.readouterr().err
        assert "internal error" not in err and "Traceback" not in err
        assert err.startswith(".wikilint.yaml:1:") or err.startswith(".wikilint.yaml:")
        first = err.splitlines()[0]
        assert first.split(":")[1].isdigit() and first.split(":")[2].isdigit(), first
        assert len(err) < 500


# ------------------------------------------------------------------------- fuzzing
YAML_PIECES = ["select", "ignore", "fail-on", "rules", "dialects", "exclude", "packs",
               "per-file-ignores", "severity", "WL101", "&a", "*a", "&b", "*b", "!foo", "!!str",
               "!!python/object:os.system", "[", "]", "{", "}", ":", ": ", ",", "- ", "\n",
               "  ", "'", '"', "#", "|", ">", "---", "...", "%YAML 1.2", "%TAG ! tag:x,", "?",
               "~", "null", "true", "1e9", "0x1F", "\t", "\\", "\x00", "é", "<<: *a"]


def check_loader(text: str) -> None:
    start = time.process_time()
    try:
        result = parse_config_text(text, "cfg.yaml", root=".")
    except ConfigError as exc:
        one_short_line(exc)
    else:
        assert isinstance(result, Config)
    assert time.process_time() - start < 2.0, f"{len(text)} characters"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=60).map("".join))
def test_fuzz_random_yaml(text: str) -> None:
    check_loader(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE)), st.integers(0, 3),
                          st.sampled_from(YAML_PIECES)), min_size=1, max_size=6))
def test_fuzz_mutated_configuration(edits: list[tuple[int, int, str]]) -> None:
    text = SAMPLE
    for at, cut, piece in edits:
        at = min(at, len(text))
        text = text[:at] + piece + text[at + cut:]
    check_loader(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_fuzz_any_text(text: str) -> None:
    check_loader(text)


def test_deeply_nested_toml_is_a_located_error(tmp_path: Path) -> None:
    from wikilint.config.load import load_config

    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.wikilint]\nselect = " + "[" * 5000 + "]" * 5000 + "\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(str(path))
    assert "nested too deep" in one_short_line(info.value) and info.value.line == 1
