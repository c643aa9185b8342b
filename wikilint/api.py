"""wikilint's Python API: lint a string or a file as ``wikilint FILE`` would.

::

    import wikilint

    for f in wikilint.lint_text("He said \\"hello.\\n", path="Page.wiki"):
        print(f.line, f.column, f.code, f.message)

    findings = wikilint.lint_file("articles/Aruba.wiki")   # its .wikilint.yaml applies
    doc = wikilint.parse("== History ==\\nText.")            # the lossless tree

Findings are exactly the command line's for the same text and
configuration: the same rules, options and severities, with suppression
comments (``<!-- wikilint-disable-next-line ... -->``) applied.  Everything
here goes through :mod:`wikilint.lint.pipeline`, as the command line, the
dump linter and the language server do.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from wikilint.config.load import load_config
from wikilint.config.model import Config, RuleSet, default_config
from wikilint.config.resolve import ConfigResolver
from wikilint.io.files import read_wiki_file
from wikilint.lint.pipeline import LintResult, lint_source
from wikilint.lint.rule import Finding, Rule
from wikilint.syntax.nodes import Document
from wikilint.syntax.parser import parse
from wikilint.syntax.source import SourceFile

__all__ = ["lint_text", "lint_file", "parse", "lint_with", "resolve_config", "Document",
           "Finding"]

ConfigLike = Config | str | os.PathLike[str] | None


def resolve_config(config: ConfigLike = None, near: str | None = None) -> Config:
    """A :class:`Config` from a Config, a configuration file's path, or None.

    With None: the configuration the command line would find for ``near``
    (the closest ``.wikilint.yaml`` or ``pyproject.toml`` walking up), or the
    defaults when ``near`` is not given.
    """
    if isinstance(config, Config):
        return config
    if config is not None:
        return load_config(os.fspath(config))
    if near is not None:
        return ConfigResolver().for_path(near)
    return default_config()


def lint_with(rules: RuleSet, config: Config, dialect: str, text: str, path: str) -> LintResult:
    """Lint one text with an already-built rule set (the command line's inner step)."""
    return lint_source(SourceFile(text, path), rules.rules, dialect, rules.severities,
                       known_rules=config.available)


def lint_text(text: str, path: str = "<string>", dialect: str | None = None, *,
              config: ConfigLike = None, rules: Sequence[Rule] | None = None) -> list[Finding]:
    """Findings for ``text``, sorted by position.

    ``path`` names the page in findings and picks the dialect by extension
    (``.txt`` is the rendered dialect, anything else wikitext) unless
    ``dialect`` (``"wikitext"`` or ``"rendered"``) is given; with a
    configuration, ``per-file-ignores`` match it too.  ``config`` is a
    :class:`~wikilint.config.model.Config`, a configuration file's path, or
    None for the defaults (every rule that is on by default).  ``rules``, rule
    instances, replaces the configuration's selection (a plugin's tests run
    just their rule this way).
    """
    cfg = resolve_config(config)
    chosen = dialect or cfg.dialect_of(path) or "wikitext"
    rule_set = cfg.rule_set(path)
    if rules is not None:
        rule_set = RuleSet(tuple(rules), {r.name: rule_set.severities.get(r.name, r.severity)
                                          for r in rules})
    return lint_with(rule_set, cfg, chosen, text, path).findings


def lint_file(path: str | os.PathLike[str], *, config: ConfigLike = None,
              encoding: str | None = None) -> list[Finding]:
    """Findings for a wiki file, with the configuration the command line would use.

    The file is read as the command line reads it (BOMs, UTF-16, a size
    limit); an unreadable or binary file raises
    :class:`wikilint.io.files.InputError` with a one-line message.
    """
    name = os.fspath(path)
    cfg = resolve_config(config, near=name)
    wikifile = read_wiki_file(name, encoding)
    dialect = cfg.dialect_of(name) or "wikitext"
    return lint_with(cfg.rule_set(name), cfg, dialect, wikifile.text, name).findings
