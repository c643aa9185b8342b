"""``wikilint clean``: remove the result cache (docs/cli.md, "The result cache")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from wikilint.cli.common import EXIT_ERROR, EXIT_OK, ArgParser, shown

__all__ = ["cmd_clean"]


def cmd_clean(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    from wikilint.cli.execute import cache_folder
    from wikilint.config.resolve import ConfigResolver
    from wikilint.runner.cache import remove_cache

    p = ArgParser(prog="wikilint clean",
                  description="Remove the result cache (.wikilint_cache in the project root, "
                              "or --cache-dir / $WIKILINT_CACHE_DIR).")
    p.add_argument("--cache-dir", metavar="DIR", help="the cache folder to remove")
    args = p.parse_args(list(argv))
    folder = cache_folder(args, ConfigResolver())
    try:
        removed = remove_cache(folder)
    except ValueError as exc:
        stderr.write(f"wikilint: error: {exc}\n")
        return EXIT_ERROR
    except OSError as exc:
        stderr.write(f"wikilint: error: cannot remove {shown(folder)}: "
                     f"{exc.strerror or exc}\n")
        return EXIT_ERROR
    stdout.write(f"wikilint: removed {shown(folder)}\n" if removed else
                 f"wikilint: no cache at {shown(folder)}\n")
    return EXIT_OK

