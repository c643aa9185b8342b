"""A JSON Schema for ``.wikilint.yaml``, generated from the configuration model.

The top-level keys come from :data:`~wikilint.config.model.TOP_KEYS`, selectors
from the rules' codes, names, code prefixes and tags, and each rule's entry
from its ``Options`` dataclass (types from its annotations, defaults and
descriptions from :func:`wikilint.option`).  Editors with a YAML language
server complete and check the file with it::

    # yaml-language-server: $schema=https://…/schema/wikilint.schema.json

``wikilint config --schema`` prints it; ``python -m wikilint.config.schema``
writes ``schema/wikilint.schema.json`` (a test checks that file is current).
The loader stays the authority: the schema accepts what the loader accepts,
and rejects what it rejects, for what a schema can say (tests check samples
both ways).
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from collections.abc import Sequence
from enum import Enum
from typing import Any

from wikilint.config.extends import PRESET_PREFIX, PRESETS
from wikilint.config.load import default_type, default_value, option_hints, option_key
from wikilint.config.model import SEVERITIES, TOP_KEYS, available_rules
from wikilint.lint.rule import Rule
from wikilint.syntax.dialects import DIALECTS

__all__ = ["config_schema", "schema_text", "SCHEMA_PATH", "main"]

SCHEMA_PATH = "schema/wikilint.schema.json"
SCHEMA_ID = "https://github.com/wikilint/wikilint/raw/main/schema/wikilint.schema.json"


def _type_schema(tp: Any) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any or tp is object:
        return {}
    if origin is typing.Literal:
        return {"enum": [a.value if hasattr(a, "value") else a for a in args]}
    if origin in (typing.Union, types.UnionType):
        options = [_type_schema(a) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return {"anyOf": options} if len(options) > 1 else options[0]
    container = origin or (tp if tp in (list, tuple, set, frozenset, dict) else None)
    if container in (list, tuple, set, frozenset):
        inner = next((a for a in args if a is not Ellipsis), Any)
        items = _type_schema(inner)
        return {"type": "array", **({"items": items} if items else {})}
    if container is dict:
        return {"type": "object"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is str:
        return {"type": "string"}
    if isinstance(tp, type) and issubclass(tp, str) and hasattr(tp, "__members__"):
        return {"enum": [m.value for m in tp.__members__.values()]}
    return {}


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, set, frozenset)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _rule_schema(rule: type[Rule]) -> dict[str, Any]:
    props: dict[str, Any] = {
        "severity": {"enum": list(SEVERITIES), "description": "the rule's severity "
                     f"(default {rule.severity.value})"}}
    hints = option_hints(rule)
    for f in dataclasses.fields(rule.Options):
        schema = _type_schema(hints.get(f.name, default_type(f)))
        desc = str(f.metadata.get("description", ""))
        if desc:
            schema["description"] = desc
        default = default_value(f)
        try:
            json.dumps(_plain(default))
            schema["default"] = _plain(default)
        except (TypeError, ValueError):
            pass
        props[option_key(f.name)] = schema
    return {"type": ["object", "null"], "additionalProperties": False,
            "description": f"{rule.code} {rule.name}: {rule.summary}"
            + ("" if rule.default_enabled else " (off by default)"),
            "properties": props}


def _any_case(text: str) -> str:
    """A regex matching ``text`` in any case (portable: no inline flags)."""
    import re

    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in text)


def _selectors(rules: Sequence[type[Rule]]) -> dict[str, Any]:
    names = sorted({r.name for r in rules})
    tags = sorted({t for r in rules for t in r.tags} - set(names))
    prefixes = sorted({r.code[:k] for r in rules for k in range(1, len(r.code) + 1)})
    # codes and prefixes match in any case, as the loader does
    code_like = "^(" + "|".join(_any_case(p) for p in prefixes) + ")$"
    one = {"anyOf": [{"const": "ALL"}, {"enum": names}, {"enum": tags},
                     {"type": "string", "pattern": code_like}]}
    return {"anyOf": [
        {"type": "array", "items": one},
        {"type": "string", "description": "comma-separated selectors"}]}


def config_schema(rules: Sequence[type[Rule]] | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a configuration, for ``rules`` (default:
    built-in and installed plugin rules)."""
    chosen = list(rules) if rules is not None else list(available_rules())
    strings = {"anyOf": [{"type": "array", "items": {"type": "string"}},
                         {"type": "string"}]}
    sel = _selectors(chosen)
    rule_props: dict[str, Any] = {}
    by_code: dict[str, Any] = {}
    for rule in sorted(chosen, key=lambda r: r.code):
        rule_props[rule.name] = _rule_schema(rule)
        by_code[f"^{_any_case(rule.code)}$"] = {"$ref": f"#/$defs/rules/properties/{rule.name}"}
    presets = [PRESET_PREFIX + p for p in PRESETS]
    extends_one = {"anyOf": [{"enum": presets},
                             {"type": "string", "pattern": f"^(?!{PRESET_PREFIX})"}]}
    props: dict[str, Any] = {
        "extends": {"description": "configurations this one builds on: paths relative to "
                    "this file, or presets " + ", ".join(presets),
                    "anyOf": [extends_one, {"type": "array", "items": extends_one,
                                            "minItems": 1}]},
        "select": {**sel, "description": "rules to run (default: every rule that is on by "
                   "default)"},
        "ignore": {**sel, "description": "rules not to run"},
        "extend-select": {**sel, "description": "rules added to the selection"},
        "extend-ignore": {**sel, "description": "rules added to the ignored ones"},
        "rules": {"$ref": "#/$defs/rules"},
        "per-file-ignores": {"type": "object", "description": "glob: rules not run on "
                             "the files it matches",
                             "propertyNames": {"minLength": 1, "pattern": r"\S"},
                             "additionalProperties": sel},
        "exclude": {**strings, "description": "globs of paths not to lint; !glob takes "
                    "a path back in"},
        "extend-exclude": {**strings, "description": "globs added to exclude"},
        "extend-include": {**strings, "description": "globs of more files folder walks "
                           "lint, e.g. *.txt"},
        "respect-gitignore": {"type": "boolean", "default": True,
                              "description": "skip what .gitignore / .ignore files ignore"},
        "dialects": {"type": "object", "description": "extension: dialect",
                     "propertyNames": {"pattern": r"^\.[\w.+-]+$"},
                     "additionalProperties": {"enum": list(DIALECTS)}},
        "fail-on": {"enum": list(SEVERITIES), "default": "info",
                    "description": "lowest severity that makes the exit status 1"},
        "packs": {**strings, "description": "YAML rule packs, relative to this file"},
        "cache-dir": {"type": "string", "minLength": 1, "pattern": r"\S",
                      "description": "the result cache's folder, relative to this file "
                      "(default .wikilint_cache)"},
    }
    assert set(props) == set(TOP_KEYS), set(props) ^ set(TOP_KEYS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "wikilint configuration (.wikilint.yaml)",
        "description": "Generated by `wikilint config --schema` from the configuration "
                       "model; see docs/configuration.md.",
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": {k: props[k] for k in TOP_KEYS},
        "$defs": {"rules": {"type": "object", "additionalProperties": False,
                            "description": "each rule's severity and options, by name or code",
                            "properties": rule_props, "patternProperties": by_code}},
    }


def schema_text(rules: Sequence[type[Rule]] | None = None) -> str:
    return json.dumps(config_schema(rules), indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m wikilint.config.schema [FILE]``: write the schema (default
    schema/wikilint.schema.json) for the built-in rules only (no plugins)."""
    from wikilint.rules.registry import builtin_rules

    args = list(sys.argv[1:] if argv is None else argv)
    path = args[0] if args else SCHEMA_PATH
    text = schema_text(builtin_rules())
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
