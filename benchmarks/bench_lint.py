"""Whole-linter throughput: wikilint against Bhsd's WikiLint (npm ``wikilint``), same run.

Both lint the same corpus articles from the command line (start-up included,
no result cache): wikilint as users run it (the default ``-j``, one worker
process per available core; the number of cores is printed) and with one
process (``-j 1``), each against Bhsd's CLI (node, one process) in the same
rounds.  In the
same process, round after round, wikilint's full lint (parse + every default
rule + suppression comments) is timed against mwparserfromhell's parse alone,
and each rule's own time is measured (a value rules share, such as a block's
prose, is charged to the first rule that asks for it).  Also lints an XML
dump with 1 and 2 worker processes.

Targets (issue 9): full lint >= 1.0x mwparserfromhell's parse-only
throughput, >= 3x Bhsd's WikiLint (CLI).

    python benchmarks/bench_lint.py [--corpus ../shared/corpus] [--rounds 3]

Bhsd's linter is installed on first use into ``benchmarks/.node`` with npm
(``npm install wikilint``); pass ``--no-node`` to skip it.  Ratios, not
seconds, are what to quote: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NODE_DIR = HERE / ".node"


def bhsd_binary(install: bool) -> Path | None:
    binary = NODE_DIR / "node_modules" / ".bin" / "wikilint"
    if binary.exists():
        return binary
    if not install or shutil.which("npm") is None:
        return None
    NODE_DIR.mkdir(exist_ok=True)
    subprocess.run(["npm", "install", "--silent", "--prefix", str(NODE_DIR), "wikilint"],
                   check=True, stdout=subprocess.DEVNULL)
    return binary if binary.exists() else None


def timed(cmd: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _time_rules(rules: list) -> dict[str, float]:
    """Wrap each rule's ``visit`` and ``check`` to add their time to the dict returned."""
    spent: dict[str, float] = {}

    def wrap(rule) -> None:
        visit, check, name = rule.visit, rule.check, rule.name

        def timed_visit(node, ctx):
            start = time.perf_counter()
            try:
                visit(node, ctx)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

        def timed_check(doc, ctx):
            start = time.perf_counter()
            try:
                check(doc, ctx)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

        rule.visit, rule.check = timed_visit, timed_check

    for rule in rules:
        wrap(rule)
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-node", action="store_true")
    args = parser.parse_args()
    articles = sorted(Path(args.corpus, "articles").glob("*.wiki"))
    if not articles:
        print(f"no articles under {args.corpus}", file=sys.stderr)
        return 2
    mb = sum(p.stat().st_size for p in articles) / 1e6
    sys.path.insert(0, str(ROOT))
    from wikilint.lint.pipeline import lint_source
    from wikilint.rules.registry import default_rules
    from wikilint.syntax.parser import parse_source
    from wikilint.syntax.source import SourceFile

    try:
        import mwparserfromhell
    except ImportError:
        mwparserfromhell = None

    texts = [(str(p), p.read_text(encoding="utf-8")) for p in articles]
    rules = default_rules()
    spent = _time_rules(rules)
    print(f"corpus: {len(articles)} articles, {mb:.2f} MB; rules: {len(rules)}")
    best_rule = {r.name: float("inf") for r in rules}
    mwph, parse_only = [], []

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp, "articles")
        work.mkdir()
        for p in articles:
            shutil.copy(p, work / p.name)
        node = None if args.no_node else bhsd_binary(install=True)
        ours_cli, ours_cli_default, theirs_cli, ours_inproc = [], [], [], []
        for _ in range(args.rounds):
            if mwparserfromhell is not None:
                start = time.perf_counter()
                for _path, text in texts:
                    mwparserfromhell.parse(text)
                mwph.append(time.perf_counter() - start)
            start = time.perf_counter()
            for path, text in texts:
                parse_source(SourceFile(text, path))
            parse_only.append(time.perf_counter() - start)
            spent.clear()
            start = time.perf_counter()
            for path, text in texts:
                lint_source(SourceFile(text, path), rules)
            ours_inproc.append(time.perf_counter() - start)
            for name in best_rule:
                best_rule[name] = min(best_rule[name], spent.get(name, 0.0))
            cli = [sys.executable, "-m", "wikilint", "--format", "concise", "--no-cache",
                   "--isolated", str(work)]
            ours_cli.append(timed(cli[:3] + ["-j", "1"] + cli[3:], cwd=ROOT))
            ours_cli_default.append(timed(cli, cwd=ROOT))  # as users run it: default -j
            if node is not None:
                theirs_cli.append(timed([str(node), "-r", str(work)]))
    best = min(ours_cli)
    lint_best = min(ours_inproc)
    print(f"wikilint (in-process, parse + rules): {mb / lint_best:6.2f} MB/s")
    print(f"wikilint parse only:                  {mb / min(parse_only):6.2f} MB/s")
    if mwph:
        print(f"mwparserfromhell parse only:          {mb / min(mwph):6.2f} MB/s "
              f"(C tokenizer: {mwparserfromhell.parser.use_c})")
        print(f"ratio full lint / mwparserfromhell parse: {min(mwph) / lint_best:.2f}x "
              "(target >= 1.0)")
    rules_total = sum(best_rule.values())
    print(f"time per rule (best round; rules {rules_total:.2f} s of {lint_best:.2f} s, "
          f"parse {min(parse_only):.2f} s):")
    for name, secs in sorted(best_rule.items(), key=lambda kv: -kv[1]):
        print(f"  {name:28s} {secs:6.3f} s  {100 * secs / lint_best:5.1f}%")
    from wikilint.runner.local import available_cores

    cores = available_cores()
    best_default = min(ours_cli_default)
    print(f"wikilint (CLI, -j 1, start-up included): {mb / best:6.2f} MB/s")
    print(f"wikilint (CLI, default -j: {cores} worker{'s' if cores != 1 else ''} on {cores} "
          f"core{'s' if cores != 1 else ''}): {mb / best_default:6.2f} MB/s "
          f"({best / best_default:.2f}x -j 1)")
    if theirs_cli:
        other = min(theirs_cli)
        print(f"Bhsd's WikiLint (CLI, node, one process): {mb / other:6.2f} MB/s")
        print(f"ratio wikilint -j 1 / Bhsd's WikiLint (CLI): {other / best:.2f}x (target >= 3)")
        print(f"ratio wikilint default -j ({cores} cores) / Bhsd's WikiLint (CLI): "
              f"{other / best_default:.2f}x (target >= 3)")
    else:
        print("Bhsd's WikiLint: not run (no npm, or --no-node)")

    dump = Path(args.corpus, "dumps", "enwiki-2016-pages-articles1-shortened.xml.bz2")
    if dump.exists():
        try:
            from wikilint.io.dumps import iter_pages, lint_pages, rules_linter
        except ImportError:  # the dump runner moved: benchmarks/bench_dump.py measures it
            print("dump: see benchmarks/bench_dump.py")
            return 0

        pages = list(iter_pages(str(dump)))
        dump_mb = sum(len(p.text.encode()) for p in pages) / 1e6
        for jobs in (1, min(2, os.cpu_count() or 1)):
            start = time.perf_counter()
            for _ in lint_pages(str(dump), pages, rules_linter(default_rules), jobs=jobs):
                pass
            elapsed = time.perf_counter() - start
            print(f"dump {dump.name}: {len(pages)} pages, {dump_mb:.2f} MB, jobs={jobs}: "
                  f"{dump_mb / elapsed:.2f} MB/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
