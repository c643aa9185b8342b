"""Executing a lint run: the files and dump pages of a run as tasks, through an engine.

:meth:`wikilint.cli.run.LintRun.each_file` hands a run (not ``--fix``,
``--diff`` or ``--wiki``) to :func:`lint_reports`: files are read here (a
read error is reported as before), looked up in the result cache, and
given with the pages of XML dumps to the engine (``--engine local``: this
process or ``-j N`` worker processes; ``--engine dask``: a Dask cluster),
which returns their findings in order.  Dump runs end with a summary line
(pages, findings per rule, pages and MB per second).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from wikilint.cli.common import UsageError

if TYPE_CHECKING:
    from wikilint.cli.progress import Progress
    from wikilint.cli.run import FileReport, LintRun
    from wikilint.config.model import Config
    from wikilint.config.resolve import ConfigResolver
    from wikilint.io.discovery import Target
    from wikilint.runner.cache import ResultCache
    from wikilint.runner.work import Task

__all__ = ["lint_reports", "cache_folder", "make_engine"]


# Plain classes, not dataclasses: making a dataclass costs about 1.5 ms of start-up.
class _Key:
    """What the run needs back with a task's outcome."""

    __slots__ = ("target", "config", "page", "cache_key", "reported")

    def __init__(self, target: Target, config: Config, page: bool = False,
                 cache_key: str | None = None):
        self.target = target
        self.config = config
        self.page = page
        self.cache_key = cache_key
        self.reported: set[str] = set()


class _DumpStats:
    __slots__ = ("path", "started", "pages", "chars", "by_rule")

    def __init__(self, path: str):
        self.path = path
        self.started = time.monotonic()
        self.pages = 0
        self.chars = 0
        self.by_rule: Counter[str] = Counter()

    def line(self) -> str:
        took = max(1e-6, time.monotonic() - self.started)
        findings = sum(self.by_rule.values())
        rules = ", ".join(f"{code} {n:,}" for code, n in self.by_rule.most_common())
        return (f"{self.path}: note: {self.pages:,} page{'s' if self.pages != 1 else ''} in "
                f"{took:.1f} s ({self.pages / took:,.1f} pages/s, "
                f"{self.chars / took / 1e6:.2f} MB/s); {findings:,} finding"
                f"{'s' if findings != 1 else ''}" + (f": {rules}" if rules else ""))


def cache_folder(args: Any, resolver: ConfigResolver | None = None) -> str:
    """Where the result cache lives: --cache-dir, WIKILINT_CACHE_DIR, else the project root's."""
    from wikilint.config.model import ConfigError
    from wikilint.runner.cache import CACHE_DIR_NAME, CACHE_ENV

    if getattr(args, "cache_dir", None):
        return str(args.cache_dir)
    if os.environ.get(CACHE_ENV):
        return os.environ[CACHE_ENV]
    root = os.getcwd()
    if resolver is not None:
        try:
            config = resolver.for_path(os.getcwd())
            configured = getattr(config, "cache_dir", None)
            if configured:
                return os.path.join(config.root, configured)
            if config.path:
                root = config.root
        except ConfigError:
            pass
    return os.path.join(root, CACHE_DIR_NAME)


def make_engine(run: LintRun, targets: Sequence[Target]) -> Any:
    """The engine the options ask for; the local one runs small inputs in this process."""
    from wikilint.cli.run import lint_text_with
    from wikilint.io.dumps import is_dump

    a = run.args
    size = 0
    for target in targets:
        if target.path != "-":
            try:
                size += os.path.getsize(target.path) * (8 if is_dump(target.path) else 1)
            except OSError:
                pass
    dumps = any(t.path != "-" and is_dump(t.path) for t in targets)
    stdin = any(t.path == "-" for t in targets)
    exact = not dumps and not stdin  # files only: batches shrink as the run's end nears
    engine = getattr(a, "engine", "local")
    if engine == "dask":
        from wikilint.runner.dask_engine import DaskEngine, DaskUnavailable

        address = a.scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
        if not address:
            raise UsageError("wikilint: error: --engine dask needs --scheduler ADDRESS (or "
                             "the DASK_SCHEDULER_ADDRESS environment variable)")
        try:
            return DaskEngine(lint_text_with, address, total_bytes=size if exact else None,
                              notify=run.messages.warning)
        except DaskUnavailable as exc:
            raise UsageError(f"wikilint: error: {exc}") from None
    from wikilint.runner.local import LocalEngine

    return LocalEngine(lint_text_with, a.jobs, expected_bytes=size,
                       expected_tasks=None if dumps else len(targets), exact_size=exact,
                       notify=run.messages.warning)


