"""The local engine: pages linted here (small runs) or in worker processes, in order.

``-j N`` runs N worker processes (default: one per core this process may
use).  Tasks go to the workers in batches (up to :data:`BATCH_BYTES` of text
or :data:`BATCH_TASKS` pages, one configuration each), at most two batches
per worker in flight, and come back in the order they were given: the
findings of ``-j 4`` are those of ``-j 1``, in the same order.  A run
whose input is small (one page, or less than :data:`SMALL_RUN_BYTES` of
text: a pre-commit batch) is linted in this process, with no worker to
start.

Every run ends.  A worker that dies (the out-of-memory killer, a segfault)
breaks the pool: this is noticed at once (``concurrent.futures`` watches
its processes, where ``multiprocessing.Pool.imap`` would wait forever), a
fresh pool is started, and the pages of every batch that was lost are
linted again, one at a time, each in a fresh single-worker process.  A page
that kills that worker too is reported as a crash (the caller reports an
error naming it) and the run goes on.  Workers ignore Ctrl-C; the parent
stops them and re-raises :class:`KeyboardInterrupt`.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from wikilint.runner.work import (
    ConfigWire,
    LintFunction,
    Outcome,
    Task,
    lint_batch,
    lint_in_process,
    worker_init,
)

if TYPE_CHECKING:  # imported when a pool starts: a run in this process never needs them
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["LocalEngine", "available_cores", "SMALL_RUN_BYTES", "BATCH_BYTES", "BATCH_TASKS",
           "CRASH_MESSAGE"]

SMALL_RUN_BYTES = 512 * 1024
BATCH_BYTES = 256 * 1024
BATCH_TASKS = 16
MIN_BATCH_BYTES = 16 * 1024
CRASH_MESSAGE = ("a worker process died twice while linting this page (killed, out of "
                 "memory or crashed); it was skipped")


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _context() -> Any:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class _Entry:
    """Consecutive tasks: those still to lint share one configuration and one future.

    (A plain class: making a dataclass costs about 1.5 ms of every run's start-up.)"""

    __slots__ = ("tasks", "future", "pool", "suspect")

    def __init__(self, tasks: list[Task]):
        self.tasks = tasks
        self.future: Future[Any] | None = None
        self.pool: ProcessPoolExecutor | None = None  # the pool its future belongs to
        self.suspect = False  # its batch was lost with a worker: lint its pages one by one


def batches(tasks: Iterable[Task], batch_bytes: int = BATCH_BYTES,
            batch_tasks: int = BATCH_TASKS, total_bytes: int | None = None,
            workers: int = 1) -> Iterator[list[Task]]:
    """Consecutive tasks grouped: a batch's tasks to lint share one configuration.

    A batch closes at ``batch_bytes`` of text to lint or ``batch_tasks`` tasks.  When
    the run's size is known (``total_bytes``: files, not a dump's stream), batches
    shrink as the end nears (at most a ``2 * workers``-th of what is left, down to
    :data:`MIN_BATCH_BYTES`), so that the workers finish together instead of one
    linting a last large batch while the others wait ("guided" scheduling)."""
    batch: list[Task] = []
    size = 0
    left = total_bytes
    config = None

    def limit() -> int:
        if left is None:
            return batch_bytes
        return max(MIN_BATCH_BYTES, min(batch_bytes, left // (2 * max(1, workers))))

    limit_bytes = limit()
    for task in tasks:
        if task.done is None:
            if batch and config is not None and task.config is not config:
                yield batch
                batch, size = [], 0
                limit_bytes = limit()
            config = task.config
            size += task.size
            if left is not None:
                left -= task.size
        batch.append(task)
        if size >= limit_bytes or len(batch) >= batch_tasks:
            yield batch
            batch, size, config = [], 0, None
            limit_bytes = limit()
    if batch:
        yield batch


class LocalEngine:
    """Lint tasks in this process or in ``jobs`` worker processes; yields (task, outcome).

    ``expected_bytes`` / ``expected_tasks`` (when known) let a small run stay in this
    process; with ``exact_size`` (the run is files whose sizes were summed, not a
    dump's stream) ``expected_bytes`` also sizes the batches as the end nears."""

    def __init__(self, lint: LintFunction, jobs: int = 0, *,
                 expected_bytes: int | None = None, expected_tasks: int | None = None,
                 small_bytes: int = SMALL_RUN_BYTES, batch_bytes: int = BATCH_BYTES,
                 batch_tasks: int = BATCH_TASKS, exact_size: bool = False,
                 notify: Callable[[str], None] | None = None):
        self.lint = lint
        self.jobs = jobs if jobs > 0 else available_cores()
        self.batch_bytes = batch_bytes
        self.batch_tasks = batch_tasks
        self.notify = notify or (lambda message: None)
        self.total_bytes = expected_bytes if exact_size else None
        self.in_process = (self.jobs <= 1
                           or (expected_tasks is not None and expected_tasks <= 1)
                           or (expected_bytes is not None and expected_bytes < small_bytes))
        self.rule_sets: dict[Any, Any] = {}
        self.worker_deaths = 0
        self.crashes = 0

    # -- entry point ------------------------------------------------------
    def run(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, Outcome]]:
        if self.in_process:
            for task in tasks:
                if task.done is not None:
                    yield task, Outcome(*task.done, cached=True)
                else:
                    yield task, lint_in_process(self.lint, task, self.rule_sets)
            return
        yield from _PoolRun(self).run(tasks)


class _PoolRun:
    """One run over a process pool, with lost batches retried page by page."""

    def __init__(self, engine: LocalEngine):
        self.engine = engine
        self.wire = ConfigWire()
        self.pool: ProcessPoolExecutor | None = None
        self.single: ProcessPoolExecutor | None = None
        self.broken: list[ProcessPoolExecutor] = []  # pools whose loss was handled
        self.pools: list[ProcessPoolExecutor] = []  # every pool started: all closed at the end

    def new_pool(self, workers: int) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=worker_init)
        self.pools.append(pool)
        return pool

    def submit(self, tasks: list[Task]) -> Future[Any]:
        from concurrent.futures.process import BrokenProcessPool

        if self.pool is None:
            self.pool = self.new_pool(self.engine.jobs)
        token, data = self.wire.get(tasks[0].config)
        items = [t.item for t in tasks]
        try:
            return self.pool.submit(lint_batch, self.engine.lint, token, data, items)
        except BrokenProcessPool:  # it broke since the last check: start afresh (the
            self.pool = self.new_pool(self.engine.jobs)  # batches it held fail when read)
            return self.pool.submit(lint_batch, self.engine.lint, token, data, items)

    def run(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, Outcome]]:
        """Batches go to the pool while fewer than ``2 * jobs`` are running; results
        come back in order.  A finished batch waiting behind an unfinished older one
        does not hold its worker: the window counts running batches only (at most
        ``8 * jobs`` batches are held in all, which bounds memory)."""
        from concurrent.futures import FIRST_COMPLETED, wait

        engine = self.engine
        window = 2 * engine.jobs
        pending: deque[_Entry] = deque()
        source = batches(tasks, engine.batch_bytes, engine.batch_tasks, engine.total_bytes,
                         engine.jobs)
        exhausted = False
        ok = False
        try:
            while True:
                running = [e.future for e in pending
                           if e.future is not None and not e.future.done()]
                while not exhausted and len(running) < window and len(pending) < 4 * window:
                    batch = next(source, None)
                    if batch is None:
                        exhausted = True
                        break
                    entry = _Entry(batch)
                    todo = [t for t in batch if t.done is None]
                    if todo:
                        entry.future = self.submit(todo)
                        entry.pool = self.pool
                        running.append(entry.future)
                    pending.append(entry)
                if not pending:
                    break
                head = pending[0]
                if head.future is not None and not head.suspect and not head.future.done():
                    # the oldest batch is still running: wait for it or for any other,
                    # then give the freed worker a new batch before reading results
                    wait(running, return_when=FIRST_COMPLETED)
                    if not head.future.done():
                        continue
                pending.popleft()
                yield from self.finish(head, pending)
            ok = True
        finally:
            self.close(graceful=ok)

    def finish(self, entry: _Entry, pending: deque[_Entry]) -> Iterator[tuple[Task, Outcome]]:
        from concurrent.futures.process import BrokenProcessPool

        results: list[tuple[list[Any], list[Any]]] = []
        if entry.future is not None and not entry.suspect:
            try:
                results = entry.future.result()
            except BrokenProcessPool:
                self.lost(entry, pending)
        todo = iter(results)
        for task in entry.tasks:
            if task.done is not None:
                yield task, Outcome(*task.done, cached=True)
            elif entry.suspect:
                yield task, self.alone(task)
            else:
                findings, errors = next(todo)
                yield task, Outcome(findings, errors)

    def lost(self, entry: _Entry, pending: deque[_Entry]) -> None:
        """A worker died: every batch the broken pool did not finish is linted again."""
        entry.suspect = True
        broken = entry.pool
        if any(pool is broken for pool in self.broken):
            return  # this pool's loss is handled already
        self.broken.append(broken)  # type: ignore[arg-type]
        self.engine.worker_deaths += 1
        self.engine.notify("wikilint: warning: a worker process died (killed or out of "
                           "memory); its pages are linted again, one at a time")
        for other in pending:
            if other.pool is not broken or other.future is None or other.suspect:
                continue
            if other.future.exception() is not None:  # waits: the broken pool fails them all
                other.suspect = True
        self.discard(broken)
        if self.pool is broken:
            self.pool = None

    def alone(self, task: Task) -> Outcome:
        """Lint one page of a lost batch in a fresh single-worker pool."""
        from concurrent.futures.process import BrokenProcessPool

        if self.single is None:
            self.single = self.new_pool(1)
        token, data = self.wire.get(task.config)
        try:
            future = self.single.submit(lint_batch, self.engine.lint, token, data,
                                        [task.item])
            (findings, errors), = future.result()
            return Outcome(findings, errors)
        except BrokenProcessPool:
            self.engine.worker_deaths += 1
            self.engine.crashes += 1
            self.discard(self.single)
            self.single = None
            return Outcome(crash=CRASH_MESSAGE)

    @staticmethod
    def discard(pool: ProcessPoolExecutor | None, kill: bool = False) -> None:
        if pool is None:
            return
        if kill:  # Ctrl-C or an error: stop the workers now, do not wait for them
            processes = getattr(pool, "_processes", None) or {}
            for process in list(processes.values()):
                try:
                    process.kill()
                except (OSError, AttributeError):
                    pass
        pool.shutdown(wait=not kill, cancel_futures=True)

    def close(self, graceful: bool) -> None:
        for pool in self.pools:
            self.discard(pool, kill=not graceful)
        self.pool = self.single = None
        self.pools.clear()
