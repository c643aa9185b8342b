"""Configuration: ``.wikilint.yaml`` (or ``[tool.wikilint]`` in ``pyproject.toml``).

Found by walking up from each linted file (the closest wins), or named with
``--config``.  Validated strictly: an unknown key, rule or option, or a value
of the wrong type, is a :class:`ConfigError` naming the file, line and column
and what is allowed.  After validation the configuration is frozen
(:class:`Config` is a frozen dataclass of tuples and read-only mappings).
See docs/configuration.md for the keys.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from wikilint.lint.rule import SEVERITY_NAMES, Rule, Severity
from wikilint.lint.selection import SelectionError, parse_selector, rule_for_key, select_rules
from wikilint.syntax.dialects import DEFAULT_DIALECTS, DIALECTS, dialect_for

__all__ = ["Config", "ConfigError", "RuleSettings", "RuleSet", "Overrides", "ConfigResolver",
           "load_config", "parse_config_text", "default_config", "CONFIG_NAME",
           "available_rules", "option_key", "option_type_name", "SEVERITIES", "DIALECTS"]

CONFIG_NAME = ".wikilint.yaml"
SEVERITIES = SEVERITY_NAMES

TOP_KEYS = ("select", "ignore", "extend-select", "extend-ignore", "rules", "per-file-ignores",
            "exclude", "dialects", "fail-on", "packs")


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


@dataclass(frozen=True)
class RuleSettings:
    """A rule's configured severity (None: its default) and options (validated)."""

    severity: Severity | None = None
    options: Mapping[str, Any] = field(default_factory=lambda: types.MappingProxyType({}))


@dataclass(frozen=True)
class RuleSet:
    """The rule instances to run on one file and their severities (by rule name)."""

    rules: tuple[Rule, ...]
    severities: Mapping[str, Severity]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(r.name for r in self.rules)


@dataclass(frozen=True)
class Overrides:
    """Command-line settings; each replaces (or, ``extend_*``, adds to) the file's."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    fail_on: Severity | None = None


@dataclass(frozen=True)
class Config:
    """A validated, frozen configuration.

    ``root`` is the folder globs (``exclude``, ``per-file-ignores``) and
    ``packs`` are relative to: the configuration file's folder.
    """

    path: str | None = None
    root: str = "."
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    rules: Mapping[str, RuleSettings] = field(
        default_factory=lambda: types.MappingProxyType({}))
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    cli_exclude: tuple[str, ...] = ()
    dialects: Mapping[str, str] = field(default_factory=lambda: DEFAULT_DIALECTS)
    fail_on: Severity = Severity.INFO
    packs: tuple[str, ...] = ()
    extra_rules: tuple[type[Rule], ...] = ()

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
        from wikilint.config.globs import glob_match, relative_posix

        rel = self.relpath(path)
        if any(glob_match(p, rel) for p in self.exclude):
            return True
        # command-line globs are relative to the working directory
        rel_cwd = relative_posix(path, os.getcwd())
        return any(glob_match(p, rel_cwd) for p in self.cli_exclude)

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
        rules = self.available
        for flag, keys in (("--select", ov.select), ("--ignore", ov.ignore),
                           ("--extend-select", ov.extend_select),
                           ("--extend-ignore", ov.extend_ignore)):
            for key in keys or ():
                try:
                    parse_selector(key, rules)
                except SelectionError as exc:
                    raise ConfigError(f"{flag}: {exc}") from None
        return dataclasses.replace(
            self,
            select=ov.select if ov.select is not None else self.select,
            ignore=ov.ignore if ov.ignore is not None else self.ignore,
            extend_select=self.extend_select + ov.extend_select,
            extend_ignore=self.extend_ignore + ov.extend_ignore,
            exclude=self.exclude if ov.exclude is None else (),
            cli_exclude=(ov.exclude or ()) + ov.extend_exclude,
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


# ---------------------------------------------------------------- positions
Where = Callable[[tuple[Any, ...], bool], tuple[int, int]]


def _yaml_where(root: Any) -> Where:
    """Positions (1-based) of keys/values in a ruamel round-trip document."""

    def where(keys: tuple[Any, ...], value: bool = False) -> tuple[int, int]:
        node, pos = root, (0, 0)
        for i, key in enumerate(keys):
            lc = getattr(node, "lc", None)
            if lc is None:
                break
            try:
                if isinstance(node, dict):
                    pos = lc.value(key) if value and i == len(keys) - 1 else lc.key(key)
                else:
                    pos = lc.item(key)
                node = node[key]
            except (KeyError, IndexError, TypeError, AttributeError):
                break
        return pos[0] + 1, pos[1] + 1

    return where


def _toml_where(text: str) -> Where:
    """Best-effort positions in ``pyproject.toml`` (tomllib keeps none): the first
    line after the previous key's that mentions the key."""
    lines = text.splitlines()
    header = next((i for i, ln in enumerate(lines)
                   if re.match(r"\s*\[\s*tool\s*\.\s*wikilint\s*[.\]]", ln)), 0)

    def where(keys: tuple[Any, ...], value: bool = False) -> tuple[int, int]:
        line, col = header, 0
        for key in keys:
            if not isinstance(key, str):
                continue
            pat = re.compile(r'(?:^|[\s.\[{,])("?' + re.escape(key) + r'"?)\s*[=.\]]')
            for i in range(line, len(lines)):
                m = pat.search(lines[i])
                if m:
                    line, col = i, m.start(1)
                    break
        return line + 1, col + 1

    return where


