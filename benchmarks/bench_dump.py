"""XML dumps at scale: flat memory, -j 2 against -j 1, Dask against one process (issue 9 part 5).

    python benchmarks/bench_dump.py                 # base dump ~1 MB of text, and x10
    python benchmarks/bench_dump.py --base-mb 3 --scale 10 --no-dask

From the corpus's enwiki sample it writes a dump of the first pages (``--base-mb``
MB of page text) and the same dump ``--scale`` times longer (the pages repeated
under new titles), then runs the command line on each:

* **peak memory** (the largest resident size of the wikilint processes: the parent,
  and with -j 2 its workers) for the base dump and the long one, -j 1 and -j 2:
  the long dump's peak should be within 20% of the short one's (memory flat);
* **-j 2 / -j 1** wall-time ratio on the long dump (target >= 1.7 on an idle
  2-core machine);
* **Dask**: a 2-worker LocalCluster (processes, one thread each; started before
  timing, as an existing cluster would be) against one local process (-j 1) on
  the long dump (target >= 1.5).

Times include start-up; ratios are what to read.  The load average is printed:
on a shared machine the parallel ratios are capped by the cores others use.
"""

from __future__ import annotations

import argparse
import bz2
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "corpus" / "dumps" / \
    "enwiki-2016-pages-articles1-shortened.xml.bz2"

# Runs the command line as a child and prints its peak RSS (ru_maxrss of the waited-for
# descendants: the largest of the wikilint parent and its workers, which it joins) in KiB,
# then the peak of the parent alone and of its largest worker, sampled from /proc
# (VmHWM, every 20 ms; "-" where /proc is not available).
_MEASURE = """
import os, resource, subprocess, sys, threading, time

def tree(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for t in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{t}/children") as fh:
                    todo += [int(x) for x in fh.read().split()]
        except OSError:
            pass
    return out

def hwm(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

peaks = {}
t = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)

def watch():
    while proc.poll() is None:
        for pid in tree(proc.pid):
            peaks[pid] = max(peaks.get(pid, 0), hwm(pid))
        time.sleep(0.02)

watcher = threading.Thread(target=watch, daemon=True)
watcher.start()
code = proc.wait()
took = time.perf_counter() - t
watcher.join()
parent = peaks.get(proc.pid, 0)
workers = max((v for k, v in peaks.items() if k != proc.pid), default=0)
print(code, took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
      parent or "-", workers or "-")
"""


def make_dumps(folder: Path, base_mb: float, scale: int) -> tuple[Path, Path, int, int]:
    xml = bz2.open(SOURCE).read().decode("utf-8")
    head = xml[: xml.index("<page>")]
    pages = re.findall(r"<page>.*?</page>", xml, flags=re.S)
    chosen, size = [], 0
    for page in pages:
        if "<ns>0</ns>" not in page:
            continue
        chosen.append(page)
        size += len(page)
        if size >= base_mb * 1e6:
            break
    tail = "\n</mediawiki>\n"

    def write(path: Path, copies: int) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(head)
            for k in range(copies):
                for page in chosen:
                    if k:
                        page = re.sub(r"<title>(.*?)</title>",
                                      lambda m, k=k: f"<title>{m.group(1)} (copy {k})</title>",
                                      page, count=1)
                    fh.write("  " + page + "\n")
            fh.write(tail)

    short, long = folder / "base.xml", folder / f"base-x{scale}.xml"
    write(short, 1)
    write(long, scale)
    return short, long, len(chosen), len(chosen) * scale


def run(args: list[str]) -> tuple[float, float, str]:
    """(seconds, peak MB, "parent P MB, largest worker W MB") of ``wikilint ARGS``."""
    env = {**os.environ, "WIKILINT_NO_CACHE": "1"}
    out = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "wikilint",
                          "--isolated", "--format", "concise", "--no-progress", *args],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    code, took, rss, parent, worker = out.stdout.split()

    def mb(kib: str) -> str:
        return f"{int(kib) / 1024:.1f} MB" if kib.isdigit() else "?"

    if int(code) not in (0, 1):
        raise SystemExit(f"wikilint {' '.join(args)} failed ({code}): {out.stderr[-500:]}")
    parts = f"parent {mb(parent)}" + (f", largest worker {mb(worker)}" if worker != "-" else "")
    return float(took), int(rss) / 1024, parts


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base-mb", type=float, default=1.0)
    p.add_argument("--scale", type=int, default=10)
    p.add_argument("--no-dask", action="store_true")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="wikilint-bench-dump-") as tmp:
        short, long, n_short, n_long = make_dumps(Path(tmp), args.base_mb, args.scale)
        mb_short, mb_long = short.stat().st_size / 1e6, long.stat().st_size / 1e6
        print(f"dumps: {n_short} pages ({mb_short:.1f} MB) and {n_long} pages "
              f"({mb_long:.1f} MB); load average before: {os.getloadavg()[0]:.2f}")
        times: dict[tuple[str, str], float] = {}
        for jobs in ("1", "2"):
            peaks = []
            for name, path in (("base", short), (f"x{args.scale}", long)):
                took, peak, parts = run(["-j", jobs, str(path)])
                times[(jobs, name)] = took
                peaks.append(peak)
                print(f"-j {jobs} {name:>4}: {took:7.1f} s, peak {peak:6.1f} MB ({parts})")
            print(f"-j {jobs}: peak x{args.scale} / base = {peaks[1] / peaks[0]:.2f} "
                  "(target <= 1.20)")
        one, two = times[("1", f"x{args.scale}")], times[("2", f"x{args.scale}")]
        print(f"-j 2 / -j 1 on the long dump: {one / two:.2f}x (target >= 1.7, idle 2 cores)")
        if not args.no_dask:
            try:
                from distributed import LocalCluster
            except ImportError:
                print("dask: skipped (pip install 'wikilint[dask]')")
            else:
                import dask

                # Dask's workers sample their threads' stacks every 10 ms by default (the
                # dashboard's profile); for a pure-Python, CPU-bound task like a lint that
                # costs about a fifth of the worker's time.  docs/dask.md says how to turn
                # it off on a cluster; both configurations are measured here.
                for label, profile in (("default worker config", True),
                                       ("worker profiler off", False)):
                    os.environ["DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED"] = str(profile)
                    with dask.config.set({"distributed.worker.profile.enabled": profile}), \
                            LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=40) as cluster:
                        time.sleep(1)
                        took, _, _ = run(["--engine", "dask", "--scheduler",
                                          cluster.scheduler_address, str(long)])
                    print(f"dask, 2-worker LocalCluster ({label}), long dump: {took:7.1f} s; "
                          f"/ one local process: {one / took:.2f}x (target >= 1.5); "
                          f"{n_long / took / 2:.1f} pages/s, {mb_long / took / 2:.2f} MB/s "
                          "per worker")
                os.environ.pop("DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED", None)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
