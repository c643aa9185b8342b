"""Rebuild the untuned evaluation set from public repositories (documentation of provenance).

The set in ``articles/`` was built once by this script from local git mirrors of the
repositories named in ``SOURCES`` below (``MIRRORS`` points at them); it is kept for
provenance, not run by the benchmark.  Selection is mechanical and fixed before any rule
was run on the pages: from XML dumps, namespace-0 pages that are not redirects, hold at
least two headings and four paragraphs of 200+ characters, and are 4–120 KB, sampled with
a fixed seed; single-article fixtures are taken whole.  Titles already in the tuning corpus
(``../shared/corpus/articles``) in the same language are skipped.

    python benchmarks/untuned/collect.py MIRRORS_DIR
"""

from __future__ import annotations

import csv
import html
import lzma
import random
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

HERE = Path(__file__).resolve().parent
OUT = HERE / "articles"
TUNING = HERE.parent.parent.parent / "shared" / "corpus" / "articles"

# (repo, commit, path, licence of the repository, kind, language)
SOURCES = [
    # truncated 2023 Wikipedia dumps, one per language (first 100,000 lines of the dump)
    *[("ssvb/xztextfilter", "1cab21b37fa96f99a83ab46284bbff2b0dfbb883",
       f"testfiles/{lang}wiki-truncated-100k.xml.xz", "MIT", "dump", lang)
      for lang in ("hy", "mr", "uk", "vi")],
    *[("ssvb/xztextfilter", "242abcf4a2b740fe772e6ff391f8918b3b9d34bd",
       f"testfiles/{lang}wiki-truncated-100k.xml.xz", "MIT", "dump", lang)
      for lang in ("bn", "el", "ja")],
    # wikiclean: one page per file, many languages
    *[("lintool/wikiclean", "2f713b3a9000bb1d4b976d80e096cfadee849f70",
       f"src/test/resources/{name}.xml", "Apache-2.0", "dump",
       "simple" if name.startswith("simple") else name[:2])
      for name in ("brwiki-test", "cawiki-test", "dewiki-20130602-id1", "dewiki-20130602-id111",
                   "dewiki-20130602-id5", "dewiki-20130602-id81", "dewiki-20130602-id89",
                   "elwiki-test", "enwiki-20120104-id1718", "eowiki-test", "eswiki-test",
                   "frwiki-20121230-id3", "glwiki-test", "itwiki-test", "knwiki-20180614-id1",
                   "nlwiki-test", "plwiki-test", "ptwiki-test", "ruwiki-test",
                   "simplewiki-20161220-id6", "ukwiki-test", "zhwiki-20150423-id13")],
    ("axkr/info.bliki.wikipedia_parser", "a3b77f452bbaa2dab293af72f9fb56b17ada0209",
     "bliki-core/src/test/resources/dump/enwiki-20150112-pages-articles1.xml",
     "EPL-1.0 OR LGPL-2.1-or-later", "dump", "en"),
]
# single raw-wikitext fixtures: (repo, commit, path, licence, title, language)
FILES = [
    *[("sweble/sweble-wikitext", "721db2b0560630faa0ae9e7693c800fc9e8dcd54",
       f"sweble-wikitext-components-parent/{p}", "Apache-2.0", t, "en") for p, t in (
        ("swc-parser-lazy/src/test/resources/nopkg-complex/input.wikitext/raw-Germany.wikitext",
         "Germany"),
        ("swc-parser-lazy/src/test/resources/nopkg-xpath/wikitext/raw-France.wikitext", "France"),
        ("swc-example-serialization/src/test/resources/raw-Wallace Neff.wikitext",
         "Wallace Neff"),
        ("swc-parser-lazy/src/test/resources/nopkg-complex/input.wikitext/"
         "raw-List+of+MythBusters+special+episodes.wikitext",
         "List of MythBusters special episodes"),
        ("swc-parser-lazy/src/test/resources/nopkg-complex/input.wikitext/"
         "raw-List+of+high+schools+in+San+Diego+County%2C+California.wikitext",
         "List of high schools in San Diego County, California"),
    )],
    ("dkpro/dkpro-jwpl", "fe7b58c9fc8ec3c05a990ebfe4dfed3b4fb8a5c6",
     "dkpro-jwpl-parser/src/test/resources/pages/Wiki-Article-Americium.txt", "Apache-2.0",
     "Americium", "de"),
    *[("richardjharris/yomikun-database", "9e536d66d38ef79d19fdc8ac7d31bd471c0a72ca",
       f"tests/parsers/wikipedia_pages/fixtures/wikipedia_{lang}_pages/{name}", "MIT", name, lang)
      for lang, name in (("en", "mai_shiranui_fictional"), ("en", "masamune_shirow"),
                         ("en", "tamatsubaki_kentarou"), ("ja", "natsume_souseki"),
                         ("ja", "miyazaki_hayao"), ("ja", "kojima_hideo"),
                         ("ja", "minamoto_no_yoriie"), ("ja", "sasaki_moyoko"),
                         ("ja", "andou_yuuya"))],
]
PER_DUMP = 8          # pages sampled from each multi-page dump
SEED = 20261202

