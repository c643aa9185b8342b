"""``extends:``: a configuration built on another one, or on a packaged preset.

``extends`` names one configuration or a list of them: a path (relative to the
file that says it) or a preset shipped with wikilint (``wikilint:strict``,
``wikilint:relaxed``; :data:`PRESETS`).  Each is loaded (with its own
``extends``) and validated on its own, so an error names the file it is in;
then they are merged, later ones and finally the file itself winning, as ruff's
``extend`` and yamllint's ``extends`` do:

* a key the file sets replaces the inherited value (``select``, ``ignore``,
  ``exclude``, ``fail-on``, ``respect-gitignore``);
* ``extend-select``, ``extend-ignore``, ``extend-exclude``, ``extend-include`` and
  ``packs`` add to the inherited lists (a ``select`` or ``ignore`` the file sets
  resets the inherited ``extend-select`` / ``extend-ignore``);
* tables merge by key: ``rules`` per rule (and per option), ``per-file-ignores``
  per glob, ``dialects`` per extension.

Globs (``exclude``, ``per-file-ignores``, ``extend-include``) are relative to the
folder of the configuration that applies to the page (the one found for it),
whichever file in the chain wrote them.  A file extending itself, directly or
through others, is an error at its ``extends`` key naming the cycle.
"""

from __future__ import annotations

import os
import threading
import types
from collections.abc import Callable
from typing import Any

from wikilint.config.model import Config, RuleSettings

__all__ = ["PRESETS", "PRESET_PREFIX", "preset_path", "load_parents", "merge_configs"]

PRESET_PREFIX = "wikilint:"
#: the presets shipped in wikilint/config/presets/
PRESETS = ("strict", "relaxed")

_local = threading.local()


def _stack() -> list[str]:
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    return stack


def preset_path(name: str) -> str:
    """The packaged file of a preset (``strict`` -> .../presets/strict.yaml)."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "presets", f"{name}.yaml")


def _target(entry: str, base: str) -> str:
    if entry.startswith(PRESET_PREFIX):
        name = entry[len(PRESET_PREFIX):]
        if name not in PRESETS:
            raise ValueError(f"unknown preset '{entry}' (presets: "
                             + ", ".join(PRESET_PREFIX + p for p in PRESETS) + ")")
        return preset_path(name)
    path = os.path.normpath(os.path.join(base, os.path.expanduser(entry)))
    if not os.path.isfile(path):
        raise ValueError(f"extends: no such configuration file: {entry}"
                         + (f" ({path})" if path != entry else ""))
    return path


def load_parents(raw: Any, path: str, check: Any, load: Callable[[str], Config]) -> Config:
    """The merged configuration that ``path``'s ``extends`` value names.

    ``check`` is the loader's located-error helper; ``load`` loads and validates
    one configuration file (following its own ``extends``).
    """
    entries = check.strings(raw, ("extends",))
    if not entries:
        raise check.error(("extends",), "'extends' names no configuration", value=True)
    base = os.path.dirname(os.path.abspath(path))
    stack = _stack()
    me = os.path.abspath(path)
    merged: Config | None = None
    for i, entry in enumerate(entries):
        keys = ("extends", i) if isinstance(raw, list) else ("extends",)
        try:
            target = _target(entry, base)
        except ValueError as exc:
            raise check.error(keys, str(exc), value=True) from None
        absolute = os.path.abspath(target)
        if absolute in stack or absolute == me:
            chain = stack[stack.index(absolute):] if absolute in stack else [me]
            shown = " -> ".join(_shown(p, base) for p in [*chain, me, absolute])
            raise check.error(keys, f"extends cycle: {_dedupe(shown)}", value=True)
        stack.append(me)
        try:
            parent = load(target)
        finally:
            stack.pop()
        merged = parent if merged is None else merge_configs(merged, parent, _set_keys(parent))
    assert merged is not None
    return merged


def _dedupe(shown: str) -> str:
    parts = shown.split(" -> ")
    out = [p for k, p in enumerate(parts) if k == 0 or p != parts[k - 1]]
    return " -> ".join(out)


def _shown(path: str, base: str) -> str:
    """A file of the chain as ``extends`` would name it from ``base``."""
    presets = os.path.dirname(preset_path("x"))
    if os.path.dirname(path) == presets:
        return PRESET_PREFIX + os.path.splitext(os.path.basename(path))[0]
    try:
        return os.path.relpath(path, base)
    except ValueError:
        return path


def _set_keys(config: Config) -> frozenset[str]:
    return config.set_keys


def merge_configs(parent: Config, child: Config, keys: frozenset[str] | set[str]) -> Config:
    """``child`` (a file that set ``keys``) on top of ``parent``."""
    select = child.select if "select" in keys else parent.select
    ignore = child.ignore if "ignore" in keys else parent.ignore
    extend_select = child.extend_select if "select" in keys else \
        parent.extend_select + child.extend_select
    extend_ignore = child.extend_ignore if "ignore" in keys else \
        parent.extend_ignore + child.extend_ignore
    exclude = child.exclude if "exclude" in keys else parent.exclude + child.exclude
    rules: dict[str, RuleSettings] = dict(parent.rules)
    for name, settings in child.rules.items():
        old = rules.get(name)
        if old is None:
            rules[name] = settings
        else:
            rules[name] = RuleSettings(settings.severity or old.severity,
                                       types.MappingProxyType({**old.options,
                                                               **settings.options}))
    pfi = dict(parent.per_file_ignores)
    pfi.update(dict(child.per_file_ignores))
    dialects = dict(parent.dialects)
    for ext in child.declared_extensions:
        dialects[ext] = child.dialects[ext]
    return child._replace(
        set_keys=parent.set_keys | frozenset(keys),
        select=select, ignore=ignore, extend_select=extend_select, extend_ignore=extend_ignore,
        exclude=exclude,
        include=parent.include + child.include,
        respect_gitignore=child.respect_gitignore if "respect-gitignore" in keys
        else parent.respect_gitignore,
        rules=types.MappingProxyType(rules),
        per_file_ignores=tuple(pfi.items()),
        dialects=types.MappingProxyType(dialects),
        declared_extensions=tuple(dict.fromkeys(parent.declared_extensions
                                                + child.declared_extensions)),
        fail_on=child.fail_on if "fail-on" in keys else parent.fail_on,
        packs=tuple(dict.fromkeys(parent.packs + child.packs)),
        extra_rules=tuple(dict.fromkeys(parent.extra_rules + child.extra_rules)),
    )
