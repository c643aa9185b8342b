"""Recall of incomplete-section (WL202) on sentences cut at a random word, and its findings
on the unmutated pages, for the development pages (or any folder of .wiki/.txt pages).

The cut model knows nothing of the rule: a prose paragraph (a section-body paragraph with
at least 12 words of its own text that ends with sentence punctuation) is cut after a word
chosen uniformly from the second half of its words (any word, any case); the rest of the
paragraph goes.  ``last``: nothing but non-content follows it in its section; ``middle``:
another paragraph follows.  A cut counts as found when WL202 reports a line of the
paragraph or the section's heading line.  Places where the unmutated page already has a
WL202 finding are not cut.  Recall is printed with its Wilson 95% interval.

    python benchmarks/dev/cuts.py benchmarks/dev/articles -n 10
    python benchmarks/dev/cuts.py ../shared/corpus/articles -n 3 --seed 7
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from wikilint.lint.pipeline import lint_document
from wikilint.rules.incomplete_section import IncompleteSection
from wikilint.syntax.parser import parse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/
from quality import words_of  # noqa: E402  (the same word model as the quality benchmark)

TERMINAL = set(".!?。！？．।॥։؟…")
CLOSERS = set("\"'”’»)」』]")
MIN_WORDS = 12
def _own_text(par: Any) -> list[Any]:
    return [c for c in par.children if c.kind == "text"]


def _visible_end(par: Any, src: str) -> str:
    kids = list(par.children)
    while kids and (kids[-1].kind in ("tag", "template", "comment", "line_break",
                                      "citation_marker")
                    or kids[-1].kind == "text" and not str(kids[-1]).strip()):
        kids.pop()
    if not kids:
        return ""
    tail = src[par.start:kids[-1].end].rstrip()
    while tail and tail[-1] in CLOSERS:
        tail = tail[:-1].rstrip()
    return tail[-1:]


def _is_content(node: Any) -> bool:
    if node.kind in ("line_break", "comment", "template"):
        return False
    if node.kind == "text":
        return bool(str(node).strip())
    if node.kind == "paragraph":
        return any(any(ch.isalpha() for ch in str(t)) for t in _own_text(node))
    return True


def prose_paragraphs(doc: Any) -> Iterator[tuple[Any, Any, list[tuple[int, int]], str]]:
    """(paragraph, section, words, position) for each prose paragraph."""
    for section in doc.sections():
        body = list(section.body)
        for i, node in enumerate(body):
            if node.kind != "paragraph":
                continue
            words = [w for t in _own_text(node) for w in words_of(str(t), t.start)]
            if len(words) < MIN_WORDS or _visible_end(node, doc.text) not in TERMINAL:
                continue
            following = [c for c in body[i + 1:] if _is_content(c)]
            position = "last" if not following else (
                "middle" if following[0].kind == "paragraph" else "")
            yield node, section, words, position


def _line(src: str, offset: int) -> int:
    return src.count("\n", 0, offset) + 1


def _lint(text: str, path: str) -> list[Any]:
    doc = parse(text, dialect="rendered" if path.endswith(".txt") else "wikitext", path=path)
    return lint_document(doc, [IncompleteSection()], path).findings


def run_page(job: tuple[str, str, int]) -> dict[str, Any]:
    path, seed, n = job
    src = Path(path).read_text(encoding="utf-8")
    base = _lint(src, path)
    out: dict[str, Any] = {"file": path, "base": [(f.line, f.end_line, f.message) for f in base],
                           "cuts": []}
    doc = parse(src, dialect="rendered" if path.endswith(".txt") else "wikitext", path=path)
    taken = [(f.line, f.end_line) for f in base]
    rng = random.Random(f"{seed}:{os.path.basename(path)}")
    for kind in ("last", "middle"):
        options = []
        for par, section, words, position in prose_paragraphs(doc):
            first, last = _line(src, par.start), _line(src, par.end)
            head = _line(src, section.heading.start) if section.heading is not None else 0
            if position != kind or any(a <= last and first <= b for a, b in taken) \
                    or (head and any(a == head for a, _ in taken)):
                continue
            options.append((par, words, head))
        for par, words, head in rng.sample(options, min(n, len(options))):
            cut = rng.choice(words[len(words) // 2:])[1]
            found = _lint(src[:cut] + src[par.end:], path)
            first, last = _line(src, par.start), _line(src, cut)
            hit = any(f.line <= last and first <= f.end_line for f in found) \
                or bool(head and any(f.line == head for f in found))
            out["cuts"].append((kind, hit, src[max(par.start, cut - 70):cut].replace("\n", " "),
                                first))
    return out


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    d = 1 + z * z / n
    c = p + z * z / (2 * n)
    r = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return ((c - r) / d, (c + r) / d)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+", help="folders of .wiki (wikitext) and .txt (rendered)")
    ap.add_argument("-n", type=int, default=3, help="cuts per page and kind")
    ap.add_argument("--seed", default="1")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--show-missed", type=int, default=30)
    args = ap.parse_args()
    files = [str(f) for d in args.folders for f in sorted(Path(d).glob("*"))
             if f.suffix in (".wiki", ".txt")]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(run_page, [(f, args.seed, args.n) for f in files]))
    base = [(r["file"], *b) for r in results for b in r["base"]]
    print(f"pages {len(results)}, WL202 findings on unmutated pages {len(base)} "
          f"({len(base) / max(1, len(results)):.3f} per page)")
    for file, line, end, message in base:
        print(f"  {os.path.basename(file)}:{line}-{end} {message}")
    for kind in ("last", "middle"):
        cuts = [(r["file"], c) for r in results for c in r["cuts"] if c[0] == kind]
        k = sum(1 for _, c in cuts if c[1])
        lo, hi = wilson(k, len(cuts))
        print(f"{kind}: {k}/{len(cuts)} = {k / max(1, len(cuts)):.3f}  95% [{lo:.3f}, {hi:.3f}]")
        for file, c in [x for x in cuts if not x[1][1]][:args.show_missed]:
            print(f"  missed {os.path.basename(file)}:{c[3]} …{c[2]!r}")


if __name__ == "__main__":
    main()
