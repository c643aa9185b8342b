"""Reading and validating a configuration file (YAML, or ``[tool.wikilint]`` in TOML);
every error names file:line:col."""

from __future__ import annotations

import dataclasses
import os
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from wikilint.config.model import (
    CONFIG_NAME,
    SEVERITIES,
    TOP_KEYS,
    Config,
    ConfigError,
    RuleSettings,
    available_rules,
)
from wikilint.lint.rule import Rule, Severity
from wikilint.lint.selection import SelectionError, parse_selector, rule_for_key
from wikilint.syntax.dialects import DEFAULT_DIALECTS, DIALECTS

__all__ = ["load_config", "parse_config_text", "load_toml", "option_key", "option_type_name",
           "option_hints", "default_type", "default_value", "plain_value", "yaml_error",
           "yaml_where", "Where"]


# ---------------------------------------------------------------- positions
Where = Callable[[tuple[Any, ...], bool], tuple[int, int]]


def yaml_where(root: Any) -> Where:
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
def yaml_error(exc: Exception, path: str) -> ConfigError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    text = f"malformed YAML: {problem}" + (f" ({context})" if context else "")
    if mark is not None:
        return ConfigError(text, path, mark.line + 1, mark.column + 1)
    return ConfigError(text, path)


#: The most values a configuration may hold with its aliases expanded (a real
#: one holds a few hundred); an "alias bomb" of a few hundred bytes expands to
#: billions and is refused before anything is built from it.
MAX_YAML_VALUES = 10_000
#: The deepest nesting of lists and mappings a configuration may have (a real
#: one nests four deep: rules, a rule, an option, its list).
MAX_YAML_DEPTH = 32


def _check_yaml_shape(yaml: Any, text: str, path: str) -> None:
    """Refuse hostile YAML from its event stream, before a value is built.

    One pass over the parser's events (no recursion, no expansion): the
    nesting depth, the size of every anchored value (so an alias counts as
    the values it stands for) and every tag are checked, each error located.
    """
    from ruamel.yaml import events as ev

    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[None, 0]]  # [anchor, values so far] of each open collection
    total = 0  # values in the document, aliases expanded
    for event in yaml.parse(text):
        mark = getattr(event, "start_mark", None)

        def fail(message: str, mark: Any = mark) -> ConfigError:
            if mark is None:
                return ConfigError(message, path)
            return ConfigError(message, path, mark.line + 1, mark.column + 1)

        tag = getattr(event, "tag", None)
        if tag is not None and not isinstance(event, ev.DocumentStartEvent):
            name = tag if isinstance(tag, str) else getattr(tag, "value", None) or str(tag)
            name = name.replace("tag:yaml.org,2002:", "!!")
            shown = name if len(name) <= 40 else name[:40] + "…"
            raise fail(f"YAML tag '{shown}' is not allowed in a configuration (write the "
                       "plain value)")
        if isinstance(event, (ev.SequenceStartEvent, ev.MappingStartEvent)):
            if len(stack) > MAX_YAML_DEPTH:
                raise fail(f"lists and mappings nested more than {MAX_YAML_DEPTH} deep")
            stack.append([event.anchor, 0])
            total += 1
        elif isinstance(event, (ev.SequenceEndEvent, ev.MappingEndEvent)):
            anchor, count = stack.pop()
            count += 1
            if anchor is not None:
                sizes[anchor] = count
            stack[-1][1] += count
        elif isinstance(event, ev.ScalarEvent):
            if event.anchor is not None:
                sizes[event.anchor] = 1
            stack[-1][1] += 1
            total += 1
        elif isinstance(event, ev.AliasEvent):
            stack[-1][1] += sizes.get(event.anchor, 1)
            total += sizes.get(event.anchor, 1)
        if total > MAX_YAML_VALUES:
            raise fail(f"the configuration holds more than {MAX_YAML_VALUES:,} values with its "
                       "aliases expanded (an alias bomb?)")


