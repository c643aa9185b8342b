"""Output formats: how findings are written.

``get_formatter(name, stream, ...)`` returns a :class:`Formatter` driven
through ``start / begin_file / handle / end_file / finish`` (see
:mod:`wikilint.output.base`).  The formats are documented in
``docs/output.md``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TextIO

from wikilint.lint.rule import Rule
from wikilint.output.base import DEFAULT_DOCS_URL, Formatter, Summary, relative_path, rule_docs_url

__all__ = ["FORMATS", "Formatter", "Summary", "resolve_format", "get_formatter", "formatter_class",
           "DEFAULT_DOCS_URL", "relative_path", "rule_docs_url", "UnknownFormatError"]

FORMATS = ("text", "concise", "json", "jsonl", "github", "sarif", "junit", "gitlab")

# format -> (module, class); a run imports only the formatter it uses (start-up time)
_CLASSES: dict[str, tuple[str, str]] = {
    "text": ("text", "TextFormatter"),
    "concise": ("text", "ConciseFormatter"),
    "json": ("jsonfmt", "JsonFormatter"),
    "jsonl": ("jsonfmt", "JsonLinesFormatter"),
    "github": ("github", "GithubFormatter"),
    "sarif": ("sarif", "SarifFormatter"),
    "junit": ("junit", "JunitFormatter"),
    "gitlab": ("gitlab", "GitlabFormatter"),
}


def formatter_class(name: str) -> type[Formatter]:
    """The Formatter class of a concrete format name (one of FORMATS)."""
    module, cls = _CLASSES[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)  # type: ignore[no-any-return]


class UnknownFormatError(ValueError):
    """An output format name that is not one of FORMATS (or ``auto``)."""


def resolve_format(name: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The concrete format: ``auto`` (or None) is ``github`` under GitHub Actions, else ``text``."""
    env = os.environ if environ is None else environ
    chosen = (name or "auto").strip().lower()
    if chosen == "auto":
        return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"
    if chosen not in _CLASSES:
        raise UnknownFormatError(f"unknown output format {name!r}; choose one of "
                                 f"{', '.join(('auto', *FORMATS))}")
    return chosen


def get_formatter(name: str, stream: TextIO, *, color: bool = False,
                  rules: Sequence[type[Rule]] | Callable[[], Sequence[type[Rule]]] = (),
                  show_source: bool = True,
                  docs_url: str | None = None) -> Formatter:
    """A formatter for ``name`` (any of FORMATS or ``auto``) writing to ``stream``."""
    cls = formatter_class(resolve_format(name))
    return cls(stream, color=color, rules=rules, show_source=show_source, docs_url=docs_url)
