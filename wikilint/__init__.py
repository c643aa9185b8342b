"""wikilint: an editorial-quality linter for MediaWiki articles.

The public API (see docs/api.md) is loaded on first use, so that
``import wikilint.cli`` does not pay for the parser or the configuration::

    wikilint.lint_text(text, path="Page.wiki")  -> list[Finding]
    wikilint.lint_file("Page.wiki")             -> list[Finding]
    wikilint.parse(text)                        -> Document
    wikilint.Rule, wikilint.Context, wikilint.Severity, wikilint.Fix, wikilint.Edit
                                                   (for rule plugins)

The package is layered; each layer imports only from those before it:
``syntax`` (parsing) -> ``analysis`` (detectors rules share) -> ``lint``
(rule API, engine, pipeline, suppression, fixes) -> ``rules`` ->
``config`` -> ``output`` -> ``io`` -> ``runner`` -> ``api`` -> ``cli``/``server``.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "parse": "wikilint.api",
    "lint_text": "wikilint.api",
    "lint_file": "wikilint.api",
    "Document": "wikilint.syntax.nodes",
    "Finding": "wikilint.lint.rule",
    "Rule": "wikilint.lint.rule",
    "Context": "wikilint.lint.rule",
    "Severity": "wikilint.lint.rule",
    "Fix": "wikilint.lint.rule",
    "Edit": "wikilint.lint.rule",
    "option": "wikilint.lint.rule",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'wikilint' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
