"""Rebuild the third blind evaluation set from public repositories (provenance record).

The set in ``articles/`` was built once by this script from local git snapshots of the
repositories named in ``DUMPS`` and ``FILES`` below (``MIRRORS`` points at them: one git
directory per repository at ``MIRRORS/owner+name/repo``); it is kept for provenance, not run
by the benchmark.  None of these repositories is used by the tuning corpus
(``../shared/corpus``), the untuned set (``benchmarks/untuned``) or the first two blind sets
(``benchmarks/heldout``, ``benchmarks/heldout2``), and nothing comes from wtf_wikipedia or its
author.

Selection is mechanical and was fixed before any rule was run on the pages; it is the rule
of ``benchmarks/heldout2/collect.py``:

* a page is namespace 0 (an export without ``<ns>``: a title without a colon), not a
  redirect, not a disambiguation page, 3–150 KB of UTF-8, with at least three section
  headings, three ``<ref`` tags and three lines of running text (a line that is not a list,
  table, template, heading or file line, of 200+ characters, or 80+ where most of its
  letters are CJK, kana or hangul);
* a title already in the tuning corpus (any language; compared without case, spaces and
  punctuation), or in the untuned, first or second held-out set in the same language, is
  left out;
* per dump at most ``cap`` pages, drawn with a fixed seed.

Besides the XML dump, the sources are single-page fixtures (one article's wikitext in a file,
or in a raw string of a test).  They carry no page title: the title in ``FILES`` is the one
the page itself names (its bold lead or infobox name).  Fixtures that are not Wikipedia
articles (two Liquipedia esports pages in dijs/infobox-parser's ``data/``) and the fixtures
under 3 KB (infobox snippets) are not listed; every listed fixture then passes the same test.

    python benchmarks/heldout3/collect.py [MIRRORS_DIR]
"""

from __future__ import annotations

import csv
import random
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "heldout2"))

from collect import _key, pages_of, prose_ok, safe  # noqa: E402  (heldout2's rule, unchanged)

OUT = HERE / "articles"
TUNING = HERE.parent.parent.parent / "shared" / "corpus" / "articles"
OTHER_SETS = tuple(HERE.parent / s / "SOURCES.tsv" for s in ("untuned", "heldout", "heldout2"))
SEED = 20261203_3
CONTENT = "CC BY-SA 3.0/4.0 + GFDL (Wikipedia text; history of the title)"

# XML dumps: (repo, commit, path, licence of the repository, language, cap)
DUMPS = [
    ("CyberZHG/wiki-dump-reader", "a7c195f132753a1f411ba2615410910fbf8c6888",
     "tests/wikis/zhwiki-test-pages.xml", "MIT", "zh", 20),
]

_DIJS = ("dijs/infobox-parser", "f6b7fb4ba8e5f7cb96143583325dcc85374d02ef", "MIT")
# single-page fixtures: (repo, commit, licence, path, language, title, raw-string name or "")
FILES = [
    *[(*_DIJS, f"data/{name}.txt", lang, title, "") for name, lang, title in [
        ("all-around-the-world", "en", "All Around the World (Lisa Stansfield song)"),
        ("athena", "en", "Athena"),
        ("bob-marley", "en", "Bob Marley"),
        ("camera-lens", "en", "Sony FE 200-600mm F5.6-6.3 G OSS"),
        ("cedar-bluff", "en", "Cedar Bluff State Park"),
        ("chrysler", "en", "Chrysler Building"),
        ("cross-game", "en", "Cross Game"),
        ("deliveroo", "en", "Deliveroo"),
        ("islamabad-full", "en", "Islamabad"),
        ("lisa", "en", "Lisa (rapper)"),
        ("ligne", "fr", "Ligne de Montluçon à Gouttières"),
    ]],
    ("lucaskjaero/wikitext-parser", "5c97ee38f57f5671c5a9aac9357ad7507a4eef9b", "MIT",
     "preprocessor/src/test/resources/e2e/wikipedia/zh/山东科技大学/山东科技大学.txt", "zh",
     "山东科技大学", ""),
    ("benjavalero/replacer", "866f057ede3bfdba7bcb9c7bd8ad18c7d8fb0180", "GPL-3.0",
     "replacer-backend/replacer-wikipedia/src/main/resources/offline/sample-page.txt", "es",
     "América del Norte", ""),
    ("dustin/go-wikiparse", "d8004cd548e48c96649f4f4dcecd7a0c12925c04", "MIT",
     "images_test.go", "en", "Sponge", "sponge"),
    ("wikimedia/research-mwaddlink", "af851cde5a6018df0d13a3cd28f4433a474a82d5", "GPL-3.0",
     "tests/fixtures/provide_query_post/0/source.wikitext", "en", "Cat", ""),
]


