"""The two kinds of page wikilint reads, and the file extensions that say which.

* ``wikitext``: MediaWiki markup as editors write it (``.wiki``, ``.wikitext``,
  ``.mediawiki``, ``.mw``).
* ``rendered``: a page as its readers see it, saved as text (``.txt``).

This is the one place these facts live: the parser, the configuration's
``dialects`` table and file discovery all read them from here.
"""

from __future__ import annotations

import types
from collections.abc import Mapping

__all__ = ["DIALECTS", "WIKITEXT", "RENDERED", "DEFAULT_DIALECTS", "DEFAULT_EXTENSIONS",
           "dialect_for"]

WIKITEXT = "wikitext"
RENDERED = "rendered"
DIALECTS = (WIKITEXT, RENDERED)

#: extension -> dialect, as configured by default (``dialects:`` in the configuration)
DEFAULT_DIALECTS: Mapping[str, str] = types.MappingProxyType({
    ".wiki": WIKITEXT, ".wikitext": WIKITEXT, ".mediawiki": WIKITEXT, ".mw": WIKITEXT,
    ".txt": RENDERED})
DEFAULT_EXTENSIONS = tuple(DEFAULT_DIALECTS)


def dialect_for(path: str, table: Mapping[str, str] = DEFAULT_DIALECTS) -> str | None:
    """The dialect of ``path`` by its extension (longest match), or None."""
    lower = path.lower()
    for ext in sorted(table, key=len, reverse=True):
        if lower.endswith(ext.lower()):
            return table[ext]
    return None
