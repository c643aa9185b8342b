"""The Dask engine: ``--engine dask --scheduler ADDRESS`` lints on a dask.distributed cluster.

Pages (files read here, or the pages of XML dumps) go to the cluster in
batches, as the local engine's workers get them: the text and the
configuration travel by value (:mod:`wikilint.runner.wire`), so workers
need wikilint installed (the same version) but not the files or the
configuration.  At most two batches per worker thread are in flight;
results come back in the order the pages were given, and each batch is
forgotten on the cluster once its findings are here, so memory stays flat
on both sides.

A worker lost mid-run loses no pages: the scheduler runs the batches it held
again elsewhere (``retries`` on each task, and Dask's own rescheduling of a
dead worker's tasks).  A batch that keeps killing workers (Dask gives up
with ``KilledWorker``) is split and its pages sent one at a time; a page
that still kills its worker is reported as a crash, and the run goes on.

Needs ``pip install 'wikilint[dask]'`` (the ``distributed`` package), which
is imported only here.  See docs/dask.md.
"""

from __future__ import annotations

import itertools
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from wikilint.runner.local import BATCH_BYTES, CRASH_MESSAGE, batches
from wikilint.runner.work import ConfigWire, LintFunction, Outcome, Task, lint_batch

__all__ = ["DaskEngine", "DaskUnavailable", "RETRIES", "DASK_BATCH_TASKS"]

RETRIES = 2  # a batch that raised on a worker is run again this many times

#: Pages per batch on a cluster (the local engine's :data:`BATCH_BYTES` of text still
#: bounds a batch).  Each Dask task costs about 5 ms of CPU in the client and the
#: scheduler together; on the corpus's Wiktionary dump (small pages, 7 KB on average)
#: batches of 64 pages instead of 16 make 37 tasks instead of 87 and cut the
#: scheduler's CPU from 0.6 s to 0.3 s and the client's by about 0.4 s.
DASK_BATCH_TASKS = 64


class DaskUnavailable(Exception):
    """No cluster to run on: the package is missing or the scheduler does not answer."""


def dask_batch(lint: LintFunction, token: str, config_bytes: bytes,
               items: list[tuple[str, str, str, str]]) -> list[tuple[list[Any], list[Any]]]:
    """The task a Dask worker runs: one batch, through the same code as a local worker."""
    from wikilint.runner import work

    work.worker_init()
    return lint_batch(lint, token, config_bytes, items)


class DaskEngine:
    """Lint tasks on a Dask cluster; yields (task, outcome) in order."""

    def __init__(self, lint: LintFunction, address: str | None = None, *, client: Any = None,
                 batch_bytes: int = BATCH_BYTES, batch_tasks: int = DASK_BATCH_TASKS,
                 retries: int = RETRIES, timeout: float | None = None,
                 total_bytes: int | None = None,
                 notify: Callable[[str], None] | None = None):
        """``total_bytes``: the run's size when known (files, not a dump's stream), so
        batches shrink as its end nears and the workers finish together."""
        try:
            import distributed
        except ImportError:
            raise DaskUnavailable("--engine dask needs the 'distributed' package: "
                                  "pip install 'wikilint[dask]'") from None
        self.lint = lint
        self.batch_bytes = batch_bytes
        self.batch_tasks = batch_tasks
        self.retries = retries
        self.total_bytes = total_bytes
        self.notify = notify or (lambda message: None)
        self.crashes = 0
        self._own_client = client is None
        if client is None:
            if timeout is None:  # Dask's own setting (distributed.comm.timeouts.connect)
                import dask.config
                from dask.utils import parse_timedelta

                timeout = parse_timedelta(
                    dask.config.get("distributed.comm.timeouts.connect", "30s"))
            try:
                client = distributed.Client(address, timeout=timeout, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as exc:
                raise DaskUnavailable(f"cannot reach the Dask scheduler at {address}: "
                                      f"{exc}") from None
        self.client = client
        self.in_process = False

    def threads(self) -> int:
        try:
            return max(1, sum(self.client.nthreads().values()))
        except Exception:
            return 1

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def _submit(self, wire: ConfigWire, tasks: list[Task], retries: int) -> Any:
        token, data = wire.get(tasks[0].config)
        return self.client.submit(dask_batch, self.lint, token, data, [t.item for t in tasks],
                                  retries=retries, pure=False,
                                  key=f"wikilint-batch-{uuid.uuid4().hex}")

    def run(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, Outcome]]:
        """As the local engine: the window counts running batches only, so a finished
        batch waiting behind an older one does not leave its worker idle."""
        import threading

        finished = threading.Event()  # set by each batch as it finishes (Dask's own
        wire = ConfigWire()            # wait() needs a default client; ours is not)
        threads = self.threads()  # (asks the scheduler)
        window = 2 * threads
        pending: deque[tuple[list[Task], Any]] = deque()
        source = batches(tasks, self.batch_bytes, self.batch_tasks, self.total_bytes, threads)
        exhausted = False
        try:
            while True:
                running = [f for _, f in pending if f is not None and not f.done()]
                while not exhausted and len(running) < window and len(pending) < 4 * window:
                    batch = next(source, None)
                    if batch is None:
                        exhausted = True
                        break
                    todo = [t for t in batch if t.done is None]
                    future = self._submit(wire, todo, self.retries) if todo else None
                    if future is not None:
                        future.add_done_callback(lambda _: finished.set())
                        running.append(future)
                    pending.append((batch, future))
                if not pending:
                    return
                head = pending[0][1]
                if head is not None and not head.done():
                    # the oldest batch is still running: wait for it or for any other
                    # (then give the freed worker a new batch), checking again after
                    # clearing, so that no batch's end between the two is missed
                    finished.wait()
                    finished.clear()
                    continue
                batch, future = pending.popleft()
                results: Iterator[Outcome] = iter(())
                if future is not None:
                    results = self._results(wire, [t for t in batch if t.done is None], future)
                for task in batch:
                    if task.done is not None:
                        yield task, Outcome(*task.done, cached=True)
                    else:
                        yield task, next(results)
        finally:
            for _, future in pending:
                if future is not None:
                    future.cancel()

    def _results(self, wire: ConfigWire, todo: list[Task], future: Any) -> Iterator[Outcome]:
        from distributed import KilledWorker

        try:
            got = future.result()
        except KilledWorker:
            self.notify("wikilint: warning: a batch of pages kept killing Dask workers; "
                        "its pages are sent one at a time")
            return itertools.chain.from_iterable(self._alone(wire, t) for t in todo)
        finally:
            future.release()
        return (Outcome(findings, errors) for findings, errors in got)

    def _alone(self, wire: ConfigWire, task: Task) -> list[Outcome]:
        from distributed import KilledWorker

        future = self._submit(wire, [task], 0)
        try:
            ((findings, errors),) = future.result()
            return [Outcome(findings, errors)]
        except KilledWorker:
            self.crashes += 1
            return [Outcome(crash=CRASH_MESSAGE)]
        finally:
            future.release()
