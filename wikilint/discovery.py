"""Which files to lint: paths and directories given on the command line.

Directories are walked recursively (sorted, skipping hidden entries), keeping
files whose extension has a dialect: ``.wiki .wikitext .mediawiki .mw`` are
wikitext and ``.txt`` is rendered text, plus any extension the configuration
maps under ``dialects``.  A file named explicitly is linted whatever its
extension (as wikitext unless its extension says otherwise).  ``exclude``
globs apply to both.

Globs are gitignore-like and relative to a root (the configuration file's
folder): a pattern without ``/`` matches a file or folder name at any depth
(``drafts``, ``*.bak.wiki``); a pattern with ``/`` is anchored to the root
(``archive/**/old-*.wiki``); ``**`` spans folders, ``*`` and ``?`` stay within
one name; a matching folder excludes everything below it.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Target", "Problem", "discover", "glob_match", "relative_posix", "STDIN"]

STDIN = "-"
DEFAULT_EXTENSIONS = (".wiki", ".wikitext", ".mediawiki", ".mw", ".txt")


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


@functools.lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            close = pattern.find("]", i + 2)
            if close == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = pattern[i + 1:close]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = close + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(pattern: str, relpath: str) -> bool:
    """Does the gitignore-like ``pattern`` match ``relpath`` (posix, relative to the
    pattern's root) or one of the folders it is in?"""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.rstrip("/")
    if not pattern:
        return False
    parts = [p for p in relpath.split("/") if p and p != "."]
    if not parts:
        return False
    regex = _glob_regex(pattern.lstrip("/"))
    if "/" not in pattern:
        return any(regex.match(part) for part in parts)
    return any(regex.match("/".join(parts[:k])) for k in range(1, len(parts) + 1))


def relative_posix(path: str, root: str) -> str:
    """``path`` relative to ``root`` with forward slashes."""
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


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

