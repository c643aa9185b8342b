"""How the built-in rules behave on real articles, checked against what editors tagged.

Runs every built-in rule over ``../shared/corpus/articles/*.wiki`` and prints

* per rule: findings, files with findings, findings per 100 KB, rule errors;
* a cross-check with ``maintenance-tags.tsv`` (where Wikipedia's editors put
  {{Citation needed}}, {{Dead link}}, {{Expand section}}, {{Empty section}} …):
  - the share of empty-/incomplete-section findings in sections editors tagged
    {{Empty section}} / {{Expand section}};
  - undated-citation findings on the same line as (or within ``--near`` lines of)
    a {{Dead link}} / {{Citation needed}} / {{Full citation needed}} tag;
  - for every tag kind, how many tags share a line / a section with any finding;
  - tagged problems that one of our rules is meant to catch but did not.

This is a sanity check, not a score: editors tag a small, arbitrary subset of the
problems in a page, and most tags (``Citation needed``, ``Clarify``) are about
things no rule here looks at.  Usage::

    python benchmarks/quality.py [--corpus DIR] [--near N] [--json] [--list CODE]
"""

from __future__ import annotations

import argparse
import csv
import json
import signal
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wikilint.analysis.prose import PLACEHOLDER, prose_of  # noqa: E402
from wikilint.lint.pipeline import lint_source  # noqa: E402
from wikilint.lint.rule import Finding  # noqa: E402
from wikilint.rules.registry import builtin_rules  # noqa: E402
from wikilint.syntax.nodes import Document, ListItem, Paragraph, Section  # noqa: E402
from wikilint.syntax.source import SourceFile  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

#: Tags saying a section lacks content, and the rules that look for that.
SECTION_TAGS = frozenset({"Empty section", "Expand section"})
SECTION_RULES = frozenset({"WL201", "WL202"})
#: Tags saying a citation is broken or incomplete, and the rule that looks at citations.
CITATION_TAGS = frozenset({"Dead link", "Citation needed", "Full citation needed"})
CITATION_RULES = frozenset({"WL401"})
#: Which tagged problems each rule family is meant to catch (for the "missed" list).
#: {{Citation needed}} asks for a missing citation, which no rule here detects.
MEANT_TO_CATCH = {
    "Empty section": SECTION_RULES,
    "Expand section": SECTION_RULES,
    "Full citation needed": CITATION_RULES,
}


@dataclass(frozen=True)
class Tag:
    """One maintenance template an editor placed, from maintenance-tags.tsv."""

    file: str  # article file name
    template: str  # canonical name, e.g. "Dead link"
    kind: str  # inline | section | article
    line: int
    date: str
    section: str  # section title, "(lead)" for the lead


@dataclass(frozen=True)
class Located:
    """A finding with the title of the innermost section it starts in."""

    finding: Finding
    section: str


@dataclass
class CorpusRun:
    findings: dict[str, list[Located]] = field(default_factory=dict)  # file -> findings
    errors: list[str] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    # file -> normalized section title -> characters of the section's own prose
    prose: dict[str, Counter[str]] = field(default_factory=dict)
    seconds: float = 0.0

    def all(self) -> Iterable[tuple[str, Located]]:
        for name, located in self.findings.items():
            for item in located:
                yield name, item


def norm_title(title: str) -> str:
    return " ".join(title.replace("_", " ").split()).casefold()


def load_tags(path: Path) -> list[Tag]:
    tags: list[Tag] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            tags.append(Tag(Path(row["file"]).name, row["canonical"], row["kind"],
                            int(row["line"]), row["date"], row["section"]))
    return tags


def section_at(doc: Document, offset: int) -> str:
    """Title of the innermost section containing ``offset``."""
    best: Section | None = None
    for section in doc.sections():
        if section.start <= offset < max(section.end, section.start + 1):
            if best is None or section.start >= best.start:
                best = section
    return best.title if best is not None else "(lead)"


def prose_per_section(doc: Document) -> Counter[str]:
    """Characters of real prose (placeholders and spaces aside) per section title."""
    sizes: Counter[str] = Counter()
    for node in doc.walk():
        if isinstance(node, (Paragraph, ListItem)):
            section = node.section
            text = prose_of(node).text.replace(PLACEHOLDER, "")
            sizes[norm_title(section.title if section else "(lead)")] += len("".join(text.split()))
    return sizes