# ---------------------------------------------------------------- loading
def _yaml_error(exc: Exception, path: str) -> ConfigError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    text = f"malformed YAML: {problem}" + (f" ({context})" if context else "")
    if mark is not None:
        return ConfigError(text, path, mark.line + 1, mark.column + 1)
    return ConfigError(text, path)


def parse_config_text(text: str, path: str = CONFIG_NAME, root: str | None = None) -> Config:
    """Parse and validate YAML configuration text."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except YAMLError as exc:
        raise _yaml_error(exc, path) from None
    except Exception as exc:  # ruamel raises a few non-YAMLError types on odd input
        raise ConfigError(f"malformed YAML: {exc}", path) from None
    if data is None:
        data = {}
    root = root or os.path.dirname(os.path.abspath(path))
    return _validate(data, path, root, _yaml_where(data))


def _read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.read()
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 (byte offset {exc.start})", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path) from None


def _load_toml(path: str) -> tuple[Any, str] | None:
    """(the ``[tool.wikilint]`` table, file text), or None when there is none."""
    text = _read_text(path)
    if "wikilint" not in text:
        return None
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            raise ConfigError("reading [tool.wikilint] needs Python 3.11+ or the 'tomli' "
                              "package (pip install tomli), or use .wikilint.yaml", path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        raise ConfigError(f"malformed TOML: {str(exc).split(' (at line')[0]}", path,
                          line, col) from None
    table = data.get("tool", {}).get("wikilint") if isinstance(data.get("tool"), dict) else None
    if table is None:
        return None
    return table, text


def load_config(path: str) -> Config:
    """Load and validate a configuration file (YAML, or ``pyproject.toml``)."""
    root = os.path.dirname(os.path.abspath(path))
    if os.path.basename(path) == "pyproject.toml" or path.endswith(".toml"):
        loaded = _load_toml(path)
        if loaded is None:
            raise ConfigError("no [tool.wikilint] table", path)
        table, text = loaded
        return _validate(table, path, root, _toml_where(text))
    if os.path.isdir(path):
        raise ConfigError("is a folder, not a configuration file", path)
    return parse_config_text(_read_text(path), path, root)


# ---------------------------------------------------------------- validation
class _Checker:
    """Validates raw configuration data; every error is located."""

    def __init__(self, path: str, where: Where):
        self.path = path
        self.where = where

    def error(self, keys: tuple[Any, ...], message: str, value: bool = False) -> ConfigError:
        line, col = self.where(keys, value)
        return ConfigError(message, self.path, line, col)

    def mapping(self, data: Any, keys: tuple[Any, ...]) -> Mapping[Any, Any]:
        if not isinstance(data, dict):
            name = ".".join(map(str, keys)) or "the configuration"
            raise self.error(keys, f"{name} must be a mapping (key: value), not "
                             f"{_type_name(data)}", value=True)
        return data

    def unknown(self, keys: tuple[Any, ...], key: Any, allowed: Sequence[str],
                what: str = "key", owner: str = "") -> ConfigError:
        close = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return self.error(keys + (key,), f"unknown {what} '{key}'{owner} (allowed: "
                          f"{', '.join(allowed) or 'none'}){hint}")

    def string(self, data: Any, keys: tuple[Any, ...]) -> str:
        if not isinstance(data, str):
            raise self.error(keys, f"'{_last(keys)}' must be a string, not {_type_name(data)}",
                             value=True)
        return str(data)

    def strings(self, data: Any, keys: tuple[Any, ...]) -> tuple[str, ...]:
        """A list of strings (a comma-separated string is accepted too)."""
        if isinstance(data, str):
            return tuple(s.strip() for s in str(data).split(",") if s.strip())
        if not isinstance(data, list):
            raise self.error(keys, f"'{_last(keys)}' must be a list of strings, not "
                             f"{_type_name(data)}", value=True)
        out = []
        for i, item in enumerate(data):
            if not isinstance(item, str):
                raise self.error(keys + (i,), f"'{_last(keys)}' item must be a string, not "
                                 f"{_type_name(item)}")
            out.append(str(item).strip())
        return tuple(out)

    def choice(self, data: Any, keys: tuple[Any, ...], allowed: Sequence[str]) -> str:
        if not isinstance(data, str) or data not in allowed:
            raise self.error(keys, f"'{_last(keys)}' must be one of {', '.join(allowed)}, "
                             f"not {data!r}", value=True)
        return str(data)

    def selectors(self, data: Any, keys: tuple[Any, ...],
                  rules: Sequence[type[Rule]]) -> tuple[str, ...]:
        items = self.strings(data, keys)
        for i, key in enumerate(items):
            try:
                parse_selector(key, rules)
            except SelectionError as exc:
                at = keys + (i,) if isinstance(data, list) else keys
                raise self.error(at, f"'{_last(keys)}': {exc}") from None
        return items


def _last(keys: tuple[Any, ...]) -> str:
    for key in reversed(keys):
        if isinstance(key, str):
            return key
    return "value"


def _type_name(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return f"the string {str(value)!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _validate(raw: Any, path: str, root: str, where: Where) -> Config:
    check = _Checker(path, where)
    data = check.mapping(raw, ())
    for key in data:
        if key not in TOP_KEYS:
            raise check.unknown((), key, TOP_KEYS)
    packs: tuple[str, ...] = ()
    extra: tuple[type[Rule], ...] = ()
    if "packs" in data:
        packs = tuple(os.path.normpath(os.path.join(root, p))
                      for p in check.strings(data["packs"], ("packs",)))
        extra = _load_packs(packs, check)
    rules = available_rules(extra)
    values: dict[str, Any] = {"path": path, "root": root, "packs": packs, "extra_rules": extra}
    if "select" in data:
        values["select"] = check.selectors(data["select"], ("select",), rules)
    for key in ("ignore", "extend-select", "extend-ignore"):
        if key in data:
            values[key.replace("-", "_")] = check.selectors(data[key], (key,), rules)
    if "exclude" in data:
        values["exclude"] = check.strings(data["exclude"], ("exclude",))
    if "fail-on" in data:
        values["fail_on"] = Severity(check.choice(data["fail-on"], ("fail-on",), SEVERITIES))
    if "dialects" in data:
        values["dialects"] = _dialects(data["dialects"], check)
    if "per-file-ignores" in data:
        values["per_file_ignores"] = _per_file_ignores(data["per-file-ignores"], check, rules)
    if "rules" in data:
        values["rules"] = _rules(data["rules"], check, rules)
    return Config(**values)


def _load_packs(paths: tuple[str, ...], check: _Checker) -> tuple[type[Rule], ...]:
    for i, p in enumerate(paths):
        if not os.path.isfile(p):
            raise check.error(("packs", i), f"rule pack not found: {p}")
    from wikilint.lint import packrules

    loader = getattr(packrules, "load_extra_packs", None)
    if loader is None:
        raise check.error(("packs",), "this version of wikilint cannot load extra rule packs")
    try:
        loaded = loader(list(paths))
    except Exception as exc:  # a pack's own problem, reported at the packs key
        raise check.error(("packs",), f"cannot load rule pack: {exc}") from None
    return tuple(r for r in (loaded or ()) if isinstance(r, type) and issubclass(r, Rule))


def _dialects(raw: Any, check: _Checker) -> Mapping[str, str]:
    table = dict(DEFAULT_DIALECTS)
    for ext, dialect in check.mapping(raw, ("dialects",)).items():
        if not isinstance(ext, str) or not re.fullmatch(r"\.[\w.+-]+", ext):
            raise check.error(("dialects", ext), f"'{ext}' is not a file extension "
                              "(write it with its dot, e.g. '.wiki')")
        table[ext.lower()] = check.choice(dialect, ("dialects", ext), DIALECTS)
    return types.MappingProxyType(table)


def _per_file_ignores(raw: Any, check: _Checker,
                      rules: Sequence[type[Rule]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for pattern, keys in check.mapping(raw, ("per-file-ignores",)).items():
        if not isinstance(pattern, str) or not pattern.strip():
            raise check.error(("per-file-ignores", pattern), "a glob must be a non-empty string")
        out.append((str(pattern), check.selectors(keys, ("per-file-ignores", pattern), rules)))
    return tuple(out)


def _rules(raw: Any, check: _Checker,
           rules: Sequence[type[Rule]]) -> Mapping[str, RuleSettings]:
    out: dict[str, RuleSettings] = {}
    table = check.mapping(raw, ("rules",))
    for key, settings in table.items():
        rule = rule_for_key(str(key), rules) if isinstance(key, str) else None
        if rule is None:
            names = [r.name for r in rules]
            raise check.unknown(("rules",), key, names, "rule")
        if rule.name in out:
            raise check.error(("rules", key), f"rule '{rule.name}' is configured twice")
        out[rule.name] = _rule_settings(rule, settings, check, ("rules", key))
    return types.MappingProxyType(out)


def option_key(name: str) -> str:
    """How an option field is written in configuration (``max_length`` → ``max-length``)."""
    return name.replace("_", "-")


def _rule_settings(rule: type[Rule], raw: Any, check: _Checker,
                   keys: tuple[Any, ...]) -> RuleSettings:
    if raw is None:
        return RuleSettings()
    data = check.mapping(raw, keys)
    fields = {option_key(f.name): f for f in dataclasses.fields(rule.Options)}
    hints = _option_hints(rule)
    severity: Severity | None = None
    options: dict[str, Any] = {}
    for key, value in data.items():
        if key == "severity":
            severity = Severity(check.choice(value, keys + (key,), SEVERITIES))
            continue
        f = fields.get(option_key(str(key)))
        if f is None:
            allowed = ["severity"] + list(fields)
            raise check.unknown(keys, key, allowed, "option", f" for rule '{rule.name}'")
        tp = hints.get(f.name, _default_type(f))
        try:
            options[f.name] = _coerce(value, tp)
        except TypeError as exc:
            raise check.error(keys + (key,), f"option '{key}' of rule '{rule.name}' must be "
                              f"{exc}, not {_type_name(value)}", value=True) from None
    try:
        rule.Options(**options)
    except (TypeError, ValueError) as exc:  # the Options class validating its own values
        raise check.error(keys, f"rule '{rule.name}': {exc}") from None
    return RuleSettings(severity, types.MappingProxyType(options))


def _default_value(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None


def _default_type(f: dataclasses.Field[Any]) -> Any:
    default = _default_value(f)
    return Any if default is None else type(default)


def _option_hints(rule: type[Rule]) -> dict[str, Any]:
    try:
        return typing.get_type_hints(rule.Options)
    except Exception:  # an annotation that cannot be evaluated: fall back to defaults
        return {}


def option_type_name(tp: Any) -> str:
    """A readable name of an option type, as used in messages and docs."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return "any value"
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        parts = [option_type_name(a) for a in args if a is not type(None)]
        text = " or ".join(parts)
        return text + (" or null" if type(None) in args else "")
    if origin in (list, tuple, set, frozenset) or tp in (list, tuple, set, frozenset):
        inner = [a for a in args if a is not Ellipsis]
        return "a list" + (f" of {_plural(inner[0])}" if inner else "")
    if origin is dict or tp is dict:
        return "a mapping"
    return {bool: "a boolean (true or false)", int: "an integer", float: "a number",
            str: "a string"}.get(tp, getattr(tp, "__name__", str(tp)))


