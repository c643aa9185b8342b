"""The configuration model: ``.wikilint.yaml`` (or ``[tool.wikilint]`` in ``pyproject.toml``).

Found by walking up from each linted file (the closest wins), or named with
``--config``.  Validated strictly: an unknown key, rule or option, or a value
of the wrong type, is a :class:`ConfigError` naming the file, line and column
and what is allowed.  After validation the configuration is frozen
(:class:`Config` is a frozen dataclass of tuples and read-only mappings).
See docs/configuration.md for the keys.
"""

from __future__ import annotations

import os
import types
from collections.abc import Mapping, Sequence
from typing import Any

from wikilint.lint.rule import SEVERITY_NAMES, Rule, Severity
from wikilint.lint.selection import SelectionError, parse_selector, select_rules
from wikilint.records import FrozenRecord, ImmutableRecord
from wikilint.syntax.dialects import DEFAULT_DIALECTS, dialect_for

__all__ = ["Config", "ConfigError", "RuleSettings", "RuleSet", "Overrides", "default_config",
           "available_rules", "CONFIG_NAME", "SEVERITIES", "TOP_KEYS", "WALKED_EXTENSIONS"]

CONFIG_NAME = ".wikilint.yaml"
SEVERITIES = SEVERITY_NAMES

TOP_KEYS = ("extends", "select", "ignore", "extend-select", "extend-ignore", "rules",
            "per-file-ignores", "exclude", "extend-exclude", "extend-include", "respect-gitignore",
            "dialects", "fail-on", "packs", "cache-dir")

#: extensions a folder walk picks up without being told (``.txt`` files are linted
#: when named, or in folders when ``extend-include`` or ``dialects`` names them)
WALKED_EXTENSIONS = (".wiki", ".wikitext", ".mediawiki", ".mw")


class ConfigError(Exception):
    """A configuration problem at ``path:line:column`` (line 0: the whole file)."""

    def __init__(self, message: str, path: str = "", line: int = 0, column: int = 0):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.path or "<config>"
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.message}"


class RuleSettings(FrozenRecord):
    """A rule's configured severity (None: its default) and options (validated)."""

    __slots__ = ("severity", "options")
    severity: Severity | None
    options: Mapping[str, Any]

    def __init__(self, severity: Severity | None = None,
                 options: Mapping[str, Any] | None = None) -> None:
        self.severity = severity
        self.options = types.MappingProxyType({}) if options is None else options


class RuleSet(FrozenRecord):
    """The rule instances to run on one file and their severities (by rule name)."""

    __slots__ = ("rules", "severities")
    rules: tuple[Rule, ...]
    severities: Mapping[str, Severity]

    def __init__(self, rules: tuple[Rule, ...], severities: Mapping[str, Severity]) -> None:
        self.rules = rules
        self.severities = severities

    @property
    def names(self) -> frozenset[str]:
        return frozenset(r.name for r in self.rules)


class Overrides(FrozenRecord):
    """Command-line settings; each replaces (or, ``extend_*``, adds to) the file's."""

    __slots__ = ("select", "ignore", "extend_select", "extend_ignore", "exclude", "extend_exclude",
                 "fail_on", "extend_include")
    select: tuple[str, ...] | None
    ignore: tuple[str, ...] | None
    extend_select: tuple[str, ...]
    extend_ignore: tuple[str, ...]
    exclude: tuple[str, ...] | None
    extend_exclude: tuple[str, ...]
    fail_on: Severity | None
    extend_include: tuple[str, ...]

    def __init__(self, select: tuple[str, ...] | None = None,
                 ignore: tuple[str, ...] | None = None, extend_select: tuple[str, ...] = (),
                 extend_ignore: tuple[str, ...] = (), exclude: tuple[str, ...] | None = None,
                 extend_exclude: tuple[str, ...] = (), fail_on: Severity | None = None,
                 extend_include: tuple[str, ...] = ()) -> None:
        self.select = select
        self.ignore = ignore
        self.extend_select = extend_select
        self.extend_ignore = extend_ignore
        self.exclude = exclude
        self.extend_exclude = extend_exclude
        self.fail_on = fail_on
        self.extend_include = extend_include


