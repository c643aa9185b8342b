"""Start-up: what a small run imports and reads (issue 9: the seed in at most 0.2 s).

Not timed: the tests check which modules a run imports and that the caches
that spare the YAML and TOML parsers give back the configuration they would.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.machinery import PathFinder
from pathlib import Path

import pytest

from wikilint.config.load import load_config, parse_config_text
from wikilint.config.model import ConfigError
from wikilint.regex_cache import compile_cached
from wikilint.rules import registry
from wikilint.runner.cache import config_identity

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_708e36cc2bd48137.txt"

#: Modules a run over a few files needs none of: the worker pool, the Dask engine, the
#: language server, plugin discovery's importlib.metadata (and the email package it
#: loads), the XML dump reader.
NOT_FOR_SMALL_RUNS = ("multiprocessing", "concurrent.futures", "dask", "distributed",
                      "wikilint.server", "importlib.metadata", "email", "xml.etree")

_PROBE = """
import io, json, sys
from wikilint.cli.app import main
out, sys.stdout = sys.stdout, io.StringIO()
status = main(sys.argv[1:])
sys.stdout = out
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def probe(args: list[str], cwd: Path, cache: Path) -> tuple[int, set[str]]:
    """(exit status, modules imported) of a ``wikilint ARGS`` run in a fresh process."""
    env = {**os.environ, "WIKILINT_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("WIKILINT_NO_CACHE", None)
    proc = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout.splitlines()[-1])
    return data["status"], set(data["modules"])


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / ".wikilint.yaml").write_text("extend-include: ['*.txt']\n"
                                             "rules:\n  unbalanced-brackets:\n"
                                             "    severity: error\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "wikilint-pages"\n'
                                             '[project.scripts]\nwikilint = "x:y"\n',
                                             encoding="utf-8")
    for i in range(4):  # a pre-commit batch
        (tmp_path / f"page{i}.wiki").write_text(f"Text {i} (unclosed.\n\n== Section ==\n"
                                                "It says \"hello.\n", encoding="utf-8")
    return tmp_path


def test_a_small_run_imports_no_pool_plugin_metadata_or_dump_reader(project: Path) -> None:
    cache = project / "cache"
    pages = [f"page{i}.wiki" for i in range(4)]
    first, modules = probe(pages, project, cache)  # default -j: one worker per core
    assert first == 1
    assert loaded(modules, NOT_FOR_SMALL_RUNS) == []
    again, modules = probe(["--no-cache", *pages], project, cache)
    assert again == 1
    assert loaded(modules, NOT_FOR_SMALL_RUNS) == []
    # the configuration and the pyproject.toml were read before: no YAML or TOML parser
    assert loaded(modules, ("ruamel", "tomllib")) == []


RULE_MODULES = ("wikilint.rules.unbalanced_quotes", "wikilint.rules.undated_citation",
                "wikilint.analysis.citations", "wikilint.analysis.quotes", "wikilint.lint.engine")


def test_a_cached_run_does_not_even_load_the_parser(project: Path) -> None:
    cache = project / "cache"
    assert probe(["page0.wiki"], project, cache)[0] == 1
    status, modules = probe(["page0.wiki"], project, cache)
    assert status == 1
    assert loaded(modules, NOT_FOR_SMALL_RUNS + ("ruamel", "tomllib", "pyparsing",
                                                   "wikilint.syntax.parser", "lzma",
                                                   "bz2", "gzip", "shutil")) == []
    # a configuration that names no rule: not even the rules are imported
    (project / ".wikilint.yaml").write_text("extend-include: ['*.txt']\n", encoding="utf-8")
    assert probe(["page1.wiki"], project, cache)[0] == 1
    status, modules = probe(["page1.wiki"], project, cache)
    assert status == 1
    assert loaded(modules, RULE_MODULES + ("pyparsing",)) == []
    # the formatter loads them when it needs their names
    status, modules = probe(["--statistics", "page1.wiki"], project, cache)
    assert status == 1 and "wikilint.rules.unbalanced_quotes" in modules


def test_the_seed_imports_nothing_it_does_not_need(tmp_path: Path) -> None:
    status, modules = probe([str(SEED)], ROOT, tmp_path / "cache")
    assert status == 1
    # nor the pickler that sends configurations to workers
    assert loaded(modules, NOT_FOR_SMALL_RUNS + ("pickle", "wikilint.runner.wire")) == []


