"""wikilint's parser against MediaWiki's: agreement per construct on the real corpus.

Starts a throwaway MediaWiki (Debian's ``mediawiki`` 1.39; see
tests/mediawiki/mwserver.py), renders every corpus article and every
parser-test input with ``action=parse``, and compares what MediaWiki made of
it with wikilint's tree (tests/mediawiki/mwcompare.py says how): section
headings, bold and italic runs, which ``[[…]]``, ``[…]``, ``{{…}}``,
``<ref>`` and tags became markup and which showed as literal text, and
where each ``<ref>``'s contents end.

For each construct it prints, per corpus, the inputs that have it (on either
side), the share of those where the two agree exactly, and the item counts
(MediaWiki, wikilint, in common). Then it checks every unclosed-markup (WL101)
and unclosed-formatting (WL303) finding: does MediaWiki show the markup as
literal text there (WL101), or an unclosed run (WL303)?

    python benchmarks/mediawiki_parser.py                 # everything (~5 min on 2 cores)
    python benchmarks/mediawiki_parser.py --only articles --limit 20
    python benchmarks/mediawiki_parser.py --show links    # the disagreements on links
    python benchmarks/mediawiki_parser.py --sample tests/data/mediawiki/parser_sample.json

``--sample FILE`` records MediaWiki's verdicts on a fixed selection of inputs
(every 25th parser-test input, and the shorter articles' leads) for
tests/mediawiki/test_mw_sample.py, which compares them with wikilint's tree in
the ordinary test run, without MediaWiki.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "mediawiki"))

from mwcompare import (  # noqa: E402
    CONSTRUCTS,
    compare,
    differences,
    key,
    mediawiki_verdicts,
    wikilint_verdicts,
)
from mwserver import LocalWiki  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
LICENCE = ("inputs from ../shared/corpus: parser tests from MediaWiki (GPL-2.0-or-later), "
           "articles from Wikipedia (CC BY-SA; attribution: each title's page history, see "
           "the corpus's articles/SOURCES.tsv)")
INPUT_KEYS = ("wikitext", "wikitext/edited", "text")


def parser_test_inputs(path: Path) -> list[tuple[str, str]]:
    """(name, wikitext) of each input of a MediaWiki parser-test file."""
    inputs: list[tuple[str, str]] = []
    name = section = ""
    buf: list[str] = []

    def flush() -> None:
        if section in INPUT_KEYS and "\n".join(buf).strip():
            inputs.append((f"{path.name}: {name} ({section})", "\n".join(buf)))

    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("!!"):
            flush()
            section = line[2:].strip().lower()
            buf = []
            continue
        if section in ("test", "article") and line.strip() and not buf:
            name = line.strip()
        buf.append(line)
    flush()
    return inputs


def load_inputs(corpus: Path, only: str | None) -> list[tuple[str, str, str]]:
    """(corpus kind, name, wikitext) of every input."""
    out: list[tuple[str, str, str]] = []
    if only in (None, "articles"):
        for path in sorted((corpus / "articles").glob("*.wiki")):
            out.append(("articles", path.name, path.read_text(encoding="utf-8")))
    if only in (None, "parsertests"):
        for path in sorted((corpus / "parsertests").glob("*.txt")):
            out.extend(("parsertests", name, text) for name, text in parser_test_inputs(path))
    return out


def magic_words(wiki: LocalWiki) -> dict[str, list[str]]:
    """How MediaWiki's variables and parser functions are written in ``{{…}}``:
    ``variables`` (``{{PAGENAME}}``, case as written) and ``functions`` (``{{lc:…}}``,
    ``{{#if:…}}``; lower case)."""
    info = wiki.api(action="query", meta="siteinfo",
                    siprop="magicwords|functionhooks|variables")["query"]
    variables = set(info["variables"])
    hooks = {h.lstrip("#").lower() for h in info["functionhooks"]}
    out: dict[str, set[str]] = {"variables": set(), "functions": set(hooks)}
    for word in info["magicwords"]:
        kind = "variables" if word["name"] in variables else \
            "functions" if word["name"] in hooks else None
        if kind is None:
            continue
        for alias in word["aliases"]:
            alias = alias.rstrip(":").lstrip("#")
            out[kind].add(alias if word.get("case-sensitive") and kind == "variables"
                          else alias.lower())
    return {kind: sorted(names) for kind, names in out.items()}


def tracking_categories(wiki: LocalWiki) -> list[str]:
    """Names of the categories MediaWiki puts pages in by itself (broken file links…)."""
    messages = wiki.api(action="query", meta="allmessages", amfilter="category",
                        amlang="en")["query"]["allmessages"]
    extra = "nonnumeric-formatnum|restricted-displaytitle-ignored"
    messages += wiki.api(action="query", meta="allmessages", ammessages=extra,
                         amlang="en")["query"]["allmessages"]
    ui = ("accesskey-", "tooltip-", "nstab-", "randomincategory-", "recentchanges-", "search-")
    return sorted({m["content"] for m in messages
                   if re.search(r"-category$|tracking-category(?!.*-desc$)"
                                r"|^nonnumeric-formatnum$|^restricted-displaytitle-ignored$",
                                m["name"]) and not m["name"].startswith(ui)
                   and m.get("content") and "$" not in m["content"]})


def lint(text: str) -> list[Any]:
    try:
        from wikilint.api import lint_text
    except ImportError:  # pragma: no cover - older layouts
        from wikilint import lint_text  # type: ignore[attr-defined,no-redef]
    return list(lint_text(text, path="page.wiki"))


_MARKUP_AT = re.compile(r"\{\{+|\}\}+|\[\[|\]\]|<!--|\{\||</?[a-zA-Z][a-zA-Z0-9]*[^<>\n]*>?")
_PLAIN = re.compile(r"[^\[\]{}<>|'&=\n]*")


def _offset(text: str, line: int, column: int) -> int:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return starts[line - 1] + column - 1


def check_findings(text: str, mw: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(code, markup, verdict) for every WL101 and WL303 finding on ``text``."""
    import wikilint
    from wikilint.syntax.nodes import Template

    visible = mw["visible"]
    out = []
    templates = [(t.start, t.end) for t in wikilint.parse(text).filter(Template)]
    for finding in lint(text):
        if finding.code not in ("WL101", "WL303"):
            continue
        at = _offset(text, finding.line, finding.column)
        if any(start < at < end for start, end in templates):
            out.append((finding.code, "", "inside a template (not shown without it)"))
            continue
        if finding.code == "WL303":
            run = re.match(r"'+", text[at:])
            start = at + (run.end() if run else 0)
            after = key(_PLAIN.match(text, start).group())[:20]  # type: ignore[union-attr]
            kind = "''" if run and len(run.group()) == 2 else "'''"
            if len(after) < 3:
                out.append(("WL303", kind, "unchecked (no plain text after it)"))
                continue
            runs = mw["italic"] + mw["bold"] + mw.get("note_runs", [])
            shown = any(r.startswith(after) for r in runs)
            out.append(("WL303", kind, "MediaWiki shows a run to the end of the line" if shown
                        else "MediaWiki shows no run there"))
            continue
        match = _MARKUP_AT.match(text, at)
        token = match.group() if match else text[at:at + 2]
        name = re.sub(r"^(</?[a-zA-Z][a-zA-Z0-9]*).*", r"\1>", token) if token.startswith("<") \
            and not token.startswith("<!--") else token[:2]
        end = at + len(token)
        after = re.sub(r"\s+", " ", _PLAIN.match(text, end).group())[:15].rstrip()  # type: ignore[union-attr]
        before = re.sub(r"\s+", " ",
                        _PLAIN.match(text[:at][::-1]).group()[::-1])[-15:].lstrip()  # type: ignore[union-attr]
        closer = token.startswith(("}}", "]]", "</"))
        shown_token = " ".join(token.split())
        probe = before + shown_token if closer and before else shown_token + after
        if probe in visible or (shown_token in visible and not (before or after)):
            verdict = "literal"
        elif shown_token in visible:
            verdict = "literal elsewhere, not with this context"
        else:
            verdict = "not literal"
        out.append(("WL101", name, verdict))
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    inputs = load_inputs(args.corpus, args.only)
    if args.limit:
        per_kind: dict[str, int] = Counter()
        kept = []
        for item in inputs:
            if per_kind[item[0]] < args.limit:
                kept.append(item)
                per_kind[item[0]] += 1
        inputs = kept
    started = time.monotonic()
    cache: dict[str, Any] = {}
    if args.cache and args.cache.is_file():
        cache = json.loads(args.cache.read_text(encoding="utf-8"))
    wanted = [item for item in inputs if _cache_key(item) not in cache.get("verdicts", {})]
    if wanted or not cache:
        with LocalWiki.start(workers=args.jobs) as wiki:
            cache.setdefault("magic", magic_words(wiki))
            cache.setdefault("tracking", tracking_categories(wiki))
            cache.setdefault("verdicts", {}).update(
                (_cache_key(item), mw) for item, (*_, mw) in zip(
                    wanted, _render_all(wiki, wanted, cache["tracking"], args.jobs),
                    strict=True))
        if args.cache:
            args.cache.write_text(json.dumps(cache, ensure_ascii=False), encoding="utf-8")
    magic, tracking = cache["magic"], cache["tracking"]
    rendered = [(kind, name, text, cache["verdicts"][_cache_key((kind, name, text))])
                for kind, name, text in inputs]
    mw_seconds = time.monotonic() - started

    totals: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    shown: list[tuple[str, dict[str, Any]]] = []
    findings: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    errors = []
    sample = []
    all_diffs: list[dict[str, Any]] = []
    for index, (kind, name, text, mw) in enumerate(rendered):
        if "error" in mw:
            errors.append((name, mw["error"]))
            continue
        wl = wikilint_verdicts(text, magic)
        for construct, row in compare(mw, wl).items():
            totals[kind][construct].update(row)
        if args.show:
            diff = differences(mw, wl).get(args.show)
            if diff:
                shown.append((name, diff))
        if args.diffs:
            every = differences(mw, wl)
            if every:
                all_diffs.append({"corpus": kind, "name": name, "wikitext": text[:2000],
                                  "differences": every})
        if not args.no_findings:
            for code, markup, verdict in check_findings(text, mw):
                findings[code][(markup, verdict)] += 1
        if args.sample and _in_sample(kind, index, text):
            known = {c: wl[c] for c in CONSTRUCTS if mw.get(c) != wl.get(c)}
            sample.append({"corpus": kind, "name": name, "wikitext": text,
                           "mediawiki": mw, "wikilint_differs": known})
    report = {"inputs": Counter(k for k, *_ in rendered), "mediawiki_seconds": round(mw_seconds, 1),
              "totals": totals, "findings": findings, "errors": errors, "magic": magic,
              "tracking": tracking}
    print_report(report)
    for name, diff in shown[: args.show_limit]:
        print(f"\n--- {name}\n{json.dumps(diff, ensure_ascii=False)[:600]}")
    if args.diffs:
        args.diffs.write_text(json.dumps(all_diffs, ensure_ascii=False, indent=1),
                              encoding="utf-8")
    if args.sample:
        args.sample.parent.mkdir(parents=True, exist_ok=True)
        args.sample.write_text(json.dumps({"mediawiki": "1.39 (Debian)", "licence": LICENCE,
                                           "magic": magic,
                                           "tracking": tracking,
                                           "inputs": sample}, ensure_ascii=False, indent=1)
                               + "\n", encoding="utf-8")
        print(f"\nwrote {len(sample)} recorded verdicts to {args.sample}")
    return report


def _cache_key(item: tuple[str, str, str]) -> str:
    import hashlib

    kind, name, text = item
    return f"{kind}:{name}:{hashlib.sha1(text.encode('utf-8')).hexdigest()}"


def _render_all(wiki: LocalWiki, inputs: list[tuple[str, str, str]], tracking: list[str],
                jobs: int) -> list[tuple[str, str, str, dict[str, Any]]]:
    """MediaWiki's verdicts on each input (``{"error": …}`` when it failed)."""
    def one(item: tuple[str, str, str]) -> tuple[str, str, str, dict[str, Any]]:
        kind, name, text = item
        try:
            parsed = wiki.parse(text, title="Sandbox", prop="text|sections|categories")
        except Exception as exc:  # noqa: BLE001 - reported, the run goes on
            return kind, name, text, {"error": str(exc)[:200]}
        return kind, name, text, mediawiki_verdicts(parsed, tracking)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, inputs))


def _in_sample(kind: str, index: int, text: str) -> bool:
    if kind == "parsertests":
        return index % 25 == 0 and len(text) < 3000
    return len(text) < 12000


def print_report(report: dict[str, Any]) -> None:
    print(f"inputs: {dict(report['inputs'])}; MediaWiki rendering took "
          f"{report['mediawiki_seconds']} s (2 shared cores, under load)")
    for kind, rows in sorted(report["totals"].items()):
        print(f"\n{kind}: agreement per construct (inputs agreeing / inputs having it; items)")
        print(f"{'construct':<11} {'inputs':>7} {'agree':>7} {'rate':>7}   "
              f"{'items MW':>9} {'wikilint':>9} {'common':>9} {'item rate':>9}")
        for name in CONSTRUCTS:
            row = rows[name]
            present, agree = row["present"], row["agree"]  # inputs without it: not counted
            rate = 100.0 * agree / present if present else 100.0
            items = max(row["mw"], row["wl"])
            item_rate = 100.0 * row["common"] / items if items else 100.0
            print(f"{name:<11} {present:>7} {agree:>7} {rate:>6.1f}%   "
                  f"{row['mw']:>9} {row['wl']:>9} {row['common']:>9} {item_rate:>8.1f}%")
    if report["findings"]:
        print("\nunclosed-markup (WL101) and unclosed-formatting (WL303) findings, "
              "by what MediaWiki shows there:")
        for code, counter in sorted(report["findings"].items()):
            total = sum(counter.values())
            for (markup, verdict), n in sorted(counter.items(), key=lambda kv: -kv[1]):
                print(f"  {code} {markup:<10} {verdict:<45} {n:>5}")
            print(f"  {code} total {total}")
    if report["errors"]:
        print(f"\n{len(report['errors'])} inputs MediaWiki did not render:")
        for name, error in report["errors"][:10]:
            print(f"  {name}: {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", choices=("articles", "parsertests"))
    parser.add_argument("--limit", type=int, default=0, help="at most N inputs of each corpus")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", choices=CONSTRUCTS, help="print the disagreements on one")
    parser.add_argument("--show-limit", type=int, default=30)
    parser.add_argument("--no-findings", action="store_true", help="skip the WL101/WL303 check")
    parser.add_argument("--sample", type=Path, help="record MediaWiki's verdicts on a sample")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    parser.add_argument("--diffs", type=Path, help="write every disagreement as JSON")
    parser.add_argument("--cache", type=Path,
                        help="keep MediaWiki's verdicts in this file and reuse them (they do "
                             "not depend on wikilint)")
    args = parser.parse_args(argv)
    if not (args.corpus / "articles").is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    report = run(args)
    if args.json:
        args.json.write_text(json.dumps(report, default=lambda o: {str(k): v for k, v in o.items()}
                                        if isinstance(o, dict) else str(o), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
