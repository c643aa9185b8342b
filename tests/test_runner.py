"""The runner: -j N in order, small runs in process, dead workers, Ctrl-C (issue 9, issue 12)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_paths import corpus_path

from wikilint.api import resolve_config
from wikilint.cli.run import lint_text_with
from wikilint.io.dumps import iter_pages, page_path
from wikilint.runner import wire
from wikilint.runner.local import CRASH_MESSAGE, LocalEngine, available_cores, batches
from wikilint.runner.work import KILL_ENV, KILL_ONCE_ENV, Task

ROOT = Path(__file__).resolve().parent.parent
DUMP = "enwiki-2016-pages-articles1-shortened.xml.bz2"


def articles(limit_bytes: int) -> list[Path]:
    """Corpus articles in name order, about ``limit_bytes`` of them (more than one)."""
    out, total = [], 0
    for path in sorted(corpus_path("articles").iterdir())[::-3]:  # several sources
        size = path.stat().st_size
        if size > 150_000:
            continue  # keep test time down: no single huge page
        out.append(path)
        total += size
        if total >= limit_bytes and len(out) > 1:
            break
    return out


def tasks(paths: list[Path], config=None) -> list[Task]:
    config = config or resolve_config()
    return [Task(str(p), "wikitext", p.read_text(encoding="utf-8"), config) for p in paths]


def dicts(results) -> list[tuple[str, list[dict]]]:
    return [(t.path, [f.to_dict() for f in o.findings]) for t, o in results]


def run_cli(args: list[str], env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "WIKILINT_NO_CACHE": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "wikilint", "--isolated", *args],
                          capture_output=True, text=True, env=full, timeout=timeout, cwd=ROOT)


# ------------------------------------------------------------------ order, batching
def test_two_workers_give_the_findings_of_one_in_the_same_order() -> None:
    work = tasks(articles(400_000))
    serial = LocalEngine(lint_text_with, 1)
    assert serial.in_process
    parallel = LocalEngine(lint_text_with, 2, small_bytes=0, batch_tasks=2)
    assert not parallel.in_process
    one = dicts(serial.run(work))
    two = dicts(parallel.run(work))
    assert one == two
    assert [p for p, _ in two] == [t.path for t in work]
    assert sum(len(fs) for _, fs in one) > 0


def test_small_runs_are_linted_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    assert LocalEngine(lint_text_with, 4, expected_tasks=1).in_process
    assert LocalEngine(lint_text_with, 4, expected_tasks=5, expected_bytes=40_000).in_process
    assert not LocalEngine(lint_text_with, 4, expected_tasks=5,
                           expected_bytes=5_000_000).in_process
    # the command line: a few small files with -j 4 start no worker process
    import concurrent.futures.process as cfp

    def refuse(*args, **kwargs):
        raise AssertionError("a worker pool was started for a small run")

    monkeypatch.setattr(cfp.ProcessPoolExecutor, "__init__", refuse)
    from wikilint.cli.app import main

    seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.wiki"))[:3]
    assert main(["--isolated", "-j", "4", "--format", "json", "-o", os.devnull,
                 *seeds]) in (0, 1)


def test_default_jobs_is_one_per_available_core() -> None:
    assert LocalEngine(lint_text_with).jobs == available_cores() == \
        len(os.sched_getaffinity(0))


def test_batches_keep_one_configuration_and_a_size_limit() -> None:
    a, b = resolve_config(), resolve_config()
    assert a is not b
    work = [Task(f"p{i}", "wikitext", "x" * 10, a if i < 3 else b) for i in range(6)]
    work[1].done = ([], [])  # a cache hit rides along in order
    got = [[t.path for t in batch] for batch in batches(work, batch_bytes=10_000,
                                                          batch_tasks=2)]
    assert got == [["p0", "p1"], ["p2"], ["p3", "p4"], ["p5"]]


def test_batches_shrink_as_the_end_of_a_known_size_run_nears() -> None:
    config = resolve_config()
    work = [Task(f"p{i}", "wikitext", "x" * 10_000, config) for i in range(20)]
    sizes = [len(batch) for batch in batches(work, batch_bytes=64_000, batch_tasks=99,
                                             total_bytes=200_000, workers=2)]
    # a 2*workers-th of what is left: 50k, 37.5k, 27.5k, 20k, then the 16 KiB floor
    assert sizes == [5, 4, 3, 2, 2, 2, 2]
    uniform = [len(batch) for batch in batches(work, batch_bytes=64_000, batch_tasks=99)]
    assert uniform == [7, 7, 6]  # size unknown (a dump's stream): full batches


def test_a_configuration_travels_by_value(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "rules:\n"
        "  - code: XY101\n    name: no-foo\n    type: existence\n    tokens: [foobar]\n"
        "    summary: no foobar\n    message: 'avoid {match}'\n    doc: Foobar is vague.\n",
        encoding="utf-8")
    cfg_file = tmp_path / ".wikilint.yaml"
    cfg_file.write_text(f"packs: [{pack}]\nextend-select: [no-foo]\n"
                        "rules:\n  unclosed-markup:\n    severity: info\n", encoding="utf-8")
    config = resolve_config(str(cfg_file))
    copy = wire.loads(wire.dumps(config))
    text = "This is a foobar thing. <b>bold\n"
    direct = lint_text_with(config.rule_set("a.wiki"), config, "wikitext", text, "a.wiki")[0]
    remote = lint_text_with(copy.rule_set("a.wiki"), copy, "wikitext", text, "a.wiki")[0]
    assert [f.to_dict() for f in remote] == [f.to_dict() for f in direct]
    assert {f.code for f in direct} >= {"XY101", "WL101"}
    assert [f.severity.value for f in direct if f.code == "WL101"] == ["info"]


# ------------------------------------------------------------------ dead workers
def test_engine_retries_a_killed_batch_and_reports_a_page_that_kills_twice(
        monkeypatch: pytest.MonkeyPatch) -> None:
    work = tasks(articles(300_000))
    victim = work[len(work) // 2].path
    monkeypatch.setenv(KILL_ENV, os.path.basename(victim))
    notes: list[str] = []
    engine = LocalEngine(lint_text_with, 2, small_bytes=0, batch_tasks=3, notify=notes.append)
    started = time.monotonic()
    got = list(engine.run(work))
    assert time.monotonic() - started < 240
    assert [t.path for t, _ in got] == [t.path for t in work]
    crashed = [t.path for t, o in got if o.crash]
    assert crashed == [victim]
    assert engine.crashes == 1 and engine.worker_deaths == 2
    assert notes and "worker process died" in notes[0]
    monkeypatch.delenv(KILL_ENV)
    expected = dicts(LocalEngine(lint_text_with, 1).run(work))
    assert [x for x in dicts(got) if x[0] != victim] == [x for x in expected if x[0] != victim]


def test_cli_files_a_worker_killed_once_loses_nothing(tmp_path: Path) -> None:
    paths = [str(p) for p in articles(700_000)]
    reference = run_cli(["-j", "1", "--format", "json", *paths])
    victim = os.path.basename(paths[3])
    killed = run_cli(["-j", "2", "--format", "json", *paths],
                     env={KILL_ENV: victim, KILL_ONCE_ENV: str(tmp_path / "flag")})
    assert (tmp_path / "flag").exists()  # the hook did kill a worker
    assert killed.returncode == reference.returncode == 1
    assert json.loads(killed.stdout) == json.loads(reference.stdout)
    assert "worker process died" in killed.stderr
    assert "Traceback" not in killed.stderr


def test_cli_files_a_page_that_kills_twice_is_an_error_and_the_rest_completes() -> None:
    paths = [str(p) for p in articles(700_000)]
    reference = json.loads(run_cli(["-j", "1", "--format", "json", *paths]).stdout)
    victim = paths[2]
    killed = run_cli(["-j", "2", "--format", "json", *paths],
                     env={KILL_ENV: os.path.basename(victim)})
    assert killed.returncode == 2
    assert f"{victim}: error: {CRASH_MESSAGE}" in killed.stderr.splitlines()
    assert json.loads(killed.stdout) == [f for f in reference if f["path"] != victim]
    assert "Traceback" not in killed.stderr


def test_cli_dump_a_page_that_kills_twice_is_an_error_naming_it() -> None:
    dump = str(corpus_path("dumps", DUMP))
    titles = [p.title for p in iter_pages(dump)]
    victim = page_path(dump, titles[len(titles) // 2])
    reference = json.loads(run_cli(["-j", "1", "--format", "json", dump]).stdout)
    killed = run_cli(["-j", "2", "--format", "json", dump],
                     env={KILL_ENV: titles[len(titles) // 2]})
    assert killed.returncode == 2
    assert f"{victim}: error: {CRASH_MESSAGE}" in killed.stderr.splitlines()
    assert json.loads(killed.stdout) == [f for f in reference if f["path"] != victim]
    assert "Traceback" not in killed.stderr


def test_cli_dump_a_worker_killed_once_loses_no_page(tmp_path: Path) -> None:
    dump = str(corpus_path("dumps", DUMP))
    titles = [p.title for p in iter_pages(dump)]
    reference = run_cli(["-j", "1", "--format", "json", dump])
    killed = run_cli(["-j", "2", "--format", "json", dump],
                     env={KILL_ENV: titles[3], KILL_ONCE_ENV: str(tmp_path / "flag")})
    assert (tmp_path / "flag").exists()
    assert killed.returncode == reference.returncode
    assert json.loads(killed.stdout) == json.loads(reference.stdout)
    assert "Traceback" not in killed.stderr


def test_ctrl_c_stops_workers_cleanly(tmp_path: Path) -> None:
    # enough work (about 9 MB) that the run is still busy when the interrupt comes,
    # even on an idle machine
    paths = []
    for copy in range(6):
        folder = tmp_path / f"copy{copy}"
        folder.mkdir()
        for article in articles(1_500_000):
            target = folder / article.name
            target.write_bytes(article.read_bytes())
            paths.append(str(target))
    env = {**os.environ, "WIKILINT_NO_CACHE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "wikilint", "--isolated", "-j", "2",
                             "--format", "json", *paths], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
                            start_new_session=True)
    time.sleep(1.5)  # workers started and busy
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert err.strip().splitlines()[-1] == "wikilint: interrupted"
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):  # no worker left behind
        os.killpg(proc.pid, 0)


# ------------------------------------------------------------------ memory
def test_line_formats_keep_no_file_after_it_is_written() -> None:
    import io

    from wikilint.output import get_formatter
    from wikilint.syntax.source import SourceFile

    config = resolve_config()
    text = "== A ==\n== B ==\nText <b>x\n"
    for name, streams in (("text", True), ("concise", True), ("jsonl", True),
                          ("github", True), ("json", False), ("sarif", False)):
        fmt = get_formatter(name, io.StringIO(), rules=config.available)
        fmt.start()
        for i in range(3):
            path = f"p{i}.wiki"
            findings = lint_text_with(config.rule_set(path), config, "wikitext", text, path)[0]
            fmt.begin_file(path, SourceFile(text, path))
            for f in findings:
                fmt.handle(f)
            fmt.end_file(path)
        assert fmt.streams is streams, name
        assert fmt.sources == {}, name
        assert bool(fmt.findings) is not streams, name


def test_progress_shows_dump_pages_and_megabytes_per_second() -> None:
    import io

    from wikilint.cli.progress import Progress

    stream = io.StringIO()
    progress = Progress(stream, 1, True)  # one dump: a file bar would not show
    progress.page(2_000_000)
    assert progress.pages == 1 and progress.chars == 2_000_000
    assert "1 pages" in stream.getvalue() and "pages/s" in stream.getvalue()
    assert "MB/s" in stream.getvalue()
    progress.clear()
    quiet = io.StringIO()
    Progress(quiet, 1, False).page(10)
    assert quiet.getvalue() == ""
