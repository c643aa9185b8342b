"""Planted deletions for WL301/WL302: delete one random closing mark from a real prose line.

    python benchmarks/planted_closers.py [SEED] [N]

For each kind (a closing double quotation mark, a closing parenthesis) it
picks N prose lines of the corpus articles (a paragraph line starting with a
letter, outside comments, <math>, <pre>, <nowiki>, <code>, <poem> and
<blockquote>, whose marks outside templates, links, tags and <ref>s balance,
and on which the unmutated page has no finding of the rule), deletes one
closing mark chosen at random (for quotes: the second, fourth … mark of the
line), lints the page with every default rule, and counts the deletion found
when a new WL301/WL302 finding (or a WL303/WL101 finding that supersedes it)
appears on that line.  Prints recall with its 95% Wilson interval and the
first misses.  The planting knows nothing of the rules' heuristics.
"""

from __future__ import annotations

import math
import os
import random
import re
import sys
from pathlib import Path

import wikilint

CORPUS = Path(os.environ.get("WIKILINT_CORPUS", Path(__file__).parents[2] / "shared" / "corpus"))
RULE_OF = {"quote": "unbalanced-quotes", "paren": "unbalanced-brackets"}
SUPERSEDING = ("unclosed-formatting", "unclosed-markup")
_HIDDEN_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(math|pre|nowiki|code|poem|blockquote)\b.*?</\1>", re.S)


def prose_positions(line: str) -> list[int]:
    """Offsets of ``line`` outside ``{{ }}``, ``[[ ]]``, tags and ``<ref>…</ref>``."""
    out: list[int] = []
    depth, i, tag, ref = 0, 0, False, False
    while i < len(line):
        two = line[i:i + 2]
        if two in ("{{", "[["):
            depth, i = depth + 1, i + 2
            continue
        if two in ("}}", "]]"):
            depth, i = max(0, depth - 1), i + 2
            continue
        if line.startswith("<ref", i):
            ref = True
        if line.startswith("</ref>", i) or ref and line.startswith("/>", i):
            ref = False
        if line[i] == "<":
            tag = True
        elif line[i] == ">":
            tag, i = False, i + 1
            continue
        if depth == 0 and not tag and not ref:
            out.append(i)
        i += 1
    return out


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 0.0
    p = k / n
    d = 1 + z * z / n
    c = p + z * z / (2 * n)
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (c - h) / d, (c + h) / d


def candidates(files: list[Path]) -> dict[str, list[tuple[Path, int, list[int]]]]:
    """(file, line number, source offsets of the closing marks) by kind."""
    found: dict[str, list[tuple[Path, int, list[int]]]] = {"quote": [], "paren": []}
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        hidden = [m.span() for m in _HIDDEN_RE.finditer(text)]
        off = 0
        for ln, line in enumerate(text.split("\n"), 1):
            if len(line) > 80 and line[:1].isalpha() \
                    and not any(a <= off < b for a, b in hidden):
                pos = prose_positions(line)
                quotes = [i for i in pos if line[i] in '"”']
                if len(quotes) >= 2 and len(quotes) % 2 == 0:
                    found["quote"].append((f, ln, [off + i for i in quotes[1::2]]))
                opened = [i for i in pos if line[i] == "("]
                closed = [i for i in pos if line[i] == ")"]
                if closed and len(opened) == len(closed) and line.count("(") == line.count(")"):
                    found["paren"].append((f, ln, [off + i for i in closed]))
            off += len(line) + 1
    return found


def main(seed: int = 8, n_max: int = 150) -> None:
    random.seed(seed)
    files = sorted((CORPUS / "articles").glob("*.wiki"))
    if not files:
        sys.exit(f"{CORPUS / 'articles'}: no corpus articles")
    texts: dict[Path, str] = {}
    base: dict[Path, list[wikilint.Finding]] = {}
    for kind, items in candidates(files).items():
        random.shuffle(items)
        rule = RULE_OF[kind]
        hit = n = 0
        misses = []
        for f, ln, closers in items:
            if n >= n_max:
                break
            text = texts.setdefault(f, f.read_text(encoding="utf-8", errors="replace"))
            if f not in base:
                base[f] = wikilint.lint_text(text, path=f.name)
            if any(x.rule == rule and x.line == ln for x in base[f]):
                continue  # the line already has a finding: not a clean planting
            at = random.choice(closers)
            mutated = text[:at] + text[at + 1:]
            before = [x.rule for x in base[f] if x.line == ln]
            after = [x.rule for x in wikilint.lint_text(mutated, path=f.name)
                     if x.line == ln and x.rule in (rule, *SUPERSEDING)]
            n += 1
            if any(after.count(r) > before.count(r) for r in set(after)):
                hit += 1
            else:
                misses.append((f.name, ln, text[max(0, at - 60):at + 1].replace("\n", " ")))
        lo, hi = wilson(hit, n)
        print(f"{kind}: recall {hit}/{n} = {hit / max(n, 1):.3f} (95% CI {lo:.3f}-{hi:.3f})")
        for name, ln, shown in misses[:15]:
            print(f"   miss {name}:{ln} | {shown}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
