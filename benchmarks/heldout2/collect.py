"""Rebuild the second blind evaluation set from public repositories (provenance record).

The set in ``articles/`` was built once by this script from local git snapshots of the
repositories named in ``SOURCES`` below (``MIRRORS`` points at them: one git directory per
repository at ``MIRRORS/owner+name/repo``); it is kept for provenance, not run by the
benchmark.  None of these repositories is used by the tuning corpus (``../shared/corpus``),
the untuned set (``benchmarks/untuned``) or the first blind set (``benchmarks/heldout``), and
nothing comes from wtf_wikipedia or its author.

Selection is mechanical and was fixed before any rule was run on the pages:

* a page is namespace 0 (an export without ``<ns>``: a title without a colon), not a
  redirect, not a disambiguation page, 3–150 KB of UTF-8, with at least three section
  headings, three ``<ref`` tags and three lines of running text (a line that is not a list,
  table, template, heading or file line, of 200+ characters, or 80+ where most of its
  letters are CJK, kana or hangul, which say as much in fewer characters);
* a title already in the tuning corpus (any language; compared without case, spaces and
  punctuation), or in the untuned or first held-out set in the same language, is left out;
* per source at most ``cap`` pages, drawn with a fixed seed.

    python benchmarks/heldout2/collect.py [MIRRORS_DIR]
"""

from __future__ import annotations

import bz2
import csv
import gzip
import html
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "articles"
TUNING = HERE.parent.parent.parent / "shared" / "corpus" / "articles"
OTHER_SETS = (HERE.parent / "untuned" / "SOURCES.tsv", HERE.parent / "heldout" / "SOURCES.tsv")
SEED = 20261203_2

# (repo, commit, path, licence of the repository, language, cap for the source)
SOURCES = [
    ("yohasebe/wp2txt", "ad8949a2dd19f1a80c9a589b06e7c3725fb618cb", "data/testdata_en.bz2",
     "MIT", "en", 36),
    ("yohasebe/wp2txt", "fc6096309b9a1cddf8e7fddde6b9a8eaddf4f9ae", "data/testdata_ja.bz2",
     "MIT", "ja", 20),
    ("diegoceccarelli/json-wikipedia", "b63cce239ef71c1a1c9ea3a7c40382da7dd55e6d",
     "src/test/resources/it/small-dump.xml.gz", "Apache-2.0", "it", 28),
    ("camchenry/wikidump", "31f23177dd6ded84d0ba1c563fff56e256dce1dd",
     "tests/enwiki-articles-partial.xml", "MIT", "en", 5),
    ("natasha/corus", "de8041f8578eccee3c88c7461d08d57254fc29a8",
     "data/ruwiki-latest-pages-articles.xml.bz2", "MIT", "ru", 5),
]

PAGE = re.compile(r"<page>(.*?)</page>", re.S)
DISAMBIGUATION = re.compile(
    r"\{\{\s*(disambig\w*|dab|disambigua|曖昧さ回避|aimai|неоднозначность|многозначность)",
    re.I)
SKIP_START = ("{", "|", "*", "#", "[[", "<", "!", "=", ":", ";")


def field(block: str, tag: str) -> str:
    """An element's text, unescaped (a CDATA wrapper, if any, goes first)."""
    m = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", block, re.S)
    if not m:
        return ""
    cdata = re.fullmatch(r"\s*<!\[CDATA\[(.*)\]\]>\s*", m.group(1), re.S)
    return html.unescape(cdata.group(1) if cdata else m.group(1))


