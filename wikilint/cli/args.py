"""The options of ``wikilint [OPTIONS] [PATH ...]``."""

from __future__ import annotations

import argparse

from wikilint import __version__
from wikilint.cli.common import FORMAT_CHOICES, ArgParser
from wikilint.lint.rule import SEVERITY_NAMES
from wikilint.syntax.dialects import DIALECTS

__all__ = ["lint_parser"]


def _size(text: str) -> int:
    units = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}
    raw = text.strip().upper().removesuffix("B")
    unit = raw[-1:] if raw[-1:] in units and raw[-1:] != "" else ""
    number = raw[:-1] if unit else raw
    try:
        value = float(number) * units[unit]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 500K, 20M)") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the size must not be negative")
    return int(value)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (one per core) or more, not {value}")
    return value


def _selectors(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


def _namespaces(text: str) -> tuple[int, ...] | None:
    if text.strip().lower() == "all":
        return None
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected namespace numbers such as 0,14 or 'all', got {text!r}") from None


def lint_parser() -> argparse.ArgumentParser:
    p = ArgParser(
        prog="wikilint",
        description="Lint MediaWiki articles for editorial problems. Subcommands (as the first "
                    "argument): parse, rules, explain, init, config, server; see 'wikilint "
                    "SUBCOMMAND "
                    "--help'. A file named like a subcommand is linted as ./NAME.",
        epilog="Exit status: 0 no findings, 1 findings at or above --fail-on, 2 usage, "
               "configuration or input errors.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files and folders to lint (default: .); - reads standard input")
    p.add_argument("--version", action="version", version=f"wikilint {__version__}")
    out = p.add_argument_group("output")
    out.add_argument("--format", default="auto", choices=FORMAT_CHOICES, metavar="FORMAT",
                     help="text (default), concise, json, jsonl, github, sarif, junit, gitlab "
                          "or auto (github under GitHub Actions, else text)")
    out.add_argument("-o", "--output-file", metavar="FILE", help="write the report to FILE")
    out.add_argument("--statistics", action="store_true", help="count findings per rule")
    out.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                     help="colour the text output (auto: on a terminal, unless NO_COLOR)")
    out.add_argument("--no-show-source", dest="show_source", action="store_false",
                     help="text format: do not show the source line under each finding")
    out.add_argument("--no-progress", dest="progress", action="store_false",
                     help="no progress bar (it only appears on a terminal, for 5+ files)")
    out.add_argument("--fail-on", choices=SEVERITY_NAMES,
                     help="lowest severity that makes the exit status 1 (default: info, "
                          "i.e. any finding)")
    out.add_argument("--exit-zero", action="store_true",
                     help="exit 0 even when there are findings (errors still exit 2)")
    sel = p.add_argument_group("rule selection (comma-separated codes, prefixes, names, tags)")
    sel.add_argument("--select", type=_selectors, metavar="RULES",
                     help="run only these rules (replaces the config's select)")
    sel.add_argument("--ignore", type=_selectors, metavar="RULES",
                     help="do not run these rules (replaces the config's ignore)")
    sel.add_argument("--extend-select", type=_selectors, default=[], metavar="RULES",
                     help="add to the selection")
    sel.add_argument("--extend-ignore", type=_selectors, default=[], metavar="RULES",
                     help="add to the ignored rules")
    cfg = p.add_argument_group("configuration")
    cfg.add_argument("--config", metavar="FILE",
                     help="use this configuration file for every path (no walking up)")
    cfg.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    cfg.add_argument("--exclude", type=_selectors, metavar="GLOBS",
                     help="globs of paths not to lint (replaces the config's exclude)")
    cfg.add_argument("--extend-exclude", type=_selectors, default=[], metavar="GLOBS",
                     help="more globs of paths not to lint")
    cfg.add_argument("--extend-include", type=_selectors, default=[], metavar="GLOBS",
                     help="globs of more files to lint in folders, e.g. '*.txt' (pages saved "
                          "as rendered text); folders hold .wiki .wikitext .mediawiki .mw "
                          "pages by default, and named files are always linted")
    inp = p.add_argument_group("input")
    inp.add_argument("--dialect", choices=DIALECTS,
                     help="treat every file as this dialect (default: by extension)")
    inp.add_argument("--stdin-filename", metavar="NAME",
                     help="the name of the text read from standard input (-): used for its "
                          "dialect, configuration and in the report")
    inp.add_argument("--encoding", metavar="CODEC",
                     help="decode files with this encoding (default: UTF-8, or as the BOM says)")
    inp.add_argument("--max-file-size", type=_size, metavar="SIZE",
                     help="skip files larger than this (default 50M; 0: no limit)")
    inp.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                     help="worker processes for files and XML dumps (default 0: one per "
                          "core; small runs are linted in this process)")
    run = p.add_argument_group("execution")
    run.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="local: this machine (-j); dask: a Dask cluster (--scheduler; "
                          "pip install 'wikilint[dask]', docs/dask.md)")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: "
                          "$DASK_SCHEDULER_ADDRESS)")
    run.add_argument("--no-cache", action="store_true",
                     help="neither read nor write the result cache")
    run.add_argument("--cache-dir", metavar="DIR",
                     help="the result cache's folder (default: $WIKILINT_CACHE_DIR, else "
                          ".wikilint_cache in the project root; 'wikilint clean' removes it)")
    inp.add_argument("--namespaces", type=_namespaces, default=(0,), metavar="NS",
                     help="namespaces of dump pages to lint: numbers, comma-separated, or "
                          "'all' (default 0, articles)")
    fix = p.add_argument_group("fixes")
    fix.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    fix.add_argument("--unsafe-fixes", action="store_true",
                     help="with --fix or --diff, apply unsafe fixes too")
    fix.add_argument("--diff", action="store_true",
                     help="print the fixes as a unified diff; write nothing (exit 1 if any)")
    base = p.add_argument_group("baseline")
    base.add_argument("--baseline", metavar="FILE",
                      help="report only findings not recorded in this baseline file")
    base.add_argument("--write-baseline", metavar="FILE",
                      help="record the current findings in FILE and exit 0")
    base.add_argument("--show-fixed", action="store_true",
                      help="with --baseline, also list recorded findings that are gone")
    from wikilint.cli.wiki import add_wiki_arguments

    add_wiki_arguments(p)
    return p
