"""Files: -j 2 against -j 1, and a cached re-run against the first run (issue 9 parts 2, 3).

    python benchmarks/bench_runner.py            # the corpus articles (7.4 MB, 120 files)
    python benchmarks/bench_runner.py --rounds 3 --corpus DIR

Each figure is the wall time of the command line (``python -m wikilint``, start-up
included, JSON written to /dev/null) on the same files in the same session; the
ratios are what to read (targets: -j 2 >= 1.7x -j 1 on an idle 2-core machine;
second run >= 10x faster than the first).  The load average is printed before and
after: on a shared machine the -j ratio is capped by the cores others are using.
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

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"


def wall(args: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "wikilint", "--isolated", "--format", "json",
                           "-o", os.devnull, *args], cwd=ROOT, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"wikilint failed ({proc.returncode}): {proc.stderr.strip()}")
    return took


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", default=str(CORPUS))
    p.add_argument("--rounds", type=int, default=1, help="best of N rounds (default 1)")
    args = p.parse_args()
    files = sorted(str(f) for f in Path(args.corpus).iterdir() if f.is_file())
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    env = {**os.environ}
    env.pop("WIKILINT_NO_CACHE", None)
    print(f"{len(files)} files, {mb:.1f} MB; cores available: {len(os.sched_getaffinity(0))}; "
          f"load average before: {os.getloadavg()[0]:.2f}")

    one = min(wall(["-j", "1", "--no-cache", *files], env) for _ in range(args.rounds))
    two = min(wall(["-j", "2", "--no-cache", *files], env) for _ in range(args.rounds))
    print(f"-j 1: {one:6.2f} s ({mb / one:.2f} MB/s)")
    print(f"-j 2: {two:6.2f} s ({mb / two:.2f} MB/s)   ratio -j2/-j1: {one / two:.2f}x "
          "(target >= 1.7 on an idle 2-core machine)")

    firsts, seconds = [], []
    for _ in range(args.rounds):
        folder = tempfile.mkdtemp(prefix="wikilint-bench-cache-")
        try:
            firsts.append(wall(["--cache-dir", folder, *files], env))
            seconds.append(wall(["--cache-dir", folder, *files], env))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    first, second = min(firsts), min(seconds)
    print(f"cache, first run (default -j): {first:6.2f} s")
    print(f"cache, second run (unchanged): {second:6.2f} s   ratio: {first / second:.1f}x "
          "(target >= 10)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
