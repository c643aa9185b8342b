"""Parse speed and memory of wikilint against mwparserfromhell on the shared corpus.

Usage::

    python benchmarks/bench_parse.py [--rounds N] [--corpus DIR] [--startup-runs N]

Both parsers parse the same articles (``../shared/corpus/articles/*.wiki`` by
default) in the same process, ``--rounds`` times each, interleaved; the best
round counts (the least disturbed by other processes on the machine).  Prints
MB/s of each, the ratio wikilint / mwparserfromhell (goal: >= 1.0), the peak
memory one parse of the largest article allocates (tracemalloc), whether
mwparserfromhell used its C tokenizer, and the wall time of
``python -m wikilint seeds/000_708e36cc2bd48137.txt`` (goal: <= 0.2 s).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import wikilint  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
SEED = ROOT / "seeds" / "000_708e36cc2bd48137.txt"


def load(corpus: Path) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.wiki"))]
    if not texts:
        sys.exit(f"no *.wiki files in {corpus}")
    return texts


def one_round(parse: Callable[[str], object], texts: list[str]) -> float:
    gc.collect()
    start = time.perf_counter()
    for text in texts:
        parse(text)
    return time.perf_counter() - start


def peak_memory(parse: Callable[[str], object], text: str) -> int:
    """Peak bytes allocated while parsing ``text`` and holding the tree."""
    gc.collect()
    tracemalloc.start()
    tree = parse(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del tree
    return peak


def startup(runs: int, command: list[str]) -> list[float]:
    """Wall seconds of ``python COMMAND``, as an installed package runs: with bytecode
    cached (one uncounted warm-up run writes it; PYTHONDONTWRITEBYTECODE is dropped)."""
    times = []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for k in range(runs + 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, *command], cwd=ROOT, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if k:
            times.append(time.perf_counter() - start)
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--startup-runs", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="cProfile one wikilint round")
    args = ap.parse_args()

    texts = load(args.corpus)
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"corpus: {len(texts)} articles, {size:.2f} MB (UTF-8), {args.rounds} rounds each")
    print(f"python {sys.version.split()[0]}, wikilint {wikilint.__version__}")

    parsers: dict[str, Callable[[str], object]] = {"wikilint": wikilint.parse}
    try:
        import mwparserfromhell
    except ImportError:
        print("mwparserfromhell not installed (pip install 'wikilint[bench]'): no comparison")
    else:
        parsers["mwparserfromhell"] = mwparserfromhell.parse
        print(f"mwparserfromhell {mwparserfromhell.__version__}, "
              f"C tokenizer: {mwparserfromhell.parser.use_c}")

    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        one_round(wikilint.parse, texts)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return 0

    for parse in parsers.values():  # warm-up: imports, grammar construction, caches
        parse(texts[0])
    times: dict[str, list[float]] = {name: [] for name in parsers}
    for _ in range(args.rounds):
        for name, parse in parsers.items():
            times[name].append(one_round(parse, texts))

    # wikilint pauses the cyclic garbage collector while it parses; for a like-for-like
    # figure, time both with the collector off as well
    gc.disable()
    try:
        no_gc = {name: min(one_round(parse, texts) for _ in range(max(1, args.rounds // 2)))
                 for name, parse in parsers.items()}
    finally:
        gc.enable()

    largest = max(texts, key=len)
    print()
    print(f"{'parser':18} {'best MB/s':>10} {'median MB/s':>12} {'peak MB (largest page)':>24}")
    speed = {}
    for name, parse in parsers.items():
        best = size / min(times[name])
        speed[name] = best
        median = size / statistics.median(times[name])
        peak = peak_memory(parse, largest) / 1e6
        print(f"{name:18} {best:10.2f} {median:12.2f} {peak:24.1f}")
    if "mwparserfromhell" in speed:
        ratio = speed["wikilint"] / speed["mwparserfromhell"]
        print(f"\nratio wikilint / mwparserfromhell: {ratio:.2f} (goal >= 1.0)")
        fair = no_gc["mwparserfromhell"] / no_gc["wikilint"]
        print(f"ratio with the garbage collector off for both: {fair:.2f} "
              f"(wikilint {size / no_gc['wikilint']:.2f} MB/s, "
              f"mwparserfromhell {size / no_gc['mwparserfromhell']:.2f} MB/s)")

    if SEED.exists() and args.startup_runs > 0:
        seed = str(SEED.relative_to(ROOT))
        runs = startup(args.startup_runs, ["-m", "wikilint", seed])
        full = startup(args.startup_runs, ["-m", "wikilint", "--no-cache", seed])
        bare = startup(args.startup_runs, ["-c", "pass"])
        # The warm-up run stores the seed's findings in the result cache, so the measured
        # runs are what a user's second run over an unchanged file costs; --no-cache is a
        # full lint (the file changed): parser, rules and their patterns loaded.
        print(f"start-up: python -m wikilint {seed} (findings from the result cache): "
              f"best {min(runs):.3f} s, median {statistics.median(runs):.3f} s (goal <= 0.2 s)")
        print(f"start-up: python -m wikilint --no-cache {seed} (a full lint): "
              f"best {min(full):.3f} s, median {statistics.median(full):.3f} s; "
              f"python -c pass: best {min(bare):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
