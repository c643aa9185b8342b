"""wikilint: an editorial-quality linter for MediaWiki articles."""

from __future__ import annotations

__version__ = "0.1.0"

from .nodes import Document  # noqa: E402
from .parser import parse  # noqa: E402

__all__ = ["parse", "Document", "__version__"]