#: A full lint of the seed in a fresh process, reporting what start-up work it did:
#: the dataclasses made (each compiles its generated methods, ~3.4 M instructions)
#: and the patterns wikilint's own modules handed to re.compile (cached: none).
_WORK_PROBE = """
import dataclasses, io, json, re, sys
made, compiled = [], []
make = dataclasses._process_class
def counting(cls, *args, **kwargs):
    made.append(cls.__qualname__)
    return make(cls, *args, **kwargs)
dataclasses._process_class = counting
plain_compile = re.compile
def watched(pattern, flags=0):
    if sys._getframe(1).f_globals.get("__name__", "").startswith("wikilint"):
        compiled.append(pattern)
    return plain_compile(pattern, flags)
re.compile = watched
from wikilint.cli.app import main
out, sys.stdout = sys.stdout, io.StringIO()
status = main(sys.argv[1:])
sys.stdout = out
print(json.dumps({"status": status, "dataclasses": made, "compiled": compiled}))
"""


def test_a_full_lint_makes_no_dataclass_but_rule_options_and_compiles_no_pattern(
        tmp_path: Path) -> None:
    env = {**os.environ, "WIKILINT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    runs = []
    for _ in range(2):  # the first run keeps the patterns' code, the second reads it
        proc = subprocess.run([sys.executable, "-c", _WORK_PROBE, "--no-cache", str(SEED)],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
        assert proc.returncode == 0, proc.stderr
        runs.append(json.loads(proc.stdout.splitlines()[-1]))
    for run in runs:
        assert run["status"] == 1
        # the rules' option classes stay dataclasses (the plugin API reads their fields);
        # every other record is a wikilint.records class
        assert [name for name in run["dataclasses"] if not name.endswith("Options")] == []
        assert len(run["dataclasses"]) <= 8
    assert runs[1]["compiled"] == []


# ------------------------------------------------------------------ plugin discovery
def write_dist(site: Path, name: str, entry_points: str | None) -> None:
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)


def test_plugin_discovery_looks_for_the_group_before_importing_metadata(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    write_dist(site, "other", "[console_scripts]\nother = other:main\n")
    write_dist(site, "bare", None)
    monkeypatch.setattr(sys, "path", [str(site), str(tmp_path / "missing")])
    # only the standard finder: an imported package (dask brings the importlib_metadata
    # backport) may have added a finder of distributions, which rightly answers yes
    monkeypatch.setattr(sys, "meta_path", [f for f in sys.meta_path
                                           if not hasattr(f, "find_distributions")
                                           or f is PathFinder])
    assert registry._may_declare_plugins() is False
    write_dist(site, "Shout.Plug", "[wikilint.rules]\nshout = shoutplug:Rule\n")
    assert registry._may_declare_plugins() is True


def test_plugin_discovery_defers_to_metadata_for_a_zip_on_the_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "plugins.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip file
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert registry._may_declare_plugins() is True


# ------------------------------------------------------------------ configuration cache
CONFIGS = [
    "select: [WL3, incomplete-section]\nignore: [WL302]\nfail-on: error\n",
    "rules:\n  undated-citation: &info {severity: info}\n  empty-section: *info\n"
    "per-file-ignores:\n  'drafts/*': [WL201]\ndialects:\n  .txt: rendered\n",
    "extend-select: [WL5]\nrules:\n  peacock-terms:\n    ignore: [legendary]\n"
    "exclude: [build/]\nrespect-gitignore: false\ncache-dir: .cache\n",
    "",
]


@pytest.mark.parametrize("text", CONFIGS)
def test_a_configuration_read_again_from_the_cache_is_the_same(
        text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import wikilint.config.load as load

    monkeypatch.setenv("WIKILINT_CACHE_DIR", str(tmp_path / "cache"))
    path = str(tmp_path / ".wikilint.yaml")
    first = parse_config_text(text, path)
    assert len(list((tmp_path / "cache").glob("config-*.json"))) == 1
    calls: list[object] = []
    monkeypatch.setattr(load, "yaml_where", lambda data: calls.append(data))
    second = parse_config_text(text, path)  # from the cache: the YAML is not parsed
    assert calls == []
    assert second == first
    assert config_identity(second) == config_identity(first)


def test_a_cached_configuration_that_no_longer_validates_is_located(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text("rules: []\n", encoding="utf-8")
    text = "select: [WL1]\n\npacks: [pack.yaml, missing.yaml]\n"
    path = str(tmp_path / ".wikilint.yaml")
    monkeypatch.setenv("WIKILINT_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(ConfigError) as fresh:
        parse_config_text(text, path)  # not valid: nothing cached
    (tmp_path / "missing.yaml").write_text("rules: []\n", encoding="utf-8")
    parse_config_text(text, path)  # valid: cached
    (tmp_path / "missing.yaml").unlink()  # the text is unchanged, but a pack is gone
    with pytest.raises(ConfigError) as again:
        parse_config_text(text, path)
    assert str(again.value) == str(fresh.value)
    assert again.value.line == 3


def test_an_invalid_configuration_is_not_cached(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIKILINT_CACHE_DIR", str(tmp_path / "cache"))
    for _ in range(2):
        with pytest.raises(ConfigError) as info:
            parse_config_text("select: [WL1]\nfail-on: never\n", str(tmp_path / "c.yaml"))
        assert info.value.line == 2
    assert not list((tmp_path / "cache").glob("config-*.json"))


def test_pyproject_tables_read_again_from_the_cache(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import tomllib

    monkeypatch.setenv("WIKILINT_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "wikilint-x"\n\n[tool.wikilint]\nselect = ["WL3"]\n'
                    'fail-on = "error"\n', encoding="utf-8")
    first = load_config(str(path))
    odd = tmp_path / "odd" / "pyproject.toml"  # a table that is not a mapping
    odd.parent.mkdir()
    odd.write_text('[tool]\nwikilint = 5\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a mapping") as fresh:
        load_config(str(odd))

    def refuse(text: str) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(tomllib, "loads", refuse)
    assert load_config(str(path)) == first
    with pytest.raises(ConfigError) as again:
        load_config(str(odd))
    assert str(again.value) == str(fresh.value)


# ------------------------------------------------------------------ compiled patterns
PATTERNS = [
    (r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P=day)?", 0),
    (r"(?<![\w.])(?:c\.\s*)?\d{1,4}\s?(?:BCE?|AD)(?!\w)|(?i:siècle)", re.IGNORECASE),
    (r"""(?x) \b (?: mai | май | 五月 ) \s* # month
         (\d{4}) $""", re.MULTILINE),
    (r"[\u0300-\u036f\w'’-]+", 0),
    (r"(?s)<!--.*?-->", re.ASCII),
]


@pytest.mark.parametrize("pattern, flags", PATTERNS)
def test_a_kept_pattern_is_the_pattern_re_compiles(pattern: str, flags: int, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIKILINT_CACHE_DIR", str(tmp_path))
    expected = re.compile(pattern, flags)
    first = compile_cached(pattern, flags)  # generated and kept
    assert len(list(tmp_path.glob("re-*.marshal"))) == 1
    second = compile_cached(pattern, flags)  # read back
    for got in (first, second):
        assert got == expected  # same pattern, flags and engine code
        assert (got.groups, got.groupindex, got.flags) == \
            (expected.groups, expected.groupindex, expected.flags)
    assert second.findall("12.5.12 mai 2006 400 AD ÉÉ <!--x\n-->") == \
        expected.findall("12.5.12 mai 2006 400 AD ÉÉ <!--x\n-->")


def test_a_damaged_or_foreign_entry_is_compiled_again(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIKILINT_CACHE_DIR", str(tmp_path))
    compile_cached(r"(a)(b)", 0)
    entry, = tmp_path.glob("re-*.marshal")
    entry.write_bytes(b"\x00garbage")
    assert compile_cached(r"(a)(b)", 0) == re.compile(r"(a)(b)")
    import marshal

    other = compile_cached(r"x+", 0)  # an entry whose pattern is another one
    entry.write_bytes(marshal.dumps((r"x+", marshal.loads(
        next(p for p in tmp_path.glob("re-*.marshal") if p != entry).read_bytes())[1])))
    assert compile_cached(r"(a)(b)", 0) == re.compile(r"(a)(b)")
    assert other == re.compile(r"x+")


def test_patterns_compile_without_a_writable_cache(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("WIKILINT_CACHE_DIR", str(blocked / "cache"))
    assert compile_cached(r"\bMay\b", re.IGNORECASE) == re.compile(r"\bMay\b", re.IGNORECASE)
    with pytest.raises(re.error):
        compile_cached(r"(unclosed", 0)


def test_the_date_patterns_are_those_re_compiles(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from wikilint.analysis import dates

    monkeypatch.setenv("WIKILINT_CACHE_DIR", str(tmp_path))
    for _ in range(2):  # kept, then read back
        dates._patterns.cache_clear()
        for got in dates._patterns():
            assert got == re.compile(got.pattern, got.flags)
    dates._patterns.cache_clear()


def test_kept_patterns_go_to_the_packs_cache_folder(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from wikilint import regex_cache
    from wikilint.analysis import wordlists

    monkeypatch.delenv("WIKILINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert Path(regex_cache.cache_dir()) == wordlists.cache_dir() == tmp_path / "xdg" / "wikilint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert Path(regex_cache.cache_dir()) == wordlists.cache_dir()
    monkeypatch.setenv("WIKILINT_CACHE_DIR", str(tmp_path / "own"))
    assert Path(regex_cache.cache_dir()) == wordlists.cache_dir() == tmp_path / "own"
