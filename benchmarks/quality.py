"""Rule quality on real articles: recall on planted defects, findings and precision by reading.

Four sets of real wikitext are measured separately:

* ``tuning``: ``../shared/corpus/articles`` (the corpus the rules were written against);
* ``untuned``: ``benchmarks/untuned/articles`` (pages from other repositories, never used
  for tuning, but read to find false-positive causes; see its README);
* ``heldout``: ``benchmarks/heldout/articles`` (pages from yet other repositories, kept
  blind for the final measurement: only measured when named in ``--sets``; see its README);
* ``heldout2``: ``benchmarks/heldout2/articles`` (a second blind set from still other
  repositories, drawn after ``heldout`` had been used to fix causes; only measured when named);
* ``heldout3``: ``benchmarks/heldout3/articles`` (a third blind set from still other
  repositories, drawn after ``heldout2`` had been used to fix causes; only measured when named).

**Recall on planted defects.**  Defects are planted by a model that knows nothing of the
rules; it uses only the parse tree (``wikilint.parse``) to find paragraphs, text and
templates, never a rule, a word list or an analysis helper.  One defect per mutated copy of
a page, each copy linted on its own:

``cut-last`` / ``cut-middle``
    A prose paragraph (a top-level paragraph with at least 12 words of its own text that
    ends with sentence punctuation) is cut after a word chosen uniformly from the second
    half of its words, any word in any case; the rest of the paragraph (text, links,
    references) goes.  ``cut-last``: nothing but non-content (templates, categories,
    files, comments) follows it before the next heading.  ``cut-middle``: another
    paragraph follows in the same section.  Expected: ``incomplete-section`` on a line of
    the paragraph or on the section's heading line.
``quote``
    One closing quotation mark of a pair found by a simple independent method (“…”, „…“,
    „…”, «…», ‘…’, and straight "…" or '…' that open after a space and close before a
    non-letter, on one line, within a paragraph's own text) is deleted.  Expected:
    ``unbalanced-quotes`` on a line from the opening to the deleted mark.
``paren``
    One closing parenthesis of a pair matched by a stack over a paragraph's own text is
    deleted.  Expected: ``unbalanced-brackets`` on a line from ``(`` to the deleted ``)``.
``citation-dates``
    A citation template inside ``<ref>`` that carries a date loses every date: its date
    parameters (date, year, access-date, archive-date, orig-date … and their names in other
    languages) and every date or year in the rest of the reference (titles, free text),
    URLs and identifiers left alone.  Expected: ``undated-citation`` on a line of the
    template.

A planted defect counts as found only when the expected rule reports it at that place, and
a place where the unmutated page already has a finding of that rule is never chosen.
Recall is reported with its Wilson 95% interval.

**Findings on unmutated pages** per rule and set (total and per article), every one dumped
to ``benchmarks/reviews/findings-<set>.tsv``; verdicts given by reading are kept in
``benchmarks/reviews/<set>.tsv`` (file, rule, line, message prefix, verdict true/false,
note) and merged in, so precision is reviewed-true / reviewed and the findings no one has
read yet are listed (``--unreviewed``).

Usage::

    python benchmarks/quality.py [--sets tuning,untuned,heldout,heldout2,heldout3] [--per-page N]
        [--max-pages N] [--seed S] [-j N] [--no-plant] [--unreviewed] [--missed N]
        [--list RULE] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import signal
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wikilint import parse  # noqa: E402

SETS = {
    "tuning": ROOT.parent / "shared" / "corpus" / "articles",
    "untuned": ROOT / "benchmarks" / "untuned" / "articles",
    "heldout": ROOT / "benchmarks" / "heldout" / "articles",
    "heldout2": ROOT / "benchmarks" / "heldout2" / "articles",
    "heldout3": ROOT / "benchmarks" / "heldout3" / "articles",
}
#: sets measured when --sets is not given; the blind set is measured only when asked for,
#: so that a routine run does not show its findings to someone tuning a rule
DEFAULT_SETS = "tuning,untuned"
#: sets on which precision by reading is a target (the sets nobody tuned on)
UNSEEN = ("untuned", "heldout", "heldout2", "heldout3")
REVIEWS = ROOT / "benchmarks" / "reviews"
#: defect kind -> the rule expected to report it
KINDS = {
    "cut-last": "incomplete-section",
    "cut-middle": "incomplete-section",
    "quote": "unbalanced-quotes",
    "paren": "unbalanced-brackets",
    "citation-dates": "undated-citation",
}
MIN_WORDS = 12
PREFIX = 40  # characters of a message kept in a review row


# ------------------------------------------------------------------ linting
def _linter() -> Callable[[str, str], list[Any]]:
    """The public API's lint function, suppression comments applied as the CLI applies them."""
    from wikilint import lint_text

    def lint(text: str, path: str) -> list[Any]:
        return list(lint_text(text, path=path, dialect="wikitext"))
    return lint