def _plural(tp: Any) -> str:
    return {str: "strings", int: "integers", float: "numbers", bool: "booleans"}.get(
        tp, option_type_name(tp))


def _coerce(value: Any, tp: Any) -> Any:
    """``value`` converted to ``tp``; TypeError(the expected type's name) if it is not one."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any or tp is object:
        return _plain(value)
    if origin is typing.Literal:
        if value in args and not (isinstance(value, bool) and not any(
                isinstance(a, bool) for a in args)):
            return _plain(value)
        raise TypeError(option_type_name(tp))
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(value, arg)
            except TypeError:
                continue
        raise TypeError(option_type_name(tp))
    container = origin or (tp if tp in (list, tuple, set, frozenset, dict) else None)
    if container in (list, tuple, set, frozenset):
        if not isinstance(value, list):
            raise TypeError(option_type_name(tp))
        inner = next((a for a in args if a is not Ellipsis), Any)
        items = [_coerce(v, inner) for v in value]
        return container(items)
    if container is dict:
        if not isinstance(value, dict):
            raise TypeError(option_type_name(tp))
        kt, vt = args if len(args) == 2 else (Any, Any)
        return {_coerce(k, kt): _coerce(v, vt) for k, v in value.items()}
    if tp is bool:
        if isinstance(value, bool):
            return bool(value)
        raise TypeError(option_type_name(tp))
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return int(value)
        raise TypeError(option_type_name(tp))
    if tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise TypeError(option_type_name(tp))
    if tp is str:
        if isinstance(value, str):
            return str(value)
        raise TypeError(option_type_name(tp))
    if isinstance(tp, type) and isinstance(value, tp):
        return value
    if isinstance(tp, type) and issubclass(tp, str) and isinstance(value, str):
        try:  # a str Enum such as Severity
            return tp(value)
        except ValueError:
            pass
    raise TypeError(option_type_name(tp))


def _plain(value: Any) -> Any:
    """ruamel's scalar and container types as plain Python values."""
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- discovery
class ConfigResolver:
    """The configuration of each path: closest ``.wikilint.yaml`` (or ``pyproject.toml``
    with ``[tool.wikilint]``) walking up, or one ``explicit`` file, or none
    (``isolated``); command-line ``overrides`` applied on top.  Cached per folder."""

    def __init__(self, explicit: str | None = None, isolated: bool = False,
                 overrides: Overrides | None = None):
        self.explicit = explicit
        self.isolated = isolated
        self.overrides = overrides or Overrides()
        self._by_dir: dict[str, Config] = {}
        self._by_file: dict[str, Config] = {}
        self._fixed: Config | None = None

    def _finish(self, config: Config) -> Config:
        return config.with_overrides(self.overrides)

    def _fixed_config(self) -> Config:
        if self._fixed is None:
            if self.explicit is not None:
                self._fixed = self._finish(load_config(self.explicit))
            else:
                self._fixed = self._finish(default_config())
        return self._fixed

    def for_path(self, path: str) -> Config:
        """The configuration of a file or folder."""
        if self.explicit is not None or self.isolated:
            return self._fixed_config()
        absolute = os.path.abspath(path)
        folder = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
        return self.for_dir(folder)

    def for_dir(self, folder: str) -> Config:
        if self.explicit is not None or self.isolated:
            return self._fixed_config()
        chain: list[str] = []
        found: Config | None = None
        current = folder
        while True:
            cached = self._by_dir.get(current)
            if cached is not None:
                found = cached
                break
            chain.append(current)
            source = config_file_in(current)
            if source is not None:
                found = self._finish(load_config(source))
                break
            parent = os.path.dirname(current)
            if parent == current:
                found = self._finish(default_config())
                break
            current = parent
        for d in chain:
            self._by_dir[d] = found
        return found

    def source_for(self, path: str) -> str | None:
        """Which file configures ``path`` (None: defaults)."""
        return self.for_path(path).path


