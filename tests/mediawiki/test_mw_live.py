"""``wikilint --wiki`` against a real MediaWiki (the ``mediawiki`` fixture).

Pages are created through the wiki's Action API; linting them on the wiki must
give exactly the findings of the same wikitext linted as files, and the seed's
reconstruction, saved as a page, its five findings.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

pytest.importorskip("mwapi", reason="pip install -e '.[test]' (the wiki extra)")

from wikilint.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SEED_WIKI = ROOT / "seeds" / "000_708e36cc2bd48137.wiki"
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
# Small corpus articles with findings of several rules (linted as files and as pages).
ARTICLES = ("gensim-enwiki2016__Aa_River.wiki", "gensim-enwiki2016__Actrius.wiki",
            "gensim-enwiki2016__Alain_Connes.wiki", "gensim-enwiki2016__Animalia_(book).wiki",
            "wikilint-de__Rama_III..wiki")
CRAFTED = {
    "Crafted unclosed": "Intro with {{cite web|title=x and [[link without end.\n\n"
                        "== Empty ==\n\n== Next ==\n''Open italic on a line\n",
    "Crafted quotes": 'He said "this never closes. And (a bracket too.\n\n== Notes ==\n'
                      "Text<ref>Smith, J. ''Book''</ref>\n\n== References ==\n<references />\n",
}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    import sys

    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(list(argv))
    finally:
        sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def shape(findings: list[dict]) -> list[tuple]:
    return [(f["code"], f["line"], f["column"], f["end_line"], f["end_column"], f["message"])
            for f in findings]


@pytest.fixture(scope="module")
def pages(mediawiki, tmp_path_factory):
    """Title -> wikitext of every page this module saved (also written as files)."""
    texts = dict(CRAFTED)
    texts["Mujahideen-e Khalq"] = SEED_WIKI.read_text(encoding="utf-8")
    for name in ARTICLES:
        path = CORPUS / name
        if path.is_file():
            texts[path.stem.split("__", 1)[1].replace("_", " ")] = path.read_text(encoding="utf-8")
    folder = tmp_path_factory.mktemp("pages")
    for index, (title, text) in enumerate(texts.items()):
        mediawiki.edit(title, text)
        (folder / f"page{index}.wiki").write_text(text, encoding="utf-8")
    mediawiki.edit("Seed redirect", "#REDIRECT [[Mujahideen-e Khalq]]")
    return texts, folder


def page_url(mediawiki, title: str) -> str:
    return f"{mediawiki.server}/index.php/{title.replace(' ', '_')}"


def json_findings(stdout: str) -> list[dict]:
    doc = json.loads(stdout)
    return doc["findings"] if isinstance(doc, dict) else doc


def test_pages_give_the_findings_of_the_same_text_as_files(mediawiki, pages):
    texts, folder = pages
    titles = list(texts)
    code, out, err = run("--wiki", mediawiki.api_url, "--format", "json", "--isolated", *titles)
    assert err == "" and code == 1
    on_wiki: dict[str, list[dict]] = {}
    for f in json_findings(out):
        on_wiki.setdefault(f["path"], []).append(f)
    total = 0
    for index, title in enumerate(titles):
        code, out, _ = run("--format", "json", "--isolated", str(folder / f"page{index}.wiki"))
        as_file = shape(json_findings(out))
        assert shape(on_wiki.pop(page_url(mediawiki, title), [])) == as_file, title
        total += len(as_file)
    assert on_wiki == {}  # no findings under any other name
    assert total >= 8 and len(titles) >= 3  # enough findings for the comparison to mean much


def test_the_seed_saved_as_a_page_gives_its_five_findings(mediawiki, pages):
    url = page_url(mediawiki, "Mujahideen-e Khalq")
    code, out, err = run("--wiki", mediawiki.api_url, "--format", "concise", "--isolated",
                         "Mujahideen-e Khalq")
    assert code == 1 and err == ""
    lines = out.strip().splitlines()
    codes = sorted(line.split(": ")[1].split()[0] for line in lines if line.startswith(url))
    assert codes == ["WL201", "WL202", "WL301", "WL302", "WL401"]
    assert f"{url}:8:1: WL202" in out and f"{url}:12:1: WL201" in out


def test_the_seed_as_its_readers_see_it(mediawiki, pages):
    """--rendered: the page as MediaWiki shows it, read by the rendered dialect."""
    code, out, err = run("--wiki", mediawiki.api_url, "--rendered", "--format", "json",
                         "--isolated", "Mujahideen-e Khalq")
    assert code == 1 and err == ""
    found = json_findings(out)
    assert sorted(f["code"] for f in found) == ["WL201", "WL202", "WL301", "WL302", "WL401"]
    messages = " ".join(f["message"] for f in found)
    for quoted in ("Support from Progressives", "Related Links", "Can Destroy",
                   "Mujahedin-e Khalq Organization", "(translation"):
        assert quoted in messages


def test_missing_page_is_one_line_and_the_others_are_linted(mediawiki, pages):
    code, out, err = run("--wiki", mediawiki.api_url, "--format", "concise", "--isolated",
                         "No such page here", "Crafted quotes")
    assert code == 2
    assert err.strip().splitlines() == [
        f"{page_url(mediawiki, 'No such page here')}: error: No such page here: no such page"]
    assert f"{page_url(mediawiki, 'Crafted quotes')}:1:" in out


def test_unreachable_wiki_is_one_line(mediawiki):
    from mwserver import free_port

    api = f"http://127.0.0.1:{free_port()}/api.php"
    code, out, err = run("--wiki", api, "--isolated", "Anything")
    assert code == 2
    assert err.strip() == f"wikilint: error: cannot reach the wiki at {api}: connection refused"


def test_redirects_are_followed(mediawiki, pages):
    code, out, _ = run("--wiki", mediawiki.api_url, "--format", "json", "--isolated",
                       "Seed redirect")
    paths = {f["path"] for f in json_findings(out)}
    assert paths == {page_url(mediawiki, "Mujahideen-e Khalq")}


def _poll(check, seconds: float = 15.0):
    """MediaWiki updates category links and recent changes just after an edit returns."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.3)


