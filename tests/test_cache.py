"""The result cache (issue 9 part 3): same findings, keyed right, safe, never fatal."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest
from corpus_paths import corpus_path

from wikilint.api import lint_text, resolve_config
from wikilint.cli.app import main
from wikilint.runner.cache import (
    ResultCache,
    config_identity,
    decode_findings,
    encode_findings,
    remove_cache,
)

SEED_TEXT = "== History ==\n== Later ==\nHe said \"hello. <b>bold\n[[Link|x]] ''it\n"


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIKILINT_NO_CACHE", raising=False)
    monkeypatch.delenv("WIKILINT_CACHE_DIR", raising=False)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for i, name in enumerate(sorted(corpus_path("articles").iterdir())[::20][:5]):
        (tmp_path / f"a{i}.wiki").write_text(name.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "seed.wiki").write_text(SEED_TEXT, encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list, str]:
    code = main(["--isolated", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else [], err


def entries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.parent.name != folder.name]


def test_second_run_is_served_from_the_cache_with_identical_findings(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = run(capsys, ".")
    cache = project / ".wikilint_cache"
    assert len(entries(cache)) == 6
    assert (cache / "CACHEDIR.TAG").is_file() and (cache / ".gitignore").is_file()

    import wikilint.cli.run as cli_run

    def no_lint(*args, **kwargs):
        raise AssertionError("linted although cached")

    monkeypatch.setattr(cli_run, "lint_text_with", no_lint)
    second = run(capsys, ".")
    assert second == first
    assert any("fix" in f for f in first[1])  # fixes come back from the cache too


def test_round_trip_keeps_every_field() -> None:
    findings = lint_text(SEED_TEXT, "seed.wiki")
    assert any(f.fix is not None for f in findings)
    back = decode_findings(json.loads(json.dumps(encode_findings(findings))))
    assert back == findings
    assert [f.to_dict() for f in back] == [f.to_dict() for f in findings]


def test_changed_text_or_configuration_misses(project: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "seed.wiki")
    cache = ResultCache(project / ".wikilint_cache")
    config = resolve_config()
    key = cache.key("seed.wiki", "wikitext", config)
    assert cache.get(key, SEED_TEXT) is not None
    assert cache.get(key, SEED_TEXT + "More.\n") is None
    # the text changed: its new findings replace the entry (one entry per file)
    (project / "seed.wiki").write_text(SEED_TEXT + "More.\n", encoding="utf-8")
    run(capsys, "seed.wiki")
    assert len(entries(project / ".wikilint_cache")) == 1
    # the configuration: selection, severities, options, per-file ignores and packs count
    (project / ".wikilint.yaml").write_text("rules:\n  unclosed-markup:\n    severity: info\n",
                                            encoding="utf-8")
    other = resolve_config(str(project / ".wikilint.yaml"))
    assert config_identity(other) != config_identity(resolve_config())
    assert cache.key("seed.wiki", "wikitext", other) != key
    (project / ".wikilint.yaml").write_text("per-file-ignores:\n  'seed.wiki': [WL101]\n",
                                            encoding="utf-8")
    ignoring = resolve_config(str(project / ".wikilint.yaml"))
    assert cache.key("seed.wiki", "wikitext", ignoring) != key
    code = main(["--format", "json", "seed.wiki"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and "WL101" not in {f["code"] for f in out}
    assert cache.key("seed.wiki", "rendered", config) != key


def test_pack_bytes_are_part_of_the_identity(tmp_path: Path) -> None:
    pack = tmp_path / "p.yaml"
    body = ("rules:\n  - code: XY101\n    name: no-foo\n    type: existence\n"
            "    tokens: [{}]\n    summary: s\n    message: m\n    doc: d\n")
    pack.write_text(body.format("foo"), encoding="utf-8")
    cfg = tmp_path / ".wikilint.yaml"
    cfg.write_text(f"packs: [{pack}]\n", encoding="utf-8")
    before = config_identity(resolve_config(str(cfg)))
    pack.write_text(body.format("bar"), encoding="utf-8")
    assert config_identity(resolve_config(str(cfg))) != before


def test_a_damaged_entry_is_ignored_and_replaced(project: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, ".")
    damaged = entries(project / ".wikilint_cache")
    for i, path in enumerate(damaged):
        data = path.read_bytes()
        path.write_bytes([b"", data[: len(data) // 2], b"\x00\xff garbage", b"[]",
                          b'{"text": 1}', b'{"text": "x", "findings": [[1]]}'][i % 6])
    again = run(capsys, ".")
    assert again == first
    assert all(json.loads(p.read_bytes())["findings"] is not None for p in damaged)


def _hammer(folder: str, n: int) -> None:
    cache = ResultCache(folder)
    findings = lint_text(SEED_TEXT, "seed.wiki")
    for _ in range(n):
        cache.put("ab" + "0" * 62, SEED_TEXT, findings)


def test_two_writers_at_once_leave_a_whole_entry(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_hammer, args=(str(folder), 150)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    cache = ResultCache(folder)
    assert cache.get("ab" + "0" * 62, SEED_TEXT) == lint_text(SEED_TEXT, "seed.wiki")
    assert not [p for p in folder.rglob(".tmp-*")]  # no temporary file left


def test_no_cache_fix_and_clean(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--no-cache", ".")
    assert not (project / ".wikilint_cache").exists()
    before = run(capsys, "seed.wiki")
    assert (project / ".wikilint_cache").exists()
    # --fix lints what it fixes, never the cache's findings
    code = main(["--isolated", "--fix", "--format", "json", "seed.wiki"])
    fixed = json.loads(capsys.readouterr().out)
    assert (project / "seed.wiki").read_text(encoding="utf-8") != SEED_TEXT
    assert len(fixed) < len(before[1]) and code in (0, 1)
    assert main(["clean"]) == 0
    assert "removed" in capsys.readouterr().out
    assert not (project / ".wikilint_cache").exists()
    assert main(["clean"]) == 0 and "no cache" in capsys.readouterr().out
    (project / "keep").mkdir()
    (project / "keep" / "x.txt").write_text("x", encoding="utf-8")
    assert main(["clean", "--cache-dir", "keep"]) == 2
    assert "not a wikilint cache folder" in capsys.readouterr().err
    assert (project / "keep" / "x.txt").exists()


def test_cache_dir_option_and_environment(project: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "--cache-dir", "elsewhere", "seed.wiki")
    assert (project / "elsewhere" / "CACHEDIR.TAG").exists()
    monkeypatch.setenv("WIKILINT_CACHE_DIR", str(project / "env-cache"))
    run(capsys, "seed.wiki")
    assert (project / "env-cache" / "CACHEDIR.TAG").exists()
    assert remove_cache(project / "env-cache") and not (project / "env-cache").exists()
    assert not (project / ".wikilint_cache").exists()


def test_project_root_is_the_configuration_folder(project: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (project / ".wikilint.yaml").write_text("select: [WL]\n", encoding="utf-8")
    (project / "sub").mkdir()
    (project / "sub" / "p.wiki").write_text(SEED_TEXT, encoding="utf-8")
    monkeypatch.chdir(project / "sub")
    assert main(["--format", "json", "p.wiki"]) == 1
    capsys.readouterr()
    assert (project / ".wikilint_cache").is_dir()
    assert not (project / "sub" / ".wikilint_cache").exists()


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root writes anywhere")
def test_unwritable_cache_is_a_warning_not_an_error(project: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (project / "ro").mkdir(mode=0o500)
    code, findings, err = run(capsys, "--cache-dir", "ro/cache", "seed.wiki")
    assert code == 1 and findings
    assert "warning: cannot write the cache" in err


def test_unwritable_cache_folder_is_a_file(project: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (project / "blocker").write_text("a file, not a folder", encoding="utf-8")
    code, findings, err = run(capsys, "--cache-dir", "blocker/cache", "seed.wiki", "a0.wiki")
    assert code == 1 and findings
    assert err.count("warning: cannot write the cache") == 1


def test_cache_dir_config_key(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / ".wikilint.yaml").write_text("cache-dir: build/lint-cache\n", encoding="utf-8")
    assert main(["--format", "json", "seed.wiki"]) == 1
    capsys.readouterr()
    assert (project / "build" / "lint-cache" / "CACHEDIR.TAG").is_file()
    assert not (project / ".wikilint_cache").exists()
    assert main(["clean"]) == 0 and not (project / "build" / "lint-cache").exists()
    capsys.readouterr()
    (project / ".wikilint.yaml").write_text("cache-dir: [x]\n", encoding="utf-8")
    assert main(["--format", "json", "seed.wiki"]) == 2
    assert ".wikilint.yaml:1:12: 'cache-dir' must be a folder's path, not a list" in \
        capsys.readouterr().err
