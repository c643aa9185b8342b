"""``.gitignore`` and ``.ignore`` files, with git's semantics (via pathspec).

A folder walk skips what git would ignore: the patterns of every ``.gitignore``
from the repository's top folder (the one holding ``.git``) down to the file's
folder, and ``.git/info/exclude``; a deeper file's patterns win over a
shallower one's, and within a file the last matching pattern wins (``!`` takes
a path back in).  ``.ignore`` files (as ripgrep and other tools read them)
apply the same way and win over ``.gitignore`` in the same folder.  A folder
that is ignored is not entered, so nothing below it can be taken back in, as
in git.  Outside a git repository, the ignore files in and below the walked
folder apply.

pathspec's ``GitIgnoreSpec`` implements git's pattern rules (anchoring, ``**``,
trailing ``/`` for folders, escapes, negation), which a hand-written glob
translation would only approximate.
"""

from __future__ import annotations

import os

__all__ = ["IgnoreFiles", "IGNORE_FILES"]

IGNORE_FILES = (".gitignore", ".ignore")


class IgnoreFiles:
    """Answers "would git ignore this path?" for paths below ``top``; caches each folder's
    compiled patterns."""

    def __init__(self, top: str):
        self.top = os.path.abspath(top)
        self.repo = _repo_root(self.top)
        # folders whose ignore files count: from the repository's top, else from ``top``
        self.base = self.repo or (self.top if os.path.isdir(self.top)
                                  else os.path.dirname(self.top))
        self._specs: dict[str, list[object]] = {}

    def _folder_specs(self, folder: str) -> list[object]:
        cached = self._specs.get(folder)
        if cached is not None:
            return cached
        import pathspec

        specs: list[object] = []
        names = list(IGNORE_FILES)
        paths = [os.path.join(folder, n) for n in names]
        if folder == self.repo:
            paths.insert(0, os.path.join(folder, ".git", "info", "exclude"))
        for path in paths:
            try:
                with open(path, encoding="utf-8", errors="replace") as fh:
                    lines = fh.read().splitlines()
            except OSError:
                continue
            specs.append(pathspec.GitIgnoreSpec.from_lines(lines))
        self._specs[folder] = specs
        return specs

    def ignored(self, path: str, is_dir: bool = False) -> bool:
        """Would git ignore ``path`` (a file, or a folder with ``is_dir``)?"""
        absolute = os.path.abspath(path)
        if absolute == self.base or not _inside(absolute, self.base):
            return False
        folder = os.path.dirname(absolute)
        chain: list[str] = []
        while True:
            chain.append(folder)
            if folder == self.base or not _inside(folder, self.base):
                break
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        for folder in chain:  # deepest first: the first file with a verdict decides
            rel = os.path.relpath(absolute, folder).replace(os.sep, "/")
            if is_dir:
                rel += "/"
            for spec in reversed(self._folder_specs(folder)):
                result = spec.check_file(rel)  # type: ignore[attr-defined]
                if result.include is not None:
                    return bool(result.include)
        return False


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _repo_root(start: str) -> str | None:
    folder = start if os.path.isdir(start) else os.path.dirname(start)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