def run_corpus(articles: Path) -> CorpusRun:
    rules = [cls() for cls in builtin_rules()]
    run = CorpusRun()
    began = time.perf_counter()
    for path in sorted(articles.glob("*.wiki")):
        text = path.read_text(encoding="utf-8")
        result = lint_source(SourceFile(text, path.name), rules, "wikitext")
        run.sizes[path.name] = len(text.encode("utf-8"))
        run.prose[path.name] = prose_per_section(result.doc)
        run.findings[path.name] = [Located(f, section_at(result.doc, f.start))
                                   for f in result.findings]
        run.errors.extend(f"{e.path}: {e.rule}: {e.message}" for e in result.errors)
    run.seconds = time.perf_counter() - began
    return run


# ------------------------------------------------------------------ reports
def per_rule(run: CorpusRun) -> list[dict[str, object]]:
    total_kb = sum(run.sizes.values()) / 1000
    counts: Counter[str] = Counter()
    files: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {cls.code: cls.name for cls in builtin_rules()}
    enabled = {cls.code for cls in builtin_rules() if getattr(cls, "default_enabled", True)}
    for name, item in run.all():
        counts[item.finding.code] += 1
        files[item.finding.code].add(name)
    rows = []
    for code in sorted(set(names) | set(counts)):
        rows.append({
            "code": code, "rule": names.get(code, "?"), "default": code in enabled,
            "findings": counts[code],
            "files": len(files[code]),
            "per_100kb": round(100 * counts[code] / total_kb, 2) if total_kb else 0.0,
        })
    return rows


def section_check(run: CorpusRun, tags: list[Tag]) -> dict[str, object]:
    """Share of section findings in sections editors tagged as lacking content."""
    tagged = {(t.file, norm_title(t.section)) for t in tags if t.template in SECTION_TAGS}
    out: dict[str, object] = {}
    for code in sorted(SECTION_RULES):
        found = [(n, i) for n, i in run.all() if i.finding.code == code]
        hits = [(n, i) for n, i in found if (n, norm_title(i.section)) in tagged]
        out[code] = {"findings": len(found), "in_tagged_sections": len(hits)}
    covered = {(n, norm_title(i.section)) for n, i in run.all()
               if i.finding.code in SECTION_RULES}
    out["tagged_sections"] = len(tagged)
    out["tagged_sections_with_finding"] = len(tagged & covered)
    return out


def near(finding: Finding, tag: Tag, lines: int) -> bool:
    return finding.line - lines <= tag.line <= finding.end_line + lines


def citation_check(run: CorpusRun, tags: list[Tag], lines: int) -> dict[str, object]:
    """Undated-citation findings near a tag that says the citation is broken/missing."""
    by_file: dict[str, list[Tag]] = defaultdict(list)
    for t in tags:
        if t.template in CITATION_TAGS:
            by_file[t.file].append(t)
    found = [(n, i.finding) for n, i in run.all() if i.finding.code in CITATION_RULES]
    per_tag: Counter[str] = Counter()
    any_near = 0
    for name, f in found:
        close = {t.template for t in by_file.get(name, []) if near(f, t, lines)}
        any_near += bool(close)
        per_tag.update(close)
    return {"findings": len(found), "near_any": any_near, "near_by_tag": dict(per_tag),
            "window_lines": lines}


def tag_coverage(run: CorpusRun, tags: list[Tag]) -> list[dict[str, object]]:
    """For every tag kind: how many tags share a line or a section with a finding."""
    lines: dict[str, set[int]] = defaultdict(set)
    sections: dict[str, set[str]] = defaultdict(set)
    for name, item in run.all():
        lines[name].update(range(item.finding.line, item.finding.end_line + 1))
        sections[name].add(norm_title(item.section))
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for t in tags:
        row = rows[t.template]
        row["tags"] += 1
        row["same_line"] += t.line in lines.get(t.file, ())
        row["same_section"] += norm_title(t.section) in sections.get(t.file, ())
    return [{"template": k, **v} for k, v in sorted(rows.items(), key=lambda kv: -kv[1]["tags"])]


