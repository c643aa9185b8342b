"""The command line: ``wikilint [FILES]`` and its subcommands."""

from wikilint.cli.app import main

__all__ = ["main"]