# ------------------------------------------------------------------ the page model
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
TERMINAL = set(".!?。！？．।॥։؟…")
CLOSERS = set("\"'”’»)」』]")


def _wordish(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LMN"


def words_of(text: str, base: int) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` (offset ``base``): letter/mark/digit runs, with
    ' ’ - inside a word; every CJK ideograph or kana is a word of its own."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if _CJK.match(ch):
            spans.append((base + i, base + i + 1))
            i += 1
            continue
        if not _wordish(ch):
            i += 1
            continue
        j = i + 1
        while j < n and (_wordish(text[j]) and not _CJK.match(text[j])
                         or text[j] in "'’-" and j + 1 < n and _wordish(text[j + 1])
                         and not _CJK.match(text[j + 1])):
            j += 1
        spans.append((base + i, base + j))
        i = j
    return spans


def own_text(par: Any) -> list[Any]:
    """The paragraph's own Text children (not inside links, templates, tags, formatting)."""
    return [c for c in par.children if c.kind == "text"]


def has_letters(par: Any) -> bool:
    return any(any(ch.isalpha() for ch in str(t)) for t in own_text(par))


def visible_end(par: Any, src: str) -> str:
    """The paragraph's last visible character: trailing references, templates, comments
    and whitespace dropped, then closing quotes and brackets."""
    kids = list(par.children)
    while kids and (kids[-1].kind in ("tag", "template", "comment", "line_break")
                    or kids[-1].kind == "text" and not str(kids[-1]).strip()):
        kids.pop()
    if not kids:
        return ""
    tail = src[par.start:kids[-1].end].rstrip()
    while tail and tail[-1] in CLOSERS:
        tail = tail[:-1].rstrip()
    return tail[-1:] if tail else ""


@dataclass
class Prose:
    par: Any
    section: Any
    words: list[tuple[int, int]]
    position: str  # "last", "middle" or ""


def is_content(node: Any) -> bool:
    """Whether a block of a section's body is content a paragraph could lead into: not
    line breaks, comments, templates, category/interlanguage/file link lines or the
    reference list."""
    if node.kind in ("line_break", "comment", "template", "wikilink"):
        return False
    if node.kind == "tag" and getattr(node, "name", "").lower() == "references":
        return False
    if node.kind == "text":
        return bool(str(node).strip())
    if node.kind == "paragraph":
        return has_letters(node)
    return True


def prose_paragraphs(doc: Any) -> Iterator[Prose]:
    src = doc.text
    for section in doc.sections():
        body = list(section.body)
        for i, node in enumerate(body):
            if node.kind != "paragraph":
                continue
            words = [w for t in own_text(node) for w in words_of(str(t), t.start)]
            if len(words) < MIN_WORDS or visible_end(node, src) not in TERMINAL:
                continue
            following = [c for c in body[i + 1:] if is_content(c)]
            if not following:
                position = "last"
            elif following[0].kind == "paragraph":
                position = "middle"
            else:
                position = ""
            yield Prose(node, section, words, position)


# quotation pairs: (opening, closing); straight marks handled apart
CURLY_PAIRS = [("“", "”"), ("„", "“"), ("„", "”"), ("«", "»"), ("‘", "’")]


def quote_pairs(text: str, base: int) -> list[tuple[int, int, str]]:
    """(open offset, close offset, mark) of quotation pairs in one run of own text."""
    out: list[tuple[int, int, str]] = []
    for opener, closer in CURLY_PAIRS:
        for m in re.finditer(re.escape(opener), text):
            j = m.end()
            k = text.find(closer, j)
            if k < 0 or "\n" in text[j:k] or opener in text[j:k] and opener != closer:
                continue
            if closer == "’" and k + 1 < len(text) and _wordish(text[k + 1]):
                continue  # an apostrophe inside a word, not a closing mark
            if opener == "‘" and m.start() > 0 and _wordish(text[m.start() - 1]):
                continue
            out.append((base + m.start(), base + k, closer))
    for mark in ('"', "'"):
        for m in re.finditer(rf"(?:(?<=^)|(?<=[\s(\[]))({mark})(?=\w)", text):
            j = m.end()
            close = re.compile(rf"(?<=[\w.,!?)])({mark})(?=$|[\s.,;:!?)\]])")
            c = close.search(text, j)
            if not c or "\n" in text[j:c.start()] or mark in text[j:c.start()]:
                continue
            if c.start() - j < 2 or c.start() - j > 300:
                continue
            if mark == "'" and (text[m.start() - 1:m.start()] == "'"
                                or text[c.end():c.end() + 1] == "'"):
                continue  # '' markup, not a quotation mark
            out.append((base + m.start(), base + c.start(), mark))
    return out


def paren_pairs(texts: list[Any]) -> list[tuple[int, int]]:
    """(open, close) offsets of parentheses matched by a stack over the own text runs."""
    stack: list[int] = []
    out: list[tuple[int, int]] = []
    for t in texts:
        s = str(t)
        for i, ch in enumerate(s):
            if ch == "(":
                stack.append(t.start + i)
            elif ch == ")" and stack:
                out.append((stack.pop(), t.start + i))
    return out


CITE_NAME = re.compile(
    r"^(cite\b|citation\b|cita\b|citar\b|cytuj\b|chú thích\b|lien web$|article$|ouvrage$|"
    r"literatur$|internetquelle$|книга$|статья$|публикация$|публікація$|вебпосилання$|"
    r"cite(web|book|journal|news)$)", re.I)
DATE_PARAM = re.compile(
    r"(date|year|datum|jahr|zugriff|abruf|fecha|año|anno|data|année|consulté|дата|год|рік|"
    r"rok|ngày|năm|日付|年|accessed|orig-?year)", re.I)
IDENT_PARAM = re.compile(
    r"^(url|archive-?url|chapter-?url|doi|isbn|issn|pmid|pmc|oclc|jstor|bibcode|arxiv|hdl|"
    r"lccn|s2cid|id|zbl|mr)$", re.I)
#: numbering parameters: a bare number there is not a date, a written-out date is
NUMBER_PARAM = re.compile(
    r"^(page|pages|p|pp|at|volume|issue|number|no|seite|seiten|band|nummer|том|страницы|"
    r"выпуск|номер)$", re.I)
MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|märz|"
          r"mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|"
          r"septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|"
          r"agosto|septiembre|octubre|noviembre|diciembre)\.?")
DATE_FULL = (
    rf"\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b|"
    rf"\b\d{{1,2}}\.?\s+{MONTHS}\s+\d{{4}}\b|\b{MONTHS}\s+\d{{1,2}},?\s+\d{{4}}\b|"
    rf"\b{MONTHS}\s+\d{{4}}\b|\b\d{{4}}年(?:\d{{1,2}}月(?:\d{{1,2}}日)?)?")
DATE_TEXT = re.compile(rf"{DATE_FULL}|\b(?:1[5-9]\d\d|20\d\d)\b", re.I)
DATE_FULL_RE = re.compile(DATE_FULL, re.I)
URLISH = re.compile(r"\[?\s*(?:https?:)?//\S+|\{\{[^{}]*\}\}")


def strip_dates(text: str, pattern: re.Pattern[str] = DATE_TEXT) -> str:
    """Every date or year in ``text``, URLs and inner templates left alone."""
    out, last = [], 0
    for m in URLISH.finditer(text):
        out.append(pattern.sub("", text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(pattern.sub("", text[last:]))
    return "".join(out)


def undate_reference(src: str, ref: Any, tpl: Any) -> tuple[str, int, int] | None:
    """The page with every date of ``ref`` removed, and the template's new span."""
    edits: list[tuple[int, int, str]] = []
    dated = False
    for p in tpl.params:
        name = p.name_text if p.name is not None else ""
        value = p.value_text
        if name and DATE_PARAM.search(name):
            dated |= bool(value.strip())
            start = p.start - (1 if src[p.start - 1:p.start] == "|" and src[p.start] != "|"
                               else 0)
            edits.append((start, p.end, ""))
        elif not (name and IDENT_PARAM.match(name)):
            numbering = bool(name and NUMBER_PARAM.match(name))
            stripped = strip_dates(value, DATE_FULL_RE if numbering else DATE_TEXT)
            if stripped != value:
                dated = True
                vstart = p.value[0].start if p.value else p.end
                edits.append((vstart, p.end, stripped))
    # free text of the reference around the template
    for a, b in ((ref_inner_start(ref), tpl.start), (tpl.end, ref_inner_end(ref))):
        if a < b:
            seg = src[a:b]
            stripped = strip_dates(seg)
            if stripped != seg:
                dated = True
                edits.append((a, b, stripped))
    if not dated:
        return None
    out = src
    shift_in_tpl = 0
    for a, b, new in sorted(edits, reverse=True):
        out = out[:a] + new + out[b:]
        if tpl.start <= a < tpl.end:
            shift_in_tpl += len(new) - (b - a)
    return out, tpl.start, tpl.end + shift_in_tpl


def ref_inner_start(ref: Any) -> int:
    contents = getattr(ref, "contents", None)
    return contents[0].start if contents else ref.start


def ref_inner_end(ref: Any) -> int:
    contents = getattr(ref, "contents", None)
    return contents[-1].end if contents else ref.end


# ------------------------------------------------------------------ planting
@dataclass
class Plant:
    kind: str
    file: str
    text: str        # the mutated page
    lines: tuple[int, int]  # the lines where the expected rule must report
    heading_line: int = 0   # section rules may report on the section's heading line
    snippet: str = ""


def line_of(src: str, offset: int) -> int:
    return src.count("\n", 0, offset) + 1


def _hit_lines(findings: list[Any], rule: str) -> list[tuple[int, int]]:
    return [(f.line, f.end_line) for f in findings if f.rule == rule]


def _overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= b and a <= e for s, e in spans)


def plants(kind: str, name: str, src: str, doc: Any, base: list[Any],
           rng: random.Random, n: int) -> list[Plant]:
    """Up to ``n`` defects of ``kind``, each in its own copy of the page, at distinct
    places drawn uniformly without replacement."""
    taken = _hit_lines(base, KINDS[kind])
    if kind.startswith("cut-"):
        want = kind[4:]
        options = []
        for p in prose_paragraphs(doc):
            if p.position != want:
                continue
            head = p.section.heading
            hline = line_of(src, head.start) if head is not None else 0
            if _overlaps(taken, line_of(src, p.par.start), line_of(src, p.par.end)) or \
                    hline and _overlaps(taken, hline, hline):
                continue
            options.append((p, hline))
        out = []
        for p, hline in rng.sample(options, min(n, len(options))):
            second = p.words[len(p.words) // 2:]
            cut = rng.choice(second)[1]
            text = src[:cut] + src[p.par.end:]
            out.append(Plant(kind, name, text, (line_of(src, p.par.start), line_of(src, cut)),
                             hline, src[max(p.par.start, cut - 60):cut]))
        return out
    if kind in ("quote", "paren"):
        options2: list[tuple[int, int]] = []
        for p in prose_paragraphs(doc):
            texts = own_text(p.par)
            pairs = ([(a, b) for t in texts for a, b, _ in quote_pairs(str(t), t.start)]
                     if kind == "quote" else paren_pairs(texts))
            for a, b in pairs:
                if not _overlaps(taken, line_of(src, a), line_of(src, b)):
                    options2.append((a, b))
        return [Plant(kind, name, src[:b] + src[b + 1:], (line_of(src, a), line_of(src, b)), 0,
                      src[max(a, b - 60):b + 1])
                for a, b in rng.sample(options2, min(n, len(options2)))]
    if kind == "citation-dates":
        options3 = []
        for ref in doc.walk():
            if ref.kind != "tag" or getattr(ref, "name", "").lower() != "ref":
                continue
            for tpl in ref.walk():
                if tpl.kind == "template" and CITE_NAME.match(tpl.normalized_name) and \
                        not _overlaps(taken, line_of(src, tpl.start), line_of(src, tpl.end)):
                    options3.append((ref, tpl))
                    break
        rng.shuffle(options3)
        out = []
        for ref, tpl in options3:
            done = undate_reference(src, ref, tpl)
            if done is None:
                continue
            text, a, b = done
            out.append(Plant(kind, name, text, (line_of(text, a), line_of(text, b)), 0,
                             text[a:min(b, a + 160)]))
            if len(out) == n:
                break
        return out
    raise ValueError(kind)


def found(plant_: Plant, findings: list[Any]) -> bool:
    rule = KINDS[plant_.kind]
    spans = _hit_lines(findings, rule)
    a, b = plant_.lines
    if _overlaps(spans, a, b):
        return True
    h = plant_.heading_line
    return bool(h) and any(s == h for s, _ in spans)


# ------------------------------------------------------------------ one page
@dataclass
class PageResult:
    set: str
    file: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    planted: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


def context(src: str, line: int, column: int, width: int = 110) -> str:
    lines = src.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    col = max(column - 1, 0)
    a = max(col - width, 0)
    return (("…" if a else "") + text[a:col] + "⟦" + text[col:col + width]
            + ("…" if col + width < len(text) else "")).replace("\t", " ")


def run_page(job: tuple[str, str, int, int, int]) -> PageResult:
    set_name, path, seed, per_page, skip_plants = job
    lint = _linter()
    began = time.perf_counter()
    name = Path(path).name
    src = Path(path).read_text(encoding="utf-8")
    base = lint(src, name)
    res = PageResult(set_name, name)
    for f in base:
        res.findings.append({"file": name, "rule": f.rule, "code": f.code, "line": f.line,
                             "column": f.column, "message": f.message,
                             "context": context(src, f.line, f.column)})
    if not skip_plants:
        doc = parse(src)
        for kind in KINDS:
            rng = random.Random(f"{seed}:{set_name}:{name}:{kind}")
            for p in plants(kind, name, src, doc, base, rng, per_page):
                hit = found(p, lint(p.text, name))
                res.planted.append({"kind": kind, "file": name, "lines": p.lines,
                                    "found": hit, "snippet": p.snippet})
    res.seconds = time.perf_counter() - began
    return res


# ------------------------------------------------------------------ statistics
def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


# ------------------------------------------------------------------ reviews
@dataclass(frozen=True)
class Review:
    file: str
    rule: str
    line: int
    prefix: str
    verdict: bool
    note: str
    column: int | None = None  # optional: tells apart findings of one line and message


def load_reviews(set_name: str) -> list[Review]:
    path = REVIEWS / f"{set_name}.tsv"
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            col = (row.get("column") or "").strip()
            out.append(Review(row["file"], row["rule"], int(row["line"]), row["message_prefix"],
                              row["verdict"].strip().lower() == "true", row.get("note", ""),
                              int(col) if col else None))
    return out


def match_reviews(findings: list[dict[str, Any]], reviews: list[Review]) -> None:
    """Attach ``verdict``/``note`` to each finding a review row describes: same file, rule
    and line and a message starting with the row's prefix (and the same column, for a row
    that gives one); failing that, the only review row and the only finding of that rule on
    that line (a reworded message)."""
    at_column: dict[tuple[str, str, int, str, int | None], Review] = {
        (r.file, r.rule, r.line, r.prefix, r.column): r for r in reviews if r.column is not None}
    exact = {(r.file, r.rule, r.line, r.prefix): r for r in reviews if r.column is None}
    by_line: dict[tuple[str, str, int], list[Review]] = defaultdict(list)
    for row in reviews:
        by_line[(row.file, row.rule, row.line)].append(row)
    per_line = Counter((f["file"], f["rule"], f["line"]) for f in findings)
    for f in findings:
        r: Review | None = at_column.get((f["file"], f["rule"], f["line"],
                                          f["message"][:PREFIX], f.get("column"))) or exact.get(
            (f["file"], f["rule"], f["line"], f["message"][:PREFIX]))
        if r is None:
            rows = by_line.get((f["file"], f["rule"], f["line"]), [])
            if len(rows) == 1 and per_line[(f["file"], f["rule"], f["line"])] == 1:
                r = rows[0]
        if r is not None:
            f["verdict"] = "true" if r.verdict else "false"
            f["note"] = r.note


def dump_findings(set_name: str, findings: list[dict[str, Any]]) -> Path:
    REVIEWS.mkdir(parents=True, exist_ok=True)
    path = REVIEWS / f"findings-{set_name}.tsv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        out.writerow(["file", "rule", "line", "message_prefix", "verdict", "note", "column",
                      "message", "context"])
        for f in findings:
            out.writerow([f["file"], f["rule"], f["line"], f["message"][:PREFIX],
                          f.get("verdict", ""), f.get("note", ""), f["column"],
                          f["message"], f["context"]])
    return path


# ------------------------------------------------------------------ report
def build_report(results: list[PageResult], sets: list[str], args: argparse.Namespace,
                 seconds: float) -> dict[str, Any]:
    report: dict[str, Any] = {"seed": args.seed, "per_page": args.per_page,
                              "seconds": round(seconds, 1), "sets": {}}
    for s in sets:
        pages = [r for r in results if r.set == s]
        findings = [f for r in pages for f in r.findings]
        match_reviews(findings, load_reviews(s))
        # a partial run (--max-pages) must not overwrite the full set's dump
        dumped = dump_findings(s, findings) if not args.max_pages else None
        rules: dict[str, dict[str, Any]] = {}
        for f in findings:
            row = rules.setdefault(f["rule"], {"findings": 0, "reviewed": 0, "true": 0})
            row["findings"] += 1
            if "verdict" in f:
                row["reviewed"] += 1
                row["true"] += f["verdict"] == "true"
        for row in rules.values():
            row["per_article"] = round(row["findings"] / max(len(pages), 1), 3)
            row["precision"] = (round(row["true"] / row["reviewed"], 3)
                                if row["reviewed"] else None)
        recall: dict[str, dict[str, Any]] = {}
        for kind in KINDS:
            got = [p for r in pages for p in r.planted if p["kind"] == kind]
            k = sum(p["found"] for p in got)
            lo, hi = wilson(k, len(got))
            recall[kind] = {"rule": KINDS[kind], "planted": len(got), "found": k,
                            "recall": round(k / len(got), 3) if got else None,
                            "ci95": [round(lo, 3), round(hi, 3)],
                            "missed": [p for p in got if not p["found"]]}
        report["sets"][s] = {
            "articles": len(pages),
            "findings_file": (str(dumped.relative_to(ROOT)) if dumped
                              else "(not written: --max-pages)"),
            "rules": dict(sorted(rules.items())), "recall": recall,
            "all": findings,
            "unreviewed": [f for f in findings if "verdict" not in f],
            "false": [f for f in findings if f.get("verdict") == "false"],
        }
    return report


#: issue 8's targets: (what, set or None for each set, kind or rule, bound)
RECALL_TARGETS = [("cut-last", 0.95), ("cut-middle", 0.9), ("quote", 0.95), ("paren", 0.95)]
RATE_TARGETS = [("incomplete-section", 0.1, None), ("unbalanced-quotes", 0.3, 0.9),
                ("unbalanced-brackets", 0.3, 0.9)]


def targets(report: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """(set, target, measured, met) for the targets of issue 8 (recall by point estimate;
    findings per article; precision by reading on the sets nobody tuned on)."""
    out = []
    for s, d in report["sets"].items():
        for kind, bound in RECALL_TARGETS:
            r = d["recall"][kind]
            if r["recall"] is None:
                continue
            out.append((s, f"{kind} recall ≥ {bound}",
                        f"{r['recall']:.2f} ({r['ci95'][0]:.2f}–{r['ci95'][1]:.2f})",
                        r["recall"] >= bound))
        for rule, per_article, precision in RATE_TARGETS:
            row = d["rules"].get(rule, {"findings": 0, "per_article": 0.0, "precision": None,
                                        "reviewed": 0, "true": 0})
            out.append((s, f"{rule} ≤ {per_article} findings/article",
                        f"{row['per_article']:.2f}", row["per_article"] <= per_article))
            if precision is not None and s in UNSEEN:
                prec = row["precision"]
                unread = row["findings"] - row["reviewed"]
                out.append((s, f"{rule} precision ≥ {precision}",
                            "–" if prec is None else f"{prec:.2f} ({unread} unread)",
                            prec is None and row["findings"] == 0
                            or prec is not None and prec >= precision and not unread))
    return out


def list_rule(report: dict[str, Any], rule: str) -> None:
    """Every finding of one rule on the unmutated pages, with its verdict if reviewed."""
    for s, d in report["sets"].items():
        for f in d["all"]:
            if rule in (f["rule"], f["code"]):
                verdict = f.get("verdict", "unreviewed")
                sys.stdout.write(f"{s} {f['file']}:{f['line']}:{f['column']} [{verdict}] "
                                 f"{f['message']}\n    {f['context']}\n")


def print_report(report: dict[str, Any], show_unreviewed: bool, show_missed: int) -> None:
    w = sys.stdout.write
    sets = list(report["sets"])
    w(f"seed {report['seed']}, {report['per_page']} planted defect(s) per page and kind, "
      f"{report['seconds']} s\n\n")
    w("### Recall on planted defects (Wilson 95% interval)\n\n")
    w("| kind | expected rule | " + " | ".join(f"{s}: found/planted | {s}: recall (95% CI)"
                                           for s in sets) + " |\n")
    w("|---|---|" + "---:|---:|" * len(sets) + "\n")
    for kind, rule in KINDS.items():
        cells = []
        for s in sets:
            r = report["sets"][s]["recall"][kind]
            rec = "–" if r["recall"] is None else (
                f"{r['recall']:.2f} ({r['ci95'][0]:.2f}–{r['ci95'][1]:.2f})")
            cells += [f"{r['found']}/{r['planted']}", rec]
        w(f"| {kind} | {rule} | " + " | ".join(cells) + " |\n")
    w("\n### Findings on unmutated pages, precision by reading\n\n")
    w("| rule | " + " | ".join(f"{s}: findings | {s}: per article | {s}: reviewed true/read "
                               f"(precision)" for s in sets) + " |\n")
    w("|---|" + "---:|---:|---:|" * len(sets) + "\n")
    names = sorted({r for s in sets for r in report["sets"][s]["rules"]})
    for rule in names:
        cells = []
        for s in sets:
            row = report["sets"][s]["rules"].get(rule)
            if row is None:
                cells += ["0", "0", "–"]
                continue
            prec = "–" if row["precision"] is None else f"{row['precision']:.2f}"
            cells += [str(row["findings"]), f"{row['per_article']:.2f}",
                      f"{row['true']}/{row['reviewed']} ({prec})"]
        w(f"| {rule} | " + " | ".join(cells) + " |\n")
    w("\n### Targets of issue 8\n\n| set | target | measured | met |\n|---|---|---:|---|\n")
    for s, what, measured, met in targets(report):
        w(f"| {s} | {what} | {measured} | {'yes' if met else '**no**'} |\n")
    w("\n")
    for s in sets:
        d = report["sets"][s]
        w(f"{s}: {d['articles']} articles; {len(d['unreviewed'])} finding(s) not reviewed yet; "
          f"all findings in {d['findings_file']}\n")
    if show_unreviewed:
        for s in sets:
            for f in report["sets"][s]["unreviewed"]:
                w(f"UNREVIEWED {s} {f['file']}:{f['line']}:{f['column']} {f['rule']}: "
                  f"{f['message']}\n    {f['context']}\n")
    if show_missed:
        for s in sets:
            for kind in KINDS:
                for p in report["sets"][s]["recall"][kind]["missed"][:show_missed]:
                    w(f"MISSED {s} {kind} {p['file']}:{p['lines'][1]} …{p['snippet']!r}\n")


def main(argv: list[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default=DEFAULT_SETS,
                    help="comma-separated: tuning, untuned, heldout, heldout2, heldout3 "
                         "(default tuning,untuned; the heldout sets are blind sets, see "
                         "their README.md)")
    ap.add_argument("--per-page", type=int, default=2,
                    help="defects planted per page and kind, each in its own copy (default 2)")
    ap.add_argument("--max-pages", type=int, default=0,
                    help="use only the first N pages of each set (default all)")
    ap.add_argument("--seed", type=int, default=8, help="random seed (default 8)")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--no-plant", action="store_true",
                    help="only lint the unmutated pages (findings and precision)")
    ap.add_argument("--unreviewed", action="store_true", help="list unreviewed findings")
    ap.add_argument("--missed", type=int, default=0, metavar="N",
                    help="list up to N missed planted defects per kind and set")
    ap.add_argument("--list", metavar="RULE",
                    help="list every finding of one rule (name or code) with its verdict")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when a target of issue 8 is not met")
    args = ap.parse_args(argv)
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    jobs = []
    for s in sets:
        folder = SETS.get(s)
        if folder is None or not folder.is_dir():
            sys.stderr.write(f"quality.py: no set {s!r} at {folder}\n")
            return 2
        files = sorted(folder.glob("*.wiki"))
        if args.max_pages:
            files = files[:args.max_pages]
        jobs += [(s, str(p), args.seed, args.per_page, int(args.no_plant)) for p in files]
    # biggest pages first so the workers finish together
    jobs.sort(key=lambda j: -Path(j[1]).stat().st_size)
    began = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(run_page, jobs, chunksize=1))
    else:
        results = [run_page(j) for j in jobs]
    report = build_report(results, sets, args, time.perf_counter() - began)
    if args.list:
        list_rule(report, args.list)
    elif args.json:
        for d in report["sets"].values():
            del d["all"]
        json.dump(report, sys.stdout, indent=1, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        print_report(report, args.unreviewed, args.missed)
    if args.check and not all(met for *_, met in targets(report)):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
