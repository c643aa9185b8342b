"""Rebuild the held-out (blind) evaluation set from public repositories (provenance record).

The set in ``articles/`` was built once by this script from local git mirrors of the
repositories named in ``SOURCES`` below (``MIRRORS`` points at them: one bare or normal git
directory per repository at ``MIRRORS/owner+name/repo``); it is kept for provenance, not
run by the benchmark.  None of these repositories is used by the tuning corpus
(``../shared/corpus``) or by the untuned set (``benchmarks/untuned``), and nothing comes
from wtf_wikipedia.

Selection is mechanical and was fixed before any rule was run on the pages:

* a page is namespace 0 (an export without ``<ns>``: a title without a colon), not a
  redirect, not a disambiguation page, 3–150 KB of UTF-8, with at least two section
  headings and three lines of running text (a line that is not a list, table, template,
  heading or file line, of 200+ characters, or 80+ where most of its letters are
  CJK, kana, hangul or Thai, which say as much in fewer characters);
* a title already in the tuning corpus (any language; compared without case, spaces and
  punctuation, and under its older name), or in the untuned set in the same language, is
  left out;
* per source at most ``cap`` pages, drawn with a fixed seed; from DBpedia's minidumps one
  page per language edition, for the editions named in ``DBPEDIA_LANGS`` (chosen for
  their scripts and languages, most of them absent from the other sets), plus up to six
  English pages; a page must be one the minidumps' own list (``uris.lst``) names for that
  edition (some minidumps also carry other editions' pages).

    python benchmarks/heldout/collect.py [MIRRORS_DIR]
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
from urllib.parse import unquote

HERE = Path(__file__).resolve().parent
OUT = HERE / "articles"
TUNING = HERE.parent.parent.parent / "shared" / "corpus" / "articles"
UNTUNED = HERE.parent / "untuned" / "SOURCES.tsv"
SEED = 20261203

DBPEDIA = ("dbpedia/extraction-framework", "e3dfe8bb8dbc3e2e58d9abc188e00e5f9dd0d928",
           "GPL-2.0")
DBPEDIA_LANGS = ("ar", "he", "fa", "th", "ko", "zh", "ja", "tr", "pl", "cs", "es", "pt", "it",
                 "sv", "fi", "id", "hu", "ro", "ka", "hi", "ta", "ur", "de", "fr")
DBPEDIA_ENGLISH = 6

# (repo, commit, paths, licence of the repository, language, cap for the repository)
SOURCES = [
    ("shilad/wikibrain", "bb804edd073f6a1762efd7828bcef6d8bf4ad89b",
     ("wikibrain-parser/src/test/resources/org/wikibrain/parser/en_test.xml",), "Apache-2.0",
     "en", 18),
    ("semanticize/semanticizest", "a08eeaf488daaef8f0021aa87487cfb43bda9508",
     ("semanticizest/tests/nlwiki-20140927-pages-articles-sample.xml",), "Apache-2.0", "nl", 15),
    ("iqbaaaaalf/JSONpediaJava", "74e9ebda0cec63a8634be223e187a42cabafb53d",
     tuple(f"src/test/resources/dumps/enwiki-latest-pages-articles-p{i}.xml.gz"
           for i in (1, 2, 3)), "Apache-2.0", "en", 8),
    ("ogrisel/pignlproc", "dea59c91d683b05b541a1f1e4c729ca06a350d76",
     ("src/test/resources/frwiki-20101103-pages-articles-sample.xml",), "Apache-2.0", "fr", 10),
    ("wikipedia2vec/wikipedia2vec", "7e3e498c18891ac12200742cb3af4abc15d176de",
     ("tests/test_data/enwiki-pages-articles-sample.xml.bz2",), "Apache-2.0", "en", 10),
]

PAGE = re.compile(r"<page>(.*?)</page>", re.S)
DISAMBIGUATION = re.compile(
    r"\{\{\s*(disambig\w*|dab|begriffsklärung|rozcestník|doorverwijspagina|homonymie|"
    r"desambiguación|desambiguação|disambigua|förgreningssida|täsmennyssivu|"
    r"anlam ayrımı|ujednoznacznienie|توضيح|פירושונים|ابهام‌زدایی|동음이의|消歧义|曖昧さ回避)",
    re.I)
SKIP_START = ("{", "|", "*", "#", "[[", "<", "!", "=", ":", ";")


def field(block: str, tag: str) -> str:
    """An element's text, unescaped; wikibrain's export wraps some page texts in a CDATA
    section whose content is itself escaped (&lt;ref&gt;), so the wrapper goes first."""
    m = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", block, re.S)
    if not m:
        return ""
    cdata = re.fullmatch(r"\s*<!\[CDATA\[(.*)\]\]>\s*", m.group(1), re.S)
    return html.unescape(cdata.group(1) if cdata else m.group(1))


def _dense(line: str) -> bool:
    """Most letters CJK, kana, hangul or Thai."""
    letters = [c for c in line if c.isalpha()]
    dense = sum(1 for c in letters if unicodedata.name(c, "").startswith(
        ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI")))
    return bool(letters) and dense * 2 > len(letters)


def prose_ok(text: str) -> bool:
    headings = len(re.findall(r"^==[^=].*==\s*$", text, re.M))
    lines = [line for line in text.splitlines()
             if not line.lstrip().startswith(SKIP_START)
             and len(line) >= (80 if _dense(line) else 200)]
    return headings >= 2 and len(lines) >= 3 and 3000 <= len(text.encode()) <= 150_000


#: older titles of articles the tuning corpus holds under their newer name
RENAMED = ("Academy Award for Best Art Direction",)


def _key(title: str) -> str:
    """A title compared without case, spaces and punctuation (Austro-Asiatic languages is
    the tuning corpus's Austroasiatic languages)."""
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
        if DISAMBIGUATION.search(body) or re.search(r"\((disambiguation|rozcestník)\)", title):
            continue
        if not prose_ok(body):
            continue
        rev = re.search(r"<revision>\s*<id>(\d+)</id>", block)
        out.append({"title": title, "body": body, "path": path, "revision":
                    f"page {field(block, 'id')} rev {rev.group(1) if rev else '?'} "
                    f"{field(block, 'timestamp')}"})
    return out


def main(mirrors: Path) -> int:
    tuning = {p.stem.split("__", 1)[-1].replace("_", " ") for p in TUNING.glob("*.wiki")}
    with UNTUNED.open(encoding="utf-8") as fh:
        untuned = {(r["lang"], r["title"]) for r in csv.DictReader(fh, delimiter="\t")}

    tuning_keys = {_key(t) for t in tuning} | {_key(t) for t in RENAMED}

    def fresh(lang: str, title: str) -> bool:
        return _key(title) not in tuning_keys and (lang, title) not in untuned

    rng = random.Random(SEED)
    rows = []
    OUT.mkdir(exist_ok=True)

    def keep(page: dict[str, str], repo: str, commit: str, path: str, lic: str,
             lang: str) -> None:
        name = f"{lang}__{safe(page['title'])}.wiki"
        (OUT / name).write_text(page["body"], encoding="utf-8")
        rows.append([name, repo, page["path"], commit, lic, page["title"], lang,
                     page["revision"]])

    repo, commit, lic = DBPEDIA
    listed: dict[str, set[str]] = {}
    uris = blob(mirrors, repo, commit, "dump/src/test/bash/uris.lst").decode("utf-8")
    for m in re.finditer(r"https://([\w-]+)\.wikipedia\.org/wiki/(\S+)", uris):
        listed.setdefault(m.group(1), set()).add(unquote(m.group(2)).replace("_", " "))
    for lang in ("en", *DBPEDIA_LANGS):
        path = f"dump/src/test/resources/minidumps/{lang}/wiki.xml.bz2"
        got = [p for p in pages_of(blob(mirrors, repo, commit, path), path)
               if p["title"] in listed.get(lang, set()) and fresh(lang, p["title"])]
        got = list({p["title"]: p for p in got}.values())
        for page in rng.sample(got, min(DBPEDIA_ENGLISH if lang == "en" else 1, len(got))):
            keep(page, repo, commit, path, lic, lang)
    for repo, commit, paths, lic, lang, cap in SOURCES:
        got = [p for path in paths for p in pages_of(blob(mirrors, repo, commit, path), path)
               if fresh(lang, p["title"])]
        for page in rng.sample(got, min(cap, len(got))):
            keep(page, repo, commit, page["path"], lic, lang)
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
