"""The Dask engine, for real, on a LocalCluster of two worker processes (issue 9 part 4)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from corpus_paths import corpus_path

distributed = pytest.importorskip("distributed")

from wikilint.cli.app import main  # noqa: E402
from wikilint.runner.work import KILL_ENV, KILL_ONCE_ENV  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as cluster:
        yield cluster


def files(limit: int = 450_000) -> list[str]:
    out, total = [], 0
    for path in sorted(corpus_path("articles").iterdir())[1::4]:
        if path.stat().st_size > 120_000:
            continue
        out.append(str(path))
        total += path.stat().st_size
        if total > limit:
            break
    return out


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--isolated", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_dask_gives_the_local_findings_on_articles(cluster, capsys) -> None:
    paths = files()
    local = run(capsys, "-j", "1", *paths)
    dask = run(capsys, "--engine", "dask", "--scheduler", cluster.scheduler_address, *paths)
    assert dask[0] == local[0]
    assert json.loads(dask[1]) == json.loads(local[1])
    assert json.loads(local[1])  # there is something to compare


def test_dask_gives_the_local_findings_on_a_dump(cluster, capsys,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    dump = str(corpus_path("dumps", "enwiki-2017-table-markup.xml.bz2"))
    local = run(capsys, "-j", "1", dump)
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.scheduler_address)
    dask = run(capsys, "--engine", "dask", dump)  # the address from the environment
    assert (dask[0], json.loads(dask[1])) == (local[0], json.loads(local[1]))
    assert json.loads(local[1])
    assert "pages/s" in dask[2]  # the dump summary


def test_dask_run_survives_a_killed_worker(cluster, capsys, tmp_path: Path) -> None:
    paths = files(300_000)
    victim = os.path.basename(paths[2])
    flag = str(tmp_path / "killed")
    client = distributed.Client(cluster.scheduler_address, set_as_default=False)
    try:
        # the test hook, in each worker: SIGKILL itself on the victim page, once
        client.run(lambda: os.environ.update({KILL_ENV: victim, KILL_ONCE_ENV: flag}))
        before = set(client.scheduler_info()["workers"])
        dask = run(capsys, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                   *paths)
        client.wait_for_workers(2, timeout=60)
        after = set(client.scheduler_info()["workers"])
        client.run(lambda: [os.environ.pop(k, None) for k in (KILL_ENV, KILL_ONCE_ENV)])
    finally:
        client.close()
    assert os.path.exists(flag)  # a worker did die mid-run
    assert before != after  # ... and the nanny started a new one
    local = run(capsys, "-j", "1", *paths)
    assert (dask[0], json.loads(dask[1])) == (local[0], json.loads(local[1]))


def test_dask_without_a_scheduler_is_a_usage_error(capsys,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    code, _, err = run(capsys, "--engine", "dask", files()[0])
    assert code == 2 and "needs --scheduler ADDRESS" in err


def test_dask_missing_package_is_one_line(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    code, _, err = run(capsys, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1",
                       files()[0])
    assert code == 2
    assert err.strip() == ("wikilint: error: --engine dask needs the 'distributed' package: "
                           "pip install 'wikilint[dask]'")


def test_dask_unreachable_scheduler_is_one_line(capsys) -> None:
    import dask.config

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        code, _, err = run(capsys, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
                           files()[0])
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err


class _DoneFuture:
    """What the engine uses of a distributed.Future, already finished."""

    def __init__(self, value):
        self.value = value

    def add_done_callback(self, callback) -> None:
        callback(self)

    def done(self) -> bool:
        return True

    def result(self):
        return self.value

    def release(self) -> None:
        pass

    def cancel(self) -> None:
        pass


class _InlineClient:
    """Runs each submitted batch at once, here, and records the batches' sizes."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def nthreads(self) -> dict[str, int]:
        return {"w1": 1, "w2": 1}

    def submit(self, function, *args, **kwargs) -> _DoneFuture:
        # lint_batch, not the task function: dask_batch makes its process a worker,
        # which ignores Ctrl-C (and so would every process this test run starts)
        from wikilint.runner.dask_engine import dask_batch
        from wikilint.runner.work import lint_batch

        assert function is dask_batch
        self.sizes.append(len(args[-1]))
        return _DoneFuture(lint_batch(*args))


def test_dask_batches_hold_up_to_64_small_pages() -> None:
    # each Dask task costs the client and the scheduler about 5 ms: small dump pages
    # go 64 to a task (the local engine's 256 KB of text still bounds a batch)
    from wikilint.cli.run import lint_text_with
    from wikilint.config.model import Config
    from wikilint.runner.dask_engine import DASK_BATCH_TASKS, DaskEngine
    from wikilint.runner.work import Task

    assert DASK_BATCH_TASKS == 64
    config = Config()
    small = [Task(f"dump#P{i}", "wikitext", f"Page {i} says ''hello''.\n", config)
             for i in range(150)]
    large = [Task(f"big{i}", "wikitext", "Word. " * 20_000, config) for i in range(5)]
    client = _InlineClient()
    engine = DaskEngine(lint_text_with, client=client)
    out = list(engine.run(small + large))
    assert [task.path for task, _ in out] == [t.path for t in small + large]
    assert all(outcome.crash is None for _, outcome in out)
    # a batch closes once it reaches 256 KB: 22 small pages and three of 120,000 characters
    assert client.sizes == [64, 64, 25, 2]


def test_dask_batches_shrink_as_the_end_of_a_run_of_files_nears() -> None:
    from wikilint.cli.run import lint_text_with
    from wikilint.config.model import Config
    from wikilint.runner.dask_engine import DaskEngine
    from wikilint.runner.work import Task

    config = Config()
    work = [Task(f"p{i}.wiki", "wikitext", "Word. " * 5_000, config) for i in range(20)]
    client = _InlineClient()
    engine = DaskEngine(lint_text_with, client=client, batch_bytes=64_000,
                        total_bytes=600_000)
    assert [task.path for task, _ in engine.run(work)] == [t.path for t in work]
    # pages of 30,000 characters; two worker threads: a batch closes at 64,000
    # characters or a fourth of what is left (60,000 after 12 pages, then 45,000,
    # then 30,000 or less: one page each)
    assert client.sizes == [3, 3, 3, 3, 2, 2, 1, 1, 1, 1]
    unknown = _InlineClient()  # a dump's stream: full batches to the end
    list(DaskEngine(lint_text_with, client=unknown, batch_bytes=64_000).run(work))
    assert unknown.sizes == [3, 3, 3, 3, 3, 3, 2]
