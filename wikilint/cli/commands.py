"""The subcommands: ``parse``, ``rules``, ``explain``, ``init``, ``config``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from wikilint.cli.common import EXIT_ERROR, EXIT_OK, ArgParser, UsageError, config_error_line
from wikilint.syntax.dialects import DIALECTS

if TYPE_CHECKING:
    from wikilint.lint.rule import Rule

__all__ = ["COMMANDS"]


def _sub_parser(name: str, description: str) -> argparse.ArgumentParser:
    return ArgParser(prog=f"wikilint {name}", description=description)


def _lookup_rule(key: str) -> type[Rule]:
    import difflib

    from wikilint.config.model import available_rules
    from wikilint.lint.selection import rule_for_key

    rules = available_rules()
    found = rule_for_key(key, rules)
    if found is None:
        # a code prefix (WL3) names a family: list it rather than guess one member
        family = [r for r in rules if r.code.upper().startswith(key.strip().upper())] \
            if key.strip() else []
        if len(family) == 1:
            return family[0]
        if family:
            names = ", ".join(f"{r.code} ({r.name})" for r in family)
            raise UsageError(f"wikilint: error: '{key}' is a prefix of {len(family)} rules: "
                             f"{names}; explain one of them")
        words = [r.code for r in rules] + [r.name for r in rules]
        close = difflib.get_close_matches(key, words, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else "; see 'wikilint rules'"
        raise UsageError(f"wikilint: error: unknown rule '{key}'{hint}")
    return found


def cmd_parse(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    p = _sub_parser("parse", "Print the tree wikilint parses a file into.")
    p.add_argument("file", metavar="FILE", help="the file (- for standard input)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="an indented outline (text, default) or the tree as JSON")
    p.add_argument("--dialect", choices=DIALECTS,
                   help="read the file as wikitext or as a rendered page (default: by extension)")
    p.add_argument("--encoding", metavar="CODEC",
                   help="decode the file with this encoding (default: UTF-8, or as the BOM says)")
    p.add_argument("--stdin-filename", metavar="NAME",
                   help="the name of the text read from standard input (-): picks its dialect "
                        "by extension")
    args = p.parse_args(list(argv))
    from wikilint.io.files import InputError, read_wiki_file, wiki_file_from_bytes
    from wikilint.syntax.dialects import dialect_for

    shown = args.stdin_filename or "<stdin>" if args.file == "-" else args.file
    try:
        if args.file == "-":
            wikifile = wiki_file_from_bytes(sys.stdin.buffer.read(), shown, args.encoding)
        else:
            wikifile = read_wiki_file(args.file, args.encoding)
    except InputError as exc:
        stderr.write(f"{shown}: error: {exc.message}\n")
        return EXIT_ERROR
    from wikilint.syntax.parser import parse_source
    from wikilint.syntax.source import SourceFile
    from wikilint.syntax.treeprint import render_tree

    dialect = args.dialect or dialect_for(shown) or "wikitext"
    doc = parse_source(SourceFile(wikifile.text, shown), dialect)
    text = render_tree(doc, args.format)
    stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def cmd_rules(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    p = _sub_parser("rules", "List the rules: code, name, whether it is on by default, "
                             "default severity, fixability.")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="a table (text, default) or JSON")
    args = p.parse_args(list(argv))
    from wikilint.config.model import available_rules
    from wikilint.output.docgen import rules_listing
    from wikilint.rules.registry import plugin_rules

    for warning in plugin_rules()[1]:
        stderr.write(f"wikilint: warning: plugin '{warning.plugin}' could not be loaded and "
                     f"was skipped: {warning.message}\n")
    stdout.write(rules_listing(args.format, list(available_rules())))
    return EXIT_OK


def cmd_explain(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    p = _sub_parser("explain", "Show a rule's documentation.")
    p.add_argument("rule", metavar="RULE", help="a rule code (WL301) or name")
    args = p.parse_args(list(argv))
    from wikilint.output.docgen import explain_text

    stdout.write(explain_text(_lookup_rule(args.rule)))
    return EXIT_OK


def cmd_init(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    p = _sub_parser("init", "Write a commented .wikilint.yaml listing every rule, or add the "
                            "rules and options it lacks to an existing one.")
    p.add_argument("folder", nargs="?", default=".", help="where to write it (default: .)")
    args = p.parse_args(list(argv))
    from wikilint.config.model import CONFIG_NAME, ConfigError, available_rules
    from wikilint.config.template import starter_config, update_config_text

    if not os.path.isdir(args.folder):
        raise UsageError(f"wikilint: error: {args.folder}: no such folder")
    path = os.path.join(args.folder, CONFIG_NAME)
    rules = available_rules()
    try:
        if not os.path.exists(path):
            _write_text(path, starter_config(rules))
            stdout.write(f"wrote {path} ({len(rules)} rules)\n")
            return EXIT_OK
        with open(path, encoding="utf-8") as fh:
            old = fh.read()
        new, added = update_config_text(old, rules, path)
    except ConfigError as exc:
        stderr.write(config_error_line(exc) + "\n")
        return EXIT_ERROR
    except (OSError, UnicodeDecodeError) as exc:
        stderr.write(f"{path}: error: {exc}\n")
        return EXIT_ERROR
    if not added:
        stdout.write(f"{path} is up to date\n")
        return EXIT_OK
    _write_text(path, new)
    stdout.write(f"updated {path}: added {', '.join(added)}\n")
    return EXIT_OK


def _write_text(path: str, text: str) -> None:
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, path)


def cmd_config(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    p = _sub_parser("config", "Print the effective configuration for a path.")
    p.add_argument("path", nargs="?", default=".", help="a file or folder (default: .)")
    p.add_argument("--config", metavar="FILE", help="use this configuration file")
    p.add_argument("--isolated", action="store_true", help="ignore configuration files")
    p.add_argument("--format", choices=("yaml", "json"), default="yaml",
                   help="how to print it (default yaml)")
    p.add_argument("--schema", action="store_true",
                   help="print the JSON Schema of .wikilint.yaml instead (for editors; "
                        "includes installed plugin rules)")
    args = p.parse_args(list(argv))
    if args.schema:
        from wikilint.config.schema import schema_text

        stdout.write(schema_text())
        return EXIT_OK
    from wikilint.config.model import ConfigError
    from wikilint.config.resolve import ConfigResolver
    from wikilint.config.template import describe_config

    try:
        config = ConfigResolver(args.config, args.isolated).for_path(args.path)
        stdout.write(describe_config(config, args.path, args.format))
    except ConfigError as exc:
        stderr.write(config_error_line(exc) + "\n")
        return EXIT_ERROR
    return EXIT_OK


def cmd_server(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    p = _sub_parser("server", "Run the language server (LSP) on standard input and output, "
                              "for editors (docs/editors.md). Needs: pip install "
                              "'wikilint[server]'.")
    p.add_argument("--stdio", action="store_true",
                   help="speak LSP on standard input/output (the default and only transport; "
                        "accepted because some editors pass it)")
    p.parse_args(list(argv))
    import importlib.util

    if importlib.util.find_spec("pygls") is None or importlib.util.find_spec("lsprotocol") is None:
        stderr.write("wikilint: error: 'wikilint server' needs pygls and lsprotocol: "
                     "pip install 'wikilint[server]'\n")
        return EXIT_ERROR
    # the server is a front end beside the CLI: entered through its package only
    from wikilint.server import serve

    return serve()


COMMANDS = {"parse": cmd_parse, "rules": cmd_rules, "explain": cmd_explain, "init": cmd_init,
            "config": cmd_config, "server": cmd_server}


def _clean(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    from wikilint.cli.clean import cmd_clean  # the result cache's subcommand

    return cmd_clean(argv, stdout, stderr)


COMMANDS["clean"] = _clean