class Config(ImmutableRecord):
    """A validated, frozen configuration.

    ``root`` is the folder globs (``exclude``, ``per-file-ignores``) and
    ``packs`` are relative to: the configuration file's folder.
    """

    __slots__ = ("path", "root", "select", "ignore", "extend_select", "extend_ignore", "rules",
                 "per_file_ignores", "exclude", "cli_exclude", "include", "cli_include",
                 "respect_gitignore", "dialects", "declared_extensions", "fail_on", "packs",
                 "extra_rules", "cache_dir", "set_keys")
    _compare = ("path", "root", "select", "ignore", "extend_select", "extend_ignore", "rules",
                "per_file_ignores", "exclude", "cli_exclude", "include", "cli_include",
                "respect_gitignore", "dialects", "declared_extensions", "fail_on", "packs",
                "extra_rules", "cache_dir")
    path: str | None
    root: str
    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    extend_select: tuple[str, ...]
    extend_ignore: tuple[str, ...]
    rules: Mapping[str, RuleSettings]
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...]
    exclude: tuple[str, ...]
    cli_exclude: tuple[str, ...]
    #: globs of more files a folder walk lints (``extend-include``; ``*.txt``)
    include: tuple[str, ...]
    cli_include: tuple[str, ...]
    respect_gitignore: bool
    dialects: Mapping[str, str]
    #: the extensions the file's own ``dialects`` table names (walked in folders)
    declared_extensions: tuple[str, ...]
    fail_on: Severity
    packs: tuple[str, ...]
    extra_rules: tuple[type[Rule], ...]
    #: the result cache's folder (``cache-dir``, absolute), None: the default
    cache_dir: str | None
    #: the top-level keys the file (and the files it extends) set
    set_keys: frozenset[str]

    def __init__(self, path: str | None = None, root: str = ".",
                 select: tuple[str, ...] | None = None, ignore: tuple[str, ...] = (),
                 extend_select: tuple[str, ...] = (), extend_ignore: tuple[str, ...] = (),
                 rules: Mapping[str, RuleSettings] | None = None,
                 per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = (),
                 exclude: tuple[str, ...] = (), cli_exclude: tuple[str, ...] = (),
                 include: tuple[str, ...] = (), cli_include: tuple[str, ...] = (),
                 respect_gitignore: bool = True, dialects: Mapping[str, str] | None = None,
                 declared_extensions: tuple[str, ...] = (), fail_on: Severity = Severity.INFO,
                 packs: tuple[str, ...] = (), extra_rules: tuple[type[Rule], ...] = (),
                 cache_dir: str | None = None, set_keys: frozenset[str] = frozenset()) -> None:
        _set = object.__setattr__  # immutable
        _set(self, "path", path)
        _set(self, "root", root)
        _set(self, "select", select)
        _set(self, "ignore", ignore)
        _set(self, "extend_select", extend_select)
        _set(self, "extend_ignore", extend_ignore)
        _set(self, "rules", types.MappingProxyType({}) if rules is None else rules)
        _set(self, "per_file_ignores", per_file_ignores)
        _set(self, "exclude", exclude)
        _set(self, "cli_exclude", cli_exclude)
        _set(self, "include", include)
        _set(self, "cli_include", cli_include)
        _set(self, "respect_gitignore", respect_gitignore)
        _set(self, "dialects", DEFAULT_DIALECTS if dialects is None else dialects)
        _set(self, "declared_extensions", declared_extensions)
        _set(self, "fail_on", fail_on)
        _set(self, "packs", packs)
        _set(self, "extra_rules", extra_rules)
        _set(self, "cache_dir", cache_dir)
        _set(self, "set_keys", set_keys)

    # -- queries --------------------------------------------------------------
    @property
    def available(self) -> tuple[type[Rule], ...]:
        """Every rule this configuration can name (built-ins, plugins, its packs)."""
        return available_rules(self.extra_rules)

    def dialect_of(self, path: str) -> str | None:
        return dialect_for(path, self.dialects)

    @property
    def extensions(self) -> tuple[str, ...]:
        return tuple(self.dialects)

    def relpath(self, path: str) -> str:
        from wikilint.config.globs import relative_posix

        return relative_posix(path, self.root)

    def is_excluded(self, path: str) -> bool:
        """Do ``exclude`` globs exclude ``path``?  The last glob that matches decides:
        ``!glob`` takes a path back in (``[drafts, "!drafts/keep.wiki"]``)."""
        from wikilint.config.globs import last_match, relative_posix

        if last_match(self.exclude, self.relpath(path)):
            return True
        # command-line globs are relative to the working directory
        return last_match(self.cli_exclude, relative_posix(path, os.getcwd()))

    @property
    def has_negated_excludes(self) -> bool:
        return any(p.strip().startswith("!") for p in self.exclude + self.cli_exclude)

    def is_walked(self, path: str) -> bool:
        """Is ``path`` a page a folder walk lints?  Wikitext extensions always;
        other files (``.txt``) when ``extend-include`` (or ``--extend-include``)
        globs match them or the configuration's own ``dialects`` names their
        extension.  Files named on the command line are linted whatever this says."""
        from wikilint.config.globs import last_match, relative_posix

        lower = path.lower()
        if lower.endswith(WALKED_EXTENSIONS) or lower.endswith(self.declared_extensions):
            return True
        if self.include and last_match(self.include, self.relpath(path)):
            return True
        return bool(self.cli_include) and last_match(self.cli_include,
                                                     relative_posix(path, os.getcwd()))

    def ignored_for(self, path: str) -> tuple[str, ...]:
        """The ``per-file-ignores`` selectors that apply to ``path``."""
        from wikilint.config.globs import glob_match

        rel = self.relpath(path)
        out: list[str] = []
        for pattern, keys in self.per_file_ignores:
            if glob_match(pattern, rel):
                out.extend(keys)
        return tuple(out)

    def selected(self, path: str | None = None) -> list[type[Rule]]:
        rules = self.available
        chosen = select_rules(rules, select=self.select, ignore=self.ignore,
                              extend_select=self.extend_select, extend_ignore=self.extend_ignore)
        if path is not None:
            dropped = self.ignored_for(path)
            if dropped:
                gone = {r for r in select_rules(rules, select=dropped)}
                chosen = [r for r in chosen if r not in gone]
        return chosen

    def rule_settings(self, rule: type[Rule]) -> RuleSettings:
        return self.rules.get(rule.name) or RuleSettings()

    def severity_of(self, rule: type[Rule]) -> Severity:
        return self.rule_settings(rule).severity or rule.severity

    def make_rule(self, rule: type[Rule]) -> Rule:
        options = dict(self.rule_settings(rule).options)
        return rule(rule.Options(**options)) if options else rule()

    def rule_set(self, path: str | None = None) -> RuleSet:
        """The rules to run on ``path``, with their options and severities."""
        chosen = self.selected(path)
        return RuleSet(tuple(self.make_rule(r) for r in chosen),
                       types.MappingProxyType({r.name: self.severity_of(r) for r in chosen}))

    def with_overrides(self, ov: Overrides) -> Config:
        """The configuration with command-line settings applied (validated first)."""
        rules: tuple[type[Rule], ...] = ()
        for flag, keys in (("--select", ov.select), ("--ignore", ov.ignore),
                           ("--extend-select", ov.extend_select),
                           ("--extend-ignore", ov.extend_ignore)):
            for key in keys or ():
                rules = rules or self.available  # loaded only when a selector is given
                try:
                    parse_selector(key, rules)
                except SelectionError as exc:
                    raise ConfigError(f"{flag}: {exc}") from None
        return self._replace(
            select=ov.select if ov.select is not None else self.select,
            ignore=ov.ignore if ov.ignore is not None else self.ignore,
            extend_select=self.extend_select + ov.extend_select,
            extend_ignore=self.extend_ignore + ov.extend_ignore,
            exclude=self.exclude if ov.exclude is None else (),
            cli_exclude=(ov.exclude or ()) + ov.extend_exclude,
            cli_include=ov.extend_include,
            fail_on=ov.fail_on or self.fail_on,
        )


def available_rules(extra: Sequence[type[Rule]] = ()) -> tuple[type[Rule], ...]:
    from wikilint.rules.registry import all_rules

    base = all_rules()
    taken = {r.code for r in base} | {r.name for r in base}
    return base + tuple(r for r in extra if r.code not in taken and r.name not in taken)


def default_config(root: str | None = None) -> Config:
    """The configuration when no file is found: every rule, default options."""
    return Config(root=os.path.abspath(root or os.getcwd()))