def test_category_prefix_and_since_choose_pages(mediawiki, pages):
    mediawiki.edit("Grouped one", "First ''open.\n[[Category:Grouped]]")
    mediawiki.edit("Grouped two", 'Second "open.\n[[Category:Grouped]]')
    mediawiki.edit("Ungrouped", "Third (open.")

    def lint(*how: str) -> set[str]:
        code, out, err = run("--wiki", mediawiki.api_url, "--format", "json", "--isolated",
                             *how)
        paths = {f["path"].rsplit("/", 1)[1] for f in json_findings(out)}
        assert err == ("" if paths else f"wikilint: {mediawiki.api_url}: no pages matched\n")
        assert code == (1 if paths else 0)
        return paths

    assert _poll(lambda: lint("--category", "Grouped") == {"Grouped_one", "Grouped_two"})
    assert lint("--prefix", "Grouped") == {"Grouped_one", "Grouped_two"}
    assert lint("--prefix", "Crafted") == {"Crafted_unclosed", "Crafted_quotes"}
    since = lint("--since", "2000-01-01")
    assert {"Grouped_one", "Grouped_two", "Ungrouped", "Crafted_quotes"} <= since
    assert lint("--since", "2999-01-01") == set()


def test_more_than_fifty_titles(mediawiki):
    titles = [f"Batch page {i}" for i in range(55)]
    for title in titles:
        mediawiki.edit(title, f"{title} has (an open bracket.")
    code, out, err = run("--wiki", mediawiki.api_url, "--format", "json", "--isolated",
                         "--select", "WL302", *titles)
    assert code == 1 and err == ""
    assert len({f["path"] for f in json_findings(out)}) == 55


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "jsonl", "github", "sarif", "junit",
                                 "gitlab"])
def test_every_format_names_the_page(mediawiki, pages, fmt):
    code, out, err = run("--wiki", mediawiki.api_url, "--format", fmt, "--isolated",
                         "Crafted quotes")
    assert code == 1 and err == ""
    url = page_url(mediawiki, "Crafted quotes")
    if fmt == "github":  # workflow commands escape ':' in properties
        out = out.replace("%3A", ":")
    assert url in out  # the page's URL, whose last part is its title
    assert "Crafted_quotes" in out


def test_usage_errors():
    assert run("--prefix", "A")[0] == 2
    code, _, err = run("--wiki", "http://127.0.0.1:9/api.php")
    assert code == 2 and "needs page titles" in err
    code, _, err = run("--wiki", "http://127.0.0.1:9/api.php", "--fix", "A")
    assert code == 2 and "--fix cannot be used with --wiki" in err
    code, _, err = run("--wiki", "http://127.0.0.1:9/api.php", "--since", "soon")
    assert code == 2 and "not a timestamp" in err


def test_baselines_key_on_the_page_url(mediawiki, pages, tmp_path):
    baseline = tmp_path / "baseline.json"
    code, _, err = run("--wiki", mediawiki.api_url, "--isolated", "--write-baseline",
                       str(baseline), "Crafted quotes")
    assert code == 0, err
    recorded = baseline.read_text(encoding="utf-8")
    assert page_url(mediawiki, "Crafted quotes") in recorded
    code, out, err = run("--wiki", mediawiki.api_url, "--isolated", "--baseline", str(baseline),
                         "--format", "concise", "Crafted quotes", "Crafted unclosed")
    assert code == 1 and err == ""
    assert page_url(mediawiki, "Crafted quotes") not in out
    assert page_url(mediawiki, "Crafted unclosed") in out
