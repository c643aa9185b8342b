"""What every part of the command line shares: exit codes, one-line messages, argument parsing."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

__all__ = ["EXIT_OK", "EXIT_FINDINGS", "EXIT_ERROR", "UsageError", "Messages", "shown",
           "config_error_line", "is_tty", "ArgParser", "FORMAT_CHOICES", "LINE_FORMATS",
           "SUBCOMMANDS"]

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SUBCOMMANDS = ("parse", "rules", "explain", "init", "config", "server", "clean")
FORMAT_CHOICES = ("auto", "text", "concise", "json", "jsonl", "github", "sarif", "junit",
                  "gitlab")
LINE_FORMATS = ("text", "concise")


class UsageError(Exception):
    """A bad command line (exit 2), reported as one line."""


# ---------------------------------------------------------------- messages
class Messages:
    """Notes, warnings and errors on stderr: one line each, ``path: level: message``."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.errors: list[str] = []
        self.before_write: Callable[[], None] = lambda: None

    def _emit(self, line: str) -> None:
        self.before_write()
        self.stream.write(line + "\n")
        self.stream.flush()

    def error(self, line: str) -> None:
        self.errors.append(line)
        self._emit(line)

    def warning(self, line: str) -> None:
        self._emit(line)

    def note(self, line: str) -> None:
        self._emit(line)


def shown(path: str) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def config_error_line(exc: Any) -> str:
    """``path:line:col: message`` of a ConfigError, with the path shown relative."""
    if not exc.path:
        return f"wikilint: error: {exc.message}"
    where = shown(exc.path) + (f":{exc.line}:{exc.column}" if exc.line else "")
    return f"{where}: {exc.message}"


def is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _columns() -> int:
    """The terminal's width, found as ``shutil.get_terminal_size()`` finds it.

    argparse's formatter calls that at every ``add_argument``, and importing
    shutil (with the compression modules it loads) is a noticeable part of a
    one-file run's start-up.
    """
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position,
                         _columns() - 2 if width is None else width)


class ArgParser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> Any:  # one line, exit 2, no usage dump
        raise UsageError(f"{self.prog}: error: {message} (see '{self.prog} --help')")
