"""The ``wikilint`` command (minimal first version; see docs/cli.md)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from . import __version__

__all__ = ["main"]


def _iter_files(paths: Sequence[str]) -> list[tuple[str, str | None]]:
    from .engine import dialect_for

    out: list[tuple[str, str | None]] = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    full = os.path.join(root, name)
                    if dialect_for(full):
                        out.append((full, None))
        else:
            out.append((p, None))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wikilint", description="Lint wiki articles.")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--format", default="text", choices=["text", "json"])
    parser.add_argument("--dialect", choices=["wikitext", "rendered"])
    parser.add_argument("--version", action="version", version=f"wikilint {__version__}")
    args = parser.parse_args(argv)
    from .engine import dialect_for, lint_source
    from .registry import default_rules
    from .source import SourceFile

    rules = default_rules()
    findings = []
    status = 0
    for path, _ in _iter_files(args.paths):
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{path}: error: {exc}", file=sys.stderr)
            status = 2
            continue
        dialect = args.dialect or dialect_for(path) or "wikitext"
        findings.extend(lint_source(SourceFile(text, path), rules, dialect).findings)
    if args.format == "json":
        print(json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        for f in findings:
            print(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.severity.value}] {f.message} "
                  f"({f.rule})")
    if status:
        return status
    return 1 if findings else 0