def config_file_in(folder: str) -> str | None:
    """``folder``'s configuration file, if it has one."""
    candidate = os.path.join(folder, CONFIG_NAME)
    if os.path.isfile(candidate):
        return candidate
    pyproject = os.path.join(folder, "pyproject.toml")
    if os.path.isfile(pyproject):
        try:
            if _load_toml(pyproject) is not None:
                return pyproject
        except ConfigError:
            return pyproject  # malformed: reported when loaded
    return None


def iter_rule_options(rule: type[Rule]) -> Iterable[tuple[str, Any, str, str]]:
    """(config key, default, type name, description) of each option of ``rule``."""
    hints = _option_hints(rule)
    for f in dataclasses.fields(rule.Options):
        tp = hints.get(f.name, _default_type(f))
        yield (option_key(f.name), _default_value(f), option_type_name(tp),
               str(f.metadata.get("description", "")))


# ---------------------------------------------------------------- wikilint init
STARTER_HEADER = """\
# wikilint configuration (docs/configuration.md). `wikilint init` wrote this file;
# run it again to add rules and options that are new, keeping your edits.
#
# Rule selectors: a code (WL301), a code prefix (WL3), a name
# (unbalanced-quotes), a tag (style) or ALL.

# Rules to run (default: every rule); extend-select adds to the default.
# select: [ALL]
# Rules not to run.
ignore: []

# Exit with status 1 when a finding is at least this severe (error, warning, info).
fail-on: info

# Files and folders not to lint: globs relative to this file's folder.
exclude: []

# Rules not to run on some files, e.g. "drafts/**": [incomplete-section].
per-file-ignores: {}

# Dialect by file extension (wikitext or rendered), added to the built-in ones.
# dialects: {".src": wikitext}

# Each rule's severity (error, warning or info) and options, at their defaults.
"""


