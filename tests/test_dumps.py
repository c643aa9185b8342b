"""Streaming pages out of MediaWiki XML dumps (the corpus's real exports)."""

from __future__ import annotations

import bz2
import tracemalloc
from pathlib import Path

import pytest
from corpus_paths import corpus_path

from wikilint.api import resolve_config
from wikilint.io.dumps import DumpError, is_dump, iter_pages, page_path


def dump(name: str) -> str:
    return str(corpus_path("dumps", name))


def test_enwiki_sample_articles_only_by_default() -> None:
    pages = list(iter_pages(dump("enwiki-2016-pages-articles1-shortened.xml.bz2")))
    assert all(p.namespace == 0 for p in pages)
    titles = [p.title for p in pages]
    assert titles[:2] == ["AccessibleComputing", "Anarchism"]
    assert pages[0].redirect == "Computer accessibility"
    assert "'''Anarchism''' is a" in pages[1].text


def test_utf16_dump_is_read() -> None:
    pages = list(iter_pages(dump("bgwiki-pages-articles-shortened.utf16.xml.bz2"),
                            namespaces=None))
    assert pages[0].title == "Григориански календар"
    assert {p.namespace for p in pages} == {0, 4}


def test_history_dump_takes_newest_revision() -> None:
    (page,) = iter_pages(dump("pywikibot-article-pear-history.xml"))
    assert page.title == "Pear"
    assert page.timestamp == max(
        line.strip()[len("<timestamp>"):-len("</timestamp>")]
        for line in Path(dump("pywikibot-article-pear-history.xml")).read_text().splitlines()
        if "<timestamp>" in line)


def test_namespace_filter() -> None:
    path = dump("pywikibot-pair-0.10.xml")
    assert [p.title for p in iter_pages(path)] == ["Çullu, Agdam"]
    assert [p.namespace for p in iter_pages(path, namespaces=None)] == [0, 1]


def test_memory_stays_flat_while_streaming() -> None:
    path = dump("enwiktionary-test-pages-articles.xml.bz2")
    tracemalloc.start()
    total = largest = 0
    for page in iter_pages(path, namespaces=None):
        total += len(page.text)
        largest = max(largest, len(page.text))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert total > 5_000_000
    # a few pages and the decompressor's buffers, never the dump or a large part of it
    assert peak < 4 * largest + 2_000_000 < total / 2, (peak, largest, total)


def test_truncated_dump_is_a_one_line_error(tmp_path: Path) -> None:
    raw = bz2.decompress(Path(dump("enwiki-2017-table-markup.xml.bz2")).read_bytes())
    broken = tmp_path / "broken.xml.bz2"
    broken.write_bytes(bz2.compress(raw[: len(raw) // 2]))
    with pytest.raises(DumpError, match=r"broken\.xml\.bz2: malformed XML dump"):
        list(iter_pages(str(broken)))


def test_missing_dump(tmp_path: Path) -> None:
    with pytest.raises(DumpError, match="cannot read"):
        list(iter_pages(str(tmp_path / "nope.xml")))


def test_is_dump_and_page_path() -> None:
    assert is_dump("x.xml.bz2") and is_dump("X.XML") and not is_dump("a.wiki")
    assert page_path("d.xml", "A:B") == "d.xml#A:B"


def test_parallel_lint_matches_serial() -> None:
    from wikilint.cli.run import lint_text_with
    from wikilint.runner.local import LocalEngine
    from wikilint.runner.work import Task

    path = dump("enwiki-2017-table-markup.xml.bz2")
    config = resolve_config()  # the default configuration, through the one pipeline
    pages = [Task(page_path(path, p.title), "wikitext", p.text, config, rules_path=path)
             for p in iter_pages(path)]

    def run(engine: LocalEngine) -> list[tuple[str, list[dict]]]:
        return [(t.path, [f.to_dict() for f in o.findings]) for t, o in engine.run(pages)]

    serial = run(LocalEngine(lint_text_with, 1))
    parallel = run(LocalEngine(lint_text_with, 2, small_bytes=0, batch_tasks=1))
    assert serial == parallel
    assert [t for t, _ in serial] == [p.path for p in pages]
    assert all(f["path"] == t for t, fs in serial for f in fs)


# ------------------------------------------------------------- the command
def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from wikilint.cli.app import main

    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_lints_dump_pages_as_dump_hash_title(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    path = dump("enwiki-2017-table-markup.xml.bz2")
    code, out, _ = run_cli([path, "--format", "json", "--isolated"], capsys)
    findings = json.loads(out)
    assert code == 1 and findings
    titles = {p.title for p in iter_pages(path)}
    assert {f["path"].split("#", 1)[1] for f in findings} <= titles
    assert all(f["path"].startswith(path + "#") for f in findings)
    code2, out2, _ = run_cli([path, "--format", "json", "--isolated", "-j", "2"], capsys)
    assert (code2, json.loads(out2)) == (code, findings)


def test_cli_dump_namespaces(capsys: pytest.CaptureFixture[str]) -> None:
    path = dump("pywikibot-pair-0.10.xml")
    code, out, _ = run_cli([path, "--format", "concise", "--isolated", "--namespaces", "all",
                            "--select", "WL", "--statistics"], capsys)
    assert "2 files" in out  # the article and its talk page
    code, out, _ = run_cli([path, "--format", "concise", "--isolated"], capsys)
    assert "1 file" in out


def test_cli_refuses_to_fix_inside_a_dump(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli([dump("pywikibot-pair-0.10.xml"), "--fix", "--isolated"], capsys)
    assert code == 2
    assert "cannot edit pages inside an XML dump" in err


def test_cli_broken_dump_is_one_line_and_others_still_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<mediawiki><page><title>A</title>", encoding="utf-8")
    good = tmp_path / "good.wiki"
    good.write_text("== A ==\n== B ==\nText.\n", encoding="utf-8")
    code, out, err = run_cli([str(broken), str(good), "--format", "concise", "--isolated"],
                             capsys)
    assert code == 2
    assert [line for line in err.splitlines() if "broken.xml" in line] == [
        line for line in err.splitlines() if line.startswith(f"{broken}: malformed XML dump")]
    assert "Traceback" not in err
    assert "good.wiki:1:1: WL201" in out
