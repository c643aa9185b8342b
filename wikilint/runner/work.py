"""What an engine runs: tasks (one page each), batches of them, and the worker's side.

A :class:`Task` is one page to lint: its path (a file, or ``DUMP#Title``),
dialect, text and :class:`~wikilint.config.model.Config`.  Workers get
batches: the configuration travels once per batch as bytes
(:mod:`wikilint.runner.wire`) with a token, and a worker unpickles each
configuration and builds each rule set once.  The page is linted by the
``lint`` function the front end passes (the command line's
``lint_text_with``, which goes through the one pipeline), so a worker runs
exactly what a serial run does.
"""

from __future__ import annotations

import gc
import hashlib
import os
import signal
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from wikilint.records import ValueRecord

if TYPE_CHECKING:
    from wikilint.config.model import Config, RuleSet

__all__ = ["Task", "Outcome", "LintFunction", "ConfigWire", "lint_batch", "lint_in_process",
           "worker_init", "KILL_ENV", "KILL_ONCE_ENV"]

#: (rules, config, dialect, text, path) -> (findings, rule errors, source)
LintFunction = Callable[..., tuple[list[Any], list[Any], Any]]

#: Test-only hooks: a worker process kills itself (SIGKILL, as the out-of-memory
#: killer would) before linting a page whose path ends with this text; with
#: KILL_ONCE_ENV naming a file, only while that file does not exist (it is
#: created first), so the retry succeeds.  Never active in the parent process.
KILL_ENV = "WIKILINT_TEST_KILL_PAGE"
KILL_ONCE_ENV = "WIKILINT_TEST_KILL_ONCE_FLAG"


class Task(ValueRecord):
    """One page to lint.  ``key`` is the caller's (a target, a cache key ...)."""

    __slots__ = ("path", "dialect", "text", "config", "key", "done", "rules_path")
    path: str
    dialect: str
    text: str
    config: Config
    key: Any
    #: (findings, errors) already known (a cache hit): passed through in order
    done: tuple[list[Any], list[Any]] | None
    #: the path ``per-file-ignores`` are matched against (a dump page: the dump's)
    rules_path: str | None

    def __init__(self, path: str, dialect: str, text: str, config: Config, key: Any = None,
                 done: tuple[list[Any], list[Any]] | None = None,
                 rules_path: str | None = None) -> None:
        self.path = path
        self.dialect = dialect
        self.text = text
        self.config = config
        self.key = key
        self.done = done
        self.rules_path = rules_path

    @property
    def item(self) -> tuple[str, str, str, str]:
        """What a worker gets: (path, dialect, text, rules path)."""
        return (self.path, self.dialect, self.text, self.rules_path or self.path)

    @property
    def size(self) -> int:
        return len(self.text)


class Outcome(ValueRecord):
    """A task's result: findings and rule errors, or ``crash`` (a worker died on it twice)."""

    __slots__ = ("findings", "errors", "crash", "cached")
    findings: list[Any]
    errors: list[Any]
    crash: str | None
    cached: bool

    def __init__(self, findings: list[Any] | None = None, errors: list[Any] | None = None,
                 crash: str | None = None, cached: bool = False) -> None:
        self.findings = [] if findings is None else findings
        self.errors = [] if errors is None else errors
        self.crash = crash
        self.cached = cached


class ConfigWire:
    """Tokens and pickled bytes for the configurations of a run (each pickled once)."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[Config, str, bytes]] = {}

    def get(self, config: Config) -> tuple[str, bytes]:
        entry = self._by_id.get(id(config))
        if entry is None or entry[0] is not config:
            from wikilint.runner import wire  # (pickle: only runs with workers send configs)

            data = wire.dumps(config)
            entry = self._by_id[id(config)] = (config, hashlib.sha1(data).hexdigest(), data)
        return entry[1], entry[2]


# ---------------------------------------------------------------- the worker
_IN_WORKER = False
_CONFIGS: dict[str, Config] = {}
_RULE_SETS: dict[tuple[str, tuple[str, ...]], RuleSet] = {}


def worker_init() -> None:
    """A worker process: Ctrl-C is the parent's to handle (no stray tracebacks)."""
    global _IN_WORKER
    _IN_WORKER = True
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):  # not the main thread (a Dask worker's task thread)
        pass


def _test_kill_hook(path: str) -> None:
    target = os.environ.get(KILL_ENV)
    if not target or not _IN_WORKER or not path.endswith(target):
        return
    flag = os.environ.get(KILL_ONCE_ENV)
    if flag:
        try:
            fd = os.open(flag, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.close(fd)
    os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def _rule_set(token: str, config: Config, path: str) -> RuleSet:
    key = (token, config.ignored_for(path))
    rules = _RULE_SETS.get(key)
    if rules is None:
        rules = _RULE_SETS[key] = config.rule_set(path)
    return rules


def lint_batch(lint: LintFunction, token: str, config_bytes: bytes,
               items: Sequence[tuple[str, str, str, str]]) -> list[tuple[list[Any], list[Any]]]:
    """In a worker: lint (path, dialect, text, rules path) items with one configuration."""
    config = _CONFIGS.get(token)
    if config is None:
        from wikilint.runner import wire

        config = _CONFIGS[token] = wire.loads(config_bytes)
    out = []
    for path, dialect, text, rules_path in items:
        _test_kill_hook(path)
        rules = _rule_set(token, config, rules_path)
        findings, errors, _ = lint(rules, config, dialect, text, path)
        out.append((findings, errors))
        _drop_page()
    return out


def _drop_page() -> None:
    """Collect the young generations after a page.

    Page trees hold their parents by weak reference (a0a35bd), so a dropped
    tree is freed by reference counting and needs no collector pass; this
    young-generation pass stays as a cheap guard (about a tenth of a
    microsecond when there is nothing to collect) for cycles a rule or plugin
    might still create in a page's objects, which would otherwise wait for
    the collector's own schedule and let a dump run's peak memory grow.
    """
    gc.collect(1)


def lint_in_process(lint: LintFunction, task: Task,
                    rule_sets: dict[tuple[int, tuple[str, ...]], tuple[Config, RuleSet]]
                    ) -> Outcome:
    """Lint one task here (small runs, -j 1): no pickling at all."""
    rules_path = task.rules_path or task.path
    key = (id(task.config), task.config.ignored_for(rules_path))
    entry = rule_sets.get(key)
    if entry is None or entry[0] is not task.config:  # the entry holds its config: a unique id
        entry = rule_sets[key] = (task.config, task.config.rule_set(rules_path))
    rules = entry[1]
    findings, errors, _ = lint(rules, task.config, task.dialect, task.text, task.path)
    _drop_page()
    return Outcome(findings, errors)