def open_cache(run: LintRun, resolver: ConfigResolver) -> ResultCache | None:
    a = run.args
    if getattr(a, "no_cache", False) or os.environ.get("WIKILINT_NO_CACHE"):
        return None
    from wikilint.runner.cache import ResultCache

    return ResultCache(cache_folder(a, resolver), warn=run.messages.warning)


def _tasks(run: LintRun, targets: Sequence[Target], resolver: ConfigResolver,
           cache: ResultCache | None, progress: Progress,
           dumps: dict[str, _DumpStats]) -> Iterator[Task]:
    from wikilint.io.dumps import DumpError, is_dump, iter_pages, page_path
    from wikilint.runner.work import Task

    a = run.args
    for target in targets:
        config = run.config_for(resolver, target.path if target.path != "-"
                                else (a.stdin_filename or os.getcwd()))
        if config is None:
            progress.advance(target.path)
            continue
        if target.path != "-" and is_dump(target.path):
            dumps.setdefault(target.path, _DumpStats(target.path))
            key = _Key(target, config, page=True)
            try:
                for page in iter_pages(target.path, namespaces=a.namespaces):
                    path = page_path(target.path, page.title)
                    yield Task(path, "wikitext", page.text, config, key=key,
                               rules_path=target.path)
            except DumpError as exc:
                run.messages.error(f"{exc}")
            continue
        wikifile = run.read(target)
        if wikifile is None:
            progress.advance(target.path)
            continue
        shown = run.shown_path(target)
        rules_path = target.path if target.path != "-" else shown
        key = _Key(target, config)
        done: tuple[list[Any], list[Any]] | None = None
        if cache is not None and target.path != "-":
            key.cache_key = cache.key(shown, target.dialect, config)
            found = cache.get(key.cache_key, wikifile.text)
            if found is not None:
                done = (found, [])
        yield Task(shown, target.dialect, wikifile.text, config, key=key, done=done,
                   rules_path=rules_path)


def lint_reports(run: LintRun, targets: Sequence[Target], resolver: ConfigResolver,
                 progress: Progress) -> Iterator[tuple[Target, Config, FileReport]]:
    """(target, config, report) of every file and dump page, in order."""
    from wikilint.cli.run import FileReport
    from wikilint.syntax.source import SourceFile

    engine = make_engine(run, targets)
    cache = open_cache(run, resolver)
    dumps: dict[str, _DumpStats] = {}
    last_dump: str | None = None
    try:
        for task, outcome in engine.run(_tasks(run, targets, resolver, cache, progress, dumps)):
            key: _Key = task.key
            if last_dump is not None and (not key.page or key.target.path != last_dump):
                progress.advance(last_dump)
                last_dump = None
            if outcome.crash is not None:
                run.messages.error(f"{task.path}: error: {outcome.crash}")
            else:
                run.rule_errors(task.path, outcome.errors, key.reported)
            if key.page:
                last_dump = key.target.path
                stats = dumps[key.target.path]
                stats.pages += 1
                stats.chars += len(task.text)
                stats.by_rule.update(f.code for f in outcome.findings)
                progress.page(len(task.text))
            else:
                progress.advance(key.target.path)
                if cache is not None and key.cache_key and not outcome.cached \
                        and outcome.crash is None and not outcome.errors:
                    cache.put(key.cache_key, task.text, outcome.findings)
            if outcome.crash is not None:
                continue
            report = FileReport(task.path, SourceFile(task.text, task.path), outcome.findings,
                                ok=not outcome.errors)
            yield key.target, key.config, report
        if last_dump is not None:
            progress.advance(last_dump)
    finally:
        close = getattr(engine, "close", None)
        if close is not None:
            close()
    for stats in dumps.values():
        if stats.pages:
            run.messages.note(stats.line())