def missed(run: CorpusRun, tags: list[Tag]) -> list[dict[str, object]]:
    """Tagged problems a rule is meant to catch, with no finding of that rule nearby."""
    out = []
    for t in tags:
        codes = MEANT_TO_CATCH.get(t.template)
        if not codes:
            continue
        hit = any(i.finding.code in codes and (
            norm_title(i.section) == norm_title(t.section) if t.kind == "section"
            else near(i.finding, t, 0)) for i in run.findings.get(t.file, []))
        if not hit:
            prose = run.prose.get(t.file, Counter())[norm_title(t.section)]
            out.append({"file": t.file, "line": t.line, "template": t.template,
                        "section": t.section, "rules": sorted(codes), "section_prose": prose})
    return out


# ------------------------------------------------------------------ output
def print_report(report: dict[str, Any], run: CorpusRun) -> None:
    w = sys.stdout.write
    w(f"{report['files']} articles, {report['kilobytes']} KB, "
      f"{report['seconds']} s, {len(run.errors)} rule error(s)\n\n")
    w(f"{'code':7} {'rule':24} {'default':7} {'findings':>8} {'files':>6} {'/100KB':>7}\n")
    for row in report["per_rule"]:
        on = "yes" if row["default"] else "opt-in"
        w(f"{row['code']:7} {row['rule']:24} {on:7} {row['findings']:>8} {row['files']:>6} "
          f"{row['per_100kb']:>7}\n")
    sec = report["sections"]
    w("\nSection findings vs {{Empty section}}/{{Expand section}} tags:\n")
    for code in sorted(SECTION_RULES):
        d = sec[code]
        w(f"  {code}: {d['in_tagged_sections']} of {d['findings']} findings in tagged sections\n")
    w(f"  tagged sections with a {'/'.join(sorted(SECTION_RULES))} finding: "
      f"{sec['tagged_sections_with_finding']} of {sec['tagged_sections']}\n")
    cit = report["citations"]
    w(f"\nUndated-citation findings within {cit['window_lines']} line(s) of a "
      f"{'/'.join(sorted(CITATION_TAGS))} tag: {cit['near_any']} of {cit['findings']}"
      f" {cit['near_by_tag']}\n")
    w("\nTags sharing a line / a section with any finding:\n")
    for row in report["tag_coverage"]:
        w(f"  {row['template']:32} {row['tags']:>4} tags  {row['same_line']:>3} same line  "
          f"{row['same_section']:>3} same section\n")
    w("\nTagged problems our rules are meant to catch but did not:\n")
    for m in report["missed"] or []:
        w(f"  {m['file']}:{m['line']} {{{{{m['template']}}}}} in '{m['section']}' "
          f"(expected {'/'.join(m['rules'])}; section prose: {m['section_prose']} chars)\n")
    if not report["missed"]:
        w("  none\n")
    for err in run.errors:
        w(f"rule error: {err}\n")


def list_findings(run: CorpusRun, code: str) -> None:
    for name, item in run.all():
        f = item.finding
        if code in (f.code, f.rule):
            sys.stdout.write(f"{name}:{f.line}:{f.column}: {f.code} [{item.section}] "
                             f"{f.message}\n")


def build_report(run: CorpusRun, tags: list[Tag], window: int) -> dict[str, Any]:
    return {
        "files": len(run.sizes),
        "kilobytes": round(sum(run.sizes.values()) / 1000),
        "seconds": round(run.seconds, 1),
        "rule_errors": run.errors,
        "per_rule": per_rule(run),
        "sections": section_check(run, tags),
        "citations": citation_check(run, tags, window),
        "tag_coverage": tag_coverage(run, tags),
        "missed": missed(run, tags),
    }


def main(argv: list[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):  # `quality.py | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--near", type=int, default=1,
                        help="lines around an undated-citation finding that count as near")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--list", metavar="CODE", help="list every finding of one rule")
    args = parser.parse_args(argv)
    articles = args.corpus / "articles"
    if not articles.is_dir():
        sys.stderr.write(f"no corpus at {articles}\n")
        return 2
    run = run_corpus(articles)
    if args.list:
        list_findings(run, args.list)
        return 0
    tags = load_tags(args.corpus / "maintenance-tags.tsv")
    report = build_report(run, tags, args.near)
    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_report(report, run)
    return 0


if __name__ == "__main__":
    sys.exit(main())