def _dense(line: str) -> bool:
    """Most letters CJK, kana or hangul."""
    letters = [c for c in line if c.isalpha()]
    dense = sum(1 for c in letters if unicodedata.name(c, "").startswith(
        ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")))
    return bool(letters) and dense * 2 > len(letters)


def prose_ok(text: str) -> bool:
    headings = len(re.findall(r"^==[^=].*==\s*$", text, re.M))
    refs = len(re.findall(r"<ref[\s>]", text, re.I))
    lines = [line for line in text.splitlines()
             if not line.lstrip().startswith(SKIP_START)
             and len(line) >= (80 if _dense(line) else 200)]
    return (headings >= 3 and refs >= 3 and len(lines) >= 3
            and 3000 <= len(text.encode()) <= 150_000)


def _key(title: str) -> str:
    """A title compared without case, spaces and punctuation."""
    return re.sub(r"[\W_]+", "", title.casefold())


def safe(title: str) -> str:
    return re.sub(r"[\s/\\:*?\"<>|]+", "_", title).strip("_")


def blob(mirrors: Path, repo: str, commit: str, path: str) -> bytes:
    git = mirrors / repo.replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(git), "show", f"{commit}:{path}"],
                          check=True, capture_output=True).stdout


def pages_of(data: bytes, path: str) -> list[dict[str, str]]:
    if path.endswith(".bz2"):
        data = bz2.decompress(data)
    elif path.endswith(".gz"):
        data = gzip.decompress(data)
    text = data.decode("utf-8")
    out = []
    for m in PAGE.finditer(text):
        block = m.group(1)
        title, body = field(block, "title"), field(block, "text")
        ns = field(block, "ns") or ("0" if ":" not in title else "?")
        if ns != "0" or "<redirect" in block or re.match(r"\s*#\s*\S*redirect", body, re.I):
            continue
        if DISAMBIGUATION.search(body) or re.search(r"\((disambiguation|disambigua|曖昧さ回避)\)",
                                                    title):
            continue
        if not prose_ok(body):
            continue
        rev = re.search(r"<revision>\s*<id>(\d+)</id>", block)
        out.append({"title": title, "body": body, "revision":
                    f"page {field(block, 'id')} rev {rev.group(1) if rev else '?'} "
                    f"{field(block, 'timestamp')}"})
    return out


def main(mirrors: Path) -> int:
    tuning = {p.stem.split("__", 1)[-1].replace("_", " ") for p in TUNING.glob("*.wiki")}
    tuning_keys = {_key(t) for t in tuning}
    taken: set[tuple[str, str]] = set()
    for tsv in OTHER_SETS:
        with tsv.open(encoding="utf-8") as fh:
            taken |= {(r["lang"], r["title"]) for r in csv.DictReader(fh, delimiter="\t")}
            # the file names too (a title written with underscores)
        taken |= {(f.split("__", 1)[0], f.split("__", 1)[1].removesuffix(".wiki")
                   .replace("_", " ")) for f in
                  (p.name for p in (tsv.parent / "articles").glob("*.wiki"))}

    def fresh(lang: str, title: str) -> bool:
        return _key(title) not in tuning_keys and (lang, title) not in taken

    rng = random.Random(SEED)
    rows = []
    seen: set[tuple[str, str]] = set()
    OUT.mkdir(exist_ok=True)
    for repo, commit, path, lic, lang, cap in SOURCES:
        got = [p for p in pages_of(blob(mirrors, repo, commit, path), path)
               if fresh(lang, p["title"]) and (lang, p["title"]) not in seen]
        for page in rng.sample(got, min(cap, len(got))):
            seen.add((lang, page["title"]))
            name = f"{lang}__{safe(page['title'])}.wiki"
            (OUT / name).write_text(page["body"], encoding="utf-8")
            rows.append([name, repo, path, commit, lic, page["title"], lang, page["revision"]])
    with (HERE / "SOURCES.tsv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["file", "repo", "path", "commit", "repo_licence", "title", "lang",
                      "revision", "content_licence"])
        for row in sorted(rows):
            out.writerow([*row, "CC BY-SA 3.0/4.0 + GFDL (Wikipedia text; history of the title)"])
    print(f"{len(rows)} articles, {sum((OUT / r[0]).stat().st_size for r in rows)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror")))