def parse_config_text(text: str, path: str = CONFIG_NAME, root: str | None = None) -> Config:
    """Parse and validate YAML configuration text.

    Untrusted text is safe: anchors and aliases may not expand beyond
    :data:`MAX_YAML_VALUES` values, nesting is bounded by
    :data:`MAX_YAML_DEPTH`, tags (``!foo``, even ``!!str``) are refused,
    and every problem is a located :class:`ConfigError`.

    A text that parsed and validated before is read from a plain-JSON copy
    of its data (:func:`_cached_data`), which spares ruamel.yaml's import
    and two passes of its pure-Python parser at every start-up; should that
    data not validate (a file it extends or a pack it names has changed),
    the text is parsed again so the error is located.
    """
    root = root or os.path.dirname(os.path.abspath(path))
    cached = _cached_data(path, text)
    if cached is not None:
        try:
            return _validate(cached, path, root, _nowhere)
        except ConfigError:
            pass  # again from the YAML, for the error's position
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    try:
        _check_yaml_shape(yaml, text, path)
        data = yaml.load(text)
    except YAMLError as exc:
        raise yaml_error(exc, path) from None
    except ConfigError:
        raise
    except RecursionError:
        raise ConfigError(f"lists and mappings nested more than {MAX_YAML_DEPTH} deep",
                          path) from None
    except Exception as exc:  # ruamel raises a few non-YAMLError types on odd input
        raise ConfigError(f"malformed YAML: {_short(str(exc))}", path) from None
    if data is None:
        data = {}
    config = _validate(data, path, root, yaml_where(data))
    _cache_data(path, text, data)
    return config


_DATA_CACHE_VERSION = "wikilint-config-data-1"


def _nowhere(keys: tuple[Any, ...], value: bool = False) -> tuple[int, int]:
    return 0, 0  # never shown: an error from cached data is located from the YAML again


def _data_cache(path: str, text: str) -> tuple[Any, str]:
    """(the cache file of the configuration at ``path``, the digest of ``text``): one
    file per configuration file, so the folder does not grow as a file is edited."""
    import hashlib

    from wikilint import __version__
    from wikilint.analysis.wordlists import cache_dir

    def digest(value: str) -> str:
        return hashlib.sha1(f"{_DATA_CACHE_VERSION}\0{__version__}\0{value}".encode(
            "utf-8", "surrogatepass")).hexdigest()[:24]

    return cache_dir() / f"config-{digest(os.path.abspath(path))}.json", digest(text)


def _is_json_data(value: Any) -> bool:
    """Whether ``value`` is made of what JSON gives back unchanged (string keys only)."""
    if value is None or type(value) in (bool, int, float, str):
        return True
    if type(value) is list:
        return all(_is_json_data(v) for v in value)
    if type(value) is dict:
        return all(type(k) is str and _is_json_data(v) for k, v in value.items())
    return False


def _cached_entry(path: str, text: str) -> dict[str, Any] | None:
    """What was kept of the configuration file ``path`` when it held ``text``, or None."""
    import json

    try:
        target, key = _data_cache(path, text)
        with open(target, encoding="utf-8") as fh:
            entry = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("text") != key:
        return None
    return entry


def _cached_data(path: str, text: str) -> Any:
    """The plain data of the YAML configuration text at ``path`` if it validated before."""
    entry = _cached_entry(path, text)
    data = entry.get("data") if entry is not None else None
    return data if isinstance(data, dict) else None


def _keep_entry(path: str, text: str, **values: Any) -> None:
    """Keep plain data about the configuration file ``path`` holding ``text``, when JSON
    gives it back exactly (a date, or a number used as a key, is not kept).  Never an
    error: a read-only cache folder means parsing again next time."""
    import json
    import tempfile

    if not _is_json_data(values):
        return
    try:
        target, key = _data_cache(path, text)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"text": key, **values}, fh, ensure_ascii=False)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        pass


def _cache_data(path: str, text: str, data: Any) -> None:
    """Keep the plain data of a valid YAML configuration text."""
    plain = plain_value(data)
    if isinstance(plain, dict):
        _keep_entry(path, text, data=plain)


def _read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.read()
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 (byte offset {exc.start})", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path) from None


def load_toml(path: str) -> tuple[Any, str] | None:
    """(the ``[tool.wikilint]`` table, file text), or None when there is none."""
    text = _read_text(path)
    if "wikilint" not in text:
        return None
    entry = _cached_entry(path, text)  # a pyproject.toml read before: no TOML parser needed
    if entry is not None and "table" in entry:
        table = entry["table"]
        return None if table is None else (table, text)
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
    except RecursionError:  # arrays or inline tables nested thousands deep
        raise ConfigError("malformed TOML: arrays or tables nested too deep", path,
                          1, 1) from None
    table = data.get("tool", {}).get("wikilint") if isinstance(data.get("tool"), dict) else None
    _keep_entry(path, text, table=table)
    if table is None:
        return None
    return table, text


def load_config(path: str) -> Config:
    """Load and validate a configuration file (YAML, or ``pyproject.toml``)."""
    root = os.path.dirname(os.path.abspath(path))
    if os.path.basename(path) == "pyproject.toml" or path.endswith(".toml"):
        loaded = load_toml(path)
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
        import difflib

        close = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return self.error(keys + (key,), f"unknown {what} {_short(str(key))}{owner} (allowed: "
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
                             f"not {_shown(data)}", value=True)
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
        return f"the string {_short(str(value))}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a tagged or unusual value"