PAGE = re.compile(r"<page>(.*?)</page>", re.S)


def field(block: str, tag: str) -> str:
    m = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", block, re.S)
    return html.unescape(m.group(1)) if m else ""


def prose_ok(text: str) -> bool:
    """Two or more headings and four lines of running text (200+ characters, not a list,
    table, template or heading line): a page with prose, not a list or a year page."""
    headings = len(re.findall(r"^==[^=].*==\s*$", text, re.M))
    lines = [line for line in text.splitlines() if len(line) >= 200
             and not line.lstrip().startswith(("{", "|", "*", "#", "[[", "<", "!", "=", ":", ";"))]
    return headings >= 2 and len(lines) >= 4 and 4000 <= len(text.encode()) <= 120_000


def safe(title: str) -> str:
    return re.sub(r"[\s/\\:*?\"<>|]+", "_", title).strip("_")


def blob(mirrors: Path, repo: str, commit: str, path: str) -> bytes:
    git = mirrors / repo.replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(git), "show", f"{commit}:{path}"],
                          check=True, capture_output=True).stdout


def main(mirrors: Path) -> int:
    tuning = {p.stem.split("__", 1)[-1].replace("_", " ") for p in TUNING.glob("*.wiki")}
    OUT.mkdir(exist_ok=True)
    rows = []
    rng = random.Random(SEED)
    for repo, commit, path, lic, _kind, lang in SOURCES:
        data = blob(mirrors, repo, commit, path)
        text = (lzma.decompress(data) if path.endswith(".xz") else data).decode("utf-8")
        pages = []
        for m in PAGE.finditer(text):
            block = m.group(1)
            title = field(block, "title")
            if field(block, "ns") not in ("0", "" if ":" not in title else "0") \
                    or "<redirect" in block or re.search(r"<text[^>]*>#(REDIRECT|WEITERLEITUNG)",
                                                          block, re.I):
                continue
            title, body = field(block, "title"), field(block, "text")
            if lang == "en" and title in tuning:
                continue
            pages.append((title, field(block, "id"), field(block, "timestamp"), body, block))
        single = len(pages) == 1
        chosen = pages if single else [p for p in pages if prose_ok(p[3])]
        if not single:
            chosen = rng.sample(chosen, min(PER_DUMP, len(chosen)))
        for title, pid, stamp, body, block in chosen:
            rev = re.search(r"<revision>\s*<id>(\d+)</id>", block)
            name = f"{lang}__{safe(title)}.wiki"
            (OUT / name).write_text(body, encoding="utf-8")
            rows.append([name, repo, path, commit, lic, title, lang,
                         f"page {pid} rev {rev.group(1) if rev else '?'} {stamp}"])
    for repo, commit, path, lic, title, lang in FILES:
        body = blob(mirrors, repo, commit, path).decode("utf-8")
        revision = "revision not recorded"
        if repo.startswith("richardjharris/"):  # a YAML header, then '---', then the page
            header, body = body.split("\n---\n", 1)
            src = re.search(r"^source: *(\S+)", header, re.M)
            name_m = re.search(r"^title: *(.+)$", header, re.M)
            revision = src.group(1) if src else revision
            title = name_m.group(1).strip() if name_m else (
                unquote(src.group(1).split("title=")[1].split("&")[0]).replace("_", " ")
                if src and "title=" in src.group(1) else title)
            person = re.search(r"^name: *(.+)$", header, re.M)
            if title == path.rsplit("/", 1)[-1] and person:  # no title or URL: the name
                title = person.group(1).replace(" ", "") if lang == "ja" else person.group(1)
        if lang == "en" and title in tuning:
            continue
        name = f"{lang}__{safe(title)}.wiki"
        (OUT / name).write_text(body, encoding="utf-8")
        rows.append([name, repo, path, commit, lic, title, lang, revision])
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