def _yaml_scalar(value: Any) -> str:
    import json

    if isinstance(value, (set, frozenset, tuple)):
        value = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    if isinstance(value, Severity):
        value = value.value
    return json.dumps(value, ensure_ascii=False)


def _rule_comment(rule: type[Rule]) -> str:
    text = f"{rule.code} {rule.name}: {rule.summary}".rstrip(": ")
    if not getattr(rule, "default_enabled", True):
        text += " (off by default: add it to extend-select to run it)"
    return text


def _option_comment(type_name: str, description: str) -> str:
    import textwrap

    text = f"{description} Type: {type_name}." if description else f"Type: {type_name}."
    return "\n".join(textwrap.wrap(text, 92))


def starter_config(rules: Sequence[type[Rule]]) -> str:
    """The commented ``.wikilint.yaml`` that ``wikilint init`` writes."""
    lines = [STARTER_HEADER.rstrip("\n"), "rules:"]
    for rule in sorted(rules, key=lambda r: r.code):
        lines.append(f"  # {_rule_comment(rule)}")
        lines.append(f"  {rule.name}:")
        lines.append(f"    severity: {rule.severity.value}")
        for key, default, type_name, description in iter_rule_options(rule):
            lines.extend(f"    # {c}" for c in _option_comment(type_name, description).split("\n"))
            lines.append(f"    {key}: {_yaml_scalar(default)}")
    return "\n".join(lines) + "\n"


