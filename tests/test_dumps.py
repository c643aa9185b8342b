"""Streaming pages out of MediaWiki XML dumps (the corpus's real exports)."""

from __future__ import annotations

import bz2
import tracemalloc
from pathlib import Path

import pytest

from wikilint.dumps import DumpError, is_dump, iter_pages, lint_pages, page_path
from wikilint.registry import default_rules

from conftest import corpus_path


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
    path = dump("enwiki-2017-table-markup.xml.bz2")
    pages = list(iter_pages(path))
    serial = [(p, [f.to_dict() for f in fs]) for p, fs, _ in lint_pages(path, pages, default_rules)]
    parallel = [(p, [f.to_dict() for f in fs])
                for p, fs, _ in lint_pages(path, pages, default_rules, jobs=2)]
    assert serial == parallel
    assert [p for p, _ in serial] == [page_path(path, p.title) for p in pages]
