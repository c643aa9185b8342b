"""Large regular expressions compiled once, not at every start-up.

``re.compile`` parses a pattern and generates the regex engine's code in
Python.  For the few large patterns built at run time from word lists (the
date finder's: the month names of every language, eleven times over, about
50 ms) that is a noticeable part of a one-file run.  :func:`compile_cached`
keeps the generated code (a list of integers, with the group names) in the
user cache folder, keyed by Python's version, the engine's ``MAGIC`` number,
the flags and the pattern, and a later run hands it to the engine
(``_sre.compile``, the call ``re.compile`` itself ends with) without parsing
again.  The result equals ``re.compile(pattern, flags)`` (same pattern,
flags and code: ``re.Pattern`` compares all three).  Anything unexpected (an
unreadable or damaged file, another Python without these internals) falls
back to ``re.compile``; a cache folder that cannot be written is not used.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from typing import Any

__all__ = ["compile_cached"]

_FORMAT = 1


_ENGINE: Any = False  # not looked up yet


def _engine() -> Any:
    """The engine's internals (``_sre``, ``re._compiler``, ``re._parser``), None: other ones."""
    global _ENGINE
    if _ENGINE is False:
        _ENGINE = _find_engine()
    return _ENGINE


def _find_engine() -> Any:
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10 names them sre_compile, sre_parse
        return None
    if not all(hasattr(m, n) for m, n in ((_sre, "compile"), (_sre, "MAGIC"),
                                          (_compiler, "_code"), (_parser, "parse"))):
        return None
    return _sre, _compiler, _parser


def cache_dir() -> str:
    """The user cache folder, as ``wikilint.analysis.wordlists.cache_dir`` finds it.

    (Written out here: this module is below every layer, so that the parser's
    patterns can use it too.)
    """
    explicit = os.environ.get("WIKILINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "wikilint")


def _cache_file(engine: Any, pattern: str, flags: int) -> str:
    key = hashlib.sha1(f"{_FORMAT}\0{sys.version}\0{engine[0].MAGIC}\0{flags}\0{pattern}"
                       .encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return os.path.join(cache_dir(), f"re-{key}.marshal")  # (no pathlib: ~150 calls a run)


def _generate(engine: Any, pattern: str, flags: int) -> tuple[Any, ...]:
    """What ``re._compiler.compile`` passes to ``_sre.compile`` after the pattern."""
    _sre, _compiler, _parser = engine
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # plain ints: the opcodes are int subclasses, which marshal does not write
    return (int(flags | parsed.state.flags), [int(op) for op in code],
            parsed.state.groups - 1, groupindex, tuple(indexgroup))


def compile_cached(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, with the generated code kept between runs."""
    flags = int(flags)
    engine = _engine()
    if engine is None or flags & re.DEBUG:
        return re.compile(pattern, flags)
    path = None
    try:
        path = _cache_file(engine, pattern, flags)
        with open(path, "rb") as fh:
            stored, parts = marshal.loads(fh.read())  # (load(fh) reads item by item: slow)
        if stored == pattern:
            return engine[0].compile(pattern, *parts)  # type: ignore[no-any-return]
    except Exception:  # no entry yet, or one that cannot be used: compile afresh
        pass
    try:
        parts = _generate(engine, pattern, flags)
        compiled = engine[0].compile(pattern, *parts)
    except Exception:
        return re.compile(pattern, flags)
    if path is None:
        return compiled  # type: ignore[no-any-return]
    try:
        import tempfile

        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump((pattern, parts), fh)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        pass  # a read-only cache folder: compiled again next time
    return compiled  # type: ignore[no-any-return]
