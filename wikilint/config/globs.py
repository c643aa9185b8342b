"""``exclude`` and ``per-file-ignores`` globs.

Globs are gitignore-like and relative to a root (the configuration file's
folder): a pattern without ``/`` matches a file or folder name at any depth
(``drafts``, ``*.bak.wiki``); a pattern with ``/`` is anchored to the root
(``archive/**/old-*.wiki``); ``**`` spans folders, ``*`` and ``?`` stay within
one name; a matching folder excludes everything below it.  In a list, the last
pattern that matches decides, and ``!pattern`` takes a path back in
(:func:`last_match`).
"""

from __future__ import annotations

import functools
import os
import re

__all__ = ["glob_match", "last_match", "relative_posix"]


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


def last_match(patterns: tuple[str, ...] | list[str], relpath: str) -> bool:
    """Is ``relpath`` matched by ``patterns``, gitignore style: the last pattern that
    matches decides, and ``!pattern`` un-matches (``[drafts, "!drafts/keep.wiki"]``)."""
    matched = False
    for pattern in patterns:
        text = pattern.strip()
        negated = text.startswith("!")
        if negated:
            text = text[1:]
        if matched == (not negated):
            continue  # this pattern cannot change the outcome
        if glob_match(text, relpath):
            matched = not negated
    return matched


def relative_posix(path: str, root: str) -> str:
    """``path`` relative to ``root`` with forward slashes."""
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")
