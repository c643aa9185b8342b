"""The ``wikilint`` command (docs/cli.md).

``wikilint [OPTIONS] [PATH ...]`` lints files and folders; the first word may
instead be a subcommand: ``parse``, ``rules``, ``explain``, ``init``,
``config``.  A file literally named like a subcommand is linted as ``./rules``.

Exit status: 0 no findings at or above ``--fail-on``; 1 findings (or, with
``--diff``, changes to show); 2 a usage, configuration or input error, or a
rule that crashed.  No traceback reaches the user (``WIKILINT_DEBUG=1`` shows
it for an internal error).

Heavy modules (the parser, ruamel.yaml, the formatters) are imported only
when needed, so start-up stays fast.
"""


from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TextIO

from wikilint.cli.common import EXIT_ERROR, EXIT_FINDINGS, SUBCOMMANDS, UsageError

__all__ = ["main", "SUBCOMMANDS"]



def _safe_stream(stream: TextIO) -> TextIO:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass
    return stream


def main(argv: Sequence[str] | None = None) -> int:
    """Run wikilint; returns the exit status (never raises, never prints a traceback).

    Without ``argv`` this is the program itself (``wikilint``, ``python -m wikilint``),
    which exits when it returns.
    """
    if argv is None:
        try:
            return _main(sys.argv[1:])
        finally:
            _before_exit()
    return _main(argv)


def _before_exit() -> None:
    """Spare the interpreter's exit its three full passes of the cyclic collector.

    Everything the run made (modules, classes, rules, the last page) is still alive
    when the program ends; the exit would scan all of it three times over (about 4%
    of a one-file run, measured with callgrind).  Frozen objects are not scanned;
    the process ends right after, so nothing is kept any longer for it.
    """
    import gc

    gc.freeze()


def _main(argv: Sequence[str]) -> int:
    args = list(argv)
    stdout, stderr = _safe_stream(sys.stdout), _safe_stream(sys.stderr)
    try:
        if args and args[0] in SUBCOMMANDS:
            from wikilint.cli.commands import COMMANDS

            return COMMANDS[args[0]](args[1:], stdout, stderr)
        from wikilint.cli.run import lint_command

        return lint_command(args, stdout, stderr)
    except UsageError as exc:
        stderr.write(f"{exc}\n")
        return EXIT_ERROR
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    except KeyboardInterrupt:
        stderr.write("wikilint: interrupted\n")
        return 130
    except BrokenPipeError:
        try:  # the reader went away (| head): say nothing more
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_FINDINGS
    except Exception as exc:
        if os.environ.get("WIKILINT_DEBUG"):
            raise
        stderr.write(f"wikilint: internal error: {type(exc).__name__}: {exc} (please report "
                     "it; WIKILINT_DEBUG=1 shows the traceback)\n")
        return EXIT_ERROR
