"""``wikilint server``: a Language Server Protocol server on stdio (docs/editors.md).

Needs the optional extra ``wikilint[server]`` (pygls, lsprotocol); the rest
of wikilint never imports this package.
"""

from __future__ import annotations

__all__ = ["serve"]


def serve() -> int:
    """Run the server on stdin/stdout until the client says ``exit``."""
    from wikilint.server.lsp import serve as _serve

    return _serve()
