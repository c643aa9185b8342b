"""``wikilint init`` (a starter configuration, or new rules added to one) and
``wikilint config`` (the effective settings of a path)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from typing import Any

from wikilint.config.load import (
    default_type,
    default_value,
    option_hints,
    option_key,
    option_type_name,
    plain_value,
    yaml_error,
    yaml_where,
)
from wikilint.config.model import CONFIG_NAME, Config, ConfigError
from wikilint.lint.rule import Rule, Severity

__all__ = ["starter_config", "update_config_text", "iter_rule_options", "effective_settings",
           "describe_config"]


def iter_rule_options(rule: type[Rule]) -> Iterable[tuple[str, Any, str, str]]:
    """(config key, default, type name, description) of each option of ``rule``."""
    hints = option_hints(rule)
    for f in dataclasses.fields(rule.Options):
        tp = hints.get(f.name, default_type(f))
        yield (option_key(f.name), default_value(f), option_type_name(tp),
               str(f.metadata.get("description", "")))


# ---------------------------------------------------------------- wikilint init
STARTER_HEADER = """\
# wikilint configuration (docs/configuration.md). `wikilint init` wrote this file;
# run it again to add rules and options that are new, keeping your edits.
#
# Rule selectors: a code (WL301), a code prefix (WL3), a name
# (unbalanced-quotes), a tag (style) or ALL.

# Start from another configuration: a path (relative to this file) or a preset,
# wikilint:strict or wikilint:relaxed; the keys below override it.
# extends: wikilint:relaxed

# Rules to run (default: every rule that is on by default; the rules marked "off by
# default" below run only when selected). extend-select adds to the selection:
# extend-select: [wordy-phrases]
# select: [ALL]
# Rules not to run.
ignore: []

# Exit with status 1 when a finding is at least this severe (error, warning, info).
fail-on: info

# Files and folders not to lint: globs relative to this file's folder; "!glob" takes
# a path back in. Files ignored by .gitignore / .ignore are skipped too.
exclude: []
# respect-gitignore: true

# Folder walks lint .wiki .wikitext .mediawiki .mw files; more with globs, e.g. the
# pages saved as rendered text: extend-include: ["*.txt"]. Named files are always linted.
# extend-include: []

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
        raise yaml_error(exc, path) from None
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
        line, col = yaml_where(data)(("rules",), True)
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
        entry[key] = plain_value(list(default) if isinstance(default, (tuple, set, frozenset))
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
    opt_in = [r.name for r in config.available if not getattr(r, "default_enabled", True)]
    rules: dict[str, Any] = {}
    for rule in config.available:
        settings = config.rule_settings(rule)
        options = {key: default for key, default, _, _ in iter_rule_options(rule)}
        options.update({option_key(k): v for k, v in settings.options.items()})
        rules[rule.name] = {"code": rule.code, "enabled": rule in chosen,
                            "on-by-default": getattr(rule, "default_enabled", True),
                            "severity": config.severity_of(rule).value,
                            **({"options": plain_value(_listify(options))} if options else {})}
    data: dict[str, Any] = {
        "path": path,
        "configuration": config.path,
        "root": config.root,
        "select": list(config.select) if config.select is not None else
        "default (every rule that is on by default"
        + (f"; off by default: {', '.join(opt_in)})" if opt_in else ")"),
        "ignore": list(config.ignore),
        "extend-select": list(config.extend_select),
        "extend-ignore": list(config.extend_ignore),
        "exclude": list(config.exclude) + list(config.cli_exclude),
        "extend-include": list(config.include) + list(config.cli_include),
        "respect-gitignore": config.respect_gitignore,
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
