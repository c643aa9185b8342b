"""XML dumps at scale: flat memory, -j 2 against -j 1, Dask against one process (issue 9 part 5).

    python benchmarks/bench_dump.py                 # base dump ~1 MB of text, and x10
    python benchmarks/bench_dump.py --base-mb 3 --scale 10 --no-dask

From the corpus's enwiki sample it writes a dump of the first pages (``--base-mb``
MB of page text) and the same dump ``--scale`` times longer (the pages repeated
under new titles), then runs the command line on each:

* **peak memory** (the largest resident size of the wikilint processes: the parent,
  and with -j 2 its workers) for the base dump and the long one, -j 1 and -j 2:
  the long dump's peak should be within 20% of the short one's (memory flat);
* **-j 2 / -j 1** wall-time ratio on the long dump and on the corpus's largest
  real dump (Wiktionary, bz2, read as it is) (target >= 1.7 on an idle 2-core
  machine);
* **Dask**: a 2-worker LocalCluster (processes, one thread each; started before
  timing, as an existing cluster would be) against one local process (-j 1) on
  the same two dumps (target >= 1.5).

Times include start-up; ratios are what to read.  Timed runs are made without the
memory sampler (its thread takes CPU from a 2-core run), each -j alternately
``--repeat`` times, the best kept.  The load average is printed: on a shared
machine the parallel ratios are capped by the cores others use.
"""

from __future__ import annotations

import argparse
import bz2
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUMPS = ROOT.parent / "shared" / "corpus" / "dumps"
SOURCE = DUMPS / "enwiki-2016-pages-articles1-shortened.xml.bz2"
#: the corpus's largest dump (9.5 MB of XML, 1,394 Wiktionary pages, bz2): timed as it is
LARGEST = DUMPS / "enwiktionary-test-pages-articles.xml.bz2"

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
sample = sys.argv[1] == "sample"
t = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL)

def watch():
    while proc.poll() is None:
        for pid in tree(proc.pid):
            peaks[pid] = max(peaks.get(pid, 0), hwm(pid))
        time.sleep(0.02)

watcher = threading.Thread(target=watch, daemon=True)
if sample:
    watcher.start()
code = proc.wait()
took = time.perf_counter() - t
if sample:
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


#: Dask configurations measured: Dask's defaults; the workers' profiler off; and the
#: settings docs/dask.md recommends for wikilint (profiler off, the event loop's tick
#: and the memory and system monitors less frequent).
DASK_CONFIGS: list[tuple[str, dict[str, object]]] = [
    ("default config", {}),
    ("worker profiler off", {"distributed.worker.profile.enabled": False}),
    ("docs/dask.md settings", {"distributed.worker.profile.enabled": False,
                               "distributed.admin.tick.interval": "500ms",
                               "distributed.worker.memory.monitor-interval": "1s",
                               "distributed.admin.system-monitor.interval": "2s"}),
]


def _dask_env(key: str) -> str:
    """The environment variable Dask reads for a configuration key."""
    return "DASK_" + key.upper().replace(".", "__").replace("-", "_")