#: The longest value an error message quotes.
_SHOWN = 60


def _short(text: str) -> str:
    """``repr(text)``, cut to :data:`_SHOWN` characters: a message is one short line."""
    shown = repr(text[:_SHOWN + 1])
    return shown if len(text) <= _SHOWN else shown[:_SHOWN] + "…'"


def _shown(value: Any) -> str:
    """A value for an error message: a short string, a plain number, or its kind."""
    if isinstance(value, str):
        return _short(str(value))
    if isinstance(value, (bool, int, float)) or value is None:
        return repr(value)
    return _type_name(value)


def _validate(raw: Any, path: str, root: str, where: Where) -> Config:
    check = _Checker(path, where)
    data = check.mapping(raw, ())
    for key in data:
        if key not in TOP_KEYS:
            raise check.unknown((), key, TOP_KEYS)
    parent: Config | None = None
    if "extends" in data:  # the inherited configuration first (its packs' rules are known)
        from wikilint.config.extends import load_parents

        parent = load_parents(data["extends"], path, check, load_config)
    packs: tuple[str, ...] = ()
    extra: tuple[type[Rule], ...] = ()
    if "packs" in data:
        packs = tuple(os.path.normpath(os.path.join(root, p))
                      for p in check.strings(data["packs"], ("packs",)))
        extra = _load_packs(packs, check)
    known: list[tuple[type[Rule], ...]] = []

    def rules() -> tuple[type[Rule], ...]:
        """The rules a selector may name, loaded only when one is checked (a cached
        run of a configuration without selectors imports no rule module)."""
        if not known:
            known.append(available_rules((parent.extra_rules if parent else ()) + extra))
        return known[0]

    values: dict[str, Any] = {"path": path, "root": root, "packs": packs, "extra_rules": extra,
                              "set_keys": frozenset(str(k) for k in data)}
    if "select" in data:
        values["select"] = check.selectors(data["select"], ("select",), rules())
    for key in ("ignore", "extend-select", "extend-ignore"):
        if key in data:
            values[key.replace("-", "_")] = check.selectors(data[key], (key,), rules())
    if "exclude" in data or "extend-exclude" in data:
        values["exclude"] = (check.strings(data.get("exclude", []), ("exclude",))
                             + check.strings(data.get("extend-exclude", []), ("extend-exclude",)))
    if "extend-include" in data:
        values["include"] = check.strings(data["extend-include"], ("extend-include",))
    if "respect-gitignore" in data:
        if not isinstance(data["respect-gitignore"], bool):
            raise check.error(("respect-gitignore",), "'respect-gitignore' must be true or "
                              f"false, not {_type_name(data['respect-gitignore'])}", value=True)
        values["respect_gitignore"] = bool(data["respect-gitignore"])
    if "fail-on" in data:
        values["fail_on"] = Severity(check.choice(data["fail-on"], ("fail-on",), SEVERITIES))
    if "cache-dir" in data:
        if not isinstance(data["cache-dir"], str) or not data["cache-dir"].strip():
            raise check.error(("cache-dir",), "'cache-dir' must be a folder's path, not "
                              f"{_type_name(data['cache-dir'])}", value=True)
        values["cache_dir"] = os.path.normpath(os.path.join(root, data["cache-dir"]))
    if "dialects" in data:
        values["dialects"] = _dialects(data["dialects"], check)
        values["declared_extensions"] = tuple(str(e).lower() for e in data["dialects"])
    if "per-file-ignores" in data:
        values["per_file_ignores"] = _per_file_ignores(data["per-file-ignores"], check, rules())
    if "rules" in data:
        values["rules"] = _rules(data["rules"], check, rules())
    config = Config(**values)
    if parent is None:
        return config
    from wikilint.config.extends import merge_configs

    return merge_configs(parent, config, config.set_keys)


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
    hints = option_hints(rule)
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
        tp = hints.get(f.name, default_type(f))
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


def default_value(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None


def default_type(f: dataclasses.Field[Any]) -> Any:
    default = default_value(f)
    return Any if default is None else type(default)


def option_hints(rule: type[Rule]) -> dict[str, Any]:
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
        return plain_value(value)
    if origin is typing.Literal:
        if value in args and not (isinstance(value, bool) and not any(
                isinstance(a, bool) for a in args)):
            return plain_value(value)
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


def plain_value(value: Any) -> Any:
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
        return [plain_value(v) for v in value]
    if isinstance(value, dict):
        return {plain_value(k): plain_value(v) for k, v in value.items()}
    return value