def git(mirrors: Path, repo: str, *args: str) -> bytes:
    where = mirrors / repo.replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(where), *args], check=True,
                          capture_output=True).stdout


def fixture_text(data: bytes, raw_string: str) -> str:
    """A fixture's text: the whole file, or one Go raw string (``var NAME = `...```)."""
    text = data.decode("utf-8")
    if not raw_string:
        return text
    m = re.search(rf"^var {raw_string} = `\n?(.*?)`", text, re.S | re.M)
    if not m:
        raise SystemExit(f"raw string {raw_string!r} not found")
    return m.group(1)


def main(mirrors: Path) -> int:
    tuning_keys = {_key(p.stem.split("__", 1)[-1].replace("_", " ")) for p in TUNING.glob("*.wiki")}
    taken: set[tuple[str, str]] = set()
    for tsv in OTHER_SETS:
        with tsv.open(encoding="utf-8") as fh:
            taken |= {(r["lang"], r["title"]) for r in csv.DictReader(fh, delimiter="\t")}
        taken |= {(f.split("__", 1)[0], f.split("__", 1)[1].removesuffix(".wiki")
                   .replace("_", " ")) for f in
                  (p.name for p in (tsv.parent / "articles").glob("*.wiki"))}

    def fresh(lang: str, title: str) -> bool:
        return _key(title) not in tuning_keys and (lang, title) not in taken

    rng = random.Random(SEED)
    rows: list[list[str]] = []
    seen: set[tuple[str, str]] = set()
    OUT.mkdir(exist_ok=True)

    def keep(repo: str, path: str, commit: str, lic: str, lang: str, title: str,
             body: str, revision: str) -> None:
        seen.add((lang, title))
        name = f"{lang}__{safe(title)}.wiki"
        (OUT / name).write_text(body, encoding="utf-8")
        rows.append([name, repo, path, commit, lic, title, lang, revision])

    for repo, commit, path, lic, lang, cap in DUMPS:
        got = [p for p in pages_of(git(mirrors, repo, "show", f"{commit}:{path}"), path)
               if fresh(lang, p["title"]) and (lang, p["title"]) not in seen]
        for page in rng.sample(got, min(cap, len(got))):
            keep(repo, path, commit, lic, lang, page["title"], page["body"], page["revision"])
    for repo, commit, lic, path, lang, title, raw in FILES:
        body = fixture_text(git(mirrors, repo, "show", f"{commit}:{path}"), raw)
        if not prose_ok(body) or not fresh(lang, title) or (lang, title) in seen:
            print(f"left out: {lang} {title}")
            continue
        last = git(mirrors, repo, "log", "-1", "--format=%h %cs", commit, "--",
                   path).decode().split()
        keep(repo, path, commit, lic, lang, title, body,
             f"fixture, no revision id; file last changed in {last[0]} ({last[1]})")
    with (HERE / "SOURCES.tsv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["file", "repo", "path", "commit", "repo_licence", "title", "lang",
                      "revision", "content_licence"])
        for row in sorted(rows):
            out.writerow([*row, CONTENT])
    print(f"{len(rows)} articles, {sum((OUT / r[0]).stat().st_size for r in rows)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror")))