def run(args: list[str], sample: bool = False) -> tuple[float, float, str]:
    """(seconds, peak MB, "parent P MB, largest worker W MB") of ``wikilint ARGS``.

    The parent/worker peaks need ``sample``: a thread that reads /proc every 20 ms,
    whose CPU a 2-core machine takes from the run (it cost -j 2 about a tenth of its
    speed), so timed runs are made without it."""
    env = {**os.environ, "WIKILINT_NO_CACHE": "1"}
    out = subprocess.run([sys.executable, "-c", _MEASURE, "sample" if sample else "time",
                          sys.executable, "-m", "wikilint",
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
    p.add_argument("--repeat", type=int, default=2,
                   help="timed runs of each -j (the best is kept; default 2)")
    p.add_argument("--no-real", action="store_true",
                   help=f"skip the corpus's largest real dump ({LARGEST.name})")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="wikilint-bench-dump-") as tmp:
        short, long, n_short, n_long = make_dumps(Path(tmp), args.base_mb, args.scale)
        mb_short, mb_long = short.stat().st_size / 1e6, long.stat().st_size / 1e6
        print(f"dumps: {n_short} pages ({mb_short:.1f} MB) and {n_long} pages "
              f"({mb_long:.1f} MB); load average before: {os.getloadavg()[0]:.2f}")
        for jobs in ("1", "2"):
            peaks = []
            for name, path in (("base", short), (f"x{args.scale}", long)):
                took, peak, parts = run(["-j", jobs, str(path)], sample=True)
                peaks.append(peak)
                print(f"-j {jobs} {name:>4}: peak {peak:6.1f} MB ({parts})")
            print(f"-j {jobs}: peak x{args.scale} / base = {peaks[1] / peaks[0]:.2f} "
                  "(target <= 1.20)")
        dumps = [(f"the long dump (x{args.scale})", long, n_long, mb_long)]
        if not args.no_real and LARGEST.exists():
            xml = bz2.open(LARGEST).read()
            dumps.append((f"the corpus's largest dump ({LARGEST.name})", LARGEST,
                          xml.count(b"<page>"), len(xml) / 1e6))
        for label, path, _, _ in dumps:
            best = {"1": float("inf"), "2": float("inf")}
            for _ in range(max(1, args.repeat)):  # alternated, so a disturbance hits both
                for jobs in ("1", "2"):
                    best[jobs] = min(best[jobs], run(["-j", jobs, str(path)])[0])
            print(f"{label}: -j 1 {best['1']:.1f} s, -j 2 {best['2']:.1f} s (best of "
                  f"{max(1, args.repeat)}); -j 2 / -j 1 = {best['1'] / best['2']:.2f}x "
                  "(target >= 1.7, idle 2 cores)")
        if not args.no_dask:
            try:
                from distributed import LocalCluster
            except ImportError:
                print("dask: skipped (pip install 'wikilint[dask]')")
            else:
                import dask

                # Dask's workers sample their threads' stacks every 10 ms by default (the
                # dashboard's profile), and the scheduler and workers wake every 20 ms (the
                # event loop's tick), every 100 ms (the memory monitor) and every 500 ms
                # (the system monitor).  For a pure-Python, CPU-bound task like a lint on
                # a machine whose cores the workers share with the client and the
                # scheduler, that costs a tenth or more of the run.  docs/dask.md gives the
                # settings; each configuration is measured here, on its own cluster.
                for config_label, settings in DASK_CONFIGS:
                    for key, value in settings.items():
                        os.environ[_dask_env(key)] = str(value)  # spawned workers read these
                    with dask.config.set(settings), \
                            LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=50) as cluster:
                        time.sleep(1)
                        for label, path, pages, mb in dumps:
                            # The first run finds workers that never imported wikilint (a
                            # fresh cluster); later ones find it imported (a cluster that
                            # served a run before).  Each Dask run is paired with a -j 1 run
                            # made just before it (this machine's speed drifts by a fifth
                            # over minutes), and the pairs' ratios are printed.
                            pairs = []
                            for _ in range(1 + max(2, args.repeat)):
                                local = run(["-j", "1", str(path)])[0]
                                pairs.append((local, run(["--engine", "dask", "--scheduler",
                                                          cluster.scheduler_address,
                                                          str(path)])[0]))
                            fresh = pairs[0][0] / pairs[0][1]
                            later = sorted(one / took for one, took in pairs[1:])
                            took = statistics.median(t for _, t in pairs[1:])
                            print(f"dask, 2-worker LocalCluster ({config_label}), {label}: "
                                  f"/ one local process (-j 1 just before): fresh workers "
                                  f"{fresh:.2f}x; used before, median "
                                  f"{statistics.median(later):.2f}x "
                                  f"(range {later[0]:.2f}-{later[-1]:.2f}, target >= 1.5); "
                                  f"{pages / took / 2:.1f} pages/s, {mb / took / 2:.2f} MB/s "
                                  "per worker")
                    for key in settings:
                        os.environ.pop(_dask_env(key), None)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