def update_config_text(text: str, rules: Sequence[type[Rule]],
                       path: str = CONFIG_NAME) -> tuple[str, list[str]]:
    """Add the rules and options missing from an existing configuration, keeping its
    comments, order and values; returns (new text, what was added)."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    try:
        data = yaml.load(text)
    except YAMLError as exc:
        raise _yaml_error(exc, path) from None
    if data is None:
        return starter_config(rules), [r.name for r in rules]
    if not isinstance(data, CommentedMap):
        raise ConfigError("the configuration must be a mapping (key: value)", path, 1, 1)
    added: list[str] = []
    table = data.get("rules")
    if table is None:
        table = CommentedMap()
        data["rules"] = table
        data.yaml_set_comment_before_after_key(
            "rules", before="Each rule's severity (error, warning or info) and options.")
    if not isinstance(table, CommentedMap):
        line, col = _yaml_where(data)(("rules",), True)
        raise ConfigError("'rules' must be a mapping", path, line, col)
    for rule in sorted(rules, key=lambda r: r.code):
        key = next((k for k in table if isinstance(k, str)
                    and (k == rule.name or k.upper() == rule.code)), None)
        if key is None:
            entry = CommentedMap()
            entry["severity"] = rule.severity.value
            _add_options(entry, rule, indent=4)
            table[rule.name] = entry
            table.yaml_set_comment_before_after_key(rule.name, before=_rule_comment(rule),
                                                    indent=2)
            added.append(rule.name)
            continue
        entry = table[key]
        if entry is None:
            entry = table[key] = CommentedMap()
            entry["severity"] = rule.severity.value
        if isinstance(entry, CommentedMap) and not entry.fa.flow_style():
            for option in _add_options(entry, rule, indent=4):
                added.append(f"{rule.name}.{option}")
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue(), added


def _add_options(entry: Any, rule: type[Rule], indent: int) -> list[str]:
    present = {option_key(str(k)) for k in entry}
    added = []
    for key, default, type_name, description in iter_rule_options(rule):
        if key in present:
            continue
        entry[key] = _plain(list(default) if isinstance(default, (tuple, set, frozenset))
                            else default.value if isinstance(default, Severity) else default)
        entry.yaml_set_comment_before_after_key(
            key, before=_option_comment(type_name, description), indent=indent)
        added.append(key)
    return added


# ---------------------------------------------------------------- wikilint config
def effective_settings(config: Config, path: str | None = None) -> dict[str, Any]:
    """The configuration as plain data, with every rule's effective state for ``path``."""
    is_file = path is not None and not os.path.isdir(path)
    chosen = set(config.selected(path if is_file else None))
    rules: dict[str, Any] = {}
    for rule in config.available:
        settings = config.rule_settings(rule)
        options = {key: default for key, default, _, _ in iter_rule_options(rule)}
        options.update({option_key(k): v for k, v in settings.options.items()})
        rules[rule.name] = {"code": rule.code, "enabled": rule in chosen,
                            "severity": config.severity_of(rule).value,
                            **({"options": _plain(_listify(options))} if options else {})}
    data: dict[str, Any] = {
        "path": path,
        "configuration": config.path,
        "root": config.root,
        "select": list(config.select) if config.select is not None else "ALL (default)",
        "ignore": list(config.ignore),
        "extend-select": list(config.extend_select),
        "extend-ignore": list(config.extend_ignore),
        "exclude": list(config.exclude) + list(config.cli_exclude),
        "per-file-ignores": {p: list(k) for p, k in config.per_file_ignores},
        "dialects": dict(config.dialects),
        "fail-on": config.fail_on.value,
        "packs": list(config.packs),
        "rules": rules,
    }
    if path is not None:
        data["excluded"] = config.is_excluded(path)
        if is_file:
            data["dialect"] = config.dialect_of(path) or "wikitext"
            data["per-file-ignores-applied"] = list(config.ignored_for(path))
    return data


def _listify(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    if isinstance(value, (tuple, set, frozenset)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    if isinstance(value, Severity):
        return value.value
    return value


def describe_config(config: Config, path: str | None = None, fmt: str = "yaml") -> str:
    """What ``wikilint config PATH`` prints (``yaml`` or ``json``)."""
    data = effective_settings(config, path)
    if fmt == "json":
        import json

        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 100
    out = io.StringIO()
    source = config.path or "none found: built-in defaults"
    out.write(f"# effective wikilint configuration for {path or '.'} (from {source})\n")
    yaml.dump(data, out)
    return out.getvalue()
