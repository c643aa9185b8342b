"""The rendered dialect against real rendering: prose findings of a page's wikitext
and of the same page as MediaWiki shows it to readers.

Starts a throwaway MediaWiki (tests/mediawiki/mwserver.py), renders every corpus
article with ``action=parse``, reduces the HTML to the text a reader sees (the
layout a browser's "save as text" gives, ``wikilint.io.htmltext``: what
``wikilint --wiki … --rendered`` lints), lints that text in the rendered dialect
and the wikitext in the wikitext dialect, and compares the prose findings:

  WL201 empty-section, WL202 incomplete-section, WL301 unbalanced-quotes,
  WL302 unbalanced-brackets

Two findings are the same when they have the same code and are about the same
thing: the same section title (WL201, WL202; a paragraph of the section or its
end), or messages that begin alike, quoting the same text around the quotation
mark or bracket (WL301, WL302; the first 40 letters and digits). Per rule it prints the
findings on each side, those in common, and the agreement (common / the larger
side); ``--show CODE`` lists the findings of one side only.

The wiki has no templates and no images: a template shows nothing on the
rendered side (prose that a template would have produced is missing there).

    python benchmarks/mediawiki_rendered.py [--limit N] [--show WL202] [--jobs 2]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "mediawiki"))

from mwserver import LocalWiki  # noqa: E402

from wikilint.api import lint_text  # noqa: E402
from wikilint.io.htmltext import html_to_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
RULES = ("WL201", "WL202", "WL301", "WL302")
_KEY_RE = re.compile(r"[\W_]+")


_SECTION_RE = re.compile(r"section '(.+?)'(?= (?:is|holds|ends|has|stops)\b)")


def finding_key(finding: Any) -> tuple[str, str]:
    """The code and what the finding is about: the section's title (WL201, WL202), or the
    start of the message with the quoted text (WL301, WL302)."""
    section = _SECTION_RE.search(finding.message)
    about = section.group(1) if section and finding.code in ("WL201", "WL202") \
        else finding.message
    return finding.code, _KEY_RE.sub("", about).casefold()[:40]


def prose_findings(text: str, path: str, dialect: str) -> Counter[tuple[str, str]]:
    return Counter(finding_key(f) for f in lint_text(text, path=path, dialect=dialect)
                   if f.code in RULES)


# The test wiki shows a missing template as <span class="wikilint-template">Template:Name</span>;
# the text of a template is unknown, so it shows nothing here (a "Template:Clear left"
# line would read as a heading).
_TEMPLATE_SPAN = re.compile(r'<span class="wikilint-template">[^<]*</span>')


def render(wiki: LocalWiki, title: str, text: str, site: str) -> str:
    parsed = wiki.parse(text, title=title, prop="text")
    return html_to_text(_TEMPLATE_SPAN.sub("", parsed["text"]), title=title, site=site)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", choices=RULES, help="list the findings of one side only")
    parser.add_argument("--save", type=Path, help="write the rendered pages to this folder")
    args = parser.parse_args(argv)
    paths = sorted((args.corpus / "articles").glob("*.wiki"))
    if not paths:
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    if args.limit:
        paths = paths[:args.limit]

    with LocalWiki.start(workers=args.jobs) as wiki:
        site = wiki.api(action="query", meta="siteinfo")["query"]["general"]["sitename"]

        def one(path: Path) -> tuple[Path, str, str]:
            text = path.read_text(encoding="utf-8")
            title = path.stem.split("__", 1)[-1].replace("_", " ")
            try:
                return path, text, render(wiki, title, text, site)
            except Exception as exc:  # noqa: BLE001 - reported, the run goes on
                return path, text, f"\0{exc}"

        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            pages = list(pool.map(one, paths))

    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    pages_agree = pages_with = 0
    only: list[tuple[str, str, tuple[str, str]]] = []
    for path, text, rendered in pages:
        if rendered.startswith("\0"):
            print(f"{path.name}: MediaWiki failed: {rendered[1:200]}", file=sys.stderr)
            continue
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / (path.stem + ".txt")).write_text(rendered, encoding="utf-8")
        wiki_side = prose_findings(text, path.name, "wikitext")
        read_side = prose_findings(rendered, path.stem + ".txt", "rendered")
        if wiki_side or read_side:
            pages_with += 1
            pages_agree += wiki_side == read_side
        for code in RULES:
            a = Counter({k: n for k, n in wiki_side.items() if k[0] == code})
            b = Counter({k: n for k, n in read_side.items() if k[0] == code})
            per_rule[code].update(wikitext=sum(a.values()), rendered=sum(b.values()),
                                  common=sum((a & b).values()))
            if args.show == code:
                only += [(path.name, "wikitext only", k) for k in (a - b).elements()]
                only += [(path.name, "rendered only", k) for k in (b - a).elements()]

    print(f"{len(pages)} articles rendered by MediaWiki 1.39 and reduced to reader text "
          "(2 shared cores, under load)")
    print(f"articles whose prose findings agree exactly: {pages_agree} of {pages_with} "
          "with any")
    print(f"{'rule':<7} {'wikitext':>9} {'rendered':>9} {'common':>7} {'agreement':>10}")
    for code in RULES:
        row = per_rule[code]
        larger = max(row["wikitext"], row["rendered"])
        rate = 100.0 * row["common"] / larger if larger else 100.0
        print(f"{code:<7} {row['wikitext']:>9} {row['rendered']:>9} {row['common']:>7} "
              f"{rate:>9.1f}%")
    for name, side, (code, message) in only:
        print(f"  {name}: {side}: {code} {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
