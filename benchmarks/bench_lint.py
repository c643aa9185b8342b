"""Whole-linter throughput: wikilint against Bhsd's WikiLint (npm ``wikilint``), same run.

Both lint the same corpus articles from the command line, as users run them
(start-up included), and in-process for wikilint alone (parse + every
default rule).  Also lints an XML dump with 1 and 2 worker processes.

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
    from wikilint.api import lint_text
    from wikilint.rules.registry import default_rules

    texts = [(str(p), p.read_text(encoding="utf-8")) for p in articles]
    rules = default_rules()
    print(f"corpus: {len(articles)} articles, {mb:.2f} MB; rules: {len(rules)}")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp, "articles")
        work.mkdir()
        for p in articles:
            shutil.copy(p, work / p.name)
        node = None if args.no_node else bhsd_binary(install=True)
        ours_cli, theirs_cli, ours_inproc = [], [], []
        for _ in range(args.rounds):
            start = time.perf_counter()
            for path, text in texts:
                lint_text(text, path, rules=rules)
            ours_inproc.append(time.perf_counter() - start)
            ours_cli.append(timed([sys.executable, "-m", "wikilint", "--format", "concise",
                                   str(work)], cwd=ROOT))
            if node is not None:
                theirs_cli.append(timed([str(node), "-r", str(work)]))
    best = min(ours_cli)
    print(f"wikilint (in-process, parse + rules): {mb / min(ours_inproc):6.2f} MB/s")
    print(f"wikilint (CLI, start-up included):    {mb / best:6.2f} MB/s")
    if theirs_cli:
        other = min(theirs_cli)
        print(f"Bhsd's WikiLint (CLI):                {mb / other:6.2f} MB/s")
        print(f"ratio wikilint / Bhsd's WikiLint (CLI): {other / best:.2f}x")
    else:
        print("Bhsd's WikiLint: not run (no npm, or --no-node)")

    dump = Path(args.corpus, "dumps", "enwiki-2016-pages-articles1-shortened.xml.bz2")
    if dump.exists():
        from wikilint.io.dumps import iter_pages, lint_pages, rules_linter

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
