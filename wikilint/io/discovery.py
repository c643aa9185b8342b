"""Which files to lint: paths and directories given on the command line.

Directories are walked recursively (sorted, skipping hidden entries and what
``.gitignore`` / ``.ignore`` files ignore, :mod:`wikilint.io.ignorefiles`),
keeping the files the configuration says a walk lints (``is_walked``):
``.wiki .wikitext .mediawiki .mw``, plus ``extend-include`` globs (``*.txt``:
pages saved as rendered text) and the extensions the configuration's own
``dialects`` table names.  A file named explicitly is linted whatever its
extension (as wikitext unless its extension says otherwise), ignore files or
not.  ``exclude`` globs apply to both (``!glob`` takes a path back in).

A folder with nothing to lint is a warning, not an error: a hook or CI job over
a repository with no articles yet passes.

Globs are matched by :mod:`wikilint.config.globs`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from wikilint.records import FrozenRecord, ValueRecord
from wikilint.syntax.dialects import DEFAULT_DIALECTS, WIKITEXT

#: what a folder walk lints by default (not ``.txt``: see extend-include)
WALKED_EXTENSIONS = tuple(ext for ext, d in DEFAULT_DIALECTS.items() if d == WIKITEXT)

__all__ = ["Target", "Problem", "discover", "STDIN", "WALKED_EXTENSIONS"]

STDIN = "-"


class Target(FrozenRecord):
    """A file to lint; ``path`` is what the user sees (``-`` for standard input)."""

    __slots__ = ("path", "dialect", "explicit")
    path: str
    dialect: str
    explicit: bool

    def __init__(self, path: str, dialect: str, explicit: bool = False) -> None:
        self.path = path
        self.dialect = dialect
        self.explicit = explicit


class Problem(FrozenRecord):
    """A path that cannot be linted (``error``) or is skipped on purpose (``note``)."""

    __slots__ = ("path", "message", "level")
    path: str
    message: str
    level: str

    def __init__(self, path: str, message: str, level: str = "error") -> None:
        self.path = path
        self.message = message
        self.level = level

    def line(self) -> str:
        return f"{self.path}: {self.level}: {self.message}"


DialectOf = Callable[[str], "str | None"]
IsExcluded = Callable[[str], bool]
IsWalked = Callable[[str], bool]


class _Seen(ValueRecord):
    __slots__ = ("pages", "excluded", "ignored")
    pages: int  # files a walk would lint, before exclude and ignore files
    excluded: int
    ignored: int

    def __init__(self, pages: int = 0, excluded: int = 0, ignored: int = 0) -> None:
        self.pages = pages
        self.excluded = excluded
        self.ignored = ignored


def _walk(top: str, is_walked: IsWalked, is_excluded: IsExcluded, prune_excluded: bool,
          gitignore: Callable[[str], bool], problems: list[Problem]) -> tuple[list[str], _Seen]:
    """Wiki files below ``top`` and what was seen (counts of skipped files)."""
    from wikilint.io.ignorefiles import IgnoreFiles

    found: list[str] = []
    seen = _Seen()
    ignores = IgnoreFiles(top) if gitignore(top) else None

    def onerror(exc: OSError) -> None:
        problems.append(Problem(exc.filename or top, f"cannot read folder: {exc.strerror}"))

    for root, dirs, files in os.walk(top, onerror=onerror):
        kept = []
        for d in sorted(dirs):
            full = os.path.normpath(os.path.join(root, d))
            if d.startswith(".") or (ignores is not None and ignores.ignored(full, True)):
                continue
            # with "!glob" in exclude a file below an excluded folder may be taken back
            if prune_excluded and is_excluded(full):
                continue
            kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            if name.startswith("."):
                continue
            full = os.path.normpath(os.path.join(root, name))
            if not is_walked(full):
                continue
            seen.pages += 1
            if ignores is not None and ignores.ignored(full):
                seen.ignored += 1
            elif is_excluded(full):
                seen.excluded += 1
            else:
                found.append(full)
    return found, seen


def _nothing_found(seen: _Seen, extensions: Sequence[str]) -> str:
    if seen.pages == 0:
        return ("no wiki files to lint (looked for " + " ".join(extensions) + "; .txt and "
                "other files with extend-include)")
    why = [f"{n} {what}" for n, what in ((seen.excluded, "excluded by 'exclude'"),
                                         (seen.ignored, "ignored by .gitignore/.ignore"))
           if n]
    return f"no wiki files to lint: {seen.pages} skipped ({', '.join(why)})"


def discover(paths: Sequence[str], *, dialect_of: DialectOf,
             is_excluded: IsExcluded = lambda path: False,
             forced_dialect: str | None = None,
             stdin_filename: str | None = None,
             extensions: Sequence[str] = WALKED_EXTENSIONS,
             is_walked: IsWalked | None = None,
             gitignore: Callable[[str], bool] = lambda top: True,
             prune_excluded: bool = True) -> tuple[list[Target], list[Problem]]:
    """The files to lint, in order, each once; and the paths that could not be used
    (errors) or had nothing to lint (warnings).

    ``is_walked(path)``: does a folder walk lint this file (default: a wikitext
    extension); ``gitignore(folder)``: honour ignore files below this walked
    folder; ``prune_excluded``: an excluded folder is not entered (False when
    ``!`` globs may take something below it back in).
    """
    walked = is_walked or (lambda path: path.lower().endswith(WALKED_EXTENSIONS))
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
            files, seen_here = _walk(path, walked, is_excluded, prune_excluded, gitignore,
                                     problems)
            if not files:
                problems.append(Problem(raw, _nothing_found(seen_here, extensions), "warning"))
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

