"""Render a parsed tree for people (``text``) and programs (``json``).

``wikilint parse FILE`` prints this; it is also the quickest way to see what
the parser made of a page when writing a rule::

    >>> print(render_tree(wikilint.parse("== A ==\\nHi [[x]].")))
    Document 0-17 (1:1)
      Section 0-17 (1:1) level=1 ...
"""

from __future__ import annotations

import json
from typing import Any

from wikilint.syntax.nodes import Attribute, BadMarkup, Document, Node, Section

__all__ = ["render_tree", "node_dict", "FORMATS"]

FORMATS = ("text", "json")
SNIPPET = 40


def _snippet(text: str, limit: int = SNIPPET) -> str:
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return repr(text)


def _kind(node: Node) -> str:
    return type(node).__name__


def render_tree(doc: Node, fmt: str = "text") -> str:
    """The tree below ``doc`` (usually a :class:`Document`) as ``text`` or ``json``.

    text: one node per line, indented two spaces per depth level::

        Kind start-end (line:col) details 'snippet'

    json: nested objects ``{type, start, end, line, column, end_line,
    end_column, <details>, children}``; lines and columns are 1-based.
    """
    if fmt == "json":
        return json.dumps(node_dict(doc), ensure_ascii=False, indent=2)
    if fmt != "text":
        raise ValueError(f"unknown tree format {fmt!r} (expected one of {', '.join(FORMATS)})")
    line_col = _line_col(doc)
    out: list[str] = []
    stack: list[tuple[Node, int]] = [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        line, col = line_col(node.start)
        parts = [f"{'  ' * depth}{_kind(node)} {node.start}-{node.end} ({line}:{col})"]
        details = node._details()
        if details:
            parts.append(details)
        if not node.children or isinstance(node, Document):
            if not isinstance(node, Document):
                parts.append(_snippet(str(node)))
        out.append(" ".join(parts))
        stack.extend((child, depth + 1) for child in reversed(node.children))
    return "\n".join(out) + "\n"


def _line_col(node: Node) -> Any:
    doc = node if isinstance(node, Document) else node.document
    if doc is not None:
        return doc.source.line_col
    from wikilint.syntax.source import SourceFile

    return SourceFile(node._src).line_col


_DETAIL_FIELDS = ("level", "marker", "header", "closed", "self_closing", "closing", "brackets",
                  "index", "number", "value", "dialect")
_TEXT_FIELDS = ("name_text", "title_text", "url")


def _details_dict(node: Node) -> dict[str, Any]:
    """The node's own plain-valued attributes (not its child nodes)."""
    out: dict[str, Any] = {}
    for name in _DETAIL_FIELDS:
        value = getattr(node, name, None)
        if isinstance(value, (bool, int, str)):
            out[name] = value
    for name in _TEXT_FIELDS:
        value = getattr(node, name, None)
        if isinstance(value, str):
            out[name] = value
    if isinstance(node, Section):
        out["title"] = node.title
    tag_name = getattr(node, "name", None)
    if isinstance(tag_name, str):  # Tag names (Template names are nodes: see name_text)
        out["name"] = tag_name
    attrs = getattr(node, "attributes", None)
    if isinstance(attrs, tuple) and attrs and isinstance(attrs[0], Attribute):
        out["attributes"] = {a.name: a.value for a in attrs}
    elif isinstance(attrs, str) and attrs:
        out["attributes"] = attrs
    if isinstance(node, BadMarkup):
        out["problem"] = node.kind
        out["markup"] = node.markup
    return out


def node_dict(root: Node) -> dict[str, Any]:
    """``root`` and its descendants as nested JSON-ready dictionaries."""
    line_col = _line_col(root)

    def one(node: Node) -> dict[str, Any]:
        line, col = line_col(node.start)
        end_line, end_col = line_col(node.end)
        out: dict[str, Any] = {"type": _kind(node), "start": node.start, "end": node.end,
                               "line": line, "column": col, "end_line": end_line,
                               "end_column": end_col}
        out.update(_details_dict(node))
        if not node.children and not isinstance(node, Document):
            out["text"] = str(node)
        out["children"] = []
        return out

    # iterative, so 10,000-deep trees do not overflow the stack
    top = one(root)
    stack: list[tuple[Node, dict[str, Any]]] = [(root, top)]
    while stack:
        node, obj = stack.pop()
        for child in node.children:
            child_obj = one(child)
            obj["children"].append(child_obj)
            if child.children:
                stack.append((child, child_obj))
    return top
