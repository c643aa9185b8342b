"""Where rules come from: the built-in modules and the ``wikilint.rules`` entry points."""

from __future__ import annotations

import functools
import importlib
import os
import sys

from wikilint.lint.rule import Rule
from wikilint.records import FrozenRecord

__all__ = ["builtin_rules", "plugin_rules", "all_rules", "default_rules", "rule_by_key",
           "PluginWarning", "BUILTIN_MODULES"]

# One rule per module, as in yamllint and markdownlint.
BUILTIN_MODULES = (
    "unclosed_markup",
    "escaped_markup",
    "empty_section",
    "incomplete_section",
    "unbalanced_quotes",
    "unbalanced_brackets",
    "unclosed_formatting",
    "undated_citation",
    "unused_suppression",
)


class PluginWarning(FrozenRecord):
    __slots__ = ("plugin", "message")
    plugin: str
    message: str

    def __init__(self, plugin: str, message: str) -> None:
        self.plugin = plugin
        self.message = message


@functools.cache
def builtin_rules() -> tuple[type[Rule], ...]:
    found: list[type[Rule]] = []
    for module_name in BUILTIN_MODULES:
        module = importlib.import_module(f"wikilint.rules.{module_name}")
        found.append(module.RULE)
    from wikilint.lint.packrules import pack_rules

    found.extend(pack_rules())
    return tuple(sorted(found, key=lambda r: r.code))


PLUGIN_GROUP = "wikilint.rules"


def _may_declare_plugins() -> bool:
    """Whether some installed distribution may declare a ``wikilint.rules`` entry point.

    ``importlib.metadata`` (which imports ``email``, ``zipfile``, ``socket`` ...)
    takes about 20 ms to import, a tenth of ``wikilint FILE``'s start-up, and
    almost no one has a plugin.  Its finder reads ``entry_points.txt`` in the
    ``*.dist-info`` and ``*.egg-info`` folders of each ``sys.path`` folder
    (``EGG-INFO`` in a ``.egg`` folder), which this looks through for the
    group's name (a mention anywhere in the file counts).  Whatever it
    cannot look through the same way (a zip file on ``sys.path``, another
    finder of distributions) answers yes, and then ``importlib.metadata``
    decides.
    """
    from importlib.machinery import PathFinder

    if any(finder is not PathFinder and hasattr(finder, "find_distributions")
           for finder in sys.meta_path):
        return True
    needle = PLUGIN_GROUP.encode()
    for entry in sys.path:
        folder = entry or "."
        try:
            children = [(e.name, e.path) for e in os.scandir(folder) if e.is_dir()]
        except NotADirectoryError:
            return True  # a zip file
        except OSError:
            continue  # a folder that is not there: nothing to find, for importlib either
        for name, path in children:
            low = name.lower()
            if not (low.endswith((".dist-info", ".egg-info")) or low == "egg-info"):
                continue
            try:
                with open(os.path.join(path, "entry_points.txt"), "rb") as fh:
                    if needle in fh.read():
                        return True
            except FileNotFoundError:
                continue
            except OSError:
                return True
    return False


@functools.cache
def plugin_rules() -> tuple[tuple[type[Rule], ...], tuple[PluginWarning, ...]]:
    """Rules from installed plugins; a broken plugin is a warning, not a crash."""
    rules: list[type[Rule]] = []
    warnings: list[PluginWarning] = []
    if not _may_declare_plugins():
        return (), ()
    from importlib.metadata import entry_points

    for ep in entry_points(group=PLUGIN_GROUP):
        try:
            obj = ep.load()
            items = obj if isinstance(obj, (list, tuple)) else [obj]
            for item in items:
                if not (isinstance(item, type) and issubclass(item, Rule)):
                    raise TypeError(f"{item!r} is not a wikilint Rule class")
                if not item.code or not item.name:
                    raise TypeError(f"{item.__name__} has no code or name")
                rules.append(item)
        except Exception as exc:  # isolate each plugin
            warnings.append(PluginWarning(ep.name, f"{type(exc).__name__}: {exc}"))
    return tuple(rules), tuple(warnings)


def all_rules() -> tuple[type[Rule], ...]:
    """Built-in and plugin rules; a plugin may not take a built-in code or name."""
    builtin = builtin_rules()
    taken = {r.code for r in builtin} | {r.name for r in builtin}
    extra = [r for r in plugin_rules()[0] if r.code not in taken and r.name not in taken]
    return builtin + tuple(extra)


def default_rules() -> list[Rule]:
    """An instance of every rule enabled by default, with default options."""
    return [cls() for cls in all_rules() if cls.default_enabled]


def rule_by_key(key: str) -> type[Rule] | None:
    """A rule by its code (``WL301``) or name (``unbalanced-quotes``)."""
    for cls in all_rules():
        if key in (cls.code, cls.name) or key.upper() == cls.code:
            return cls
    return None
