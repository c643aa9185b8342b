"""Which files to lint: paths and directories given on the command line.

Directories are walked recursively (sorted, skipping hidden entries), keeping
files whose extension has a dialect: ``.wiki .wikitext .mediawiki .mw`` are
wikitext and ``.txt`` is rendered text, plus any extension the configuration
maps under ``dialects``.  A file named explicitly is linted whatever its
extension (as wikitext unless its extension says otherwise).  ``exclude``
globs apply to both.

Globs are matched by :mod:`wikilint.config.globs`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wikilint.syntax.dialects import DEFAULT_EXTENSIONS

__all__ = ["Target", "Problem", "discover", "STDIN"]

STDIN = "-"


@dataclass(frozen=True)
class Target:
    """A file to lint; ``path`` is what the user sees (``-`` for standard input)."""

    path: str
    dialect: str
    explicit: bool = False


@dataclass(frozen=True)
class Problem:
    """A path that cannot be linted (``error``) or is skipped on purpose (``note``)."""

    path: str
    message: str
    level: str = "error"

    def line(self) -> str:
        return f"{self.path}: {self.level}: {self.message}"


DialectOf = Callable[[str], "str | None"]
IsExcluded = Callable[[str], bool]


def _walk(top: str, dialect_of: DialectOf, is_excluded: IsExcluded,
          problems: list[Problem]) -> tuple[list[str], int]:
    """Wiki files below ``top`` and how many wiki files were seen (excluded or not)."""
    found: list[str] = []
    seen = 0

    def onerror(exc: OSError) -> None:
        problems.append(Problem(exc.filename or top, f"cannot read folder: {exc.strerror}"))

    for root, dirs, files in os.walk(top, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not is_excluded(os.path.normpath(os.path.join(root, d))))
        for name in sorted(files):
            if name.startswith("."):
                continue
            full = os.path.normpath(os.path.join(root, name))
            if dialect_of(full) is None:
                continue
            seen += 1
            if not is_excluded(full):
                found.append(full)
    return found, seen


def discover(paths: Sequence[str], *, dialect_of: DialectOf,
             is_excluded: IsExcluded = lambda path: False,
             forced_dialect: str | None = None,
             stdin_filename: str | None = None,
             extensions: Sequence[str] = DEFAULT_EXTENSIONS) -> tuple[list[Target], list[Problem]]:
    """The files to lint, in order, each once; and the paths that could not be used."""
    targets: list[Target] = []
    problems: list[Problem] = []
    seen: set[str] = set()

    def add(path: str, explicit: bool) -> None:
        key = os.path.realpath(path)
        if key in seen:
            return
        seen.add(key)
        dialect = forced_dialect or dialect_of(path) or "wikitext"
        targets.append(Target(path, dialect, explicit))

    for raw in paths:
        if raw == STDIN:
            shown = stdin_filename or STDIN
            dialect = forced_dialect or (dialect_of(shown) if stdin_filename else None)
            targets.append(Target(STDIN, dialect or "wikitext", True))
            continue
        path = os.path.normpath(raw) if raw not in ("", ".") else "."
        if os.path.isdir(path):
            files, count = _walk(path, dialect_of, is_excluded, problems)
            if count == 0:
                problems.append(Problem(raw, "no wiki files found (looked for "
                                        + " ".join(extensions) + ")"))
            for f in files:
                add(f, False)
        elif os.path.isfile(path):
            if not is_excluded(path):
                add(path, True)
        elif os.path.lexists(path) and not os.path.exists(path):
            problems.append(Problem(raw, "broken symbolic link"))
        elif os.path.exists(path):
            problems.append(Problem(raw, "not a regular file or folder"))
        else:
            problems.append(Problem(raw, "no such file or folder"))
    return targets, problems

