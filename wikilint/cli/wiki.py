"""``wikilint --wiki API_URL [TITLE ...]``: lint the pages of a live wiki (docs/live-wiki.md).

Pages are chosen by title (the positional arguments), ``--category``,
``--prefix`` and ``--since``, fetched by :mod:`wikilint.io.wiki` and linted
through the same pipeline as files, with the configuration of the working
directory. ``--rendered`` lints each page as its readers see it (the
rendered dialect) instead of its wikitext.

A page's findings carry the page's URL as their path, in every format:
``https://en.wikipedia.org/wiki/Café:12:5: WL302 …``. The URL is shown as a
browser's address bar shows it (non-ASCII letters not percent-encoded), so
the title is its last part, with ``_`` for spaces.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from wikilint.cli.common import UsageError
from wikilint.regex_cache import compile_cached

if TYPE_CHECKING:
    from wikilint.cli.run import LintRun
    from wikilint.config.resolve import ConfigResolver

__all__ = ["add_wiki_arguments", "check_wiki_arguments", "readable_url", "wiki_reports"]

_NON_ASCII_ESCAPES = compile_cached(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def add_wiki_arguments(parser: argparse.ArgumentParser) -> None:
    wiki = parser.add_argument_group(
        "live wiki (the PATH arguments are page titles; needs pip install 'wikilint[wiki]')")
    wiki.add_argument("--wiki", metavar="API_URL",
                      help="lint pages of this wiki, e.g. https://en.wikipedia.org/w/api.php")
    wiki.add_argument("--category", action="append", default=[], metavar="NAME",
                      help="with --wiki: the pages in this category (repeatable)")
    wiki.add_argument("--prefix", action="append", default=[], metavar="PREFIX",
                      help="with --wiki: the pages whose title starts with PREFIX (repeatable)")
    wiki.add_argument("--since", metavar="TIMESTAMP",
                      help="with --wiki: the pages edited since then (2024-05-01 or "
                           "2024-05-01T12:00:00Z; from recent changes)")
    wiki.add_argument("--rendered", action="store_true",
                      help="with --wiki: lint each page as its readers see it, not its wikitext")


def check_wiki_arguments(args: argparse.Namespace) -> None:
    """Usage errors of the live-wiki options (raised before anything is fetched)."""
    chosen = [flag for flag, value in (("--category", args.category), ("--prefix", args.prefix),
                                       ("--since", args.since), ("--rendered", args.rendered))
              if value]
    if not args.wiki:
        if chosen:
            raise UsageError(f"wikilint: error: {chosen[0]} needs --wiki API_URL")
        return
    if not (args.paths or args.category or args.prefix or args.since):
        raise UsageError("wikilint: error: --wiki needs page titles, --category, --prefix "
                         "or --since")
    for flag, value in (("--fix", args.fix), ("--diff", args.diff),
                        ("--stdin-filename", args.stdin_filename)):
        if value:
            raise UsageError(f"wikilint: error: {flag} cannot be used with --wiki (wikilint "
                             "does not edit wiki pages)")
    if args.since:
        from wikilint.io.wiki import parse_timestamp

        try:
            parse_timestamp(args.since)
        except ValueError as exc:
            raise UsageError(f"wikilint: error: --since: {exc}") from None


def readable_url(url: str) -> str:
    """The URL as an address bar shows it: UTF-8 escapes decoded, the rest kept."""
    def decode(match: re.Match[str]) -> str:
        try:
            return unquote(match.group(), errors="strict")
        except UnicodeDecodeError:
            return match.group()

    return _NON_ASCII_ESCAPES.sub(decode, url)


def wiki_reports(run: LintRun, resolver: ConfigResolver) -> Iterator[tuple[Any, Any, Any]]:
    """(None, config, FileReport) for each page chosen on the command line."""
    from wikilint.cli.run import FileReport, lint_text_with
    from wikilint.config.model import default_config
    from wikilint.io.wiki import WikiClient, WikiError
    from wikilint.syntax.source import SourceFile

    a = run.args
    config = run.config_for(resolver, os.getcwd()) or default_config()
    dialect = "rendered" if a.rendered else "wikitext"
    try:
        client = WikiClient(a.wiki)
        titles: list[str] = list(a.paths)
        for name in a.category:
            titles += client.category_members(name)
        for prefix in a.prefix:
            titles += client.prefixed(prefix)
        if a.since:
            titles += client.changed_since(a.since)
        if not titles:
            run.messages.note(f"wikilint: {client.api_url}: no pages matched")
        reported: set[str] = set()
        for page in client.pages(titles, rendered=a.rendered):
            path = readable_url(page.url) if page.url else page.title
            if page.error is not None or page.text is None:
                run.messages.error(f"{path}: error: {page.requested}: {page.error}")
                continue
            rules = run.rule_set(config, path)
            findings, errors, source = lint_text_with(rules, config, dialect, page.text, path)
            run.rule_errors(path, errors, reported)
            yield None, config, FileReport(path, source or SourceFile(page.text, path),
                                           list(findings), ok=not errors)
    except WikiError as exc:
        run.messages.error(f"wikilint: error: {exc}")
